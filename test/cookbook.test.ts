/**
 * Identities from The Matrix Cookbook (K. B. Petersen & M. S. Pedersen,
 * version of November 15, 2012), each named by its equation number.
 *
 * The Cookbook writes ∂f/∂X with the shape of X for a scalar f (a column for
 * a vector x): that is matdiff's `mixed` layout of the Jacobian form, which
 * makes X-shaped for a scalar y. Its differential identities
 * (eqs. 34–44) are matdiff's `differential` form.
 *
 * For every identity:
 *   1. matdiff's own derivative is checked numerically (result and raw, two
 *      oracles; see test/helpers/derivative-check.ts) in the Cookbook's
 *      convention and in the grad form;
 *   2. the Cookbook's right-hand side, typed as a claim, is checked
 *      numerically in the same convention — so the book and matdiff are
 *      each compared with finite differences, not with each other;
 *   3. where matdiff prints the Cookbook's formula itself, the printed text
 *      is compared with it, up to the order of the terms of a sum.
 * Dimensions are distinct symbols with distinct random sizes; where an
 * identity needs a tall X (XᵀAX invertible) the sizes are pinned.
 * A claim's `I` takes no size from the expected result (typeAgainst knows
 * only the names' shapes), so the Cookbook's I is written I + 0·X.
 */
import { describe, expect, it } from "vitest";
import { expectClaimRight, expectCorrect, expectWrong } from "./helpers/derivative-check.js";
import { type Identity, identities } from "./helpers/cookbook-identities.js";
import type { Derivation } from "../src/api/derive.js";
import { formatDerivationText } from "../src/print/text.js";

// ───────────────────────────── a canonical comparison of printed formulas

/** The index of the parenthesis closing the one at `open`. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")" && --depth === 0) return i;
  }
  return s.length;
}

/**
 * A printed formula with the terms of every sum (at every parenthesis
 * level) sorted, so `(Bᵀ + B) x` and `(B + Bᵀ) x` compare equal; products
 * keep their order (matrix products do not commute).
 */
function canonical(text: string): string {
  let inner = "";
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") {
      const j = closing(text, i);
      inner += `(${canonical(text.slice(i + 1, j))})`;
      i = j;
    } else inner += text[i];
  }
  const terms: string[] = [];
  let depth = 0, start = 0, sign = "";
  const push = (end: number) => terms.push(sign + inner.slice(start, end).trim());
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (depth === 0 && (inner.startsWith(" + ", i) || inner.startsWith(" − ", i))) {
      push(i);
      sign = ch === " " && inner[i + 1] === "−" ? "−" : "";
      start = i + 3;
      i += 2;
    }
  }
  push(inner.length);
  return terms.sort().join(" + ");
}

/** The printed right-hand side of the first derivative line of the text report. */
function printedResult(d: Derivation): { text: string; named: boolean } {
  const lines = formatDerivationText(d).split("\n");
  const line = lines.find((l) => /^(∂\S+\/∂\S+|d\S*) = /.test(l) && !l.startsWith(`${d.yName} = `))!;
  const text = line.replace(/^\S+(?: \(through \S+\))? = /, "").replace(/\s{4}\(.*\)$/, "");
  return { text, named: lines.includes("where") };
}

describe("canonical()", () => {
  it("sorts the terms of sums at every level and keeps products in order", () => {
    expect(canonical("(Bᵀ + B) x")).toBe(canonical("(B + Bᵀ) x"));
    expect(canonical("A − B + C")).toBe(canonical("C + A − B"));
    expect(canonical("AB")).not.toBe(canonical("BA"));
    expect(canonical("(A − B) x")).not.toBe(canonical("(B − A) x"));
  });
});

// ───────────────────────────── the identities

const name = (k: Identity) => `Cookbook eq. (${k.eq}): ${k.statement}  [${k.expr} wrt ${k.wrt}; ${k.shapes}]`;

describe("The Matrix Cookbook (2012)", () => {
  describe.each(identities)("$eq", (k) => {
    const form = k.form ?? "jacobian";
    it(`${name(k)}: matdiff's derivative checks numerically (${form === "jacobian" ? "jacobian, mixed layout" : form})`, () => {
      expectCorrect(k.expr, k.wrt, k.shapes, form, "mixed", k.opts);
    });
    if (form === "jacobian") {
      // it.fails: a src bug makes the grad form wrong today (see gradBug and operators.test.ts)
      (k.gradBug ? it.fails : it)(`${name(k)}: matdiff's derivative checks numerically (grad form)${k.gradBug ? ` (fails: ${k.gradBug})` : ""}`, () => {
        expectCorrect(k.expr, k.wrt, k.shapes, "grad", "mixed", k.opts);
      });
    }
    it(`${name(k)}: the Cookbook's right-hand side ${k.cookbook} checks numerically`, () => {
      expectClaimRight(k.expr, k.wrt, k.shapes, form, "mixed", k.cookbook, k.opts);
    });
    if (k.printed !== undefined) {
      // it.fails: matdiff does not print the Cookbook's form yet (printedBug says what it prints)
      (k.printedBug ? it.fails : it)(`${name(k)}: matdiff prints ${k.printed}${k.printedBug ? ` (fails: ${k.printedBug})` : ""}`, () => {
        const d = expectCorrect(k.expr, k.wrt, k.shapes, form, "mixed", k.opts);
        const p = printedResult(d);
        expect(p.named).toBe(false);
        expect(canonical(p.text)).toBe(canonical(k.printed!));
      });
    }
  });
});

// ───────────────────────────── the Cookbook's convention is not the numerator layout

describe("layouts against the Cookbook", () => {
  // Cookbook eq. (70): ∂aᵀXb/∂X = abᵀ is X-shaped; the numerator layout prints its transpose baᵀ.
  it("Cookbook eq. (70) in the numerator layout is (abᵀ)ᵀ = baᵀ, and abᵀ is rejected there", () => {
    const shapes = "a: m, X: m x n, b: n";
    expectClaimRight("a'*X*b", "X", shapes, "jacobian", "numerator", "b*a'");
    expectWrong("a'*X*b", "X", shapes, "jacobian", "numerator", "a*b'");
  });
  // Cookbook eq. (101): ∂Tr(XA)/∂X = Aᵀ; A itself is the numerator-layout answer, wrong in the Cookbook's.
  it("Cookbook eq. (101) with a square X: A is wrong in the Cookbook's (mixed) convention", () => {
    expectWrong("tr(X*A)", "X", "X: n x n, A: n x n", "jacobian", "mixed", "A");
    expectClaimRight("tr(X*A)", "X", "X: n x n, A: n x n", "jacobian", "numerator", "A");
  });
  // Cookbook eq. (81): (B + Bᵀ)x; 2Bx is right only for a symmetric B.
  it("Cookbook eq. (81): 2Bx is rejected for a general B, accepted for a symmetric one", () => {
    expectWrong("x'*B*x", "x", "x: n, B: n x n", "jacobian", "mixed", "2*B*x");
    expectClaimRight("x'*B*x", "x", "x: n, B: n x n", "jacobian", "mixed", "2*B*x", { assume: { B: ["symmetric"] } });
  });
  // Cookbook eq. (49) in the grad form: ∂ℓ/∂X = G det(X) X⁻ᵀ for a scalar upstream G.
  it("Cookbook eq. (49) in the grad form is G·det(X)X⁻ᵀ", () => {
    expectClaimRight("det(X)", "X", "X: n x n", "grad", "mixed", "G*det(X)*inv(X)'");
    expectClaimRight("det(X)", "X", "X: n x n", "grad", "mixed", "G*adj(X)'");
    expectWrong("det(X)", "X", "X: n x n", "grad", "mixed", "G*det(X)*inv(X)");
  });
});

// ───────────────────────────── products of diagonal matrices

describe("diag(a) diag(b) = diag(a ⊙ b) (rule diag-times-diag)", () => {
  const CASES: readonly [string, string, string, string][] = [
    ["x.*x.*x", "x", "x: n", "3 diag(x ⊙ x)"],
    ["tanh(x).*tanh(x)", "x", "x: n", "2 diag(t₀ ⊙ (1 − t₀ ⊙ t₀))"],
    ["a.*(W*x)", "x", "a: m, W: m x n, x: n", "diag(a) W"],
    ["r'.*(s'.*x)", "x", "r: 1 x n, s: 1 x n, x: n", "diag(rᵀ ⊙ sᵀ)"],
  ];
  it.each(CASES)("%s wrt %s (%s) prints %s", (expr, wrt, shapes, printed) => {
    const d = expectCorrect(expr, wrt, shapes, "jacobian", "mixed");
    expect(formatDerivationText(d)).toContain(`= ${printed}`);
  });
  it.each(["numerator", "denominator", "mixed"] as const)("entrywise products whose Jacobians multiply diagonals check numerically in %s layout, in every form", (layout) => {
    for (const form of ["jacobian", "grad", "differential"] as const) {
      expectCorrect("sigmoid(u).*tanh(u).*u", "u", "u: n", form, layout);
      expectCorrect("r'.*(s'.*x)", "x", "r: 1 x n, s: 1 x n, x: n", form, layout);
    }
  });
});
