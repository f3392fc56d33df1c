// npm run bench:code: the NumPy, PyTorch and JAX code matdiff emits, timed against the
// same closed form written by hand and against each framework's own autodiff
// (jax.hessian / jax.grad under jit, torch.func.hessian / torch.func.grad), for the
// cases of issue 13 at n = 256, 1024, 2048 (override: node scripts/bench-code.js 256,512).
// Uses the built bundle (npm run build:bundle first); the timing runs in python3
// (scripts/bench-code.py), one process per framework in turn.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { derive, formatJax, formatNumpy, formatTorch } from "../dist/index.js";

const CASES = [
  { id: "logistic", title: "logistic-regression Hessian, sum(log(1 + exp(-y.*(X*w))))", expr: "sum(log(1 + exp(-y.*(X*w))))", shape: "X: m x n, y: m, w: n", wrt: "w", order: 2 },
  { id: "softplus", title: "logistic Hessian, softplus form", expr: "sum(softplus(-y.*(X*w)))", shape: "X: m x n, y: m, w: n", wrt: "w", order: 2 },
  { id: "mlp", title: "MLP gradient wrt W1, vector x", expr: "sum((W2*tanh(W1*x + b1) - t).^2)", shape: "W1: h x n, x: n, b1: h, W2: k x h, t: k", wrt: "W1", order: 1 },
  { id: "quadratic", title: "Hessian of x'*A*x", expr: "x'*A*x", shape: "A: n x n, x: n", wrt: "x", order: 2 },
];
const PRINTERS = { numpy: formatNumpy, torch: formatTorch, jax: formatJax };
const sizes = (process.argv[2] ?? "256,1024,2048").split(",").map(Number);

const modules = {};
for (const c of CASES) {
  const r = derive({ expr: c.expr, shapes: [c.shape], wrt: [c.wrt], order: c.order, form: "jacobian", layout: "mixed" });
  if (!r.ok) throw new Error(`${c.expr}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  // --bare: the function alone, without the input checks of the full module (MATDIFF_BENCH_BARE=1)
  modules[c.id] = Object.fromEntries(Object.entries(PRINTERS).map(([f, print]) => [f, print(r.value, { bare: process.env.MATDIFF_BENCH_BARE === "1" })]));
}
const dir = mkdtempSync(join(tmpdir(), "matdiff-bench-code-"));
const spec = join(dir, "cases.json");
writeFileSync(spec, JSON.stringify({ cases: CASES, modules, sizes }));
const run = spawnSync("python3", [join(import.meta.dirname, "bench-code.py"), spec], { stdio: "inherit" });
rmSync(dir, { recursive: true, force: true });
process.exit(run.status ?? 1);
