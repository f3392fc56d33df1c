/**
 * A derivative's values along a check's directions, in the terms that y's finite differences are compared in
 * (see ./check.js):
 *   differential  R(dX = V)        vs  D_V Y
 *   grad          ⟨R(G), V⟩        vs  ⟨G, D_V Y⟩        (G as sampled, or random)
 *   jacobian      J(R) vec(V)      vs  vec(D_V Y)
 * One reader serves every derivative compared on an instance (the claim, and matdiff's own answer when a claim is
 * checked), so both are read with the same G.
 */
import type { Expr, VarNode } from "../expr/node.js";
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import { type Form, type Layout, resultShape } from "../calculus/layout.js";
import { randomNormal, type Rng } from "./random.js";
import { type ShrinkWatch, type Sizes, type Values, concreteShape, evaluate, evaluateRoots, valueKey } from "./evaluate.js";
import { PointEvaluation } from "./point-evaluation.js";
import { jacobianFromPrinted, type Dims } from "./jacobian.js";
import type { CheckOptions } from "./check-options.js";

/** A derivative whose value has another shape than its form and layout give it. */
export interface WrongShape {
  readonly expected: Dims;
  readonly got: Dims;
}

/** A derivative to check against y (numeric/check.ts CheckTarget adds matdiff's own answer to a claim). */
export interface DirectionalTarget {
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

export interface DirectionalReader {
  /**
   * `result`'s values along every direction (`known`: its value on the instance, where the caller has it), or its
   * wrong shape. With a `watch`, evaluated with the domain checks, and the watch records a product that shrank
   * below UNDERFLOW_BAND or to zero on the way (a derivative that reads 0 only because it underflowed).
   */
  read(result: Expr, known?: Mat, watch?: ShrinkWatch): Mat[] | WrongShape;
  /** What those values are compared with, from a directional derivative D_V Y. */
  compared(d: Mat): Mat;
}

/** A reader for `t`'s form and layout on one instance, along `dirs`; `yKnown` holds y's value there, if the caller has it. */
export function directionalReader(
  t: DirectionalTarget, values: Values, sizes: Sizes, dirs: readonly Mat[], rng: Rng, options: CheckOptions,
  dims: { readonly x: Dims; readonly y: Dims }, yKnown: ReadonlyMap<number, Mat> | undefined,
): DirectionalReader {
  if (t.form === "differential") {
    const dX = t.dX;
    return {
      // The result at each direction dX = V: only its part that depends on dX is evaluated again.
      read: (result, _known, watch) => {
        if (watch) return dirs.map((v) => watched(result, dX ? new Map(values).set(valueKey(dX), v) : values, sizes, watch));
        if (!dX) return dirs.map(() => evaluate(result, values, sizes, false, yKnown));
        const atDirection = new PointEvaluation(result, [valueKey(dX)], values, sizes, [], options.budget);
        return dirs.map((v) => atDirection.at(new Map([[valueKey(dX), v]])));
      },
      compared: (d) => d,
    };
  }
  if (t.form === "grad") {
    // G as sampled with the instance (so a result's value there holds), else a fresh random one.
    const sampledG = t.upstream ? values.get(valueKey(t.upstream)) : undefined;
    const G = sampledG ?? randomNormal(rng, dims.y.rows, dims.y.cols);
    // The instance's values with this G (a copy only for a fresh G: one check per --wrt name reads the same instance).
    const env = t.upstream && !sampledG ? new Map(values).set(valueKey(t.upstream), G) : values;
    return {
      read: (result, known, watch) => {
        const r = (t.upstream === undefined || sampledG ? known : undefined) ?? (watch ? watched(result, env, sizes, watch) : evaluate(result, env, sizes, false, yKnown));
        if (r.rows !== dims.x.rows || r.cols !== dims.x.cols) return { expected: dims.x, got: { rows: r.rows, cols: r.cols } };
        // ⟨R(G), V⟩ against ⟨G, D_V Y⟩
        return dirs.map((v) => M.scalar(M.inner(r, v)));
      },
      compared: (d) => M.scalar(M.inner(G, d)),
    };
  }
  return {
    read: (result, known, watch) => {
      let J: Mat;
      if (t.evaluateJacobian && result === t.result) J = t.evaluateJacobian(values, sizes);
      else {
        const P = known ?? (watch ? watched(result, values, sizes, watch) : evaluate(result, values, sizes, false, yKnown));
        const want = concreteShape(resultShape(t.form, t.layout, t.y.shape, t.x.shape), sizes);
        if (P.rows !== want.rows || P.cols !== want.cols) return { expected: want, got: { rows: P.rows, cols: P.cols } };
        J = jacobianFromPrinted(P, t.layout, t.y.shape, t.x.shape, dims.y, dims.x);
      }
      // J vec(V) against vec(D_V Y)
      return dirs.map((v) => M.matmul(J, M.vec(v)));
    },
    compared: (d) => M.vec(d),
  };
}

/** `result`'s value with the domain checks, `watch` recording any product that shrank to nothing. */
const watched = (result: Expr, values: Values, sizes: Sizes, watch: ShrinkWatch): Mat => evaluateRoots([result], values, sizes, true, watch)[0]!;
