/**
 * check(): every diagnosis of / issue "Checking", domain handling for
 * log, sqrt, logdet and inv, and reproducibility with the seed.
 */
import { describe, expect, it } from "vitest";
import { type CheckRequest, check } from "../src/api/check.js";
import { claimSentence } from "../src/api/verdict.js";

function diagnose(req: CheckRequest) {
  const r = check(req);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.value;
}

describe("diagnosis of a wrong claim", () => {
  it("holds", () => {
    expect(diagnose({ expr: "x'*A*x", wrt: "x", claim: "(A + A')*x" }).diagnosis).toEqual({ kind: "holds" });
  });
  it("is the answer in the other layout", () => {
    const r = diagnose({ expr: "A*x", wrt: "x", claim: "A'", layout: "numerator", shapes: ["A: m x n"] });
    expect(r.diagnosis).toEqual({ kind: "other-layout", layouts: ["denominator"] });
  });
  it("is the transpose of the answer (grad form, a square variable)", () => {
    const r = diagnose({ expr: "tr(A*X)", wrt: "X", claim: "G*A", form: "grad", shapes: ["A: n x n, X: n x n"] });
    expect(r.diagnosis).toEqual({ kind: "transpose" });
  });
  it("has the wrong shape, with both shapes named", () => {
    const r = diagnose({ expr: "tr(A*X)", wrt: "X", claim: "A*A'", form: "grad", shapes: ["A: n x m"] });
    expect(r.diagnosis.kind).toBe("wrong-shape");
    if (r.diagnosis.kind === "wrong-shape") {
      expect(`${r.diagnosis.expected.rows.syms}×${r.diagnosis.expected.cols.syms}`).toBe("m×n");
      expect(`${r.diagnosis.got.rows.syms}×${r.diagnosis.got.cols.syms}`).toBe("n×n");
    }
  });
  it("is right only if a matrix is symmetric", () => {
    const r = diagnose({ expr: "x'*A*x", wrt: "x", claim: "2*A*x" });
    expect(r.diagnosis).toEqual({ kind: "symmetric-only", names: ["A"], layout: null });
  });
  it("is a Hessian right only along symmetric directions (the textbook's −X⁻¹ ⊗ X⁻¹ for logdet, without K)", () => {
    const r = diagnose({ expr: "logdet(X)", wrt: "X", claim: "-kron(inv(X), inv(X))", order: 2 });
    expect(r.diagnosis).toEqual({ kind: "symmetric-only", names: ["X"], layout: null });
    expect(diagnose({ expr: "logdet(X)", wrt: "X", claim: "-kron(inv(X), inv(X))", order: 2, assume: ["X: spd"] }).ok).toBe(true);
  });
  it("is off by a sign", () => {
    const r = diagnose({ expr: "exp(-x)", wrt: "x", claim: "diag(exp(-x))", layout: "numerator" });
    expect(r.diagnosis).toEqual({ kind: "scaled", factor: expect.closeTo(-1, 9) });
  });
  it("is off by a constant factor", () => {
    const r = diagnose({ expr: "x'*x", wrt: "x", claim: "x" });
    expect(r.diagnosis.kind).toBe("scaled");
    if (r.diagnosis.kind === "scaled") expect(r.diagnosis.factor).toBeCloseTo(0.5, 9);
  });
  it("leaves out the upstream gradient G (grad form, scalar y)", () => {
    expect(diagnose({ expr: "x'*A*x", wrt: "x", claim: "(A + A')*x", form: "grad" }).diagnosis).toEqual({ kind: "missing-upstream" });
    expect(diagnose({ expr: "x'*A*x", wrt: "x", claim: "G*(A + A')*x", form: "grad" }).diagnosis).toEqual({ kind: "holds" });
  });
  it("matches nothing", () => {
    expect(diagnose({ expr: "sin(x)", wrt: "x", claim: "diag(x)", layout: "numerator" }).diagnosis).toEqual({ kind: "mismatch" });
  });
  it("the RNN paper's claim, in both layouts", () => {
    const base = { expr: "Wrec*sigmoid(x) + Win*sigmoid(u) + b", wrt: "x", claim: "Wrec'*diag(sigmoid(x).*(1 - sigmoid(x)))" };
    expect(diagnose({ ...base, layout: "numerator" }).diagnosis).toEqual({ kind: "symmetric-only", names: ["Wrec"], layout: null });
    expect(diagnose({ ...base, layout: "denominator" }).diagnosis).toEqual({ kind: "symmetric-only", names: ["Wrec"], layout: "numerator" });
  });
  it("a claim in the differential form may use d<wrt>", () => {
    expect(diagnose({ expr: "X*X", wrt: "X", claim: "dX*X + X*dX", form: "differential" }).ok).toBe(true);
    expect(diagnose({ expr: "X*X", wrt: "X", claim: "2*X*dX", form: "differential" }).ok).toBe(false);
  });
});

describe("domains: values are sampled inside the domain of every operation", () => {
  it.each([
    ["log(x)", "x", "diag(1 ./ x)"],
    ["sqrt(x)", "x", "diag(0.5 ./ sqrt(x))"],
    ["logdet(X)", "X", "inv(X)'"],
    ["sum(inv(X))", "X", "-(inv(X)'*ones*ones'*inv(X)')"],
  ])("%s", (expr, wrt, claim) => {
    const r = diagnose({ expr, wrt, claim, layout: expr.includes("X") ? "mixed" : "numerator" });
    expect(r.ok).toBe(true);
  });
  it("an expression with no valid instance is a domain diagnostic pointing at the operation", () => {
    const r = check({ expr: "x + log(-exp(x))", wrt: "x", claim: "I" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics[0]).toMatchObject({ code: "domain", span: { start: 4, end: 16 } });
      expect(r.diagnostics[0]!.help).toMatch(/--assume/);
    }
  });
  it("--assume spd samples symmetric positive definite matrices", () => {
    expect(diagnose({ expr: "logdet(S)", wrt: "S", claim: "inv(S)", assume: ["S: spd"] }).ok).toBe(true);
  });
  it("--assume rejects unknown facts and non-square matrices", () => {
    const a = check({ expr: "x'*A*x", wrt: "x", claim: "x", assume: ["A: sdp"] });
    expect(a.ok ? "" : a.diagnostics[0]!.help).toMatch(/did you mean spd/);
    const b = check({ expr: "A*x", wrt: "x", claim: "A", assume: ["A: symmetric"], shapes: ["A: m x n"] });
    expect(b.ok ? "" : b.diagnostics[0]!.message).toMatch(/cannot be symmetric/);
  });
});

describe("reproducibility", () => {
  const req = { expr: "tanh(W*x + b)", wrt: "x", claim: "diag(1 - tanh(W*x + b).^2)*W", layout: "numerator" as const };
  it("the same seed gives the same sizes and errors", () => {
    const a = diagnose({ ...req, seed: 42 }).numeric;
    const b = diagnose({ ...req, seed: 42 }).numeric;
    expect(a.trials).toEqual(b.trials);
  });
  it("another seed gives other sizes", () => {
    const a = diagnose({ ...req, seed: 1 }).numeric.trials.map((t) => t.sizes);
    const b = diagnose({ ...req, seed: 2 }).numeric.trials.map((t) => t.sizes);
    expect(a).not.toEqual(b);
  });
  it("distinct symbols get distinct sizes, and --dims fixes them", () => {
    for (const t of diagnose(req).numeric.trials) expect(t.sizes.m).not.toBe(t.sizes.n);
    const fixed = diagnose({ ...req, dims: new Map([["m", 7]]) }).numeric.trials;
    for (const t of fixed) expect(t.sizes.m).toBe(7);
  });
});

describe("a size the claim names never merges two of the expression's sizes", () => {
  // The claim's m took W's rows (broadcast against W x), and W's columns were then named m by default too: W was
  // drawn square, and a claim that divides by n where y divides by m held.
  it("a claim right only when W is square is wrong", () => {
    const r = check({ expr: "mean(tanh(W*x))", wrt: "W", claim: "(1 - tanh(W*x).^2).*ones(m,1)*x' / sum(x.^0)" });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    expect(r.value.ok).toBe(false);
    expect(r.value.numeric.trials.every((t) => t.sizes.m !== undefined && t.sizes.n !== undefined)).toBe(true);
  });
  it("the right claim, and a claim that names the default sizes derive printed (W: m×n), hold", () => {
    for (const claim of ["(1 - tanh(W*x).^2).*ones(m,1)*x' / sum(ones(m,1))", "(1 - tanh(W*x).^2)*x' / sum(ones(m,1))"]) {
      const r = check({ expr: "mean(tanh(W*x))", wrt: "W", claim });
      expect(r.ok && r.value.ok, claim).toBe(true);
    }
  });
});

describe("a claim of 0 is the zero of whatever shape its place needs", () => {
  it.each([
    ["the Hessian of a linear function", { expr: "sum(X*A)", wrt: "X", order: 2 as const }],
    ["its Hessian–vector product", { expr: "sum(X*A)", wrt: "X", order: 2 as const, form: "differential" as const }],
    ["the derivative of a constant, x declared but unused (Jacobian)", { expr: "sum(A)", wrt: "X", shapes: ["X: m x n, A: p x q"] }],
    ["the derivative of a constant, x declared but unused (grad)", { expr: "sum(A)", wrt: "X", shapes: ["X: m x n, A: p x q"], form: "grad" as const }],
  ])("%s", (_, request) => {
    const r = check({ ...request, claim: "0" });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    expect(r.value.ok, r.value.diagnosis.kind).toBe(true);
  });
});

describe("a derivative with respect to an intermediate is checked where the intermediate is computed", () => {
  // The check drew h at random, apart from W and x: a claim that wrote h's value from the inputs was wrong there.
  const P = "u = W*x; h = tanh(u); L = sum(h.*h)";
  it.each([
    ["h", "2*G*h"], ["h", "2*G*tanh(u)"], ["h", "2*G*tanh(W*x)"], ["u", "2*G*tanh(W*x).*(1-tanh(W*x).^2)"],
  ])("--wrt %s: %s holds", (wrt, claim) => {
    const r = check({ expr: P, wrt, form: "grad", claim });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    expect(r.value.ok).toBe(true);
  });
  it("a wrong one is still wrong", () => {
    const r = check({ expr: P, wrt: "h", form: "grad", claim: "G*tanh(W*x)" });
    expect(r.ok && r.value.diagnosis).toEqual({ kind: "scaled", factor: 0.5 });
  });
  it("an intermediate symmetric by construction is symmetric where it is checked (u = XᵀX)", () => {
    const r = check({ expr: "u = X'*X; L = tr(inv(u)*A)", wrt: "u", claim: "-inv(u)*A'*inv(u)" });
    expect(r.ok && r.value.ok).toBe(true);
  });
});

describe("a claim that misses the answer by a little is not explained as another layout or a factor of 1", () => {
  // It leaves out 2x beside a term 10⁸ larger: the check rejects it, and the diagnosis must not call it the answer.
  const expr = "x'*x + 1e8*(u'*x)^2";
  it.each([["mixed", "mismatch"], ["numerator", "wrong-shape"]] as const)("%s layout: %s", (layout, kind) => {
    const r = check({ expr, wrt: "x", layout, claim: "2e8*(u'*x)*u" });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    expect(r.value.ok).toBe(false);
    expect(r.value.diagnosis.kind).toBe(kind);
  });
});

describe("a trusted disagreement is the verdict", () => {
  it("the check of a wrong claim stops at the first instance that shows it wrong; a right one takes every trial", () => {
    const wrong = diagnose({ expr: "tanh(X)", wrt: "X", form: "grad", claim: "G", shapes: ["X: m x n"] });
    expect(wrong.ok).toBe(false);
    expect(wrong.numeric.trials).toHaveLength(1);
    const right = diagnose({ expr: "tanh(X)", wrt: "X", form: "grad", claim: "G .* (1 - tanh(X).^2)", shapes: ["X: m x n"] });
    expect(right.numeric.trials).toHaveLength(3);
  });
});

describe("a wrong claim whose explanation would cost more than a check may spend", () => {
  it("is still wrong, and says it was not diagnosed: logdet(X) at m = 300 with 100 trials, claim X", () => {
    // What the test relies on: with 100 trials a check may spend a thirty-third of its usual limit, which the claim's
    // check fits and matdiff's own answer, X⁻ᵀ (three times logdet's cost), does not.
    const r = diagnose({ expr: "logdet(X)", wrt: "X", claim: "X", dims: new Map([["m", 300]]), trials: 100 });
    expect(r.ok).toBe(false);
    expect(r.diagnosis.kind).toBe("undiagnosed");
    if (r.diagnosis.kind === "undiagnosed") expect(r.diagnosis.reason).toMatch(/multiply-adds/);
    expect(claimSentence(r)).toMatch(/^the claim disagrees with finite differences .*would cost more than a check may spend/);
  });
});
