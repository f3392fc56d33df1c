/**
 * Walking the surface tree without recursion, so that no pass recurses on
 * the input's depth: `enter` runs before a node's children and `leave`
 * after them, in the order a recursive pass would run them (children left
 * to right, each subtree finished before the next is entered).
 */
import type { Node } from "./ast.js";
import { assertNever } from "./ast.js";

/** No children (one shared array: a leaf allocates nothing). */
export const NO_CHILDREN: readonly Node[] = Object.freeze([]);

/** A node's subexpressions, left to right. */
export function childrenOf(node: Node): readonly Node[] {
  switch (node.kind) {
    case "name":
    case "number":
      return NO_CHILDREN;
    case "binary":
      return [node.left, node.right];
    case "neg":
    case "transpose":
      return [node.arg];
    case "call":
      return node.args;
    default:
      return assertNever(node);
  }
}

export interface Visitor {
  enter?(node: Node): void;
  leave(node: Node): void;
  /** The children to visit (default: all of them). */
  children?(node: Node): readonly Node[];
}

export function walk(root: Node, visitor: Visitor): void {
  const childrenOfNode = visitor.children ?? childrenOf;
  // The path being walked as parallel stacks (a node, its children once entered, the next child): no frame object
  // per node.
  const nodes: Node[] = [root];
  const kids: (readonly Node[] | null)[] = [null];
  const next: number[] = [0];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top]!;
    let children = kids[top] ?? null;
    if (children === null) {
      visitor.enter?.(node);
      kids[top] = children = childrenOfNode(node);
    }
    const k = next[top]!;
    if (k < children.length) {
      next[top] = k + 1;
      nodes.push(children[k]!);
      kids.push(null);
      next.push(0);
      continue;
    }
    nodes.pop();
    kids.pop();
    next.pop();
    visitor.leave(node);
  }
}
