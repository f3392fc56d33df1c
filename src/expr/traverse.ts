/**
 * Walking the graph without recursion (deep expressions must not overflow
 * the stack): a topological order and dependency sets. (Substitution
 * builds nodes, so it lives with the builders: ops/make.ts.)
 */
import type { Expr } from "./node.js";

/** A node of any hash-consed graph (the expression graph, the code graph): an id, and arguments when it is an operator. */
export interface GraphNode<T> {
  readonly id: number;
  readonly kind: string;
  readonly args?: readonly T[];
}

/**
 * Every distinct node reachable from the roots, each after all of its
 * arguments; a node for which `stop` holds is listed but not entered (a
 * pass that already knows it needs none of its arguments).
 */
export function topoOrder<T extends GraphNode<T>>(roots: readonly T[], stop?: (node: T) => boolean): T[] {
  const out: T[] = [];
  const done = new Set<number>();
  const stack: { node: T; next: number }[] = [];
  for (const root of roots) {
    if (done.has(root.id)) continue;
    stack.push({ node: root, next: 0 });
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const args = top.node.kind === "op" && !(top.next === 0 && stop?.(top.node)) ? top.node.args ?? [] : [];
      if (top.next < args.length) {
        const child = args[top.next++]!;
        if (!done.has(child.id)) stack.push({ node: child, next: 0 });
      } else {
        stack.pop();
        if (!done.has(top.node.id)) {
          done.add(top.node.id);
          out.push(top.node);
        }
      }
    }
  }
  return out;
}

/** The ids of the nodes that depend on `v` (including v). */
export function dependents(roots: readonly Expr[], v: Expr): Set<number> {
  const deps = new Set<number>();
  for (const node of topoOrder(roots)) {
    if (node === v || (node.kind === "op" && node.args.some((a) => deps.has(a.id)))) deps.add(node.id);
  }
  return deps;
}

/** The names of input variables a graph uses. */
export function inputNames(root: Expr): Set<string> {
  const names = new Set<string>();
  for (const n of topoOrder([root])) if (n.kind === "var" && n.role === "input") names.add(n.name);
  return names;
}
