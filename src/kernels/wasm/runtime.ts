/**
 * The WebAssembly kernels (./module-code.js, assembled at build time into
 * ./generated/kernels-bytes.js) behind a JavaScript face: the module is
 * compiled on first use, arrays are copied into its memory (grown as
 * needed), and results copied out. Where WebAssembly is unavailable (a page
 * whose Content-Security-Policy forbids compiling it, node --jitless) or its
 * memory cannot grow, the calls here return null (or false) and the callers
 * run their JavaScript loops, which give the same results.
 */
import { KERNELS_WASM_BASE64 } from "./generated/kernels-bytes.js";

/**
 * The least work, in multiply-adds, worth a trip through the module for the O(n³) kernels, and
 * the fewest entries for a pass over one array: below them the copies cost more than the
 * JavaScript loops (and the small sizes of most checks stay in them).
 */
export const WASM_MIN_WORK = 4096;
export const WASM_MIN_ENTRIES = 2048;

interface Exports {
  readonly memory: WebAssembly.Memory;
  factor(a: number, n: number, perm: number): number;
  solve(lu: number, n: number, perm: number, b: number, cols: number, work: number): void;
  matmul(a: number, b: number, c: number, m: number, p: number, n: number, skipZeros: number): void;
  add(out: number, a: number, b: number, n: number): void;
  sub(out: number, a: number, b: number, n: number): void;
  mul(out: number, a: number, b: number, n: number): void;
  div(out: number, a: number, b: number, n: number): void;
  addScaled(out: number, x: number, s: number, v: number, n: number): void;
  scale(out: number, s: number, m: number, n: number): void;
  neg(out: number, m: number, n: number): void;
  scaleToEntries(v: number, x: number, c: number, n: number): void;
  sumOfSquares(m: number, n: number): number;
  allFinite(m: number, n: number): number;
  transpose(out: number, m: number, r: number, c: number): void;
  fillSigned(out: number, n: number, st: number): void;
  fillPairs(out: number, pairs: number, st: number): void;
  inner(a: number, b: number, n: number): number;
  central(out: number, p: number, m: number, s: number, n: number): void;
  pushDiagonalOut(a: number, n: number, positive: number): void;
  dominanceBound(a: number, n: number): number;
}

let compiled: Exports | null | undefined;
let enabled = true;

/** Turns the WebAssembly kernels off (or on again): the tests compare both paths, entry by entry. */
export function useWasmKernels(on: boolean): void {
  enabled = on;
}

function module(): Exports | null {
  if (!enabled) return null;
  if (compiled !== undefined) return compiled;
  try {
    const bytes = decodedBytes(atob(KERNELS_WASM_BASE64));
    const env = { log: Math.log, cos: Math.cos, sin: Math.sin };
    compiled = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env }).exports as unknown as Exports;
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * The bytes of a binary string (each character one byte), read by index: Uint8Array.from with a mapping function
 * allocates an iterator result and a one-character string per byte, about 120 KB for the module, on the path of
 * every --check.
 */
function decodedBytes(binary: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether the WebAssembly kernels are in use here (compiled, and not turned off). */
export function wasmKernelsAvailable(): boolean {
  return module() !== null;
}

/** An array handed to the module: copied in before the call, and out after it when `out`. */
type Region = { readonly data: Float64Array | Int32Array; readonly out?: boolean } | { readonly zeros: number };

/**
 * Lays the regions out in the module's memory (each 8-byte aligned), copies the inputs in, runs
 * `body` with their byte addresses, and copies every `out` region back; null when the module is
 * unavailable or its memory cannot hold them (then nothing was called).
 */
function withRegions<T>(regions: readonly Region[], body: (m: Exports, at: number[]) => T): { value: T; zeros: Float64Array[] } | null {
  const m = module();
  if (!m) return null;
  const at: number[] = [];
  let end = 0;
  for (const r of regions) {
    at.push(end);
    end += Math.ceil(("zeros" in r ? 8 * r.zeros : r.data.byteLength) / 8) * 8;
  }
  // The loops compare byte offsets as signed 32-bit integers: everything stays below 2 GiB.
  if (end >= 2 ** 31) return null;
  const have = m.memory.buffer.byteLength;
  if (end > have) {
    try {
      m.memory.grow(Math.ceil((end - have) / 65536));
    } catch {
      return null;
    }
  }
  const buffer = m.memory.buffer;
  const view = (r: Region, k: number) =>
    "zeros" in r ? new Float64Array(buffer, at[k]!, r.zeros)
      : r.data instanceof Float64Array ? new Float64Array(buffer, at[k]!, r.data.length) : new Int32Array(buffer, at[k]!, r.data.length);
  regions.forEach((r, k) => ("zeros" in r ? (view(r, k) as Float64Array).fill(0) : view(r, k).set(r.data)));
  const value = body(m, at);
  const zeros: Float64Array[] = [];
  regions.forEach((r, k) => {
    if ("zeros" in r) zeros.push((view(r, k) as Float64Array).slice());
    else if (r.out) r.data.set(view(r, k));
  });
  return { value, zeros };
}

export interface WasmLU {
  readonly lu: Float64Array;
  readonly perm: Int32Array;
  readonly swaps: number;
  readonly singular: boolean;
}

/** P·A = L·U of column-major n×n `a` (not modified), as factorFresh in ../lu.js computes it. */
export function wasmFactor(a: Float64Array, n: number): WasmLU | null {
  const lu = a.slice();
  const perm = new Int32Array(n);
  const r = withRegions([{ data: lu, out: true }, { data: perm, out: true }], (m, [aAt, permAt]) => m.factor(aAt!, n, permAt!));
  return r && { lu, perm, swaps: r.value >> 1, singular: (r.value & 1) === 1 };
}

/** B (n × cols, column-major) ← A⁻¹B on A's factors, in place; false if the module cannot take it. */
export function wasmSolve(lu: Float64Array, perm: Int32Array, n: number, b: Float64Array, cols: number): boolean {
  return withRegions([{ data: lu }, { data: b, out: true }, { data: perm }, { zeros: n }], (m, [luAt, bAt, permAt, workAt]) =>
    m.solve(luAt!, n, permAt!, bAt!, cols, workAt!)) !== null;
}

/** A·B for column-major A m×p and B p×n, as accumulateColumn in ../products.js sums it; null if the module cannot take it. */
export function wasmMatmul(a: Float64Array, b: Float64Array, rows: number, inner: number, cols: number, skipZeros: boolean): Float64Array | null {
  const r = withRegions([{ data: a }, { data: b }, { zeros: rows * cols }], (m, [aAt, bAt, cAt]) =>
    m.matmul(aAt!, bAt!, cAt!, rows, inner, cols, skipZeros ? 1 : 0));
  return r && r.zeros[0]!;
}

export type ZipOp = "add" | "sub" | "mul" | "div";

/**
 * A new array as long as `inputs[0]`, filled by `call` (given the addresses of the output and of each input,
 * in order); null when the module is unavailable or the arrays are too short to be worth the copies.
 */
function entrywise(inputs: readonly Float64Array[], call: (m: Exports, out: number, at: number[]) => void): Float64Array | null {
  const n = inputs[0]!.length;
  if (n < WASM_MIN_ENTRIES) return null;
  const r = withRegions([{ zeros: n }, ...inputs.map((data) => ({ data }))], (m, [out, ...at]) => call(m, out!, at));
  return r && r.zeros[0]!;
}

/** out_i ← out_i + a_i in place (the module's add, with out as its first operand); false when left to the caller. */
export function wasmAccumulate(out: Float64Array, a: Float64Array): boolean {
  if (out.length < WASM_MIN_ENTRIES) return false;
  return withRegions([{ data: out, out: true }, { data: a }], (m, [o, aAt]) => m.add(o!, o!, aAt!, out.length)) !== null;
}

/** a_i op b_i, or null. */
export const wasmZip = (op: ZipOp, a: Float64Array, b: Float64Array): Float64Array | null =>
  entrywise([a, b], (m, out, [aAt, bAt]) => m[op](out, aAt!, bAt!, a.length));

/** x_i + s·v_i, or null. */
export const wasmAddScaled = (x: Float64Array, s: number, v: Float64Array): Float64Array | null =>
  entrywise([x, v], (m, out, [xAt, vAt]) => m.addScaled(out, xAt!, s, vAt!, x.length));

/** s·m_i, or null. */
export const wasmScale = (s: number, a: Float64Array): Float64Array | null => entrywise([a], (m, out, [aAt]) => m.scale(out, s, aAt!, a.length));

/** −m_i, or null. */
export const wasmNeg = (a: Float64Array): Float64Array | null => entrywise([a], (m, out, [aAt]) => m.neg(out, aAt!, a.length));

/** v_i ← c·v_i·max(|x_i|, 0.1) in place; false when left to the caller. */
export function wasmScaleToEntries(v: Float64Array, x: Float64Array, c: number): boolean {
  if (v.length < WASM_MIN_ENTRIES) return false;
  return withRegions([{ data: v, out: true }, { data: x }], (m, [vAt, xAt]) => m.scaleToEntries(vAt!, xAt!, c, v.length)) !== null;
}

/** Σ m_i² in order, or null. */
export function wasmSumOfSquares(a: Float64Array): number | null {
  if (a.length < WASM_MIN_ENTRIES) return null;
  return withRegions([{ data: a }], (m, [aAt]) => m.sumOfSquares(aAt!, a.length))?.value ?? null;
}

/** ⟨a, b⟩ compensated, in order, or null. */
export function wasmInner(a: Float64Array, b: Float64Array): number | null {
  if (a.length < WASM_MIN_ENTRIES) return null;
  return withRegions([{ data: a }, { data: b }], (m, [aAt, bAt]) => m.inner(aAt!, bAt!, a.length))?.value ?? null;
}

/** out_i ← s·(p_i − m_i); false when left to the caller. */
export function wasmCentral(out: Float64Array, p: Float64Array, m: Float64Array, s: number): boolean {
  if (out.length < WASM_MIN_ENTRIES) return false;
  return withRegions([{ data: out, out: true }, { data: p }, { data: m }], (k, [o, pAt, mAt]) => k.central(o!, pAt!, mAt!, s, out.length)) !== null;
}

/** Whether every entry is finite, or null. */
export function wasmAllFinite(a: Float64Array): boolean | null {
  if (a.length < WASM_MIN_ENTRIES) return null;
  const r = withRegions([{ data: a }], (m, [aAt]) => m.allFinite(aAt!, a.length));
  return r && r.value === 1;
}

/** Mᵀ (c×r) of column-major r×c M, or null. */
export const wasmTranspose = (a: Float64Array, rows: number, cols: number): Float64Array | null =>
  entrywise([a], (m, out, [aAt]) => m.transpose(out, aAt!, rows, cols));

/** out ← the next out.length uniform values on [−1, 1) of the SFC32 state `st` (advanced); false when left to the caller. */
export function wasmFillSigned(out: Float64Array, st: Int32Array): boolean {
  if (out.length < WASM_MIN_ENTRIES) return false;
  return withRegions([{ data: out, out: true }, { data: st, out: true }], (m, [o, s]) => m.fillSigned(o!, out.length, s!)) !== null;
}

/** out[from …] ← `pairs` Box–Muller pairs from the state `st` (advanced); false when left to the caller. */
export function wasmFillPairs(out: Float64Array, from: number, pairs: number, st: Int32Array): boolean {
  if (2 * pairs < WASM_MIN_ENTRIES) return false;
  const target = out.subarray(from, from + 2 * pairs);
  return withRegions([{ data: target, out: true }, { data: st, out: true }], (m, [o, s]) => m.fillPairs(o!, pairs, s!)) !== null;
}

/** pushDiagonalOut of ../../numeric/random.js on column-major n×n `a`, in place; false when left to the caller. */
export function wasmPushDiagonalOut(a: Float64Array, n: number, positive: boolean): boolean {
  if (n * n < WASM_MIN_ENTRIES) return false;
  return withRegions([{ data: a, out: true }], (m, [aAt]) => m.pushDiagonalOut(aAt!, n, positive ? 1 : 0)) !== null;
}

/** ‖A‖₁/α of dominanceConditionBound in ../condition.js (+∞ when A is not column-dominant), or null when left to the caller. */
export function wasmDominanceBound(a: Float64Array, n: number): number | null {
  if (n * n < WASM_MIN_ENTRIES) return null;
  return withRegions([{ data: a }], (m, [aAt]) => m.dominanceBound(aAt!, n))?.value ?? null;
}
