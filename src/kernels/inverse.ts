/**
 * Inverse, linear solves and integer powers, read off the LU factorisation
 * of ./lu.js. Functions are pure; a singular matrix (an exactly zero pivot)
 * makes inv and solve throw, and invOrNaN give NaN entries.
 */
import { checkSquare, eye, full, shapeText, zeros, type Mat } from "./dense.js";
import { factorLU, solveColumnsInPlace } from "./lu.js";
import { matmul } from "./products.js";

/** X with A·X = B, one column of B at a time (A n×n, B n×k). */
export function solve(a: Mat, b: Mat): Mat {
  checkSquare("solve", a);
  if (b.rows !== a.rows) throw new Error(`solve: ${shapeText(a)} matrix and ${shapeText(b)} right-hand side`);
  const n = a.rows;
  const f = factorLU(a);
  if (f.singular) throw new Error("solve: matrix is singular");
  const out = b.data.slice();
  solveColumnsInPlace(f, out, b.cols);
  return { rows: n, cols: b.cols, data: out };
}

/**
 * A⁻¹ with A·A⁻¹ = I; throws if A is singular. A diagonal matrix inverts
 * entry by entry, diag(d)⁻¹ = diag(1 ⊘ d), exactly to rounding.
 */
export function inv(m: Mat): Mat {
  const out = inverseOrNull(m);
  if (out === null) throw new Error("inv: matrix is singular");
  return out;
}

/**
 * A⁻¹, or for a singular A (an exactly zero pivot) a matrix of NaN, as 1/0 is not a number either: what an
 * evaluation without domain checks (a finite-difference point, a derivative's value) makes of it, where the
 * checks that watch for values that are not finite decide, instead of an error that would read as a bug.
 */
export function invOrNaN(m: Mat): Mat {
  const out = inverseOrNull(m);
  return out ?? full(m.rows, m.cols, NaN);
}

function inverseOrNull(m: Mat): Mat | null {
  checkSquare("inv", m);
  const n = m.rows;
  if (n === 0) return zeros(0, 0);
  if (isDiagonalNonzero(m)) {
    const out = zeros(n, n);
    for (let i = 0; i < n; i++) out.data[i + i * n] = 1 / m.data[i + i * n]!;
    return out;
  }
  const f = factorLU(m);
  if (f.singular) return null;
  // A⁻¹ = A \ I, every column in one call.
  const out = zeros(n, n);
  for (let j = 0; j < n; j++) out.data[j + j * n] = 1;
  solveColumnsInPlace(f, out.data, n);
  return out;
}

function isDiagonalNonzero(m: Mat): boolean {
  const n = m.rows, d = m.data;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const v = d[i + j * n]!;
      if (i === j ? v === 0 || v !== v : v !== 0) return false;
    }
  }
  return true;
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
