// Bundles the CLI and the library with esbuild: one ESM file each, with
// mathjs tree-shaken to the few functions used, so the CLI starts fast.
import { build } from "esbuild";

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
  // commander is CommonJS: give the ESM bundle a require() for its node: imports.
  banner: { js: 'import { createRequire as __matdiffRequire } from "node:module"; const require = __matdiffRequire(import.meta.url);' },
};

await build({ ...common, entryPoints: ["src/cli/main.ts"], outfile: "dist/cli.js", external: ["yaml"] });
await build({ ...common, entryPoints: ["src/index.ts"], outfile: "dist/index.js", external: ["yaml", "commander", "chalk"] });
