/**
 * Hostile inputs for the simplifier and the builders (issue 12): nests and
 * programs that used to be cubic or exponential there end with a result of
 * the size of the input. Run in-process through the CLI's main; nothing is
 * timed (each case is small enough that a return of the blow-up shows as a
 * test timeout, and npm run bench times the same kinds of input).
 */
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { memoryIO } from "../src/cli/io.js";
import { derive } from "../src/api/derive.js";
import { topoOrder } from "../src/expr/traverse.js";

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const m = memoryIO();
  const code = await main(args, m.io);
  return { code, out: m.stdout(), err: m.stderr() };
}

const nest = (n: number, open: string, seed: string, close: string): string => open.repeat(n) + seed + close.repeat(n);
const program = (first: string, n: number, step: (i: number) => string): string =>
  [first, ...Array.from({ length: n }, (_, i) => step(i + 1))].join("\n");

describe("the simplifier stays near linear on hostile inputs", () => {
  const NESTS: readonly [string, string][] = [
    ["det nested 400 deep (the present pass measured whole subtrees at every node)", nest(400, "det(X*", "X", ")")],
    ["logdet nested 400 deep", nest(400, "logdet(X*", "X", ")")],
    ["((X²)²)… 600 deep: the shared chain is factored out at once", nest(600, "(", "X", "^2)")],
    ["softmax(·, 2) nested 600 deep", nest(600, "softmax(", "X", ",2)")],
    ["((X²)²)… 4000 deep: chains are compared by the pieces that differ, not listed at every level", nest(4000, "(", "X", "^2)")],
  ];
  it.each(NESTS)("%s", async (_, expr) => {
    const r = await run(["derive", expr, "--wrt", "X"]);
    expect(r.code).toBe(0);
    expect(r.out.length).toBeLessThan(400_000);
  }, 10_000);

  it("a program of 8,000 statements aᵢ = aᵢ₋₁ tr(aᵢ₋₁ aᵢ₋₁): counting a shared coefficient's factors stops after a few products (it walked each to its end: 32 s)", async () => {
    const r = await run(["derive", program("a0 = X", 8000, (i) => `a${i} = a${i - 1}*tr(a${i - 1}*a${i - 1})`) + "\nL = sum(a8000)", "--wrt", "X"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("∂L/∂X = ");
  }, 25_000);

  it("aᵢ = aᵢ₋₁ᵀ aᵢ₋₁ over 1,500 statements (2¹⁵⁰⁰ factors, past the doubles): its sums are not factored factor by factor (the walk never ended: 30 s, then V8 aborted)", async () => {
    for (const statement of [(i: number) => `a${i} = a${i - 1}'*a${i - 1}`, (i: number) => `a${i} = a${i - 1}*a${i - 1}'`]) {
      const r = await run(["derive", program("a0 = X", 1500, statement), "--wrt", "X", "--shape", "X: n x n", "--form", "grad"]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^a1500 = /m);
    }
  }, 20_000);

  it("(2·(2·(…X…)/3)/3) 30,000 deep, whose coefficient (2/3)³⁰⁰⁰⁰ underflows and never folds: each level walks a bounded run of the scalings around the matrix, not the whole chain (30 s before, quadratic)", async () => {
    const r = await run(["derive", `sum(${"(2*(".repeat(30_000)}X${")/3)".repeat(30_000)})`, "--wrt", "X"]);
    expect(r.code).toBe(0);
    // (2/3)^30000 = 10^−5282.7, printed as a mantissa over a power of two
    const [, mantissa, power] = /∂y\/∂X = \((\S+) 𝟏_\(m×n\)\) \/ 2(\S+)/.exec(r.out)!;
    const superscript = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    const exponent = Number([...power!].map((c) => superscript.indexOf(c)).join(""));
    const log10 = Math.log10(Number(mantissa!.replace("−", "-"))) - exponent * Math.log10(2);
    expect(log10).toBeCloseTo(30_000 * Math.log10(2 / 3), 6);
  }, 20_000);

  describe("vᵢ = vᵢ₋₁ + vᵢ₋₂ᵀ over 2,000 statements, whose coefficients (Fibonacci numbers) pass float64 at i = 1,476", () => {
    const fibonacci = (L: string) => program("v0 = X\nv1 = X'", 1998, (i) => `v${i + 1} = v${i} + v${i - 1}'`) + `\n${L}\nwhere X: n x n`;
    it("tr(v₁₉₉₉): the coefficient F₂₀₀₀ is written c·2ᵏ, also step by step (with --steps the sums grew by half a step: past a minute)", async () => {
      const r = await run(["derive", fibonacci("L = tr(v1999)"), "--wrt", "X"]);
      expect(r.code).toBe(0);
      const [coefficient, c, k] = /(\d\.\d+)·2(\S+) I_n/.exec(r.out)!;
      const exponent = Number([...k!].map((d) => "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(d)).join(""));
      // log₂ F₂₀₀₀ = 2000 log₂ φ − log₂ √5 (Binet)
      expect(Math.log2(Number(c)) + exponent).toBeCloseTo(2000 * Math.log2((1 + Math.sqrt(5)) / 2) - Math.log2(Math.sqrt(5)), 9);
      const steps = await run(["derive", fibonacci("L = tr(v1999)"), "--wrt", "X", "--steps"]);
      expect(steps.code).toBe(0);
      expect(steps.out).toContain(coefficient!.replace(" I_n", ""));
    }, 30_000);
    it("tr(v₁₉₉₉ X) with --steps: a sum that stays whole is not transposed term by term (past a minute)", async () => {
      const r = await run(["derive", fibonacci("L = tr(v1999*X)"), "--wrt", "X", "--steps"]);
      expect(r.code).toBe(0);
      expect(r.out.length).toBeLessThan(4_000_000);
    }, 30_000);
  });

  it("logdet nested 10,000 deep: the scalar-factor walk follows the chain without recursing", async () => {
    const r = await run(["derive", nest(10_000, "logdet(X*", "X", ")"), "--wrt", "X"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("∂y/∂X = ");
  }, 20_000);

  it("tr(X det(X logdet(X …))): a named scalar product stays one factor, so the output grows linearly with the depth", async () => {
    const size = async (n: number): Promise<number> => {
      const r = await run(["derive", nest(n, "tr(X*det(X*logdet(X*", "X", ")))"), "--wrt", "X"]);
      expect(r.code).toBe(0);
      return r.out.length;
    };
    // Flattened into each user, the products of all the outer factors made the output quadratic (×3.5 per doubling).
    expect((await size(200)) / (await size(100))).toBeLessThan(2.4);
  }, 20_000);

  it("tr(X det(X logdet(X …))): each level's scalar product is the previous level's times its new factors, not rebuilt", () => {
    const depth = 300;
    const r = derive({ expr: nest(depth, "tr(X*det(X*logdet(X*", "X", ")))"), wrt: ["X"] });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    const d = r.value.derivatives[0]!;
    const reachable = topoOrder([d.result]);
    const scalings = reachable.filter((n) => n.kind === "op" && n.op === "scale").length;
    // Regathered into a flat product of up to 16 factors at every level (powers of tr(X) merged in front, so nothing
    // shared with the level before), the result had about 50 scalings per level and the graph 150 nodes; with the
    // previous product as one factor, 12 and 86.
    expect(scalings / depth).toBeLessThan(20);
    expect(reachable.length / depth).toBeLessThan(35);
    expect(d.result.graph.size / depth).toBeLessThan(110);
  }, 20_000);

  it("X·X·…·X with 5,000 factors, grad form: the 5,000-term sum is not factored one outer factor at a time", async () => {
    const r = await run(["derive", Array(5000).fill("X").join("*"), "--wrt", "X", "--form", "grad"]);
    expect(r.code).toBe(0);
    // Each term is a named prefix times a named suffix: linear output (factoring it built about 25 million nodes, 4 GB).
    expect(r.out.length).toBeLessThan(1_000_000);
  }, 20_000);

  it.each([
    ["(a*b)*(a*b)", "b", "∂y/∂b = 2a² b"],
    ["exp(a*b)*a*b/a", "b", "∂y/∂b = t₀ + a t₀ b"],
    ["tr(X)*tr(X) + tr(X)*tr(X)*tr(X)/tr(X)", "X", "∂y/∂X = 4 tr(X) I_m"],
    ["a*b*c*d*e*f*g*a*b*c*d*e*f*g*a*b*c*d*e/a", "b", "∂y/∂b = 2t₀ t₁ t₂ t₃ t₄ t₅ t₆ + t₀ t₄ t₃ t₂ t₁ t₆ t₅"],
    ["a*b*c*d*e*f*g*h*i*j*a where a: scalar, b: scalar, c: scalar, d: scalar, e: scalar, f: scalar, g: scalar, h: scalar, i: scalar, j: scalar", "b", "∂y/∂b = a² jihgfedc"],
    ["a*b*c*d*e*f*g*h*i*j/a where a: scalar, b: scalar, c: scalar, d: scalar, e: scalar, f: scalar, g: scalar, h: scalar, i: scalar, j: scalar", "b", "∂y/∂b = jihgfedc"],
  ])("a short product, or one used twice, still simplifies: %s", async (expr, wrt, expected) => {
    const r = await run(["derive", expr, "--wrt", wrt]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(expected);
  });

  it("a sum that doubles at each of 200 statements keeps the program's names and collects to 2¹⁹⁹", async () => {
    const r = await run(["derive", program("a1 = x", 199, (i) => `a${i + 1} = a${i} + a${i}`), "--wrt", "x"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("a200 = a199 + a199");
    expect(r.out).toContain(`${2 ** 199} I_m`);
    expect(r.out.length).toBeLessThan(20_000);
  }, 10_000);

  it("the doubling sum with semicolons, 30 statements", async () => {
    const r = await run(["derive", program("a1 = x", 29, (i) => `a${i + 1} = a${i} + a${i}`).replace(/\n/g, "; "), "--wrt", "x"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${2 ** 29} I_m`);
  }, 10_000);

  it("a program a_{i+1} = a_i ⊙ x + a_i of 400 statements keeps each statement's own terms, and so does its Jacobian", async () => {
    const r = await run(["derive", program("a0 = sin(x)", 400, (i) => `a${i} = a${i - 1} .* x + a${i - 1}`), "--wrt", "x"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("a400 = a399 ⊙ x + a399");
    // J_i = diag(x) J_{i−1} + diag(a_{i−1}) + J_{i−1}, each J a named subexpression: flattened, the output had ~4 MB.
    expect(r.out).toMatch(/t₃₉₉ = diag\(x\) t₃₉₈ \+ diag\(a398\) \+ t₃₉₈/);
    expect(r.out.length).toBeLessThan(60_000);
  }, 10_000);

  it("a flat sum of 100,000 equal terms is not refused as nesting", async () => {
    const r = await run(["derive", "x" + "+x".repeat(99_999), "--wrt", "x"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("100000 I_m");
  }, 10_000);
});

describe("a product of equal factors differentiates as a power (Xᵃ Xᵇ = Xᵃ⁺ᵇ)", () => {
  const product = (k: number, factor = "X"): string => Array(k).fill(factor).join("*");

  it("X·X·…·X with 100,000 factors: a gradient of about 2 log₂ k terms, where it was one per factor", async () => {
    const r = await run(["derive", product(100_000), "--wrt", "X", "--form", "grad"]);
    expect(r.code).toBe(0);
    // the echo of Y is the input's 100,000 factors; the gradient after it is a few dozen named powers
    const gradient = r.out.slice(r.out.indexOf("∂ℓ/∂X"));
    expect(gradient).toContain("X⁵⁰⁰⁰⁰");
    expect(gradient.length).toBeLessThan(5_000);
  }, 20_000);

  it.each(["jacobian", "grad", "differential"] as const)("X·X·…·X with 7 factors is checked right in the %s form, as X⁷ is", async (form) => {
    for (const expr of [product(7), "X^7", "(X*X)*(X*(X*X))*(X*X)", product(5, "X'")]) {
      const r = await run(["derive", expr, "--wrt", "X", "--form", form, "--check", "--dims", "m=3"]);
      expect(r.err).toBe("");
      expect(r.out).toContain("check ✓");
    }
  }, 20_000);

  it("factors that differ are not merged: X A X keeps its three factors", async () => {
    const r = await run(["derive", "X*A*X", "--wrt", "X", "--form", "grad"]);
    expect(r.out).not.toMatch(/X²/);
  });
});

describe("powers of powers whose exponents pass float64: (aᵖ)ᵏ = aᵖᵏ only while p·k is a number", () => {
  const tower = (twos: number): string => ["x", ...Array<string>(twos).fill("2")].join("^");

  it("x^2^…^2 with 1,100 twos (2¹¹⁰⁰ is past float64) keeps a power of a power instead of printing x^Infinity", async () => {
    const r = await run(["derive", tower(1100), "--wrt", "x", "--shape", "x: scalar"]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/Infinity|NaN/);
    // 2¹⁰²³, the largest power of two in float64, is as far as one reading of the nest goes
    expect(r.out).toContain("^(8.98846567431158e+307)");
  }, 20_000);

  it("x^2^…^2 with 50,000 twos ends (it ran past a minute when the exponents became Infinity; then 8 s while bases that repeat with exponents float64 cannot add were rebuilt as if they merged)", async () => {
    const r = await run(["derive", tower(50_000), "--wrt", "x", "--shape", "x: scalar"]);
    expect([0, 2]).toContain(r.code);
    expect(r.out + r.err).not.toMatch(/Infinity/);
  }, 30_000);

  it("x^1e308 / x^-1e308: the exponents stay apart where their sum is not a float64 number (it printed x^Infinity)", async () => {
    const r = await run(["derive", "x^1e308/x^-1e308", "--wrt", "x", "--shape", "x: scalar"]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/Infinity/);
    expect(r.out).toMatch(/x\^\(1e\+308\)/);
  });

  it("below the limit the reading is unchanged: ((x²)³)⁴ = x²⁴, and its derivative checks", async () => {
    const r = await run(["derive", "((x^2)^3)^4", "--wrt", "x", "--shape", "x: scalar", "--check"]);
    expect(r.out).toContain("24x²³");
    expect(r.out).toContain("check ✓");
  });
});

describe("exponent arithmetic is exact or not done (src/expr/exact.ts)", () => {
  it("X^(1e308) X^(1e308) stays a product (it merged to X^Infinity, whose derivative came out as that of X¹²⁸)", async () => {
    const r = await run(["derive", "sum(X^1e308*X^1e308)", "--wrt", "X"]);
    expect(r.code).toBe(0);
    const derivative = r.out.slice(r.out.indexOf("∂y/∂X"));
    expect(derivative).not.toMatch(/Infinity/);
    // d(X^k) by halving: X^(k/2) is among its factors
    expect(derivative).toContain("X^(5e+307)");
  });

  it("d(a^k) = k a^k / a where k − 1 rounds to k (1e17), not k a^k", async () => {
    const r = await run(["derive", "a^1e17", "--wrt", "a", "--shape", "a: scalar"]);
    expect(r.out).toContain("∂y/∂a = 100000000000000000(a¹⁰⁰⁰⁰⁰⁰⁰⁰⁰⁰⁰⁰⁰⁰⁰⁰⁰ / a)");
    const small = await run(["derive", "a^3", "--wrt", "a", "--shape", "a: scalar"]);
    expect(small.out).toContain("∂y/∂a = 3a²");
  });

  it("matrix_power gets the exponent's exact digits, split in base 2⁶² past 64-bit integers, and the code runs", async () => {
    const r = await run(["derive", "sum(X^1e22)", "--wrt", "X", "--format", "numpy"]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/matrix_power\([^)]*e\+/);
    // 5·10²¹ = 1084·2⁶² + 932356024711512064, the half power of the derivative's halving
    expect(r.out).toContain("np.linalg.matrix_power(X, 932356024711512064) @ np.linalg.matrix_power(np.linalg.matrix_power(X, 4611686018427387904), 1084)");
  });
});
