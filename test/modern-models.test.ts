/**
 * Issue 10: the operators of modern models. The showcase derivations come
 * out readable (snapshots) and right (checked numerically at distinct
 * sizes, in grad and Jacobian form); Hessian–vector products are closed
 * forms in X's shape; claims may say 0, K(m, n), I(n), ones(m, n), kron(I, I);
 * matrixcalculus.org's spellings run unchanged; the special functions are
 * accurate enough to check derivatives against.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { derive, type DeriveRequest } from "../src/api/derive.js";
import { check } from "../src/api/check.js";
import { checkDerivation } from "../src/api/check-derivation.js";
import { formatDerivationText } from "../src/print/text.js";
import { formatSteps } from "../src/print/steps.js";
import { erf, gelu } from "../src/ops/special-functions.js";
import { checkBatch } from "../src/api/batch/run.js";

const DIMS = new Map([["N", 3], ["M", 4], ["d", 2], ["e", 5], ["D", 4], ["K", 5], ["H", 6]]);

/** The derivation, checked numerically, as text; `steps`: step by step. */
function derived(request: DeriveRequest, steps = false) {
  const r = derive(request);
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  const reports = checkDerivation(r.value, { defaultDims: DIMS, trials: 2 });
  for (const report of reports) expect(report.ok, `max relative error ${report.maxRelError}`).toBe(true);
  return steps ? formatSteps(r.value, "text") : formatDerivationText(r.value);
}

const ATTENTION = "softmax(Q*K'/sqrt(d), 2)*V where Q: N x d, K: M x d, V: M x e, d: scalar";
const LAYER_NORM = "(X - mean(X, 2)) ./ sqrt(mean((X - mean(X, 2)).^2, 2) + eps) where X: N x D, eps: scalar";
const CROSS_ENTROPY = "-sum(T .* log(softmax(Z, 2)))/N where Z: N x K, T: N x K, N: scalar";
const GELU_MLP = "W2*gelu(W1*x + b1) + b2 where W1: H x D, x: D, b1: H, W2: K x H, b2: K";

describe("showcase derivations", () => {
  it.each(["Q", "K", "V"])("attention, grad wrt %s", (wrt) => {
    expect(derived({ expr: ATTENTION, wrt: [wrt], form: "grad", assume: ["d: positive"] })).toMatchSnapshot();
  });
  it("attention, Jacobian wrt V and its steps", () => {
    expect(derived({ expr: ATTENTION, wrt: ["V"], assume: ["d: positive"] })).toMatchSnapshot();
    expect(derived({ expr: ATTENTION, wrt: ["V"], form: "grad", assume: ["d: positive"] }, true)).toMatchSnapshot();
  });
  it("row softmax reads S ⊙ (G − (G ⊙ S) 𝟏)", () => {
    const text = derived({ expr: "softmax(Z, 2) where Z: N x K", wrt: ["Z"], form: "grad" });
    expect(text).toContain("Y ⊙ (G − (G ⊙ Y) 𝟏_K)");
  });
  it.each(["grad", "jacobian"] as const)("layer norm over rows (%s form)", (form) => {
    expect(derived({ expr: LAYER_NORM, wrt: ["X"], form, assume: ["eps: positive"] })).toMatchSnapshot();
  });
  it.each(["grad", "jacobian"] as const)("batched softmax cross-entropy (%s form)", (form) => {
    expect(derived({ expr: CROSS_ENTROPY, wrt: ["Z"], form })).toMatchSnapshot();
  });
  it.each(["W1", "b1", "W2"])("GELU MLP layer, grad wrt %s", (wrt) => {
    expect(derived({ expr: GELU_MLP, wrt: [wrt], form: "grad" })).toMatchSnapshot();
  });
});

describe("Hessian–vector products", () => {
  it("of xᵀAx is (Aᵀ + A) dx", () => {
    expect(derived({ expr: "x'*A*x", wrt: ["x"], order: 2, form: "differential" })).toContain("H dx = (Aᵀ + A) dx");
  });
  it("of the logistic loss is Xᵀ (s ⊙ (1 − s) ⊙ (X dw))", () => {
    const text = derived({ expr: "sum(softplus(X*w)) - y'*X*w where X: m x n, w: n, y: m", wrt: ["w"], order: 2, form: "differential" });
    expect(text).toContain("H dw = Xᵀ (t₀ ⊙ (1 − t₀) ⊙ (X dw))");
    expect(text).toContain("t₀ = σ(Xw)");
  });
  it("a wrong HVP claim is rejected and a scaled one diagnosed", () => {
    const base = { expr: "x'*A*x", wrt: "x", order: 2 as const, form: "differential" as const };
    const right = check({ ...base, claim: "(A + A')*dx" });
    expect(right.ok && right.value.ok).toBe(true);
    const half = check({ ...base, claim: "(A + A')*dx/2" });
    expect(half.ok && !half.value.ok && half.value.diagnosis).toEqual({ kind: "scaled", factor: 0.5 });
    const transposed = check({ ...base, claim: "A*dx" });
    expect(transposed.ok && transposed.value.ok).toBe(false);
  });
});

describe("claims", () => {
  const holds = (expr: string, wrt: string, claim: string, shapes: string[] = []) => {
    const r = check({ expr, wrt, claim, shapes });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    return r.value.ok;
  };
  it("0 takes the shape of the answer", () => {
    expect(holds("X' - X'", "X", "0", ["X: m x n"])).toBe(true);
    expect(holds("X'", "X", "0", ["X: m x n"])).toBe(false);
  });
  it("K(m, n), I(n), ones(m, n) with sizes", () => {
    expect(holds("X'", "X", "K(m, n)", ["X: m x n"])).toBe(true);
    expect(holds("X", "X", "I(k)", ["X: k x 1"])).toBe(true);
    expect(holds("sum(X, 1)", "X", "kron(I(n), ones(m)')", ["X: m x n"])).toBe(true);
  });
  it("kron(I, I) unifies against a (k·k)×(k·k) answer", () => {
    expect(holds("X", "X", "kron(I, I)", ["X: k x k"])).toBe(true);
  });
  it("a printed answer pastes back as a claim", () => {
    expect(holds("mean(X, 2)", "X", "kron(ones(n)', I(m)) / n", ["X: m x n"])).toBe(true);
  });
});

describe("matrixcalculus.org's example inputs run unchanged", () => {
  it.each([
    ["x'*A*x + c*sin(y)'*x", "x"],
    ["norm2(A*x - b)^2", "x"],
    ["tr(X*A*X')", "X"],
    ["exp(-x'*A*x)", "x"],
    ["x'*eye*x", "x"],
    ["sum(vector(1) .* arctan(x))", "x"],
    ["sum(matrix(1) .* sinh(tanh(X)))", "X"],
    ["log(det(X))", "X"],
    ["tr(inv(X)*A)", "X"],
  ])("%s", (expr, wrt) => {
    const r = derive({ expr, wrt: [wrt] });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    for (const report of checkDerivation(r.value, { trials: 2 })) expect(report.ok).toBe(true);
  });
});

describe("special functions", () => {
  it("erf and gelu agree with reference values to 1e-14", () => {
    // erf values from Abramowitz & Stegun table 7.1 (more digits from the series).
    expect(Math.abs(erf(0.5) - 0.5204998778130465)).toBeLessThan(1e-14);
    expect(Math.abs(erf(1) - 0.8427007929497149)).toBeLessThan(1e-14);
    expect(Math.abs(erf(3) - 0.9999779095030014)).toBeLessThan(1e-14);
    expect(Math.abs(erf(-2) + 0.9953222650189527)).toBeLessThan(1e-14);
    expect(Math.abs(gelu(1) - 0.8413447460685429)).toBeLessThan(1e-14);
  });
});

describe("axis arguments", () => {
  it("an axis other than 1 or 2 is refused with a message", () => {
    const r = derive({ expr: "sum(X, 3)", wrt: ["X"] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.diagnostics[0]!.message).toMatch(/axis of sum must be 1/);
  });
  it("softmax without an axis keeps its column-vector meaning", () => {
    const r = derive({ expr: "softmax(X)", wrt: ["X"], shapes: ["X: m x n"] });
    expect(!r.ok && r.diagnostics[0]!.message).toMatch(/column vector/);
  });
});

describe("examples/modern-models.yaml", () => {
  it("every entry holds", async () => {
    const text = readFileSync(new URL("../examples/modern-models.yaml", import.meta.url), "utf8");
    const r = await checkBatch(text, "examples/modern-models.yaml");
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    expect(r.value.results.length).toBeGreaterThan(10);
    expect([r.value.failed, r.value.errors]).toEqual([0, 0]);
  });
});
