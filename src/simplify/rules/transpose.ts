/** Rules that push transposes inward until they sit on names: (AB)ᵀ = BᵀAᵀ, (Aᵀ)ᵀ = A. */
import type { Expr, OpNode } from "../../expr/node.js";
import { add, broadcast, commutation, diagEmbed, kron, matmul, neg, ones, scale, transpose } from "../../ops/make.js";
import { isOne } from "../../shapes/dim.js";
import { isScalarShape } from "../../shapes/shape.js";
import type { Rule } from "../engine.js";
import { isSymmetricByForm } from "./util.js";

const rule = (id: string, reason: string, apply: (n: OpNode) => Expr | null): Rule => ({ id, reason, apply });
/** The argument of a transpose node, when it is an operator application. */
const inner = (n: OpNode): OpNode | null => (n.op === "transpose" && n.args[0]!.kind === "op" ? n.args[0]! : null);

export const transposeRules: readonly Rule[] = [
  rule("transpose-scalar", "sᵀ = s for a scalar", (n) => (n.op === "transpose" && isScalarShape(n.shape) ? n.args[0]! : null)),
  rule("transpose-twice", "(Aᵀ)ᵀ = A", (n) => (inner(n)?.op === "transpose" ? inner(n)!.args[0]! : null)),
  rule("transpose-product", "(AB)ᵀ = BᵀAᵀ", (n) => {
    const a = inner(n);
    return a?.op === "matmul" ? matmul(transpose(a.args[1]!), transpose(a.args[0]!)) : null;
  }),
  rule("transpose-sum", "(A + B)ᵀ = Aᵀ + Bᵀ", (n) => {
    const a = inner(n);
    return a?.op === "add" ? add(a.args.map(transpose)) : null;
  }),
  rule("transpose-negation", "(−A)ᵀ = −Aᵀ", (n) => (inner(n)?.op === "neg" ? neg(transpose(inner(n)!.args[0]!)) : null)),
  rule("transpose-scaling", "(sA)ᵀ = s Aᵀ", (n) => (inner(n)?.op === "scale" ? scale(inner(n)!.args[0]!, transpose(inner(n)!.args[1]!)) : null)),
  rule("transpose-kronecker", "(A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ", (n) => {
    const a = inner(n);
    return a?.op === "kron" ? kron(transpose(a.args[0]!), transpose(a.args[1]!)) : null;
  }),
  rule("transpose-commutation", "K_{m,n}ᵀ = K_{n,m}", (n) => {
    const a = inner(n);
    return a?.op === "commutation" ? commutation(a.attr.dims![1]!, a.attr.dims![0]!) : null;
  }),
  rule("transpose-constant", "(c𝟏𝟏ᵀ)ᵀ = c𝟏𝟏ᵀ", (n) => {
    const a = inner(n);
    return a?.op === "broadcast" && isScalarShape(a.args[0]!.shape) ? broadcast(a.args[0]!, n.shape) : null;
  }),
  rule("transpose-ones-matrix", "(𝟏_{m×n})ᵀ = 𝟏_{n×m}", (n) => {
    const a = inner(n);
    if (a?.op !== "ones" || isOne(a.shape.cols) || isOne(a.shape.rows)) return null;
    return ones(a.shape.cols, a.shape.rows);
  }),
  rule("transpose-symmetric", "Aᵀ = A for I, diag(v) and their multiples", (n) =>
    n.op === "transpose" && isSymmetricByForm(n.args[0]!) ? n.args[0]! : null),
  rule("diag-of-transpose", "diag(vᵀ) = diag(v)", (n) =>
    n.op === "diagEmbed" && n.args[0]!.kind === "op" && n.args[0]!.op === "transpose" ? diagEmbed(n.args[0]!.args[0]!) : null),
];
