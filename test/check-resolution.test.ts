/**
 * A check never passes a claim it cannot tell from 0. Where y moves too little for its finite differences to
 * resolve its derivative (σ(σ(…)) 20 deep: each σ′ ≤ 1/4, so the derivative is below 1e-12 of y), a claim of 0 and
 * the differences agree inside the floor that judges them, as any small claim would: such an instance is untrusted,
 * and a check that finds no other is inconclusive, in every form and order, for a claim and for matdiff's own
 * answer. A derivative that is 0 on the instance (a flat region of max(X, 100)) still passes, and a resolvable one
 * (σ nested 8 deep) still tells a claim of 0 from the truth.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/api/check.js";
import { deriveProgram } from "../src/api/derive.js";
import { checkDerivation } from "../src/api/check-derivation.js";
import { DiagnosticError } from "../src/diagnostics/diagnostic.js";

const nest = (depth: number, f: string, x: string): string => Array.from({ length: depth }).reduce<string>((e) => `${f}(${e})`, x);
const deep = nest(20, "sigmoid", "x");

/** The claim's verdict: holds, wrong, or the message of a check that cannot decide. */
function verdict(expr: string, claim: string, options: { form?: "jacobian" | "grad" | "differential"; order?: 1 | 2 } = {}): string {
  const r = check({ expr, wrt: "x", claim, ...options });
  if (!r.ok) return r.diagnostics[0]!.message;
  return r.value.ok ? "holds" : "wrong";
}

describe("a claim too small to tell from 0", () => {
  it("is not called right: the check of a claim of 0 on σ(σ(…)) 20 deep cannot decide, in every form and order", () => {
    const cases: [string, Parameters<typeof verdict>[2]][] = [
      [deep, { form: "jacobian" }],
      [deep, { form: "differential" }],
      [`sum(${deep})`, { form: "grad" }],
      [`sum(${deep})`, { order: 2 }],
      [`sum(${deep})`, { order: 2, form: "differential" }],
    ];
    for (const [expr, options] of cases) expect(verdict(expr, "0", options), JSON.stringify(options)).toMatch(/cannot decide.*too little here for its finite differences to resolve/);
  });

  it("and matdiff's own derivative of it is not called checked either", () => {
    for (const order of [1, 2] as const) {
      const d = deriveProgram(`sum(${deep})`, { wrt: ["x"], order });
      expect(() => checkDerivation(d), `order ${order}`).toThrow(DiagnosticError);
    }
  });
});

describe("claims the check can still tell", () => {
  it("a derivative that is 0 where it is sampled passes, a claim of 0 included (relu(X − 100) is flat at normal values)", () => {
    expect(verdict("sum(relu(x - 100))", "0", { form: "grad" })).toBe("holds");
    for (const order of [1, 2] as const) expect(checkDerivation(deriveProgram("sum(relu(X - 100))", { wrt: ["X"], order })).every((r) => r.ok)).toBe(true);
  });

  it("σ nested 8 deep: a claim of 0 is wrong, and the derivative checks; so do its Hessian 4 deep and a claim of 0 for it", () => {
    const eight = nest(8, "sigmoid", "x");
    expect(verdict(eight, "0")).toBe("wrong");
    expect(checkDerivation(deriveProgram(eight, { wrt: ["x"] })).every((r) => r.ok)).toBe(true);
    // Second differences resolve less (their roundoff grows as 1/h²): the Hessian through 8 levels is already below it.
    const four = `sum(${nest(4, "sigmoid", "x")})`;
    expect(verdict(four, "0", { order: 2 })).toBe("wrong");
    expect(checkDerivation(deriveProgram(four, { wrt: ["x"], order: 2 })).every((r) => r.ok)).toBe(true);
  });
});
