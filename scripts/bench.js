// npm run bench: timings measured in one run, so ratios are comparable on a
// shared, noisy machine. Uses the built bundle (npm run build first).
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { check, checkDerivative, derive } from "../dist/index.js";
import { benchDepth } from "./bench-depth.js";

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(label, fn, runs = 5) {
  fn();
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  const m = median(ts);
  console.log(`${label.padEnd(64)} ${m.toFixed(1).padStart(8)} ms`);
  return m;
}

console.log("matdiff benchmark (median of runs, milliseconds)\n");

const cli = [];
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, ["bin/matdiff.js", "derive", "tanh(W*x + b)", "--wrt", "x"], { encoding: "utf8" });
  cli.push(performance.now() - t0);
}
console.log(`${"CLI: matdiff derive \"tanh(W*x + b)\" --wrt x (process start to exit)".padEnd(64)} ${median(cli).toFixed(1).padStart(8)} ms`);

const rnn = { expr: "tanh(h*Whh + x*Wxh + b)", shapes: ["h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"] };
time("derive RNN cell, grad form, wrt h,Whh,Wxh,b", () => derive({ ...rnn, wrt: ["h", "Whh", "Wxh", "b"], form: "grad" }));
time("derive RNN cell, numerator Jacobian wrt h", () => derive({ ...rnn, wrt: ["h"], layout: "numerator" }));

console.log("\nUnrolled RNN, h_T = tanh(W h_{T-1} + U x), derivative wrt W (grad form):");
const unrolled = (T) => {
  let h = "h";
  for (let t = 0; t < T; t++) h = `tanh(W*${h} + U*x)`;
  return h;
};
const sizes = [];
for (const T of [10, 20, 40, 80]) {
  const ms = time(`  T = ${T}`, () => derive({ expr: unrolled(T), wrt: ["W"], form: "grad", shapes: ["W: n x n, h: n, U: n x k, x: k"] }), 3);
  sizes.push([T, ms]);
}
console.log(`  time ratio T=80 / T=10: ${(sizes[3][1] / sizes[0][1]).toFixed(1)} (linear growth would be 8)`);
benchDepth();

console.log("\nNumeric checks at dimensions around 100 (3 trials each):");
const dims = (entries) => new Map(Object.entries(entries));
function checkTime(label, request, dimSizes) {
  return time(label, () => {
    const r = derive(request);
    if (!r.ok) throw new Error(r.diagnostics[0].message);
    const d = r.value;
    for (const x of d.derivatives) {
      const rep = checkDerivative(
        { y: d.y, x: x.variable, form: d.form, layout: d.layout, result: x.result, upstream: d.upstream ?? undefined },
        { trials: 3, dims: dimSizes },
      );
      if (!rep.ok) throw new Error(`check failed: ${label}`);
    }
  }, 3);
}
checkTime("dense layer tanh(W*x+b), numerator Jacobian wrt x, m=n=100", { expr: "tanh(W*x + b) where W: m x n, x: n, b: m", wrt: ["x"], layout: "numerator" }, dims({ m: 100, n: 101 }));
checkTime("RNN cell, grad form wrt Whh, N=H=D≈100", { ...rnn, wrt: ["Whh"], form: "grad" }, dims({ N: 100, H: 101, D: 102 }));
checkTime("x'*A*x gradient wrt x, n=100", { expr: "x'*A*x", wrt: ["x"] }, dims({ m: 100 }));
checkTime("logdet(X) gradient wrt X, n=100 (spd sampled on demand)", { expr: "logdet(X)", wrt: ["X"] }, dims({ m: 100 }));
time("check --claim: RNN grad claim, N=H=D≈100", () => {
  const r = check({ ...rnn, wrt: "h", form: "grad", claim: "(G .* (1 - tanh(h*Whh + x*Wxh + b).^2)) * Whh'", dims: dims({ N: 100, H: 101, D: 102 }) });
  if (!r.ok || !r.value.ok) throw new Error("claim check failed");
}, 3);
