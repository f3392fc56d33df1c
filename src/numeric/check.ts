/**
 * The numeric oracle: compare a derivative, in any form and layout, with
 * central finite differences of the original expression (Richardson-
 * extrapolated, so the truncation error is O(h⁴)). Along each direction V:
 *   differential  R(dX = V)        vs  D_V Y
 *   grad          ⟨R(G), V⟩        vs  ⟨G, D_V Y⟩        (G random)
 *   jacobian      J(R) vec(V)      vs  vec(D_V Y)
 * Small variables use every unit direction (the full Jacobian); large
 * ones a few random directions, which keeps the check cheap at any size.
 */
import type { Expr, VarNode } from "../expr/node.js";
import { topoOrder } from "../expr/traverse.js";
import type { Form, Layout } from "../calculus/layout.js";
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import { createRng, randomNormal, type Rng } from "./random.js";
import { EvaluationError, type DomainViolation, type Sizes, type Values, concreteShape, evaluate, valueKey } from "./evaluate.js";
import { jacobianFromPrinted, type Dims } from "./jacobian.js";
import { resultShape } from "../calculus/layout.js";
import { type Assumptions, type Strategy, sampleSizes, sampleValues, strategyFor, symbolsOf, variablesOf } from "./instance.js";

export interface CheckTarget {
  readonly y: Expr;
  readonly x: VarNode;
  readonly form: Form;
  readonly layout: Layout;
  /** The derivative to test, in the given form and layout. */
  readonly result: Expr;
  /** d<x> (differential form) and G (grad form), when the result uses them. */
  readonly dX?: VarNode;
  readonly upstream?: VarNode;
  /** Evaluates J = ∂vec(Y)/∂vec(X)ᵀ directly instead of `result` (index notation is not a graph). */
  readonly evaluateJacobian?: (values: Values, sizes: Sizes) => Mat;
}

export interface CheckOptions {
  readonly trials?: number;
  readonly tol?: number;
  readonly seed?: number;
  /** Fixed sizes for some dimension symbols (--dims N=3). */
  readonly dims?: ReadonlyMap<string, number>;
  readonly assume?: Assumptions;
  readonly range?: readonly [number, number];
  /** Largest X (entries) for which every unit direction is used. */
  readonly fullBelow?: number;
}

export interface Trial {
  readonly sizes: Readonly<Record<string, number>>;
  readonly relError: number;
  readonly ok: boolean;
  /** The printed object had the wrong numeric shape. */
  readonly shape?: { readonly expected: Dims; readonly got: Dims };
}

export interface CheckReport {
  readonly ok: boolean;
  readonly trials: readonly Trial[];
  readonly maxRelError: number;
  readonly tol: number;
  /** Set when no instance inside the domain of every operation could be found. */
  readonly domain?: DomainViolation;
}

import { CHECK_DEFAULTS } from "./defaults.js";
import { SAMPLING_ATTEMPTS } from "./instance.js";
export { CHECK_DEFAULTS };

/** A random instance of the inputs inside the domain of every given graph. */
export function sampleInstance(
  roots: readonly Expr[], rng: Rng, options: CheckOptions, extraSymbols: readonly string[] = [],
  /** Size choices already used by earlier trials, as `m=3,n=5`; avoided while other choices remain. */
  avoid: Set<string> = new Set(),
  /**
   * Per size choice, the first attempt level worth trying (see strategyFor): when every attempt
   * of a strategy failed at some sizes and a later strategy succeeded, later trials at the same
   * sizes (fixed --dims) start there instead of repeating the failures.
   */
  escalated: Map<string, number> = new Map(),
): { sizes: Map<string, number>; values: Map<string, Mat>; rootValues: Mat[] } | { violation: DomainViolation } {
  const symbols = [...new Set([...symbolsOf(roots), ...extraSymbols])];
  const inputs = variablesOf(roots);
  let last: DomainViolation | null = null;
  const signature = (m: Map<string, number>) => [...m].map(([k, v]) => `${k}=${v}`).join(",");
  for (let attempt = 0; attempt < SAMPLING_ATTEMPTS; attempt++) {
    let sizes = sampleSizes(symbols, rng, options.dims ?? new Map(), options.range ?? CHECK_DEFAULTS.range);
    for (let retry = 0; retry < 8 && avoid.has(signature(sizes)); retry++) {
      sizes = sampleSizes(symbols, rng, options.dims ?? new Map(), options.range ?? CHECK_DEFAULTS.range);
    }
    const sig = signature(sizes);
    const level = Math.max(attempt, escalated.get(sig) ?? 0);
    const values = sampleValues(inputs, sizes, rng, options.assume ?? new Map(), strategyFor(level));
    try {
      // The roots' values on the instance, which callers may reuse instead of evaluating again.
      const rootValues = roots.map((r) => evaluate(r, values, sizes, true));
      avoid.add(sig);
      if (level > 0) escalated.set(sig, firstAttemptOf(strategyFor(level)));
      return { sizes, values, rootValues };
    } catch (e) {
      if (!(e instanceof EvaluationError)) throw e;
      last = e.violation;
    }
  }
  return { violation: last! };
}

/**
 * The values of the parts of y that do not depend on the given variables:
 * the subexpressions feeding a node that does. Finite differences move
 * only those variables, so these values hold at every point and are
 * evaluated once (in an RNN cell, x·Wxh while Whh moves).
 */
export function valuesIndependentOf(y: Expr, varying: readonly string[], values: Values, sizes: Sizes): Map<number, Mat> {
  const order = topoOrder([y]);
  const moves = new Set<number>();
  for (const node of order) {
    if (node.kind === "var" ? varying.includes(valueKey(node)) : node.kind === "op" && node.args.some((a) => moves.has(a.id))) moves.add(node.id);
  }
  const known = new Map<number, Mat>();
  for (const node of order) {
    if (node.kind !== "op" || !moves.has(node.id)) continue;
    for (const a of node.args) {
      if (a.kind === "op" && !moves.has(a.id) && !known.has(a.id)) known.set(a.id, evaluate(a, values, sizes, false, known));
    }
  }
  return known;
}

/** The first attempt that uses a strategy. */
function firstAttemptOf(s: Strategy): number {
  let k = 0;
  while (strategyFor(k) !== s) k++;
  return k;
}

/**
 * Directional derivative D_V f(x) by central differences with one Richardson
 * step. V is already scaled entry by entry to x (see scaledToEntries), so a
 * relative step h suits every entry.
 */
export function directionalDerivative(f: (x: Mat) => Mat, x: Mat, v: Mat): Mat {
  // With Richardson the truncation error is O(h⁴) and the roundoff O(ε/h): h = 1e-4 keeps both small.
  const h = 1e-4;
  const coarsePlus = f(M.addScaled(x, h, v)), coarseMinus = f(M.addScaled(x, -h, v));
  const finePlus = f(M.addScaled(x, h / 2, v)), fineMinus = f(M.addScaled(x, -h / 2, v));
  // central(h) = (f(x + hv) − f(x − hv)) / 2h; Richardson: (4 central(h/2) − central(h)) / 3 cancels the h² term.
  const out = M.zeros(coarsePlus.rows, coarsePlus.cols);
  const cp = coarsePlus.data, cm = coarseMinus.data, fp = finePlus.data, fm = fineMinus.data, o = out.data;
  const sCoarse = 1 / (2 * h), sFine = 1 / h;
  for (let t = 0; t < o.length; t++) o[t] = (1 / 3) * (4 * (sFine * (fp[t]! - fm[t]!)) - sCoarse * (cp[t]! - cm[t]!));
  return out;
}

function directions(xd: Dims, rng: Rng, full: boolean): Mat[] {
  const n = xd.rows * xd.cols;
  if (full) {
    return Array.from({ length: n }, (_, k) => {
      const e = M.zeros(xd.rows, xd.cols);
      e.data[k] = 1;
      return e;
    });
  }
  return [0, 1, 2].map(() => {
    const v = randomNormal(rng, xd.rows, xd.cols);
    return M.scale(1 / M.frobenius(v), v);
  });
}

/**
 * The step is chosen per entry: direction V becomes V ⊙ s with
 * s_i = max(|x_i|, 0.1), so a large entry moves in proportion to its size and
 * a small one (near a log or sqrt boundary) moves little. The claim is
 * compared along the same scaled directions.
 */
function scaledToEntries(v: Mat, x: Mat): Mat {
  return M.zip(v, x, (vi, xi) => vi * Math.max(Math.abs(xi), 0.1));
}

/**
 * One comparison on one instance. `known` holds values of y and of the
 * result on this instance when the caller has them already (the result's
 * only where it does not depend on dX or G).
 */
export function compareOnInstance(
  t: CheckTarget, sizes: Map<string, number>, values: Map<string, Mat>, rng: Rng, options: CheckOptions,
  known: { readonly y?: Mat; readonly result?: Mat } = {},
): Trial {
  const yd = concreteShape(t.y.shape, sizes);
  const xd = concreteShape(t.x.shape, sizes);
  const full = xd.rows * xd.cols <= (options.fullBelow ?? CHECK_DEFAULTS.fullBelow);
  const x0 = values.get(valueKey(t.x))!;
  const dirs = directions(xd, rng, full).map((v) => scaledToEntries(v, x0));
  const fixed = valuesIndependentOf(t.y, [valueKey(t.x)], values, sizes);
  const f = (x: Mat): Mat => {
    const v = new Map(values);
    v.set(valueKey(t.x), x);
    return evaluate(t.y, v, sizes, false, fixed);
  };
  const truth = dirs.map((v) => directionalDerivative(f, x0, v));
  const sizesRecord = Object.fromEntries(sizes);
  const env = new Map(values);
  // y on this instance, where the result reuses it (the Y of ∂ℓ/∂X = … (1 − Y ⊙ Y) …): dX and G do not change it.
  const yKnown = known.y ? new Map([[t.y.id, known.y]]) : undefined;
  let claimed: Mat[];
  let truthStack: Mat[] = truth;
  if (t.form === "differential") {
    claimed = dirs.map((v) => {
      if (t.dX) env.set(valueKey(t.dX), v);
      return evaluate(t.result, env, sizes, false, yKnown);
    });
  } else if (t.form === "grad") {
    const G = randomNormal(rng, yd.rows, yd.cols);
    if (t.upstream) env.set(valueKey(t.upstream), G);
    const r = evaluate(t.result, env, sizes, false, yKnown);
    if (r.rows !== xd.rows || r.cols !== xd.cols) return { sizes: sizesRecord, relError: Infinity, ok: false, shape: { expected: xd, got: { rows: r.rows, cols: r.cols } } };
    claimed = dirs.map((v) => M.scalar(M.inner(r, v)));
    truthStack = truth.map((d) => M.scalar(M.inner(G, d)));
  } else {
    let J: Mat;
    if (t.evaluateJacobian) J = t.evaluateJacobian(env, sizes);
    else {
      const P = known.result ?? evaluate(t.result, env, sizes, false, yKnown);
      const want = concreteShape(resultShape(t.form, t.layout, t.y.shape, t.x.shape), sizes);
      if (P.rows !== want.rows || P.cols !== want.cols) {
        return { sizes: sizesRecord, relError: Infinity, ok: false, shape: { expected: want, got: { rows: P.rows, cols: P.cols } } };
      }
      J = jacobianFromPrinted(P, t.layout, t.y.shape, t.x.shape, yd, xd);
    }
    claimed = dirs.map((v) => M.matmul(J, M.vec(v)));
    truthStack = truth.map((d) => M.vec(d));
  }
  // Finite differences of Y carry roundoff of about ε‖Y‖/h (h ≥ 1e-5 here, doubled by Richardson),
  // so an exactly-zero derivative is judged against 1e-4‖Y‖, not against 0.
  const floor = 1e-4 * Math.max(1, M.frobenius(known.y ?? evaluate(t.y, values, sizes))) * Math.sqrt(dirs.length);
  const relError = stackedError(claimed, truthStack, floor);
  return { sizes: sizesRecord, relError, ok: relError <= (options.tol ?? CHECK_DEFAULTS.tol), shape: undefined };
}

/** ‖a − b‖ / max(‖a‖, ‖b‖, floor) over all directions together. */
export function stackedError(a: readonly Mat[], b: readonly Mat[], floor = 1e-6): number {
  let diff = 0;
  let na = 0;
  let nb = 0;
  a.forEach((m, k) => {
    const n = b[k]!;
    if (m.data.length !== n.data.length) {
      diff = Infinity;
      return;
    }
    for (let i = 0; i < m.data.length; i++) {
      diff += (m.data[i]! - n.data[i]!) ** 2;
      na += m.data[i]! ** 2;
      nb += n.data[i]! ** 2;
    }
  });
  const err = Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nb), floor);
  return Number.isNaN(err) ? Infinity : err;
}

export function checkDerivative(t: CheckTarget, options: CheckOptions = {}): CheckReport {
  const rng = createRng(options.seed ?? CHECK_DEFAULTS.seed);
  const tol = options.tol ?? CHECK_DEFAULTS.tol;
  const trials: Trial[] = [];
  const extra = [...symbolsOf([t.x]), ...(t.upstream ? symbolsOf([t.upstream]) : [])];
  const used = new Set<string>();
  const escalated = new Map<string, number>();
  for (let k = 0; k < (options.trials ?? CHECK_DEFAULTS.trials); k++) {
    const sample = sampleInstance([t.y, t.result, t.x], rng, options, extra, used, escalated);
    if ("violation" in sample) return { ok: false, trials, maxRelError: NaN, tol, domain: sample.violation };
    const [y, result] = sample.rootValues;
    trials.push(compareOnInstance(t, sample.sizes, sample.values, rng, options, { y, result: t.form === "jacobian" ? result : undefined }));
  }
  const maxRelError = trials.reduce((m, tr) => Math.max(m, tr.relError), 0);
  return { ok: trials.every((tr) => tr.ok), trials, maxRelError, tol };
}
