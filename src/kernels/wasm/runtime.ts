/**
 * The WebAssembly kernels (./kernels-code.js, assembled at build time into
 * ./generated/kernels-bytes.js) behind a JavaScript face: the module is
 * compiled on first use, arrays are copied into its memory (grown
 * as needed), and results copied out. Where WebAssembly is unavailable (a
 * page whose Content-Security-Policy forbids compiling it, node --jitless)
 * or its memory cannot grow, `wasmKernels()` and the calls return null and
 * the callers use their JavaScript loops, which give the same results.
 */
import { KERNELS_WASM_BASE64 } from "./generated/kernels-bytes.js";

/**
 * The least work, in multiply-adds, worth a trip through the module: below it the copies
 * cost more than the JavaScript loops (and the small sizes of most checks stay in them).
 */
export const WASM_MIN_WORK = 4096;

interface Exports {
  readonly memory: WebAssembly.Memory;
  factor(a: number, n: number, perm: number): number;
  solve(lu: number, n: number, perm: number, b: number, cols: number, work: number): void;
  matmul(a: number, b: number, c: number, m: number, p: number, n: number, skipZeros: number): void;
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
    const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
    compiled = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Whether the WebAssembly kernels are in use here (compiled, and not turned off). */
export function wasmKernelsAvailable(): boolean {
  return module() !== null;
}

/** Byte offsets of consecutive regions of the given byte sizes, each aligned to 8; null if memory cannot hold them. */
function layout(exports: Exports, sizes: readonly number[]): number[] | null {
  const offsets: number[] = [];
  let end = 0;
  for (const s of sizes) {
    offsets.push(end);
    end += Math.ceil(s / 8) * 8;
  }
  const have = exports.memory.buffer.byteLength;
  if (end > have) {
    try {
      exports.memory.grow(Math.ceil((end - have) / 65536));
    } catch {
      return null;
    }
  }
  return offsets;
}

export interface WasmLU {
  readonly lu: Float64Array;
  readonly perm: Int32Array;
  readonly swaps: number;
  readonly singular: boolean;
}

/** P·A = L·U of column-major n×n `a` (not modified), as factorFresh in ../lu.js computes it. */
export function wasmFactor(a: Float64Array, n: number): WasmLU | null {
  const m = module();
  const at = m && layout(m, [8 * n * n, 4 * n]);
  if (!m || !at) return null;
  const [aAt, permAt] = at as [number, number];
  new Float64Array(m.memory.buffer, aAt, n * n).set(a);
  const code = m.factor(aAt, n, permAt);
  return {
    lu: new Float64Array(m.memory.buffer, aAt, n * n).slice(),
    perm: new Int32Array(m.memory.buffer, permAt, n).slice(),
    swaps: code >> 1,
    singular: (code & 1) === 1,
  };
}

/** B (n × cols, column-major) ← A⁻¹B on A's factors, in place; false if the module cannot take it. */
export function wasmSolve(lu: Float64Array, perm: Int32Array, n: number, b: Float64Array, cols: number): boolean {
  const m = module();
  const at = m && layout(m, [8 * n * n, 8 * n * cols, 4 * n, 8 * n]);
  if (!m || !at) return false;
  const [luAt, bAt, permAt, workAt] = at as [number, number, number, number];
  new Float64Array(m.memory.buffer, luAt, n * n).set(lu);
  new Float64Array(m.memory.buffer, bAt, n * cols).set(b);
  new Int32Array(m.memory.buffer, permAt, n).set(perm);
  m.solve(luAt, n, permAt, bAt, cols, workAt);
  b.set(new Float64Array(m.memory.buffer, bAt, n * cols));
  return true;
}

/** A·B for column-major A m×p and B p×n, as accumulateColumn in ../products.js sums it; null if the module cannot take it. */
export function wasmMatmul(a: Float64Array, b: Float64Array, rows: number, inner: number, cols: number, skipZeros: boolean): Float64Array | null {
  const m = module();
  const at = m && layout(m, [8 * rows * inner, 8 * inner * cols, 8 * rows * cols]);
  if (!m || !at) return null;
  const [aAt, bAt, cAt] = at as [number, number, number];
  new Float64Array(m.memory.buffer, aAt, rows * inner).set(a);
  new Float64Array(m.memory.buffer, bAt, inner * cols).set(b);
  const c = new Float64Array(m.memory.buffer, cAt, rows * cols);
  c.fill(0);
  m.matmul(aAt, bAt, cAt, rows, inner, cols, skipZeros ? 1 : 0);
  return c.slice();
}
