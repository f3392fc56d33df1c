/**
 * Two names never print alike, and no label reads as a name the input gave
 * a meaning: names spelled apart (print/spelling.ts), the Hessian's symbol
 * in a Hessian–vector product (print/labels.ts, hessianSymbol) and the
 * upstream gradient's name (api/grad-name.ts).
 */
import { describe, expect, it } from "vitest";
import { type DeriveRequest, derive, formatLatex, formatMarkdown, formatSteps, formatText, toJson } from "../src/index.js";
import { main } from "../src/cli/main.js";
import { memoryIO } from "../src/cli/io.js";

function derived(request: DeriveRequest) {
  const r = derive(request);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.value;
}

const RNN = "h = tanh(W*x + b)\nh1 = h .* h + b\nh_1 = V*h1\nL = sum(h_1 .* h_1) + h1'*h1\nwhere W: m x n, x: n, b: m, V: n x m";

describe("LaTeX spells two names apart when papers would spell them alike", () => {
  it("h1 and h_1: h_1 keeps h_{1}, h1 is written as typed, upright (the statement h_1 = V h1 no longer reads h_{1} = V h_{1})", () => {
    expect(formatLatex(derived({ expr: RNN, wrt: ["h1", "h_1"] }))).toMatchInlineSnapshot(`
      "\\begin{aligned}
        h &= \\tanh(W x + b) \\\\
        \\mathrm{h1} &= h \\odot h + b \\\\
        h_{1} &= V \\mathrm{h1} \\\\
        L &= \\operatorname{sum}(h_{1} \\odot h_{1}) + \\mathrm{h1}^\\top \\mathrm{h1} \\\\
        \\frac{\\partial L}{\\partial \\mathrm{h1}} &= 2 \\left(\\mathrm{h1} + V^\\top h_{1}\\right) \\\\
        \\frac{\\partial L}{\\partial h_{1}} &= 2 h_{1}
      \\end{aligned}"
    `);
  });
  it("Whh and W_hh in Markdown: W_hh keeps W_{hh}", () => {
    const md = formatMarkdown(derived({ expr: "Whh*x + W_hh*x", wrt: ["x"] }));
    expect(md).toContain("y &= \\mathrm{Whh} x + W_{hh} x \\\\");
    expect(md).toContain("\\frac{\\partial y}{\\partial x} &= \\mathrm{Whh} + W_{hh}");
  });
  it("a name alone keeps the papers' spelling", () => {
    expect(formatLatex(derived({ expr: "Whh*h1", wrt: ["h1"], shapes: ["Whh: n x n, h1: n"] }))).toContain("y &= W_{hh} h_{1}");
  });
  it("--steps names them apart too, in its titles and lines", () => {
    const steps = formatSteps(derived({ expr: RNN, wrt: ["h1"] }), "latex");
    expect(steps).toContain("h_{1} &= V \\mathrm{h1}");
    expect(steps).toContain("(only $\\mathrm{h1}$ varies)");
    expect(steps).not.toMatch(/h_\{1\} &= V h_\{1\}/);
  });
  it("the index form's labels and entries", () => {
    const tex = formatLatex(derived({ expr: "A*h1 + B*h_1", wrt: ["h1", "h_1"], form: "index", shapes: ["A: n x n, B: n x n, h1: n, h_1: n"] }));
    expect(tex).toContain("\\frac{\\partial {y}_{i}}{\\partial {\\mathrm{h1}}_{j}} &= A_{ij}");
    expect(tex).toContain("\\frac{\\partial {y}_{i}}{\\partial {h_{1}}_{j}} &= B_{ij}");
    const entries = formatLatex(derived({ expr: "h1 .* h_1", wrt: ["h_1"], form: "index", shapes: ["h1: n, h_1: n"] }));
    expect(entries).toContain("&= \\delta_{ij} \\left(\\mathrm{h1}\\right)_{i}");
  });
  it("x_ is not x, and ab_1 is not a times b_1", () => {
    expect(formatLatex(derived({ expr: "x_ + x", wrt: ["x"] }))).toContain("y &= \\mathrm{x\\_} + x");
    expect(formatLatex(derived({ expr: "ab_1 + a*b_1", wrt: ["a"] }))).toContain("y &= \\mathrm{ab}_{1} + a b_{1}");
  });
});

describe("text spells two names apart", () => {
  it("alpha and α: α keeps α, alpha is written as typed (header, lines)", () => {
    const t = formatText(derived({ expr: "alpha*x + α*x", wrt: ["x"] }));
    expect(t).toContain("alpha: scalar (default for a–g), x: m×1 (default for lowercase names), α: scalar");
    expect(t).toContain("y = alpha x + αx");
    expect(t).toContain("∂y/∂x = alpha I_m + α I_m");
    expect(formatLatex(derived({ expr: "alpha*x + α*x", wrt: ["x"] }))).toContain("y &= \\mathrm{alpha} x + \\alpha x");
  });
  it("omicron is not printed as ο, which reads as the letter o", () => {
    expect(formatText(derived({ expr: "o + omicron*x", wrt: ["x"], shapes: ["x: n, o: n, omicron: scalar"] }))).toContain("y = o + omicron x");
    expect(formatLatex(derived({ expr: "o + omicron*x", wrt: ["x"], shapes: ["x: n, o: n, omicron: scalar"] }))).toContain("y &= o + \\mathrm{omicron} x");
  });
});

describe("a Hessian–vector product's label never reads as an input H", () => {
  const hvp = (expr: string) => derived({ expr, wrt: ["x"], order: 2, form: "differential" });
  it("with an input H: ∇²y dx, in the header, text, LaTeX and JSON", () => {
    const d = hvp("x'*H*x");
    const t = formatText(d);
    expect(t).toContain("Hessian–vector product ∇²y·dX = d(∇y), in X's shape (the Hessian ∇²y is never formed)");
    expect(t).toContain("∇²y dx = (Hᵀ + H) dx    (m×1)");
    expect(formatLatex(d)).toContain("\\nabla^2 y\\,\\mathrm{d}x &= \\left(H^\\top + H\\right) \\mathrm{d}x");
    const json = toJson(d);
    expect(json.results[0]!.label).toBe("∇²y dx");
    expect(json.description).toContain("∇²y·dX");
    expect(formatSteps(d, "text")).toContain("∇²y dx = (Hᵀ + H) dx");
  });
  it("with a statement H", () => {
    expect(formatText(hvp("H = A*x; y = sum(tanh(H))"))).toContain("∇²y dx = −Aᵀ");
  });
  it("without one, H dx as before", () => {
    const t = formatText(hvp("x'*A*x"));
    expect(t).toContain("H dx = (Aᵀ + A) dx");
    expect(t).toContain("(H is never formed)");
  });
  it("the Hessian's steps name it ∇²y too", () => {
    expect(formatSteps(derived({ expr: "x'*H*x", wrt: ["x"], order: 2 }), "text")).toContain("Vectorise: the Hessian is ∇²y = ∂vec(∇)/∂vec(x)ᵀ");
  });
});

describe("--grad-name cannot be a name the printout already gives a meaning", () => {
  it.each([
    ["y", "y is the result's name, so it cannot also be the upstream gradient"],
    ["I", "I is the identity matrix, so it cannot also be the upstream gradient"],
    ["eye", "eye is the identity matrix, so it cannot also be the upstream gradient"],
    ["ones", "ones is a column of ones, so it cannot also be the upstream gradient"],
    ["tanh", "tanh is a function, so it cannot also be the upstream gradient"],
    ["x", "x is a name in the expression, so it cannot also be the upstream gradient"],
    // x is m×1 by default: m = ∂ℓ/∂y (m×1) made one letter both the gradient and its length
    ["m", "m is a size of the expression, so it cannot also be the upstream gradient"],
  ])("%s is refused", (gradName, message) => {
    const r = derive({ expr: "tanh(x)", wrt: ["x"], form: "grad", gradName });
    expect(!r.ok && r.diagnostics[0]!.message).toBe(message);
  });
  it("a program's output and a declared generic function are refused too", () => {
    const out = derive({ expr: "h = W*x; L = sum(tanh(h))", wrt: ["x"], form: "grad", gradName: "L" });
    expect(!out.ok && out.diagnostics[0]!.message).toBe("L is a name in the expression, so it cannot also be the upstream gradient");
    const f = derive({ expr: "sum(f(x))", wrt: ["x"], functions: ["f: elementwise"], form: "grad", gradName: "f" });
    expect(!f.ok && f.diagnostics[0]!.message).toBe("f is a function, so it cannot also be the upstream gradient");
  });
  it("exits 2 on derive and check, saying what to do", async () => {
    for (const argv of [
      ["derive", "tanh(x)", "--wrt", "x", "--form", "grad", "--grad-name", "y"],
      ["check", "tanh(x)", "--wrt", "x", "--form", "grad", "--grad-name", "y", "--claim", "y.*(1-y.*y)"],
    ]) {
      const m = memoryIO({ files: {} });
      expect(await main([...argv, "--no-color"], m.io)).toBe(2);
      expect(m.stderr()).toContain("error: y is the result's name, so it cannot also be the upstream gradient\n  help: choose another name with --grad-name");
    }
  });
  it("a name of its own keeps clear of the others: GW with inputs G and W, and --steps' intermediates", () => {
    const t = formatText(derived({ expr: "G*W*x", wrt: ["x"], form: "grad", gradName: "GW" }));
    expect(t).toContain("y = G W x");
    expect(t).toContain("∂ℓ/∂x = Wᵀ Gᵀ GW");
    const steps = formatSteps(derived({ expr: "tanh(W*x)", wrt: ["x"], form: "grad", gradName: "u" }), "text");
    expect(steps).toContain("v = Wx");
    expect(steps).toContain("dℓ = ⟨u, dy⟩ with u = ∂ℓ/∂y");
  });
});

describe("the per-name headers of --steps spell names as the formulas do", () => {
  // They wrote $Whh$ (W·h·h in math) and $lambda$ (six italic letters), where every formula has W_{hh} and \lambda.
  const d = derived({ expr: "tanh(h*Whh + x*Wxh + b) + lambda*h", shapes: ["h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H, lambda: scalar"], wrt: ["Whh", "lambda"], form: "grad" });
  it.each([["latex", "\\textbf{With respect to $W_{hh}$}"], ["markdown", "**With respect to $\\lambda$**"], ["text", "— with respect to λ —"]] as const)("%s", (format, header) => {
    expect(formatSteps(d, format)).toContain(header);
  });
});

describe("overlaidNames (print/naming.ts): two name tables read as one, without a merged copy", () => {
  it("reads like the merged map: the upper table wins, sizes and values count each id once", async () => {
    const { overlaidNames } = await import("../src/print/naming.js");
    const under = new Map([[1, "a"], [2, "b"], [3, "c"]]);
    const over = new Map([[2, "B"], [4, "d"]]);
    const merged = new Map([...under, ...over]);
    const overlay = overlaidNames(under, over);
    for (const id of [0, 1, 2, 3, 4, 5]) {
      expect(overlay.get(id)).toBe(merged.get(id));
      expect(overlay.has(id)).toBe(merged.has(id));
    }
    expect(overlay.size).toBe(merged.size);
    expect([...overlay.values()]).toEqual([...merged.values()]);
    expect(overlaidNames(new Map(), new Map()).size).toBe(0);
  });
});
