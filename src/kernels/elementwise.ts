/**
 * Entry-by-entry arithmetic on Mats of one shape (see ./dense.js for the
 * contract).
 *
 * Each loop is a leaf function on Float64Arrays with nothing after it, and
 * each kernel is loop-free around it. A loop that gets hot is optimised while
 * it runs (on-stack replacement); code after such a loop that had never run
 * would carry no type feedback and send the optimised code back to the
 * interpreter at the end of every call, and re-optimising costs more than the
 * loop itself at the sizes a check uses.
 */
import { checkSameShape, type Mat, floats } from "./dense.js";
import { type ZipOp, wasmAccumulate, wasmAddScaled, wasmNeg, wasmScale, wasmZip } from "./wasm/runtime.js";

function addInto(out: Float64Array, A: Float64Array, B: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t] = A[t]! + B[t]!;
}
function subInto(out: Float64Array, A: Float64Array, B: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t] = A[t]! - B[t]!;
}
function mulInto(out: Float64Array, A: Float64Array, B: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t] = A[t]! * B[t]!;
}
function divInto(out: Float64Array, A: Float64Array, B: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t] = A[t]! / B[t]!;
}
function scaleInto(out: Float64Array, s: number, M: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t] = s * M[t]!;
}
function negInto(out: Float64Array, M: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t] = -M[t]!;
}
function accumulateInto(out: Float64Array, A: Float64Array): void {
  if (wasmAccumulate(out, A)) return;
  for (let t = 0; t < out.length; t++) out[t] = out[t]! + A[t]!;
}
function addScaledInto(out: Float64Array, X: Float64Array, s: number, V: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t] = X[t]! + s * V[t]!;
}
function mapInto(out: Float64Array, M: Float64Array, f: (x: number) => number): void {
  for (let t = 0; t < out.length; t++) out[t] = f(M[t]!);
}
function zipInto(out: Float64Array, A: Float64Array, B: Float64Array, f: (x: number, y: number) => number): void {
  for (let t = 0; t < out.length; t++) out[t] = f(A[t]!, B[t]!);
}

/** A kernel of two same-shape Mats: a new result filled by one leaf loop. */
/**
 * A kernel of two same-shape Mats: a new result filled by one leaf loop, or by the same loop
 * compiled to WebAssembly for a large one (./wasm/runtime.js; the same bits).
 */
function binary(op: string, a: Mat, b: Mat, compiled: ZipOp, into: (out: Float64Array, A: Float64Array, B: Float64Array) => void): Mat {
  checkSameShape(op, a, b);
  let out = wasmZip(compiled, a.data, b.data);
  if (!out) {
    out = floats(a.data.length);
    into(out, a.data, b.data);
  }
  return { rows: a.rows, cols: a.cols, data: out };
}

export const add = (a: Mat, b: Mat): Mat => binary("add", a, b, "add", addInto);
/**
 * a₁ + a₂ + … + a_k, added left to right into one result: the same bits as adding pairs in turn, without a new
 * matrix per term (a sum of 2,000 terms is evaluated at every point of a check).
 */
export function sumOf(terms: readonly Mat[]): Mat {
  if (terms.length === 1) return terms[0]!;
  const out = add(terms[0]!, terms[1]!);
  if (out.rows === 1 && out.cols === 1) {
    // Scalars added in a local, in the same order, with no call per term: a check of 5,000 --wrt names re-adds a
    // sum of 5,000 scalar terms at each of its 150,000 finite-difference points.
    let total = out.data[0]!;
    for (let k = 2; k < terms.length; k++) {
      const term = terms[k]!;
      if (term.rows !== 1 || term.cols !== 1) checkSameShape("add", out, term);
      total += term.data[0]!;
    }
    out.data[0] = total;
    return out;
  }
  for (let k = 2; k < terms.length; k++) {
    checkSameShape("add", out, terms[k]!);
    accumulateInto(out.data, terms[k]!.data);
  }
  return out;
}
export const sub = (a: Mat, b: Mat): Mat => binary("sub", a, b, "sub", subInto);
export const hadamard = (a: Mat, b: Mat): Mat => binary("hadamard", a, b, "mul", mulInto);
export const hdiv = (a: Mat, b: Mat): Mat => binary("hdiv", a, b, "div", divInto);

export function scale(s: number, m: Mat): Mat {
  let out = wasmScale(s, m.data);
  if (!out) {
    out = floats(m.data.length);
    scaleInto(out, s, m.data);
  }
  return { rows: m.rows, cols: m.cols, data: out };
}

export function neg(m: Mat): Mat {
  let out = wasmNeg(m.data);
  if (!out) {
    out = floats(m.data.length);
    negInto(out, m.data);
  }
  return { rows: m.rows, cols: m.cols, data: out };
}

/** x + s·v, one pass and one allocation (the points of a finite difference). */
export function addScaled(x: Mat, s: number, v: Mat): Mat {
  checkSameShape("addScaled", x, v);
  let out = wasmAddScaled(x.data, s, v.data);
  if (!out) {
    out = floats(x.data.length);
    addScaledInto(out, x.data, s, v.data);
  }
  return { rows: x.rows, cols: x.cols, data: out };
}

export function map(m: Mat, f: (x: number) => number): Mat {
  const out = floats(m.data.length);
  mapInto(out, m.data, f);
  return { rows: m.rows, cols: m.cols, data: out };
}

export function zip(a: Mat, b: Mat, f: (x: number, y: number) => number): Mat {
  checkSameShape("zip", a, b);
  const out = floats(a.data.length);
  zipInto(out, a.data, b.data, f);
  return { rows: a.rows, cols: a.cols, data: out };
}
