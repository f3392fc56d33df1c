// vitest's settings for `npm test`. The only one changed is how long a test may take before it
// fails: vitest's 5 s default is short for the tests that run Python or a deep input on a shared,
// busy machine (one such test took 3.8 s alone here and 5.25 s under CI's load). Tests that
// guard against superlinear work set their own, tighter, limits, which take precedence.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
