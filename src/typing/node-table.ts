/**
 * A value per surface-tree node, by the node's id (syntax/ast.ts NodeId): arrays in pages instead of a hash
 * table keyed by node, so that typing a 10,000-step recurrence (70,000 nodes, each asked about several times)
 * reads slots near each other instead of hashing every node. A node of another parse whose id is taken (a claim
 * typed beside its program) is kept in a hash table of its own, so ids never mix two nodes up.
 */
import type { Node } from "../syntax/ast.js";
import { ById } from "../expr/by-id.js";

export class NodeTable<T> {
  private readonly nodes = new ById<Node>();
  private readonly values = new ById<T>();
  private others: Map<Node, T> | null = null;
  /** The nodes in the order they were first given a value (the order forEach visits, as a Map's would). */
  private readonly inserted: Node[] = [];

  get(node: Node): T | undefined {
    const held = this.nodes.get(node.id);
    if (held === node) return this.values.get(node.id);
    return this.others?.get(node);
  }

  set(node: Node, value: T): void {
    const held = this.nodes.get(node.id);
    if (held === undefined || held === node) {
      if (held === undefined) {
        this.nodes.set(node.id, node);
        this.inserted.push(node);
      }
      this.values.set(node.id, value);
      return;
    }
    if (!this.others) this.others = new Map();
    if (!this.others.has(node)) this.inserted.push(node);
    this.others.set(node, value);
  }

  /** Every value, in the order the nodes were first given one. */
  forEach(visit: (value: T) => void): void {
    for (let i = 0; i < this.inserted.length; i++) visit(this.get(this.inserted[i]!)!);
  }
}
