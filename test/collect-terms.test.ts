/**
 * collect-terms finds equal terms of a sum pair by pair when the sum is short, and through string keys when it is
 * long: both must agree on what is equal (a product however associated, a trace however rotated) and on what is
 * not (the same factors in another order).
 */
import { describe, expect, it } from "vitest";
import type { Expr, OpNode } from "../src/expr/node.js";
import { newGraph } from "../src/ops/registry.js";
import { add, matmul, neg, scale, tr } from "../src/ops/make.js";
import { simplify } from "../src/simplify/engine.js";
import { DEFAULT_RULES } from "../src/simplify/catalogue.js";
import { bigNumberParts } from "../src/simplify/rules/util.js";

const sq = (n: number) => ({ rows: { coef: n, syms: [] }, cols: { coef: n, syms: [] } });

/** Whether the simplifier's first move on the sum is collect-terms (false: it never collects; another rule may get there later). */
function collected(build: (v: (name: string) => Expr, num: (x: number) => Expr) => Expr): boolean {
  const g = newGraph();
  const e = build((name) => g.variable(name, sq(3)), (x) => g.num(x));
  const steps = simplify(e, DEFAULT_RULES).steps;
  return steps.length > 0 && steps[0]!.rule === "collect-terms";
}

describe("collect-terms", () => {
  const ABC = (v: (n: string) => Expr) => [v("A"), v("B"), v("C")] as const;
  it("collects a product however it is associated, in a short sum and in a long one", () => {
    expect(collected((v) => { const [A, B, C] = ABC(v); return add([matmul(A, matmul(B, C)), matmul(matmul(A, B), C)]); })).toBe(true);
    expect(collected((v, num) => {
      const [A, B, C] = ABC(v);
      const others = Array.from({ length: 9 }, (_, k) => v(`D${k}`));
      return add([scale(num(2), matmul(A, matmul(B, C))), ...others, neg(matmul(matmul(A, B), C))]);
    })).toBe(true);
  });

  it("collects traces of rotated products, and equal leaves and numbers", () => {
    expect(collected((v) => { const [A, B, C] = ABC(v); return add([tr(matmul(A, matmul(B, C))), tr(matmul(C, matmul(A, B)))]); })).toBe(true);
    expect(collected((v) => add([v("A"), v("B"), neg(v("A"))]))).toBe(true);
  });

  it("leaves apart the same factors in another order, short or long", () => {
    expect(collected((v) => { const [A, B] = ABC(v); return add([matmul(A, B), matmul(B, A)]); })).toBe(false);
    expect(collected((v) => {
      const [A, B] = ABC(v);
      return add([matmul(A, B), ...Array.from({ length: 9 }, (_, k) => v(`D${k}`)), matmul(B, A)]);
    })).toBe(false);
  });

  it("adds coefficients past float64 as c·2ᵏ, and adds to them again (Infinity never appears, and the terms do not stay apart)", () => {
    const g = newGraph();
    const A = g.variable("A", sq(3));
    /** log₂ of the coefficient of c·2ᵏ·A. */
    const log2Coefficient = (e: Expr): number => {
      expect(e.kind === "op" && e.op === "scale" && e.args[1] === A).toBe(true);
      const { c, k } = bigNumberParts((e as OpNode).args[0]!)!;
      return Math.log2(c) + k;
    };
    const twice = simplify(add([scale(g.num(1e308), A), scale(g.num(1e308), A)]), DEFAULT_RULES).result;
    expect(log2Coefficient(twice)).toBeCloseTo(Math.log2(2e154) + Math.log2(1e154), 12);
    const thrice = simplify(add([twice, scale(g.num(1e308), A)]), DEFAULT_RULES).result;
    expect(log2Coefficient(thrice)).toBeCloseTo(Math.log2(3e154) + Math.log2(1e154), 12);
  });
});
