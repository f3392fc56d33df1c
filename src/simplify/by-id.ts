/**
 * The simplifier's walks over tables by node id (expr/by-id.ts): a value per node of a tree of products, and a
 * node rebuilt from its arguments' entries.
 */
import type { Expr, OpNode } from "../expr/node.js";
import { type ById, perGraph } from "../expr/by-id.js";
import { make } from "../ops/make.js";

/**
 * A value per node of a tree of products, remembered per graph by node id and computed children first without
 * recursion: `split(f)` gives f's two parts (null: a leaf, valued `single(f)`), `join` combines the parts' values.
 * Where `opensLeft(f)` is false, f's left part is valued as a leaf without being opened (s·M's scalar s in a chain).
 */
export function memoisedOverParts<V>(
  split: (f: Expr) => readonly [Expr, Expr] | null, single: (f: Expr) => V, join: (left: V, right: V) => V,
  opensLeft: (f: Expr) => boolean = () => true,
): (e: Expr) => V {
  const tableOf = perGraph<V>();
  return (e) => {
    const memo = tableOf(e);
    // Asked again (most calls): one look-up, nothing allocated.
    const known = memo.get(e.id);
    if (known !== undefined) return known;
    const stack: Expr[] = [e];
    while (stack.length > 0) {
      const f = stack[stack.length - 1]!;
      if (memo.has(f.id)) {
        stack.pop();
        continue;
      }
      const p = split(f);
      if (p === null) {
        memo.set(f.id, single(f));
        stack.pop();
        continue;
      }
      const left = opensLeft(f) ? p[0] : null;
      const leftWaits = left !== null && !memo.has(left.id);
      const rightWaits = !memo.has(p[1].id);
      if (leftWaits || rightWaits) {
        if (leftWaits) stack.push(left);
        if (rightWaits) stack.push(p[1]);
        continue;
      }
      memo.set(f.id, join(left ? memo.get(left.id)! : single(p[0]), memo.get(p[1].id)!));
      stack.pop();
    }
    return memo.get(e.id)!;
  };
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
    // A copy of the whole list, then written in place: an array grown by push keeps room for 16 more entries, and
    // the rebuilt node holds its arguments for as long as the graph lives (20 MB of a 10,000-deep nest's memory).
    if (args === null && b !== a) args = node.args.slice();
    if (args !== null) args[i] = b;
  }
  return args === null ? node : make(node.op, args, node.attr);
}
