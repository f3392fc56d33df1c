/** Sums, inner products and norms, compensated or scaled where it matters (see ./dense.js). */
import { checkSameShape, checkSquare, type Mat } from "./dense.js";
import { wasmInner, wasmSumOfSquares } from "./wasm/runtime.js";

/** Σ a_ij with Neumaier compensated summation. */
export function sum(m: Mat): number {
  const M = m.data, n = M.length;
  let s = 0, comp = 0;
  for (let t = 0; t < n; t++) {
    const x = M[t]!, u = s + x;
    comp += Math.abs(s) >= Math.abs(x) ? (s - u) + x : (x - u) + s;
    s = u;
  }
  return s + comp;
}

/** tr(A) = Σ a_ii, compensated. */
export function trace(m: Mat): number {
  checkSquare("trace", m);
  const n = m.rows, M = m.data;
  let s = 0, comp = 0;
  for (let i = 0; i < n; i++) {
    const x = M[i + i * n]!, u = s + x;
    comp += Math.abs(s) >= Math.abs(x) ? (s - u) + x : (x - u) + s;
    s = u;
  }
  return s + comp;
}

/** ⟨A, B⟩_F = Σ a_ij b_ij = tr(AᵀB), compensated. */
export function inner(a: Mat, b: Mat): number {
  checkSameShape("inner", a, b);
  const inModule = wasmInner(a.data, b.data);
  if (inModule !== null) return inModule;
  const A = a.data, B = b.data, n = A.length;
  let s = 0, comp = 0;
  for (let t = 0; t < n; t++) {
    const x = A[t]! * B[t]!, u = s + x;
    comp += Math.abs(s) >= Math.abs(x) ? (s - u) + x : (x - u) + s;
    s = u;
  }
  return s + comp;
}

/** max |a_ij| (0 for an empty matrix); NaN if any entry is NaN. */
export function maxAbs(m: Mat): number {
  const M = m.data, n = M.length;
  let best = 0;
  for (let t = 0; t < n; t++) {
    const x = Math.abs(M[t]!);
    if (x > best) best = x;
    else if (x !== x) return NaN;
  }
  return best;
}

// Σ x² is accepted when it neither overflows nor sinks into the range where
// squaring loses precision (0 included: the squares may all have underflowed);
// otherwise ‖x‖ = s·sqrt(Σ (x/s)²) with s = max|x|.
const SAFE_SUMSQ_MIN = 1e-280;

/**
 * Σ x_t², a leaf of its own: the loop is optimised while it runs, and the
 * tests after it (in frobenius) run in code that has already seen them.
 */
function sumOfSquares(M: Float64Array): number {
  let ss = 0;
  for (let t = 0; t < M.length; t++) ss += M[t]! * M[t]!;
  return ss;
}

/** Σ (a_t − b_t)², as sumOfSquares. */
function sumOfSquaredDifferences(A: Float64Array, B: Float64Array): number {
  let ss = 0;
  for (let t = 0; t < A.length; t++) {
    const d = A[t]! - B[t]!;
    ss += d * d;
  }
  return ss;
}

/** ‖A‖_F = sqrt(Σ a_ij²), safe against overflow and underflow. */
export function frobenius(m: Mat): number {
  const M = m.data, n = M.length;
  const ss = wasmSumOfSquares(M) ?? sumOfSquares(M);
  if (ss >= SAFE_SUMSQ_MIN && ss < Infinity) return Math.sqrt(ss);
  const s = maxAbs(m);
  if (s === 0 || !(s < Infinity)) return s;
  let scaled = 0;
  for (let t = 0; t < n; t++) {
    const y = M[t]! / s;
    scaled += y * y;
  }
  return s * Math.sqrt(scaled);
}

/** ‖A − B‖_F without forming A − B, with the same scaling as frobenius. */
function diffNorm(a: Mat, b: Mat): number {
  const A = a.data, B = b.data, n = A.length;
  const ss = sumOfSquaredDifferences(A, B);
  if (ss >= SAFE_SUMSQ_MIN && ss < Infinity) return Math.sqrt(ss);
  let s = 0;
  for (let t = 0; t < n; t++) {
    const d = Math.abs(A[t]! - B[t]!);
    if (d > s) s = d;
    else if (d !== d) return NaN;
  }
  if (s === 0 || !(s < Infinity)) return s;
  let scaled = 0;
  for (let t = 0; t < n; t++) {
    const y = (A[t]! - B[t]!) / s;
    scaled += y * y;
  }
  return s * Math.sqrt(scaled);
}

/**
 * ‖a − b‖_F / max(‖a‖_F, ‖b‖_F, 1e-300); exactly 0 when both are all zeros.
 */
export function relativeError(a: Mat, b: Mat): number {
  checkSameShape("relativeError", a, b);
  const na = frobenius(a), nb = frobenius(b);
  if (na === 0 && nb === 0) return 0;
  return diffNorm(a, b) / Math.max(na, nb, 1e-300);
}

