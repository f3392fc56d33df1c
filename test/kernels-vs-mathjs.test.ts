/**
 * The typed-array kernels against mathjs, an independent second evaluator,
 * on random matrices at sizes that exercise pivoting, the four-column panels
 * of the LU (n mod 4 ≠ 0) and the product shortcuts (diagonal and sparse
 * factors).
 */
import { describe, expect, it } from "vitest";
import { create, all } from "mathjs";
import { fromRows, toRows, matmul, relativeError, diagEmbed, kron, eye, isDiagonal, type Mat } from "../src/kernels/mat.js";
import { conditionNumberEstimate, dominanceConditionBound, det, inv, invOrNaN, isWellConditioned, logdet, norm1, solve } from "../src/kernels/linalg.js";
import { newGraph } from "../src/ops/registry.js";
import { applyOperator } from "../src/numeric/evaluate.js";
import { createRng, randomNormal, randomSpd, randomWellConditioned } from "../src/numeric/random.js";

const math = create(all);
const rng = createRng(20240611);
const SIZES = [1, 2, 3, 4, 5, 7, 8, 13, 31, 64];

const fromMath = (m: unknown): Mat => fromRows((m as { toArray(): number[][] }).toArray?.() ?? (m as number[][]));
const mathInv = (a: Mat): Mat => fromMath(math.inv(toRows(a)));

describe("LU-based kernels agree with mathjs", () => {
  it("inv(A) (Cookbook: A·A⁻¹ = I) on random normal matrices", () => {
    for (const n of SIZES) {
      const a = randomNormal(rng, n, n);
      expect(relativeError(inv(a), mathInv(a))).toBeLessThan(1e-9);
      expect(relativeError(matmul(a, inv(a)), eye(n))).toBeLessThan(1e-10);
    }
  });

  it("det(A) = sign(P)·Π u_ii, with the sign of the row permutation", () => {
    for (const n of SIZES) {
      const a = randomNormal(rng, n, n);
      const want = math.det(toRows(a)) as number;
      expect(Math.abs(det(a) - want)).toBeLessThanOrEqual(1e-10 * Math.abs(want));
    }
  });

  it("logdet(A) = log det(A) for SPD A, and NaN when det A < 0", () => {
    for (const n of SIZES) {
      const s = randomSpd(rng, n);
      const want = Math.log(math.det(toRows(s)) as number);
      expect(Math.abs(logdet(s) - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
    }
    const flip = fromRows([[0, 1], [1, 0]]);
    expect(logdet(flip)).toBeNaN();
  });

  it("solve(A, B) = A⁻¹B, one column at a time (mathjs lusolve)", () => {
    for (const n of SIZES) {
      const a = randomNormal(rng, n, n);
      const b = randomNormal(rng, n, 3);
      const got = toRows(solve(a, b));
      for (let j = 0; j < 3; j++) {
        const want = (math.lusolve(toRows(a), toRows(b).map((r) => r[j]!)) as number[][]).map((r) => r[0]!);
        expect(relativeError(fromRows(got.map((r) => [r[j]!])), fromRows(want.map((v) => [v])))).toBeLessThan(1e-9);
      }
    }
  });

  it("singular matrices: inv throws, det is 0", () => {
    const s = fromRows([[1, 2, 3], [2, 4, 6], [1, 0, 1]]);
    expect(() => inv(s)).toThrow(/singular/);
    expect(Math.abs(det(s))).toBe(0);
    expect(isWellConditioned(s)).toBe(false);
  });

  it("inv evaluated without domain checks (a finite-difference point) is NaN at a singular matrix, not an error read as a bug", () => {
    const s = fromRows([[1, 2, 3], [2, 4, 6], [1, 0, 1]]);
    const g = newGraph();
    const n = { coef: 1, syms: ["n"] };
    const node = g.op("inv", [g.variable("X", { rows: n, cols: n })]);
    expect([...invOrNaN(s).data].every(Number.isNaN)).toBe(true);
    expect([...applyOperator(node, [s], new Map([["n", 3]]), false).data].every(Number.isNaN)).toBe(true);
    // With the checks, the singular matrix is outside inv's domain.
    expect(() => applyOperator(node, [s], new Map([["n", 3]]), true)).toThrow(/nearly singular/);
    expect(invOrNaN(fromRows([[2, 1], [1, 1]])).data).toEqual(inv(fromRows([[2, 1], [1, 1]])).data);
  });
});

describe("condition estimate without a full inverse (Hager–Higham)", () => {
  it("is a lower bound on κ₁(A) = ‖A‖₁‖A⁻¹‖₁ and within a factor 3 of it", () => {
    for (const n of [...SIZES, 100]) {
      for (let t = 0; t < 3; t++) {
        const a = randomNormal(rng, n, n);
        const exact = norm1(a) * norm1(mathInv(a));
        const est = conditionNumberEstimate(a);
        expect(est).toBeLessThanOrEqual(exact * (1 + 1e-9));
        expect(est).toBeGreaterThanOrEqual(exact / 3);
      }
    }
  });

  it("the O(n²) bound of a column-dominant matrix is an upper bound on κ₁, and the estimate never exceeds it", () => {
    for (const n of [...SIZES, 100]) {
      for (const positive of [false, true]) {
        const a = randomWellConditioned(rng, n, positive);
        const exact = norm1(a) * norm1(mathInv(a));
        const bound = dominanceConditionBound(a);
        expect(bound).toBeGreaterThanOrEqual(exact * (1 - 1e-9));
        expect(bound).toBeLessThanOrEqual(norm1(a) * (1 + 1e-12)); // margin ≥ 1 in every column
        expect(conditionNumberEstimate(a)).toBeLessThanOrEqual(bound * (1 + 1e-9));
      }
    }
    // Not column-dominant (column 0 has |2| < |3|), or not finite: no bound.
    expect(dominanceConditionBound(fromRows([[2, 0], [3, 5]]))).toBe(Infinity);
    expect(dominanceConditionBound(fromRows([[NaN, 0], [0, 1]]))).toBe(Infinity);
    expect(dominanceConditionBound(fromRows([[4, 1], [1, 3]]))).toBeCloseTo(5 / 2, 12);
  });

  it("is exact for diagonal matrices: max|d| / min|d|", () => {
    const d = diagEmbed(fromRows([[2], [-0.5], [8]]));
    expect(conditionNumberEstimate(d)).toBeCloseTo(16, 12);
  });

  it("grows with near-singularity (A + εI with A singular)", () => {
    const base = [[1, 2, 3], [2, 4, 6], [1, 0, 1]];
    const near = (e: number) => fromRows(base.map((r, i) => r.map((v, j) => v + (i === j ? e : 0))));
    expect(conditionNumberEstimate(near(1e-3))).toBeGreaterThan(1e3);
    expect(conditionNumberEstimate(near(1e-12))).toBeGreaterThan(1e11);
  });

  it("diagonal matrices invert entry by entry whatever their spread: diag(d)⁻¹ = diag(1 ⊘ d)", () => {
    const d = diagEmbed(fromRows([[1], [1e20], [3]]));
    expect(isWellConditioned(d, 1e3)).toBe(true);
    expect(toRows(inv(d))).toEqual([[1, 0, 0], [0, 1e-20, 0], [0, 0, 1 / 3]]);
    expect(isWellConditioned(diagEmbed(fromRows([[1], [0]])))).toBe(false);
  });
});

describe("matmul shortcuts give the dense product", () => {
  const naive = (a: Mat, b: Mat): Mat => fromMath(math.multiply(toRows(a), toRows(b)));
  it("diagonal factor on either side, and structured sparse factors (A ⊗ I, I ⊗ A)", () => {
    const d = diagEmbed(randomNormal(rng, 12, 1));
    const b = randomNormal(rng, 12, 7);
    const c = randomNormal(rng, 5, 12);
    expect(isDiagonal(d)).toBe(true);
    expect(relativeError(matmul(d, b), naive(d, b))).toBeLessThan(1e-15);
    expect(relativeError(matmul(c, d), naive(c, d))).toBeLessThan(1e-15);
    const k1 = kron(randomNormal(rng, 3, 4), eye(5));
    const k2 = kron(eye(4), randomNormal(rng, 5, 3));
    const l = randomNormal(rng, 6, 15);
    expect(relativeError(matmul(l, k1), naive(l, k1))).toBeLessThan(1e-14);
    expect(relativeError(matmul(k1, k2), naive(k1, k2))).toBeLessThan(1e-14);
  });

  it("0·Inf stays NaN: no shortcut is taken when the other factor is not finite", () => {
    const d = diagEmbed(fromRows([[1], [2]]));
    const b = fromRows([[Infinity, 1], [1, 1]]);
    // row 2 of diag(1, 2)·B: 0·Inf + 2·1 = NaN in the dense sum
    expect(toRows(matmul(d, b))[1]![0]).toBeNaN();
    const z = fromRows([[0, 0], [0, 0]]);
    expect(toRows(matmul(fromRows([[NaN, 1], [1, 1]]), z))[0]![0]).toBeNaN();
  });
});
