/**
 * The 1-norm condition number κ₁(A) = ‖A‖₁·‖A⁻¹‖₁, estimated without forming
 * A⁻¹: ‖A⁻¹‖₁ comes from Hager's method as refined by Higham (the estimator
 * behind LAPACK's xLACON), which needs a handful of solves with A and Aᵀ on
 * the LU factors, O(n²) each, after the one O(n³) factorisation.
 *
 * Hager: ‖B‖₁ = max over ‖x‖₁ ≤ 1 of ‖Bx‖₁, a convex function maximised at a
 * unit vector e_j. From x, with y = Bx and ξ = sign(y), z = Bᵀξ is a
 * subgradient; if ‖z‖∞ ≤ zᵀx no neighbouring vertex is better and ‖y‖₁ is
 * the estimate, otherwise move to x = e_j with j = argmax |z_j|.
 * The estimate is a lower bound, in practice almost always within a factor
 * of 3 of the true value; Higham's extra test vector guards the rare cases
 * where the iteration stalls.
 */
import { checkSquare, isDiagonal, isFiniteMat, type Mat } from "./dense.js";
import { factorLU, solveInPlace, solveTransposedInPlace } from "./lu.js";
import { wasmDominanceBound } from "./wasm/runtime.js";

/** ‖A‖₁ = max_j Σ_i |a_ij| (largest absolute column sum). */
export function norm1(m: Mat): number {
  const { rows: r, cols: c, data: d } = m;
  let best = 0;
  for (let j = 0; j < c; j++) {
    let s = 0;
    for (let i = 0; i < r; i++) s += Math.abs(d[i + j * r]!);
    if (s > best || s !== s) best = s;
  }
  return best;
}

function sum1(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Math.abs(v[i]!);
  return s;
}

/**
 * A lower estimate of ‖A⁻¹‖₁ from solves on the LU factors of A (A nonsingular).
 * The iteration stops early once the estimate reaches `stopAbove` (a lower bound
 * already that large answers the question being asked).
 */
export function inverseNorm1Estimate(m: Mat, stopAbove = Infinity): number {
  checkSquare("inverseNorm1Estimate", m);
  const n = m.rows;
  const f = factorLU(m);
  if (f.singular) return Infinity;
  const work = new Float64Array(n);
  const x = new Float64Array(n).fill(1 / n);
  const z = new Float64Array(n);
  let estimate = 0;
  let lastJ = -1;
  for (let iteration = 0; iteration < 5; iteration++) {
    solveInPlace(f, x, work); // x ← y = A⁻¹x
    const ynorm = sum1(x);
    if (!(ynorm > estimate) && iteration > 0) break; // no progress: keep the best so far
    estimate = ynorm;
    if (estimate >= stopAbove) return estimate;
    for (let i = 0; i < n; i++) z[i] = x[i]! >= 0 ? 1 : -1; // ξ = sign(y)
    solveTransposedInPlace(f, z, work); // z = A⁻ᵀξ
    let j = 0;
    for (let i = 1; i < n; i++) if (Math.abs(z[i]!) > Math.abs(z[j]!)) j = i;
    // zᵀx for the current x: for x = 1/n·𝟏 it is the mean of z, for x = e_k it is z_k.
    let ztx = 0;
    if (lastJ < 0) for (let i = 0; i < n; i++) ztx += z[i]! / n;
    else ztx = z[lastJ]!;
    if (Math.abs(z[j]!) <= ztx || j === lastJ) break;
    x.fill(0);
    x[j] = 1;
    lastJ = j;
  }
  // Higham's alternative: b_i = (−1)^i (1 + i/(n−1)); 2‖A⁻¹b‖₁/(3n) is also a lower bound.
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = (i % 2 === 0 ? 1 : -1) * (1 + (n > 1 ? i / (n - 1) : 0));
  solveInPlace(f, b, work);
  const alternative = (2 * sum1(b)) / (3 * n);
  return Math.max(estimate, alternative);
}

/**
 * κ₁(A) estimated as ‖A‖₁ times the estimate of ‖A⁻¹‖₁ (exact for diagonal
 * matrices); 1 for the 0×0 matrix, Infinity when A is singular or the
 * estimate is not finite. With `stopAbove`, any value ≥ stopAbove may be
 * returned as soon as the estimate is known to reach it.
 */
export function conditionNumberEstimate(m: Mat, stopAbove = Infinity): number {
  checkSquare("conditionNumberEstimate", m);
  if (m.rows === 0) return 1;
  if (!isFiniteMat(m)) return Infinity;
  const a = norm1(m);
  const k = a * inverseNorm1Estimate(m, stopAbove / a);
  return Number.isFinite(k) ? k : Infinity;
}

/**
 * An upper bound of κ₁(A) in O(n²), finite when A is strictly diagonally
 * dominant by columns: with margin α = min_j (|a_jj| − Σ_{i≠j} |a_ij|) > 0,
 * Varah's bound for Aᵀ gives ‖A⁻¹‖₁ = ‖A⁻ᵀ‖∞ ≤ 1/α, so κ₁(A) ≤ ‖A‖₁/α.
 * Infinity when A is not column-dominant (or has a non-finite entry).
 */
export function dominanceConditionBound(m: Mat): number {
  checkSquare("dominanceConditionBound", m);
  const n = m.rows, d = m.data;
  if (n === 0) return 1;
  const inModule = wasmDominanceBound(d, n);
  if (inModule !== null) return Number.isFinite(inModule) ? inModule : Infinity;
  let norm = 0;
  let margin = Infinity;
  for (let j = 0; j < n; j++) {
    const diag = Math.abs(d[j + j * n]!);
    const off = offDiagonalColumnSum(d, n, j);
    const gap = diag - off;
    if (!(gap > 0)) return Infinity; // column j is not dominant, or holds a NaN
    if (gap < margin) margin = gap;
    if (diag + off > norm) norm = diag + off;
  }
  const bound = norm / margin;
  return Number.isFinite(bound) ? bound : Infinity;
}

/** Σ_{i≠j} |a_ij| over column j of column-major n×n d. */
export function offDiagonalColumnSum(d: Float64Array, n: number, j: number): number {
  const off = j * n;
  let s = 0;
  for (let i = 0; i < n; i++) if (i !== j) s += Math.abs(d[off + i]!);
  return s;
}

/**
 * True when A inverts accurately in double precision: κ₁(A) < limit, or A
 * is diagonal with finite nonzero entries whose reciprocals are finite. A
 * diagonal matrix inverts entry by entry, diag(d)⁻¹ = diag(1 ⊘ d), exact to
 * rounding however far apart its entries are (as do its det and log det,
 * the product and sum of logs of its entries).
 */
export function isWellConditioned(m: Mat, limit = 1e8): boolean {
  if (m.rows === m.cols && m.rows > 0 && isDiagonal(m)) {
    const n = m.rows;
    for (let i = 0; i < n; i++) {
      const d = m.data[i + i * n]!;
      if (d === 0 || !Number.isFinite(d) || !Number.isFinite(1 / d)) return false;
    }
    return true;
  }
  // The O(n²) bound answers first where it can: it is an upper bound and the estimate a lower
  // one, so when the bound is below the limit the estimate is too, and the answer is the same.
  return dominanceConditionBound(m) < limit || conditionNumberEstimate(m, limit) < limit;
}
