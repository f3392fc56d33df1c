// Work, not time: the instructions the depth table's runs execute, counted by
// Valgrind's cachegrind on a simulated processor, so that neither a shared
// machine's noise nor its caches enter the figure. Three processes run the
// same warm-up (20 runs at T = 300, 5 at T = 1,000); two then derive and print
// more: ten runs at T = 1,000, or one at T = 10,000. Each one's instructions
// beyond the warm-up's are its work; linear growth is a ratio of 1.00. V8 runs
// single-threaded (--single-threaded), so the work of its collector and its
// optimising compiler is counted too, and told apart by function name: the
// collector, the compiler, and the program (matdiff's compiled code, V8's
// built-in functions and runtime). The program's count repeats within 1% from
// run to run; the collector's moves by about a tenth with when collections
// fall, and the compiler's with when V8 optimises.
//   npm run bench:work      (needs valgrind; about a minute on 2 cores)
//   node scripts/bench-work.js --steps    (the same runs printed with --steps, as the table's
//                                          second column; about five minutes)
// Uses the built bundle (npm run build first).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const self = fileURLToPath(import.meta.url);

/** The child: the warm-up, then the runs of its mode (none, small, big), printed as text or with --steps. */
async function child(mode, steps) {
  // The depth table's own run (bench-depth.js), so that what is counted is what the table times.
  const { once } = await import("./bench-depth.js");
  for (let k = 0; k < 20; k++) once(300, steps);
  for (let k = 0; k < 5; k++) once(1000, steps);
  if (mode === "small") for (let k = 0; k < 10; k++) once(1000, steps);
  if (mode === "big") once(10000, steps);
}

/** The part of V8 or of the program a function (as cachegrind names it) belongs to. */
const COLLECTOR = /Scaveng|Marking|MarkCompact|Sweep|Evacuat|IteratePointers|RecordMigrated|LiveObject|SizeFromMap|Pretenuring|heap::|Heap::|MemoryChunk|SlotSet|RememberedSet|Worklist|NewSpace|PagedSpace|Compactor/;
const COMPILER = /v8::internal::compiler::|v8::internal::maglev::|v8::internal::Zone|Pipeline/;
const partOf = (fn) => (COLLECTOR.test(fn) ? "collector" : COMPILER.test(fn) ? "compiler" : "program");
const PARTS = ["program", "collector", "compiler"];

/** Instructions of one child under cachegrind, in all and by part. */
function counted(mode, dir, steps) {
  const out = path.join(dir, `cachegrind.${mode}`);
  const args = ["--tool=cachegrind", "--cache-sim=no", `--cachegrind-out-file=${out}`, process.execPath, "--single-threaded", self, mode, ...(steps ? ["--steps"] : [])];
  return new Promise((resolve, reject) => {
    const p = spawn("valgrind", args, { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    p.stderr.on("data", (c) => (log += c));
    p.on("close", (code) => {
      if (code !== 0) return reject(new Error(`valgrind exited with ${code}:\n${log.slice(-2000)}`));
      // The output file: "fn=<name>" starts a function's lines, each "<line> <instructions>" (the one event counted);
      // "summary: <total>" closes it. Every instruction must be read under some function.
      const parts = { all: 0, program: 0, collector: 0, compiler: 0 };
      let part = "program";
      let total = NaN;
      for (const line of readFileSync(out, "utf8").split("\n")) {
        if (line.startsWith("fn=")) part = partOf(line.slice(3));
        else if (line.startsWith("summary:")) total = Number(line.slice(8));
        else if (/^\d/.test(line)) {
          const n = Number(line.slice(line.lastIndexOf(" ") + 1));
          parts.all += n;
          parts[part] += n;
        }
      }
      if (!(parts.all > 0) || parts.all !== total) return reject(new Error(`could not read ${out}: ${parts.all} instructions read, ${total} in its summary`));
      resolve(parts);
    });
  });
}

async function main(steps) {
  if (spawnSync("valgrind", ["--version"]).status !== 0) {
    console.log("valgrind is not installed: work not measured (apt-get install valgrind).");
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "matdiff-work-"));
  try {
    const [none, small, big] = await Promise.all(["none", "small", "big"].map((m) => counted(m, dir, steps)));
    const work = (r) => Object.fromEntries(Object.keys(r).map((k) => [k, r[k] - none[k]]));
    const s = work(small);
    const b = work(big);
    const g = (n) => `${(n / 1e9).toFixed(2)} G`;
    const columns = ["all", ...PARTS];
    console.log(`Work of the depth table's runs${steps ? " with --steps" : ""}: instructions beyond a common warm-up (cachegrind; V8 single-threaded):`);
    console.log(`  ${"".padEnd(22)} ${columns.map((c) => c.padStart(10)).join(" ")}`);
    console.log(`  ${"10 runs at T = 1,000".padEnd(22)} ${columns.map((c) => g(s[c]).padStart(10)).join(" ")}`);
    console.log(`  ${"1 run at T = 10,000".padEnd(22)} ${columns.map((c) => g(b[c]).padStart(10)).join(" ")}`);
    console.log(`  ${"ratio (linear: 1.00)".padEnd(22)} ${columns.map((c) => (b[c] / s[c]).toFixed(2).padStart(10)).join(" ")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const steps = process.argv.includes("--steps");
const mode = process.argv.slice(2).find((a) => a !== "--steps");
if (mode) await child(mode, steps);
else await main(steps);
