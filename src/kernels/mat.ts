/**
 * Dense real matrices for numeric evaluation and finite-difference checks.
 *
 * Contract:
 * - A Mat is { rows, cols, data } with data stored COLUMN-MAJOR: entry (i, j)
 *   lives at data[i + j * rows]. Hence vec(A) is the data array itself.
 * - Every function is pure: inputs are never modified, results are new Mats.
 * - Size mismatches throw a plain Error naming the operation and the shapes.
 *   Callers validate shapes beforehand, so such an error signals a bug.
 * - Inner loops run directly over Float64Array with no per-element
 *   allocation or function dispatch (map and zip excepted, by design).
 * - The mathjs-backed linear algebra (inv, det, logdet, ...) and
 *   softmax / logsumexp live in ./linalg.js.
 */

export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

function shape(m: Mat): string {
  return `${m.rows}×${m.cols}`;
}

function checkDims(op: string, r: number, c: number): void {
  if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0) {
    throw new Error(`${op}: dimensions must be non-negative integers, got ${r}×${c}`);
  }
}

function checkSameShape(op: string, a: Mat, b: Mat): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`${op}: shapes differ (${shape(a)} vs ${shape(b)})`);
  }
}

function checkSquare(op: string, m: Mat): void {
  if (m.rows !== m.cols) throw new Error(`${op}: matrix must be square, got ${shape(m)}`);
}

function make(rows: number, cols: number, data: Float64Array): Mat {
  return { rows, cols, data };
}

// ---------------------------------------------------------------- construction

export function zeros(r: number, c: number): Mat {
  checkDims("zeros", r, c);
  return make(r, c, new Float64Array(r * c));
}

export function full(r: number, c: number, v: number): Mat {
  checkDims("full", r, c);
  return make(r, c, new Float64Array(r * c).fill(v));
}

export function ones(r: number, c: number): Mat {
  checkDims("ones", r, c);
  return full(r, c, 1);
}

export function eye(n: number): Mat {
  checkDims("eye", n, n);
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) d[i + i * n] = 1;
  return make(n, n, d);
}

export function scalar(v: number): Mat {
  return make(1, 1, Float64Array.of(v));
}

/** Builds a Mat from row arrays; [] gives the 0×0 matrix. */
export function fromRows(rows: number[][]): Mat {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const d = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    if (row.length !== c) {
      throw new Error(`fromRows: row ${i} has ${row.length} entries, expected ${c}`);
    }
    for (let j = 0; j < c; j++) d[i + j * r] = row[j]!;
  }
  return make(r, c, d);
}

export function toRows(m: Mat): number[][] {
  const { rows: r, cols: c, data: d } = m;
  const out: number[][] = new Array(r);
  for (let i = 0; i < r; i++) {
    const row: number[] = new Array(c);
    for (let j = 0; j < c; j++) row[j] = d[i + j * r]!;
    out[i] = row;
  }
  return out;
}

export function get(m: Mat, i: number, j: number): number {
  if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= m.rows || j >= m.cols) {
    throw new Error(`get: index (${i}, ${j}) out of range for ${shape(m)}`);
  }
  return m.data[i + j * m.rows]!;
}

export function isScalar(m: Mat): boolean {
  return m.rows === 1 && m.cols === 1;
}

export function scalarValue(m: Mat): number {
  if (!isScalar(m)) throw new Error(`scalarValue: expected 1×1, got ${shape(m)}`);
  return m.data[0]!;
}

// ------------------------------------------------------------------ products

/**
 * C = A·B. Loop order j, k, i: the innermost loop walks columns of A and
 * column j of C contiguously, C[:, j] += A[:, k] · B[k, j]. Four values of k
 * are folded into each pass so that C[:, j] is loaded and stored a quarter
 * as often.
 */
export function matmul(a: Mat, b: Mat): Mat {
  if (a.cols !== b.rows) {
    throw new Error(`matmul: inner dimensions differ (${shape(a)} · ${shape(b)})`);
  }
  const m = a.rows, n = b.cols, p = a.cols;
  const A = a.data, B = b.data;
  const C = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    const cOff = j * m;
    const bOff = j * p;
    let k = 0;
    for (; k + 3 < p; k += 4) {
      const b0 = B[k + bOff]!, b1 = B[k + 1 + bOff]!, b2 = B[k + 2 + bOff]!, b3 = B[k + 3 + bOff]!;
      const a0 = k * m, a1 = a0 + m, a2 = a1 + m, a3 = a2 + m;
      for (let i = 0; i < m; i++) {
        C[i + cOff] += A[i + a0]! * b0 + A[i + a1]! * b1 + A[i + a2]! * b2 + A[i + a3]! * b3;
      }
    }
    for (; k < p; k++) {
      const bkj = B[k + bOff]!;
      const aOff = k * m;
      for (let i = 0; i < m; i++) C[i + cOff] += A[i + aOff]! * bkj;
    }
  }
  return make(m, n, C);
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
  return make(R, n * q, out);
}

// --------------------------------------------------------------- elementwise

export function add(a: Mat, b: Mat): Mat {
  checkSameShape("add", a, b);
  const A = a.data, B = b.data, n = A.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = A[t]! + B[t]!;
  return make(a.rows, a.cols, out);
}

export function sub(a: Mat, b: Mat): Mat {
  checkSameShape("sub", a, b);
  const A = a.data, B = b.data, n = A.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = A[t]! - B[t]!;
  return make(a.rows, a.cols, out);
}

export function hadamard(a: Mat, b: Mat): Mat {
  checkSameShape("hadamard", a, b);
  const A = a.data, B = b.data, n = A.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = A[t]! * B[t]!;
  return make(a.rows, a.cols, out);
}

export function hdiv(a: Mat, b: Mat): Mat {
  checkSameShape("hdiv", a, b);
  const A = a.data, B = b.data, n = A.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = A[t]! / B[t]!;
  return make(a.rows, a.cols, out);
}

export function scale(s: number, m: Mat): Mat {
  const M = m.data, n = M.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = s * M[t]!;
  return make(m.rows, m.cols, out);
}

export function neg(m: Mat): Mat {
  const M = m.data, n = M.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = -M[t]!;
  return make(m.rows, m.cols, out);
}

export function map(m: Mat, f: (x: number) => number): Mat {
  const M = m.data, n = M.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = f(M[t]!);
  return make(m.rows, m.cols, out);
}

export function zip(a: Mat, b: Mat, f: (x: number, y: number) => number): Mat {
  checkSameShape("zip", a, b);
  const A = a.data, B = b.data, n = A.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = f(A[t]!, B[t]!);
  return make(a.rows, a.cols, out);
}

// ----------------------------------------------------------------- structure

/** (Aᵀ)[j, i] = A[i, j]. */
export function transpose(m: Mat): Mat {
  const r = m.rows, c = m.cols, M = m.data;
  const out = new Float64Array(r * c);
  for (let j = 0; j < c; j++) {
    const off = j * r;
    for (let i = 0; i < r; i++) out[j + i * c] = M[i + off]!;
  }
  return make(c, r, out);
}

/** diag(v)[i, i] = v_i for a vector v of either orientation. */
export function diagEmbed(v: Mat): Mat {
  if (v.rows !== 1 && v.cols !== 1) {
    throw new Error(`diagEmbed: expected a vector, got ${shape(v)}`);
  }
  const n = v.data.length, V = v.data;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i + i * n] = V[i]!;
  return make(n, n, out);
}

/** Column vector of the diagonal of a square matrix. */
export function diagExtract(m: Mat): Mat {
  checkSquare("diagExtract", m);
  const n = m.rows, M = m.data;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = M[i + i * n]!;
  return make(n, 1, out);
}

/** vec(A): columns stacked, mn×1 — a copy of the column-major data. */
export function vec(m: Mat): Mat {
  return make(m.rows * m.cols, 1, m.data.slice());
}

/** Column-major reshape; reshape(vec(A), m, n) = A. */
export function reshape(v: Mat, r: number, c: number): Mat {
  checkDims("reshape", r, c);
  if (v.data.length !== r * c) {
    throw new Error(`reshape: cannot reshape ${shape(v)} (${v.data.length} entries) to ${r}×${c}`);
  }
  return make(r, c, v.data.slice());
}

/**
 * Commutation matrix K (mn×mn) with K·vec(A) = vec(Aᵀ) for A m×n:
 * vec(A)[i + j·m] = A[i, j] = vec(Aᵀ)[j + i·n], so K[j + i·n, i + j·m] = 1.
 */
export function commutation(m: number, n: number): Mat {
  checkDims("commutation", m, n);
  const N = m * n;
  const out = new Float64Array(N * N);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out[(j + i * n) + (i + j * m) * N] = 1;
  }
  return make(N, N, out);
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
  const out = new Float64Array(r * c);
  for (let j = 0; j < c; j++) {
    const src = j * colStride, dst = j * r;
    for (let i = 0; i < r; i++) out[dst + i] = M[src + i * rowStride]!;
  }
  return make(r, c, out);
}

// ---------------------------------------------------------------- reductions

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

/** ‖A‖_F = sqrt(Σ a_ij²), safe against overflow and underflow. */
export function frobenius(m: Mat): number {
  const M = m.data, n = M.length;
  let ss = 0;
  for (let t = 0; t < n; t++) ss += M[t]! * M[t]!;
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
  let ss = 0;
  for (let t = 0; t < n; t++) {
    const d = A[t]! - B[t]!;
    ss += d * d;
  }
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

export function isFiniteMat(m: Mat): boolean {
  const M = m.data, n = M.length;
  for (let t = 0; t < n; t++) if (!Number.isFinite(M[t]!)) return false;
  return true;
}
