// The T-scaling table of npm run bench: an unrolled recurrence
// h_T = tanh(W h_{T-1} + U x), nested T deep as one expression, derived
// with respect to W (grad form) and printed, in-process, side by side for
// T = 10 … 10,000: time and output size per T, and the ratio to the row
// before (linear growth is ×10 per row; matdiff promises at most ×12).
// Uses the built bundle (npm run build first).
import { performance } from "node:perf_hooks";
import { derive, formatSteps, formatText } from "../dist/index.js";

const unrolled = (T) => {
  let h = "h";
  for (let t = 0; t < T; t++) h = `tanh(W*${h} + U*x)`;
  return h;
};

function once(T, steps) {
  const t0 = performance.now();
  const r = derive({ expr: unrolled(T), wrt: ["W"], form: "grad", shapes: ["W: n x n, h: n, U: n x k, x: k"] });
  if (!r.ok) throw new Error(r.diagnostics[0].message);
  const out = steps ? formatSteps(r.value, "text") : formatText(r.value);
  return { ms: performance.now() - t0, chars: out.length };
}

export function benchDepth(Ts = [10, 100, 1000, 10000]) {
  console.log("\nDepth: h_T = tanh(W h_{T-1} + U x) nested T deep, derive wrt W (grad form) + print (median of 7 runs, 3 at T = 10,000):");
  console.log(`  ${"T".padStart(6)} ${"derive+text".padStart(12)} ${"×".padStart(6)} ${"text size".padStart(11)} ${"×".padStart(6)} ${"--steps".padStart(10)} ${"×".padStart(6)} ${"steps size".padStart(11)}`);
  // Compiled code first: every row is measured with the JIT warm, not only the later ones.
  for (let k = 0; k < 5; k++) for (const steps of [false, true]) once(300, steps);
  let previous = null;
  for (const T of Ts) {
    const median = (steps) => {
      // The short runs are the noisy ones: more of them, so that a ratio is not one outlier.
      const runs = T <= 1000 ? 7 : 3;
      const all = Array.from({ length: runs }, () => once(T, steps)).sort((a, b) => a.ms - b.ms);
      return all[(runs - 1) / 2];
    };
    const text = median(false);
    const steps = median(true);
    const ratio = (a, b) => (b ? `×${(a / b).toFixed(1)}` : "");
    console.log(`  ${String(T).padStart(6)} ${`${text.ms.toFixed(0)} ms`.padStart(12)} ${ratio(text.ms, previous?.text.ms).padStart(6)} ${String(text.chars).padStart(11)} ${ratio(text.chars, previous?.text.chars).padStart(6)} ${`${steps.ms.toFixed(0)} ms`.padStart(10)} ${ratio(steps.ms, previous?.steps.ms).padStart(6)} ${String(steps.chars).padStart(11)}`);
    previous = { text, steps };
  }
}

if (import.meta.url === `file://${process.argv[1]}`) benchDepth();
