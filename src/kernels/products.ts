/**
 * Matrix products on column-major Mats (see ./dense.js for the contract).
 *
 * The general product skips work that cannot change the result: a diagonal
 * factor scales rows or columns in O(mn) instead of O(mn²), and four
 * consecutive zero entries of B add nothing to C. Both shortcuts are taken
 * only when the other factor is finite, where 0·a = 0 holds exactly; with an
 * Inf or NaN present the dense sum runs, so 0·Inf still gives NaN.
 */
import { isDiagonal, isFiniteMat, shapeText, type Mat, floats } from "./dense.js";
import { WASM_MIN_WORK, wasmMatmul } from "./wasm/runtime.js";

/** diag(d)·B: row i of B scaled by d_i. */
function diagTimes(d: Mat, b: Mat): Mat {
  const m = b.rows, n = b.cols, D = d.data, B = b.data;
  const C = floats(m * n);
  for (let j = 0; j < n; j++) {
    const off = j * m;
    for (let i = 0; i < m; i++) C[off + i] = D[i + i * m]! * B[off + i]!;
  }
  return { rows: m, cols: n, data: C };
}

/** A·diag(d): column j of A scaled by d_j. */
function timesDiag(a: Mat, d: Mat): Mat {
  const m = a.rows, n = a.cols, D = d.data, A = a.data;
  const C = floats(m * n);
  for (let j = 0; j < n; j++) {
    const off = j * m, dj = D[j + j * n]!;
    for (let i = 0; i < m; i++) C[off + i] = A[off + i]! * dj;
  }
  return { rows: m, cols: n, data: C };
}

/**
 * C = A·B. Loop order j, k, i: the innermost loop walks columns of A and of
 * C contiguously, C[:, j] += A[:, k] · B[k, j]. Four values of k are folded
 * into each pass, and two columns j, j+1 of C share each pass, so every
 * entry of A loaded serves eight multiply-adds. Each entry of C is still
 * summed in the same order (groups of four k, in order), whatever the
 * pairing. A pass whose B entries are all zero is skipped when A is finite
 * (the structured Jacobians, I ⊗ A and A ⊗ I, are mostly zeros).
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
  // The same sums compiled to WebAssembly, for products large enough to be worth the copies.
  const compiled = m * n * p >= WASM_MIN_WORK ? wasmMatmul(a.data, b.data, m, p, n, skipZeros) : null;
  if (compiled) return { rows: m, cols: n, data: compiled };
  if (m === 1) return { rows: 1, cols: n, data: rowTimes(a.data, b.data, p, n, skipZeros) };
  const C = floats(m * n);
  let j = 0;
  for (; j + 1 < n; j += 2) accumulateColumnPair(C, a.data, b.data, m, p, j, skipZeros);
  if (j < n) accumulateColumn(C, a.data, b.data, m, p, j, skipZeros);
  return { rows: m, cols: n, data: C };
}

/** C[:, j] and C[:, j+1] = A·B[:, j] and A·B[:, j+1]. */
function accumulateColumnPair(C: Float64Array, A: Float64Array, B: Float64Array, m: number, p: number, j: number, skipZeros: boolean): void {
  const c0 = j * m, c1 = c0 + m, b0 = j * p, b1 = b0 + p;
  let k = 0;
  for (; k + 3 < p; k += 4) {
    const u0 = B[k + b0]!, u1 = B[k + 1 + b0]!, u2 = B[k + 2 + b0]!, u3 = B[k + 3 + b0]!;
    const v0 = B[k + b1]!, v1 = B[k + 1 + b1]!, v2 = B[k + 2 + b1]!, v3 = B[k + 3 + b1]!;
    if (skipZeros && u0 === 0 && u1 === 0 && u2 === 0 && u3 === 0 && v0 === 0 && v1 === 0 && v2 === 0 && v3 === 0) continue;
    addColumns4x2(C, c0, c1, A, k * m, m, u0, u1, u2, u3, v0, v1, v2, v3);
  }
  for (; k < p; k++) {
    const u = B[k + b0]!, v = B[k + b1]!;
    if (skipZeros && u === 0 && v === 0) continue;
    addColumn(C, c0, A, k * m, m, u);
    addColumn(C, c1, A, k * m, m, v);
  }
}

/** C[:, j] = A·B[:, j]. */
function accumulateColumn(C: Float64Array, A: Float64Array, B: Float64Array, m: number, p: number, j: number, skipZeros: boolean): void {
  const cOff = j * m, bOff = j * p;
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

/**
 * a·B for a row a (1×p): entry j is a·B[:, j], summed in groups of four k in order, as
 * accumulateColumn sums it (the same result), but as one dot product per column instead of
 * p/4 calls over columns of length one (a gradient's Jacobian is such a row).
 */
function rowTimes(A: Float64Array, B: Float64Array, p: number, n: number, skipZeros: boolean): Float64Array {
  const C = floats(n);
  for (let j = 0; j < n; j++) C[j] = rowDotColumn(A, B, j * p, p, skipZeros);
  return C;
}

function rowDotColumn(A: Float64Array, B: Float64Array, bOff: number, p: number, skipZeros: boolean): number {
  let s = 0;
  let k = 0;
  for (; k + 3 < p; k += 4) {
    const b0 = B[k + bOff]!, b1 = B[k + 1 + bOff]!, b2 = B[k + 2 + bOff]!, b3 = B[k + 3 + bOff]!;
    if (skipZeros && b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0) continue;
    s += A[k]! * b0 + A[k + 1]! * b1 + A[k + 2]! * b2 + A[k + 3]! * b3;
  }
  for (; k < p; k++) {
    const b = B[k + bOff]!;
    if (skipZeros && b === 0) continue;
    s += A[k]! * b;
  }
  return s;
}

// The inner loops are small functions of their own, optimised after a few calls rather than
// when the loop nest around them is.

/** C[cOff + i] += A[a0 + i]·b0 + A[a0 + m + i]·b1 + A[a0 + 2m + i]·b2 + A[a0 + 3m + i]·b3, i < m. */
function addColumns4(C: Float64Array, cOff: number, A: Float64Array, a0: number, m: number, b0: number, b1: number, b2: number, b3: number): void {
  const a1 = a0 + m, a2 = a1 + m, a3 = a2 + m;
  for (let i = 0; i < m; i++) C[i + cOff] += A[i + a0]! * b0 + A[i + a1]! * b1 + A[i + a2]! * b2 + A[i + a3]! * b3;
}

/** addColumns4 for two columns of C at once, sharing the loads of A. */
function addColumns4x2(
  C: Float64Array, c0: number, c1: number, A: Float64Array, a0: number, m: number,
  u0: number, u1: number, u2: number, u3: number, v0: number, v1: number, v2: number, v3: number,
): void {
  const a1 = a0 + m, a2 = a1 + m, a3 = a2 + m;
  for (let i = 0; i < m; i++) {
    const x0 = A[i + a0]!, x1 = A[i + a1]!, x2 = A[i + a2]!, x3 = A[i + a3]!;
    C[i + c0] += x0 * u0 + x1 * u1 + x2 * u2 + x3 * u3;
    C[i + c1] += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
  }
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
  const out = floats(R * n * q);
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
