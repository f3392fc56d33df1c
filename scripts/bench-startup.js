// Start-up cost of the matdiff command beside bare `node -e 0`, measured side
// by side in one run (the machines are shared and noisy): user+system CPU of
// each child process, median over RUNS runs taken in interleaved order.
//   node scripts/bench-startup.js [runs]      (npm run bench runs it too)
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const RUNS = Number(process.argv[2] ?? 20);
const bin = fileURLToPath(new URL("../bin/matdiff.js", import.meta.url));

const CASES = [
  ["node -e 0", ["-e", "0"]],
  ["matdiff --version", [bin, "--version"]],
  ["matdiff --help", [bin, "--help"]],
  ["derive RNN cell (grad)", [bin, "derive", "tanh(h*Whh + x*Wxh + b)", "--shape", "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H", "--wrt", "h", "--form", "grad"]],
  ["derive dense layer", [bin, "derive", "tanh(W*x + b)", "--shape", "W: m x n, x: n, b: m", "--wrt", "x", "--layout", "numerator"]],
  ["derive Pascanu eq. 5", [bin, "derive", "Wrec*sigmoid(xp) + Win*sigmoid(u) + b", "--shape", "Wrec: n x n, xp: n", "--wrt", "xp", "--layout", "numerator"]],
];

// Preloaded into every child (node -e 0 too, so the comparison stays fair): report the CPU used at exit on fd 3.
const PROBE = join(mkdtempSync(join(tmpdir(), "matdiff-bench-")), "probe.cjs");
writeFileSync(PROBE, "process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeSync(3, String((u.user + u.system) / 1e6)); });\n");

/** CPU seconds (user + system) of one child, read from its own process.cpuUsage() at exit. */
function cpuOf(args) {
  const r = spawnSync(process.execPath, ["--require", PROBE, ...args], { stdio: ["ignore", "ignore", "inherit", "pipe"], encoding: "utf8" });
  return Number(r.output[3]);
}

const samples = CASES.map(() => []);
for (let k = 0; k < RUNS; k++) CASES.forEach(([, args], i) => samples[i].push(cpuOf(args)));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(samples[0]);
console.log(`start-up CPU (user+system), median of ${RUNS} interleaved runs`);
for (const [i, [name]] of CASES.entries()) {
  const m = median(samples[i]);
  console.log(`  ${name.padEnd(26)} ${(m * 1000).toFixed(0).padStart(5)} ms   ${(m / base).toFixed(2)}× node -e 0`);
}
