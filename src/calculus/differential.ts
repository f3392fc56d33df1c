/**
 * Linearisation: from Y to dY, an expression linear in dX, by each
 * operator's differential rule (one per stanza), visiting every shared
 * subexpression once. null means the differential is zero.
 *
 * Only the nodes that depend on a varying variable have a differential, so
 * only those are visited: the cone above the seeds, in topological order.
 * The order and each node's users are worked out once per root and shared
 * by every differential of it, so that differentiating with respect to
 * many variables (5,000 --wrt names) costs the size of each one's cone, not
 * the whole expression again for each.
 */
import type { Expr, VarNode } from "../expr/node.js";
import { topoOrder } from "../expr/traverse.js";
import { stanzaOf } from "../ops/registry.js";

interface Structure {
  /** The root's nodes, each after its arguments. */
  readonly order: readonly Expr[];
  /** Each node's index in `order`, by id. */
  readonly position: ReadonlyMap<number, number>;
  /** The nodes that take each node as an argument, by id. */
  readonly users: ReadonlyMap<number, readonly Expr[]>;
}

const structures = new WeakMap<Expr, Structure>();

function structureOf(root: Expr): Structure {
  const known = structures.get(root);
  if (known) return known;
  const order = topoOrder([root]);
  const position = new Map<number, number>();
  const users = new Map<number, Expr[]>();
  order.forEach((node, k) => {
    position.set(node.id, k);
    if (node.kind !== "op") return;
    for (const a of node.args) {
      const list = users.get(a.id);
      if (!list) users.set(a.id, [node]);
      else if (list[list.length - 1] !== node) list.push(node);
    }
  });
  const s = { order, position, users };
  structures.set(root, s);
  return s;
}

export function differential(root: Expr, wrt: VarNode, dX: VarNode): Expr | null {
  return differentialOf(root, new Map([[wrt.id, dX]]));
}

/** d(root) when each variable in `seeds` varies by its differential (all others are constant). */
export function differentialOf(root: Expr, seeds: ReadonlyMap<number, Expr>): Expr | null {
  const { order, position, users } = structureOf(root);
  // The cone: the seeds in this expression and every node above them, as positions in `order`.
  const cone: number[] = [];
  const inCone = new Set<number>();
  const stack: number[] = [];
  // The seeds this expression uses, found from whichever side is smaller (a --steps chain seeds every earlier link).
  const present = seeds.size <= order.length ? [...seeds.keys()].filter((id) => position.has(id)) : order.filter((n) => seeds.has(n.id)).map((n) => n.id);
  for (const id of present) {
    if (!inCone.has(id)) {
      inCone.add(id);
      stack.push(id);
    }
  }
  while (stack.length > 0) {
    const id = stack.pop()!;
    cone.push(position.get(id)!);
    for (const user of users.get(id) ?? []) {
      if (inCone.has(user.id)) continue;
      inCone.add(user.id);
      stack.push(user.id);
    }
  }
  cone.sort((a, b) => a - b);
  // Outside the cone every differential is zero (null).
  const d = new Map<number, Expr | null>();
  for (const k of cone) {
    const node = order[k]!;
    if (node.kind === "var") d.set(node.id, seeds.get(node.id) ?? null);
    else if (node.kind === "num") d.set(node.id, null);
    else {
      const args = node.args.map((a) => d.get(a.id) ?? null);
      d.set(node.id, args.every((a) => a === null) ? null : stanzaOf(node.op).differential(node, args));
    }
  }
  return d.get(root.id) ?? null;
}
