/** Rules that push transposes inward until they sit on names: (AB)ᵀ = BᵀAᵀ, (Aᵀ)ᵀ = A. */
import type { OpNode } from "../../expr/node.js";
import { add, broadcast, commutation, diagEmbed, kron, matmul, neg, ones, scale, staysWhole, transpose } from "../../ops/make.js";
import { isOne } from "../../shapes/dim.js";
import { isScalarShape } from "../../shapes/shape.js";
import { type Rule, cancelInverse, rule } from "../rule.js";
import { isSymmetricByForm, isSymmetricGiven } from "./util.js";

const NO_NAMES: ReadonlySet<string> = new Set();

/** The argument of a transpose node, when it is an operator application. */
const inner = (n: OpNode): OpNode | null => (n.args[0]!.kind === "op" ? n.args[0]! : null);
const T = ["transpose"] as const;

export const transposeRules: readonly Rule[] = [
  rule("transpose-scalar", "sᵀ = s for a scalar", T, (n) => (isScalarShape(n.shape) ? n.args[0]! : null)),
  cancelInverse("transpose-twice", "(Aᵀ)ᵀ = A", "transpose", "transpose"),
  rule("transpose-product", "(AB)ᵀ = BᵀAᵀ", T, (n) => {
    const a = inner(n);
    return a?.op === "matmul" ? matmul(transpose(a.args[1]!), transpose(a.args[0]!)) : null;
  }),
  // A shared sum keeps its transpose outside, as flatten-sum keeps it whole: a residual program's aᵢ = f(aᵢ₋₁) + aᵢ₋₁
  // opened at every transposed use would copy i terms into each (output quadratic in the program's length). So does
  // a sum that stays whole in the sums built on it: vᵢ = vᵢ₋₁ + vᵢ₋₂ᵀ, once its coefficients pass float64 and its
  // terms no longer collect, transposed term by term down every nested sum, copied its whole past at every step.
  rule("transpose-sum", "(A + B)ᵀ = Aᵀ + Bᵀ", T, (n, context) => {
    const a = inner(n);
    return a?.op === "add" && !context.shared(a) && !staysWhole(a) ? add(a.args.map(transpose)) : null;
  }),
  rule("transpose-negation", "(−A)ᵀ = −Aᵀ", T, (n) => (inner(n)?.op === "neg" ? neg(transpose(inner(n)!.args[0]!)) : null)),
  rule("transpose-scaling", "(sA)ᵀ = s Aᵀ", T, (n) => (inner(n)?.op === "scale" ? scale(inner(n)!.args[0]!, transpose(inner(n)!.args[1]!)) : null)),
  rule("transpose-kronecker", "(A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ", T, (n) => {
    const a = inner(n);
    return a?.op === "kron" ? kron(transpose(a.args[0]!), transpose(a.args[1]!)) : null;
  }),
  rule("transpose-commutation", "K_{m,n}ᵀ = K_{n,m}", T, (n) => {
    const a = inner(n);
    return a?.op === "commutation" ? commutation(n.graph, a.attr.dims![1]!, a.attr.dims![0]!) : null;
  }),
  rule("transpose-constant", "(c𝟏𝟏ᵀ)ᵀ = c𝟏𝟏ᵀ", T, (n) => {
    const a = inner(n);
    return a?.op === "broadcast" && isScalarShape(a.args[0]!.shape) ? broadcast(a.args[0]!, n.shape) : null;
  }),
  rule("transpose-ones-matrix", "(𝟏_{m×n})ᵀ = 𝟏_{n×m}", T, (n) => {
    const a = inner(n);
    if (a?.op !== "ones" || isOne(a.shape.cols) || isOne(a.shape.rows)) return null;
    return ones(n.graph, a.shape.cols, a.shape.rows);
  }),
  rule("transpose-symmetric", "Aᵀ = A for I, diag(v) and their multiples", T, (n) =>
    isSymmetricByForm(n.args[0]!) ? n.args[0]! : null),
  rule("transpose-gram", "Aᵀ = A for a Gram matrix XᵀX or XXᵀ, a palindrome XᵀSX with S symmetric, and sums, inverses and adjugates of these", T, (n) =>
    (isSymmetricGiven(n.args[0]!, NO_NAMES) ? n.args[0]! : null)),
  rule("diag-of-transpose", "diag(vᵀ) = diag(v)", ["diagEmbed"], (n) =>
    n.args[0]!.kind === "op" && n.args[0]!.op === "transpose" ? diagEmbed(n.args[0]!.args[0]!) : null),
];
