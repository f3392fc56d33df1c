/**
 * Matrix products on column-major Mats (see ./dense.js for the contract).
 *
 * The general product skips work that cannot change the result: a diagonal
 * factor scales rows or columns in O(mn) instead of O(mn²), and four
 * consecutive zero entries of B add nothing to C. Both shortcuts are taken
 * only when the other factor is finite, where 0·a = 0 holds exactly; with an
 * Inf or NaN present the dense sum runs, so 0·Inf still gives NaN.
 */
import { isDiagonal, isFiniteMat, shapeText, type Mat } from "./dense.js";

/** diag(d)·B: row i of B scaled by d_i. */
function diagTimes(d: Mat, b: Mat): Mat {
  const m = b.rows, n = b.cols, D = d.data, B = b.data;
  const C = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    const off = j * m;
    for (let i = 0; i < m; i++) C[off + i] = D[i + i * m]! * B[off + i]!;
  }
  return { rows: m, cols: n, data: C };
}

/** A·diag(d): column j of A scaled by d_j. */
function timesDiag(a: Mat, d: Mat): Mat {
  const m = a.rows, n = a.cols, D = d.data, A = a.data;
  const C = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    const off = j * m, dj = D[j + j * n]!;
    for (let i = 0; i < m; i++) C[off + i] = A[off + i]! * dj;
  }
  return { rows: m, cols: n, data: C };
}

/**
 * C = A·B. Loop order j, k, i: the innermost loop walks columns of A and
 * column j of C contiguously, C[:, j] += A[:, k] · B[k, j]. Four values of k
 * are folded into each pass so that C[:, j] is loaded and stored a quarter
 * as often; a pass whose four B entries are all zero is skipped when A is
 * finite (the structured Jacobians, I ⊗ A and A ⊗ I, are mostly zeros).
 */
export function matmul(a: Mat, b: Mat): Mat {
  if (a.cols !== b.rows) {
    throw new Error(`matmul: inner dimensions differ (${shapeText(a)} · ${shapeText(b)})`);
  }
  const m = a.rows, n = b.cols, p = a.cols;
  const bigEnough = m > 1 && n > 1 && p > 1;
  if (bigEnough && isDiagonal(a) && isFiniteMat(b)) return diagTimes(a, b);
  if (bigEnough && isDiagonal(b) && isFiniteMat(a)) return timesDiag(a, b);
  const skipZeros = n > 1 && isFiniteMat(a);
  const A = a.data, B = b.data;
  const C = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    const cOff = j * m;
    const bOff = j * p;
    let k = 0;
    for (; k + 3 < p; k += 4) {
      const b0 = B[k + bOff]!, b1 = B[k + 1 + bOff]!, b2 = B[k + 2 + bOff]!, b3 = B[k + 3 + bOff]!;
      if (skipZeros && b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0) continue;
      addColumns4(C, cOff, A, k * m, m, b0, b1, b2, b3);
    }
    for (; k < p; k++) {
      const bkj = B[k + bOff]!;
      if (skipZeros && bkj === 0) continue;
      addColumn(C, cOff, A, k * m, m, bkj);
    }
  }
  return { rows: m, cols: n, data: C };
}

// The inner loops are small functions of their own, optimised after a few calls rather than
// when the loop nest around them is.

/** C[cOff + i] += A[a0 + i]·b0 + A[a0 + m + i]·b1 + A[a0 + 2m + i]·b2 + A[a0 + 3m + i]·b3, i < m. */
function addColumns4(C: Float64Array, cOff: number, A: Float64Array, a0: number, m: number, b0: number, b1: number, b2: number, b3: number): void {
  const a1 = a0 + m, a2 = a1 + m, a3 = a2 + m;
  for (let i = 0; i < m; i++) C[i + cOff] += A[i + a0]! * b0 + A[i + a1]! * b1 + A[i + a2]! * b2 + A[i + a3]! * b3;
}

/** C[cOff + i] += A[aOff + i]·b, i < m. */
function addColumn(C: Float64Array, cOff: number, A: Float64Array, aOff: number, m: number, b: number): void {
  for (let i = 0; i < m; i++) C[i + cOff] += A[i + aOff]! * b;
}

/**
 * Kronecker product, B p×q: (A⊗B)[i·p + k, j·q + l] = A[i, j]·B[k, l].
 * Written column by column of the result.
 */
export function kron(a: Mat, b: Mat): Mat {
  const m = a.rows, n = a.cols, p = b.rows, q = b.cols;
  const R = m * p;
  const A = a.data, B = b.data;
  const out = new Float64Array(R * n * q);
  for (let j = 0; j < n; j++) {
    for (let l = 0; l < q; l++) {
      const colOff = (j * q + l) * R;
      const bOff = l * p;
      for (let i = 0; i < m; i++) {
        const aij = A[i + j * m]!;
        const rowOff = colOff + i * p;
        for (let k = 0; k < p; k++) out[rowOff + k] = aij * B[k + bOff]!;
      }
    }
  }
  return { rows: R, cols: n * q, data: out };
}
