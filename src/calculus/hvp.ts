/**
 * The Hessian–vector product of a scalar y, in closed form and in X's shape,
 * without forming the Hessian:
 *   ∇ = ∂y/∂X, the adjoint of dy = ⟨∇, dX⟩ with cotangent 1;
 *   H·dX = d∇, the differential of the gradient in the direction dX
 * (vec(d∇) = H vec(dX), H the symmetric Hessian ∂²y/∂vec(X)∂vec(X)ᵀ).
 * For xᵀAx this gives (A + Aᵀ) dx; for the logistic loss, Xᵀ (s ⊙ (1 − s) ⊙ (X dw)).
 */
import type { Expr, VarNode } from "../expr/node.js";
import { adjoint } from "./adjoint.js";
import { differential } from "./differential.js";

export interface HessianVectorProduct {
  /** ∇y, shaped like X. */
  readonly gradient: Expr;
  /** H·dX = d∇, shaped like X; null when the gradient does not depend on X (a zero Hessian). */
  readonly product: Expr | null;
}

/** `tidy` simplifies the gradient before it is differentiated again, so the product is built from its readable form. */
export function hessianVectorProduct(dY: Expr | null, x: VarNode, dX: VarNode, tidy: (e: Expr) => Expr): HessianVectorProduct {
  const gradient = tidy(adjoint(dY, x.graph.num(1), dX));
  return { gradient, product: differential(gradient, x, dX) };
}
