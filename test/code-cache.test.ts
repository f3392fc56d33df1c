/**
 * The built command line's code caches (bin/matdiff.js, scripts/train-cache.cjs): each command line
 * gets the cache trained for it, and V8 accepts both caches for the built script. A cache V8 refused
 * would still give right answers, only slowly, so nothing else would notice it.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { cacheFor } = require("../bin/matdiff.js") as { cacheFor: (argv: readonly string[]) => string };

describe("code caches", () => {
  it("derive and check read the derivations' cache; every other line the small one", () => {
    expect(cacheFor(["derive", "x'*x", "--wrt", "x"])).toBe("cli.cache");
    expect(cacheFor(["check", "x'*x", "--wrt", "x", "--claim", "2x"])).toBe("cli.cache");
    for (const line of [["--version"], ["--help"], [], ["-h"], ["derivee", "x"], ["playground"]]) expect(cacheFor(line)).toBe("cli-meta.cache");
  });

  for (const cacheName of ["cli.cache", "cli-meta.cache"]) {
    it(`V8 accepts dist/${cacheName} for dist/cli.cjs`, () => {
      // In a process of its own, as a start compiles it: a second compilation here would find the first's functions.
      const probe = `const { compileCli } = require("./bin/matdiff.js");
        const { script } = compileCli({ cacheName: ${JSON.stringify(cacheName)} });
        process.stdout.write(String(script.cachedDataRejected));`;
      const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8", cwd: fileURLToPath(new URL("..", import.meta.url)) });
      expect(r.stderr).toBe("");
      // false: given and accepted (undefined would mean the file was missing or its stamp did not match).
      expect(r.stdout).toBe("false");
    });
  }
});
