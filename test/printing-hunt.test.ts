/**
 * Printed text never misreads, and JSON's source passes `check EXPR --claim <source>` (README "Unambiguous
 * text", "JSON schema"). Three printing faults, each pinned where it showed:
 *   1. an exponent in exponent notation written as superscripts lost its "e+": x^1e21 printed x¹²¹;
 *   2. a one-letter exponent after ^ was joined to the next factor: 2^a x printed 2^ax, read 2^(ax);
 *   3. the source of an operator spelt by its defining identity (unvec_(m×n)(v) = (vec(I_n)ᵀ ⊗ I_m)(I_n ⊗ v))
 *      was not bracketed under a postfix: unvec(x)ᵀ came out as kron(…)*kron(…)', the ' on the last factor only.
 */
import { describe, expect, it } from "vitest";
import { derive, type DeriveRequest } from "../src/api/derive.js";
import { check } from "../src/api/check.js";
import { formatDerivationText } from "../src/print/text.js";
import { formatLatex } from "../src/print/latex.js";
import { derivationJson } from "../src/print/json.js";
import { sourceOf } from "../src/print/source.js";
import { superscript } from "../src/ops/notation.js";
import { newGraph } from "../src/ops/registry.js";
import { hpow, matmul, ones, transpose, unvec } from "../src/ops/make.js";
import { ONE, dimSym } from "../src/shapes/dim.js";

function derived(request: DeriveRequest) {
  const r = derive(request);
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  return r.value;
}

/** The expression line and the first derivative line of the text output. */
function textLines(expr: string, wrt: string, shapes: string[]): [string, string] {
  const lines = formatDerivationText(derived({ expr, wrt: [wrt], shapes })).split("\n");
  return [lines[1]!, lines[2]!];
}

describe("1. an exponent is a superscript only when every character has one", () => {
  it("1e21 and 1e308 have no superscript form (the 'e+' has none); 2 and −1 do", () => {
    expect(superscript(1e21)).toBeNull();
    expect(superscript(1e308)).toBeNull();
    expect(superscript(2)).toBe("²");
    expect(superscript(-1)).toBe("⁻¹");
  });

  it("x^1e21 prints x^(1e+21), never x¹²¹ (x^121); its derivative too", () => {
    const [y, d] = textLines("x^1e21", "x", ["x: scalar"]);
    expect(y).toBe("y = x^(1e+21)");
    // 1e21 − 1 rounds to 1e21 in float64, so d(x^k) = k x^(k−1) is written k x^k / x (it printed 1e+21 x^(1e+21))
    expect(d).toMatch(/^∂y\/∂x = 1e\+21 \(x\^\(1e\+21\) \/ x\)/);
    expect(textLines("x^1e308", "x", ["x: scalar"])[0]).toBe("y = x^(1e+308)");
  });

  it("a small exponent in exponent notation is bracketed too, so its sign never reads as a difference: x^(1e−7)", () => {
    expect(textLines("x^1e-7", "x", ["x: scalar"])[0]).toBe("y = x^(1e−7)");
    expect(textLines("X.^1e21", "X", [])[0]).toBe("Y = X.^(1e+21)");
  });

  it("JSON's text says the same, and its source and LaTeX keep the number whole", () => {
    const d = derived({ expr: "x^1e21", wrt: ["x"], shapes: ["x: scalar"] });
    const json = derivationJson(d);
    expect(json.expression.text).toBe("x^(1e+21)");
    expect(json.results[0]!.source).toContain("x^1e+21");
    expect(formatLatex(d)).toContain("x^{1\\mathrm{e}{+21}}");
  });
});

describe("2. nothing is joined to an exponent written after ^", () => {
  it("2^a x, not 2^ax (which reads 2^(ax)); 2^(ax) keeps its brackets", () => {
    expect(textLines("2^a*x", "a", ["x: n"])[0]).toBe("y = 2^a x");
    expect(textLines("2^(a*x)", "a", ["x: scalar"])[0]).toBe("y = 2^(ax)");
  });

  it("(a^b)^c x and a^b x: the outer exponent is apart from the next factor too", () => {
    expect(textLines("(a^b)^c*x", "c", ["x: n"])[0]).toBe("y = (a^b)^c x");
    expect(textLines("a^b*x", "a", ["x: n"])[0]).toBe("y = a^b x");
  });

  it("an elementwise power with a one-letter exponent: X.^a Y, not X.^aY", () => {
    expect(textLines("(X.^a)*Y", "X", [])[0]).toBe("F = X.^a Y");
  });

  it("a superscript exponent still joins (2x³, xᵀAx), and LaTeX braces the exponent: 2^{a} x", () => {
    expect(textLines("2*x^3", "x", ["x: scalar"])).toEqual(["y = 2x³", "∂y/∂x = 6x²    (scalar)"]);
    expect(textLines("x'*A*x", "x", [])[0]).toBe("y = xᵀAx");
    expect(formatLatex(derived({ expr: "2^a*x", wrt: ["a"], shapes: ["x: n"] }))).toContain("2^{a} x");
  });
});

describe("3. JSON's source brackets an expansion wherever a tighter operator holds it", () => {
  /** The source of the one result, checked as the claim of the same problem. */
  function sourceHolds(request: DeriveRequest & { wrt: [string] }): string {
    const source = derivationJson(derived(request)).results[0]!.source;
    const verdict = check({ ...request, wrt: request.wrt[0], claim: source });
    if (!verdict.ok) throw new Error(`source does not parse: ${source}: ${verdict.diagnostics[0]!.message}`);
    expect(verdict.value.ok, source).toBe(true);
    return source;
  }

  it("unvec_(n×m)(x)ᵀ is (kron(vec(I(m))', I(n))*kron(I(m), x))', and it passes check --claim", () => {
    const source = sourceHolds({ expr: "x'*vec(X')", wrt: ["X"], shapes: ["X: m x n"] });
    expect(source).toBe("(kron(vec(I(m))', I(n))*kron(I(m), x))'");
  });

  it.each(["numerator", "denominator", "mixed"] as const)("vec(X')'*K(m,n)*vec(X), %s layout: the source passes check --claim", (layout) => {
    sourceHolds({ expr: "vec(X')'*K(m,n)*vec(X)", wrt: ["X"], shapes: ["X: m x n"], layout });
  });

  it("in grad form too: G*(…)'", () => {
    const source = sourceHolds({ expr: "x'*vec(X')", wrt: ["X"], shapes: ["X: m x n"], form: "grad" });
    expect(source).toBe("G*(kron(vec(I(m))', I(n))*kron(I(m), x))'");
  });

  it("a transposed Kronecker block sum (Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎, spelt as an unvec of a product) is bracketed and passes", () => {
    const source = sourceHolds({ expr: "sum(kron(A,X))", wrt: ["X"], shapes: ["A: p x q, X: m x n"], layout: "numerator" });
    expect(source.startsWith("(kron(") && source.endsWith(")'")).toBe(true);
  });

  it("an unvec into a column is its argument, bracketed by the argument's own precedence: (A*x)'", () => {
    const g = newGraph();
    const a = g.variable("A", { rows: dimSym("m"), cols: dimSym("n") });
    const x = g.variable("x", { rows: dimSym("n"), cols: ONE });
    const column = unvec(matmul(a, x), { rows: dimSym("m"), cols: ONE });
    expect(sourceOf(transpose(column))).toBe("(A*x)'");
    expect(sourceOf(column)).toBe("A*x");
    // a name stays bare: B*x, not B*(x)
    const b = g.variable("B", { rows: dimSym("p"), cols: dimSym("m") });
    expect(sourceOf(matmul(b, unvec(g.variable("y", { rows: dimSym("m"), cols: ONE }), { rows: dimSym("m"), cols: ONE })))).toBe("B*y");
  });

  it("a row of ones is ones(n, 1)', a postfix: bracketed as an exponent, where the ' would apply to the power", () => {
    const g = newGraph();
    const n = dimSym("n");
    const x = g.variable("X", { rows: ONE, cols: n });
    expect(sourceOf(hpow(x, ones(g, ONE, n)))).toBe("X.^(ones(n, 1)')");
    expect(sourceOf(matmul(ones(g, ONE, n), transpose(x)))).toBe("ones(n, 1)'*X'");
  });
});

describe("JSON source writes a generic function's derivatives in ASCII, as claims may", () => {
  it("f'(u) and f''(u), and the source still passes as a claim", () => {
    const expr = "sum(f(W*x)) where f: elementwise";
    for (const [order, form, mark] of [[1, "grad", "f'("], [2, "jacobian", "f''("]] as const) {
      const d = derive({ expr, wrt: ["x"], order, form });
      if (!d.ok) throw new Error(d.diagnostics[0]!.message);
      const source = derivationJson(d.value).results[0]!.source;
      expect(source).toContain(mark);
      expect(/^[\x20-\x7e]*$/.test(source), source).toBe(true);
      const c = check({ expr, wrt: "x", order, form, claim: source });
      expect(c.ok && c.value.ok, source).toBe(true);
    }
  });
});

describe("JSON source spells a commutation matrix of a product size in the input language", () => {
  // K(q*s, m) is not in the language (K takes names or integers): K_{ab,c} = (I_a ⊗ K_{b,c})(K_{a,c} ⊗ I_b).
  it.each(["numerator", "denominator"] as const)("kron(A, kron(X, B)) in %s layout passes as a claim", (layout) => {
    const expr = "kron(A, kron(X, B))";
    const shapes = ["A: m x n, X: p x q, B: r x s"];
    const d = derive({ expr, wrt: ["X"], layout, shapes });
    if (!d.ok) throw new Error(d.diagnostics[0]!.message);
    const source = derivationJson(d.value).results[0]!.source;
    expect(source).not.toMatch(/K\([^)]*\*/);
    const dims = new Map([["m", 2], ["n", 2], ["p", 2], ["q", 3], ["r", 2], ["s", 2]]);
    const c = check({ expr, wrt: "X", layout, shapes, claim: source, dims, trials: 2 });
    expect(c.ok && c.value.ok, c.ok ? c.value.diagnosis.kind : c.diagnostics[0]!.message).toBe(true);
  });
});

describe("LaTeX writes a number in exponent notation as one token", () => {
  it("1\\mathrm{e}{-7}, whose minus is a sign, not 1e-7 (typeset as the difference 1e − 7)", () => {
    const d = derive({ expr: "1e-7*a + 3e30*b", wrt: ["a"], shapes: ["a: scalar, b: scalar"] });
    if (!d.ok) throw new Error(d.diagnostics[0]!.message);
    const latex = formatLatex(d.value);
    expect(latex).toContain("1\\mathrm{e}{-7}\\, a + 3\\mathrm{e}{+30}\\, b");
    expect(latex).not.toMatch(/\de[+-]\d/);
  });
});
