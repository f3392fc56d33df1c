// The T-scaling table of npm run bench: an unrolled recurrence
// h_T = tanh(W h_{T-1} + U x), nested T deep as one expression, derived
// with respect to W (grad form) and printed, in-process, side by side for
// T = 10 … 10,000: time and output size per T, and the ratio to the row
// before (linear growth is ×10 per row; matdiff promises at most ×12). Then
// the same with each run in a process of its own, as the command line runs
// one derivation (benchDepthFresh). Uses the built bundle (npm run build first).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { derive, formatSteps, formatText } from "../dist/index.js";

/** h_T = tanh(W h_{T−1} + U x), written out T times. */
export const unrolled = (T) => {
  let h = "h";
  for (let t = 0; t < T; t++) h = `tanh(W*${h} + U*x)`;
  return h;
};

/** One run of the table: derive the unrolled recurrence of depth T wrt W (grad form) and print it, as text or --steps. */
export function once(T, steps = false) {
  const faults = process.resourceUsage().minorPageFault;
  const t0 = performance.now();
  const r = derive({ expr: unrolled(T), wrt: ["W"], form: "grad", shapes: ["W: n x n, h: n, U: n x k, x: k"] });
  if (!r.ok) throw new Error(r.diagnostics[0].message);
  const out = steps ? formatSteps(r.value, "text") : formatText(r.value);
  return { ms: performance.now() - t0, chars: out.length, faults: process.resourceUsage().minorPageFault - faults };
}

/**
 * What one page fault costs on this machine, in microseconds: a fresh 64 MB buffer touched once per 4 KB page, the
 * median of three. A page the process touches for the first time (V8 maps fresh memory as its heap grows, and
 * returns it after a full collection) costs around a microsecond on common hardware and ten times that or more on
 * some virtual machines, where a run that grows the heap by 100 MB pays for it in whole tenths of a second.
 */
export function faultCost() {
  const costs = [];
  for (let k = 0; k < 3; k++) {
    const faults = process.resourceUsage().minorPageFault;
    const t0 = performance.now();
    const b = new Uint8Array(64 << 20);
    for (let i = 0; i < b.length; i += 4096) b[i] = 1;
    costs.push(((performance.now() - t0) * 1000) / Math.max(1, process.resourceUsage().minorPageFault - faults));
  }
  return costs.sort((a, b) => a - b)[1];
}

/** Rounds of the whole table: each row's time is the median over rounds, and each ratio the median of the rounds' ratios. */
const ROUNDS = 5;

export function benchDepth(Ts = [10, 100, 1000, 10000]) {
  console.log(`\nDepth: h_T = tanh(W h_{T-1} + U x) nested T deep, derive wrt W (grad form) + print (${ROUNDS} rounds over every T; a round times each T as the median of 5 runs, 3 at T = 10,000):`);
  console.log(`  ${"T".padStart(6)} ${"derive+text".padStart(12)} ${"×".padStart(6)} ${"text size".padStart(11)} ${"×".padStart(6)} ${"--steps".padStart(10)} ${"×".padStart(6)} ${"steps size".padStart(11)}`);
  // Compiled code first: every row is measured with the JIT warm, not only the later ones.
  warm();
  // Rounds, not all runs of one T together: the machines are shared, and their speed drifts over a minute. A ratio
  // compares times taken seconds apart in one round, so a drift between rounds does not enter it.
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const round = new Map();
    for (const T of Ts) {
      const runs = T < 10000 ? 5 : 3;
      const median = (steps) => Array.from({ length: runs }, () => once(T, steps)).sort((a, b) => a.ms - b.ms)[(runs - 1) / 2];
      round.set(T, { text: median(false), steps: median(true) });
    }
    rounds.push(round);
  }
  const middle = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];
  const ratio = (T, prev, key, of) => (prev === undefined ? "" : `×${middle(rounds.map((r) => of(r.get(T)[key]) / of(r.get(prev)[key]))).toFixed(1)}`);
  Ts.forEach((T, i) => {
    const prev = Ts[i - 1];
    const time = (key) => `${middle(rounds.map((r) => r.get(T)[key].ms)).toFixed(0)} ms`;
    const size = (key) => rounds[0].get(T)[key].chars;
    console.log(`  ${String(T).padStart(6)} ${time("text").padStart(12)} ${ratio(T, prev, "text", (m) => m.ms).padStart(6)} ${String(size("text")).padStart(11)} ${ratio(T, prev, "text", (m) => m.chars).padStart(6)} ${time("steps").padStart(10)} ${ratio(T, prev, "steps", (m) => m.ms).padStart(6)} ${String(size("steps")).padStart(11)}`);
  });
  // The runs' page faults, from the same runs: the memory each run touches for the first time, and what it cost here.
  const cost = faultCost();
  console.log(`\nPage faults per run in those runs (the run whose time is the median), and their cost at ${cost.toFixed(1)} µs per fault, measured here:`);
  console.log(`  ${"T".padStart(6)} ${"text".padStart(12)} ${"×".padStart(6)} ${"≈ ms".padStart(7)} ${"--steps".padStart(10)} ${"×".padStart(6)} ${"≈ ms".padStart(7)}`);
  Ts.forEach((T, i) => {
    const prev = Ts[i - 1];
    const faults = (key) => middle(rounds.map((r) => r.get(T)[key].faults));
    const cell = (key, width) => `${String(faults(key)).padStart(width)} ${ratio(T, prev, key, (m) => Math.max(1, m.faults)).padStart(6)} ${((faults(key) * cost) / 1000).toFixed(0).padStart(7)}`;
    console.log(`  ${String(T).padStart(6)} ${cell("text", 12)} ${cell("steps", 10)}`);
  });
}

/** The compiled code a run is timed with: the JIT warmed on T = 300, text and --steps, five times each. */
function warm() {
  for (let k = 0; k < 5; k++) for (const steps of [false, true]) once(300, steps);
}

/**
 * One run of depth T in a process of its own, as the command line makes one derivation per process: warmed first
 * (warm), then timed once. In one long-lived process a run finds the pages that the runs before it left mapped,
 * so a T = 1,000 run after a T = 10,000 one touches almost no fresh memory, while T = 10,000 always outgrows what
 * is left; a process of its own pays for every page its run touches, whatever T.
 */
function onceFresh(T, steps) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--fresh", String(T), steps ? "steps" : "text"], { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`the fresh run at T = ${T} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The table again with every run in a process of its own (onceFresh): the rounds interleave the T values, as benchDepth's do. */
export function benchDepthFresh(Ts = [100, 1000, 10000]) {
  console.log(`\nThe same, each run in a process of its own as the command line runs it (warmed on T = 300 in that process, then one run timed; ${ROUNDS} rounds, the median):`);
  console.log(`  ${"T".padStart(6)} ${"derive+text".padStart(12)} ${"×".padStart(6)} ${"faults".padStart(7)} ${"--steps".padStart(10)} ${"×".padStart(6)} ${"faults".padStart(7)}`);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(new Map(Ts.map((T) => [T, { text: onceFresh(T, false), steps: onceFresh(T, true) }])));
  const middle = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];
  const ratio = (T, prev, key) => (prev === undefined ? "" : `×${middle(rounds.map((r) => r.get(T)[key].ms / r.get(prev)[key].ms)).toFixed(1)}`);
  Ts.forEach((T, i) => {
    const prev = Ts[i - 1];
    const cell = (key, width) => `${`${middle(rounds.map((r) => r.get(T)[key].ms)).toFixed(0)} ms`.padStart(width)} ${ratio(T, prev, key).padStart(6)} ${String(middle(rounds.map((r) => r.get(T)[key].faults))).padStart(7)}`;
    console.log(`  ${String(T).padStart(6)} ${cell("text", 12)} ${cell("steps", 10)}`);
  });
}

if (process.argv[2] === "--fresh") {
  warm();
  console.log(JSON.stringify(once(Number(process.argv[3]), process.argv[4] === "steps")));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  benchDepth();
  benchDepthFresh();
}
