/**
 * LU factorisation with partial pivoting, P·A = L·U, and the triangular
 * solves that use it.
 *
 * Contract:
 * - `factorLU(A)` works on a copy of A (column-major, as every Mat): L is unit
 *   lower triangular and stored below the diagonal, U on and above it; row i
 *   of P·A is row perm[i] of A. At step k the pivot is the entry of largest
 *   magnitude in column k at or below the diagonal, so every |l_ik| ≤ 1.
 * - A zero pivot does not stop the factorisation (its column is already
 *   zero below the diagonal); `singular` records it, and the solves must
 *   not be used then.
 * - A factorisation of a matrix larger than 16×16 is remembered per Mat
 *   value, so the domain check, the evaluation and the condition estimate of
 *   one matrix share one O(n³) factorisation. The entries are compared with a
 *   stored copy before a remembered factorisation is reused.
 */
import { checkSquare, type Mat } from "./dense.js";
import { WASM_MIN_WORK, wasmFactor, wasmSolve } from "./wasm/runtime.js";

export interface LU {
  readonly n: number;
  /** L (strictly below the diagonal, unit diagonal implied) and U, column-major. */
  readonly lu: Float64Array;
  /** Row i of P·A is row perm[i] of A. */
  readonly perm: Int32Array;
  /** det P = (−1)^swaps. */
  readonly oddPermutation: boolean;
  /** Some u_kk is exactly zero. */
  readonly singular: boolean;
}

const remembered = new WeakMap<Mat, { copy: Float64Array; factors: LU }>();
/** Matrices of at most this order are factored afresh each time, not remembered. */
const FRESH_UP_TO = 16;

/**
 * Whether a and b hold the same entries, bit for bit. Compared as 16-bit pieces: read as doubles, every entry
 * would be boxed while the loop is still interpreted (the first calls of a process, on 10,000 entries at n = 100).
 * Bit for bit is stricter than Object.is only for NaNs of different payloads, which are then factored again.
 */
function sameEntries(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint16Array(a.buffer, a.byteOffset, a.length * 4);
  const y = new Uint16Array(b.buffer, b.byteOffset, b.length * 4);
  for (let t = 0; t < x.length; t++) if (x[t] !== y[t]) return false;
  return true;
}

export function factorLU(m: Mat): LU {
  checkSquare("factorLU", m);
  // A small matrix is factored again sooner than remembered: the copy and the weak entry cost more than its n³/3
  // multiply-adds, and a check of inv nested 10,000 deep factors 80,000 of them (the collector's weak-entry work
  // was 40% of that check).
  if (m.rows <= FRESH_UP_TO) return factorFresh(m);
  const hit = remembered.get(m);
  if (hit && sameEntries(hit.copy, m.data)) return hit.factors;
  const factors = factorFresh(m);
  remembered.set(m, { copy: m.data.slice(), factors });
  return factors;
}

/**
 * Right-looking LU in panels of four columns. Each panel is factored column
 * by column (pivot, swap the whole rows, scale, update the rest of the
 * panel); then every later column j takes its four entries of U by forward
 * substitution with the panel's unit lower triangle, and the rows below get
 * one fused rank-4 update a_ij −= Σ_t l_i,t u_t,j — one load and store of
 * a_ij per four multiply-adds instead of per one.
 *
 * The loops are small functions of their own: each is called many times
 * and so optimised after a few calls, which matters for the first
 * factorisations of a process (a check usually needs only a few dozen).
 */
function factorFresh(m: Mat): LU {
  const n = m.rows;
  // The same factorisation compiled to WebAssembly, when it is worth the copies (./wasm/runtime.js).
  const compiled = (n * n * n) / 3 >= WASM_MIN_WORK ? wasmFactor(m.data, n) : null;
  if (compiled) return { n, lu: compiled.lu, perm: compiled.perm, oddPermutation: compiled.swaps % 2 === 1, singular: compiled.singular };
  const a = m.data.slice();
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let swaps = 0;
  let singular = false;
  // The driver runs n/4 passes; the work is in the two calls, each a function of its own.
  for (let k0 = 0; k0 < n; k0 += 4) {
    const kEnd = Math.min(k0 + 4, n);
    const r = factorPanel(a, perm, n, k0, kEnd);
    if (r < 0) singular = true;
    swaps += r < 0 ? -r - 1 : r;
    updateTrailingColumns(a, n, k0, kEnd);
  }
  return { n, lu: a, perm, oddPermutation: swaps % 2 === 1, singular };
}

/**
 * Factors columns k0 … kEnd−1 (pivot, swap the whole rows, scale, update the rest of the
 * panel). Returns the number of row swaps s, or −s − 1 when some pivot was exactly zero.
 */
function factorPanel(a: Float64Array, perm: Int32Array, n: number, k0: number, kEnd: number): number {
  let swaps = 0;
  let singular = false;
  for (let k = k0; k < kEnd; k++) {
    const kOff = k * n;
    // pivot: the largest |a_ik|, i ≥ k
    const p = argMaxAbs(a, kOff, k, n);
    if (p !== k) {
      swapRows(a, n, k, p);
      const t = perm[k]!;
      perm[k] = perm[p]!;
      perm[p] = t;
      swaps++;
    }
    const pivot = a[kOff + k]!;
    if (pivot === 0) {
      singular = true; // the column is zero at and below the diagonal: nothing to eliminate
      continue;
    }
    // l_ik = a_ik / u_kk below the diagonal
    scaleRange(a, kOff + k + 1, kOff + n, 1 / pivot);
    // a_ij −= l_ik · u_kj inside the panel
    for (let j = k + 1; j < kEnd; j++) {
      const off = j * n;
      const ukj = a[off + k]!;
      if (ukj !== 0) subtractScaled(a, off, a, kOff, ukj, k + 1, n);
    }
  }
  return singular ? -swaps - 1 : swaps;
}

/** Every column j ≥ kEnd: its rows of U in the panel, then the fused update of the rows below. */
function updateTrailingColumns(a: Float64Array, n: number, k0: number, kEnd: number): void {
  const width = kEnd - k0;
  const c0 = k0 * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
  for (let j = kEnd; j < n; j++) {
    const off = j * n;
    panelUpperRows(a, n, k0, width, off);
    if (width === 4) {
      const u0 = a[off + k0]!, u1 = a[off + k0 + 1]!, u2 = a[off + k0 + 2]!, u3 = a[off + k0 + 3]!;
      if (u0 !== 0 || u1 !== 0 || u2 !== 0 || u3 !== 0) rank4Update(a, off, c0, c1, c2, c3, u0, u1, u2, u3, kEnd, n);
    } else {
      for (let q = 0; q < width; q++) {
        const u = a[off + k0 + q]!;
        if (u !== 0) subtractScaled(a, off, a, (k0 + q) * n, u, kEnd, n);
      }
    }
  }
}

/** The row i ≥ k of largest |a[off + i]| (the first of equals; a NaN is never chosen over a number). */
function argMaxAbs(a: Float64Array, off: number, k: number, n: number): number {
  let p = k;
  let best = Math.abs(a[off + k]!);
  for (let i = k + 1; i < n; i++) {
    const v = Math.abs(a[off + i]!);
    if (v > best) {
      best = v;
      p = i;
    }
  }
  return p;
}

/** Exchanges rows k and p across all n columns. */
function swapRows(a: Float64Array, n: number, k: number, p: number): void {
  for (let off = 0; off < n * n; off += n) {
    const t = a[off + k]!;
    a[off + k] = a[off + p]!;
    a[off + p] = t;
  }
}

function scaleRange(a: Float64Array, from: number, to: number, r: number): void {
  for (let t = from; t < to; t++) a[t]! *= r;
}

/** dst[dOff + i] −= src[sOff + i]·s for from ≤ i < to (dst and src may be the same array). */
function subtractScaled(dst: Float64Array, dOff: number, src: Float64Array, sOff: number, s: number, from: number, to: number): void {
  for (let i = from; i < to; i++) dst[dOff + i]! -= src[sOff + i]! * s;
}

/** U rows of the panel in column off: u_tj = a_tj − Σ_{s<t} l_ts u_sj (unit lower triangle). */
function panelUpperRows(a: Float64Array, n: number, k0: number, width: number, off: number): void {
  for (let t = 1; t < width; t++) {
    let s = a[off + k0 + t]!;
    for (let q = 0; q < t; q++) s -= a[(k0 + q) * n + k0 + t]! * a[off + k0 + q]!;
    a[off + k0 + t] = s;
  }
}

/** a[off + i] −= a[c0 + i]·u0 + a[c1 + i]·u1 + a[c2 + i]·u2 + a[c3 + i]·u3 for from ≤ i < to. */
function rank4Update(
  a: Float64Array, off: number, c0: number, c1: number, c2: number, c3: number,
  u0: number, u1: number, u2: number, u3: number, from: number, to: number,
): void {
  for (let i = from; i < to; i++) a[off + i]! -= a[c0 + i]! * u0 + a[c1 + i]! * u1 + a[c2 + i]! * u2 + a[c3 + i]! * u3;
}

/** Overwrites b (length n) with x solving A x = b: L y = P b, then U x = y. */
export function solveInPlace(f: LU, b: Float64Array, work: Float64Array = new Float64Array(f.n)): void {
  solveColumnsInPlace(f, b, 1, work);
}

/**
 * Overwrites B (n × cols, column-major) with X solving A X = B, column by column:
 * L y = P b, then U x = y. The inner loops are subtractScaled, the leaf the factorisation
 * uses too, so one small function serves both and is optimised once.
 */
export function solveColumnsInPlace(f: LU, b: Float64Array, cols: number, work: Float64Array = new Float64Array(f.n)): void {
  const { n, lu, perm } = f;
  // The same loops compiled to WebAssembly, for solves large enough to be worth the copies.
  if (n * n * cols >= WASM_MIN_WORK && wasmSolve(lu, perm, n, b, cols)) return;
  for (let j = 0; j < cols; j++) {
    const off = j * n;
    for (let i = 0; i < n; i++) work[i] = b[off + perm[i]!]!;
    // forward, column-oriented: y_k fixed, then y_i −= l_ik y_k for i > k
    for (let k = 0; k < n; k++) {
      const yk = work[k]!;
      if (yk !== 0) subtractScaled(work, 0, lu, k * n, yk, k + 1, n);
    }
    // backward: x_k = y_k / u_kk, then y_i −= u_ik x_k for i < k
    for (let k = n - 1; k >= 0; k--) {
      const lk = k * n;
      const xk = work[k]! / lu[lk + k]!;
      work[k] = xk;
      if (xk !== 0) subtractScaled(work, 0, lu, lk, xk, 0, k);
    }
    for (let i = 0; i < n; i++) b[off + i] = work[i]!;
  }
}

/**
 * Overwrites c with y solving Aᵀ y = c. With P A = L U, Aᵀ = Uᵀ Lᵀ P:
 * Uᵀ w = c (forward), Lᵀ z = w (backward), then y[perm[i]] = z_i.
 * Column i of U and of L holds row i of Uᵀ and Lᵀ, so each dot product reads contiguously.
 */
export function solveTransposedInPlace(f: LU, c: Float64Array, work: Float64Array = new Float64Array(f.n)): void {
  const { n, lu, perm } = f;
  for (let i = 0; i < n; i++) {
    const off = i * n;
    work[i] = subtractDot(c[i]!, lu, off, work, 0, 0, i) / lu[off + i]!;
  }
  for (let i = n - 1; i >= 0; i--) work[i] = subtractDot(work[i]!, lu, i * n, work, 0, i + 1, n);
  unpermuteInto(c, work, perm, n);
}

// Leaf loops of the solves (see the note on factorFresh): each is optimised after a few calls.

function unpermuteInto(out: Float64Array, z: Float64Array, perm: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) out[perm[i]!] = z[i]!;
}

/** s − Σ a[aOff + k]·b[bOff + k] over from ≤ k < to, subtracted term by term. */
function subtractDot(s: number, a: Float64Array, aOff: number, b: Float64Array, bOff: number, from: number, to: number): number {
  for (let k = from; k < to; k++) s -= a[aOff + k]! * b[bOff + k]!;
  return s;
}
