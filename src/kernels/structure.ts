/**
 * Transposes, diagonals, reshapes and broadcasting (see ./dense.js for the
 * contract). Results are built as literals after the loops, as in
 * ./elementwise.js, so that no call after a loop lacks type feedback.
 */
import { checkDims, checkSquare, shapeText as shape, type Mat, floats } from "./dense.js";
import { wasmTranspose } from "./wasm/runtime.js";

/** (Aᵀ)[j, i] = A[i, j]. */
export function transpose(m: Mat): Mat {
  const r = m.rows, c = m.cols, M = m.data;
  // A vector's transpose has the same column-major entries.
  if (r === 1 || c === 1) return { rows: c, cols: r, data: M.slice() };
  let out = wasmTranspose(M, r, c);
  if (!out) {
    out = floats(r * c);
    transposeInto(out, M, r, c);
  }
  return { rows: c, cols: r, data: out };
}

/** out (c×r) = Mᵀ for column-major r×c M; a leaf loop, as in ./elementwise.js. */
function transposeInto(out: Float64Array, M: Float64Array, r: number, c: number): void {
  for (let j = 0; j < c; j++) {
    const off = j * r;
    for (let i = 0; i < r; i++) out[j + i * c] = M[i + off]!;
  }
}

/** diag(v)[i, i] = v_i for a vector v of either orientation. */
export function diagEmbed(v: Mat): Mat {
  if (v.rows !== 1 && v.cols !== 1) {
    throw new Error(`diagEmbed: expected a vector, got ${shape(v)}`);
  }
  const n = v.data.length, V = v.data;
  const out = floats(n * n);
  for (let i = 0; i < n; i++) out[i + i * n] = V[i]!;
  return { rows: n, cols: n, data: out };
}

/** Column vector of the diagonal of a square matrix. */
export function diagExtract(m: Mat): Mat {
  checkSquare("diagExtract", m);
  const n = m.rows, M = m.data;
  const out = floats(n);
  for (let i = 0; i < n; i++) out[i] = M[i + i * n]!;
  return { rows: n, cols: 1, data: out };
}

/** vec(A): columns stacked, mn×1 — a copy of the column-major data. */
export function vec(m: Mat): Mat {
  return { rows: m.rows * m.cols, cols: 1, data: m.data.slice() };
}

/** Column-major reshape; reshape(vec(A), m, n) = A. */
export function reshape(v: Mat, r: number, c: number): Mat {
  checkDims("reshape", r, c);
  if (v.data.length !== r * c) {
    throw new Error(`reshape: cannot reshape ${shape(v)} (${v.data.length} entries) to ${r}×${c}`);
  }
  return { rows: r, cols: c, data: v.data.slice() };
}

/**
 * Commutation matrix K (mn×mn) with K·vec(A) = vec(Aᵀ) for A m×n:
 * vec(A)[i + j·m] = A[i, j] = vec(Aᵀ)[j + i·n], so K[j + i·n, i + j·m] = 1.
 */
export function commutation(m: number, n: number): Mat {
  checkDims("commutation", m, n);
  const N = m * n;
  const out = floats(N * N);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out[(j + i * n) + (i + j * m) * N] = 1;
  }
  return { rows: N, cols: N, data: out };
}

/**
 * NumPy-style broadcast to r×c: each dimension must either equal the target
 * or be 1, in which case the single row/column is repeated.
 */
export function broadcastTo(m: Mat, r: number, c: number): Mat {
  checkDims("broadcastTo", r, c);
  const rowsOk = m.rows === r || m.rows === 1;
  const colsOk = m.cols === c || m.cols === 1;
  if (!rowsOk || !colsOk) throw new Error(`broadcastTo: cannot broadcast ${shape(m)} to ${r}×${c}`);
  const M = m.data, mr = m.rows;
  const rowStride = m.rows === 1 ? 0 : 1;
  const colStride = m.cols === 1 ? 0 : mr;
  const out = floats(r * c);
  for (let j = 0; j < c; j++) {
    const src = j * colStride, dst = j * r;
    for (let i = 0; i < r; i++) out[dst + i] = M[src + i * rowStride]!;
  }
  return { rows: r, cols: c, data: out };
}

