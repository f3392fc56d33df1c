/**
 * A graph's shape as flat arrays by node id: each node's argument ids, one run after another (nodes never change
 * once built, and ids are handed out in order, so the runs are appended). A walk that needs only who uses whom
 * (a topological order) reads a few megabytes of integers in order instead of following the node objects, which
 * lie scattered over a heap of tens of megabytes once a graph is large: at T = 10,000 a walk over the objects
 * costs several times more per node than at T = 1,000, where the heap still fits in the processor's caches.
 */

/** What the structure reads of a node when it is built (node.ts's nodes; no import of them, so no circle). */
export interface StructureNode {
  readonly id: number;
  readonly kind: string;
  readonly args?: readonly { readonly id: number }[];
}

/** Nodes are listed in pages of this many: a list of a million nodes grown by push is copied, in full, a few dozen times. */
const NODE_PAGE_BITS = 12;
const NODE_PAGE = 1 << NODE_PAGE_BITS;

export class Structure<N extends StructureNode> {
  /**
   * The node of each id (0 is no node), in pages: the first grows by push (a graph of a few dozen nodes needs no
   * more), the others are made whole. Each page is a few tens of kilobytes, so no node list ever becomes one
   * object of megabytes that is copied at every growth into freshly mapped memory.
   */
  private readonly nodes: N[][] = [[undefined as unknown as N]];
  private count = 1;
  /** Where the argument ids of node id start in `argIds`; they end where those of id + 1 start. */
  private starts = new Int32Array(64);
  private argIds = new Int32Array(128);
  private used = 0;

  /** Record `node`, just built with the next id. */
  add(node: N): void {
    const id = node.id;
    if (id !== this.count) throw new Error(`node ${id} recorded out of order (expected ${this.count})`);
    const slot = id & (NODE_PAGE - 1);
    if (id < NODE_PAGE) this.nodes[0]!.push(node);
    else if (slot === 0) {
      const page = new Array<N>(NODE_PAGE);
      page[0] = node;
      this.nodes.push(page);
    } else this.nodes[id >> NODE_PAGE_BITS]![slot] = node;
    this.count++;
    if (id + 2 > this.starts.length) this.starts = grown(this.starts, id + 2);
    this.starts[id] = this.used;
    const args = node.args;
    if (args !== undefined) {
      if (this.used + args.length > this.argIds.length) this.argIds = grown(this.argIds, this.used + args.length);
      for (let i = 0; i < args.length; i++) this.argIds[this.used++] = args[i]!.id;
    }
    this.starts[id + 1] = this.used;
  }

  node(id: number): N {
    return this.nodes[id >> NODE_PAGE_BITS]![id & (NODE_PAGE - 1)]!;
  }

  /** The number of arguments of node id. */
  arity(id: number): number {
    return this.starts[id + 1]! - this.starts[id]!;
  }

  /** The id of argument k of node id. */
  arg(id: number, k: number): number {
    return this.argIds[this.starts[id]! + k]!;
  }
}

/** A copy of `a` with room for at least `need` entries (doubling). */
export function grown(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(Math.max(need, a.length * 2));
  out.set(a);
  return out;
}
