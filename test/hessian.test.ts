/**
 * --order 2: Hessians ∂²y/∂vec(X)∂vec(X)ᵀ, printed compactly and checked
 * against four-point second differences of y (independently of the gradient).
 */
import { describe, expect, it, vi } from "vitest";
import { derive } from "../src/api/derive.js";
import { check } from "../src/api/check.js";
import { checkHessian } from "../src/numeric/hessian.js";
import { checkHessianBlocks } from "../src/numeric/hessian-blocks.js";
import { WorkBudget } from "../src/numeric/work.js";
import type { Expr } from "../src/expr/node.js";
import type { DiagnosticError } from "../src/diagnostics/diagnostic.js";
import { checkDerivation } from "../src/api/check-derivation.js";
import { formatDerivationText } from "../src/print/text.js";
import { formatSteps } from "../src/print/steps.js";
import { typeAgainst } from "../src/typing/typing.js";
import { parseExpression } from "../src/syntax/parse.js";

function hessian(expr: string, wrt: string, shapes: string[] = [], layout: "numerator" | "denominator" | "mixed" = "mixed") {
  const r = derive({ expr, wrt: [wrt], shapes, order: 2, layout });
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  return r.value;
}

describe("Hessians print compactly and pass the four-point check", () => {
  it.each([
    // x'Ax: A + Aᵀ (Cookbook eq. 81 differentiated once more)
    ["x'*A*x", "x", [], "∂²y/∂x∂xᵀ = Aᵀ + A    (m×m)"],
    // logistic regression: Xᵀ diag(s ⊙ (1 − s)) X with s = σ(Xw)
    ["sum(softplus(X*w)) - y'*X*w", "w", ["X: N x D, w: D, y: N"], "∂²f/∂w∂wᵀ = Xᵀ diag(t₀ ⊙ (1 − t₀)) X    (D×D)"],
    // log-sum-exp: diag(s) − s sᵀ with s = softmax(z)
    ["logsumexp(z)", "z", [], "∂²y/∂z∂zᵀ = diag(t₀) − t₀ t₀ᵀ    (m×m)"],
    // least squares: 2AᵀA
    ["norm2(A*x - b)^2", "x", ["A: m x n"], "∂²y/∂x∂xᵀ = 2AᵀA    (n×n)"],
    // log det: −K (X⁻ᵀ ⊗ X⁻¹)
    ["logdet(X)", "X", [], "∂²y/∂vec(X)∂vec(X)ᵀ = −K_(m,m) (t₀ᵀ ⊗ t₀)    (m²×m²)"],
    // tr(X⁻¹): ∇ = −X⁻ᵀX⁻ᵀ (Cookbook eq. 59 under the trace); its differential's two negated terms take the sign in
    // front, so the Hessian prints without −(−A − B)
    ["tr(inv(X))", "X", [], "∂²y/∂vec(X)∂vec(X)ᵀ = (t₀ ⊗ I_m + I_m ⊗ t₀ᵀ) K_(m,m) (t₀ᵀ ⊗ t₀)    (m²×m²)"],
  ])("%s wrt %s", (expr, wrt, shapes, line) => {
    for (const layout of ["numerator", "denominator", "mixed"] as const) {
      const d = hessian(expr, wrt, shapes as string[], layout);
      const h = d.derivatives[0]!;
      const report = checkHessian(d.y, h.variable, h.result);
      expect(report.ok, `${layout}: ${report.maxRelError}`).toBe(true);
      if (layout === "mixed") expect(formatDerivationText(d).split("\n")[2]).toBe(line);
    }
  });

  it("a wrong Hessian fails the check (A instead of A + Aᵀ)", () => {
    const d = hessian("x'*A*x", "x");
    const names = new Map([...d.program.variables].map(([n, s]) => [n, { shape: s, role: "input" as const }]));
    const p = parseExpression("A");
    if (!p.ok) throw new Error("parse");
    const wrong = typeAgainst(p.value, "A", "claim", names);
    expect(checkHessian(d.y, d.derivatives[0]!.variable, wrong).ok).toBe(false);
  });

  it("needs a scalar expression and the Jacobian form", () => {
    const a = derive({ expr: "W*x", wrt: ["x"], order: 2 });
    expect(a.ok ? "" : a.diagnostics[0]!.message).toMatch(/needs a scalar expression/);
    const b = derive({ expr: "x'*x", wrt: ["x"], order: 2, form: "grad" });
    expect(b.ok ? "" : b.diagnostics[0]!.message).toMatch(/goes with --form jacobian/);
  });
});

describe("Hessians with respect to a matrix assumed symmetric", () => {
  // Simplified at a symmetric X, the gradient of logdet is X⁻¹, not X⁻ᵀ: its Hessian −X⁻¹ ⊗ X⁻¹ (Boyd & Vandenberghe
  // A.4.1: d²f = −tr(X⁻¹ V X⁻¹ V)) holds along the symmetric directions a symmetric X moves in, and the check moves
  // X only along those; along all directions it would differ from −K (X⁻ᵀ ⊗ X⁻¹) and fail.
  it.each([
    ["logdet(X)", "X: spd", "jacobian"],
    ["logdet(X)", "X: spd", "differential"],
    ["tr(inv(X))", "X: symmetric", "jacobian"],
    ["x'*X*x + tr(X*X*X)", "X: symmetric", "jacobian"],
  ] as const)("%s with %s (%s form) passes its own check and says so", (expr, assume, form) => {
    const r = derive({ expr, wrt: ["X"], order: 2, assume: [assume], form });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    for (const report of checkDerivation(r.value)) expect(report.ok, String(report.maxRelError)).toBe(true);
    expect(formatDerivationText(r.value).split("\n")[1]).toMatch(/^X symmetric: the Hessian printed holds along symmetric directions dX/);
  });

  it("without the assumption the Hessian holds in every direction and no such line is printed", () => {
    const r = derive({ expr: "logdet(X)", wrt: ["X"], order: 2 });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    expect(checkDerivation(r.value).every((report) => report.ok)).toBe(true);
    expect(formatDerivationText(r.value)).not.toMatch(/symmetric directions/);
  });

  it("a wrong Hessian still fails along the symmetric directions (the sign of −X⁻¹ ⊗ X⁻¹ flipped)", () => {
    const d = derive({ expr: "logdet(X)", wrt: ["X"], order: 2, assume: ["X: spd"] });
    if (!d.ok) throw new Error(d.diagnostics[0]!.message);
    const names = new Map([...d.value.program.variables].map(([n, s]) => [n, { shape: s, role: "input" as const }]));
    const p = parseExpression("kron(inv(X), inv(X))");
    if (!p.ok) throw new Error("parse");
    const wrong = typeAgainst(p.value, "kron(inv(X), inv(X))", "claim", names);
    expect(checkHessian(d.value.y, d.value.derivatives[0]!.variable, wrong, { assume: d.value.assumptions }).ok).toBe(false);
  });
});

describe("Hessians under facts that hold at the point only", () => {
  // Q⁻¹ = Qᵀ holds at an orthogonal Q, not near it; T 𝟏 = 𝟏 on the rows-sum-to-1 set only. The gradient is
  // differentiated again as the function it is (X⁻ᵀ for logdet), and only the Hessian, a value at the point, uses them.
  it.each([
    ["logdet(X)", "X: orthogonal", "jacobian", "∂²y/∂vec(X)∂vec(X)ᵀ = −K_(m,m) (X ⊗ Xᵀ)    (m²×m²)"],
    ["logdet(X)", "X: orthogonal", "differential", "H dX = −X dXᵀ X    (m×m)"],
    ["tr(inv(X))", "X: orthogonal", "differential", "H dX = X (dXᵀ X + X dXᵀ) X    (m×m)"],
    ["tr(inv(X))", "X: rows sum to 1", "jacobian", "∂²y/∂vec(X)∂vec(X)ᵀ = (t₀ ⊗ I_m + I_m ⊗ t₀ᵀ) K_(m,m) (t₀ᵀ ⊗ t₀)    (m²×m²)"],
  ] as const)("%s with %s (%s form) passes its own check", (expr, assume, form, line) => {
    const r = derive({ expr, wrt: ["X"], order: 2, assume: [assume], form });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    for (const report of checkDerivation(r.value)) expect(report.ok, String(report.maxRelError)).toBe(true);
    expect(formatDerivationText(r.value).split("\n")).toContain(line);
  });
});

describe("mixed second derivatives (--wrt x,y --order 2)", () => {
  it.each(["numerator", "denominator"] as const)("every block of xᵀAy + sum(exp(x yᵀ)) checks, %s layout", (layout) => {
    const r = derive({ expr: "x'*A*y + sum(exp(x*y'))", wrt: ["x", "y"], shapes: ["x: n, y: p"], order: 2, layout });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    const blocks = r.value.derivatives;
    expect(blocks.map((b) => b.wrt)).toEqual(["x", "y", "x,y"]);
    for (const b of blocks) {
      const report = checkHessian(r.value.y, b.variable, b.result, {}, b.second, layout === "denominator");
      expect(report.ok, `${b.wrt}: ${report.maxRelError}`).toBe(true);
    }
    expect(formatDerivationText(r.value)).toContain(layout === "numerator" ? "∂²f/∂x∂yᵀ =" : "∂²f/∂x∂yᵀ =");
  });
  it("the mixed block of xᵀAy is A", () => {
    const r = derive({ expr: "x'*A*y", wrt: ["x", "y"], order: 2 });
    expect(r.ok && formatDerivationText(r.value).split("\n")).toContain("∂²f/∂x∂yᵀ = A    (m×n)");
  });
});

describe("facts about names that do not move keep simplifying a Hessian", () => {
  it("T's rows sum to 1 while Z moves: the cross-entropy Hessian keeps T 𝟏 = 𝟏 (and checks)", () => {
    const r = derive({ expr: "-sum(T .* log(softmax(Z, 2)))/n", wrt: ["Z"], order: 2, assume: ["T: rows sum to 1"], shapes: ["n: scalar, T: N x K, Z: N x K"] });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    expect(formatDerivationText(r.value).split("\n")[2]).toBe("∂²y/∂vec(Z)∂vec(Z)ᵀ = (t₀ (I_(K·N) − (𝟏_K ⊗ I_N) (𝟏_Kᵀ ⊗ I_N) t₀)) / n    ((K·N)×(K·N))");
    expect(checkDerivation(r.value).every((report) => report.ok)).toBe(true);
  });
});

describe("a product whose inverse pair cancels keeps its shape", () => {
  // A A⁻¹ = I inside a product: with only scalars left (b X X⁻¹, det(X⁻¹) X X⁻¹) the product is b I, not b.
  it.each([
    ["tr(b*X*inv(X)*A)", "A", 1, "∂y/∂A = b I_m    (m×m)"],
    ["sum(kron(A, b*X*inv(X)))", "A", 1, null],
    ["det(inv(X))", "X", 2, null],
  ] as const)("%s wrt %s, order %s", (expr, wrt, order, line) => {
    for (const layout of ["numerator", "denominator"] as const) {
      const r = derive({ expr, wrt: [wrt], order, layout });
      if (!r.ok) throw new Error(r.diagnostics[0]!.message);
      for (const report of checkDerivation(r.value)) expect(report.ok, `${layout}: ${report.maxRelError}`).toBe(true);
      if (line && layout === "numerator") expect(formatDerivationText(r.value).split("\n")[2]).toBe(line);
    }
  });
});

describe("--steps of a Hessian of two names", () => {
  // A mixed block's wrt reads "W,x": it was printed as if it were one name (dW,x, "W, x, W,x vary").
  it("names each variable once, and the mixed block by its two variables", () => {
    const r = derive({ expr: "sum(tanh(W*x + b))", wrt: ["W", "x"], order: 2, shapes: ["W: m x n, x: n, b: m"] });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    const steps = formatSteps(r.value, "text");
    expect(steps).toContain("Differentiate each (W, x vary)");
    expect(steps).toContain("— with respect to W and x —");
    expect(steps).not.toMatch(/W,x/);
  });
});


describe("a claimed Hessian that holds only where another input is symmetric says so", () => {
  // ∇²(xᵀAx) = A + Aᵀ (Matrix Cookbook eq. 81): the textbook's 2A is right exactly when A is symmetric.
  it.each([
    ["the Hessian 2A", { claim: "2*A", form: "jacobian" as const }],
    ["the Hessian–vector product 2A dx", { claim: "2*A*dx", form: "differential" as const }],
  ])("%s of xᵀAx", (_, { claim, form }) => {
    const r = check({ expr: "x'*A*x", wrt: "x", order: 2, claim, form });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    expect(r.value.ok).toBe(false);
    expect(r.value.diagnosis).toEqual({ kind: "symmetric-only", names: ["A"], layout: null });
  });
  it("a claim wrong for every A is not blamed on symmetry", () => {
    const r = check({ expr: "x'*A*x", wrt: "x", order: 2, claim: "3*A" });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    expect(r.value.diagnosis.kind).toBe("mismatch");
  });
});

describe("the blocks of a Hessian of many names are checked together", () => {
  const names = (k: number) => Array.from({ length: k }, (_, i) => `x${i}`);
  const sumForm = (k: number) => `(${names(k).join(" + ")})'*A*(${names(k).join(" + ")})`;

  it("on shared instances: 20 names' 210 blocks draw fewer instances than 10 blocks checked alone, and all pass", () => {
    const d = derive({ expr: sumForm(20), wrt: names(20), order: 2 });
    if (!d.ok) throw new Error(d.diagnostics[0]!.message);
    const charges = vi.spyOn(WorkBudget.prototype, "charge");
    try {
      const reports = checkDerivation(d.value, { budget: new WorkBudget(Number.MAX_SAFE_INTEGER) });
      expect(reports).toHaveLength(210);
      expect(reports.every((r) => r.ok)).toBe(true);
      const together = charges.mock.calls.length;
      charges.mockClear();
      for (const r of d.value.derivatives.slice(0, 10)) checkHessian(r.y, r.variable, r.result, { budget: new WorkBudget(Number.MAX_SAFE_INTEGER) }, r.second);
      expect(together).toBeLessThan(charges.mock.calls.length);
    } finally {
      charges.mockRestore();
    }
  });

  it("a wrong block among right ones is the one that fails", () => {
    const d = derive({ expr: sumForm(6), wrt: names(6), order: 2 });
    if (!d.ok) throw new Error(d.diagnostics[0]!.message);
    const blocks = d.value.derivatives.map((r) => ({ y: r.y, x: r.variable, z: r.second ?? r.variable, hessian: r.result, transposed: false, reference: { expr: r.result } }));
    // The block (x0, x0) replaced by 2·(x0, x0): the same shape, the wrong value.
    const wrong = blocks.map((b, i) => (i === 0 ? { ...b, hessian: scale2(b.hessian) } : b));
    const reports = checkHessianBlocks(wrong);
    expect(reports.map((r) => r.ok)).toEqual(wrong.map((_, i) => i !== 0));
  });

  it("with --trials 100, past what a check takes at once, is refused up front with the names and trials that fit", () => {
    const d = derive({ expr: sumForm(60), wrt: names(60), order: 2 });
    if (!d.ok) throw new Error(d.diagnostics[0]!.message);
    expect(() => checkDerivation(d.value, { trials: 100 })).toThrow(/100 trials each[\s\S]*/);
    try {
      checkDerivation(d.value, { trials: 100 });
    } catch (e) {
      expect((e as DiagnosticError).diagnostic.help).toMatch(/at most \d+ --wrt names at a time, or fewer --trials/);
    }
  });
});

/** 2·e, built on e's graph. */
const scale2 = (e: Expr): Expr => e.graph.op("scale", [e.graph.num(2), e]);
