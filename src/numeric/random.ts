/**
 * Reproducible randomness for numeric checks.
 *
 * Contract:
 * - createRng(seed) is deterministic: the same seed gives the same stream on
 *   every platform. The generator is SFC32 (small fast counting generator)
 *   whose state is initialised from the seed by the SplitMix32 finaliser.
 * - next() is uniform on [0, 1) with 53 random bits; normal() is standard
 *   normal via Box–Muller; int(lo, hi) is uniform on the integers lo..hi
 *   inclusive.
 * - The samplers return Mats (see ./mat.js) with the stated guarantees:
 *   randomSpd has all eigenvalues ≥ n, randomOrthogonal has QᵀQ = I to
 *   rounding, randomWellConditioned is strictly diagonally dominant by a
 *   margin of at least 1 in every row (so ‖A⁻¹‖_∞ ≤ 1).
 */
import type { Mat } from "../kernels/mat.js";

export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
}

/** SplitMix32-style finaliser: a bijective avalanche of a 32-bit word. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`createRng: seed must be finite, got ${seed}`);
  const s = Math.trunc(seed);
  const lo = s >>> 0;
  const hi = Math.floor(s / 4294967296) >>> 0;
  // SFC32 state: three mixing words a, b, c and a counter.
  let a = mix32(lo);
  let b = mix32(a ^ hi);
  let c = mix32(b ^ 0x5bd1e995);
  let counter = 1;

  const next32 = (): number => {
    const t = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs so that nearby seeds decorrelate.
  for (let i = 0; i < 12; i++) next32();

  // 27 + 26 bits → a multiple of 2⁻⁵³ in [0, 1).
  const next = (): number => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;

  // Box–Muller produces pairs; the second value is kept for the next call.
  let spare = 0;
  let hasSpare = false;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    const u1 = 1 - next(); // in (0, 1], so log(u1) is finite
    const u2 = next();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    spare = r * Math.sin(theta);
    hasSpare = true;
    return r * Math.cos(theta);
  };

  const int = (lo: number, hi: number): number => {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
      throw new Error(`Rng.int: need integers lo ≤ hi, got ${lo}, ${hi}`);
    }
    return lo + Math.floor(next() * (hi - lo + 1));
  };

  return { next, normal, int };
}

function checkDims(op: string, r: number, c: number): void {
  if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0) {
    throw new Error(`${op}: dimensions must be non-negative integers, got ${r}×${c}`);
  }
}

/** Entries i.i.d. N(0, 1). */
export function randomNormal(rng: Rng, r: number, c: number): Mat {
  checkDims("randomNormal", r, c);
  const d = new Float64Array(r * c);
  fillNormal(d, rng);
  return { rows: r, cols: c, data: d };
}

function fillNormal(d: Float64Array, rng: Rng): void {
  for (let t = 0; t < d.length; t++) d[t] = rng.normal();
}

/** Entries i.i.d. uniform on [0.5, 2): safe for log, sqrt and division. */
export function randomPositive(rng: Rng, r: number, c: number): Mat {
  checkDims("randomPositive", r, c);
  const d = new Float64Array(r * c);
  for (let t = 0; t < d.length; t++) d[t] = 0.5 + 1.5 * rng.next();
  return { rows: r, cols: c, data: d };
}

/** S = Sᵀ with the upper triangle (diagonal included) i.i.d. N(0, 1). */
export function randomSymmetric(rng: Rng, n: number): Mat {
  checkDims("randomSymmetric", n, n);
  const d = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i <= j; i++) {
      const x = rng.normal();
      d[i + j * n] = x;
      d[j + i * n] = x;
    }
  }
  return { rows: n, cols: n, data: d };
}

/**
 * A = Z·Zᵀ + n·I with Z n×n normal. xᵀAx = ‖Zᵀx‖² + n‖x‖² ≥ n‖x‖², so every
 * eigenvalue is ≥ n; the largest is about 5n, hence κ₂ is about 5.
 */
export function randomSpd(rng: Rng, n: number): Mat {
  checkDims("randomSpd", n, n);
  const z = randomNormal(rng, n, n).data;
  const d = new Float64Array(n * n);
  fillGramPlusShift(d, z, n);
  return { rows: n, cols: n, data: d };
}

// The loops of the samplers are leaf functions with nothing after them (see kernels/elementwise.ts):
// code after a loop optimised mid-run would lack type feedback and undo the optimisation.

/** d = Z·Zᵀ + n·I: (Z·Zᵀ)[i, j] = Σ_k z_ik z_jk, filled for i ≤ j and mirrored. */
function fillGramPlusShift(d: Float64Array, z: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    for (let i = 0; i <= j; i++) {
      let s = rowDot(z, i, j, n);
      if (i === j) s += n;
      d[i + j * n] = s;
      d[j + i * n] = s;
    }
  }
}

/** Σ_k z_ik z_jk for column-major n×n z, summed in order of k (a small function, optimised early). */
function rowDot(z: Float64Array, i: number, j: number, n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += z[i + k * n]! * z[j + k * n]!;
  return s;
}

/**
 * Q with QᵀQ = I: modified Gram–Schmidt on the columns of a normal matrix,
 * each column orthogonalised twice ("twice is enough") for full accuracy.
 */
export function randomOrthogonal(rng: Rng, n: number): Mat {
  checkDims("randomOrthogonal", n, n);
  const q = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const off = j * n;
    for (;;) {
      for (let i = 0; i < n; i++) q[off + i] = rng.normal();
      const before = columnNorm(q, off, n);
      for (let pass = 0; pass < 2; pass++) {
        for (let k = 0; k < j; k++) {
          // v ← v − (q_kᵀ v) q_k
          const kOff = k * n;
          let dot = 0;
          for (let i = 0; i < n; i++) dot += q[kOff + i]! * q[off + i]!;
          for (let i = 0; i < n; i++) q[off + i] -= dot * q[kOff + i]!;
        }
      }
      const after = columnNorm(q, off, n);
      // A column nearly inside span(q_0..q_{j−1}) is redrawn (probability ~0).
      if (after > 1e-8 * before) {
        for (let i = 0; i < n; i++) q[off + i] /= after;
        break;
      }
    }
  }
  return { rows: n, cols: n, data: q };
}

function columnNorm(d: Float64Array, off: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += d[off + i]! * d[off + i]!;
  return Math.sqrt(s);
}

/**
 * Z normal with each diagonal entry pushed away from 0 along its own sign:
 * a_ii = z_ii + sign(z_ii)·(Σ_{j≠i} |z_ij| + 1), so |a_ii| − Σ_{j≠i} |a_ij| ≥ 1
 * in every row. By Varah's bound ‖A⁻¹‖_∞ ≤ 1, so A is safely invertible,
 * while det A may still have either sign.
 */
export function randomWellConditioned(rng: Rng, n: number): Mat {
  checkDims("randomWellConditioned", n, n);
  const a = randomNormal(rng, n, n).data;
  pushDiagonalOut(a, n);
  return { rows: n, cols: n, data: a };
}

/** a_ii ← a_ii + sign(a_ii)·(Σ_{j≠i} |a_ij| + 1) in every row of column-major n×n a. */
function pushDiagonalOut(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let j = 0; j < n; j++) if (j !== i) off += Math.abs(a[i + j * n]!);
    const d = a[i + i * n]!;
    a[i + i * n] = d + (d < 0 ? -1 : 1) * (off + 1);
  }
}

/**
 * `count` distinct integers from [lo, hi] in random order. When the range
 * holds fewer than `count` values it is extended upward to lo + count − 1.
 */
export function distinctSizes(rng: Rng, count: number, lo = 2, hi = 6): number[] {
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
    throw new Error(`distinctSizes: need integers count ≥ 0 and lo ≤ hi, got ${count}, ${lo}, ${hi}`);
  }
  const top = Math.max(hi, lo + count - 1);
  const pool: number[] = [];
  for (let v = lo; v <= top; v++) pool.push(v);
  // Partial Fisher–Yates: the first `count` slots end up a uniform sample.
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, pool.length - 1);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.slice(0, count);
}
