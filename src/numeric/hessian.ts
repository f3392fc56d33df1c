/**
 * Checking a Hessian against y itself, independently of its gradient, with
 * four-point second differences along directions v, w:
 *   vᵀ H w ≈ [f(x + hv + hw) − f(x + hv − hw) − f(x − hv + hw) + f(x − hv − hw)] / 4h²,
 * Richardson-extrapolated over h and h/2. Every pair of unit directions is
 * used (the whole matrix) for up to 256 pairs, random pairs otherwise, and
 * random pairs too where the graph is so deep that the whole matrix would
 * cost more than UNIT_PAIR_BUDGET evaluation steps (a wrong Hessian differs
 * from the truth along a random pair of directions with probability 1).
 */
import type { Expr, VarNode } from "../expr/node.js";
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import { randomNormal, type Rng } from "./random.js";
import { concreteShape, evaluateRoots, valueKey } from "./evaluate.js";
import { PointEvaluation } from "./point-evaluation.js";
import {
  CHECK_DEFAULTS, type CheckOptions, type CheckReport, type Trial, stackedError, symmetricPart,
  variesSymmetrically,
} from "./check.js";
import { symbolsOf } from "./instance.js";
import { type InstanceCheck, checkAlone } from "./shared-trials.js";
import { scaleToEntries, scaledUnit } from "./differences.js";
import { againstTwoEstimates, tooSmallToTell } from "./agreement.js";

/** Evaluation steps per trial (about 8 points per pair) above which random pairs replace the whole matrix. */
const UNIT_PAIR_BUDGET = 250_000;
/** The points a pair's second differences visit: four at each of two steps. */
const POINTS_PER_PAIR = 8;

/** The step of the second differences (relative: directions are scaled to the entries). */
export const SECOND_DIFFERENCE_STEP = 2e-4;

/** vᵀ H w for f(x + a v + b w), where v and w move the same or two different variables (see checkHessian). */
export function secondDifference(f: (a: number, b: number) => number, step = SECOND_DIFFERENCE_STEP): number {
  const at = (h: number) => {
    const p = (a: number, b: number) => f(a * h, b * h);
    return (p(1, 1) - p(1, -1) - p(-1, 1) + p(-1, -1)) / (4 * h * h);
  };
  // Truncation O(h⁴) after Richardson, roundoff O(ε/h²): h = 2e-4 balances them.
  const h = step;
  // (4 D(h/2) − D(h)) / 3 cancels the h² term.
  return (4 * at(h / 2) - at(h)) / 3;
}

/** A point's values, bit for bit (0 and −0 apart), as a key. */
function pointKey(point: ReadonlyMap<string, Mat>): string {
  let key = "";
  for (const m of point.values()) key += new Uint32Array(m.data.buffer, m.data.byteOffset, 2 * m.data.length).join(",") + ";";
  return key;
}

/** One block of a Hessian to check, ∂²y/∂vec(x)∂vec(z)ᵀ (z = x for a diagonal block). */
export interface HessianBlock {
  readonly y: Expr;
  readonly x: VarNode;
  readonly z: VarNode;
  /** The block; `transposed` when it is printed in denominator layout, as ∂²y/∂vec(z)∂vec(x)ᵀ. */
  readonly hessian: Expr;
  readonly transposed: boolean;
  /** How to read the block as a matrix on an instance (a Hessian–vector product is applied to each unit direction). */
  readonly materialise?: (values: Map<string, Mat>, sizes: Map<string, number>) => Mat;
  /**
   * matdiff's own Hessian (or Hessian–vector product, linear in `dX`) when `hessian` is a claim: where the claim and
   * the second differences are both too small to tell from 0, the agreement stands only if this is 0 (agreement.ts).
   */
  readonly reference: { readonly expr: Expr; readonly dX?: VarNode };
}

/**
 * Check ∂²y/∂vec(x)∂vec(z)ᵀ (z = x for a diagonal block); `transposed` when
 * the block is printed in denominator layout, as ∂²y/∂vec(z)∂vec(x)ᵀ.
 */
export function checkHessian(
  y: Expr, x: VarNode, hessian: Expr, options: CheckOptions = {}, z: VarNode = x, transposed = false,
  materialise?: HessianBlock["materialise"], reference: HessianBlock["reference"] = { expr: hessian },
): CheckReport {
  return checkBlock({ y, x, z, hessian, transposed, materialise, reference }, options);
}

/** A Hessian block's check on an instance: its value there (read by `materialise` for a product), then compareBlock. */
export const blockCheck = (options: CheckOptions): InstanceCheck<HessianBlock> => ({
  roots: (b) => [b.y, b.hessian, b.x, b.z],
  symbols: (b) => symbolsOf([b.x, b.z]),
  compare: (b, instance, rng) => {
    const H = b.materialise ? b.materialise(instance.values, instance.sizes) : instance.valueOf(b.hessian)!;
    return compareBlock(b, instance.sizes, instance.values, H, rng, options);
  },
});

/** A block checked on instances of its own. */
export function checkBlock(b: HessianBlock, options: CheckOptions): CheckReport {
  return checkAlone(b, blockCheck(options), options);
}

/** One trial of a block on an instance, where the block's value is H (untrusted when its differences say nothing). */
export function compareBlock(target: HessianBlock, sizes: Map<string, number>, values: Map<string, Mat>, H: Mat, rng: Rng, options: CheckOptions): Trial {
  const { y, x, z, transposed, reference } = target;
  const tol = options.tol ?? CHECK_DEFAULTS.tol;
  const xd = concreteShape(x.shape, sizes);
  const zd = concreteShape(z.shape, sizes);
  const n = xd.rows * xd.cols;
  const m = zd.rows * zd.cols;
  const x0 = values.get(valueKey(x))!;
  const z0 = values.get(valueKey(z))!;
  // y at x + a·v and z + b·w (the same variable when z = x).
  // Only the part of y that depends on x or z is evaluated again at each point, and never at
  // the same point twice: the stencils of the pairs (i, j) and (j, i) of unit directions visit
  // the same points, and every diagonal stencil visits x itself (x + h·v − h·v is x exactly).
  const points = new PointEvaluation(y, [valueKey(x), valueKey(z)], values, sizes, [], options.budget);
  const visited = new Map<string, number>();
  const along = (v: Mat, w: Mat) => (a: number, b: number): number => {
    const point = new Map<string, Mat>();
    if (z === x) point.set(valueKey(x), M.add(x0, M.add(M.scale(a, v), M.scale(b, w))));
    else {
      point.set(valueKey(x), M.addScaled(x0, a, v));
      point.set(valueKey(z), M.addScaled(z0, b, w));
    }
    // Random pairs visit no point twice but x itself (the one key they would share), so only unit pairs are keyed:
    // the keys of 4,560 blocks of random pairs took a fifth of their check.
    if (!unitPairs && (a !== 0 || b !== 0)) return M.scalarValue(points.at(point));
    const key = pointKey(point);
    let value = visited.get(key);
    if (value === undefined) visited.set(key, (value = M.scalarValue(points.at(point))));
    return value;
  };
  // Directions scaled to the entries, as in the first-order check.
  const scaled = (v: Mat, at: Mat): Mat => {
    scaleToEntries(v.data, at.data, 1);
    return v;
  };
  // A variable assumed symmetric moves only along symmetric directions (V + Vᵀ)/2: the Hessian printed for it
  // holds there (as the gradient printed, sym(∇), does), and off them y of a symmetric X says nothing.
  const xDirection = variesSymmetrically(options, x.name, xd) ? symmetricPart : (v: Mat) => v;
  const zDirection = variesSymmetrically(options, z.name, zd) ? symmetricPart : (v: Mat) => v;
  const pair = (v: Mat, w: Mat): [Mat, Mat] => [xDirection(v), zDirection(w)];
  const pairs: [Mat, Mat][] = [];
  // Blocks checked together (options.sharedBy, the blocks of one Hessian) share the budget for unit pairs: 4,560
  // blocks of 95 names each took all 36 pairs of their 6-vectors, 13 s in all.
  const unitBudget = UNIT_PAIR_BUDGET / (options.sharedBy ?? 1);
  const unitPairs = n * m <= 256 && points.affords(n * m, unitBudget, POINTS_PER_PAIR * n * m);
  if (unitPairs) for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) pairs.push(pair(scaledUnit(x0, i), scaledUnit(z0, j)));
  else for (let p = 0; p < 6; p++) pairs.push(pair(scaled(randomNormal(rng, xd.rows, xd.cols), x0), scaled(randomNormal(rng, zd.rows, zd.cols), z0)));
  // The block is n×m in numerator layout, its transpose in denominator layout.
  const oriented = transposed ? M.transpose(H) : H;
  const block = oriented.rows === n && oriented.cols === m ? oriented : null;
  const claimed = block ? pairs.map(([v, w]) => M.scalar(M.inner(M.vec(v), M.matmul(block, M.vec(w))))) : [];
  const truth = pairs.map(([v, w]) => M.scalar(secondDifference(along(v, w))));
  // Roundoff of one second difference: about 10 ε |f| / ((h/2)² ‖v‖∞ ‖w‖∞) (four values, Richardson's
  // weights). An exactly-zero Hessian is judged against that noise, so the floor is 10 noise / tol.
  const f0 = Math.max(1, Math.abs(along(M.zeros(xd.rows, xd.cols), M.zeros(zd.rows, zd.cols))(0, 0)));
  const half = SECOND_DIFFERENCE_STEP / 2;
  const noise = Math.sqrt(pairs.reduce((sum, [v, w]) => sum + (10 * 2.2e-16 * f0 / (half * half * M.maxAbs(v) * M.maxAbs(w))) ** 2, 0));
  const floor = (10 * noise) / tol;
  let relError = block ? stackedError(claimed, truth, floor) : Infinity;
  let why: string | undefined;
  if (![...claimed, ...truth].every(M.isFiniteMat)) why = "y or the Hessian overflows near the instance";
  else if (block && !(relError <= tol)) {
    // As in the first-order check: a second estimate at half the steps tells a wrong Hessian
    // (far from both, which agree) from second differences that have not settled.
    const finer = pairs.map(([v, w]) => M.scalar(secondDifference(along(v, w), SECOND_DIFFERENCE_STEP / 2)));
    const judged = againstTwoEstimates(claimed, truth, finer, floor, tol);
    relError = judged.relError;
    if (!judged.settled) why = `the second differences do not settle (estimates at steps h and h/2 differ by ${judged.spread.toExponential(1)} relative)`;
  }
  if (!why && block && relError <= tol) {
    // A product with dX is read at a random dX: one that is 0 everywhere is 0 there.
    const at = reference.dX ? new Map(values).set(valueKey(reference.dX), randomNormal(rng, xd.rows, xd.cols)) : values;
    why = tooSmallToTell(claimed, truth, floor, tol, (watch) => evaluateRoots([reference.expr], at, sizes, true, watch)) ?? undefined;
  }
  return { sizes: Object.fromEntries(sizes), relError, ok: relError <= tol && !why, untrusted: why };
}
