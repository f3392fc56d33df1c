/**
 * Linear algebra on Mat (see ./mat.js) that needs factorisations, plus the
 * numerically stable softmax / logsumexp on column vectors.
 *
 * Contract:
 * - The LU factorisation comes from mathjs (`lup`, created from its
 *   per-function dependency bundle so a bundler keeps only what is used);
 *   inv and det are read off it: det A = sign(p)·Π u_ii, and A⁻¹ solves
 *   L U X = P I by forward and back substitution.
 * - Functions are pure; non-square input and other size mismatches throw a
 *   plain Error. inv of a singular matrix throws (mathjs's message).
 * - logdet is meant for matrices with positive determinant: it returns
 *   log det A computed as Σ log|u_ii| from A[p, :] = L·U, and NaN when
 *   det A ≤ 0.
 */
import { create, lupDependencies } from "mathjs";
import { eye, isFiniteMat, matmul, toRows, zeros, type Mat } from "./mat.js";

const math = create({ lupDependencies });

interface Factors {
  /** Row-major L (unit diagonal) and U, and the row permutation p: A[p, :] = L U. */
  readonly L: number[][];
  readonly U: number[][];
  readonly p: number[];
}

function factor(m: Mat): Factors {
  const { L, U, p } = math.lup(toRows(m));
  return { L: L as number[][], U: U as number[][], p: p as number[] };
}

function checkSquare(op: string, m: Mat): void {
  if (m.rows !== m.cols) throw new Error(`${op}: matrix must be square, got ${m.rows}×${m.cols}`);
}

/** A⁻¹ with A·A⁻¹ = I; throws if A is singular. Column j solves L U x = e_{p⁻¹(j)}. */
export function inv(m: Mat): Mat {
  checkSquare("inv", m);
  const n = m.rows;
  if (n === 0) return zeros(0, 0);
  const { L, U, p } = factor(m);
  for (let i = 0; i < n; i++) if (U[i]![i] === 0) throw new Error("inv: matrix is singular");
  const out = zeros(n, n);
  const y = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // L U = P A with P e_j = e_{p[j]} (mathjs's convention), so column j of A⁻¹ solves L U x = e_{p[j]}.
    for (let i = 0; i < n; i++) {
      let s = p[j] === i ? 1 : 0;
      const Li = L[i]!;
      for (let k = 0; k < i; k++) s -= Li[k]! * y[k]!;
      y[i] = s;
    }
    const col = j * n;
    for (let i = n - 1; i >= 0; i--) {
      const Ui = U[i]!;
      let s = y[i]!;
      for (let k = i + 1; k < n; k++) s -= Ui[k]! * out.data[col + k]!;
      out.data[col + i] = s / Ui[i]!;
    }
  }
  return out;
}

/** det A = sign(p) · Π u_ii (1 for the 0×0 matrix, the empty product). */
export function det(m: Mat): number {
  checkSquare("det", m);
  const n = m.rows;
  if (n === 0) return 1;
  const { U, p } = factor(m);
  let d = permutationIsOdd(p) ? -1 : 1;
  for (let i = 0; i < n; i++) d *= U[i]![i]!;
  return d;
}

/**
 * log det A for det A > 0, else NaN. With A[p, :] = L·U and unit-diagonal L,
 * det A = sign(p) · Π u_ii, so log det A = Σ log|u_ii| once the sign is +1.
 * Summing logarithms avoids the overflow/underflow of the product itself.
 */
export function logdet(m: Mat): number {
  checkSquare("logdet", m);
  const n = m.rows;
  if (n === 0) return 0;
  if (!isFiniteMat(m)) return NaN;
  const { U: u, p } = factor(m);
  let negative = permutationIsOdd(p);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = u[i]![i]!;
    if (d === 0) return NaN;
    if (d < 0) negative = !negative;
    s += Math.log(Math.abs(d));
  }
  return negative ? NaN : s;
}

/** Parity of a permutation: odd iff n − (number of cycles) is odd. */
function permutationIsOdd(p: readonly number[]): boolean {
  const seen = new Uint8Array(p.length);
  let cycles = 0;
  for (let i = 0; i < p.length; i++) {
    if (seen[i]) continue;
    cycles++;
    for (let j = i; !seen[j]; j = p[j]!) seen[j] = 1;
  }
  return (p.length - cycles) % 2 === 1;
}

/**
 * A^k for integer k: A^0 = I, A^k by repeated squaring (A^(2h) = (A^h)²,
 * A^(2h+1) = A·(A^h)²), and A^(−k) = (A⁻¹)^k.
 */
export function matpow(m: Mat, k: number): Mat {
  checkSquare("matpow", m);
  if (!Number.isInteger(k)) throw new Error(`matpow: exponent must be an integer, got ${k}`);
  let base = k < 0 ? inv(m) : m;
  let e = Math.abs(k);
  let result: Mat | null = null;
  while (e > 0) {
    if (e % 2 === 1) result = result === null ? base : matmul(result, base);
    e = Math.floor(e / 2);
    if (e > 0) base = matmul(base, base);
  }
  return result ?? eye(m.rows);
}

/** ‖A‖₁ = max_j Σ_i |a_ij| (largest absolute column sum). */
function norm1(m: Mat): number {
  const { rows: r, cols: c, data: d } = m;
  let best = 0;
  for (let j = 0; j < c; j++) {
    let s = 0;
    for (let i = 0; i < r; i++) s += Math.abs(d[i + j * r]!);
    if (s > best || s !== s) best = s;
  }
  return best;
}

/**
 * κ₁(A) = ‖A‖₁·‖A⁻¹‖₁, computed from an explicit inverse; Infinity when A is
 * singular or the inverse is not finite.
 */
export function conditionNumberEstimate(m: Mat): number {
  checkSquare("conditionNumberEstimate", m);
  if (m.rows === 0) return 1;
  if (!isFiniteMat(m)) return Infinity;
  let ai: Mat;
  try {
    ai = inv(m);
  } catch {
    return Infinity;
  }
  const k = norm1(m) * norm1(ai);
  return Number.isFinite(k) ? k : Infinity;
}

/** True when κ₁(A) < limit, i.e. A is safely invertible in double precision. */
export function isWellConditioned(m: Mat, limit = 1e8): boolean {
  return conditionNumberEstimate(m) < limit;
}

// ------------------------------------------------------ softmax / logsumexp

function checkColumn(op: string, v: Mat): void {
  if (v.cols !== 1 || v.rows === 0) {
    throw new Error(`${op}: expected a non-empty column vector, got ${v.rows}×${v.cols}`);
  }
}

/**
 * softmax(v)_i = exp(v_i − max v) / Σ_k exp(v_k − max v); the shift leaves
 * the value unchanged and keeps every exponent ≤ 0, so nothing overflows.
 */
export function softmax(v: Mat): Mat {
  checkColumn("softmax", v);
  const V = v.data, n = V.length;
  let mx = -Infinity;
  for (let i = 0; i < n; i++) if (V[i]! > mx) mx = V[i]!;
  const out = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(V[i]! - mx);
    out[i] = e;
    s += e;
  }
  for (let i = 0; i < n; i++) out[i] /= s;
  return { rows: n, cols: 1, data: out };
}

/**
 * log Σ exp(v_i) = m + log1p(Σ_{i≠k} exp(v_i − m)) with m = v_k = max v:
 * the term for k is exactly 1, and log1p keeps the small remainder accurate.
 */
export function logsumexp(v: Mat): number {
  checkColumn("logsumexp", v);
  const V = v.data, n = V.length;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const x = V[i]!;
    if (x !== x) return NaN;
    if (x > V[k]!) k = i;
  }
  const mx = V[k]!;
  if (mx === Infinity || mx === -Infinity) return mx;
  let rest = 0;
  for (let i = 0; i < n; i++) if (i !== k) rest += Math.exp(V[i]! - mx);
  return mx + Math.log1p(rest);
}
