/**
 * Kronecker products: the vec rule through the commutation matrix, the two
 * adjoints (block sum Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎ and block pairing [⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ), and their
 * own derivatives (so Hessians through ⊗ work), all checked numerically.
 */
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { differentialVariable } from "../src/calculus/layout.js";
import { checkDerivative } from "../src/numeric/check-many.js";
import { checkHessian } from "../src/numeric/hessian.js";
import { formatDerivationText } from "../src/print/text.js";

function checked(expr: string, wrt: string, form: "jacobian" | "grad" | "differential", layout: "numerator" | "denominator" | "mixed" = "mixed", shapes: string[] = []): string {
  const r = derive({ expr, wrt: [wrt], form, layout, shapes });
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  const d = r.value.derivatives[0]!;
  const rep = checkDerivative({ y: r.value.y, x: d.variable, form, layout, result: d.result, dX: differentialVariable(d.variable), upstream: r.value.upstream ?? undefined });
  const text = formatDerivationText(r.value);
  expect(rep.ok, `${text}\n${rep.maxRelError}`).toBe(true);
  return text.split("\n").find((l) => l.startsWith("∂") || l.startsWith("dY ="))!;
}

describe("Kronecker products", () => {
  it.each([
    ["kron(A, X)", "X", "grad", "∂ℓ/∂X = Σᵢⱼ A_ij G_[ij]    (p×q)"],
    ["kron(X, B)", "X", "grad", "∂ℓ/∂X = [⟨G_[ij], B⟩]_ij    (m×n)"],
    ["tr(kron(A, X))", "X", "jacobian", "∂y/∂X = tr(A) I_n    (n×n)"],
    ["x'*kron(A, B)*x", "A", "jacobian", "∂y/∂A = [⟨(x xᵀ)_[ij], B⟩]_ij    (m×m)"],
    ["kron(A, X)", "X", "differential", "dY = A ⊗ dX    ((m·p)×(n·q))"],
  ] as const)("%s wrt %s, %s form", (expr, wrt, form, line) => {
    expect(checked(expr, wrt, form)).toBe(line);
  });
  it.each(["numerator", "denominator", "mixed"] as const)("the Jacobian of A ⊗ X and X ⊗ B in %s layout", (layout) => {
    checked("kron(A, X)", "X", "jacobian", layout);
    checked("kron(X, B)", "X", "jacobian", layout);
    checked("kron(X, X)", "X", "jacobian", layout);
  });
  it("Hessians through a Kronecker product (the block sum and pairing differentiate too)", () => {
    for (const expr of ["sum(kron(X, X))", "x'*kron(A, X)*x", "norm2(kron(X, B))^2"]) {
      const r = derive({ expr, wrt: ["X"], order: 2 });
      if (!r.ok) throw new Error(r.diagnostics[0]!.message);
      const h = r.value.derivatives[0]!;
      expect(checkHessian(r.value.y, h.variable, h.result).ok, expr).toBe(true);
    }
  });
});
