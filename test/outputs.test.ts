/**
 * Issue 11: every output means exactly what it says. Each numbered item of
 * the issue, run as written through the CLI.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { formatDerivationText } from "../src/print/text.js";
import { formatLatex } from "../src/print/latex.js";
import { formatSteps } from "../src/print/steps.js";
import { formatNumpy } from "../src/print/numpy.js";
import { checkDerivation } from "../src/api/check-derivation.js";

function text(expr: string, wrt: string, shapes: string[] = [], extra: object = {}): string {
  const r = derive({ expr, wrt: [wrt], shapes, ...extra });
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  return formatDerivationText(r.value);
}

function runsInPython(expr: string, wrt: string, shapes: string[], extra: object, inputs: string): string {
  const r = derive({ expr, wrt: [wrt], shapes, ...extra });
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  const program = `${formatNumpy(r.value)}\nimport numpy as np\nprint(np.asarray(derivative(${inputs})).tolist())\n`;
  return execFileSync("python3", ["-c", program], { encoding: "utf8" }).trim();
}

describe("1. numbers are never juxtaposed where they misread", () => {
  it("t·0.5^s, not t0.5^s (text and LaTeX)", () => {
    expect(text("t*0.5^s", "t", ["t: scalar, s: scalar"])).toContain("y = t·0.5^s");
    const r = derive({ expr: "t*0.5^s", wrt: ["t"], shapes: ["t: scalar, s: scalar"] });
    expect(r.ok && formatLatex(r.value)).toContain("t \\cdot 0.5^{s}");
  });
  it("(a²)³ differentiates to 6a⁵, numbers merged", () => {
    expect(text("a^2^3", "a")).toContain("∂y/∂a = 6a⁵");
  });
  it("a subtracted term with a sign of its own keeps its brackets: x − (−Ax), x − (−2), in text and LaTeX", () => {
    expect(text("x - (-A*x)", "x")).toContain("y = x − (−Ax)");
    expect(text("x - (-2)", "x")).toContain("y = x − (−2)");
    const r = derive({ expr: "x - (-A*x)", wrt: ["x"] });
    expect(r.ok && formatLatex(r.value)).toContain("y &= x - (-A x)");
  });
  it("a negated term with a sign of its own keeps its brackets: −(−Ax), in text and LaTeX, and in --steps", () => {
    expect(text("-(-A*x)", "x")).toContain("y = −(−Ax)");
    const r = derive({ expr: "-(-A*x)", wrt: ["x"] });
    expect(r.ok && formatLatex(r.value)).toContain("y &= -(-A x)");
    // the cross-entropy's gradient moves −(−t ⊘ u₁) across a product: it printed ⟨−−t ⊘ u1, …⟩ and \left\langle --t …
    const xent = derive({ expr: "-sum(t .* log(softmax(z)))", wrt: ["z"] });
    if (!xent.ok) throw new Error(xent.diagnostics[0]!.message);
    const steps = formatSteps(xent.value, "text");
    expect(steps).toContain("⟨−(−t ⊘ u1), (u1ᵀ dz) u1⟩");
    expect(steps).not.toContain("−−");
    for (const format of ["latex", "markdown"] as const) {
      const tex = formatSteps(xent.value, format);
      expect(tex).toContain("\\left\\langle -(-t \\oslash u_{1}),");
      expect(tex).not.toMatch(/--t/);
    }
  });
  it("a decimal or a function after a number is spaced: 0.5 diag(x), 2 logdet", () => {
    expect(text("0.5*tr(diag(x))", "x")).toMatch(/y = 0\.5 tr\(diag\(x\)\)/);
  });
});

describe("1b. one-letter names are never juxtaposed into another name", () => {
  it("X X X + XX: with an input XX, a product of X's keeps its spaces", () => {
    expect(text("X*X*X + XX", "X")).toContain("Y = X X X + XX");
    const t = text("X*X'*X + XX", "X");
    expect(t).toContain("Y = X Xᵀ X + XX");
    expect(t).toContain("I_n ⊗ (X Xᵀ)");
  });
  it("program names count too: with a, b and ab, ab·b prints ab b (not abb), and AB stays joined", () => {
    const t = text("a = A*B; ab = a*X; b = X*a; y = tr(ab * b * a * b)", "X");
    expect(t).toContain("y = tr(ab b a b)");
    expect(t).toContain("a = AB");
  });
  it("a letter is never joined to the same letter, however the product is grouped: X X X, X Xᵀ, a aᵀ, but XᵀX", () => {
    // (X X) X printed X XX, what X·XX prints where XX is a name.
    expect(text("X*X*X", "X")).toContain("Y = X X X");
    expect(text("X*X*X*X", "X", [], { form: "grad" })).toContain("Y = X X X X");
    expect(text("X*X'", "X")).toContain("Y = X Xᵀ");
    expect(text("a*a'*X", "X", ["a: n, X: n x n"])).toContain("a aᵀX");
    expect(text("X'*X", "X")).toContain("Y = XᵀX");
    expect(text("X*Y*X", "X")).toContain("XYX");
  });
  it("a statement's name counts as an input's does: with a statement ab, a·b prints a b in every form", () => {
    const t = text("ab = x'*x; y = a*b*ab + a*b*x'*x", "x", ["x: n, a: scalar, b: scalar"]);
    expect(t).toContain("∂y/∂x = 4 a b x");
    expect(text("AB = A*X; y = trace(A*B*X) + trace(AB)", "X", ["X: n x n, A: n x n, B: n x n"], { form: "differential" })).toContain("dy = tr(A B dX) + tr(A dX)");
  });
  it("a statement named like the upstream gradient is refused in grad form, as an input of that name is", () => {
    const r = derive({ expr: "G = W*x; y = tanh(G)", wrt: ["x"], shapes: ["W: m x n, x: n"], form: "grad" });
    expect(!r.ok && r.diagnostics[0]!.message).toBe("G is a name in the expression, so it cannot also be the upstream gradient");
  });
  it("a statement named dx makes the differential of x print as d(x), as an input dx does", () => {
    const t = text("dx = W*x; y = sum(tanh(dx))", "x", ["W: m x n, x: n"], { form: "differential" });
    expect(t).toContain("(W d(x))");
    expect(t).toContain("note: dx is a statement here, so the differential of x is written d(x)");
  });
  it("A B + AB, and AB alone where no input is spelt by one-letter ones", () => {
    expect(text("A*B + AB", "A")).toContain("Y = A B + AB");
    expect(text("A*B", "A")).toContain("Y = AB");
  });
});

describe("2. names are never looked up through prototypes", () => {
  it.each(["constructor", "valueOf", "toString", "hasOwnProperty", "isPrototypeOf"])("%s", (name) => {
    const t = text(`${name}*x`, "x", [`${name}: scalar, x: n`]);
    expect(t).toContain(`${name}: scalar`);
    expect(t).toContain(`y = ${name} x`);
    expect(t).not.toContain("undefined");
  });
});

describe("3–5. the index form", () => {
  it.each([["0*x", "x", "x: m"], ["W1 - W1", "W1", ""], ["tr(S - S)", "S", ""]])("a zero derivative: %s", (expr, wrt, shapes) => {
    expect(text(expr, wrt, shapes ? [shapes] : [], { form: "index" })).toMatch(/= 0$/m);
  });
  it("--format numpy returns J = ∂vec(Y)/∂vec(X)ᵀ, 1×q² for tr(C)", () => {
    const out = runsInPython("tr(C)", "C", ["C: 2 x 2"], { form: "index" }, "C=np.eye(2)");
    expect(out).toBe("[[1.0, 0.0, 0.0, 1.0]]");
  });
  it("--check passes on u T w (a summed index reused after a delta)", () => {
    const r = derive({ expr: "u*T*w", wrt: ["w"], shapes: ["u: 1 x m, T: m x p, w: p"], form: "index" });
    expect(r.ok && checkDerivation(r.value).every((c) => c.ok)).toBe(true);
  });
});

describe("6–7. NumPy code runs", () => {
  it("a matrix power past 64-bit exponents: matrix_power of 10²² in exact digits (a float exponent is a TypeError)", () => {
    // at a permutation P (P² = I) the derivative of sum(X^k) is k·ones for an even k
    expect(runsInPython("sum(X^1e22)", "X", ["X: 2 x 2"], {}, "X=np.array([[0.0, 1.0], [1.0, 0.0]])")).toBe("[[1e+22, 1e+22], [1e+22, 1e+22]]");
  });
  it("kron with a 1×1 operand", () => {
    expect(runsInPython("kron(2, b)", "b", ["b: scalar"], {}, "b=1.5")).toBe("2.0");
    expect(runsInPython("kron(A, 2)", "A", ["A: 2 x 2"], { form: "grad" }, "A=np.ones((2,2)), G=np.ones((2,2))")).toBe("[[2.0, 2.0], [2.0, 2.0]]");
  });
  it("scalar Hessians", () => {
    expect(Number(runsInPython("t*2^s", "s", ["t: scalar, s: scalar"], { order: 2 }, "t=1.0, s=0.0"))).toBeCloseTo(Math.log(2) ** 2, 12);
    expect(runsInPython("3 - (r*x).^2", "x", ["r: 1 x N, x: N"], { order: 2 }, "r=np.ones((1,2)), x=np.ones((2,1))")).toBe("[[-2.0, -2.0], [-2.0, -2.0]]");
  });
  it("‖w‖² is wᵀw: the gradient is defined at w = 0", () => {
    expect(text("norm2(X*w - y)^2 + lambda*norm2(w)^2", "w")).toContain("∂f/∂w = 2(λw + Xᵀ (Xw − y))");
    expect(text("norm2(X*w - y)^2 + lambda*norm2(w)^2", "w")).not.toContain("not differentiable");
  });
});


describe("the styling step keeps every character", () => {
  it("drops only the span markers, short or long, unpaired surrogates and a leading BOM included", async () => {
    const { plain, span } = await import("../src/print/doc.js");
    const pieces = ["\uFEFF", "x", "\uD800", "\uDC00y", "𝟏", "G\uD83D", "⊙", " ", "\uE101"];
    for (const length of [10, 5_000, 40_000]) {
      let doc = "";
      let expected = "";
      for (let k = 0; doc.length < length; k++) {
        const text = pieces[k % pieces.length]! + k;
        doc += k % 3 === 0 ? span("name", text) : k % 3 === 1 ? span("operator", span("note", text)) : text;
        expected += text;
      }
      expect(plain(doc)).toBe(expected);
    }
  });
});

describe("lines styled without being joined first", () => {
  it("styledLines gives what styling the joined lines gives, short or long, with spans running over lines, in colour or not", async () => {
    const { span, styled, styledLines } = await import("../src/print/doc.js");
    const colour = { name: (s: string) => `<n>${s}</n>`, note: (s: string) => `<i>${s}</i>` };
    for (const count of [1, 3, 400, 3_000]) {
      const lines = Array.from({ length: count }, (_, k) => {
        const text = `line ${k} \uD800⊙𝟏`;
        // every seventh line opens a note that the next line closes
        return k % 7 === 0 ? `\uE005${span("name", text)}` : k % 7 === 1 ? `${text}\uE00F` : span("name", text);
      });
      expect(styledLines(lines)).toBe(styled(lines.join("\n")));
      expect(styledLines(lines, colour)).toBe(styled(lines.join("\n"), colour));
    }
    expect(styledLines([])).toBe("");
  });

  it("unmarkedLines and unmarkedLength agree with plain, whether or not a marker slipped in", async () => {
    const { plain, span, unmarkedLength, unmarkedLines } = await import("../src/print/doc.js");
    for (const count of [1, 400, 3_000]) {
      const clean = Array.from({ length: count }, (_, k) => `line ${k} \uD800⊙𝟏`);
      expect(unmarkedLines(clean)).toBe(clean.join("\n"));
      const marked = clean.map((l, k) => (k === count - 1 ? span("name", l) : l));
      expect(unmarkedLines(marked)).toBe(plain(marked.join("\n")));
      expect(unmarkedLength(marked.join("\n"))).toBe(plain(marked.join("\n")).length);
    }
  });
});

describe("plain printouts are written without spans", () => {
  it("text and --steps print the same without colour as the coloured printout stripped of its colour", async () => {
    const { derive, formatSteps, formatText } = await import("../src/index.js");
    const mark = (tag: string) => (s: string) => `<${tag}>${s}</${tag}>`;
    const style = { fn: mark("f"), sym: mark("o"), name: mark("n"), header: mark("h"), note: mark("i") };
    const uncolour = (s: string) => s.replace(/<\/?[fonhi]>/g, "");
    const unrolled = Array.from({ length: 40 }).reduce<string>((h) => `tanh(W*${h} + U*x)`, "h");
    for (const request of [
      { expr: unrolled, wrt: ["W", "h"], form: "grad" as const, shapes: ["W: n x n, h: n, U: n x k, x: k"] },
      { expr: "a1 = tanh(W*x)\na2 = softmax(a1)\ny = t'*log(a2)", wrt: ["x"], order: 2 as const },
      { expr: "X^3 + A*X*B", wrt: ["X"], form: "index" as const },
    ]) {
      const r = derive(request);
      if (!r.ok) throw new Error(r.diagnostics[0]!.message);
      const steps = formatSteps(r.value, "text");
      expect(steps).toBe(uncolour(formatSteps(r.value, "text", style)));
      expect(formatText(r.value)).toBe(uncolour(formatText(r.value, style)));
      expect(steps).not.toMatch(/[\uE000-\uE00F]/);
    }
  });
});

describe("one character or more", () => {
  it("isOneCodePoint agrees with counting the code points, surrogate pairs and unpaired halves included", async () => {
    const { isOneCodePoint } = await import("../src/print/doc.js");
    const units = ["a", "σ", "\uD835", "\uDFCF", "\uE000", "ᵀ", "₁"];
    const cases = ["", "𝟏", "𝟏𝟏", "\uD835a", "a\uDFCF"];
    for (const a of units) for (const b of ["", ...units]) for (const c of ["", ...units]) cases.push(a + b + c);
    for (const text of cases) expect(isOneCodePoint(text), JSON.stringify(text)).toBe([...text].length === 1);
  });
});

describe("constants a derivative brings print as written", () => {
  it("d erf(x) = (2/√π) exp(−x²) dx: 2/√π in text and LaTeX, and it still checks", () => {
    const r = derive({ expr: "erf(x)", wrt: ["x"] });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    expect(formatDerivationText(r.value).split("\n")[2]).toBe("∂y/∂x = (2/√π) diag(exp(−x ⊙ x))    (m×m)");
    expect(formatLatex(r.value)).toContain("\\tfrac{2}{\\sqrt{\\pi}}\\, \\operatorname{diag}");
    expect(checkDerivation(r.value).every((report) => report.ok)).toBe(true);
    const index = derive({ expr: "erf(x)", wrt: ["x"], form: "index" });
    if (!index.ok) throw new Error(index.diagnostics[0]!.message);
    expect(formatDerivationText(index.value).split("\n")[2]).toBe("∂y_i/∂x_j = (2/√π) δ_ij (exp(−x ⊙ x))_i");
    const negated = derive({ expr: "-erf(x)", wrt: ["x"] });
    if (!negated.ok) throw new Error(negated.diagnostics[0]!.message);
    expect(formatDerivationText(negated.value).split("\n")[2]).toMatch(/^∂y\/∂x = −\(?2\/√π/);
  });
});

describe("numbers in code and in matdiff's own syntax read back exactly", () => {
  it("Python literals and the JSON source keep every digit, and large numbers stay valid literals", async () => {
    const { pythonNumber } = await import("../src/print/codegen/python-syntax.js");
    expect(pythonNumber(2)).toBe("2.0");
    expect(pythonNumber(-0.5)).toBe("-0.5");
    expect(pythonNumber(1e21)).toBe("1e+21");
    // a constant that overflowed while simplifying (1e300*1e300) is still a Python expression
    expect(pythonNumber(Infinity)).toBe('float("inf")');
    expect(pythonNumber(-Infinity)).toBe('-float("inf")');
    expect(pythonNumber(NaN)).toBe('float("nan")');
    expect(Number(pythonNumber(2 / Math.sqrt(Math.PI)))).toBe(2 / Math.sqrt(Math.PI));
    const { derivationJson } = await import("../src/print/json.js");
    const r = derive({ expr: "0.1234567890123*x", wrt: ["x"] });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    expect(derivationJson(r.value).results[0]!.source).toBe("0.1234567890123*I(m)");
  });
});

describe("--wrt an intermediate whose value is not its own is refused, never answered for the wrong function", () => {
  // Equal values are one node: cutting k loose cut every equal value with it, so ∂/∂k of sum(k ⊙ tanh(x)) with
  // k = tanh(x) came out as 2k (the derivative of sum(k ⊙ k)), where the second factor is not k's.
  it.each([
    ["k = tanh(x); y = sum(k .* tanh(x))", "k's value is written out again elsewhere in the program"],
    ["h = x; k = h; y = sum(tanh(k) .* h)", "k is another name for a value the program has already"],
  ])("%s", (expr, why) => {
    const r = derive({ expr, wrt: ["k"] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toContain(`k cannot be cut loose for --wrt: ${why}`);
  });
  it("a value used only by its name is cut loose as before", () => {
    expect(text("k = tanh(x); y = sum(k .* k)", "k", [], { form: "grad" })).toContain("∂ℓ/∂k = 2Gk");
  });
});
