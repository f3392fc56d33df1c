/**
 * The three motivating cases of the README in text, LaTeX and --steps, pinned as
 * inline snapshots (update deliberately with `npx vitest -u`), and each
 * checked numerically so a snapshot can never pin a wrong answer.
 */
import { describe, expect, it } from "vitest";
import { type Derivation, derive } from "../src/api/derive.js";
import { differentialVariable } from "../src/calculus/layout.js";
import { checkDerivative } from "../src/numeric/check-many.js";
import { formatDerivationText } from "../src/print/text.js";
import { formatLatex } from "../src/print/latex.js";
import { formatSteps } from "../src/print/steps.js";

const RNN_BATCH = ["h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"];
const RNN_ROW = ["h: 1 x H, Whh: H x H, x: 1 x D, Wxh: D x H, b: 1 x H"];
const DENSE = ["W: m x n, x: n, b: m"];

function ok(r: ReturnType<typeof derive>): Derivation {
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  for (const d of r.value.derivatives) {
    const rep = checkDerivative({
      y: r.value.y, x: d.variable, form: r.value.form, layout: r.value.layout, result: d.result,
      dX: differentialVariable(d.variable), upstream: r.value.upstream ?? undefined,
    });
    expect(rep.ok, `numeric check of ${d.wrt}: ${rep.maxRelError}`).toBe(true);
  }
  return r.value;
}

describe("RNN cell, batch rows: tanh(h*Whh + x*Wxh + b)", () => {
  it("grad form gives (G ⊙ (1 − Y⊙Y)) Whhᵀ with Y named", () => {
    const d = ok(derive({ expr: "tanh(h*Whh + x*Wxh + b)", wrt: ["h", "Whh", "b"], shapes: RNN_BATCH, form: "grad" }));
    expect(formatDerivationText(d)).toMatchInlineSnapshot(`
      "grad form (backpropagation; no layout needed) · h: N×H, Whh: H×H, x: N×D, Wxh: D×H, b: 1×H
      Y = tanh(h Whh + x Wxh + b)
      G = ∂ℓ/∂Y, the upstream gradient (N×H)
      ∂ℓ/∂h = t₀ Whhᵀ    (N×H)
      ∂ℓ/∂Whh = hᵀ t₀    (H×H)
      ∂ℓ/∂b = 𝟏_Nᵀ t₀    (1×H)
      where
        t₀ = G ⊙ (1 − Y ⊙ Y)"
    `);
  });
  it("numerator Jacobian with a batch is the Kronecker form", () => {
    const d = ok(derive({ expr: "tanh(h*Whh + x*Wxh + b)", wrt: ["h"], shapes: RNN_BATCH, layout: "numerator" }));
    expect(formatDerivationText(d)).toMatchInlineSnapshot(`
      "numerator layout · Jacobian form · h: N×H, Whh: H×H, x: N×D, Wxh: D×H, b: 1×H
      Y = tanh(h Whh + x Wxh + b)
      ∂Y/∂h = diag(vec(1 − Y ⊙ Y)) (Whhᵀ ⊗ I_N)    ((H·N)×(H·N))"
    `);
  });
  it("numerator Jacobian with one row h: 1×H is diag(1 − y⊙y) Whhᵀ", () => {
    const d = ok(derive({ expr: "tanh(h*Whh + x*Wxh + b)", wrt: ["h"], shapes: RNN_ROW, layout: "numerator" }));
    expect(formatDerivationText(d)).toMatchInlineSnapshot(`
      "numerator layout · Jacobian form · h: 1×H, Whh: H×H, x: 1×D, Wxh: D×H, b: 1×H
      y = tanh(h Whh + x Wxh + b)
      ∂y/∂h = diag(1 − y ⊙ y) Whhᵀ    (H×H)"
    `);
  });
  it("--steps says where the transpose comes from", () => {
    const d = ok(derive({ expr: "tanh(h*Whh + x*Wxh + b)", wrt: ["h"], shapes: RNN_BATCH, form: "grad" }));
    expect(formatSteps(d, "text")).toMatchInlineSnapshot(`
      "Derivation (grad form)
      1. Name the intermediate values
           u = h Whh + x Wxh + b   N×H
           Y = tanh(u)             N×H
      2. Differentiate each (only h varies)
           du = dh Whh
           dY = (1 − Y ⊙ Y) ⊙ du
      3. Chain them
           dY = (1 − Y ⊙ Y) ⊙ (dh Whh)
      4. Identify the gradient: dℓ = ⟨G, dY⟩ with G = ∂ℓ/∂Y; move every factor off dh
           ⟨G, (1 − Y ⊙ Y) ⊙ (dh Whh)⟩ = ⟨G ⊙ (1 − Y ⊙ Y), dh Whh⟩
              the elementwise factor 1 − Y ⊙ Y moves across unchanged: ⟨G, M ⊙ dX⟩ = ⟨G ⊙ M, dX⟩
           ⟨G ⊙ (1 − Y ⊙ Y), dh Whh⟩ = ⟨(G ⊙ (1 − Y ⊙ Y)) Whhᵀ, dh⟩
              moving Whh across the Frobenius product transposes it: ⟨G, A dX B⟩ = ⟨AᵀGBᵀ, dX⟩
      5. Result
           ∂ℓ/∂h = (G ⊙ (1 − Y ⊙ Y)) Whhᵀ   N×H"
    `);
  });
  it("LaTeX", () => {
    const d = ok(derive({ expr: "tanh(h*Whh + x*Wxh + b)", wrt: ["h"], shapes: RNN_BATCH, form: "grad" }));
    expect(formatLatex(d)).toMatchInlineSnapshot(`
      "\\begin{aligned}
        Y &= \\tanh(h W_{hh} + x W_{xh} + b) \\\\
        \\frac{\\partial \\ell}{\\partial h} &= \\left(G \\odot \\left(1 - Y \\odot Y\\right)\\right) W_{hh}^\\top
      \\end{aligned}"
    `);
  });
});

describe("dense layer: tanh(W*x + b)", () => {
  it.each(["numerator", "denominator", "mixed"] as const)("%s layout", (layout) => {
    const d = ok(derive({ expr: "a = tanh(W*x + b)", wrt: ["x"], shapes: DENSE, layout }));
    const line = formatDerivationText(d).split("\n")[2];
    expect(line).toBe({ numerator: "∂a/∂x = diag(1 − a ⊙ a) W    (m×n)", denominator: "∂a/∂x = Wᵀ diag(1 − a ⊙ a)    (n×m)", mixed: "∂a/∂x = diag(1 − a ⊙ a) W    (m×n)" }[layout]);
  });
  it("--steps in denominator layout names the vec rule and the final transpose", () => {
    const d = ok(derive({ expr: "a = tanh(W*x + b)", wrt: ["x"], shapes: DENSE, layout: "denominator" }));
    expect(formatSteps(d, "text")).toMatchInlineSnapshot(`
      "Derivation (denominator layout, Jacobian form)
      1. Name the intermediate values
           u = Wx + b    m×1
           a = tanh(u)   m×1
      2. Differentiate each (only x varies)
           du = W dx
           da = (1 − a ⊙ a) ⊙ du
      3. Chain them
           da = (1 − a ⊙ a) ⊙ (W dx)
      4. Vectorise (columns stacked): J = ∂vec(a)/∂vec(x)ᵀ
           vec(W dx) = W vec(dx)   a factor on the left stays as it is: vec(A dX) = (I ⊗ A) vec(dX)
           vec((1 − a ⊙ a) ⊙ (W dx)) = diag(1 − a ⊙ a) vec(W dx)
              an elementwise factor becomes a diagonal matrix: vec(M ⊙ dX) = diag(vec M) vec(dX)
      5. Result
           ∂a/∂x = Wᵀ diag(1 − a ⊙ a)   n×m; denominator layout is the transpose of numerator layout
           simplified with: s ⊗ A = A ⊗ s = sA for a scalar s; 1·A = A; I A = A I = A; (AB)ᵀ = BᵀAᵀ; Aᵀ = A for I, diag(v) and their multiples"
    `);
  });
  it("LaTeX, numerator layout", () => {
    const d = ok(derive({ expr: "a = tanh(W*x + b)", wrt: ["x"], shapes: DENSE, layout: "numerator" }));
    expect(formatLatex(d)).toMatchInlineSnapshot(`
      "\\begin{aligned}
        a &= \\tanh(W x + b) \\\\
        \\frac{\\partial a}{\\partial x} &= \\operatorname{diag}(1 - a \\odot a) W
      \\end{aligned}"
    `);
  });
});

describe("the RNN of Pascanu et al. (2013): Wrec*sigmoid(x) + Win*sigmoid(u) + b", () => {
  it("numerator Jacobian is Wrec diag(σ′(x)), not Wrecᵀ diag(σ′(x))", () => {
    const d = ok(derive({ expr: "Wrec*sigmoid(x) + Win*sigmoid(u) + b", wrt: ["x"], shapes: ["Wrec: n x n, x: n, u: k"], layout: "numerator" }));
    expect(formatDerivationText(d)).toMatchInlineSnapshot(`
      "numerator layout · Jacobian form · Wrec: n×n, x: n×1, Win: n×k (default for uppercase names), u: k×1, b: scalar (default for a–g)
      y = Wrec σ(x) + Win σ(u) + b
      ∂y/∂x = Wrec diag(t₀ ⊙ (1 − t₀))    (n×n)
      where
        t₀ = σ(x)
      note: b was taken as a scalar by default (names starting a–g are scalars), yet it is added to every entry of a value (n×1); declare its shape (e.g. --shape "b: n") if it is a vector"
    `);
  });
});

describe("LaTeX for the RNN paper's Jacobian", () => {
  it("numerator layout", () => {
    const d = ok(derive({ expr: "Wrec*sigmoid(x) + Win*sigmoid(u) + b", wrt: ["x"], shapes: ["Wrec: n x n, x: n, u: k"], layout: "numerator" }));
    expect(formatLatex(d)).toMatchInlineSnapshot(`
      "% shapes nobody declared: Win: n×k (default for uppercase names), b: scalar (default for a–g)
      \\begin{aligned}
        y &= W_{\\mathrm{rec}} \\sigma(x) + W_{in} \\sigma(u) + b \\\\
        \\frac{\\partial y}{\\partial x} &= W_{\\mathrm{rec}} \\operatorname{diag}(t_{0} \\odot \\left(1 - t_{0}\\right)) \\\\
        \\text{where}\\quad t_{0} &= \\sigma(x)
      \\end{aligned}"
    `);
  });
});

describe("--steps for the RNN paper's Jacobian", () => {
  it("shows the left factor Wrec staying untransposed in numerator layout", () => {
    const d = ok(derive({ expr: "Wrec*sigmoid(x) + Win*sigmoid(u) + b", wrt: ["x"], shapes: ["Wrec: n x n, x: n, u: k"], layout: "numerator" }));
    expect(formatSteps(d, "text")).toMatchInlineSnapshot(`
      "Derivation (numerator layout, Jacobian form)
      1. Name the intermediate values
           v = σ(x)                    n×1
           y = Wrec v + Win σ(u) + b   n×1
      2. Differentiate each (only x varies)
           dv = v ⊙ (1 − v) ⊙ dx
           dy = Wrec dv
      3. Chain them
           dy = Wrec (v ⊙ (1 − v) ⊙ dx)
      4. Vectorise (columns stacked): J = ∂vec(y)/∂vec(x)ᵀ
           vec(v ⊙ (1 − v) ⊙ dx) = diag(v ⊙ (1 − v)) vec(dx)
              an elementwise factor becomes a diagonal matrix: vec(M ⊙ dX) = diag(vec M) vec(dX)
           vec(Wrec (v ⊙ (1 − v) ⊙ dx)) = Wrec vec(v ⊙ (1 − v) ⊙ dx)
              a factor on the left stays as it is: vec(A dX) = (I ⊗ A) vec(dX)
      5. Result
           ∂y/∂x = Wrec diag(v ⊙ (1 − v))   n×n; numerator layout is J itself
           simplified with: s ⊗ A = A ⊗ s = sA for a scalar s; 1·A = A; I A = A I = A
      note: b was taken as a scalar by default (names starting a–g are scalars), yet it is added to every entry of a value (n×1); declare its shape (e.g. --shape "b: n") if it is a vector"
    `);
  });
});

describe("results read like a textbook", () => {
  const line = (expr: string, wrt: string, extra: Partial<Parameters<typeof derive>[0]> = {}) =>
    formatDerivationText(ok(derive({ expr, wrt: [wrt], ...extra }))).split("\n")[2];
  it.each([
    ["x'*A*x", "x", "∂y/∂x = (Aᵀ + A) x    (m×1)"],
    ["tr(A*X*B)", "X", "∂y/∂X = AᵀBᵀ    (n×p)"],
    ["x'*x", "x", "∂y/∂x = 2x    (m×1)"],
    ["sum(x)", "x", "∂y/∂x = 𝟏_m    (m×1)"],
    ["logdet(X)", "X", "∂y/∂X = X⁻ᵀ    (m×m)"],
  ])("%s wrt %s", (expr, wrt, expected) => {
    expect(line(expr, wrt)).toBe(expected);
  });
});
