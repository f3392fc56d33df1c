/**
 * Rewrites of the expression itself before it is differentiated, where a
 * textbook differentiates an equal but simpler form:
 *   det(Xᵏ) = det(X)ᵏ                          (Cookbook eq. 18)
 *   det(A X B) = det(A) det(X) det(B) for square factors (Cookbook eq. 18)
 *   det(Xᵀ) = det(X)                              (Cookbook eq. 19)
 *   log(sum(exp(x))) = logsumexp(x) for a column x, whose Hessian is diag(s) − s sᵀ
 *   ‖x‖² = xᵀx, ‖X‖² = sum(X ⊙ X): smooth at 0, where ‖x‖ is not
 *   Xᵃ Xᵇ = Xᵃ⁺ᵇ for positive integers a, b, also one level down a chain ((A Xᵃ) Xᵇ = A Xᵃ⁺ᵇ): a run of k equal
 *   factors differentiates as Xᵏ, in about 2 log₂ k terms instead of k (X·X·…·X with 199,000 factors)
 */
import type { Expr } from "../../expr/node.js";
import { isOp } from "../../expr/node.js";
import { hadamard, make, matmul, matpow, power, scale, sum, transpose } from "../../ops/make.js";
import { dimEq } from "../../shapes/dim.js";
import { isColumnShape, isRowShape, isScalarShape } from "../../shapes/shape.js";
import { type Rule, rule } from "../rule.js";
import { listedFactors } from "./util.js";
import { exactSum } from "../../expr/exact.js";

const isSquare = (e: Expr): boolean => dimEq(e.shape.rows, e.shape.cols);

/** A factor as a power of its base: Xᵏ as (X, k) for a positive k, any other square matrix X as (X, 1). */
function asPositivePower(e: Expr): { base: Expr; k: number } {
  if (isOp(e, "matpow") && e.attr.k! > 0) return { base: e.args[0]!, k: e.attr.k! };
  return { base: e, k: 1 };
}

export const prepareRules: readonly Rule[] = [
  rule("power-of-equal-factors", "Xᵃ Xᵇ = Xᵃ⁺ᵇ, (A Xᵃ) Xᵇ = A Xᵃ⁺ᵇ, Xᵃ (Xᵇ B) = Xᵃ⁺ᵇ B", ["matmul"], (n) => {
    const [a, b] = n.args as [Expr, Expr];
    if (isScalarShape(a.shape) || isScalarShape(b.shape)) return null;
    const l = asPositivePower(a);
    const r = asPositivePower(b);
    // Xᵃ⁺ᵇ only while float64 holds a + b exactly: X^(1e308) X^(1e308) stays a product, not X^Infinity
    const powerOf = (x: Expr, a: number, b: number): Expr | null => {
      const k = exactSum(a, b);
      return k !== null && isSquare(x) && !isScalarShape(x.shape) ? matpow(x, k) : null;
    };
    if (l.base === r.base) return powerOf(l.base, l.k, r.k);
    // a chain nested either way meets its next equal factor one level down
    if (isOp(a, "matmul") && !isScalarShape(a.args[0]!.shape)) {
      const inner = asPositivePower(a.args[1]!);
      const merged = inner.base === r.base ? powerOf(r.base, inner.k, r.k) : null;
      if (merged) return matmul(a.args[0]!, merged);
    }
    if (isOp(b, "matmul") && !isScalarShape(b.args[1]!.shape)) {
      const inner = asPositivePower(b.args[0]!);
      const merged = inner.base === l.base ? powerOf(l.base, l.k, inner.k) : null;
      if (merged) return matmul(merged, b.args[1]!);
    }
    return null;
  }),
  rule("det-of-power", "det(Xᵏ) = det(X)ᵏ", ["det"], (n) => {
    const a = n.args[0]!;
    return isOp(a, "matpow") ? power(make("det", [a.args[0]!]), n.graph.num(a.attr.k!)) : null;
  }),
  rule("det-of-product", "det(AXB) = det(A) det(X) det(B) for square A, X, B", ["det"], (n) => {
    const a = n.args[0]!;
    if (!isOp(a, "matmul")) return null;
    const factors = listedFactors(a);
    if (factors === null || factors.length < 2 || !factors.every((f) => !isScalarShape(f.shape) && isSquare(f))) return null;
    return factors.map((f): Expr => make("det", [f])).reduce((x, y) => scale(x, y));
  }),
  rule("det-of-scalar", "det(s) = s: the determinant of a 1×1 matrix is its entry", ["det"], (n) => (isScalarShape(n.args[0]!.shape) ? n.args[0]! : null)),
  rule("det-of-transpose", "det(Xᵀ) = det(X)", ["det"], (n) => (isOp(n.args[0]!, "transpose") ? make("det", [n.args[0]!.args[0]!]) : null)),
  rule("log-sum-exp", "log(sum(exp(x))) = logsumexp(x) for a column x", ["log"], (n) => {
    const s = n.args[0]!;
    if (!isOp(s, "sum") || !isOp(s.args[0]!, "exp")) return null;
    const x = s.args[0]!.args[0]!;
    if (isColumnShape(x.shape) && !isScalarShape(x.shape)) return make("logsumexp", [x]);
    if (isRowShape(x.shape) && !isScalarShape(x.shape)) return make("logsumexp", [transpose(x)]);
    return null;
  }),
  rule("norm-squared", "‖x‖² = xᵀx, ‖X‖² = sum(X ⊙ X)", ["power"], (n) => {
    const [a, k] = n.args as [Expr, Expr];
    if (!isOp(a, "norm2") || k.kind !== "num" || k.value !== 2) return null;
    const x = a.args[0]!;
    if (isScalarShape(x.shape)) return power(x, k);
    if (isColumnShape(x.shape)) return matmul(transpose(x), x);
    if (isRowShape(x.shape)) return matmul(x, transpose(x));
    return sum(hadamard(x, x));
  }),
];
