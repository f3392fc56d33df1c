/**
 * Walking the graph without recursion (deep expressions must not overflow
 * the stack): a topological order, dependency sets and substitution.
 */
import type { Expr } from "./node.js";
import { make } from "../ops/make.js";

/** Every distinct node reachable from the roots, each after all of its arguments. */
export function topoOrder(roots: readonly Expr[]): Expr[] {
  const out: Expr[] = [];
  const done = new Set<number>();
  const stack: { node: Expr; next: number }[] = [];
  for (const root of roots) {
    if (done.has(root.id)) continue;
    stack.push({ node: root, next: 0 });
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const args = top.node.kind === "op" ? top.node.args : [];
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

/** Rebuild `root` with each node in `replace` swapped for its replacement. */
export function substitute(root: Expr, replace: ReadonlyMap<number, Expr>): Expr {
  const built = new Map<number, Expr>();
  for (const node of topoOrder([root])) {
    const r = replace.get(node.id);
    if (r) {
      built.set(node.id, r);
    } else if (node.kind === "op") {
      const args = node.args.map((a) => built.get(a.id)!);
      built.set(node.id, args.every((a, i) => a === node.args[i]) ? node : make(node.op, args, node.attr));
    } else {
      built.set(node.id, node);
    }
  }
  return built.get(root.id)!;
}

/** The names of input variables a graph uses. */
export function inputNames(root: Expr): Set<string> {
  const names = new Set<string>();
  for (const n of topoOrder([root])) if (n.kind === "var" && n.role === "input") names.add(n.name);
  return names;
}
