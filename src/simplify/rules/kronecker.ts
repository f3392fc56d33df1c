/**
 * Rules that collapse Kronecker products and reshapes, so that a Jacobian
 * with a dimension of 1 reads as an ordinary matrix product:
 * (Bᵀ ⊗ I₁) = Bᵀ, vec(v) = v for a column, diag(vec(v)) = diag(v).
 */
import type { Expr } from "../../expr/node.js";
import { identity, kron, make, matmul, scale, tr, transpose } from "../../ops/make.js";
import { dimEq, isOne } from "../../shapes/dim.js";
import { isColumnShape, isRowShape, isScalarShape, shapeEq } from "../../shapes/shape.js";
import { type Rule, rule } from "../rule.js";

const BLOCKS = ["kronBlockSum", "kronBlockPair"] as const;

export const kroneckerRules: readonly Rule[] = [
  rule("blocks-of-identity", "the (i, j) block of I_mn is δ_ij I_n: Σᵢⱼ Aᵢⱼ I₍ᵢⱼ₎ = tr(A) I, [⟨I₍ᵢⱼ₎, B⟩]ᵢⱼ = tr(B) I", BLOCKS, (n) => {
    if (n.args[0]!.kind !== "op" || n.args[0]!.op !== "identity") return null;
    const other = n.args[1]!;
    if (!dimEq(other.shape.rows, other.shape.cols) || !dimEq(n.shape.rows, n.shape.cols)) return null;
    return scale(tr(other), identity(n.graph, n.shape.rows));
  }),
  rule("blocks-of-scaled", "block sums and pairings are linear in G: Σᵢⱼ Aᵢⱼ (sG)₍ᵢⱼ₎ = s Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎", BLOCKS, (n) => {
    const g = n.args[0]!;
    if (g.kind !== "op" || g.op !== "scale" || !isScalarShape(g.args[0]!.shape)) return null;
    return scale(g.args[0]!, make(n.op, [g.args[1]!, n.args[1]!], n.attr));
  }),
  rule("kronecker-scalar", "s ⊗ A = A ⊗ s = sA for a scalar s", ["kron"], (n) => {
    if (isScalarShape(n.args[0]!.shape)) return scale(n.args[0]!, n.args[1]!);
    if (isScalarShape(n.args[1]!.shape)) return scale(n.args[1]!, n.args[0]!);
    return null;
  }),
  rule("kronecker-identities", "I_m ⊗ I_n = I_mn", ["kron"], (n) =>
    n.args.every((a) => a.kind === "op" && a.op === "identity") ? identity(n.graph, n.shape.rows) : null),
  rule("kronecker-mixed-product", "(A ⊗ B)(C ⊗ D) = AC ⊗ BD", ["matmul"], (n) => {
    const [l, r] = n.args as [Expr, Expr];
    if (l.kind !== "op" || l.op !== "kron" || r.kind !== "op" || r.op !== "kron") return null;
    const [a, b] = l.args as [Expr, Expr];
    const [c, d] = r.args as [Expr, Expr];
    if (!dimEq(a.shape.cols, c.shape.rows) || !dimEq(b.shape.cols, d.shape.rows)) return null;
    return kron(matmul(a, c), matmul(b, d));
  }),
  rule("commutation-of-vector", "K_{1,n} = K_{m,1} = I", ["commutation"], (n) =>
    isOne(n.attr.dims![0]!) || isOne(n.attr.dims![1]!) ? identity(n.graph, n.shape.rows) : null),
  rule("vec-of-vector", "vec(v) = v for a column, vec(r) = rᵀ for a row", ["vec"], (n) => {
    const a = n.args[0]!;
    if (isColumnShape(a.shape) || isScalarShape(a.shape)) return a;
    if (isRowShape(a.shape)) return transpose(a);
    return null;
  }),
  rule("unvec-vec", "unvec(vec(A)) = A, vec(unvec(v)) = v", ["unvec", "vec"], (n) => {
    const a = n.args[0];
    if (n.op === "unvec" && a?.kind === "op" && a.op === "vec" && shapeEq(a.args[0]!.shape, n.shape)) return a.args[0]!;
    if (n.op === "vec" && a?.kind === "op" && a.op === "unvec") return a.args[0]!;
    if (n.op === "unvec" && a && isColumnShape(n.shape)) return a;
    if (n.op === "unvec" && a && isRowShape(n.shape)) return transpose(a);
    return null;
  }),
  rule("vec-identity-of-one", "I₁ = 1", ["identity"], (n) => (isOne(n.attr.dims![0]!) ? n.graph.num(1) : null)),
];

