/**
 * Tables keyed by node id for the simplifier. Ids are small consecutive integers, so an array indexed by id
 * holds what a hash table of the graph's size would, at the cost of a load: the engine asks them at every
 * node it visits, of graphs of a million nodes.
 */
import type { Expr, Graph, OpNode } from "../expr/node.js";
import { make } from "../ops/make.js";

/** A value per node id (undefined: none yet). */
export class ById<T> {
  private readonly items: (T | undefined)[] = [];

  get(id: number): T | undefined {
    return this.items[id];
  }

  has(id: number): boolean {
    return this.items[id] !== undefined;
  }

  set(id: number, value: T): void {
    // Grown one slot at a time, so the array stays dense (ids beyond its end are new nodes, built in order).
    while (this.items.length <= id) this.items.push(undefined);
    this.items[id] = value;
  }
}

/**
 * A value per node remembered for as long as its graph lives: one table by node id per graph (ids are unique
 * only within a graph). For what the rules ask of the same nodes again and again (factor counts, edges of chains,
 * printed lengths), where a weak map keyed by node costs more than the value.
 */
export function perGraph<T>(): (node: Expr) => ById<T> {
  const tables = new WeakMap<Graph, ById<T>>();
  return (node) => {
    let table = tables.get(node.graph);
    if (!table) tables.set(node.graph, (table = new ById<T>()));
    return table;
  };
}

/** A small count per node id, saturating at 255 (the engine asks only whether it is above 1), or a flag (0 or not). */
export class CountById {
  private counts = new Uint8Array(1024);

  get(id: number): number {
    return id < this.counts.length ? this.counts[id]! : 0;
  }

  has(id: number): boolean {
    return this.get(id) > 0;
  }

  add(id: number): void {
    if (id >= this.counts.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    if (this.counts[id]! < 255) this.counts[id]!++;
  }

  /** Set to 0 (a flag cleared). */
  clear(id: number): void {
    if (id < this.counts.length) this.counts[id] = 0;
  }
}

/**
 * The node with each argument replaced by what `table` holds for it (a value for every argument): the node
 * itself when none changed, without building an array (most nodes a rewrite builds are final as they are).
 */
export function withArgumentsFrom(node: OpNode, table: ById<Expr>): Expr {
  let args: Expr[] | null = null;
  for (let i = 0; i < node.args.length; i++) {
    const a = node.args[i]!;
    const b = table.get(a.id)!;
    if (args === null && b !== a) args = node.args.slice(0, i);
    args?.push(b);
  }
  return args === null ? node : make(node.op, args, node.attr);
}
