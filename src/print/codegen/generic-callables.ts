/**
 * The Python names of the generic functions a derivation uses:
 * an elementwise f is passed as f, f_prime, f_second (then f_third,
 * f_d4 …); a scalar g as g, grad_g, hess_g. Every code back-end reads them here.
 * These keywords are fixed, so that a caller can always pass f_prime for f′:
 * a name of the expression (an input, G, d<wrt>) or a size equal to one is
 * refused (python-names.ts), never renamed. The local a function is bound to
 * steps aside from the module's own names like any local (np → np_).
 */
import type { Expr, OpNode, VarNode } from "../../expr/node.js";
import { topoOrder } from "../../expr/traverse.js";
import { RESERVED_NAMES, pythonName } from "./python-syntax.js";

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

/** The local the code calls a generic-function node through: its keyword, unless that is a name the module reads itself. */
export function genericLocal(node: OpNode): string {
  return pythonName(genericCallable(node), RESERVED_NAMES);
}

/** A function the code is passed: its keyword argument, the local it is bound to, the generic function it belongs to, and what it is. */
export interface GenericCallable {
  readonly key: string;
  readonly generic: string;
  readonly local: string;
  readonly what: string;
}

/** Every callable the expressions call, with what it is, in first-use order. */
export function genericCallables(roots: readonly Expr[]): GenericCallable[] {
  const out = new Map<string, { generic: string; what: string }>();
  for (const n of topoOrder(roots)) {
    if (n.kind !== "op" || !n.op.startsWith("generic")) continue;
    const key = genericCallable(n);
    const name = (n.args[1] as VarNode).name;
    const what = n.op === "genericMap"
      ? (n.attr.k ?? 0) === 0 ? `the elementwise function ${name}` : `derivative ${n.attr.k} of ${name}, elementwise`
      : n.op === "genericScalar" ? `the scalar function ${name} of a matrix` : n.op === "genericGrad" ? `the gradient of ${name} (its argument's shape)` : `the Hessian of ${name} ((mn)×(mn))`;
    if (!out.has(key)) out.set(key, { generic: name, what });
  }
  return [...out].map(([key, { generic, what }]) => ({ key, local: pythonName(key, RESERVED_NAMES), generic, what }));
}
