/**
 * Tests for the dense kernels in src/kernels/ (through mat.ts and linalg.ts):
 * each kernel is compared against a direct definition or a known identity.
 */
import { describe, it, expect, vi } from "vitest";
import {
  add, broadcastTo, commutation, diagEmbed, diagExtract, eye, frobenius, fromRows, full, get,
  hadamard, hdiv, inner, isFiniteMat, isScalar, kron, map, matmul, maxAbs, neg, ones,
  relativeError, reshape, scalar, scalarValue, scale, sub, sum, toRows, trace, transpose, vec,
  zeros, zip, type Mat,
} from "../src/kernels/mat.js";
import {
  conditionNumberEstimate, det, inv, isWellConditioned, logdet, logsumexp, matpow, softmax,
} from "../src/kernels/linalg.js";
import { createRng, randomNormal, randomSpd, randomWellConditioned } from "../src/numeric/random.js";

function naiveMatmul(a: number[][], b: number[][]): number[][] {
  const m = a.length, p = b.length, n = b[0]!.length;
  const c: number[][] = [];
  for (let i = 0; i < m; i++) {
    c.push([]);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += a[i]![k]! * b[k]![j]!;
      c[i]!.push(s);
    }
  }
  return c;
}

function expectClose(a: Mat, b: Mat, tol = 1e-12): void {
  expect([a.rows, a.cols]).toEqual([b.rows, b.cols]);
  expect(relativeError(a, b)).toBeLessThan(tol);
}

describe("result storage", () => {
  it("a fresh module cuts any first result, an empty one included, and zeroed", async () => {
    // The slabs are made at the first cut: a module no one has cut from yet must still give an empty result.
    vi.resetModules();
    const fresh = await import("../src/kernels/dense.js");
    expect(fresh.floats(0).length).toBe(0);
    const three = fresh.floats(3);
    expect([...three]).toEqual([0, 0, 0]);
    three[0] = 7;
    expect(fresh.floats(2)[0]).toBe(0);
  });
});

describe("construction and access", () => {
  it("stores column-major", () => {
    const m = fromRows([[1, 2, 3], [4, 5, 6]]);
    expect(Array.from(m.data)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(get(m, 1, 2)).toBe(6);
    expect(toRows(m)).toEqual([[1, 2, 3], [4, 5, 6]]);
  });
  it("builds constant matrices", () => {
    expect(toRows(zeros(2, 1))).toEqual([[0], [0]]);
    expect(toRows(ones(1, 2))).toEqual([[1, 1]]);
    expect(toRows(full(1, 2, 7))).toEqual([[7, 7]]);
    expect(toRows(eye(2))).toEqual([[1, 0], [0, 1]]);
    expect(isScalar(scalar(3))).toBe(true);
    expect(scalarValue(scalar(3))).toBe(3);
  });
  it("rejects bad input", () => {
    expect(() => fromRows([[1, 2], [3]])).toThrow(/row 1/);
    expect(() => scalarValue(ones(2, 1))).toThrow(/1×1/);
    expect(() => get(ones(2, 2), 2, 0)).toThrow(/out of range/);
    expect(() => add(ones(2, 3), ones(3, 2))).toThrow(/2×3 vs 3×2/);
    expect(() => matmul(ones(2, 3), ones(2, 3))).toThrow(/inner dimensions/);
  });
});

describe("products and structure", () => {
  it("matmul agrees with a naive triple loop on 3×4 · 4×5", () => {
    const rng = createRng(1);
    const a = randomNormal(rng, 3, 4), b = randomNormal(rng, 4, 5);
    const c = matmul(a, b);
    expect([c.rows, c.cols]).toEqual([3, 5]);
    expectClose(c, fromRows(naiveMatmul(toRows(a), toRows(b))), 1e-14);
  });
  it("a row times a matrix agrees with a naive triple loop, with zero runs in B and with a NaN in the row", () => {
    const rng = createRng(2);
    const a = randomNormal(rng, 1, 11), b = randomNormal(rng, 11, 3);
    for (let k = 0; k < 8; k++) b.data[k] = 0; // a run of zeros in column 0
    expectClose(matmul(a, b), fromRows(naiveMatmul(toRows(a), toRows(b))), 1e-14);
    expectClose(matmul(a, vec(transpose(a))), scalar(toRows(a)[0]!.reduce((s, v) => s + v * v, 0)), 1e-14);
    a.data[3] = NaN; // 0·NaN is NaN: zeros of B are not skipped then
    expect(Array.from(matmul(a, b).data).every(Number.isNaN)).toBe(true);
  });
  it("transposes vectors of both orientations", () => {
    const r = fromRows([[1, 2, 3]]);
    expect(toRows(transpose(r))).toEqual([[1], [2], [3]]);
    expect(transpose(transpose(r))).toEqual(r);
  });
  it("transposes non-square matrices", () => {
    const t = transpose(fromRows([[1, 2, 3], [4, 5, 6]]));
    expect(toRows(t)).toEqual([[1, 4], [2, 5], [3, 6]]);
  });
  it("kron matches known values", () => {
    const a = fromRows([[1, 2], [3, 4]]);
    const b = fromRows([[0, 5], [6, 7], [1, 1]]);
    expect(toRows(kron(a, b))).toEqual([
      [0, 5, 0, 10],
      [6, 7, 12, 14],
      [1, 1, 2, 2],
      [0, 15, 0, 20],
      [18, 21, 24, 28],
      [3, 3, 4, 4],
    ]);
  });
  it("vec(AXB) = (Bᵀ ⊗ A) vec(X)", () => {
    const rng = createRng(2);
    const a = randomNormal(rng, 2, 3), x = randomNormal(rng, 3, 4), b = randomNormal(rng, 4, 2);
    expectClose(vec(matmul(matmul(a, x), b)), matmul(kron(transpose(b), a), vec(x)));
  });
  it("reshape inverts vec", () => {
    const a = randomNormal(createRng(3), 3, 5);
    const v = vec(a);
    expect([v.rows, v.cols]).toEqual([15, 1]);
    expect(get(v, 1 + 2 * 3, 0)).toBe(get(a, 1, 2));
    expect(reshape(v, 3, 5)).toEqual(a);
  });
  it("commutation: K·vec(A) = vec(Aᵀ) for A 3×5", () => {
    const a = randomNormal(createRng(4), 3, 5);
    const k = commutation(3, 5);
    expect([k.rows, k.cols]).toEqual([15, 15]);
    expect(matmul(k, vec(a)).data).toEqual(vec(transpose(a)).data);
    // K(m,n)ᵀ = K(n,m) = K(m,n)⁻¹
    expect(transpose(k)).toEqual(commutation(5, 3));
    expect(matmul(commutation(5, 3), k)).toEqual(eye(15));
  });
  it("diag embeds either orientation and extracts a column", () => {
    const d = diagEmbed(fromRows([[1, 2, 3]]));
    expect(d).toEqual(diagEmbed(fromRows([[1], [2], [3]])));
    expect(toRows(diagExtract(d))).toEqual([[1], [2], [3]]);
    expect(() => diagEmbed(ones(2, 2))).toThrow(/vector/);
  });
  it("broadcastTo follows NumPy rules", () => {
    expect(toRows(broadcastTo(scalar(2), 2, 3))).toEqual([[2, 2, 2], [2, 2, 2]]);
    expect(toRows(broadcastTo(fromRows([[1, 2, 3]]), 2, 3))).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(toRows(broadcastTo(fromRows([[1], [2]]), 2, 3))).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect(() => broadcastTo(ones(2, 2), 3, 2)).toThrow(/broadcast/);
  });
});

describe("elementwise and reductions", () => {
  const a = fromRows([[1, -2], [3, 4]]);
  const b = fromRows([[2, 4], [-1, 8]]);
  it("elementwise operations", () => {
    expect(toRows(add(a, b))).toEqual([[3, 2], [2, 12]]);
    expect(toRows(sub(a, b))).toEqual([[-1, -6], [4, -4]]);
    expect(toRows(hadamard(a, b))).toEqual([[2, -8], [-3, 32]]);
    expect(toRows(hdiv(a, b))).toEqual([[0.5, -0.5], [-3, 0.5]]);
    expect(toRows(scale(2, a))).toEqual([[2, -4], [6, 8]]);
    expect(toRows(neg(a))).toEqual([[-1, 2], [-3, -4]]);
    expect(map(a, (x) => x * x)).toEqual(hadamard(a, a));
    expect(zip(a, b, (x, y) => x - y)).toEqual(sub(a, b));
  });
  it("reductions", () => {
    expect(sum(a)).toBe(6);
    expect(trace(a)).toBe(5);
    expect(inner(a, b)).toBe(2 - 8 - 3 + 32);
    expect(maxAbs(a)).toBe(4);
    expect(frobenius(a)).toBeCloseTo(Math.sqrt(30), 14);
    expect(sum(fromRows([[1e16, 1, -1e16]]))).toBe(1);
  });
  it("frobenius survives overflow and underflow of the squares", () => {
    expect(frobenius(fromRows([[3e200, 4e200]]))).toBeCloseTo(5e200, -186);
    expect(frobenius(fromRows([[3e-200, 4e-200]])) / 5e-200).toBeCloseTo(1, 14);
  });
  it("relativeError", () => {
    expect(relativeError(zeros(2, 2), zeros(2, 2))).toBe(0);
    expect(relativeError(a, a)).toBe(0);
    expect(relativeError(fromRows([[3, 4]]), fromRows([[3, 4.5]]))).toBeCloseTo(0.5 / Math.hypot(3, 4.5), 15);
    expect(relativeError(zeros(1, 1), scalar(3e-200))).toBe(1);
    // the denominator is floored at 1e-300
    expect(relativeError(zeros(1, 1), scalar(1e-310)) / 1e-10).toBeCloseTo(1, 10);
    expect(Number.isNaN(relativeError(scalar(NaN), scalar(1)))).toBe(true);
  });
  it("isFiniteMat and NaN propagation", () => {
    expect(isFiniteMat(a)).toBe(true);
    expect(isFiniteMat(fromRows([[1, Infinity]]))).toBe(false);
    expect(isFiniteMat(fromRows([[NaN]]))).toBe(false);
    expect(Number.isNaN(maxAbs(fromRows([[1, NaN, 2]])))).toBe(true);
  });
});

describe("linear algebra", () => {
  it("inv(A)·A ≈ I", () => {
    const a = randomWellConditioned(createRng(5), 6);
    expectClose(matmul(inv(a), a), eye(6), 1e-13);
    expect(() => inv(fromRows([[1, 2], [2, 4]]))).toThrow();
  });
  it("det of a known matrix", () => {
    expect(det(fromRows([[2, -1, 0], [1, 3, 2], [0, 1, 4]]))).toBeCloseTo(24, 12);
    expect(det(fromRows([[1, 2], [3, 4]]))).toBeCloseTo(-2, 14);
  });
  it("logdet agrees with log(det) on SPD matrices and avoids overflow", () => {
    const s = randomSpd(createRng(6), 5);
    expect(logdet(s)).toBeCloseTo(Math.log(det(s)), 10);
    const big = scale(1e10, eye(40)); // det = 1e400 overflows
    expect(Number.isFinite(det(big))).toBe(false);
    expect(logdet(big)).toBeCloseTo(400 * Math.LN10, 9);
  });
  it("logdet is NaN when det ≤ 0, and handles pivoting signs", () => {
    expect(Number.isNaN(logdet(fromRows([[1, 2], [3, 4]])))).toBe(true);
    expect(Number.isNaN(logdet(fromRows([[1, 2], [2, 4]])))).toBe(true);
    // One row swap and one negative pivot: det = 6.
    expect(logdet(fromRows([[0, 2], [-3, 0]]))).toBeCloseTo(Math.log(6), 14);
  });
  it("matpow with positive, zero and negative exponents", () => {
    const a = fromRows([[1, 1], [1, 0]]);
    expect(toRows(matpow(a, 10))).toEqual([[89, 55], [55, 34]]);
    expect(matpow(a, 0)).toEqual(eye(2));
    expect(matpow(a, 1)).toEqual(a);
    expectClose(matmul(matpow(a, -3), matpow(a, 3)), eye(2), 1e-14);
    expectClose(matpow(a, -2), matmul(inv(a), inv(a)), 1e-14);
    expect(() => matpow(a, 0.5)).toThrow(/integer/);
  });
  it("condition number estimate", () => {
    expect(conditionNumberEstimate(eye(3))).toBe(1);
    expect(conditionNumberEstimate(fromRows([[1, 2], [2, 4]]))).toBe(Infinity);
    expect(isWellConditioned(randomWellConditioned(createRng(7), 8))).toBe(true);
    expect(isWellConditioned(fromRows([[1, 1], [1, 1 + 1e-12]]))).toBe(false);
  });
});

describe("softmax and logsumexp", () => {
  it("softmax sums to 1 and is stable for large inputs", () => {
    const p = softmax(fromRows([[1], [2], [3]]));
    expect(sum(p)).toBeCloseTo(1, 15);
    const big = softmax(fromRows([[1000], [1000], [999]]));
    expect(isFiniteMat(big)).toBe(true);
    expect(sum(big)).toBeCloseTo(1, 15);
    expect(get(big, 0, 0)).toBeCloseTo(1 / (2 + Math.exp(-1)), 15);
    expect(() => softmax(ones(1, 3))).toThrow(/column vector/);
  });
  it("logsumexp is stable at both ends", () => {
    expect(logsumexp(fromRows([[1000], [1000]]))).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logsumexp(fromRows([[-1000], [-1000]]))).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(logsumexp(fromRows([[0], [-40]]))).toBe(Math.log1p(Math.exp(-40)));
    expect(logsumexp(fromRows([[-Infinity], [-Infinity]]))).toBe(-Infinity);
  });
});

describe("inverse and determinant from the LU factorisation, at sizes that pivot", () => {
  it.each([5, 8, 50])("A·inv(A) = I and det matches exp(logdet) up to sign for a random %i×%i", async (n) => {
    const { createRng, randomNormal } = await import("../src/numeric/random.js");
    const L = await import("../src/kernels/linalg.js");
    const M = await import("../src/kernels/mat.js");
    const rng = createRng(3 + n);
    const A = randomNormal(rng, n, n);
    expect(M.relativeError(M.matmul(A, L.inv(A)), M.eye(n))).toBeLessThan(1e-10);
    expect(M.relativeError(M.matmul(L.inv(A), A), M.eye(n))).toBeLessThan(1e-10);
    const spd = M.add(M.matmul(A, M.transpose(A)), M.eye(n));
    expect(Math.log(L.det(spd))).toBeCloseTo(L.logdet(spd), 8);
  });
});

describe("result storage", () => {
  it("cuts small results from shared slabs, zeroed and apart; large ones get a buffer of their own", async () => {
    const { floats } = await import("../src/kernels/dense.js");
    const a = floats(20);
    const b = floats(20);
    expect([...a]).toEqual(new Array(20).fill(0));
    a.fill(7);
    expect([...b]).toEqual(new Array(20).fill(0));
    expect(a.length).toBe(20);
    // 10,000 small results in a row cross slab boundaries without overlapping
    const many = Array.from({ length: 10_000 }, (_, k) => floats(9).fill(k));
    expect(many.every((m, k) => m.every((v) => v === k))).toBe(true);
    const big = floats(2000);
    expect(big.byteOffset).toBe(0);
    expect(big.buffer.byteLength).toBe(16000);
  });

  it("copies a lasting value into slabs apart from the short-lived results", async () => {
    const { floats, lasting } = await import("../src/kernels/dense.js");
    const short = floats(30).fill(3);
    const kept = lasting(short);
    expect([...kept]).toEqual(new Array(30).fill(3));
    expect(kept.buffer).not.toBe(short.buffer);
    short.fill(5);
    expect(kept.every((v) => v === 3)).toBe(true);
    expect(floats(30).buffer).not.toBe(kept.buffer);
    const large = lasting(new Float64Array(2000).fill(1));
    expect(large.buffer.byteLength).toBe(16000);
  });
});

describe("softmax and logsumexp along an axis", () => {
  it("equal, bit for bit, the slice-by-slice definitions (shifted by the first largest value; NaN wins)", async () => {
    const { softmaxSlices, logSumExpSlices } = await import("../src/ops/axis-kernels.js");
    const rng = createRng(7);
    const lse = (v: number[]): number => {
      let k = 0;
      for (let i = 0; i < v.length && !Number.isNaN(v[k]!); i++) if (Number.isNaN(v[i]!) || v[i]! > v[k]!) k = i;
      const top = v[k]!;
      return top + Math.log(v.map((x) => Math.exp(x - top)).reduce((s, x) => s + x, 0));
    };
    for (const [r, c] of [[3, 5], [1, 4], [6, 1], [4, 4]] as const) {
      const m = randomNormal(rng, r, c);
      m.data[0] = 800; // would overflow exp without the shift
      if (r * c > 5) m.data[5] = NaN;
      for (const axis of [1, 2] as const) {
        const slices = axis === 1 ? Array.from({ length: c }, (_, j) => Array.from({ length: r }, (_, i) => m.data[i + j * r]!))
          : Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => m.data[i + j * r]!));
        expect([...logSumExpSlices(m, axis).data]).toEqual(slices.map(lse));
        const soft = softmaxSlices(m, axis);
        slices.forEach((v, k) => v.forEach((x, t) => {
          const at = axis === 1 ? t + k * r : k + t * r;
          expect(soft.data[at]).toEqual(Math.exp(x - lse(v)));
        }));
      }
    }
  });
});

describe("the smallest gap between a slice's two largest or two smallest values (the kink test of max and min)", () => {
  it("equals the gap read off each slice sorted, for every axis, with ties, single-entry slices and NaN", async () => {
    const { smallestGap } = await import("../src/ops/axis-kernels.js");
    const rng = createRng(11);
    const sortedGap = (slices: number[][]): number => {
      let gap = Infinity;
      for (const s of slices) {
        if (s.length < 2) continue;
        if (s.some(Number.isNaN)) return NaN;
        const v = [...s].sort((a, b) => b - a);
        gap = Math.min(gap, v[0]! - v[1]!, v[v.length - 2]! - v[v.length - 1]!);
      }
      return gap;
    };
    for (const [r, c] of [[3, 5], [1, 4], [6, 1], [4, 4], [1, 1], [7, 3]] as const) {
      for (const variant of ["random", "tie at the top", "tie at the bottom", "rounded", "NaN"] as const) {
        const m = randomNormal(rng, r, c);
        if (variant === "tie at the top") m.data[r * c - 1] = Math.max(...m.data);
        if (variant === "tie at the bottom") m.data[0] = Math.min(...m.data);
        if (variant === "rounded") for (let i = 0; i < m.data.length; i++) m.data[i] = Math.round(m.data[i]!);
        if (variant === "NaN") m.data[Math.floor((r * c) / 2)] = NaN;
        const column = (j: number) => Array.from({ length: r }, (_, i) => m.data[i + j * r]!);
        const row = (i: number) => Array.from({ length: c }, (_, j) => m.data[i + j * r]!);
        expect(smallestGap(m, 1)).toEqual(sortedGap(Array.from({ length: c }, (_, j) => column(j))));
        expect(smallestGap(m, 2)).toEqual(sortedGap(Array.from({ length: r }, (_, i) => row(i))));
        expect(smallestGap(m, undefined)).toEqual(sortedGap([[...m.data]]));
      }
    }
  });
});
