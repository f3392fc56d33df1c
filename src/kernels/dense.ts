/**
 * The dense matrix value and its construction.
 *
 * Contract:
 * - A Mat is { rows, cols, data } with data stored COLUMN-MAJOR: entry (i, j)
 *   lives at data[i + j * rows]. Hence vec(A) is the data array itself.
 * - Mats are values: no kernel modifies its inputs, results are new Mats.
 * - Size mismatches throw a plain Error naming the operation and the shapes.
 *   Callers validate shapes beforehand, so such an error signals a bug.
 */

import { wasmAllFinite } from "./wasm/runtime.js";

export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function shapeText(m: Mat): string {
  return `${m.rows}×${m.cols}`;
}

export function checkDims(op: string, r: number, c: number): void {
  if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0) {
    throw new Error(`${op}: dimensions must be non-negative integers, got ${r}×${c}`);
  }
}

export function checkSameShape(op: string, a: Mat, b: Mat): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`${op}: shapes differ (${shapeText(a)} vs ${shapeText(b)})`);
  }
}

export function checkSquare(op: string, m: Mat): void {
  if (m.rows !== m.cols) throw new Error(`${op}: matrix must be square, got ${shapeText(m)}`);
}

/** Results of at most this many entries (8 KiB) are cut from a shared slab. */
const SMALL = 1024;
const SLAB_BYTES = 1 << 18;

/**
 * A run of zeroed storage that results are cut from, front to back; a new one when it is used up. The first is
 * made at the first cut, so a command that evaluates nothing allocates none.
 */
class Slab {
  private buffer: ArrayBuffer | null = null;
  private used = 0;

  cut(n: number): Float64Array {
    const bytes = n * 8;
    if (this.buffer === null || this.used + bytes > SLAB_BYTES) {
      this.buffer = new ArrayBuffer(SLAB_BYTES);
      this.used = 0;
    }
    const out = new Float64Array(this.buffer, this.used, n);
    this.used += bytes;
    return out;
  }
}

const shortLived = new Slab();
const longLived = new Slab();

/**
 * Zeroed storage for a result of n entries. One of at most 8 KiB is cut from a shared 256 KiB slab: a typed array
 * with a buffer of its own costs ten to thirty times more to make (V8 keeps such buffers outside its heap, and
 * zeroes and registers each), and a check makes millions of results. A slab is freed with the last result cut from
 * it; a value kept for long is copied out to slabs of its own (lasting), so short-lived results pin no slab for long.
 */
export function floats(n: number): Float64Array {
  return n > SMALL ? new Float64Array(n) : shortLived.cut(n);
}

/** A copy of `data` for a value kept for long (numeric/evaluate.ts): cut from slabs that hold only such values. */
export function lasting(data: Float64Array): Float64Array {
  if (data.length > SMALL) return data.slice();
  const out = longLived.cut(data.length);
  out.set(data);
  return out;
}

export function make(rows: number, cols: number, data: Float64Array): Mat {
  return { rows, cols, data };
}

export function zeros(r: number, c: number): Mat {
  checkDims("zeros", r, c);
  return make(r, c, floats(r * c));
}

export function full(r: number, c: number, v: number): Mat {
  checkDims("full", r, c);
  return make(r, c, floats(r * c).fill(v));
}

export function ones(r: number, c: number): Mat {
  checkDims("ones", r, c);
  return full(r, c, 1);
}

export function eye(n: number): Mat {
  checkDims("eye", n, n);
  const d = floats(n * n);
  for (let i = 0; i < n; i++) d[i + i * n] = 1;
  return { rows: n, cols: n, data: d };
}

export function scalar(v: number): Mat {
  return make(1, 1, Float64Array.of(v));
}

/** Builds a Mat from row arrays; [] gives the 0×0 matrix. */
export function fromRows(rows: number[][]): Mat {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0]!.length;
  const d = floats(r * c);
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
    throw new Error(`get: index (${i}, ${j}) out of range for ${shapeText(m)}`);
  }
  return m.data[i + j * m.rows]!;
}

export function isScalar(m: Mat): boolean {
  return m.rows === 1 && m.cols === 1;
}

export function scalarValue(m: Mat): number {
  if (!isScalar(m)) throw new Error(`scalarValue: expected 1×1, got ${shapeText(m)}`);
  return m.data[0]!;
}

export function isFiniteMat(m: Mat): boolean {
  const compiled = wasmAllFinite(m.data);
  if (compiled !== null) return compiled;
  const M = m.data, n = M.length;
  for (let t = 0; t < n; t++) if (!Number.isFinite(M[t]!)) return false;
  return true;
}

/** True for a square matrix whose off-diagonal entries are all zero (stops at the first that is not). */
export function isDiagonal(m: Mat): boolean {
  if (m.rows !== m.cols) return false;
  const n = m.rows, M = m.data;
  for (let j = 0; j < n; j++) {
    const off = j * n;
    for (let i = 0; i < n; i++) if (i !== j && M[off + i] !== 0) return false;
  }
  return true;
}
