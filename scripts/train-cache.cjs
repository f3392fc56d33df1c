// Trains one of the command line's V8 code caches: compiles dist/cli.cjs exactly as bin/matdiff.js
// compiles it, runs in this process the commands that the cache serves, then saves the compiled
// functions, after a first line that repeats the script's hash.
//   node scripts/train-cache.cjs <cli.cache | cli-meta.cache> <hash>      (scripts/bundle.js runs it)
// A cache holds what its commands compiled and is deserialised whole at every start it serves:
// trained on --version and --help too, the derivations' cache was 80 KB larger (about 1 ms a
// start), and --version read all 680 KB of it (about 9 ms). Checks have no cache of their own:
// one trained on them (740 KB) made derive --check no faster, measured side by side.
"use strict";
const { writeFileSync } = require("node:fs");
const path = require("node:path");
const { compileCli, cacheFor } = require("../bin/matdiff.js");

/** The caches bin/matdiff.js chooses from (see cacheFor there). */
const CACHES = ["cli.cache", "cli-meta.cache"];

const RNN = ["tanh(h*Whh + x*Wxh + b)", "--shape", "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"];
/** The command lines a start most often serves: the three motivating derivations, --version and --help. */
const COMMON_LINES = [
  ["derive", ...RNN, "--wrt", "h", "--form", "grad"],
  ["derive", "tanh(W*x + b)", "--shape", "W: m x n, x: n, b: m", "--wrt", "x", "--layout", "numerator"],
  ["derive", "Wrec*sigmoid(xp) + Win*sigmoid(u) + b", "--shape", "Wrec: n x n, xp: n", "--wrt", "xp", "--layout", "numerator"],
  ["--version"],
  ["--help"],
];

async function train(cacheName, stamp) {
  const { script, cli } = compileCli({ cache: false });
  const quiet = { stdout() {}, stderr() {}, readStdin: async () => "", isTTY: false, env: {}, readFile: async () => "" };
  // Each line trains the cache that bin/matdiff.js will choose for it.
  for (const argv of COMMON_LINES.filter((line) => cacheFor(line) === cacheName)) {
    // A line that failed would train the cache on its error path instead, without a word: each must succeed.
    const code = await cli.main(argv, quiet);
    if (code !== 0) throw new Error(`training ${cacheName}: matdiff ${argv.join(" ")} exited ${code}`);
  }
  writeFileSync(path.join(__dirname, "..", "dist", cacheName), Buffer.concat([Buffer.from(`${stamp}\n`), script.createCachedData()]));
}

const [cacheName, stamp] = process.argv.slice(2);
if (!CACHES.includes(cacheName) || !/^\w+$/.test(stamp ?? "")) {
  console.error(`usage: node scripts/train-cache.cjs <${CACHES.join(" | ")}> <hash>`);
  process.exit(2);
}
train(cacheName, stamp).catch((e) => {
  console.error(e);
  process.exit(1);
});
