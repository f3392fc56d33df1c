// Bundles matdiff with esbuild into dist/. Everything is bundled: the package
// has no runtime dependencies.
//
// - The library, dist/index.js: ESM with code splitting (chunks in dist/chunks/).
// - The command, dist/cli.cjs: one script, loaded by bin/matdiff.js with one of
//   V8's code caches, dist/cli.cache and dist/cli-meta.cache, made by running the
//   commands a start most often serves (scripts/train-cache.cjs). Start-up is
//   dominated by compiling JavaScript, and a code cache hit skips it. The
//   modules a command does not need are still not run
//   (esbuild keeps each lazily imported module behind an init function), and
//   YAML, needed only by check --file, is a file of its own, dist/yaml.cjs,
//   required when first used.
// See bin/matdiff.js for how a cache is chosen, checked and used.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";

for (const f of ["dist/cli.js", "dist/cli.cjs", "dist/cli.cache", "dist/cli-meta.cache", "dist/yaml.cjs", "dist/index.js", "dist/chunks"]) rmSync(f, { recursive: true, force: true });

await build({
  entryPoints: { index: "src/index.ts" },
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

/** Node modules that the CLI requires on first use, for the importers named, and the functions those importers use. */
const LAZY_MODULES = {
  "node:child_process": { importer: /commander/, uses: ["spawn"] },
  "node:module": { importer: /src[\\/]cli[\\/]io\.ts$/, uses: ["createRequire"] },
};

/** A module whose functions `uses` require `id` when first called. */
function lazyStandIn(id, uses) {
  const fns = uses.map((f) => `${f}: (...a) => (m ??= require(${JSON.stringify(id)})).${f}(...a)`);
  return `let m; module.exports = { ${fns.join(", ")} };`;
}

const common = { bundle: true, platform: "node", format: "cjs", target: "node20", legalComments: "none", logLevel: "warning", write: false };

// YAML on its own: the CLI requires it only for check --file.
const yaml = await build({ ...common, stdin: { contents: 'module.exports = require("yaml");', resolveDir: process.cwd(), loader: "js" } });
writeFileSync("dist/yaml.cjs", yaml.outputFiles[0].text);

const cli = await build({
  ...common,
  entryPoints: ["src/cli/main.ts"],
  // import() becomes require(), so the script needs no ES module loader.
  supported: { "dynamic-import": false },
  // import.meta.url is the bundle's own URL, given by the loader.
  define: { "import.meta.url": "__matdiffUrl" },
  minifyWhitespace: true,
  minifySyntax: true,
  // Names are shortened too: a smaller script is fewer fresh pages to read and hold, about
  // 1.5 ms of a start on a machine where a page costs 11 µs (see README, Start-up).
  minifyIdentifiers: true,
  plugins: [{
    name: "start-light",
    setup(b) {
      b.onResolve({ filter: /^yaml$/ }, () => ({ path: "./yaml.cjs", external: true }));
      // Node modules that the start would load but seldom uses get a stand-in that requires the
      // module on first use: commander loads child_process (about 2 ms) only to spawn executable
      // subcommands, which matdiff has none of; the CLI needs node:module (about 1 ms) only to ask
      // the tty module whether a character device is a terminal.
      b.onResolve({ filter: /^node:(child_process|module)$/ }, (a) => {
        const lazy = LAZY_MODULES[a.path];
        return lazy.importer.test(a.importer) ? { path: a.path, namespace: "lazy" } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: "lazy" }, (a) => ({ contents: lazyStandIn(a.path, LAZY_MODULES[a.path].uses), loader: "js" }));
    },
  }],
});

/**
 * Non-ASCII characters (in regular expressions and comments esbuild leaves them
 * as they are) written as \u escapes, which mean the same in strings, templates
 * and regular expressions: an ASCII source is read as a one-byte string, half the
 * memory of a two-byte one.
 */
const ascii = (text) => text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

// The script is a function expression the loader calls with CommonJS's arguments. Its
// first line names a hash of the rest, which the code cache repeats (bin/matdiff.js).
const body = `(function (exports, require, module, __filename, __dirname, __matdiffUrl) {\n${ascii(cli.outputFiles[0].text)}\n})`;
const stamp = createHash("sha256").update(body).digest("hex").slice(0, 32);
writeFileSync("dist/cli.cjs", `/*matdiff ${stamp}*/${body}`);

// Train the code caches, each in a process of its own (a second compilation in one process would find the first's
// compiled functions): see scripts/train-cache.cjs.
for (const cache of ["cli.cache", "cli-meta.cache"]) {
  const trained = spawnSync(process.execPath, ["scripts/train-cache.cjs", cache, stamp], { stdio: "inherit" });
  if (trained.status !== 0) throw new Error(`training dist/${cache} failed`);
}
