/**
 * Walking the graph without recursion (deep expressions must not overflow
 * the stack): a topological order and dependency sets. (Substitution
 * builds nodes, so it lives with the builders: ops/make.ts.)
 */
import type { Expr } from "./node.js";
import { CountById } from "./by-id.js";
import { type Structure, grown } from "./structure.js";

/** A node of any hash-consed graph (the expression graph, the code graph): an id, and arguments when it is an operator. */
export interface GraphNode<T> {
  readonly id: number;
  readonly kind: string;
  readonly args?: readonly T[];
}

const NO_ARGS: readonly never[] = [];

/**
 * The visited set of a walk: a stamp per id in one array that every walk reuses (ids are small integers), so
 * marking and testing a node touch a few bytes instead of a hash table of the graph's size, and a walk costs
 * only what it visits. A walk started while another is under way (from a `stop` callback) uses a Set.
 */
class Stamps {
  private stamps = new Uint16Array(1024);
  private epoch = 0;
  busy = false;

  /** Start a walk: every id unmarked. */
  begin(): void {
    this.busy = true;
    if (++this.epoch === 0x10000) {
      this.stamps.fill(0);
      this.epoch = 1;
    }
  }

  has(id: number): boolean {
    return id < this.stamps.length && this.stamps[id] === this.epoch;
  }

  add(id: number): void {
    if (id >= this.stamps.length) {
      const grown = new Uint16Array(Math.max(id + 1, this.stamps.length * 2));
      grown.set(this.stamps);
      this.stamps = grown;
    }
    this.stamps[id] = this.epoch;
  }
}

const shared = new Stamps();

/**
 * Every distinct node reachable from the roots, each after all of its
 * arguments; a node whose id `stop` holds for is listed but not entered (a
 * pass that already knows it needs none of its arguments). Expression nodes
 * of one graph are walked over the graph's flat arrays (structure.ts), other
 * graphs' nodes (the code graph) over the nodes; both give the same order.
 */
export function topoOrder<T extends GraphNode<T>>(roots: readonly T[], stop?: (id: number) => boolean): T[] {
  const done: Visited = shared.busy ? new Set<number>() : shared;
  const own = done === shared;
  if (own) shared.begin();
  try {
    const structure = structureOf(roots);
    return structure ? walkStructure(structure, roots, stop, done) as unknown as T[] : walk(roots, stop, done);
  } finally {
    if (own) shared.busy = false;
  }
}

interface Visited {
  has(id: number): boolean;
  add(id: number): unknown;
}

/** The structure of the roots' graph when they are expression nodes of one graph, else null. */
function structureOf(roots: readonly unknown[]): Structure<Expr> | null {
  if (roots.length === 0) return null;
  const graph = (roots[0] as { graph?: { structure?: Structure<Expr> } }).graph;
  const structure = graph?.structure;
  if (!structure) return null;
  for (let i = 1; i < roots.length; i++) if ((roots[i] as { graph?: unknown }).graph !== graph) return null;
  return structure;
}

function walk<T extends GraphNode<T>>(roots: readonly T[], stop: ((id: number) => boolean) | undefined, done: Visited): T[] {
  const out: T[] = [];
  // The path being walked, as parallel stacks (a node, the next of its arguments to visit): no frame object per node.
  const nodes: T[] = [];
  const next: number[] = [];
  for (const root of roots) {
    if (done.has(root.id)) continue;
    nodes.push(root);
    next.push(0);
    while (nodes.length) {
      const top = nodes.length - 1;
      const node = nodes[top]!;
      const k = next[top]!;
      const args = node.kind === "op" && !(k === 0 && stop?.(node.id)) ? node.args ?? NO_ARGS : NO_ARGS;
      if (k < args.length) {
        next[top] = k + 1;
        const child = args[k]!;
        if (!done.has(child.id)) {
          nodes.push(child);
          next.push(0);
        }
      } else {
        nodes.pop();
        next.pop();
        if (!done.has(node.id)) {
          done.add(node.id);
          out.push(node);
        }
      }
    }
  }
  return out;
}

/**
 * Reusable typed stacks for walks over a graph's flat arrays: the path (ids, and the next argument of each) and the
 * ids listed so far. A JS array grown by push past a hundred thousand entries is copied into freshly mapped memory at
 * each growth, and on a virtual machine each fresh page costs a fault of several microseconds: at T = 10,000 the
 * walks' growing arrays cost more than the walks. These grow once per process and are reused by every walk.
 */
class IdStacks {
  path = new Int32Array(1024);
  next = new Int32Array(1024);
  listed = new Int32Array(1024);
  /** Room for `n` entries in the path (and in the list), keeping what is there. */
  room(n: number): void {
    if (n <= this.path.length) return;
    this.path = grown(this.path, n);
    this.next = grown(this.next, n);
    this.listed = grown(this.listed, n);
  }
}

const sharedStacks = new IdStacks();

/**
 * The walk above over the graph's flat arrays: ids on typed stacks (the shared ones unless a walk is already under
 * way), the node objects read only to list them, into an array made once at its final length.
 */
function walkStructure(structure: Structure<Expr>, roots: readonly GraphNode<unknown>[], stop: ((id: number) => boolean) | undefined, done: Visited): Expr[] {
  const stacks = done === shared ? sharedStacks : new IdStacks();
  let depth = 0;
  let listed = 0;
  for (let r = 0; r < roots.length; r++) {
    const rootId = roots[r]!.id;
    if (done.has(rootId)) continue;
    stacks.room(depth + 1);
    stacks.path[depth] = rootId;
    stacks.next[depth] = 0;
    depth++;
    while (depth > 0) {
      const top = depth - 1;
      const id = stacks.path[top]!;
      const k = stacks.next[top]!;
      let arity = structure.arity(id);
      if (k === 0 && arity > 0 && stop?.(id)) arity = 0;
      if (k < arity) {
        stacks.next[top] = k + 1;
        const child = structure.arg(id, k);
        if (!done.has(child)) {
          // A node is on the path at most once and listed at most once, so both stay within the listed count plus the path.
          stacks.room(Math.max(depth, listed) + 1);
          stacks.path[depth] = child;
          stacks.next[depth] = 0;
          depth++;
        }
      } else {
        depth--;
        if (!done.has(id)) {
          done.add(id);
          stacks.room(listed + 1);
          stacks.listed[listed++] = id;
        }
      }
    }
  }
  const out = new Array<Expr>(listed);
  for (let i = 0; i < listed; i++) out[i] = structure.node(stacks.listed[i]!);
  return out;
}

/** The nodes that take each node of `order` as an argument, by id, each user once. */
export function usersOf(order: readonly Expr[]): Map<number, Expr[]> {
  const users = new Map<number, Expr[]>();
  for (const node of order) {
    if (node.kind !== "op") continue;
    for (const a of node.args) {
      const list = users.get(a.id);
      if (!list) users.set(a.id, [node]);
      else if (list[list.length - 1] !== node) list.push(node);
    }
  }
  return users;
}

/**
 * A stop for topoOrder at the nodes built before v: a node is built after its arguments (ids grow as a graph
 * grows), so none of them contains v. A pass over what depends on a differential walks only what came after it,
 * not the constant factors of y it reaches (fifty --wrt names of one long sum walk the sum once, not fifty times).
 */
export const builtBefore = (v: Expr): ((id: number) => boolean) => (id) => id < v.id;

/**
 * The nodes that depend on `v` (including v), or on any of several, as flags by id; `order` is the roots'
 * topological order when a caller has it.
 */
export function dependents(roots: readonly Expr[], v: Expr | readonly Expr[], order: readonly Expr[] = topoOrder(roots)): IdSet {
  const deps = new CountById();
  // The sources first (a source the roots do not reach is flagged too, and never asked about).
  if (Array.isArray(v)) for (const s of v as readonly Expr[]) deps.add(s.id);
  else deps.add((v as Expr).id);
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    if (!deps.has(node.id) && node.kind === "op" && anyIn(node.args, deps)) deps.add(node.id);
  }
  return deps;
}

/**
 * The nodes that two argument slots of `order`'s nodes use (in one node or in two), as flags by id; only the
 * arguments `counted` picks are counted. Their derived values (a differential, a cotangent, a vec Jacobian) are used
 * twice as well, and stay whole where sums meet them (ops/make.ts, keepWholeIfSum).
 */
export function usedTwice(order: readonly Expr[], counted: (id: number) => boolean = () => true): IdSet {
  const uses = new CountById();
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    if (node.kind !== "op") continue;
    // Indexed, as in Graph.op: run at every start.
    for (let j = 0; j < node.args.length; j++) if (counted(node.args[j]!.id)) uses.add(node.args[j]!.id);
  }
  return { has: (id) => uses.get(id) >= 2 };
}

/** Which ids are in. */
export interface IdSet {
  has(id: number): boolean;
}

function anyIn(args: readonly Expr[], ids: IdSet): boolean {
  for (let i = 0; i < args.length; i++) if (ids.has(args[i]!.id)) return true;
  return false;
}

/** The names of input variables a graph uses. */
export function inputNames(root: Expr): Set<string> {
  const names = new Set<string>();
  for (const n of topoOrder([root])) if (n.kind === "var" && n.role === "input") names.add(n.name);
  return names;
}

/** Whether no variable is below `root` (its value is a constant: 2·1e308, sqrt(2)): memoised per node, walked with a stack. */
const NO_VARIABLE = new WeakMap<Expr, boolean>();
export function readsNoVariable(root: Expr): boolean {
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    const e = stack[stack.length - 1]!;
    const pending = e.kind === "op" ? e.args.filter((a) => !NO_VARIABLE.has(a)) : [];
    if (pending.length > 0) {
      stack.push(...pending);
      continue;
    }
    stack.pop();
    if (!NO_VARIABLE.has(e)) NO_VARIABLE.set(e, e.kind === "op" ? e.args.every((a) => NO_VARIABLE.get(a)) : e.kind !== "var");
  }
  return NO_VARIABLE.get(root)!;
}
