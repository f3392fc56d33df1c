/**
 * Hostile inputs for the printers and code back-ends: shared subexpressions
 * (programs whose statements double), long unrolled recurrences and
 * backprop to an intermediate. Each must print something whose size grows
 * with the input's (JSON's source becomes a program, code stays one
 * statement per value) or refuse clearly (index form, exit 2). Run
 * in-process through the CLI's main; nothing is timed here (a regression to
 * quadratic or exponential work shows up as a test timeout).
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { memoryIO } from "../src/cli/io.js";

async function run(args: string[], files: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const m = memoryIO({ files });
  const code = await main(args, m.io);
  return { code, out: m.stdout(), err: m.stderr() };
}

const RNN_SHAPES = "where W: H x H, U: H x D, h0: H, x: D";
/** h_t = tanh(W h_{t−1} + U x), one statement per step. */
const rnnProgram = (T: number): string =>
  [...Array.from({ length: T }, (_, i) => `h${i + 1} = tanh(W*h${i} + U*x)`), RNN_SHAPES].join("\n");
/** a1 = sin(x), a_{i+1} = a_i ⊙ a_i: inlined, a_n is 2^(n−1) copies of sin(x). */
const doubling = (n: number): string =>
  ["a1 = sin(x)", ...Array.from({ length: n - 1 }, (_, i) => `a${i + 2} = a${i + 1} .* a${i + 1}`)].join("\n");
/** a1 = diag(x), a_{i+1} = a_i + a_iᵀ, y = a_n x: a diagonal matrix shared at every level. */
const diagonalDoubling = (n: number): string =>
  ["a1 = diag(x)", ...Array.from({ length: n - 1 }, (_, i) => `a${i + 2} = a${i + 1} + a${i + 1}'`), `y = a${n}*x`].join("\n");

const sourceOf = (json: string): string => JSON.parse(json).results[0].source as string;

describe("JSON on shared subexpressions", () => {
  it("a 25-statement doubling program: a small source that is a program and passes check --claim", async () => {
    const input = doubling(25);
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "x", "--format", "json"], { "p.mdf": input });
    expect(r.code).toBe(0);
    expect(r.out.length).toBeLessThan(20_000);
    const json = JSON.parse(r.out);
    expect(json.expression.text).toBe("a24 ⊙ a24");
    const source = sourceOf(r.out);
    expect(source).toMatch(/^a1 = sin\(x\); a2 = a1 \.\* a1; /);
    // sin(x)^(2^24) underflows at every instance, where no claim can be checked; at 8 statements, sin(x)^128 does not
    const short = doubling(8);
    const shortSource = sourceOf((await run(["derive", "--input", "q.mdf", "--wrt", "x", "--format", "json"], { "q.mdf": short })).out);
    expect(shortSource).toMatch(/^a1 = sin\(x\); a2 = a1 \.\* a1; /);
    const check = await run(["check", short, "--wrt", "x", "--claim", shortSource]);
    expect(check.err).toBe("");
    expect(check.code).toBe(0);
    const underflowing = await run(["check", input, "--wrt", "x", "--claim", source]);
    expect(underflowing.err).toMatch(/cannot decide: .* underflows/);
    expect(underflowing.code).toBe(2);
  }, 30_000);

  it("a 1000-step recurrence: the source is a program of one statement per step", async () => {
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "W", "--format", "json"], { "p.mdf": rnnProgram(1000) });
    expect(r.code).toBe(0);
    expect(r.out.length).toBeLessThan(1_000_000);
    expect(sourceOf(r.out).includes("h999 = tanh(W*h998 + t0); ")).toBe(true);
  }, 30_000);

  it("a short recurrence's program source passes check --claim in grad form", async () => {
    const input = rnnProgram(20);
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "W", "--form", "grad", "--format", "json"], { "p.mdf": input });
    expect(r.code).toBe(0);
    const source = sourceOf(r.out);
    expect(source).toContain("; ");
    const check = await run(["check", input, "--wrt", "W", "--form", "grad", "--dims", "H=3,D=2", "--claim", source]);
    expect(check.code).toBe(0);
  }, 30_000);

  it("a source without repeated parts stays one expression", async () => {
    const r = await run(["derive", "tanh(x)", "--wrt", "x", "--format", "json"]);
    expect(sourceOf(r.out)).toBe("diag(1*ones(m, 1) - (tanh(x) .* tanh(x)))");
  }, 30_000);
});

describe("index form: linear or a clear refusal", () => {
  it.each([
    ["a 1000-step recurrence wrt x", rnnProgram(1000), "x"],
    ["a 1000-step recurrence wrt W", rnnProgram(1000), "W"],
    ["a 22-statement doubling program", doubling(22), "x"],
  ])("%s is refused with exit 2 and the forms that stay linear", async (_, input, wrt) => {
    const r = await run(["derive", "--input", "p.mdf", "--wrt", wrt, "--form", "index"], { "p.mdf": input });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--form index would expand into .* factors/);
    expect(r.err).toMatch(/--form jacobian or --form grad/);
  }, 30_000);

  it("sum(A₀ A₁ … A₂₃₉₉₉ X) is refused at the factor limit after work linear in the product (each summed index was found by testing r, s, t, … from the start: 12 s)", async () => {
    const factors = Array.from({ length: 24_000 }, (_, i) => `A${i}`).join("*");
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "X", "--form", "index"], { "p.mdf": `sum(${factors}*X)` });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--form index would expand into more than 20000 factors/);
  }, 10_000);

  it("a product of 2,000 matrices prints its index form, with summed indices r, s, …, q, r1, r2, …", async () => {
    const factors = Array.from({ length: 2_000 }, (_, i) => `A${i}`).join("*");
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "X", "--form", "index"], { "p.mdf": `sum(${factors}*X)` });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/∂y\/∂X_ij = Σ_p,q,r,r1,r10,r100,r1000,r1001,/);
  }, 10_000);

  it("a 3-step recurrence still prints its index form", async () => {
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "x", "--form", "index"], { "p.mdf": rnnProgram(3) });
    expect(r.code).toBe(0);
    expect(r.out.includes("∂h3_i/∂x_j = ")).toBe(true);
  }, 30_000);
});

describe("code back-ends on deep and shared graphs", () => {
  it.each([["numpy", 1000], ["torch", 300], ["jax", 300]] as const)("a recurrence in Jacobian form, %s, %i steps", async (format, T) => {
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "W", "--format", format], { "p.mdf": rnnProgram(T) });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out.includes("def derivative(")).toBe(true);
    // CPython refuses an expression nested 200 brackets deep: a deep chain is split into statements.
    const compiled = spawnSync("python3", ["-c", "import sys; compile(sys.stdin.read(), 'derivative.py', 'exec')"], { input: r.out, encoding: "utf8" });
    expect(compiled.stderr).toBe("");
    expect(compiled.status).toBe(0);
  }, 30_000);

  it("a gradient that is a sum of 3,000 terms, numpy: written in bracketed runs, so Python compiles it", async () => {
    const expr = Array.from({ length: 3000 }, (_, i) => `tr(A${i}*X)`).join(" + ");
    const r = await run(["derive", expr, "--wrt", "X", "--form", "grad", "--format", "numpy"]);
    expect(r.code).toBe(0);
    // Python parses a + b + c … as a chain one level deeper per term, and refuses to compile a few thousand levels.
    const compiled = spawnSync("python3", ["-c", "import sys; compile(sys.stdin.read(), 'derivative.py', 'exec')"], { input: r.out, encoding: "utf8" });
    expect(compiled.stderr).toBe("");
    expect(compiled.status).toBe(0);
  }, 30_000);

  it("a grouped sum computes what it says: 40 terms, negated ones at the starts of runs, run by NumPy", async () => {
    const signs = Array.from({ length: 40 }, (_, i) => (i % 16 === 0 || i % 3 === 1 ? -1 : 1));
    const expr = signs.map((s, i) => `${s < 0 ? "-" : "+"} tr(A${i}*X)`).join(" ").replace(/^\+ /, "");
    const r = await run(["derive", expr, "--wrt", "X", "--form", "grad", "--format", "numpy", "--shape", "X: 2 x 3"]);
    expect(r.code).toBe(0);
    const script = [
      r.out,
      "rng = np.random.default_rng(7)",
      `A = [rng.standard_normal((3, 2)) for _ in range(${signs.length})]`,
      "X = rng.standard_normal((2, 3))",
      "got = derivative(X=X, G=1.5, **{f'A{i}': a for i, a in enumerate(A)})",
      `signs = ${JSON.stringify(signs)}`,
      // d tr(A X) = tr(A dX), so ∂ℓ/∂X = G Aᵀ for each term
      "want = 1.5 * sum(s * a.T for s, a in zip(signs, A))",
      "print(float(np.max(np.abs(np.asarray(got) - want))))",
    ].join("\n");
    const ran = spawnSync("python3", ["-c", script], { encoding: "utf8" });
    expect(ran.stderr).toBe("");
    expect(Number(ran.stdout)).toBeLessThan(1e-12);
  }, 30_000);

  it("a 2000-step recurrence in grad form, numpy", async () => {
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "W", "--form", "grad", "--format", "numpy"], { "p.mdf": rnnProgram(2000) });
    expect(r.code).toBe(0);
    expect(r.out.length).toBeLessThan(1_000_000);
  }, 30_000);

  it("a 40-statement doubling of a diagonal matrix and its transpose, numpy", async () => {
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "x", "--format", "numpy"], { "p.mdf": diagonalDoubling(40) });
    expect(r.code).toBe(0);
    expect(r.out.length).toBeLessThan(50_000);
  }, 30_000);
});

describe("backprop to an intermediate and the other printers", () => {
  it("--wrt h1500,W on a 3000-step recurrence", async () => {
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "h1500,W", "--form", "grad"], { "p.mdf": rnnProgram(3000) });
    expect(r.code).toBe(0);
    expect(r.out.includes("∂ℓ/∂h1500 = ")).toBe(true);
    expect(r.out.includes("∂ℓ/∂W = ")).toBe(true);
  }, 30_000);

  it.each([
    ["text steps", ["--steps"]],
    ["LaTeX steps", ["--format", "latex", "--steps", "--standalone"]],
    ["Markdown steps", ["--format", "markdown", "--steps"]],
  ])("%s on a 25-statement doubling program and a 1000-step recurrence", async (_, options) => {
    const dag = await run(["derive", "--input", "p.mdf", "--wrt", "x", ...options], { "p.mdf": doubling(25) });
    expect(dag.code).toBe(0);
    expect(dag.out.length).toBeLessThan(100_000);
    const rnn = await run(["derive", "--input", "p.mdf", "--wrt", "W", ...options], { "p.mdf": rnnProgram(1000) });
    expect(rnn.code).toBe(0);
    expect(rnn.out.length).toBeLessThan(3_000_000);
  }, 30_000);
});

describe("--steps stays linear where the moved factors are deep", () => {
  it("det(X det(X …)): each move's reason names the factor it moved instead of printing it whole", async () => {
    const steps = async (n: number): Promise<string> => {
      const r = await run(["derive", "det(X*".repeat(n) + "X" + ")".repeat(n), "--wrt", "X", "--steps"]);
      expect(r.code).toBe(0);
      return r.out;
    };
    const [small, large] = [await steps(100), await steps(300)];
    expect(large).toMatch(/moving t\S+ across the Frobenius product transposes it/);
    // Printed whole, the factor of level k has k dets, and the steps grew with the square of the depth (×7 here).
    expect(large.length / small.length).toBeLessThan(3.6);
  }, 30_000);
});

describe("--steps of a formula too long to hold", () => {
  it.each([["text", []], ["LaTeX", ["--format", "latex"]]] as const)("tr(X^1000000000) in %s: the differential, whose parts repeat a billion times written out, is refused before it is written (it was built first: 40 s, then a refusal as too large to hold)", async (_, format) => {
    const r = await run(["derive", "tr(X^1000000000)", "--wrt", "X", "--shape", "X: n x n", "--steps", ...format]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: the derivation step by step would print more than [\d,]+ characters of formulas/);
  }, 10_000);
});

describe("--steps of a long product", () => {
  it("X·X·…·X: the differential's shared prefix products are named under it, so the steps grow linearly", async () => {
    const steps = async (n: number, format = "text"): Promise<string> => {
      const r = await run(["derive", Array(n).fill("X").join("*"), "--wrt", "X", "--steps", "--format", format]);
      expect(r.code).toBe(0);
      return r.out;
    };
    const [small, large] = [await steps(500), await steps(1500)];
    expect(large).toMatch(/^\s+t₀ = X X$/m);
    // Printed whole, the differential's k-th term repeats k factors: the steps grew with the square of n (×8.6 here).
    expect(large.length / small.length).toBeLessThan(3.6);
  }, 30_000);

  it("Markdown steps of 5,000 factors: a line that wraps into many rows is not spread into one call", async () => {
    const r = await run(["derive", Array(5000).fill("X").join("*"), "--wrt", "X", "--steps", "--format", "markdown"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  }, 30_000);
});

describe("a shared value behind a mark is named, not printed at every use", () => {
  /** X ⊙ sum(X ⊙ sum(… sum(X, 2) …, 2), 2): every level's gradient reuses the stretched row sums of the level above. */
  const rowSums = (n: number): string => `${"X .* sum(".repeat(n)}X${", 2)".repeat(n)}`;
  it("the gradient of a nest of row sums grows with its depth, not with its square", async () => {
    const small = await run(["derive", rowSums(100), "--wrt", "X", "--form", "grad"]);
    const large = await run(["derive", rowSums(1000), "--wrt", "X", "--form", "grad"]);
    expect(small.code).toBe(0);
    expect(large.code).toBe(0);
    expect(large.out.length / small.out.length).toBeLessThan(13);
    // (G ⊙ X) 𝟏_n is stretched across the columns at each use: it is defined once.
    expect(small.out.match(/\(G ⊙ X\) 𝟏_n/g)).toHaveLength(1);
  });
});

describe("--steps of a Hessian of a recurrence names what its lines share", () => {
  const rnnSum = (T: number): string => {
    let h = "h";
    for (let t = 0; t < T; t++) h = `tanh(W*${h} + U*x)`;
    return `sum(${h})`;
  };
  it("the Hessian–vector product's steps grow with the depth, not with its square", async () => {
    const args = ["--wrt", "W", "--order", "2", "--form", "differential", "--steps", "--shape", "W: n x n, h: n, U: n x k, x: k"];
    const small = await run(["derive", rnnSum(10), ...args]);
    const large = await run(["derive", rnnSum(100), ...args]);
    expect(small.code).toBe(0);
    expect(large.code).toBe(0);
    expect(large.out.length / small.out.length).toBeLessThan(13);
    expect(large.out).toContain("where");
  });
});

/** a1 = tanh(x), a_{i+1} = a_i ⊙ a_i + a_i: every statement uses the one before twice. */
const selfUsing = (n: number): string =>
  ["a1 = tanh(x)", ...Array.from({ length: n - 1 }, (_, i) => `a${i + 2} = a${i + 1} .* a${i + 1} + a${i + 1}`)].join("\n");

describe("what the user named prints by its name, wherever it is shown", () => {
  // A claim about the 20th statement was written out in full, doubling with every statement: 167 MB at 16
  // statements, out of memory at 20 (misreported as values too large).
  it("a claim about a late statement of a program names what it shares by fresh temporaries c₀, c₁, …, in text, JSON and LaTeX", async () => {
    const input = selfUsing(20);
    const text = await run(["check", "--input", "p.mdf", "--wrt", "x", "--claim", "diag(a20 + 2*a19)"], { "p.mdf": input });
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/claim: diag\(c₁₈ ⊙ c₁₈ \+ c₁₈ \+ 2c₁₈\)    \(m×m\)\n {2}where\n {4}c₀ = tanh\(x\)\n {4}c₁ = c₀ ⊙ c₀ \+ c₀\n/);
    // the answer under it names its own parts t₀, t₁, …: no name means two things in one report
    expect(text.out).toMatch(/\n {6}t₀ = /);
    expect(text.out.length).toBeLessThan(20_000);
    const json = await run(["check", "--input", "p.mdf", "--wrt", "x", "--claim", "diag(a20)", "--format", "json"], { "p.mdf": input });
    const claim = JSON.parse(json.out).claim;
    expect(claim.text).toMatch(/^diag\(c₁₈ ⊙ c₁₈ \+ c₁₈\) where c₀ = tanh\(x\); c₁ = c₀ ⊙ c₀ \+ c₀; /);
    expect(claim.latex).toMatch(/^\\operatorname\{diag\}\(c_\{18\} .* \\quad\\text\{where\}\\quad c_\{0\} = \\tanh\(x\),\\ /);
    expect(json.out.length).toBeLessThan(100_000);
  }, 30_000);

  // The program's names are not reused in a claim: a claim may bind them to other values (h = Xᵀ in the claim, or
  // h cut loose by --wrt h), and a short claim prints in full, as typed.
  it("a short claim prints as typed, whatever the program calls its parts", async () => {
    const cut = await run(["check", "--input", "p.mdf", "--wrt", "h", "--claim", "3*tanh(W*x)"], { "p.mdf": "h = tanh(W*x)\ny = sum(h .* h)" });
    expect(cut.out).toContain("claim: 3 tanh(Wx)    (m×1)");
    const rebound = await run(["check", "--input", "p.mdf", "--wrt", "X", "--claim", "h = X'; g = X*X; 3*h + g"], { "p.mdf": "h = X*X\ny = tr(h)" });
    expect(rebound.out).toContain("claim: 3Xᵀ + X X    (m×m)");
  }, 30_000);

  // The differentials' lines wrote the program's values that do not vary out in full: b_{i+1} = b_i ⊙ b_i + b_i,
  // 24 statements deep, ran out of memory after 11 s.
  it("--steps names the program's values that do not vary, in every section", async () => {
    const input = ["b1 = tanh(A)", ...Array.from({ length: 23 }, (_, i) => `b${i + 2} = b${i + 1} .* b${i + 1} + b${i + 1}`), "y = sum(b24 .* tanh(x))"].join("\n");
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "x", "--steps", "--shape", "A: m, x: m"], { "p.mdf": input });
    expect(r.code).toBe(0);
    expect(r.out).toContain("dy = sum(b24 ⊙ du)");
    expect(r.out.length).toBeLessThan(5_000);
  }, 30_000);

  // An invented intermediate's differential is d followed by its name: a name whose d-form is a statement is not used.
  it("an intermediate is not named u when the program has a statement du", async () => {
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "x", "--steps"], { "p.mdf": "du = A*B\ny = tanh(sum(du*x))" });
    expect(r.out).toContain("v = sum(du x)");
    expect(r.out).toContain("dv = sum(du dx)");
    expect(r.out).not.toMatch(/^\s+du = /m);
  }, 30_000);

  // Every letter began a statement's name (u, v, w, z and, after --of, s), and the invented name fell back to u,
  // printing u = Wx and u = w + u.
  it("an invented intermediate is never named like a statement, even when every letter is taken", async () => {
    const input = "u = W*x\nv = exp(u)\nw = v + b\nz = tanh(w + u)\ns = sum(log(z .* z + 1) + z)";
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "x", "--of", "z", "--steps", "--shape", "W: m x n, x: n, b: m"], { "p.mdf": input });
    expect(r.out).toContain("u1 = w + u");
    expect(r.out.match(/^\s+u = /gm)).toHaveLength(1);
  }, 30_000);

  // With --wrt an intermediate, the chain starts there, and the statements before it were written out in full in
  // --steps (30 residual statements: out of memory after 19 s).
  it("--steps with respect to an intermediate stays linear in the program", async () => {
    const input = ["a0 = x", ...Array.from({ length: 30 }, (_, i) => `a${i + 1} = tanh(W*a${i}) + a${i}`)].join("\n");
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "a1", "--steps"], { "p.mdf": input });
    expect(r.code).toBe(0);
    expect(r.out).toContain("a30 = u58 + a29");
    expect(r.out.length).toBeLessThan(50_000);
  }, 30_000);

  // The chain was built on Y as typed, where the intermediate is not a variable: nothing in it varied, and
  // "Differentiate each" was empty.
  it("--steps with respect to an intermediate differentiates the statements after it", async () => {
    const input = ["a0 = x", ...Array.from({ length: 3 }, (_, i) => `a${i + 1} = tanh(W*a${i}) + a${i}`)].join("\n");
    const r = await run(["derive", "--input", "p.mdf", "--wrt", "a1", "--steps"], { "p.mdf": input });
    expect(r.out).toContain("u1 = W a1");
    expect(r.out).toContain("du1 = W da1");
    expect(r.out).toContain("da3 = du4 + da2");
  }, 30_000);
});
