/**
 * Walking the graph without recursion (deep expressions must not overflow
 * the stack): a topological order and dependency sets. (Substitution
 * builds nodes, so it lives with the builders: ops/make.ts.)
 */
import type { Expr } from "./node.js";
import { CountById } from "./by-id.js";

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
 * arguments; a node for which `stop` holds is listed but not entered (a
 * pass that already knows it needs none of its arguments).
 */
export function topoOrder<T extends GraphNode<T>>(roots: readonly T[], stop?: (node: T) => boolean): T[] {
  if (shared.busy) return walk(roots, stop, new Set<number>());
  shared.begin();
  try {
    return walk(roots, stop, shared);
  } finally {
    shared.busy = false;
  }
}

function walk<T extends GraphNode<T>>(roots: readonly T[], stop: ((node: T) => boolean) | undefined, done: { has(id: number): boolean; add(id: number): unknown }): T[] {
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
      const args = node.kind === "op" && !(k === 0 && stop?.(node)) ? node.args ?? NO_ARGS : NO_ARGS;
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
