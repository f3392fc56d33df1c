/**
 * Forms and layouts. Given dY = L(dX), produce the object the
 * user asked for, and map any such object back to J = ∂vec(Y)/∂vec(X)ᵀ:
 *
 *   jacobian   scalar Y:        the gradient ∇ (X's shape) from the adjoint
 *                               with seed 1; numerator ∇ᵀ-shaped, denominator
 *                               and mixed ∇-shaped (vectors: numerator a row,
 *                               denominator a column, mixed X's shape)
 *              scalar X:        dY/dx (Y's shape); vectors: numerator and
 *                               mixed a column, denominator a row; matrices:
 *                               numerator and mixed Y-shaped, denominator Yᵀ
 *              otherwise:       numerator and mixed J, denominator Jᵀ
 *   grad       L*(G), X's shape (layout-free)
 *   differential dY itself
 */
import type { Expr, Graph, VarNode } from "../expr/node.js";
import { substitute, transpose, zeros } from "../ops/make.js";
import { type Shape, isColumnShape, isRowShape, isScalarShape, isVectorShape, sizeOf, transposeShape } from "../shapes/shape.js";
import { type AdjointStep, adjoint } from "./adjoint.js";
import { type VecStep, vecJacobian } from "./vecjacobian.js";

export type Layout = "numerator" | "denominator" | "mixed";
export type Form = "jacobian" | "grad" | "differential" | "index";
export const LAYOUTS: readonly Layout[] = ["numerator", "denominator", "mixed"];
export const FORMS: readonly Form[] = ["jacobian", "grad", "differential", "index"];

export type Kind = "scalar" | "vector" | "matrix";
export function kindOf(s: Shape): Kind {
  return isScalarShape(s) ? "scalar" : isVectorShape(s) ? "vector" : "matrix";
}

const asRow = (s: Shape): Shape => (isColumnShape(s) ? transposeShape(s) : s);
const asColumn = (s: Shape): Shape => (isRowShape(s) ? transposeShape(s) : s);
const rowOf = (e: Expr): Expr => (isColumnShape(e.shape) ? transpose(e) : e);
const columnOf = (e: Expr): Expr => (isRowShape(e.shape) ? transpose(e) : e);

/** Which case of the Jacobian table applies. */
export type JacobianCase = "gradient" | "tangent" | "full";
export function jacobianCase(y: Shape, x: Shape): JacobianCase {
  if (isScalarShape(y)) return "gradient";
  if (isScalarShape(x)) return "tangent";
  return "full";
}

/**
 * The shape a claim about the derivative of `order` has: the result's (resultShape) for a first derivative; for a
 * second, the Hessian ∂²y/∂vec(X)∂vec(X)ᵀ (mn×mn) in the Jacobian form and X's own (H·dX) in the differential form.
 */
export function claimShape(form: Form, layout: Layout, order: 1 | 2, y: Shape, x: Shape): Shape {
  if (order === 1) return resultShape(form, layout, y, x);
  return form === "differential" ? x : { rows: sizeOf(x), cols: sizeOf(x) };
}

/** The shape of the printed object for a form and layout. */
export function resultShape(form: Form, layout: Layout, y: Shape, x: Shape): Shape {
  if (form === "grad") return x;
  if (form === "differential") return y;
  const J: Shape = { rows: sizeOf(y), cols: sizeOf(x) };
  switch (jacobianCase(y, x)) {
    case "gradient":
      if (kindOf(x) === "vector") return layout === "numerator" ? asRow(x) : layout === "denominator" ? asColumn(x) : x;
      return layout === "numerator" ? transposeShape(x) : x;
    case "tangent":
      if (kindOf(y) === "vector") return layout === "denominator" ? asRow(y) : asColumn(y);
      return layout === "denominator" ? transposeShape(y) : y;
    case "full":
      return layout === "denominator" ? transposeShape(J) : J;
  }
}

export interface Identified {
  /** The printed object. */
  readonly result: Expr;
  /** Which rule produced it, for --steps and the JSON report. */
  readonly route: "adjoint" | "substitution" | "vec-kronecker" | "differential";
}

/** What the identification did, step by step (for --steps). */
export interface IdentifyTrace {
  readonly adjoint: AdjointStep[];
  readonly vec: VecStep[];
}

export function emptyTrace(): IdentifyTrace {
  return { adjoint: [], vec: [] };
}

/** Build the object for `form`/`layout` from dY (null when Y does not depend on X). */
export function identify(dY: Expr | null, y: Shape, dX: VarNode, form: Form, layout: Layout, upstream: VarNode, trace?: IdentifyTrace): Identified {
  const onAdjoint = trace ? (s: AdjointStep) => void trace.adjoint.push(s) : undefined;
  const onVec = trace ? (s: VecStep) => void trace.vec.push(s) : undefined;
  const x = dX.shape;
  if (form === "differential") return { result: dY ?? zeros(dX.graph, y), route: "differential" };
  if (form === "grad") return { result: adjoint(dY, upstream, dX, onAdjoint), route: "adjoint" };
  const shape = resultShape(form, layout, y, x);
  if (dY === null) return { result: zeros(dX.graph, shape), route: "differential" };
  switch (jacobianCase(y, x)) {
    case "gradient": {
      const g = adjoint(dY, dX.graph.num(1), dX, onAdjoint);
      if (kindOf(x) === "vector") {
        const r = layout === "numerator" ? rowOf(g) : layout === "denominator" ? columnOf(g) : g;
        return { result: r, route: "adjoint" };
      }
      return { result: layout === "numerator" ? transpose(g) : g, route: "adjoint" };
    }
    case "tangent": {
      const d = substitute(dY, new Map([[dX.id, dX.graph.num(1)]]));
      if (kindOf(y) === "vector") return { result: layout === "denominator" ? rowOf(d) : columnOf(d), route: "substitution" };
      return { result: layout === "denominator" ? transpose(d) : d, route: "substitution" };
    }
    case "full": {
      const J = vecJacobian(dY, dX, y, onVec);
      return { result: layout === "denominator" ? transpose(J) : J, route: "vec-kronecker" };
    }
  }
}

/** The upstream gradient G (Y's shape) of the grad form. */
export function upstreamVariable(g: Graph, name: string, y: Shape): VarNode {
  return g.variable(name, y, "upstream");
}

/** The differential variable dX. */
export function differentialVariable(x: VarNode): VarNode {
  return x.graph.variable(`d${x.name}`, x.shape, "differential");
}

