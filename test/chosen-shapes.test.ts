/**
 * Issue 11's remaining parts: shapes a user did not choose are marked and
 * refusable, the symmetric gradient and the Cookbook's convention,
 * the adjugate at a singular matrix, exact fractions, and an input named dx.
 */
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { memoryIO } from "../src/cli/io.js";
import { derive } from "../src/api/derive.js";
import { check } from "../src/api/check.js";
import { shapesUsed } from "../src/api/shapes-used.js";
import { derivationJson } from "../src/print/json.js";
import { formatDerivationText } from "../src/print/text.js";
import { evaluate, valueKey } from "../src/numeric/evaluate.js";
import * as M from "../src/kernels/mat.js";

async function run(args: string[]) {
  const m = memoryIO({});
  const code = await main(args, m.io);
  return { code, out: m.stdout(), err: m.stderr() };
}

function ok<T>(r: { ok: true; value: T } | { ok: false; diagnostics: readonly { message: string }[] }): T {
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.value;
}

describe("shapes a user did not choose", () => {
  it("marks each undeclared shape with its rule, and a declared one not at all", () => {
    const d = ok(derive({ expr: "tanh(W*x + b) + mu", wrt: ["x"], shapes: ["x: n"] }));
    const origin = Object.fromEntries(shapesUsed(d).map((u) => [u.name, u.origin]));
    expect(origin).toEqual({ W: "default for uppercase names", x: null, b: "default for a–g", mu: "default for Greek letters" });
    expect(formatDerivationText(d).split("\n")[0]).toContain("b: scalar (default for a–g)");
    expect(derivationJson(d).shapeOrigins).toEqual(origin);
  });
  it("says when the expression forced a shape the rule would not give, with a note", () => {
    const d = ok(derive({ expr: "sum(x^2)", wrt: ["x"] }));
    expect(shapesUsed(d)[0]!.origin).toBe("forced by the expression");
    expect(d.notes.join("\n")).toMatch(/x is a scalar here: the expression forces it, though lowercase names are column vectors/);
    const w = ok(derive({ expr: "W*x", wrt: ["x"], shapes: ["x: 1 x n"] }));
    expect(w.notes.join("\n")).toMatch(/W is a vector \(m×1\) here/);
  });
  it("notes a column and a row broadcast into a matrix", () => {
    const d = ok(derive({ expr: "W*x + b", wrt: ["x"], shapes: ["W: m x n, x: n, b: 1 x m"] }));
    expect(d.notes.join("\n")).toMatch(/W\*x \(m×1\) and b \(1×m\) broadcast to m×m: a column and a row/);
    const fine = ok(derive({ expr: "W*x + b", wrt: ["x"], shapes: ["W: m x n, x: n, b: m"] }));
    expect(fine.notes).toEqual([]);
  });
  it("notes a default scalar that is transposed or added to a vector", () => {
    const d = ok(derive({ expr: "(x - mu)'*(x - mu)", wrt: ["x"] }));
    expect(d.notes.join("\n")).toMatch(/mu was taken as a scalar by default \(Greek-letter names are scalars\), yet it is added to every entry of x \(m×1\)/);
  });
  it("--order 2 on a non-scalar says which default made it so", () => {
    const r = derive({ expr: "0.5*x'*A*x - b'*x", wrt: ["x"], order: 2 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]!.notes.map((n) => n.message).join("\n")).toMatch(/b was taken as a scalar by default \(names starting a–g are scalars\), yet it is transposed/);
  });
  it("--strict refuses the first undeclared name, exit 2, and accepts a fully declared expression", async () => {
    const r = await run(["derive", "W*x + b", "--wrt", "x", "--strict", "--no-color"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error: W has no declared shape, and --strict refuses default shapes\n {2}W\*x \+ b\n {2}\^/);
    const fine = await run(["derive", "W*x + b", "--wrt", "x", "--strict", "--shape", "W: m x n, x: n, b: m"]);
    expect(fine.code).toBe(0);
  });
});

describe("symmetric matrices", () => {
  it("prints sym(∇) with a header line, and it checks along symmetric directions", () => {
    const d = ok(derive({ expr: "u'*X*v", wrt: ["X"], shapes: ["u: m, X: m x m, v: m"], assume: ["X: symmetric"] }));
    const text = formatDerivationText(d);
    expect(text).toContain("X symmetric: the gradient printed is the symmetric one, sym(∇) = (∇ + ∇ᵀ)/2");
    expect(text).toContain("∂y/∂X = (uvᵀ + vuᵀ) / 2");
    const r = ok(check({ expr: "u'*X*v", wrt: "X", shapes: ["u: m, X: m x m, v: m"], assume: ["X: symmetric"], claim: "(u*v' + v*u')/2" }));
    expect(r.ok).toBe(true);
  });
  it("names the Matrix Cookbook's convention ∇ + ∇ᵀ − ∇ ⊙ I, and does not accept it", async () => {
    const r = await run(["check", "logdet(X)", "--wrt", "X", "--assume", "X: spd", "--claim", "2*inv(X) - I.*inv(X)", "--no-color"]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^✗ this is the Matrix Cookbook's convention for symmetric matrices, ∇ \+ ∇ᵀ − ∇ ⊙ I/);
    const wrong = await run(["check", "logdet(X)", "--wrt", "X", "--assume", "X: spd", "--claim", "3*inv(X) - I.*inv(X)", "--no-color"]);
    expect(wrong.out).not.toMatch(/Cookbook's convention/);
  });
  it("leaves a gradient with respect to an unconstrained X alone", () => {
    const d = ok(derive({ expr: "u'*X*v", wrt: ["X"], shapes: ["u: m, X: m x m, v: m"] }));
    expect(formatDerivationText(d)).not.toContain("sym(∇)");
  });
});

describe("the determinant's gradient at a singular matrix", () => {
  it("is adj(X)ᵀ, and evaluates to the cofactors where X is singular", () => {
    const d = ok(derive({ expr: "det(X)", wrt: ["X"], shapes: ["X: n x n"] }));
    const r = d.derivatives[0]!;
    expect(formatDerivationText(d)).toContain("∂y/∂X = adj(X)ᵀ");
    // X = [[1, 2, 3], [2, 4, 6], [1, 0, 1]] (rank 2), column-major
    const X = M.fromRows([[1, 2, 3], [2, 4, 6], [1, 0, 1]]);
    const g = evaluate(r.result, new Map([[valueKey(r.variable), X]]), new Map([["n", 3]]));
    // cofactor C_ij of X; the gradient is the cofactor matrix C = adj(X)ᵀ
    expect([...g.data].map((v) => Math.round(v) + 0)).toEqual([4, -2, 0, 4, -2, 0, -4, 2, 0]);
  });
});

describe("printing", () => {
  it("writes a fraction with a non-terminating decimal exactly, and 0.5 as it is", () => {
    const d = ok(derive({ expr: "(x'*x)^(1/3)", wrt: ["x"], shapes: ["x: n"] }));
    expect(formatDerivationText(d)).toContain("∂y/∂x = (2/3) (xᵀx)^(−2/3) x");
    const h = ok(derive({ expr: "(x'*x)^(1/2)", wrt: ["x"], shapes: ["x: n"] }));
    expect(formatDerivationText(h)).not.toMatch(/1\/2|0\.333/);
  });
  it("diag(𝟏) is I", () => {
    const d = ok(derive({ expr: "diag(ones)*x", wrt: ["x"], shapes: ["x: n"] }));
    expect(formatDerivationText(d)).toContain("∂y/∂x = I_n");
  });
  it("an input named dx does not hide the differential of x", () => {
    const d = ok(derive({ expr: "dx.*x", wrt: ["x"], shapes: ["dx: n, x: n"], form: "differential" }));
    const text = formatDerivationText(d);
    expect(text).toContain("dy = dx ⊙ d(x)");
    expect(text).toContain("note: dx is an input here, so the differential of x is written d(x)");
  });
});
