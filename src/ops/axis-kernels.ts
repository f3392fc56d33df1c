/**
 * Numeric kernels of the axis operations: reductions and normalisations of
 * each column (axis 1), each row (axis 2) or every entry (no axis), on
 * column-major matrices (entry (i, j) at data[i + j·rows]).
 */
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";

export type Axis = 1 | 2 | undefined;

/**
 * The slices an axis reduces, as (first entry, step, length): each column (consecutive entries), each row (a step
 * of `rows`), or all entries. No index lists are built: a check evaluates these on every finite-difference point.
 */
export function sliceLayout(m: Mat, axis: Axis): { readonly count: number; readonly start: (k: number) => number; readonly step: number; readonly length: number } {
  if (axis === 1) return { count: m.cols, start: (k) => k * m.rows, step: 1, length: m.rows };
  if (axis === 2) return { count: m.rows, start: (k) => k, step: m.rows, length: m.cols };
  return { count: 1, start: () => 0, step: 1, length: m.rows * m.cols };
}

/** The values of slice k, in order, written into `values` (one array per kernel call, reused for every slice). */
function sliceValues(m: Mat, layout: ReturnType<typeof sliceLayout>, k: number, values: number[] = new Array<number>(layout.length)): number[] {
  for (let i = 0, at = layout.start(k); i < layout.length; i++, at += layout.step) values[i] = m.data[at]!;
  return values;
}

/** The shape a reduction along `axis` leaves: 1×n, m×1 or 1×1. */
export function reducedSize(m: Mat, axis: Axis): [number, number] {
  return axis === 1 ? [1, m.cols] : axis === 2 ? [m.rows, 1] : [1, 1];
}

/** f applied to each slice (f reads its values and keeps none of them); the results laid out in the reduced shape. */
export function reduce(m: Mat, axis: Axis, f: (values: number[]) => number): Mat {
  const [r, c] = reducedSize(m, axis);
  const out = M.zeros(r, c);
  const layout = sliceLayout(m, axis);
  const values = new Array<number>(layout.length);
  for (let k = 0; k < layout.count; k++) out.data[k] = f(sliceValues(m, layout, k, values));
  return out;
}

/** f applied to each slice (keeping none of its values), returning a slice of the same length, written back in place of it. */
export function along(m: Mat, axis: Axis, f: (values: number[]) => number[]): Mat {
  const out = M.zeros(m.rows, m.cols);
  const layout = sliceLayout(m, axis);
  const buffer = new Array<number>(layout.length);
  for (let k = 0; k < layout.count; k++) {
    const values = f(sliceValues(m, layout, k, buffer));
    for (let i = 0, at = layout.start(k); i < layout.length; i++, at += layout.step) out.data[at] = values[i]!;
  }
  return out;
}

export const total = (v: number[]): number => v.reduce((s, x) => s + x, 0);

/**
 * The first position of the largest (or smallest) value of v; a loop, since a slice may have more entries than a
 * call takes arguments (Math.max(...v)). NaN wins, as it does for Math.max.
 */
export function extremeIndex(v: readonly number[], which: "max" | "min"): number {
  let k = 0;
  for (let i = 0; i < v.length && !Number.isNaN(v[k]!); i++) {
    if (Number.isNaN(v[i]!) || (which === "max" ? v[i]! > v[k]! : v[i]! < v[k]!)) k = i;
  }
  return k;
}

/**
 * log Σ exp over the slice of `data` at start, start + step, …: shifted by the slice's first largest value so that
 * nothing overflows (a NaN wins, as in extremeIndex), the terms added in order. Read in place: a check evaluates
 * softmax and logsumexp at every finite-difference point, and copying each slice cost more than the sums.
 */
function sliceLogSumExp(data: Float64Array, start: number, step: number, length: number): number {
  if (length === 0) return NaN;
  let top = data[start]!;
  for (let i = 1, at = start + step; i < length && !Number.isNaN(top); i++, at += step) {
    const x = data[at]!;
    if (Number.isNaN(x) || x > top) top = x;
  }
  let sum = 0;
  for (let i = 0, at = start; i < length; i++, at += step) sum += Math.exp(data[at]! - top);
  return top + Math.log(sum);
}

/** log Σ exp(v) of each slice, in the reduced shape. */
export function logSumExpSlices(m: Mat, axis: Axis): Mat {
  const [r, c] = reducedSize(m, axis);
  const out = M.zeros(r, c);
  const layout = sliceLayout(m, axis);
  for (let k = 0; k < layout.count; k++) out.data[k] = sliceLogSumExp(m.data, layout.start(k), layout.step, layout.length);
  return out;
}

/** exp(v) / Σ exp(v) of each slice, as exp(v − log Σ exp(v)), in place of the slice. */
export function softmaxSlices(m: Mat, axis: Axis): Mat {
  const out = M.zeros(m.rows, m.cols);
  const layout = sliceLayout(m, axis);
  for (let k = 0; k < layout.count; k++) {
    const start = layout.start(k);
    const lse = sliceLogSumExp(m.data, start, layout.step, layout.length);
    for (let i = 0, at = start; i < layout.length; i++, at += layout.step) out.data[at] = Math.exp(m.data[at]! - lse);
  }
  return out;
}

/** 1 at the first position of the slice's largest (or smallest) value, 0 elsewhere. */
export function indicator(v: number[], which: "max" | "min"): number[] {
  const k = extremeIndex(v, which);
  return v.map((_, i) => (i === k ? 1 : 0));
}

/**
 * The smallest gap, over the slices, between a slice's two largest values and between its two smallest (Infinity when
 * every slice has one entry, NaN when a slice holds NaN). One pass per slice keeping the two largest and two smallest
 * values: sorting each slice cost n log n per slice with a comparator call per step, and the check runs this at every
 * point it evaluates, for all three axes (a 1,000 × 1,000 max took 20 s to sample its instances).
 */
export function smallestGap(m: Mat, axis: Axis): number {
  let gap = Infinity;
  const layout = sliceLayout(m, axis);
  if (layout.length < 2) return gap;
  for (let k = 0; k < layout.count; k++) {
    let first = -Infinity;
    let second = -Infinity;
    let last = Infinity;
    let nextToLast = Infinity;
    for (let i = 0, at = layout.start(k); i < layout.length; i++, at += layout.step) {
      const x = m.data[at]!;
      if (Number.isNaN(x)) return NaN;
      if (x >= first) {
        second = first;
        first = x;
      } else if (x > second) second = x;
      if (x <= last) {
        nextToLast = last;
        last = x;
      } else if (x < nextToLast) nextToLast = x;
    }
    gap = Math.min(gap, first - second, nextToLast - last);
  }
  return gap;
}
