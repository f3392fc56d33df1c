/**
 * --form index: entries with Kronecker deltas, checked numerically
 * by evaluating the printed terms into the Jacobian they describe.
 */
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { checkDerivative } from "../src/numeric/check-many.js";
import { formatDerivationText } from "../src/print/text.js";
import { indexEvaluator } from "../src/print/index-notation.js";
import { checkDerivation } from "../src/api/check-derivation.js";
import { TooLargeError } from "../src/numeric/work.js";

/** Derive in index form and check that the printed terms evaluate to the Jacobian; the printed line. */
function checkedIndexLine(expr: string, wrt: string, shapes: string[] = []): string {
  const r = derive({ expr, wrt: [wrt], shapes, form: "index" });
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  const d = r.value.derivatives[0]!;
  const rep = checkDerivative({
    y: r.value.y, x: d.variable, form: "jacobian", layout: "numerator", result: d.result,
    evaluateJacobian: indexEvaluator(d.index!, r.value.y, d.variable),
  });
  const text = formatDerivationText(r.value);
  expect(rep.ok, `${text}\nthe printed terms should evaluate to the Jacobian: max relative error ${rep.maxRelError}`).toBe(true);
  return text.split("\n")[2]!;
}

describe("index notation", () => {
  it.each([
    ["X*A", "X", [], "∂Y_ij/∂X_kl = δ_ik A_lj"],
    ["A*X*B", "X", [], "∂Y_ij/∂X_kl = A_ik B_lj"],
    ["W*x", "x", [], "∂y_i/∂x_j = W_ij"],
    ["tanh(W*x + b)", "x", ["W: m x n, x: n, b: m"], "∂y_i/∂x_j = (1 − y ⊙ y)_i W_ij"],
    ["softmax(z)", "z", [], "∂y_i/∂z_j = δ_ij y_i − y_i y_j"],
    ["x'*A*x", "x", [], "∂y/∂x_i = Σ_r A_ir x_r + Σ_r x_r A_ri"],
    ["tr(A*X)", "X", [], "∂y/∂X_ij = A_ji"],
    ["inv(X)", "X", [], "∂Y_ij/∂X_kl = −Y_ik Y_lj"],
    ["X'", "X", [], "∂Y_ij/∂X_kl = δ_il δ_jk"],
    ["sum(X)", "X", [], "∂y/∂X_ij = 1"],
    ["tanh(h*Whh + x*Wxh + b)", "h", ["h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"], "∂Y_ij/∂h_kl = δ_ik (1 − Y ⊙ Y)_ij (Whh)_lj"],
  ])("%s wrt %s", (expr, wrt, shapes, expected) => {
    expect(checkedIndexLine(expr, wrt, shapes as string[])).toBe(expected);
  });
  it.each([
    ["kron(A, X)", "X", "∂Y_ij/∂X_kl = δ_k(i mod p) δ_l(j mod q) A_⌊i/p⌋⌊j/q⌋"],
    ["kron(X, B)", "X", "∂Y_ij/∂X_kl = δ_k⌊i/p⌋ δ_l⌊j/q⌋ B_(i mod p)(j mod q)"],
    ["vec(X)", "X", "∂y_i/∂X_jk = δ_j(i mod m) δ_k⌊i/m⌋"],
    ["vec(X)'*vec(X)", "X", "∂y/∂X_ij = 2 X_ij"],
    // δ_⌊r/m⌋(r mod m), the diagonal, says nothing of r alone; δ_j(r mod m) fixes r mod m = j, and then the diagonal
    // ⌊r/m⌋ = j, so r = j + m·j is eliminated and no summed index is left free
    ["sum(vec(diag(diag(X))))", "X", "∂y/∂X_ij = δ_ij"],
  ])("Kronecker products and vec use block and offset indices: %s", (expr, wrt, expected) => {
    expect(checkedIndexLine(expr, wrt)).toBe(expected);
    const r = derive({ expr, wrt: [wrt], form: "index" });
    if (r.ok && expected.includes("⌊")) expect(r.value.notes.join()).toMatch(/indices count from 0/);
  });
});

describe("every operator in index form checks numerically (distinct random sizes)", () => {
  const cases: [string, string, string[]][] = [
    ["A*X + C", "X", ["A: m x n, X: n x p"]], ["A*X - X*B", "X", ["X: n x p"]], ["a*X", "a", []], ["a*X", "X", []],
    ["X .* Y", "X", ["X: m x n"]], ["X ./ Y", "Y", ["X: m x n"]], ["X / c", "c", ["X: m x n"]], ["X'", "X", ["X: m x n"]],
    ["-X*B", "X", []], ["a^b", "b", []], ["X^3", "X", []], ["x.^3", "x", []], ["X.^Y", "Y", ["X: m x n"]],
    ["exp(X)", "X", []], ["log(x)", "x", []], ["sin(x) .* cos(x)", "x", []], ["tan(x)", "x", []], ["tanh(X*w)", "w", []],
    ["sigmoid(x)", "x", []], ["relu(x)", "x", []], ["softplus(x)", "x", []], ["sqrt(x)", "x", []], ["abs(x)", "x", []],
    ["sum(X)", "X", []], ["tr(X)", "X", []], ["diag(x)", "x", []], ["diag(X)", "X", []], ["inv(X)", "X", []],
    ["det(X)", "X", []], ["logdet(X)", "X", []], ["norm2(x)", "x", []], ["norm1(x)", "x", []], ["softmax(z)", "z", []],
    ["logsumexp(z)", "z", []], ["h*W + b", "b", ["h: N x H, b: 1 x H"]], ["X + c", "c", ["X: m x n"]], ["x*r", "r", ["r: 1 x n"]],
    ["kron(A, X)", "X", []], ["kron(X, B)", "B", []], ["kron(X, X)", "X", []], ["sum(kron(A, X))", "X", []], ["vec(X)", "X", []],
    ["vec(X')'*A*vec(X)", "X", []], ["x'*kron(A, B)*x", "B", ["A: m x m, B: n x n"]], ["tr(kron(A, X))", "X", []],
  ];
  it.each(cases)("%s wrt %s", (expr, wrt, shapes) => {
    checkedIndexLine(expr, wrt, shapes);
  });
});

describe("checking index notation multiplies out its sums, and refuses when that would take too long", () => {
  const nest = (depth: number) => "tanh(W*".repeat(depth) + "x" + ")".repeat(depth);
  it("a chain of 15 sums at m = 6 (about 10¹⁴ products) is refused before any is multiplied, pointing to the Jacobian form", () => {
    const d = derive({ expr: nest(15), wrt: ["x"], form: "index" });
    if (!d.ok) throw new Error(d.diagnostics[0]!.message);
    let refusal: unknown;
    try {
      checkDerivation(d.value, { dims: new Map([["m", 6]]) });
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(TooLargeError);
    expect((refusal as TooLargeError).message).toMatch(/^checking the index notation multiplies out its sums entry by entry: about \d\.\de\+13 products at m=6, more than a check takes this way \(3\.0e\+7\)$/);
    expect((refusal as TooLargeError).help).toMatch(/--form jacobian --check/);
  });
  it("a chain of 6 checks", () => {
    const d = derive({ expr: nest(6), wrt: ["x"], form: "index" });
    if (!d.ok) throw new Error(d.diagnostics[0]!.message);
    expect(checkDerivation(d.value, { dims: new Map([["m", 4]]) }).every((r) => r.ok)).toBe(true);
  });
});
