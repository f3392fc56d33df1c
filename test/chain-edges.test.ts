/**
 * firstFactor and lastFactor find a product chain's edge factors without listing the chain, and remember the edge
 * for every link they walk: whatever order the links are asked in (the root first, or an inner link first, whose
 * remembered edge the root's walk then stops at), they must name the first and last factors productFactors lists.
 */
import { describe, expect, it } from "vitest";
import type { Expr } from "../src/expr/node.js";
import { newGraph } from "../src/ops/registry.js";
import { matmul, scale, transpose } from "../src/ops/make.js";
import { firstFactor, lastFactor, productFactors } from "../src/simplify/rules/util.js";
import { topoOrder } from "../src/expr/traverse.js";

const square = { rows: { coef: 3, syms: [] }, cols: { coef: 3, syms: [] } };
const column = { rows: { coef: 3, syms: [] }, cols: { coef: 1, syms: [] } };

/** A seeded random product of matrices, with scalings s·M (s a number, a scalar variable or xᵀy) here and there. */
function randomChain(seed: number): Expr {
  let state = seed;
  const random = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const g = newGraph();
  const matrices = Array.from({ length: 5 }, (_, k) => g.variable(`A${k}`, square));
  const scalar = (): Expr => {
    const r = random();
    if (r < 0.3) return g.num(2 + Math.floor(random() * 5));
    if (r < 0.6) return g.variable(`s${Math.floor(random() * 3)}`, { rows: { coef: 1, syms: [] }, cols: { coef: 1, syms: [] } });
    return matmul(transpose(g.variable("x", column)), g.variable("y", column));
  };
  const build = (size: number): Expr => {
    if (size <= 1) return matrices[Math.floor(random() * matrices.length)]!;
    const left = 1 + Math.floor(random() * (size - 1));
    const product = matmul(build(left), build(size - left));
    return random() < 0.25 ? scale(scalar(), product) : product;
  };
  return build(2 + Math.floor(random() * 12));
}

describe("firstFactor and lastFactor", () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`name productFactors' first and last factor of every link of random chain ${seed}, asked in any order`, () => {
      const root = randomChain(seed);
      const links = topoOrder([root]);
      // Odd seeds ask the root first (its walk remembers every link), even ones the inner links first (the root's walk stops at them).
      const asked = seed % 2 ? [...links].reverse() : links;
      for (const e of asked) {
        const factors = productFactors(e);
        expect(firstFactor(e)).toBe(factors[0]);
        expect(lastFactor(e)).toBe(factors[factors.length - 1]);
        // Asked again: the remembered answer.
        expect(firstFactor(e)).toBe(factors[0]);
        expect(lastFactor(e)).toBe(factors[factors.length - 1]);
      }
    });
  }
});
