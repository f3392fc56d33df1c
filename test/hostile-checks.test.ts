/**
 * Hostile inputs for dimensions and numeric checks: sizes that square at
 * every level, values that overflow or underflow, checks too large to build.
 * Each ends with a result or a clear refusal, and a check never calls a
 * derivative wrong (exit 1, "matdiff bug") because its finite differences
 * could not be trusted. Run in-process through the CLI's main; nothing is
 * timed here.
 */
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { memoryIO } from "../src/cli/io.js";
import { stackedError } from "../src/numeric/check.js";
import { closingIn } from "../src/numeric/agreement.js";
import { type Dim, dimMul, dimSym, dimToString, dimValue } from "../src/shapes/dim.js";
import { Unifier } from "../src/shapes/unify.js";
import * as M from "../src/kernels/mat.js";
import { MAX_WORK } from "../src/numeric/work.js";

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const m = memoryIO();
  const code = await main([...args, "--no-color"], m.io);
  return { code, out: m.stdout(), err: m.stderr() };
}

/** diag(vec(…)ᵀ) nested n deep around x: each level squares the size. */
const squaring = (n: number): string => `${"diag(vec(".repeat(n)}x${")')".repeat(n)}`;

describe("dimensions are monomials with exponents", () => {
  it("multiplying adds exponents, and equal monomials compare equal", () => {
    const n = dimSym("n");
    let d: Dim = n;
    for (let k = 0; k < 40; k++) d = dimMul(d, d);
    expect(dimToString(d)).toBe(`n${String(2 ** 40).replace(/\d/g, (c) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(c)]!)}`);
    expect(dimToString(dimMul(dimMul(n, dimSym("m")), n))).toBe("m·n²");
    expect(dimValue(dimMul(n, n), new Map([["n", 3]]))).toBe(9);
  });

  it("unification substitutes into powers and cancels shared factors", () => {
    const u = new Unifier();
    const a = u.fresh();
    // ?a² = n²·m is not solvable by a lone unknown, but ?a·n = n·m is: ?a = m.
    expect(u.unify(dimMul(a, dimSym("n")), dimMul(dimSym("n"), dimSym("m")))).toBe(true);
    expect(dimToString(u.resolve(dimMul(a, a)))).toBe("m²");
    expect(u.unify(dimMul(a, a), dimMul(dimSym("m"), dimSym("m")))).toBe(true);
    expect(u.unify(dimMul(a, a), dimMul(dimSym("m"), dimSym("n")))).toBe(false);
  });

  it("a diag(vec(·)ᵀ) nest 30 deep derives and prints its sizes as powers", async () => {
    const r = await run(["derive", squaring(30), "--wrt", "x", "--form", "grad"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("m×m");
    expect(r.out).toContain("m²×m²");
    expect(r.out).not.toContain("m·m");
  });

  it("powers print in LaTeX and NumPy too", async () => {
    const latex = await run(["derive", "kron(X, X)", "--wrt", "X", "--format", "latex"]);
    expect(latex.code).toBe(0);
    const numpy = await run(["derive", "kron(X, X)", "--wrt", "X", "--format", "numpy"]);
    expect(numpy.code).toBe(0);
    expect(numpy.out).toContain("m ** 2");
  });

  it("a size beyond 2^53 is refused with a clear message, not a crash", async () => {
    const r = await run(["derive", squaring(3000), "--wrt", "x", "--form", "grad"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/grows beyond 2\^53/);
  });

  it("a kron nest too large to build in a check says so", async () => {
    const kron = `${"kron(X,".repeat(10)}X${")".repeat(10)}`;
    const r = await run(["derive", kron, "--wrt", "X", "--form", "grad", "--check"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the check is too large at these sizes/);
    expect(r.err).not.toMatch(/deeply nested/);
  });
});

describe("checks whose values overflow or underflow never blame the derivative", () => {
  it("the relative error of values near 1e308 does not overflow", () => {
    const a = M.scalar(1.5e308);
    const b = M.scalar(1.5e308 * (1 + 1e-12));
    expect(stackedError([a], [b])).toBeLessThan(1e-10);
  });

  it.each([
    ["1e308*X", ["derive", "1e308*X", "--wrt", "X", "--check"]],
    ["1e308*X in grad form", ["derive", "1e308*X", "--wrt", "X", "--form", "grad", "--check"]],
  ])("%s checks", async (_, args) => {
    const r = await run(args);
    expect(r.code).toBe(0);
    expect(r.out + r.err).toMatch(/agrees/);
  });

  it.each([
    ["sum(x.^-100000) in grad form", ["derive", "sum(x.^-100000)", "--wrt", "x", "--form", "grad", "--check"]],
    ["X^100000", ["derive", "X^100000", "--wrt", "X", "--check"]],
  ])("%s: values that overflow or underflow on every instance are a clear exit 2", async (_, args) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not finite|underflows/);
    expect(r.err).not.toMatch(/matdiff bug/);
  });

  it.each([["1e308*x + 1e308*x"], ["2^1100*x"]])("%s: a constant past float64 is named as the reason, not an operation the input does not have", async (e) => {
    const r = await run(["derive", e, "--wrt", "x", "--check"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: the numeric check cannot evaluate this: a constant of it, a product or power of numbers, is past the largest double \(about 1\.8e308\)\n *help: scale the expression's numbers down/m);
  });

  it.each([["log(-1)*x", "log of a non-positive entry"], ["sqrt(-2)*x", "sqrt of a non-positive entry"]])("%s: a constant outside its domain keeps its own reason and caret", async (e, reason) => {
    const r = await run(["check", e, "--wrt", "x", "--claim", "0"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`no random instance keeps every operation in its domain: ${reason}`);
    expect(r.err).toMatch(/\^/);
  });

  it.each([["X^1000"], ["tr(X^1000)"], [Array(60).fill("X").join("*")]])("%s checks or refuses, never disagrees", async (e) => {
    const r = await run(["derive", e, "--wrt", "X", "--form", "grad", "--check"]);
    expect([0, 2]).toContain(r.code);
    expect(r.err).not.toMatch(/matdiff bug/);
  });
});

describe("a y that bends sharply at the scale of the step does not make a right derivative wrong", () => {
  it("closingIn: differences that close in on the claim as the step shrinks pass or are untrusted; a wrong claim stays wrong", () => {
    // error against Richardson's estimate at each step: ×1,000 smaller per tenfold step
    expect(closingIn(0.3, 1e-4, 1e-6, (step) => 0.3 * (step / 2.5e-5) ** 3)).toEqual({ relError: expect.closeTo(3e-7, 9) });
    expect(closingIn(0.3, 1e-4, 1e-9, (step) => 0.3 * (step / 2.5e-5) ** 3)).toMatchObject({ untrusted: expect.stringMatching(/bends sharply/) });
    // a wrong claim: the estimates converge, to something else
    expect(closingIn(0.3, 1e-4, 1e-6, () => 0.3)).toBeNull();
    expect(closingIn(0.3, 1e-4, 1e-6, (step) => (step > 1e-5 ? 0.01 : 0.009))).toBeNull();
    // a wrong claim on a sharply bending y: the error shrinks fast, then levels off at the claim's own error (0.002)
    expect(closingIn(0.3, 1e-4, 1e-6, (step) => (step > 1e-6 ? 0.01 : 0.0024))).toBeNull();
  });

  it("the gradient of a residual chain of 6,000 tanh steps checks (its differences at h/4 agreed with each other, not with it)", async () => {
    const program = ["a0 = tanh(W*x)", ...Array.from({ length: 5999 }, (_, i) => `a${i + 1} = tanh(W*a${i}) + a${i}`), "L = sum(a5999)"].join("\n");
    const r = await run(["derive", program, "--wrt", "W", "--check"]);
    expect(r.err).not.toMatch(/matdiff bug/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/agrees with finite differences on 3 random instances \(m=5; m=6; m=4\)/);
  }, 30_000);
});

describe("a product that underflows is not compared as zeros", () => {
  const chain = Array(5_000).fill("X").join("*");

  it("X·X·…·X with 5,000 factors: the claim 0 is not passed (it used to be, at error 0.0)", async () => {
    // Most instances underflow and are not compared; one whose product keeps its size shows the claim wrong, and a
    // trusted disagreement is the verdict (before, the instances drawn after it underflowed and left it undecided).
    const r = await run(["check", chain, "--wrt", "X", "--form", "grad", "--claim", "0*G"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗/);
    expect(r.out).not.toMatch(/claim holds/);
  }, 30_000);

  it("a part of y that underflows next to one that does not is no fault (a vanishing gradient through a long chain)", async () => {
    const r = await run(["derive", `sum(x) + sum(${Array(3_000).fill("X*A").join("*")}*x)`, "--wrt", "x", "--form", "grad", "--check"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/check ✓/);
  }, 30_000);

  it("a product of ordinary small values is not taken for an underflow", async () => {
    const r = await run(["derive", "1e-150*X*X*A", "--wrt", "X", "--form", "grad", "--check"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/check ✓/);
  }, 30_000);
});

describe("the diagnosis of a wrong claim tries a bounded number of square inputs symmetric (MAX_SYMMETRIC_TRIES)", () => {
  const names = (k: number): string[] => Array.from({ length: k }, (_, i) => `A${i}`);
  const product = (k: number): string => `x'*${names(k).join("*")}*x where ${names(k).map((a) => `${a}: m x m`).join(", ")}, x: m`;

  it("a wrong claim about xᵀA₀…A₉₉₉x is diagnosed (trying all 1,000 one at a time took 85 s)", async () => {
    const r = await run(["check", product(1000), "--wrt", "x", "--claim", "2*A0*x"]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("the claim matches nothing matdiff tried");
  }, 30_000);

  it("a claim right only when an input past the first eight is symmetric is still found, with all the square inputs named", async () => {
    // xᵀ(A₀ + … + A₈)x, whose gradient is Σ(Aᵢ + Aᵢᵀ)x; the claim differs from it by (A₈ᵀ − A₈)x
    const expr = `x'*(${names(9).join(" + ")})*x where ${names(9).map((a) => `${a}: m x m`).join(", ")}, x: m`;
    const claim = `(${names(9).map((a) => `${a} + ${a}'`).join(" + ")})*x - (A8' - A8)*x`;
    const r = await run(["check", expr, "--wrt", "x", "--claim", claim]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^✗ right only if A0 and A1 and .* and A8 are symmetric; wrong in general$/m);
  });
});

describe("explaining a wrong claim", () => {
  it("spends at most what one check may in all its tries: a wrong claim W about a 1,000-step recurrence at n = 300 is wrong and not diagnosed (its tries ran 17 s, each held only to one evaluation's limit)", async () => {
    const nest = "tanh(W*".repeat(1000) + "x" + ")".repeat(1000);
    const r = await run(["check", `sum(${nest})`, "--wrt", "W", "--claim", "W", "--dims", "n=300", "--shape", "W: n x n, x: n"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^✗ the claim disagrees with finite differences .*would cost more than a check may spend at these sizes \(the tries so far cost about/);
    // The tries stopped within the diagnosis's own budget, one check's worth.
    const [, tries] = /the tries so far cost about ([\d.e+]+) multiply-adds/.exec(r.out)!;
    expect(Number(tries)).toBeLessThanOrEqual(MAX_WORK);
  }, 30_000);
});

