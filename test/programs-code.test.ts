/**
 * NumPy code for programs and generic functions runs under python3 and
 * returns what matdiff's evaluator gives on the same values: the program's
 * statements are computed under their names (including an intermediate that
 * --wrt cut loose), and generic functions are the caller's (f_prime, grad_g…),
 * given here as the random cubic / quadratic-plus-cubic the checker uses.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { formatNumpy } from "../src/print/numpy.js";
import { sampleInstance } from "../src/numeric/check.js";
import { evaluate, valueKey } from "../src/numeric/evaluate.js";
import { createRng } from "../src/numeric/random.js";
import { toRows } from "../src/kernels/mat.js";
import { variablesOf } from "../src/numeric/instance.js";

const CUBIC = (c: number[]) => [
  `_c = ${JSON.stringify(c)}`,
  "f = lambda x: _c[0] + x * (_c[1] + x * (_c[2] + x * _c[3]))",
  "f_prime = lambda x: _c[1] + x * (2 * _c[2] + 3 * _c[3] * x)",
  "f_second = lambda x: 2 * _c[2] + 6 * _c[3] * x",
];
const FORM = (C: number[][]) => [
  `_C = np.array(${JSON.stringify(C)})`,
  "_S = (_C + _C.T) / 2",
  "_v = lambda X: X.reshape(-1, 1, order='F')",
  "grad_g = lambda X: (_C[:, [0]] + _S @ _v(X) + _C[[0], :].T * _v(X) ** 2).reshape(X.shape, order='F')",
  "hess_g = lambda X: _S + np.diag(2 * _C[0, :] * _v(X)[:, 0])",
];

function runCase(expr: string, wrt: string[], more: Parameters<typeof derive>[0] extends infer R ? Partial<R> : never = {}) {
  const r = derive({ expr, wrt, ...more });
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  const d = r.value;
  const roots = d.derivatives.flatMap((k) => [k.result, k.y]);
  const sample = sampleInstance(roots, createRng(5), { dims: new Map([["m", 3], ["n", 2], ["p", 4], ["q", 5], ["H", 3], ["D", 2], ["K", 4]]) });
  if ("violation" in sample) throw new Error(sample.violation.reason);
  const kwargs: Record<string, number[][]> = {};
  const prelude: string[] = [];
  for (const v of variablesOf(roots)) {
    const value = toRows(sample.values.get(valueKey(v))!);
    if (v.role === "function") prelude.push(...(v.shape.rows.syms.length ? FORM(value) : CUBIC(value[0]!)));
    else if (d.program.variables.has(v.name) || v.role === "upstream") kwargs[v.name] = value;
  }
  // An intermediate cut loose by --wrt is computed by the module from the inputs; its value is the program's.
  const expected = d.derivatives.map((k) => {
    const values = new Map(sample.values);
    for (const s of d.program.statements) values.set(s.name, evaluate(s.node, sample.values, sample.sizes));
    return toRows(evaluate(k.result, values, sample.sizes));
  });
  const source = [formatNumpy(d), "import json", ...prelude,
    `_out = derivative(**{k: np.array(v) for k, v in json.loads(${JSON.stringify(JSON.stringify(kwargs))}).items()}, **{k: v for k, v in list(globals().items()) if k in ("f", "f_prime", "f_second", "grad_g", "hess_g")})`,
    "_out = _out if isinstance(_out, dict) else {'only': _out}",
    "print(json.dumps([np.atleast_2d(np.asarray(v, dtype=float)).tolist() for v in _out.values()]))"].join("\n");
  const run = spawnSync("python3", ["-c", source], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  const got = JSON.parse(run.stdout) as number[][][];
  got.forEach((g, i) => {
    const want = expected[i]!;
    const err = Math.sqrt(want.flat().reduce((a, w, j) => a + (w - g.flat()[j]!) ** 2, 0)) / Math.max(1e-300, Math.sqrt(want.flat().reduce((a, w) => a + w * w, 0)));
    expect(err, `${d.derivatives[i]!.wrt}\n${source}`).toBeLessThan(1e-9);
  });
}

describe("NumPy code of programs and generic functions", () => {
  it("the MLP wrt W1 and the hidden layer h", () => {
    runCase("u = W1*x + b1\nh = tanh(u)\nz = W2*h + b2\nL = -sum(t .* log(softmax(z)))\nwhere W1: H x D, x: D, b1: H, W2: K x H, b2: K, t: K", ["W1", "h"], { form: "grad" });
  });
  it("f(W*x + b) with the caller's f_prime, in numerator layout", () => {
    runCase("f(W*x + b) where f: elementwise, W: m x n, x: n, b: m", ["x", "W"], { layout: "numerator" });
  });
  it("the gradient and Hessian of g(A*X*B) with the caller's grad_g and hess_g", () => {
    runCase("g(A*X*B) where g: scalar, A: m x n, X: n x p, B: p x q", ["X"], { form: "grad" });
    runCase("g(A*X*B) where g: scalar, A: m x n, X: n x p, B: p x q", ["X"], { order: 2 });
  });
});
