/**
 * The Jacobian J = ∂vec(Y)/∂vec(X)ᵀ of dY = L(dX), built forward: vec(dX) =
 * I vec(dX), and each linear operator maps the J of its linear argument
 * through its vec rule (vec(A dX B) = (Bᵀ ⊗ A) vec(dX), vec(M ⊙ dX) =
 * diag(vec M) vec(dX), vec(dXᵀ) = K vec(dX), …). Kronecker factors with a
 * dimension of 1 are collapsed later by the simplifier.
 */
import type { Expr, OpNode, VarNode } from "../expr/node.js";
import { builtBefore, dependents, topoOrder, usedTwice } from "../expr/traverse.js";
import { ById } from "../expr/by-id.js";
import { add, identity, keepWholeIfSum, zeros } from "../ops/make.js";
import { stanzaOf } from "../ops/registry.js";
import { type Shape, sizeOf } from "../shapes/shape.js";

/** One application of a vec rule: vec(node) = out · vec(dX), from vec(node.args[argIndex]) = jArg · vec(dX). */
export interface VecStep {
  readonly node: OpNode;
  readonly argIndex: number;
  readonly jArg: Expr;
  readonly out: Expr;
}

export function vecJacobian(linear: Expr | null, dX: VarNode, yShape: Shape, record?: (s: VecStep) => void): Expr {
  if (linear === null) return zeros(dX.graph, { rows: sizeOf(yShape), cols: sizeOf(dX.shape) });
  const order = topoOrder([linear], builtBefore(dX));
  const isLinear = dependents([linear], dX, order);
  const j = new ById<Expr>();
  const shared = usedTwice(order, (id) => isLinear.has(id));
  for (let k = 0; k < order.length; k++) {
    const node = order[k]!;
    if (!isLinear.has(node.id)) continue;
    if (node === dX) {
      j.set(node.id, identity(dX.graph, sizeOf(dX.shape)));
      continue;
    }
    if (node.kind !== "op") continue;
    const stanza = stanzaOf(node.op);
    const terms: Expr[] = [];
    for (let i = 0; i < node.args.length; i++) {
      const arg = node.args[i]!;
      if (!isLinear.has(arg.id)) continue;
      if (!stanza.vecJacobian) throw new Error(`${node.op} has no vec rule but carries d${dX.name}`);
      const out = stanza.vecJacobian(node, i, j.get(arg.id)!);
      record?.({ node, argIndex: i, jArg: j.get(arg.id)!, out });
      terms.push(out);
    }
    const jn = add(terms);
    j.set(node.id, jn);
    // The J of a value used twice is used twice: later sums keep it whole (a residual chain's Jᵢ = Dᵢ W Jᵢ₋₁ + Jᵢ₋₁
    // would otherwise hold i terms, quadratic in the chain's length).
    if (shared.has(node.id)) keepWholeIfSum(jn);
  }
  return j.get(linear.id)!;
}
