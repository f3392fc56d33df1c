/**
 * Linearisation: from Y to dY, an expression linear in dX, by each
 * operator's differential rule (one per stanza), visiting every shared
 * subexpression once. null means the differential is zero.
 */
import type { Expr, VarNode } from "../expr/node.js";
import { topoOrder } from "../expr/traverse.js";
import { stanzaOf } from "../ops/registry.js";

export function differential(root: Expr, wrt: VarNode, dX: VarNode): Expr | null {
  return differentialOf(root, new Map([[wrt.id, dX]]));
}

/** d(root) when each variable in `seeds` varies by its differential (all others are constant). */
export function differentialOf(root: Expr, seeds: ReadonlyMap<number, Expr>): Expr | null {
  const d = new Map<number, Expr | null>();
  for (const node of topoOrder([root])) {
    if (node.kind === "var") d.set(node.id, seeds.get(node.id) ?? null);
    else if (node.kind === "num") d.set(node.id, null);
    else {
      const args = node.args.map((a) => d.get(a.id)!);
      d.set(node.id, args.every((a) => a === null) ? null : stanzaOf(node.op).differential(node, args));
    }
  }
  return d.get(root.id)!;
}
