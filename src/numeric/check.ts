/**
 * The numeric oracle: compare a derivative, in any form and layout, with
 * central finite differences of the original expression. Along each
 * direction V:
 *   differential  R(dX = V)        vs  D_V Y
 *   grad          ⟨R(G), V⟩        vs  ⟨G, D_V Y⟩        (G random)
 *   jacobian      J(R) vec(V)      vs  vec(D_V Y)
 * Small variables use every unit direction (the full Jacobian); large
 * ones, and any variable of a very deep y, one random direction per trial,
 * which keeps the check cheap at any size and depth: a wrong derivative R' ≠ R differs from the truth along a random V
 * ((R' − R)·vec V ≠ 0) with probability 1, so every trial can catch it.
 *
 * The differences come in two tiers. The first is the central difference
 * at step h/2 (two evaluations of y per direction, truncation error
 * O(h²/4)); a claim within the tolerance of it passes. Otherwise the two
 * points at ±h are added and the Richardson extrapolation of both steps
 * (truncation O(h⁴)) decides, so a right derivative of a strongly curved
 * y is not failed for the first tier's truncation error. Either way the
 * verdict compares the claim with the most accurate estimate computed.
 *
 * Finite differences are not always to be trusted, and a check must never
 * call a right derivative wrong. A trial is `untrusted` (and another
 * instance is drawn) when y or the claim overflows along a direction,
 * when y and every derivative underflow below 1e-200 on the instance, or
 * when a third tier, Richardson over h/4 and h/2, differs from the second
 * about as much as the claim does: the differences have not settled (a
 * chaotic recurrence, or every digit lost to cancellation). When every
 * instance tried is untrusted the report is `inconclusive`, never a
 * disagreement.
 */
import type { Expr, OpNode, VarNode } from "../expr/node.js";
import { topoOrder } from "../expr/traverse.js";
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import { randomWellConditioned, type Rng } from "./random.js";
import { EvaluationError, ShrinkWatch, UNDERFLOW_BAND, type DomainViolation, type Sizes, concreteShape, evaluate, evaluateRoots, valueKey } from "./evaluate.js";
import { affordableAt, buildableShape } from "./work.js";
import { PointEvaluation } from "./point-evaluation.js";
import { type RootsMemo, memoForRoots, movingSlots, planOf, planOfRoots } from "./plan.js";
import type { Dims } from "./jacobian.js";
import { type DirectionalTarget, directionalReader } from "./directional.js";
import { type Assumptions, type Strategy, firstAttemptOf, invertibleInputs, isSymmetricFact, sampleSizes, sampleValue, sizeSignature, strategyFor, symbolsOf, variablesOf } from "./instance.js";
import { type CentralPoints, FIRST_DIFFERENCE_STEP, centralDifference, centralPoints, richardson, scaledDirections } from "./differences.js";

export interface CheckTarget extends DirectionalTarget {
  /**
   * matdiff's own derivative in the same form and layout, when `result` is a claim: on an instance where the claim
   * and the differences are both too small to tell apart from 0, the check trusts the agreement only if this is 0.
   */
  readonly reference?: Expr;
}

import type { CheckOptions } from "./check-options.js";
export type { CheckOptions };

/** Whether `name` is assumed symmetric (or spd) and is square here: then it moves only along symmetric directions. */
export function variesSymmetrically(options: CheckOptions, name: string, d: { readonly rows: number; readonly cols: number }): boolean {
  const facts = options.assume?.get(name);
  return isSymmetricFact(facts) && d.rows === d.cols;
}

/** (V + Vᵀ)/2, the symmetric part of a direction. */
export function symmetricPart(v: Mat): Mat {
  return M.scale(0.5, M.add(v, M.transpose(v)));
}

export interface Trial {
  readonly sizes: Readonly<Record<string, number>>;
  readonly relError: number;
  readonly ok: boolean;
  /** The printed object had the wrong numeric shape. */
  readonly shape?: { readonly expected: Dims; readonly got: Dims };
  /** Why the finite differences on this instance say nothing (overflow, no convergence); ok is then false. */
  readonly untrusted?: string;
}

export interface CheckReport {
  readonly ok: boolean;
  readonly trials: readonly Trial[];
  readonly maxRelError: number;
  readonly tol: number;
  /** Set when no instance inside the domain of every operation could be found. */
  readonly domain?: DomainViolation;
  /** Set when the finite differences could be trusted on no instance tried: why, in words. */
  readonly inconclusive?: string;
}

import { CHECK_DEFAULTS } from "./defaults.js";
import { afterUntrusted, againstTwoEstimates, closingIn, stackedError, tooSmallToTell } from "./agreement.js";
export { afterUntrusted, stackedError };
import { SAMPLING_ATTEMPTS, nextStrategyAttempt } from "./instance.js";
export { CHECK_DEFAULTS };

/** Evaluation steps past which a plan is large: it tries each sampling strategy once, not four times. */
const LARGE_PLAN = 50_000;

/** An instance drawn, with the roots' values there; `underflow`: why no comparison on it can be trusted. */
export interface Sample {
  readonly sizes: Map<string, number>;
  readonly values: Map<string, Mat>;
  readonly rootValues: Mat[];
  readonly underflow?: string;
}

/** A random instance of the inputs inside the domain of every given graph (marked `underflow` where all of them underflow). */
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
): Sample | { violation: DomainViolation } {
  const bound = boundAmong(roots, options.bound);
  const definitions = bound.map(([, definition]) => definition);
  // The inputs the bound intermediates' definitions read are drawn too.
  const facts = graphFactsOf(bound.length > 0 ? [...roots, ...definitions] : roots);
  const symbols = [...new Set([...facts.symbols, ...extraSymbols])];
  const { inputs, invertible } = facts;
  let last: DomainViolation | null = null;
  // Where some size is free, a second pass through the strategies draws new sizes with normal
  // values again: some domains depend on sizes alone (det(A·X·B) with A m×n, X n×p, B p×m is
  // singular unless m ≤ n, p), and escalating the values cannot help there.
  const passes = symbols.some((s) => !options.dims?.has(s)) ? 2 : 1;
  for (let k = 0; k < SAMPLING_ATTEMPTS * passes; k++) {
    const attempt = k % SAMPLING_ATTEMPTS;
    let sizes = sampleSizes(symbols, rng, options.dims ?? new Map(), options.range ?? CHECK_DEFAULTS.range);
    for (let retry = 0; retry < 8 && avoid.has(sizeSignature(sizes)); retry++) {
      sizes = sampleSizes(symbols, rng, options.dims ?? new Map(), options.range ?? CHECK_DEFAULTS.range);
    }
    // Nothing is drawn at sizes where one evaluation would cost more than a check may spend.
    affordableAt(planOfRoots(roots), sizes, options.trials ?? CHECK_DEFAULTS.trials, options.budget, planOf(roots[0]!).nodes.length);
    const sig = sizeSignature(sizes);
    const level = Math.max(attempt, escalated.get(sig) ?? 0);
    const values = sampleInputs(inputs, sizes, rng, options.assume ?? new Map(), strategyFor(level), invertible);
    try {
      // The definitions together, each node once (they are the program's statements, one inside the next).
      const defined = bound.length > 0 ? evaluateRoots(definitions, values, sizes, true) : [];
      bound.forEach(([v], k) => values.set(valueKey(v), defined[k]!));
      // The roots' values on the instance, each node once for all of them (a derivative often contains y itself).
      const watch = new ShrinkWatch();
      const rootValues = evaluateRoots(roots, values, sizes, true, watch);
      // y and every derivative shrank to nothing through an underflowing product: differences of y are zeros, and
      // compared with derivatives that are zeros too, any claim would agree (a derivative of ordinary size next to a
      // tiny y is still compared: relative errors are scaled to the values). The caller counts it as an instance it
      // cannot trust, as one whose differences do not settle, and draws the next at other sizes or values.
      avoid.add(sig);
      if (level > 0) escalated.set(sig, firstAttemptOf(strategyFor(level)));
      if (watch.node && roots.every((r, i) => r.kind === "var" || M.maxAbs(rootValues[i]!) < UNDERFLOW_BAND)) {
        return { sizes, values, rootValues, underflow: `${watch.node.op} underflows: its entries, y's and the derivatives' all fall below ${UNDERFLOW_BAND}, where every claim would agree` };
      }
      return { sizes, values, rootValues };
    } catch (e) {
      if (!(e instanceof EvaluationError)) throw e;
      last = e.violation;
      // A large graph tries each strategy once per pass: a failed attempt can cost a whole evaluation (a deep nest
      // whose values stay finite and fail only at its end). After the last strategy the pass ends.
      const next = nextStrategyAttempt(attempt);
      if (planOfRoots(roots).nodes.length > LARGE_PLAN) k += (strategyFor(next) === strategyFor(attempt) ? SAMPLING_ATTEMPTS : next) - attempt - 1;
    }
  }
  return { violation: last! };
}

/**
 * The bound intermediates (--wrt names that are statements, cut loose as variables) that the roots read, with
 * their definitions: only those are evaluated on an instance. Each of 200 such names evaluated all 200 definitions,
 * one after another, and failed when a later statement than its own overflowed (39 s).
 */
export function boundAmong(roots: readonly Expr[], bound: ReadonlyMap<VarNode, Expr> | undefined): [VarNode, Expr][] {
  if (!bound?.size) return [];
  const read = new Set<Expr>(graphFactsOf(roots).inputs);
  return [...bound].filter(([v]) => read.has(v));
}

/** What sampling needs to know of the graphs: their size symbols, their variables, the inputs that must be invertible. */
interface GraphFacts {
  readonly symbols: readonly string[];
  readonly inputs: readonly VarNode[];
  readonly invertible: ReadonlyMap<string, boolean>;
}
const graphFacts: RootsMemo<GraphFacts> = new WeakMap();

/** The graphs' facts, found once for the same roots (every trial of a check samples the same ones; each finding walks them all). */
const graphFactsOf = (roots: readonly Expr[]): GraphFacts =>
  memoForRoots(graphFacts, roots, () => {
    // one walk for the three (a Hessian's graph can have a million nodes)
    const order = topoOrder(roots);
    return { symbols: symbolsOf(roots, order), inputs: variablesOf(roots, order), invertible: invertibleInputs(order) };
  });

/**
 * A value for every input: with the "normal" strategy, a square input that some operator must
 * invert (and that no --assume fact describes) is diagonally dominant (randomWellConditioned);
 * every other value is the strategy's (sampleValue).
 */
function sampleInputs(
  inputs: readonly VarNode[], sizes: Sizes, rng: Rng, assume: Assumptions, strategy: Strategy, invertible: ReadonlyMap<string, boolean>,
): Map<string, Mat> {
  const values = new Map<string, Mat>();
  for (const v of inputs) {
    const key = valueKey(v);
    const positive = invertible.get(key);
    const facts = assume.get(v.name);
    const { rows, cols } = buildableShape(v, sizes);
    const direct = positive !== undefined && strategy === "normal" && !facts?.size && rows === cols;
    values.set(key, direct ? randomWellConditioned(rng, rows, positive) : sampleValue(v, sizes, rng, facts, strategy));
  }
  return values;
}

/**
 * The products of y with x as one factor and a fixed other factor (A·x or x·A, A not
 * depending on x). Each is linear in x: A·(x0 + t·V) = A·x0 + t·(A·V).
 */
function productsLinearIn(y: Expr, xKey: string): OpNode[] {
  const plan = planOf(y);
  const { moves, steps } = movingSlots(plan, [xKey]);
  const { nodes, argStart, argSlots, keys } = plan;
  const isX = (slot: number) => nodes[slot]!.kind === "var" && keys[slot] === xKey;
  const out: OpNode[] = [];
  // A product with x as a factor moves with x: only those slots are looked at.
  for (let s = 0; s < steps.length; s++) {
    const i = steps[s]!;
    const node = nodes[i]!;
    if (node.kind !== "op" || node.op !== "matmul" || node.args.length !== 2) continue;
    const a = argSlots[argStart[i]!]!;
    const b = argSlots[argStart[i]! + 1]!;
    if ((isX(a) && !moves[b]) || (isX(b) && !moves[a])) out.push(node);
  }
  return out;
}

/**
 * y along x0 + t·V as a function of t, for the finite differences, on y's evaluation at points
 * that differ only in x (shared by every direction). A product linear in x (productsLinearIn) is
 * evaluated at x0 and at V, and every point then costs one scaled addition there instead of a
 * product: A·x0 + t·(A·V).
 */
function alongDirection(points: PointEvaluation, xKey: string, x0: Mat, v: Mat, linear: readonly OpNode[]): (t: number) => Mat {
  const at = (x: Mat) => new Map([[xKey, x]]);
  const parts = linear.map((node) => ({
    id: node.id,
    base: points.nodeAt(node, at(x0)),
    slope: points.nodeAt(node, at(v)),
  }));
  return (t) => {
    const known = new Map<number, Mat>();
    for (const p of parts) known.set(p.id, M.addScaled(p.base, t, p.slope));
    return points.at(at(M.addScaled(x0, t, v)), known);
  };
}

/**
 * Evaluation steps (entries of X times the steps each point re-runs) above which a trial uses one random direction
 * instead of every unit direction: a wrong derivative differs from the truth along a random direction with
 * probability 1, and a recurrence thousands of steps deep then checks in about a second. Derivatives checked
 * together on one instance share it (options.sharedBy): 500 --wrt names of a product of 1,000 factors each took
 * every unit direction of their small matrices, 500 × 3 trials × 24 points × 500 steps, over 30 s.
 */
const UNIT_DIRECTION_BUDGET = 400_000;

/**
 * One comparison on one instance. `known` holds values of y and of the
 * result on this instance when the caller has them already: the result's
 * for the Jacobian form, and for the grad form evaluated with G as in
 * `values` (the comparison then uses that G).
 */
export function compareOnInstance(
  t: CheckTarget, sizes: Map<string, number>, values: Map<string, Mat>, rng: Rng, options: CheckOptions,
  known: { readonly y?: Mat; readonly result?: Mat } = {},
): Trial {
  const yd = concreteShape(t.y.shape, sizes);
  const xd = concreteShape(t.x.shape, sizes);
  const x0 = values.get(valueKey(t.x))!;
  const linear = productsLinearIn(t.y, valueKey(t.x));
  const points = new PointEvaluation(t.y, [valueKey(t.x)], values, sizes, linear, options.budget);
  // Every unit direction for a small X, unless y is so deep that they would cost more than UNIT_DIRECTION_BUDGET steps.
  const entries = xd.rows * xd.cols;
  const full = entries <= (options.fullBelow ?? CHECK_DEFAULTS.fullBelow) && points.affords(entries, UNIT_DIRECTION_BUDGET / (options.sharedBy ?? 1));
  // X assumed symmetric varies only along symmetric directions (V + Vᵀ)/2, where sym(∇) and ∇ agree.
  const symmetric = variesSymmetrically(options, t.x.name, xd);
  const dirs = scaledDirections(x0, rng, full).map((v) => (symmetric ? symmetricPart(v) : v));
  const lines = dirs.map((v) => alongDirection(points, valueKey(t.x), x0, v, linear));
  const sizesRecord = Object.fromEntries(sizes);
  // y on this instance, where the result reuses it (the Y of ∂ℓ/∂X = … (1 − Y ⊙ Y) …): dX and G do not change it.
  const yKnown = known.y ? new Map([[t.y.id, known.y]]) : undefined;
  const reader = directionalReader(t, values, sizes, dirs, rng, options, { x: xd, y: yd }, yKnown);
  const { compared } = reader;
  const read = reader.read(t.result, known.result);
  if (!Array.isArray(read)) return { sizes: sizesRecord, relError: Infinity, ok: false, shape: read };
  const claimed = read;
  // Finite differences of Y carry roundoff of about ε‖Y‖/h (h ≥ 1e-5 here, doubled by Richardson),
  // so an exactly-zero derivative is judged against 1e-4‖Y‖, not against 0.
  const floor = 1e-4 * Math.max(1, M.frobenius(known.y ?? evaluate(t.y, values, sizes))) * Math.sqrt(dirs.length);
  const tol = options.tol ?? CHECK_DEFAULTS.tol;
  const h = FIRST_DIFFERENCE_STEP;
  const untrusted = (why: string, relError = NaN): Trial => ({ sizes: sizesRecord, relError, ok: false, untrusted: why });
  // A pass inside the floor's tolerance stands only where the derivative is 0 (agreement.ts).
  const passed = (relError: number, estimate: readonly Mat[]): Trial => {
    const why = tooSmallToTell(claimed, estimate, floor, tol, (watch) => reader.read(t.reference ?? t.result, undefined, watch));
    return why ? untrusted(why, relError) : { sizes: sizesRecord, relError, ok: true, shape: undefined };
  };
  if (!claimed.every(M.isFiniteMat)) return untrusted("the derivative's value overflows");
  const finite = (points: readonly CentralPoints[]) => points.every((p) => M.isFiniteMat(p.plus) && M.isFiniteMat(p.minus));
  // First tier: the central difference at h/2. A claim within tol of it passes.
  const fine = lines.map((g) => centralPoints(g, h / 2));
  if (!finite(fine)) return untrusted("y overflows a step away from the instance");
  const first = fine.map((p) => compared(centralDifference(p, h / 2)));
  if (!first.every(M.isFiniteMat)) return untrusted("the finite differences overflow");
  let relError = stackedError(claimed, first, floor);
  if (relError <= tol) return passed(relError, first);
  // Second tier: Richardson over h/2 and h, accurate to O(h⁴), decides.
  const coarse = lines.map((g) => centralPoints(g, h));
  if (!finite(coarse)) return untrusted("y overflows a step away from the instance");
  const second = fine.map((p, k) => compared(richardson(p, coarse[k]!, h)));
  relError = stackedError(claimed, second, floor);
  if (relError <= tol) return passed(relError, second);
  // Third tier, to tell a wrong claim from unsettled differences: Richardson over h/4 and h/2.
  const third = lines.map((g, k) => compared(richardson(centralPoints(g, h / 4), fine[k]!, h / 2)));
  const judged = againstTwoEstimates(claimed, second, third, floor, tol);
  if (!judged.settled) {
    return untrusted(`the finite differences do not settle (estimates at steps h/2 and h/4 differ by ${judged.spread.toExponential(1)} relative)`, judged.relError);
  }
  if (judged.relError <= tol) return passed(judged.relError, second);
  // A claim that looks wrong is looked at again at smaller steps (agreement.ts), outside the run's budget as a diagnosis is.
  const unbudgeted = options.budget ? new PointEvaluation(t.y, [valueKey(t.x)], values, sizes, linear) : points;
  const again = options.budget ? dirs.map((v) => alongDirection(unbudgeted, valueKey(t.x), x0, v, linear)) : lines;
  const closing = closingIn(judged.relError, h, tol, (step) => {
    const fine = again.map((g) => centralPoints(g, step / 2));
    const coarse = again.map((g) => centralPoints(g, step));
    return finite(fine) && finite(coarse) ? stackedError(claimed, fine.map((p, k) => compared(richardson(p, coarse[k]!, step))), floor) : NaN;
  });
  if (closing === null) return { sizes: sizesRecord, relError: judged.relError, ok: false, shape: undefined };
  return "untrusted" in closing ? untrusted(closing.untrusted, closing.relError) : { sizes: sizesRecord, relError: closing.relError, ok: true, shape: undefined };
}

/** The size symbols a check of t draws beyond y's: those of x, and of G in the grad form. */
export const symbolsToSample = (t: CheckTarget): string[] => [...symbolsOf([t.x]), ...(t.upstream ? symbolsOf([t.upstream]) : [])];

/** The report of the trials a check made: it agrees when every trial does. */
export function reportOf(trials: readonly Trial[], options: CheckOptions): CheckReport {
  const maxRelError = trials.reduce((m, tr) => Math.max(m, tr.relError), 0);
  return { ok: trials.every((tr) => tr.ok), trials, maxRelError, tol: options.tol ?? CHECK_DEFAULTS.tol };
}

