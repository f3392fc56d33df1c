/**
 * Transposition: from dY = L(dX) to the gradient ∂ℓ/∂X = L*(G), the adjoint
 * of L under the Frobenius product ⟨G, L(dX)⟩ = ⟨L*(G), dX⟩. Cotangents flow
 * from the root to dX through each linear operator's adjoint rule, summed
 * where a linear subexpression is shared (reverse accumulation), so the
 * work is linear in the size of the graph.
 */
import type { Expr, OpNode, VarNode } from "../expr/node.js";
import { builtBefore, dependents, topoOrder } from "../expr/traverse.js";
import { ById } from "../expr/by-id.js";
import { add, keepWholeIfSum, zeros } from "../ops/make.js";
import { stanzaOf } from "../ops/registry.js";

/** One application of an adjoint rule: ⟨ct, node⟩ = ⟨out, node.args[argIndex]⟩. */
export interface AdjointStep {
  readonly node: OpNode;
  readonly argIndex: number;
  readonly ct: Expr;
  readonly out: Expr;
}

export function adjoint(linear: Expr | null, seed: Expr, dX: VarNode, record?: (s: AdjointStep) => void): Expr {
  if (linear === null) return zeros(dX.graph, dX.shape);
  const order = topoOrder([linear], builtBefore(dX));
  const isLinear = dependents([linear], dX, order);
  // Each node's cotangent parts: the one part most nodes get, or a list once a second arrives (a shared node). A
  // list per node lived through the whole pass, which at 100,000 nodes outlasts several young-generation collections.
  const cotangents = new ById<Expr | Expr[]>();
  cotangents.set(linear.id, seed);
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    const parts = cotangents.get(node.id);
    if (!parts || !isLinear.has(node.id)) continue;
    const ct = Array.isArray(parts) ? add(parts) : parts;
    // A summed cotangent (a shared node's) flows on into each of the node's arguments: later sums keep it whole, or a
    // residual chain's āᵢ₋₁ = āᵢ + Wᵀ(āᵢ ⊙ Dᵢ) would copy āᵢ's terms into every earlier step (quadratic in its length).
    if (Array.isArray(parts)) keepWholeIfSum(ct);
    if (node === dX) return ct;
    if (node.kind !== "op") continue;
    const stanza = stanzaOf(node.op);
    for (let i = 0; i < node.args.length; i++) {
      const arg = node.args[i]!;
      if (!isLinear.has(arg.id)) continue;
      if (!stanza.adjoint) throw new Error(`${node.op} has no adjoint rule but carries d${dX.name}`);
      const out = stanza.adjoint(node, i, ct);
      record?.({ node, argIndex: i, ct, out });
      const prior = cotangents.get(arg.id);
      if (prior === undefined) cotangents.set(arg.id, out);
      else if (Array.isArray(prior)) prior.push(out);
      else cotangents.set(arg.id, [prior, out]);
    }
  }
  return zeros(dX.graph, dX.shape);
}
