/**
 * Checking a Hessian against y itself, independently of its gradient, with
 * four-point second differences along directions v, w:
 *   vᵀ H w ≈ [f(x + hv + hw) − f(x + hv − hw) − f(x − hv + hw) + f(x − hv − hw)] / 4h²,
 * Richardson-extrapolated over h and h/2. Every pair of unit directions is
 * used (the whole matrix) for up to 16 entries, random pairs otherwise.
 */
import type { Expr, VarNode } from "../expr/node.js";
import * as M from "./mat.js";
import type { Mat } from "./mat.js";
import { createRng, randomNormal } from "./random.js";
import { concreteShape, evaluate, valueKey } from "./evaluate.js";
import { CHECK_DEFAULTS, type CheckOptions, type CheckReport, type Trial, sampleInstance, stackedError } from "./check.js";
import { symbolsOf } from "./instance.js";

export function secondDifference(f: (x: Mat) => number, x: Mat, v: Mat, w: Mat): number {
  const at = (h: number) => {
    const p = (a: number, b: number) => f(M.add(x, M.add(M.scale(a * h, v), M.scale(b * h, w))));
    return (p(1, 1) - p(1, -1) - p(-1, 1) + p(-1, -1)) / (4 * h * h);
  };
  // Truncation O(h⁴) after Richardson, roundoff O(ε/h²): h = 2e-4 balances them.
  const h = 2e-4;
  // (4 D(h/2) − D(h)) / 3 cancels the h² term.
  return (4 * at(h / 2) - at(h)) / 3;
}

export function checkHessian(y: Expr, x: VarNode, hessian: Expr, options: CheckOptions = {}): CheckReport {
  const rng = createRng(options.seed ?? CHECK_DEFAULTS.seed);
  const tol = options.tol ?? CHECK_DEFAULTS.tol;
  const trials: Trial[] = [];
  const used = new Set<string>();
  for (let k = 0; k < (options.trials ?? CHECK_DEFAULTS.trials); k++) {
    const sample = sampleInstance([y, hessian, x], rng, options, symbolsOf([x]), used);
    if ("violation" in sample) return { ok: false, trials, maxRelError: NaN, tol, domain: sample.violation };
    const { sizes, values } = sample;
    const xd = concreteShape(x.shape, sizes);
    const n = xd.rows * xd.cols;
    const x0 = values.get(valueKey(x))!;
    const f = (v: Mat): number => {
      const env = new Map(values);
      env.set(valueKey(x), v);
      return M.scalarValue(evaluate(y, env, sizes));
    };
    const H = evaluate(hessian, values, sizes);
    // Directions scaled to the entries, as in the first-order check.
    const scaled = (v: Mat) => M.zip(v, x0, (vi, xi) => vi * Math.max(Math.abs(xi), 0.1));
    const unit = (i: number) => {
      const e = M.zeros(xd.rows, xd.cols);
      e.data[i] = 1;
      return scaled(e);
    };
    const pairs: [Mat, Mat][] = [];
    if (n <= 16) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) pairs.push([unit(i), unit(j)]);
    else for (let p = 0; p < 6; p++) pairs.push([scaled(randomNormal(rng, xd.rows, xd.cols)), scaled(randomNormal(rng, xd.rows, xd.cols))]);
    const claimed = pairs.map(([v, w]) => M.scalar(M.inner(M.vec(v), M.matmul(H, M.vec(w)))));
    const truth = pairs.map(([v, w]) => M.scalar(secondDifference(f, x0, v, w)));
    const floor = 1e-5 * Math.max(1, Math.abs(f(x0)));
    const relError = H.rows === n && H.cols === n ? stackedError(claimed, truth, floor) : Infinity;
    trials.push({ sizes: Object.fromEntries(sizes), relError, ok: relError <= tol });
  }
  return { ok: trials.every((t) => t.ok), trials, maxRelError: trials.reduce((m, t) => Math.max(m, t.relError), 0), tol };
}
