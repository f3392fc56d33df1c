/**
 * The typed expression graph that every calculus pass works on.
 *
 * A closed union of three kinds: variables, numbers and operator
 * applications. Every node carries its resolved shape. Nodes are hash-consed:
 * building the same operator on the same arguments returns the same object,
 * so equal subexpressions are shared, compare with ===, and passes memoised by
 * `id` visit each distinct subexpression once (the derivative of a T-step
 * unrolled RNN stays linear in T).
 */
import type { Dim } from "../shapes/dim.js";
import { dimKey } from "../shapes/dim.js";
import type { Shape } from "../shapes/shape.js";
import { SCALAR, shapeKey } from "../shapes/shape.js";
import type { OpName } from "./names.js";

/**
 * input: a name of the user's expression; differential: dX;
 * upstream: G in the grad form; direction: a fixed matrix used by checks.
 */
export type VarRole = "input" | "differential" | "upstream";

interface NodeBase {
  readonly id: number;
  readonly shape: Shape;
}

export interface VarNode extends NodeBase {
  readonly kind: "var";
  readonly name: string;
  readonly role: VarRole;
}

export interface NumNode extends NodeBase {
  readonly kind: "num";
  readonly value: number;
}

/** Operator parameters that are not subexpressions: sizes, integer exponents. */
export interface Attr {
  readonly dims?: readonly Dim[];
  readonly k?: number;
}

export interface OpNode extends NodeBase {
  readonly kind: "op";
  readonly op: OpName;
  readonly args: readonly Expr[];
  readonly attr: Attr;
}

export type Expr = VarNode | NumNode | OpNode;

const NO_ATTR: Attr = Object.freeze({});

let nextId = 1;
let table = new Map<string, Expr>();

/** Forget interned nodes (called at the start of each top-level request). */
export function resetGraph(): void {
  table = new Map();
}

function intern<T extends Expr>(key: string, build: (id: number) => T): T {
  const found = table.get(key);
  if (found) return found as T;
  const node = build(nextId++);
  table.set(key, node);
  return node;
}

export function variable(name: string, shape: Shape, role: VarRole = "input"): VarNode {
  return intern(`v:${role}:${name}:${shapeKey(shape)}`, (id) => ({ kind: "var", id, shape, name, role }));
}

export function num(value: number): NumNode {
  const v = Object.is(value, -0) ? 0 : value;
  return intern(`n:${v}`, (id) => ({ kind: "num", id, shape: SCALAR, value: v }));
}

function attrKey(attr: Attr): string {
  let key = "";
  if (attr.dims) key += attr.dims.map(dimKey).join(",");
  if (attr.k !== undefined) key += `k${attr.k}`;
  return key;
}

/** Intern an operator node; `shape` must come from the operator's shape rule (ops/make.ts). */
export function internOp(op: OpName, args: readonly Expr[], attr: Attr | undefined, shape: Shape): OpNode {
  const a = attr ?? NO_ATTR;
  const key = `o:${op}:${attrKey(a)}:${args.map((x) => x.id).join(",")}`;
  return intern(key, (id) => ({ kind: "op", id, shape, op, args, attr: a }));
}

export function isNum(e: Expr, value?: number): e is NumNode {
  return e.kind === "num" && (value === undefined || e.value === value);
}

export function isOp<N extends OpName>(e: Expr, op: N): e is OpNode & { readonly op: N } {
  return e.kind === "op" && e.op === op;
}
