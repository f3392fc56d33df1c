// Start-up cost of the matdiff command beside bare `node -e 0`, measured side
// by side in one run (the machines are shared and noisy): user+system CPU of
// each child process, median over RUNS runs taken in interleaved order.
//   node scripts/bench-startup.js [runs]      (npm run bench runs it too;
//   MATDIFF_BENCH_QUICK=1 takes 7 runs instead of 21)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { median } from "./bench-table.js";

const RUNS = Number(process.argv[2] ?? (process.env.MATDIFF_BENCH_QUICK ? 7 : 21));
const bin = fileURLToPath(new URL("../bin/matdiff.js", import.meta.url));
const probe = fileURLToPath(new URL("cpu-probe.cjs", import.meta.url));

const CASES = [
  ["node -e 0", ["-e", "0"]],
  ["matdiff --version", [bin, "--version"]],
  ["matdiff --help", [bin, "--help"]],
  ["derive RNN cell (grad)", [bin, "derive", "tanh(h*Whh + x*Wxh + b)", "--shape", "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H", "--wrt", "h", "--form", "grad"]],
  ["derive dense layer", [bin, "derive", "tanh(W*x + b)", "--shape", "W: m x n, x: n, b: m", "--wrt", "x", "--layout", "numerator"]],
  ["derive Pascanu eq. 5", [bin, "derive", "Wrec*sigmoid(xp) + Win*sigmoid(u) + b", "--shape", "Wrec: n x n, xp: n", "--wrt", "xp", "--layout", "numerator"]],
];

/** CPU milliseconds (user + system) of one child, read from its own process.cpuUsage() at exit (node -e 0 gets the probe too). */
function cpuOf(args) {
  const r = spawnSync(process.execPath, ["--require", probe, ...args], { stdio: ["ignore", "ignore", "inherit", "pipe"], encoding: "utf8" });
  return Number(r.output[3]);
}

const samples = CASES.map(() => []);
for (let k = 0; k < RUNS; k++) CASES.forEach(([, args], i) => samples[i].push(cpuOf(args)));
const base = median(samples[0]);
console.log(`start-up CPU (user+system), median of ${RUNS} interleaved runs; target ≤ 1.30× node -e 0`);
for (const [i, [name]] of CASES.entries()) {
  const m = median(samples[i]);
  console.log(`  ${name.padEnd(26)} ${m.toFixed(0).padStart(5)} ms   ${(m / base).toFixed(2)}× node -e 0`);
}
