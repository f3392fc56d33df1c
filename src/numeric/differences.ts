/**
 * Finite differences along a direction, and the directions themselves: what
 * the numeric oracle (./check.js) compares a derivative with.
 */
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import type { Rng } from "./random.js";
import { wasmCentral, wasmScaleToEntries } from "../kernels/wasm/runtime.js";

/** The step of the finite differences, relative: directions are scaled to the entries (scaledDirections). */
// With Richardson the truncation error is O(h⁴) and the roundoff O(ε/h): h = 1e-4 keeps both small.
export const FIRST_DIFFERENCE_STEP = 1e-4;

/** The two points f(x ± s·V) of a central difference at step s, given g(t) = f(x + t·V). */
export interface CentralPoints {
  readonly plus: Mat;
  readonly minus: Mat;
}

export const centralPoints = (g: (t: number) => Mat, s: number): CentralPoints => ({ plus: g(s), minus: g(-s) });

/** D_V f(x) ≈ (f(x + sV) − f(x − sV)) / 2s, the central difference at step s. */
export function centralDifference(p: CentralPoints, s: number): Mat {
  const out = M.zeros(p.plus.rows, p.plus.cols);
  combineCentral(out.data, p.plus.data, p.minus.data, 1 / (2 * s));
  return out;
}

/**
 * D_V f(x) by Richardson's extrapolation of the central differences at steps h/2 (`fine`) and h
 * (`coarse`): (4 central(h/2) − central(h)) / 3 cancels their common h² term.
 */
export function richardson(fine: CentralPoints, coarse: CentralPoints, h: number): Mat {
  const out = M.zeros(fine.plus.rows, fine.plus.cols);
  combineRichardson(out.data, fine.plus.data, fine.minus.data, coarse.plus.data, coarse.minus.data, 1 / h, 1 / (2 * h));
  return out;
}

// Leaf loops (see kernels/elementwise.ts): each is optimised once, with nothing after it.
function combineCentral(o: Float64Array, p: Float64Array, m: Float64Array, scale: number): void {
  if (wasmCentral(o, p, m, scale)) return;
  for (let t = 0; t < o.length; t++) o[t] = scale * (p[t]! - m[t]!);
}
function combineRichardson(o: Float64Array, fp: Float64Array, fm: Float64Array, cp: Float64Array, cm: Float64Array, sFine: number, sCoarse: number): void {
  for (let t = 0; t < o.length; t++) o[t] = (1 / 3) * (4 * (sFine * (fp[t]! - fm[t]!)) - sCoarse * (cp[t]! - cm[t]!));
}

/**
 * The directions of a comparison, scaled entry by entry to x: direction V becomes V ⊙ s
 * with s_i = max(|x_i|, 0.1), so a large entry moves in proportion to its size and a small
 * one (near a log or sqrt boundary) moves little. The claim is compared along the same
 * scaled directions. Every unit direction when `full`, otherwise one random direction
 * V = Z/‖Z‖_F with Z uniform on [−1, 1) entry by entry.
 */
export function scaledDirections(x: Mat, rng: Rng, full: boolean): Mat[] {
  const n = x.rows * x.cols;
  if (full) return Array.from({ length: n }, (_, k) => scaledUnit(x, k));
  // Any distribution with a density serves the argument above; uniform entries are the cheapest to draw.
  const v = M.zeros(x.rows, x.cols);
  rng.fillSigned(v.data);
  scaleToEntries(v.data, x.data, 1 / M.frobenius(v));
  return [v];
}

/** The unit direction of entry k, scaled to x: max(|x_k|, 0.1) at k, 0 elsewhere. */
export function scaledUnit(x: Mat, k: number): Mat {
  const e = M.zeros(x.rows, x.cols);
  e.data[k] = Math.max(Math.abs(x.data[k]!), 0.1);
  return e;
}

/** v_i ← c·v_i·max(|x_i|, 0.1), in place: one loop of a random direction's many entries. */
export function scaleToEntries(v: Float64Array, x: Float64Array, c: number): void {
  if (wasmScaleToEntries(v, x, c)) return;
  for (let i = 0; i < v.length; i++) v[i] = c * v[i]! * Math.max(Math.abs(x[i]!), 0.1);
}

