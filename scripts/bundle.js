// Bundles the CLI and the library with esbuild into dist/: ESM with code
// splitting, so that the engine, the numeric code, mathjs and YAML are
// separate chunks loaded by dynamic import() only when a command needs them
// (--version and --help load the CLI entry and commander alone). Everything
// is bundled: the package has no runtime dependencies.
import { build } from "esbuild";
import { rmSync } from "node:fs";

for (const f of ["dist/cli.js", "dist/index.js", "dist/chunks"]) rmSync(f, { recursive: true, force: true });

await build({
  entryPoints: { cli: "src/cli/main.ts", index: "src/index.ts" },
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
  // commander is CommonJS: give the ESM chunks a require() for its node: imports.
  banner: { js: 'import { createRequire as __matdiffRequire } from "node:module"; const require = __matdiffRequire(import.meta.url);' },
});
