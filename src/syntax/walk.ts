/**
 * Walking the surface tree without recursion, so that no pass recurses on
 * the input's depth: `enter` runs before a node's children and `leave`
 * after them, in the order a recursive pass would run them (children left
 * to right, each subtree finished before the next is entered).
 */
import type { Node } from "./ast.js";
import { assertNever } from "./ast.js";

/** A node's subexpressions, left to right. */
export function childrenOf(node: Node): readonly Node[] {
  switch (node.kind) {
    case "name":
    case "number":
      return [];
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
  const stack: { node: Node; children: readonly Node[] | null; next: number }[] = [{ node: root, children: null, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.children === null) {
      visitor.enter?.(top.node);
      top.children = childrenOfNode(top.node);
    }
    if (top.next < top.children.length) {
      stack.push({ node: top.children[top.next++]!, children: null, next: 0 });
      continue;
    }
    stack.pop();
    visitor.leave(top.node);
  }
}
