/**
 * The code graph: what a code back-end prints after the fast-code pass
 * (fast.ts). It is the expression graph's shape — leaves and operator
 * applications with resolved shapes — plus three operations that only code
 * has (they have no notation in mathematics):
 *   rowScale(v, X) = diag(v) X, printed v * X (v a column, broadcast over columns);
 *   colScale(X, r) = X diag(rᵀ), printed X * r (r a row, broadcast over rows);
 *   multiDot(A, B, C, …) = A B C …, a chain multiplied in the order the sizes at run time make cheapest.
 * Nodes are hash-consed, so a subexpression built twice is one node and is
 * computed once.
 */
import type { OpName } from "../../expr/names.js";
import { type Attr, type NumNode, type VarNode, attrKey } from "../../expr/node.js";
import { SCALAR, type Shape, shapeKey } from "../../shapes/shape.js";

export type FastOp = "rowScale" | "colScale" | "multiDot";
export type CodeOp = OpName | FastOp;

export interface CodeVar {
  readonly kind: "var";
  readonly id: number;
  readonly shape: Shape;
  readonly name: string;
  readonly role: VarNode["role"];
}

export interface CodeNum {
  readonly kind: "num";
  readonly id: number;
  readonly shape: Shape;
  readonly value: number;
}

export interface CodeApply {
  readonly kind: "op";
  readonly id: number;
  readonly shape: Shape;
  readonly op: CodeOp;
  readonly args: readonly CodeNode[];
  readonly attr: Attr;
}

export type CodeNode = CodeVar | CodeNum | CodeApply;

export const isApply = (n: CodeNode, op?: CodeOp): n is CodeApply => n.kind === "op" && (op === undefined || n.op === op);

/** The hash-consing table of one emitted module. */
export class CodeGraph {
  private nextId = 1;
  private readonly table = new Map<string, CodeNode>();

  private intern<T extends CodeNode>(key: string, build: (id: number) => T): T {
    const found = this.table.get(key);
    if (found) return found as T;
    const node = build(this.nextId++);
    this.table.set(key, node);
    return node;
  }

  variable(v: VarNode): CodeVar {
    return this.intern(`v:${v.role}:${v.name}`, (id) => ({ kind: "var", id, shape: v.shape, name: v.name, role: v.role }));
  }

  num(value: number | NumNode): CodeNum {
    const v = typeof value === "number" ? value : value.value;
    return this.intern(`n:${v}`, (id) => ({ kind: "num", id, shape: SCALAR, value: v }));
  }

  apply(op: CodeOp, args: readonly CodeNode[], shape: Shape, attr: Attr = {}): CodeApply {
    // Every parameter is in the key: softmax(A, 1) and softmax(A, 2) are two values.
    const key = `o:${op}:${attrKey(attr)}:${shapeKey(shape)}:${args.map((a) => a.id).join(",")}`;
    return this.intern(key, (id) => ({ kind: "op", id, shape, op, args, attr }));
  }
}
