/**
 * Programs and generic functions: derivatives in every form and
 * layout against finite differences (two oracles, see helpers), wrt inputs
 * and intermediates; the program's names in the printed results and steps;
 * a diagnostic for each bad program.
 */
import { describe, expect, it } from "vitest";
import { COMBOS, comboName, expectCorrect } from "./helpers/derivative-check.js";
import { derive } from "../src/api/derive.js";
import { check } from "../src/api/check.js";
import { checkDerivation } from "../src/api/check-derivation.js";
import { formatDerivationText } from "../src/print/text.js";
import { formatLatex } from "../src/print/latex.js";
import { formatSteps } from "../src/print/steps.js";
import { derivationJson } from "../src/print/json.js";

const MLP = `u = W1*x + b1
h = tanh(u)
z = W2*h + b2
L = -sum(t .* log(softmax(z)))
where W1: H x D, x: D, b1: H, W2: K x H, b2: K, t: K`;
const RNN = "u = h*Whh + x*Wxh + b; Y = tanh(u)";
const RNN_SHAPES = "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H";
const GENERIC = "f(W*x + b) where f: elementwise, W: m x n, x: n, b: m";

const ok = <T>(r: { ok: true; value: T } | { ok: false; diagnostics: readonly { message: string }[] }): T => {
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.value;
};

describe("programs against finite differences, every form and layout", () => {
  const cases: [string, string, string[], string | undefined][] = [
    ["MLP with softmax cross-entropy", MLP, ["W1", "b1", "W2", "h"], undefined],
    ["RNN cell as two statements", RNN, ["Whh", "h", "u"], RNN_SHAPES],
    ["generic elementwise f", GENERIC, ["x", "W", "b"], undefined],
    ["generic scalar g", "g(A*X*B) where g: scalar, A: m x n, X: n x p, B: p x q", ["X", "A"], undefined],
    ["generic functions inside a program", "u = W*x; v = f(u); y = g(v*v') where f: elementwise, g: scalar, W: m x n, x: n", ["W", "u", "v"], undefined],
    ["an intermediate used twice", "a = A*x; y = a'*a + sum(exp(a))", ["x", "a"], "A: m x n, x: n"],
  ];
  describe.each(cases)("%s", (_name, expr, wrt, shapes) => {
    it.each(COMBOS.map((c) => [comboName(c), c] as const))("%s", (_combo, { form, layout }) => {
      expectCorrect(expr, wrt, shapes, form, layout, { trials: 2 });
    });
  });

  it("the index form and the Hessian of a program", () => {
    const index = ok(derive({ expr: RNN, wrt: ["Whh", "h"], shapes: [RNN_SHAPES], form: "index" }));
    expect(checkDerivation(index).every((r) => r.ok)).toBe(true);
    const program = "u = A*x; h = f(u); y = sum(h) where f: elementwise";
    for (const wrt of ["x", "u"]) expect(checkDerivation(ok(derive({ expr: program, wrt: [wrt], order: 2 })), { trials: 2 })[0]!.ok).toBe(true);
    // The mixed block of u and x would mean ∂/∂x through u, or holding u fixed (0): refused rather than guessed.
    const mixed = derive({ expr: program, wrt: ["x", "u"], order: 2 });
    expect(mixed.ok ? "derived" : mixed.diagnostics[0]!.message).toMatch(/^--order 2 with respect to u, a value the program computes, and x: their mixed block has two meanings/);
    const g = ok(derive({ expr: "g(A*X*B) where g: scalar", wrt: ["X"], order: 2 }));
    expect(checkDerivation(g, { trials: 2 })[0]!.ok).toBe(true);
  });
});

describe("the program's names in the output", () => {
  it("the RNN cell's grad form reads (G ⊙ (1 − Y ⊙ Y)) Whhᵀ with the user's statements shown", () => {
    const d = ok(derive({ expr: RNN, wrt: ["Whh", "h"], shapes: [RNN_SHAPES], form: "grad" }));
    expect(formatDerivationText(d)).toMatchInlineSnapshot(`
      "grad form (backpropagation; no layout needed) · h: N×H, Whh: H×H, x: N×D, Wxh: D×H, b: 1×H
      u = h Whh + x Wxh + b
      Y = tanh(u)
      G = ∂ℓ/∂Y, the upstream gradient (N×H)
      ∂ℓ/∂Whh = hᵀ t₀    (H×H)
      ∂ℓ/∂h = t₀ Whhᵀ    (N×H)
      where
        t₀ = G ⊙ (1 − Y ⊙ Y)"
    `);
  });

  it("a hidden layer prints as h in text, LaTeX and JSON; t₀ only for unnamed values", () => {
    const d = ok(derive({ expr: MLP, wrt: ["W1", "h"] }));
    const text = formatDerivationText(d);
    expect(text).toContain("∂L/∂W1 = ((W2ᵀ (t₀ softmax(z) − t)) ⊙ (1 − h ⊙ h)) xᵀ");
    expect(text).toContain("∂L/∂h = W2ᵀ (t₀ softmax(z) − t)");
    expect(text).not.toMatch(/tanh\(W1/);
    expect(formatLatex(d)).toContain("1 - h \\odot h");
    const json = derivationJson(d);
    expect(json.results[0]!.text).toContain("1 − h ⊙ h");
  });

  it("--steps starts from the user's statements", () => {
    const d = ok(derive({ expr: MLP, wrt: ["W1"] }));
    const steps = formatSteps(d, "text");
    for (const line of ["du = dW1 x", "dh = (1 − h ⊙ h) ⊙ du", "dz = W2 dh"]) expect(steps).toContain(line);
    expect(steps).not.toMatch(/\bu1\b/);
  });

  it("generic functions print f′ and ∇g, f' and \\nabla g in LaTeX", () => {
    const f = ok(derive({ expr: GENERIC, wrt: ["x"], layout: "numerator" }));
    expect(formatDerivationText(f)).toContain("diag(f′(Wx + b))");
    expect(formatLatex(f)).toContain("f'\\left(");
    const g = ok(derive({ expr: "g(A*X*B) where g: scalar", wrt: ["X"], form: "grad" }));
    expect(formatDerivationText(g)).toContain("Aᵀ ∇g(AXB) Bᵀ");
    const h = ok(derive({ expr: "sum(f(x)) where f: elementwise", wrt: ["x"], order: 2 }));
    expect(formatDerivationText(h)).toContain("diag(f″(x))");
  });

  it("an unused statement is a note; --of picks the statement", () => {
    const d = ok(derive({ expr: "u = W*x; v = sum(u); y = sum(exp(u))", wrt: ["W"] }));
    expect(d.notes).toContain("the statement v = sum(u) is not used by y");
    const of = ok(derive({ expr: "u = W*x; v = sum(u); y = sum(exp(u))", wrt: ["x"], of: "v" }));
    expect(of.yName).toBe("v");
    expect(checkDerivation(of)[0]!.ok).toBe(true);
  });
});

describe("claims about programs and generic functions", () => {
  it("a claim may use the program's intermediate names and f′", () => {
    const right = ok(check({ expr: RNN, shapes: [RNN_SHAPES], wrt: "Whh", form: "grad", claim: "h'*(G .* (1 - Y.*Y))" }));
    expect(right.ok).toBe(true);
    const transposed = ok(check({ expr: RNN, shapes: [RNN_SHAPES], wrt: "h", form: "grad", claim: "(G .* (1 - Y.*Y))*Whh" }));
    expect(transposed.ok).toBe(false);
    const f = ok(check({ expr: GENERIC, wrt: "x", layout: "numerator", claim: "diag(f'(W*x + b))*W" }));
    expect(f.ok).toBe(true);
    const g = ok(check({ expr: "g(A*X*B) where g: scalar", wrt: "X", claim: "A'*∇g(A*X*B)*B'" }));
    expect(g.ok).toBe(true);
  });
});

describe("bad programs: a pointed message and exit 2", () => {
  const error = (expr: string, more: Partial<Parameters<typeof derive>[0]> = {}) => {
    const r = derive({ expr, wrt: ["x"], ...more });
    if (r.ok) throw new Error(`expected an error for ${expr}`);
    return r.diagnostics[0]!;
  };
  it.each([
    ["u = x; u = 2*x; y = sum(u)", "u is assigned twice", "u"],
    ["y = sum(u); u = 2*x", "u is used before it is assigned", "u"],
    ["u = v + x; v = u + x; y = sum(v)", "these statements form a cycle: u → v → u", "v"],
    ["u = tanh(u + x); y = sum(u)", "u is defined in terms of itself", "u"],
    ["x = 2*z; y = sum(x) where x: n", "x is assigned here, so it is not an input, but it also has a declared shape", "x"],
    ["sum(x); y = 2*x", "only the last statement may be an expression without a name", "sum(x)"],
    ["f(W*x)", "unknown function f", "f"],
    ["f(W*x, x) where f: elementwise", "f is a generic elementwise function of one argument, but was given 2", "f(W*x, x)"],
    ["g(A) + g(x) where g: scalar, A: m x n, x: m", "g takes a m×n argument (from its first call), but x is m×1", "x"],
    ["tanh'(x)", "tanh' is not available: only a declared generic function has f′", "tanh'(x)"],
    ["f + x where f: elementwise", "f is a function; call it as f(…)", "f"],
  ])("%s", (expr, message, pointed) => {
    const d = error(expr);
    expect(d.message).toBe(message);
    expect(expr.slice(d.span!.start, d.span!.end)).toBe(pointed);
  });

  it("an undeclared generic function gets the declaration as help", () => {
    expect(error("f(W*x)").help).toBe("declare it: where f: elementwise (or f: scalar for a scalar function of a matrix)");
  });

  it("a claim asking for g′ of a scalar g, or ∇f of an elementwise f, is refused", () => {
    const r = check({ expr: "g(X) where g: scalar", wrt: "X", claim: "g'(X)" });
    expect(!r.ok && r.diagnostics[0]!.message).toBe("g is a scalar function of a matrix: its derivative is the gradient ∇g(X), not g′");
    const s = check({ expr: "f(x) where f: elementwise", wrt: "x", claim: "diag(∇f(x))" });
    expect(!s.ok && s.diagnostics[0]!.message).toBe("f is elementwise: its derivative is f′(u), not ∇f");
  });

  it("--of and --wrt name statements that exist", () => {
    expect(error("u = 2*x; y = sum(u)", { of: "w" }).message).toBe("--of w: no statement assigns w");
    expect(error("u = 2*x; y = sum(u)", { wrt: ["q"] }).message).toBe("q does not appear in the expression");
  });
});

describe("names that are built in never silently stand for something else", () => {
  const refusal = (r: ReturnType<typeof derive>) => {
    if (r.ok) throw new Error("accepted");
    return r.diagnostics[0]!.message;
  };
  it.each(["I", "eye", "ones"])("a statement named %s is refused (its uses were read as the constant: the derivative came out 0)", (name) => {
    expect(refusal(derive({ expr: `${name} = 2*x; y = sum(${name})`, wrt: ["x"] }))).toMatch(new RegExp(`^${name} is a constant \\((the identity matrix|a column of ones)\\), so it cannot name a statement$`));
  });
  it.each(["I", "ones"])("a claim's statement named %s is refused too (it was read as the constant, so a wrong claim held)", (name) => {
    const r = check({ expr: "sum(x)", wrt: "x", claim: `${name} = 2*x; ${name}` });
    expect(r.ok ? "checked" : r.diagnostics[0]!.message).toMatch(new RegExp(`^${name} is a constant .*, so it cannot name a statement$`));
  });
  it.each([
    ["a declared T", { expr: "gamma^T*R", shapes: ["gamma: scalar, T: scalar, R: scalar"], wrt: ["gamma"] }],
    ["a statement T", { expr: "T = a + b; y = c^T*T", wrt: ["c"] }],
  ])("x^T beside %s is refused (it was read as a transpose, and the derivative in gamma came out R)", (_, request) => {
    expect(refusal(derive(request))).toBe("^T is read as a transpose, but T is also a name of this expression");
  });
  it.each([
    ["used by the expression", { expr: "sum(T)*a", wrt: "a", shapes: ["a: scalar"], claim: "a^T*0 + sum(T)" }],
    ["declared", { expr: "a*b", wrt: "a", shapes: ["a: scalar, b: scalar, T: scalar"], claim: "b^T" }],
    ["the upstream gradient", { expr: "sum(x)", wrt: "x", form: "grad" as const, gradName: "T", claim: "(T*ones(m,1)')^T" }],
  ])("x^T in a claim where T is %s is refused too", (_, request) => {
    const r = check(request);
    expect(r.ok ? "checked" : r.diagnostics[0]!.message).toBe("^T is read as a transpose, but T is also a name of this expression");
  });
  it("x^T is a transpose where T is no name, and x^(T) a power where it is", () => {
    expect(derive({ expr: "x^T*A*x", wrt: ["x"] }).ok).toBe(true);
    const power = derive({ expr: "gamma^(T)*R", shapes: ["gamma: scalar, T: scalar, R: scalar"], wrt: ["gamma"] });
    expect(power.ok && formatDerivationText(power.value)).toContain("∂y/∂γ = Tγ^(T − 1) R");
  });
  it("a fact about a computed value names it as such, and an empty --function list is called that", () => {
    expect(refusal(derive({ expr: "S = A + A'; y = x'*S*x", wrt: ["x"], assume: ["S: symmetric"] })))
      .toBe("S is a value the program computes, and facts are given for its inputs (a computed value has what follows from theirs)");
    expect(refusal(derive({ expr: "f(x)", wrt: ["x"], functions: [""] }))).toBe("the function list is empty");
  });
  it("eye cannot be declared a shape, as I and ones cannot (it was read as I_m)", () => {
    expect(refusal(derive({ expr: "sum(A*eye)", shapes: ["A: p x m, eye: m x n"], wrt: ["eye"], form: "grad" })))
      .toBe("eye is a constant (the identity matrix) whose size is inferred; it cannot be declared");
  });
  it.each([["tanh", "--function"], ["eye", "where"], ["det", "where"]])("a built-in function %s cannot be declared generic (%s)", (name, how) => {
    const r = how === "where"
      ? derive({ expr: `sum(${name}(X)) where ${name}: ${name === "det" ? "scalar" : "elementwise"}`, wrt: ["X"] })
      : derive({ expr: `sum(${name}(X))`, wrt: ["X"], functions: [`${name}: elementwise`] });
    expect(refusal(r)).toBe(`${name} is built in, so it cannot be declared a generic function`);
  });
  it("a cycle through 12,000 statements is found without running out of stack, and named by its ends", () => {
    const n = 12_000;
    const lines = Array.from({ length: n - 1 }, (_, i) => `h${i + 1} = tanh(h${i + 2}) + x`);
    const r = derive({ expr: [...lines, `h${n} = tanh(h1)`, "y = sum(h1)"].join("\n"), wrt: ["x"] });
    expect(refusal(r)).toBe("these statements form a cycle: h1 → h12000 → h11999 → h11998 → h11997 → … → h5 → h4 → h3 → h2 → h1 (12000 statements)");
  });
});
