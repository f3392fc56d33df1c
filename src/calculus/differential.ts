/**
 * Linearisation: from Y to dY, an expression linear in dX, by each
 * operator's differential rule (one per stanza), visiting every shared
 * subexpression once. null means the differential is zero.
 *
 * Only the nodes that depend on a varying variable have a differential, so
 * only those are visited. The first differential of an expression walks its
 * topological order forward from the first seed. The order is kept per root;
 * when the same expression is differentiated again (with respect to another
 * of many --wrt names), each node's users are worked out once and each later
 * differential visits only the cone above its seeds, so 5,000 --wrt names
 * cost the size of each one's cone, not the whole expression again for each.
 */
import type { Expr, OpNode, VarNode } from "../expr/node.js";
import { type IdSet, topoOrder, usedTwice, usersOf } from "../expr/traverse.js";
import { IdTable } from "../expr/by-id.js";
import { keepWholeIfSum } from "../ops/make.js";
import { stanzaOf } from "../ops/registry.js";

interface Structure {
  /** The root's nodes, each after its arguments. */
  readonly order: readonly Expr[];
  /** Each node's index in `order`, by id (a table by id, not a hash table rebuilt at each growth of a large order). */
  readonly position: IdTable<number>;
  /** The nodes that take each node as an argument, by id: built when the root is differentiated a second time. */
  users: ReadonlyMap<number, readonly Expr[]> | null;
  /** How many differentials of the root were taken. */
  uses: number;
  /** The nodes that two argument slots use (in one user or two), found when first asked. */
  shared: IdSet | null;
}

const structures = new WeakMap<Expr, Structure>();

/** The root's structure, kept for its next differential unless `keep` is false (a root differentiated once). */
function structureOf(root: Expr, keep: boolean): Structure {
  const known = structures.get(root);
  if (known) return known;
  const order = topoOrder([root]);
  const position = new IdTable<number>();
  for (let k = 0; k < order.length; k++) position.set(order[k]!.id, k);
  const s: Structure = { order, position, users: null, uses: 0, shared: null };
  if (keep) structures.set(root, s);
  return s;
}

export function differential(root: Expr, wrt: VarNode, dX: VarNode): Expr | null {
  return differentialOf(root, new Map([[wrt.id, dX]]));
}

/**
 * d(root) when each variable in `seeds` varies by its differential (all others are constant). `once` says that no
 * other differential of this root will be asked for: its order and positions are not kept for one (a --steps chain
 * differentiates each of 20,000 links once; kept, their tables were a fifth of the memory a printout needed).
 */
export function differentialOf(root: Expr, seeds: ReadonlyMap<number, Expr>, once = false): Expr | null {
  const s = structureOf(root, !once);
  const { order, position } = s;
  // The seeds this expression uses, found from whichever side is smaller (a --steps chain seeds every earlier link).
  const present: number[] = [];
  if (seeds.size <= order.length) {
    for (const id of seeds.keys()) if (position.has(id)) present.push(id);
  } else {
    for (const n of order) if (seeds.has(n.id)) present.push(n.id);
  }
  if (present.length === 0) return null;
  // Outside the visited positions every differential is zero (absent from d).
  const d = new Map<number, Expr>();
  const visit = (node: Expr): void => {
    if (node.kind === "var") {
      const seed = seeds.get(node.id);
      if (seed) d.set(node.id, seed);
      return;
    }
    if (node.kind !== "op") return;
    const dn = differentialAt(node, d);
    if (dn === null) return;
    d.set(node.id, dn);
    // The differential of a value used twice is itself used twice: its users' sums keep it whole.
    if (dn.kind === "op" && dn.op === "add" && (s.shared ??= usedTwice(s.order)).has(node.id)) keepWholeIfSum(dn);
  };
  if (++s.uses === 1) {
    // A first differential: forward through the order from the first seed.
    let first = order.length;
    for (const id of present) first = Math.min(first, position.get(id)!);
    for (let k = first; k < order.length; k++) visit(order[k]!);
  } else {
    for (const k of conePositions(s, present)) visit(order[k]!);
  }
  return d.get(root.id) ?? null;
}

/** Past this many arguments, a node's varying ones are found from the differentials known so far instead of from its arguments. */
const WIDE = 32;

/** Where each argument of a wide node sits among its arguments, by id: made once per node, for every --wrt name after. */
const argumentPositions = new WeakMap<OpNode, Map<number, number[]>>();

function positionsIn(node: OpNode): Map<number, number[]> {
  let at = argumentPositions.get(node);
  if (at) return at;
  at = new Map();
  for (let k = 0; k < node.args.length; k++) {
    const list = at.get(node.args[k]!.id);
    if (list) list.push(k);
    else at.set(node.args[k]!.id, [k]);
  }
  argumentPositions.set(node, at);
  return at;
}

/**
 * d(node) from the differentials known so far (null: it does not vary). A node of many arguments, most of them
 * constant (a sum of 20,000 terms differentiated with respect to each of its 20,000 names), finds its varying
 * ones from the few differentials known rather than by asking about every argument, and a linear one adds
 * just those (sparseDifferential).
 */
function differentialAt(node: OpNode, d: ReadonlyMap<number, Expr>): Expr | null {
  const n = node.args.length;
  const stanza = stanzaOf(node.op);
  if (n <= WIDE || d.size >= n) {
    let varies = false;
    for (let k = 0; k < n; k++) if (d.has(node.args[k]!.id)) varies = true;
    return varies ? stanza.differential(node, node.args.map((a) => d.get(a.id) ?? null)) : null;
  }
  const at = positionsIn(node);
  const varying: [number, Expr][] = [];
  for (const [id, dv] of d) for (const k of at.get(id) ?? []) varying.push([k, dv]);
  if (varying.length === 0) return null;
  if (stanza.sparseDifferential) return stanza.sparseDifferential(node, varying.sort((a, b) => a[0] - b[0]));
  const ds = new Array<Expr | null>(n).fill(null);
  for (const [k, dv] of varying) ds[k] = dv;
  return stanza.differential(node, ds);
}

/** The positions in `order` of the seeds and every node above them, ascending. */
function conePositions(s: Structure, present: readonly number[]): Iterable<number> {
  const users = (s.users ??= usersOf(s.order));
  const inCone = new Set<number>(present);
  const stack = [...inCone];
  const cone: number[] = [];
  while (stack.length > 0) {
    const id = stack.pop()!;
    cone.push(s.position.get(id)!);
    for (const user of users.get(id) ?? []) {
      if (inCone.has(user.id)) continue;
      inCone.add(user.id);
      stack.push(user.id);
    }
  }
  return cone.sort((a, b) => a - b);
}
