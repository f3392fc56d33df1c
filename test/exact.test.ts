/** Exact exponent arithmetic (src/expr/exact.ts): the float64 result when it is the exact one, null otherwise. */
import { describe, expect, it } from "vitest";
import { exactProduct, exactSum } from "../src/expr/exact.js";

describe("exactSum", () => {
  it("adds what float64 holds exactly", () => {
    expect(exactSum(2, 3)).toBe(5);
    expect(exactSum(0.5, 0.25)).toBe(0.75);
    expect(exactSum(2 ** 60, 2 ** 60)).toBe(2 ** 61);
    expect(exactSum(1e17, -1e17)).toBe(0);
  });
  it("refuses a rounded or overflowing sum", () => {
    expect(exactSum(1e17, 1)).toBeNull();
    expect(exactSum(1e17, -1)).toBeNull();
    expect(exactSum(0.1, 0.2)).toBeNull();
    expect(exactSum(1e308, 1e308)).toBeNull();
  });
});

describe("exactProduct", () => {
  it("multiplies integers exactly, however large, and normal non-integers", () => {
    expect(exactProduct(2 ** 512, 2 ** 511)).toBe(2 ** 1023);
    expect(exactProduct(1e17, 3)).toBe(3e17);
    expect(exactProduct(0.5, 0.5)).toBe(0.25);
    expect(exactProduct(7, 0)).toBe(0);
  });
  it("refuses a rounded, overflowing or underflowing product", () => {
    expect(exactProduct(2 ** 53 + 2, 3)).toBeNull();
    expect(exactProduct(2 ** 1023, 2)).toBeNull();
    expect(exactProduct(1e-200, 1e-200)).toBeNull();
  });
});
