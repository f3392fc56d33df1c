/**
 * Tests for src/numeric/random.ts: reproducibility, ranges, and the
 * structural guarantee of each matrix sampler.
 */
import { describe, it, expect } from "vitest";
import {
  createRng, distinctSizes, randomNormal, randomOrthogonal, randomPositive, randomSpd,
  randomSymmetric, randomWellConditioned,
} from "../src/numeric/random.js";
import { eye, get, inner, matmul, relativeError, transpose, type Mat } from "../src/kernels/mat.js";
import { conditionNumberEstimate } from "../src/kernels/linalg.js";

/** Cholesky A = L·Lᵀ; returns false when a pivot is not positive. */
function choleskySucceeds(a: Mat): boolean {
  const n = a.rows;
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = get(a, j, j);
    for (let k = 0; k < j; k++) d -= l[j + k * n]! ** 2;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    l[j + j * n] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = get(a, i, j);
      for (let k = 0; k < j; k++) s -= l[i + k * n]! * l[j + k * n]!;
      l[i + j * n] = s / ljj;
    }
  }
  return true;
}

describe("createRng", () => {
  it("is reproducible for the same seed", () => {
    const a = createRng(42), b = createRng(42);
    for (let i = 0; i < 100; i++) {
      expect(a.next()).toBe(b.next());
      expect(a.normal()).toBe(b.normal());
      expect(a.int(-3, 9)).toBe(b.int(-3, 9));
    }
    expect(randomNormal(createRng(7), 3, 3)).toEqual(randomNormal(createRng(7), 3, 3));
  });
  it("fillNormal gives the values normal() would, in order, whatever the spare in between", () => {
    const a = createRng(11), b = createRng(11);
    for (const length of [0, 1, 4, 7, 10]) {
      const filled = new Float64Array(length);
      a.fillNormal(filled);
      expect([...filled]).toEqual(Array.from({ length }, () => b.normal()));
      expect(a.normal()).toBe(b.normal());
    }
  });
  it("fillSigned draws uniform values on [−1, 1), reproducibly, and moves the stream on", () => {
    const n = 20000;
    const a = new Float64Array(n), b = new Float64Array(n);
    const ra = createRng(5), rb = createRng(5);
    ra.fillSigned(a);
    rb.fillSigned(b);
    expect(a).toEqual(b);
    expect(a.every((x) => x >= -1 && x < 1)).toBe(true);
    const mean = a.reduce((s, x) => s + x, 0) / n, meanSquare = a.reduce((s, x) => s + x * x, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.02); // sd of the mean: √(1/3 / n) ≈ 0.004
    expect(Math.abs(meanSquare - 1 / 3)).toBeLessThan(0.02);
    expect(ra.next()).not.toBe(createRng(5).next());
  });
  it("differs between seeds, including nearby ones", () => {
    expect(createRng(1).next()).not.toBe(createRng(2).next());
    expect(createRng(0).next()).not.toBe(createRng(2 ** 32).next());
  });
  it("next() is in [0, 1) with mean ≈ 1/2", () => {
    const rng = createRng(3);
    let s = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      s += x;
    }
    expect(Math.abs(s / n - 0.5)).toBeLessThan(0.01);
  });
  it("normal() has mean ≈ 0 and variance ≈ 1", () => {
    const rng = createRng(4);
    let s = 0, s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
  });
  it("int() covers the inclusive range", () => {
    const rng = createRng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const k = rng.int(2, 5);
      expect(k >= 2 && k <= 5 && Number.isInteger(k)).toBe(true);
      seen.add(k);
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
    expect(() => rng.int(3, 2)).toThrow();
  });
});

describe("distinctSizes", () => {
  it("returns distinct values in [lo, hi]", () => {
    const rng = createRng(6);
    for (let t = 0; t < 50; t++) {
      const s = distinctSizes(rng, 3);
      expect(new Set(s).size).toBe(3);
      for (const x of s) expect(x >= 2 && x <= 6).toBe(true);
    }
    expect([...distinctSizes(rng, 5)].sort()).toEqual([2, 3, 4, 5, 6]);
  });
  it("extends the range upward when count exceeds it", () => {
    const s = distinctSizes(createRng(7), 7, 2, 4);
    expect([...s].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(distinctSizes(createRng(7), 0)).toEqual([]);
  });
  it("is reproducible", () => {
    expect(distinctSizes(createRng(8), 4, 1, 10)).toEqual(distinctSizes(createRng(8), 4, 1, 10));
  });
});

describe("matrix samplers", () => {
  const rng = createRng(9);
  it("randomPositive lies in [0.5, 2]", () => {
    const m = randomPositive(rng, 20, 20);
    for (const x of m.data) expect(x >= 0.5 && x <= 2).toBe(true);
  });
  it("randomSymmetric is symmetric", () => {
    const s = randomSymmetric(rng, 5);
    expect(transpose(s)).toEqual(s);
  });
  it("randomSpd is symmetric positive definite", () => {
    for (const n of [1, 2, 5, 10]) {
      const a = randomSpd(rng, n);
      expect(transpose(a)).toEqual(a);
      expect(choleskySucceeds(a)).toBe(true);
      for (let t = 0; t < 10; t++) {
        const x = randomNormal(rng, n, 1);
        // xᵀAx ≥ n‖x‖² by construction
        expect(inner(x, matmul(a, x))).toBeGreaterThanOrEqual(n * inner(x, x) * (1 - 1e-12));
      }
    }
  });
  it("randomSpd above order 64 (diagonally dominant, n² steps) is symmetric positive definite and well conditioned", () => {
    for (const n of [65, 150]) {
      const a = randomSpd(rng, n);
      expect(transpose(a)).toEqual(a);
      expect(choleskySucceeds(a)).toBe(true);
      expect(conditionNumberEstimate(a)).toBeLessThan(10);
    }
  });
  it("randomOrthogonal above order 64 (32 reflections, n² steps each) has QᵀQ ≈ I, and Q ≠ Qᵀ", () => {
    for (const n of [65, 150]) {
      const q = randomOrthogonal(rng, n);
      expect(relativeError(matmul(transpose(q), q), eye(n))).toBeLessThan(1e-13);
      expect(relativeError(matmul(q, transpose(q)), eye(n))).toBeLessThan(1e-13);
      expect(relativeError(q, transpose(q))).toBeGreaterThan(0.1);
    }
  });
  it("randomOrthogonal has QᵀQ ≈ I and QQᵀ ≈ I", () => {
    for (const n of [1, 3, 8, 30]) {
      const q = randomOrthogonal(rng, n);
      expect(relativeError(matmul(transpose(q), q), eye(n))).toBeLessThan(1e-14);
      expect(relativeError(matmul(q, transpose(q)), eye(n))).toBeLessThan(1e-14);
    }
  });
  it("randomWellConditioned is safely invertible, with both determinant signs", () => {
    for (const n of [1, 2, 3, 6, 20]) {
      expect(conditionNumberEstimate(randomWellConditioned(rng, n))).toBeLessThan(1e3);
    }
    const signs = new Set<boolean>();
    for (let t = 0; t < 20; t++) signs.add(get(randomWellConditioned(rng, 1), 0, 0) > 0);
    expect(signs.size).toBe(2);
  });
  it("randomWellConditioned with a positive determinant: diagonally dominant with a positive diagonal", () => {
    for (const n of [1, 2, 5, 30, 100]) {
      const a = randomWellConditioned(rng, n, true);
      expect(conditionNumberEstimate(a)).toBeLessThan(1e3);
      for (let i = 0; i < n; i++) {
        let off = 0;
        for (let j = 0; j < n; j++) if (j !== i) off += Math.abs(get(a, i, j));
        expect(get(a, i, i) - off).toBeGreaterThanOrEqual(1 - 1e-9);
      }
    }
  });
});
