/**
 * Gradients with respect to a symmetric matrix. A function of a
 * symmetric X is only defined along symmetric directions V, where
 * ⟨∇, V⟩ = ⟨sym(∇), V⟩ with sym(∇) = (∇ + ∇ᵀ)/2; matdiff prints that
 * symmetric representative. The Matrix Cookbook (eq. 138–141 and §2.8)
 * instead differentiates with respect to the independent entries X_ij,
 * i ≤ j, which gives ∇ + ∇ᵀ − ∇ ⊙ I = 2 sym(∇) − sym(∇) ⊙ I.
 */
import type { Expr, VarNode } from "../expr/node.js";
import type { Form } from "../calculus/layout.js";
import { add, div, transpose } from "../ops/make.js";
import { isScalarShape, isSquareMatrixShape } from "../shapes/shape.js";
import { type Fact, isSymmetricFact } from "../numeric/instance.js";
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";

/** Whether the printed result is a gradient in X's shape (or Xᵀ's) for an X assumed symmetric: then it is printed as sym(∇). */
export function printsSymmetricGradient(x: VarNode, y: Expr, form: Form, assumptions: ReadonlyMap<string, ReadonlySet<Fact>>): boolean {
  if (!isSymmetricFact(assumptions.get(x.name)) || !isSquareMatrixShape(x.shape)) return false;
  return form === "grad" || (form === "jacobian" && isScalarShape(y.shape));
}

/** sym(R) = (R + Rᵀ)/2, left to the simplifier (which collapses it when R is symmetric already). */
export function symmetrise(r: Expr): Expr {
  return div(add([r, transpose(r)]), r.graph.num(2));
}

/** The Matrix Cookbook's gradient for a symmetric X from matdiff's sym(∇) S: 2S − S ⊙ I. */
export function cookbookSymmetric(s: Mat): Mat {
  const out = M.scale(2, s);
  for (let i = 0; i < Math.min(s.rows, s.cols); i++) out.data[i + i * s.rows] = s.data[i + i * s.rows]!;
  return out;
}
