/**
 * Answers as short as a textbook's (issue 11): for every Matrix Cookbook
 * identity in test/helpers/cookbook-identities.ts, matdiff's printed result
 * is numerically right AND no longer than the Cookbook's right-hand side.
 *
 * Length: the number of characters of the text rendering, spaces and
 * brackets removed (brackets only group), with every named subexpression inlined (so naming t₀ = … cannot hide
 * length). Both sides are rendered by the same printer — the Cookbook's
 * right-hand side is typed as a claim and printed like a result — so the
 * comparison is of formulas, not of notations (X⁻ᵀ and inv(X)' count the same).
 *
 * The identities where matdiff is longer are listed in LONGER with the
 * reason; the test fails when one of them becomes short (remove it from the
 * list) or when any other identity is longer than the book. At least 95% of
 * the identities must be short.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatNumpy } from "../src/print/numpy.js";
import { derive } from "../src/api/derive.js";
import { Renderer } from "../src/print/render.js";
import { claimExpr, expectCorrect } from "./helpers/derivative-check.js";
import { type Identity, identities } from "./helpers/cookbook-identities.js";

/** Identities where matdiff prints more than the Cookbook, by `eq: statement`, each with why. */
const LONGER: ReadonlyMap<string, string> = new Map([
  // the adjugate form (defined at a singular X, and so is its code) against the book's X⁻ᵀ, which needs X invertible
  ["51: ∂det(AXB)/∂X = det(AXB)(X⁻¹)ᵀ", "det(AB) adj(X)ᵀ: det(AXB) is split into det(A) det(X) det(B) before differentiating; adj(X)ᵀ is one symbol longer than det(X) X⁻ᵀ"],
  ["58: ∂det(Xᵏ)/∂X = k det(Xᵏ)X⁻ᵀ, k = 3", "3 det(X)² adj(X)ᵀ: the adjugate keeps the result and its code defined at a singular X, two symbols longer than det(X³) X⁻ᵀ"],
  // a transpose is pulled out of a product or sum only where that prints shorter with its brackets counted
  ["63: ∂Tr(AX⁻¹B)/∂X = −(X⁻¹BAX⁻¹)ᵀ", "−X⁻ᵀAᵀBᵀX⁻ᵀ: eleven symbols against the book's twelve with brackets, one more without"],
]);

const key = (k: Identity) => `${k.eq}: ${k.statement}`;
/** Symbols of a formula: characters without spaces and brackets (which only group), so (B + Bᵀ)X and BX + BᵀX compare by their content. */
const length = (s: string): number => [...s.replace(/[\s()]+/g, "")].length;

function lengths(k: Identity): { printed: string; book: string } {
  const form = k.form ?? "jacobian";
  const assume = Object.entries(k.opts?.assume ?? {}).map(([n, f]) => `${n}: ${f.join(", ")}`);
  const r = derive({ expr: k.expr, wrt: [k.wrt], shapes: [k.shapes], form, layout: "mixed", assume });
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  const d = r.value;
  const text = new Renderer("text");
  return { printed: text.render(d.derivatives[0]!.result), book: text.render(claimExpr(d, k.wrt, k.cookbook)) };
}

describe("printed results are no longer than the Matrix Cookbook's", () => {
  it("has at least 40 identities", () => expect(identities.length).toBeGreaterThanOrEqual(40));

  const short = identities.filter((k) => !LONGER.has(key(k)));
  it.each(short.map((k) => [key(k), k] as const))("eq. %s", (_n, k) => {
    expectCorrect(k.expr, k.wrt, k.shapes, k.form ?? "jacobian", "mixed", k.opts);
    const { printed, book } = lengths(k);
    expect(length(printed), `matdiff: ${printed}\nCookbook: ${book}`).toBeLessThanOrEqual(length(book));
  });

  it.each([...LONGER].map(([k, why]) => [k, why] as const))("eq. %s is longer today: %s", (name) => {
    const k = identities.find((x) => key(x) === name);
    expect(k, `${name} is not an identity of the corpus`).toBeDefined();
    const { printed, book } = lengths(k!);
    expect(length(printed), `now short: remove it from LONGER\nmatdiff: ${printed}\nCookbook: ${book}`).toBeGreaterThan(length(book));
  });

  // Measured: 72 of 75 (96%).
  it("at least 95% of the identities are as short as the book", () => {
    expect(short.length / identities.length).toBeGreaterThanOrEqual(0.95);
  });
});

// Shorter text never costs the code its domain: the determinant's gradient stays adj(X)ᵀ (not det(X) X⁻ᵀ),
// so its NumPy runs where X is singular and returns the cofactor matrix.
describe("the determinant's gradient in code", () => {
  it("runs in NumPy at a singular X", () => {
    const r = derive({ expr: "det(X)", wrt: ["X"], shapes: ["X: n x n"] });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    const dir = mkdtempSync(join(tmpdir(), "matdiff-adj-"));
    try {
      const file = join(dir, "grad.py");
      // X has rank 2 (its second row is twice its first); its cofactors C_ij, row by row
      writeFileSync(file, `${formatNumpy(r.value)}
X = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]])
print(" ".join(str(int(round(v)) + 0) for v in derivative(X=X).ravel()))
`);
      const run = spawnSync("python3", [file], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.stdout.trim()).toBe(cofactorsRowByRow());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The cofactor matrix of [[1, 2, 3], [2, 4, 6], [1, 0, 1]], row by row: C_ij = (−1)^(i+j) M_ij. */
function cofactorsRowByRow(): string {
  const X = [[1, 2, 3], [2, 4, 6], [1, 0, 1]];
  const minor = (i: number, j: number) => {
    const m = X.filter((_, r) => r !== i).map((row) => row.filter((_, c) => c !== j));
    return m[0]![0]! * m[1]![1]! - m[0]![1]! * m[1]![0]!;
  };
  return [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => (-1) ** (i + j) * minor(i, j) + 0)).join(" ");
}
