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

/**
 * The path a walk is on, as parallel stacks (a node, its children once entered, the next child): no frame object
 * per node. One set serves every walk in turn and keeps its room: stacks grown by push to the depth of a
 * 10,000-step recurrence (40,000 levels) for each walk were copied at each growth into freshly mapped memory, where
 * each new page costs a fault. A walk started inside another (from a visitor) gets a set of its own.
 */
class PathStacks {
  readonly nodes: (Node | undefined)[] = [];
  readonly kids: (readonly Node[] | null | undefined)[] = [];
  readonly next: number[] = [];
  busy = false;
}

const sharedPath = new PathStacks();

export function walk(root: Node, visitor: Visitor): void {
  const path = sharedPath.busy ? new PathStacks() : sharedPath;
  path.busy = true;
  try {
    walkOn(path, root, visitor);
  } catch (e) {
    // A walk that finishes leaves its stacks empty; one stopped by a thrown diagnostic is emptied here, so that no
    // tree is kept alive by the stacks until the next walk.
    path.nodes.fill(undefined);
    path.kids.fill(undefined);
    throw e;
  } finally {
    path.busy = false;
  }
}

function walkOn(path: PathStacks, root: Node, visitor: Visitor): void {
  const childrenOfNode = visitor.children ?? childrenOf;
  const { nodes, kids, next } = path;
  nodes[0] = root;
  kids[0] = null;
  next[0] = 0;
  let depth = 1;
  while (depth > 0) {
    const top = depth - 1;
    const node = nodes[top]!;
    let children = kids[top] ?? null;
    if (children === null) {
      visitor.enter?.(node);
      kids[top] = children = childrenOfNode(node);
    }
    const k = next[top]!;
    if (k < children.length) {
      next[top] = k + 1;
      nodes[depth] = children[k]!;
      kids[depth] = null;
      next[depth] = 0;
      depth++;
      continue;
    }
    // Emptied as it is left, so the stacks keep no tree alive between walks.
    nodes[top] = undefined;
    kids[top] = undefined;
    depth--;
    visitor.leave(node);
  }
}
