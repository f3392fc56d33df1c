/**
 * Transposition: from dY = L(dX) to the gradient ∂ℓ/∂X = L*(G), the adjoint
 * of L under the Frobenius product ⟨G, L(dX)⟩ = ⟨L*(G), dX⟩. Cotangents flow
 * from the root to dX through each linear operator's adjoint rule, summed
 * where a linear subexpression is shared (reverse accumulation), so the
 * work is linear in the size of the graph.
 */
import type { Expr, OpNode, VarNode } from "../expr/node.js";
import { dependents, topoOrder } from "../expr/traverse.js";
import { add, zeros } from "../ops/make.js";
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
  const order = topoOrder([linear]);
  const isLinear = dependents([linear], dX, order);
  const cotangents = new Map<number, Expr[]>([[linear.id, [seed]]]);
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k]!;
    const parts = cotangents.get(node.id);
    if (!parts || !isLinear.has(node.id)) continue;
    const ct = add(parts);
    if (node === dX) return ct;
    if (node.kind !== "op") continue;
    const stanza = stanzaOf(node.op);
    node.args.forEach((arg, i) => {
      if (!isLinear.has(arg.id)) return;
      if (!stanza.adjoint) throw new Error(`${node.op} has no adjoint rule but carries d${dX.name}`);
      const list = cotangents.get(arg.id) ?? [];
      const out = stanza.adjoint(node, i, ct);
      record?.({ node, argIndex: i, ct, out });
      list.push(out);
      cotangents.set(arg.id, list);
    });
  }
  return zeros(dX.graph, dX.shape);
}
