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
 *   randomSpd has all eigenvalues ≥ n up to order 64 and ≥ 1 above it,
 *   randomOrthogonal has QᵀQ = I to
 *   rounding, randomWellConditioned is strictly diagonally dominant by a
 *   margin of at least 1 in every row and column (so ‖A⁻¹‖_∞, ‖A⁻¹‖₁ ≤ 1).
 */
import type { Mat } from "../kernels/mat.js";
import { eye } from "../kernels/dense.js";
import { wasmFillPairs, wasmFillSigned, wasmPushDiagonalOut } from "../kernels/wasm/runtime.js";
// The same column sum as the domain check's dominance bound: one function, optimised once.
import { offDiagonalColumnSum } from "../kernels/condition.js";

export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** Fills `out` with the next out.length values of normal(), in order (the same stream, drawn in one loop). */
  fillNormal(out: Float64Array): void;
  /** Fills `out` with values uniform on [−1, 1), one 32-bit output each (2⁻³¹ apart). */
  fillSigned(out: Float64Array): void;
}

/** SplitMix32-style finaliser: a bijective avalanche of a 32-bit word. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

// The generator's state lives in typed arrays, so the loops below work on unboxed numbers: a
// check draws tens of thousands of normals, mostly before V8 has optimised anything, and a
// number kept in a closure variable would be a heap allocation per draw in the interpreter.
// SFC32 state: three mixing words a, b, c and a counter, as 32-bit words (all arithmetic is mod 2³²).
const A = 0, B = 1, C = 2, COUNTER = 3;

/** One SFC32 step: the next 32-bit output, as an unsigned integer. */
function next32(st: Int32Array): number {
  const a = st[A]!, b = st[B]!, c = st[C]!, counter = st[COUNTER]!;
  const t = (((a + b) | 0) + counter) | 0;
  st[COUNTER] = (counter + 1) | 0;
  st[A] = b ^ (b >>> 9);
  st[B] = (c + (c << 3)) | 0;
  st[C] = (((c << 21) | (c >>> 11)) + t) | 0;
  return t >>> 0;
}

/** 27 + 26 bits → a multiple of 2⁻⁵³ in [0, 1). */
function uniform53(st: Int32Array): number {
  const hi = next32(st) >>> 5;
  return (hi * 67108864 + (next32(st) >>> 6)) / 9007199254740992;
}

/**
 * out[t] = w_t / 2³¹ for the next out.length SFC32 outputs w_t read as signed 32-bit words:
 * uniform on [−1, 1). One step per value and no calls, unlike a normal's two steps, a
 * logarithm, a square root and a cosine: cheap even before V8 has optimised anything.
 */
function fillSignedWords(out: Float64Array, st: Int32Array): void {
  let a = st[A]!, b = st[B]!, c = st[C]!, counter = st[COUNTER]!;
  for (let t = 0; t < out.length; t++) {
    const w = (((a + b) | 0) + counter) | 0;
    a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (((c << 21) | (c >>> 11)) + w) | 0; counter = (counter + 1) | 0;
    out[t] = w / 2147483648;
    st[A] = a; st[B] = b; st[C] = c; st[COUNTER] = counter;
  }
}

/**
 * Box–Muller pairs into out[from], out[from + 1], … for `pairs` pairs: with u1 in (0, 1]
 * (so log u1 is finite) and u2 in [0, 1), r = √(−2 log u1), θ = 2πu2, the pair is
 * (r cos θ, r sin θ) — the order in which normal() hands them out. The four SFC32 steps
 * per pair (next32, twice per uniform53) are written out on local words, so that the loop
 * makes no calls but Math's: the first draws of a check run in the interpreter, where a
 * call costs more than the arithmetic. The state is stored back on every pass, so nothing
 * follows the loop.
 */
function fillPairs(out: Float64Array, from: number, pairs: number, st: Int32Array): void {
  let a = st[A]!, b = st[B]!, c = st[C]!, counter = st[COUNTER]!;
  for (let k = 0, t = from; k < pairs; k++, t += 2) {
    // Four outputs w0…w3 of SFC32: w = a + b + counter; a ← b ⊕ (b ≫ 9); b ← c + (c ≪ 3); c ← rotl(c, 21) + w.
    const w0 = (((a + b) | 0) + counter) | 0;
    a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (((c << 21) | (c >>> 11)) + w0) | 0; counter = (counter + 1) | 0;
    const w1 = (((a + b) | 0) + counter) | 0;
    a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (((c << 21) | (c >>> 11)) + w1) | 0; counter = (counter + 1) | 0;
    const w2 = (((a + b) | 0) + counter) | 0;
    a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (((c << 21) | (c >>> 11)) + w2) | 0; counter = (counter + 1) | 0;
    const w3 = (((a + b) | 0) + counter) | 0;
    a = b ^ (b >>> 9); b = (c + (c << 3)) | 0; c = (((c << 21) | (c >>> 11)) + w3) | 0; counter = (counter + 1) | 0;
    st[A] = a; st[B] = b; st[C] = c; st[COUNTER] = counter;
    // uniform53 = (27 high bits · 2²⁶ + 26 high bits) / 2⁵³, as in uniform53().
    const u1 = 1 - ((w0 >>> 5) * 67108864 + (w1 >>> 6)) / 9007199254740992;
    const u2 = ((w2 >>> 5) * 67108864 + (w3 >>> 6)) / 9007199254740992;
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    out[t] = r * Math.cos(theta);
    out[t + 1] = r * Math.sin(theta);
  }
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`createRng: seed must be finite, got ${seed}`);
  const s = Math.trunc(seed);
  const lo = s >>> 0;
  const hi = Math.floor(s / 4294967296) >>> 0;
  const st = new Int32Array(4);
  st[A] = mix32(lo);
  st[B] = mix32(st[A]! ^ hi);
  st[C] = mix32(st[B]! ^ 0x5bd1e995);
  st[COUNTER] = 1;
  // Discard the first outputs so that nearby seeds decorrelate.
  for (let i = 0; i < 12; i++) next32(st);

  const next = (): number => uniform53(st);

  // Box–Muller produces pairs; the second value of the last pair is kept for the next draw.
  const pair = new Float64Array(2);
  let hasSpare = false;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return pair[1]!;
    }
    fillPairs(pair, 0, 1, st);
    hasSpare = true;
    return pair[0]!;
  };

  const fillNormal = (out: Float64Array): void => {
    let t = 0;
    if (hasSpare && out.length > 0) {
      out[t++] = pair[1]!;
      hasSpare = false;
    }
    const pairs = (out.length - t) >> 1;
    // The same draws from the loop compiled to WebAssembly, for a large matrix (kernels/wasm/runtime.ts).
    if (!wasmFillPairs(out, t, pairs, st)) fillPairs(out, t, pairs, st);
    if (t + 2 * pairs < out.length) out[out.length - 1] = normal();
  };

  const int = (lo: number, hi: number): number => {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
      throw new Error(`Rng.int: need integers lo ≤ hi, got ${lo}, ${hi}`);
    }
    return lo + Math.floor(next() * (hi - lo + 1));
  };

  const fillSigned = (out: Float64Array): void => {
    if (!wasmFillSigned(out, st)) fillSignedWords(out, st);
  };

  return { next, normal, int, fillNormal, fillSigned };
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
  rng.fillNormal(d);
  return { rows: r, cols: c, data: d };
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

/** Above this order an SPD matrix is drawn in n² steps (diagonally dominant) instead of n³ (a Gram matrix). */
const GRAM_UP_TO = 64;

/**
 * A = Z·Zᵀ + n·I with Z n×n normal. xᵀAx = ‖Zᵀx‖² + n‖x‖² ≥ n‖x‖², so every
 * eigenvalue is ≥ n; the largest is about 5n, hence κ₂ is about 5.
 * For n > GRAM_UP_TO, whose Gram product would cost n³ (8·10⁹ multiply-adds at n = 2,000): a symmetric normal S with each diagonal entry raised past its row's off-diagonal
 * |entries| (strictly diagonally dominant with a positive diagonal, so SPD by Gershgorin). S's
 * eigenvalues lie within about ±2√n while the shift is about 0.8n, so κ₂ is a few at most.
 */
export function randomSpd(rng: Rng, n: number): Mat {
  checkDims("randomSpd", n, n);
  if (n > GRAM_UP_TO) {
    const s = randomSymmetric(rng, n);
    pushDiagonalOut(s.data, n, true);
    return s;
  }
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

/** Above this order an orthogonal matrix is a product of 32 or 33 Householder reflections (n² steps each), not Gram–Schmidt's n³. */
const GRAM_SCHMIDT_UP_TO = 64;
const REFLECTIONS = 32;

/**
 * Q with QᵀQ = I: modified Gram–Schmidt on the columns of a normal matrix,
 * each column orthogonalised twice ("twice is enough") for full accuracy.
 * For n > GRAM_SCHMIDT_UP_TO (n³ = 10⁹ steps at n = 1,000): Q = H₁ H₂ ⋯ H_k with k = 32 or 33 at
 * random (so det Q is +1 or −1) and H = I − 2vvᵀ/‖v‖² for normal v, each applied as
 * Q ← Q − (2/‖v‖²)(Qv)vᵀ. It is orthogonal to rounding, moves a random subspace of 32 or 33
 * dimensions, and differs from Qᵀ there.
 */
export function randomOrthogonal(rng: Rng, n: number): Mat {
  checkDims("randomOrthogonal", n, n);
  if (n > GRAM_SCHMIDT_UP_TO) return reflections(rng, n, REFLECTIONS + (rng.next() < 0.5 ? 1 : 0));
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

/** H₁ ⋯ H_k for k Householder reflections with normal vectors, built from I one reflection at a time. */
function reflections(rng: Rng, n: number, k: number): Mat {
  const q = eye(n).data;
  const v = new Float64Array(n);
  const qv = new Float64Array(n);
  for (let r = 0; r < k; r++) {
    for (let i = 0; i < n; i++) v[i] = rng.normal();
    reflectColumns(q, v, qv, n);
  }
  return { rows: n, cols: n, data: q };
}

/** Q ← Q (I − 2vvᵀ/‖v‖²) = Q − (2/‖v‖²)(Qv)vᵀ for column-major n×n Q; qv is scratch. */
function reflectColumns(q: Float64Array, v: Float64Array, qv: Float64Array, n: number): void {
  let vv = 0;
  for (let i = 0; i < n; i++) vv += v[i]! * v[i]!;
  qv.fill(0);
  for (let j = 0; j < n; j++) {
    const vj = v[j]!;
    for (let i = 0; i < n; i++) qv[i] += q[i + j * n]! * vj;
  }
  const scale = 2 / vv;
  for (let j = 0; j < n; j++) {
    const w = scale * v[j]!;
    for (let i = 0; i < n; i++) q[i + j * n] -= qv[i]! * w;
  }
}

function columnNorm(d: Float64Array, off: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += d[off + i]! * d[off + i]!;
  return Math.sqrt(s);
}

/**
 * Z with entries uniform on [−1, 1) (rng.fillSigned: any spread serves here, and a uniform
 * entry is the cheapest to draw) with each diagonal entry pushed away from 0 along its own sign:
 * a_ii = z_ii + sign(z_ii)·(max(r_i, c_i) + 1), with r_i = Σ_{j≠i} |z_ij| and
 * c_i = Σ_{j≠i} |z_ji| its row's and column's other entries, so A is strictly
 * diagonally dominant by a margin of at least 1 in every row and every column.
 * By Varah's bound ‖A⁻¹‖_∞ ≤ 1 and ‖A⁻¹‖₁ ≤ 1, so A is safely invertible
 * (κ₁(A) ≤ ‖A‖₁, which the domain checks confirm in O(n²),
 * kernels/condition.ts), while det A may still have either sign. With
 * `positiveDeterminant`, every a_ii is pushed to the positive side,
 * a_ii = |z_ii| + max(r_i, c_i) + 1: each
 * Gershgorin disc then lies in Re λ ≥ 1, so every real eigenvalue is positive,
 * complex ones come in conjugate pairs (λλ̄ > 0), and det A = Π λ > 0.
 */
export function randomWellConditioned(rng: Rng, n: number, positiveDeterminant = false): Mat {
  checkDims("randomWellConditioned", n, n);
  const a = new Float64Array(n * n);
  rng.fillSigned(a);
  pushDiagonalOut(a, n, positiveDeterminant);
  return { rows: n, cols: n, data: a };
}

/**
 * a_ii ← a_ii + sign(a_ii)·(max(Σ_{j≠i} |a_ij|, Σ_{j≠i} |a_ji|) + 1) in every row of column-major
 * n×n a (sign +1 throughout when `positive`). Every sum reads the entries as drawn: the
 * diagonal is never part of one.
 */
function pushDiagonalOut(a: Float64Array, n: number, positive: boolean): void {
  if (wasmPushDiagonalOut(a, n, positive)) return;
  for (let i = 0; i < n; i++) {
    const off = Math.max(offDiagonalRowSum(a, n, i), offDiagonalColumnSum(a, n, i));
    const d = positive ? Math.abs(a[i + i * n]!) : a[i + i * n]!;
    a[i + i * n] = d + (d < 0 ? -1 : 1) * (off + 1);
  }
}

/** Σ_{j≠i} |a_ij|: row i of column-major n×n a without its diagonal entry. */
function offDiagonalRowSum(a: Float64Array, n: number, i: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) if (j !== i) s += Math.abs(a[i + j * n]!);
  return s;
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
