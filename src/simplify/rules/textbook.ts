/**
 * Identities that bring results to the form a textbook prints
 * (Matrix Cookbook numbers where it has one):
 *   a 1×1 product of 1×1 factors is a scaling; diag(s) = s for a scalar s;
 *   diag(a) diag(b) = diag(a ⊙ b); ‖s‖ = |s| for a scalar, |uᵀu| = uᵀu; sum(I ⊙ A) = tr(A); 𝟏ᵀ diag(v) = vᵀ, diag(v) 𝟏 = v;
 *   diag(vec(I)) = I for I 1×1 blocks collapsed; K_{m,n} K_{n,m} = I (Magnus–Neudecker 3.3);
 *   the Kronecker adjoints with a 1×1 factor are scalings: Σᵢⱼ aᵢⱼ G₍ᵢⱼ₎ = a G.
 */
import type { Expr } from "../../expr/node.js";
import { isOp } from "../../expr/node.js";
import { diagEmbed, hadamard, identity, make, matmul, ones, scale, tr, transpose } from "../../ops/make.js";
import { dimEq, isOne } from "../../shapes/dim.js";
import { isColumnShape, isScalarShape } from "../../shapes/shape.js";
import { type Rule, opsWhere, rule } from "../rule.js";

const isOnes = (e: Expr): boolean => isOp(e, "ones") || (isOp(e, "broadcast") && e.args[0]!.kind === "num" && e.args[0]!.value === 1);
/** uᵀu, u uᵀ for a row, sum(A ⊙ A), a²: never negative. */
function isGram(e: Expr): boolean {
  // A product uᵀu is a square only when it is 1×1: the entries of xxᵀ or XᵀX off the diagonal can be negative.
  if (isOp(e, "matmul")) {
    if (!isScalarShape(e.shape)) return false;
    const [l, r] = e.args as [Expr, Expr];
    return (isOp(l, "transpose") && l.args[0] === r) || (isOp(r, "transpose") && r.args[0] === l);
  }
  if (isOp(e, "sum")) return isOp(e.args[0]!, "hadamard") && e.args[0]!.args[0] === e.args[0]!.args[1];
  if (isOp(e, "power")) return e.args[1]!.kind === "num" && e.args[1]!.value % 2 === 0;
  return isOp(e, "norm2") || isOp(e, "abs");
}

/** Linear operators of one argument that a scalar factor moves out of (the transpose has its own rule). */
const SCALE_OUT = opsWhere((s) => !!s.linear && s.arity === 1 && !s.broadcasting && s.op !== "transpose");

export const textbookRules: readonly Rule[] = [
  rule("linear-of-scaling", "f(sA) = s f(A) for a linear f and a scalar s: tr(sA) = s tr(A), unvec(2 vec(X)) = 2X", SCALE_OUT, (n) => {
    const a = n.args[0]!;
    return isOp(a, "scale") && isScalarShape(a.args[0]!.shape) ? scale(a.args[0]!, make(n.op, [a.args[1]!], n.attr)) : null;
  }),
  rule("hadamard-of-scaling", "(sA) ⊙ B = A ⊙ (sB) = s (A ⊙ B)", ["hadamard"], (n) => {
    for (const i of [0, 1]) {
      const a = n.args[i]!;
      if (isOp(a, "scale") && isScalarShape(a.args[0]!.shape) && !isScalarShape(n.shape)) {
        const rest = i === 0 ? [a.args[1]!, n.args[1]!] : [n.args[0]!, a.args[1]!];
        return scale(a.args[0]!, make("hadamard", rest));
      }
    }
    return null;
  }),
  rule("scalar-times-scalar", "a product of 1×1 factors is a scaling", ["matmul", "hadamard"], (n) =>
    n.args.every((a) => isScalarShape(a.shape)) ? scale(n.args[0]!, n.args[1]!) : null),
  rule("diag-of-scalar", "diag(s) = s for a 1×1 s", ["diagEmbed", "diagExtract"], (n) => (isScalarShape(n.args[0]!.shape) ? n.args[0]! : null)),
  // diag(𝟏_n) = I_n, and diag(vec(𝟏_m 𝟏_nᵀ)) = I_(m·n)
  rule("diag-of-ones", "diag(𝟏) = I: a diagonal of ones is the identity", ["diagEmbed"], (n) => {
    const v = isOp(n.args[0]!, "vec") ? n.args[0]!.args[0]! : n.args[0]!;
    return isOnes(v) && !isScalarShape(n.shape) ? identity(n.graph, n.shape.rows) : null;
  }),
  rule("norm-of-scalar", "‖s‖ = |s| for a scalar", ["norm2"], (n) => (isScalarShape(n.args[0]!.shape) ? make("abs", [n.args[0]!]) : null)),
  rule("abs-of-square", "|uᵀu| = uᵀu, |‖x‖| = ‖x‖: a square is never negative", ["abs"], (n) => (isGram(n.args[0]!) ? n.args[0]! : null)),
  rule("sum-of-identity-product", "sum(I ⊙ A) = tr(A)", ["sum"], (n) => {
    const h = n.args[0]!;
    if (!isOp(h, "hadamard")) return null;
    for (const i of [0, 1]) if (isOp(h.args[i]!, "identity")) return tr(h.args[1 - i]!);
    return null;
  }),
  // Each column of diag(v) 𝟏 is v, so diag(v) 𝟏_(m×k) = v 𝟏_kᵀ, and 𝟏_(m×k)ᵀ diag(v) = 𝟏_k vᵀ: v alone only for k = 1.
  rule("ones-times-diag", "𝟏ᵀ diag(v) = vᵀ, diag(v) 𝟏 = v (and v 𝟏ᵀ for a matrix of ones)", ["matmul"], (n) => {
    const [l, r] = n.args as [Expr, Expr];
    if (isOp(r, "diagEmbed") && isOp(l, "transpose") && isOnes(l.args[0]!)) {
      const v = r.args[0]!;
      const row = isColumnShape(v.shape) ? transpose(v) : v;
      return isOne(l.shape.rows) ? row : matmul(ones(n.graph, l.shape.rows), row);
    }
    if (isOp(l, "diagEmbed") && isOnes(r)) {
      const v = l.args[0]!;
      const column = isColumnShape(v.shape) ? v : transpose(v);
      return isOne(r.shape.cols) ? column : matmul(column, transpose(ones(n.graph, r.shape.cols)));
    }
    return null;
  }),
  // Entry (i, i) of diag(a) diag(b) is aᵢ bᵢ and every other entry is 0: the product of two diagonal matrices is the
  // diagonal of the entrywise product (a row vector's diagonal is its transpose's, see diag-of-transpose).
  rule("diag-times-diag", "diag(a) diag(b) = diag(a ⊙ b)", ["matmul"], (n) => {
    const [l, r] = n.args as [Expr, Expr];
    if (!isOp(l, "diagEmbed") || !isOp(r, "diagEmbed") || isScalarShape(n.shape)) return null;
    const column = (v: Expr): Expr => (isColumnShape(v.shape) ? v : transpose(v));
    return diagEmbed(hadamard(column(l.args[0]!), column(r.args[0]!)));
  }),
  rule("commutation-inverse", "K_{n,m} K_{m,n} = I (Magnus–Neudecker Thm 3.1)", ["matmul"], (n) => {
    const [l, r] = n.args as [Expr, Expr];
    if (!isOp(l, "commutation") || !isOp(r, "commutation")) return null;
    const [a, b] = l.attr.dims!;
    const [c, d] = r.attr.dims!;
    return dimEq(a!, d!) && dimEq(b!, c!) ? identity(n.graph, n.shape.rows) : null;
  }),
  // adj(X⁻¹) = det(X⁻¹) (X⁻¹)⁻¹ = det(X⁻¹) X (Cookbook eq. 49 with X⁻¹ for X): defined wherever X⁻¹ is.
  rule("adjugate-of-inverse", "adj(X⁻¹) = det(X⁻¹) X", ["adj"], (n) => {
    const a = n.args[0]!;
    return isOp(a, "inv") ? scale(make("det", [a]), a.args[0]!) : null;
  }),
  rule("kronecker-blocks-of-scalar", "with a 1×1 factor the Kronecker adjoints are scalings: Σᵢⱼ aᵢⱼ G₍ᵢⱼ₎ = a G", ["kronBlockSum", "kronBlockPair"], (n) => {
    const [g, a] = n.args as [Expr, Expr];
    if (isScalarShape(a.shape)) return isScalarShape(g.shape) ? scale(a, g) : scale(a, g);
    return null;
  }),
];
