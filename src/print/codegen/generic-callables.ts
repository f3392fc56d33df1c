/**
 * The Python names of the generic functions a derivation uses:
 * an elementwise f is passed as f, f_prime, f_second (then f_third,
 * f_d4 …); a scalar g as g, grad_g, hess_g. Every code back-end reads them here.
 */
import type { Expr, OpNode, VarNode } from "../../expr/node.js";
import { topoOrder } from "../../expr/traverse.js";

const ELEMENTWISE_SUFFIX = ["", "_prime", "_second", "_third"];

/** The keyword argument a generic-function node calls. */
export function genericCallable(node: OpNode): string {
  const name = (node.args[1] as VarNode).name;
  switch (node.op) {
    case "genericMap": {
      const k = node.attr.k ?? 0;
      return `${name}${ELEMENTWISE_SUFFIX[k] ?? `_d${k}`}`;
    }
    case "genericScalar":
      return name;
    case "genericGrad":
      return `grad_${name}`;
    case "genericHess":
      return `hess_${name}`;
    default:
      throw new Error(`${node.op} is not a generic function`);
  }
}

/** Every callable the expressions call, with what it is, in first-use order. */
export function genericCallables(roots: readonly Expr[]): { key: string; what: string }[] {
  const out = new Map<string, string>();
  for (const n of topoOrder(roots)) {
    if (n.kind !== "op" || !n.op.startsWith("generic")) continue;
    const key = genericCallable(n);
    const name = (n.args[1] as VarNode).name;
    const what = n.op === "genericMap"
      ? (n.attr.k ?? 0) === 0 ? `the elementwise function ${name}` : `derivative ${n.attr.k} of ${name}, elementwise`
      : n.op === "genericScalar" ? `the scalar function ${name} of a matrix` : n.op === "genericGrad" ? `the gradient of ${name} (its argument's shape)` : `the Hessian of ${name} ((mn)×(mn))`;
    if (!out.has(key)) out.set(key, what);
  }
  return [...out].map(([key, what]) => ({ key, what }));
}
