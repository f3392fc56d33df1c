/**
 * Shapes: every value is a matrix, rows × cols. 1×1 is a scalar; r×1 and
 * 1×c (the other dimension literally 1) are column and row vectors.
 */
import { type Dim, ONE, dimEq, dimKey, dimMul, dimToString, isOne, printedFactorCount } from "./dim.js";

export interface Shape {
  readonly rows: Dim;
  readonly cols: Dim;
}

export const SCALAR: Shape = { rows: ONE, cols: ONE };

export function shape(rows: Dim, cols: Dim): Shape {
  return { rows, cols };
}

export function shapeEq(a: Shape, b: Shape): boolean {
  return dimEq(a.rows, b.rows) && dimEq(a.cols, b.cols);
}

export function shapeKey(s: Shape): string {
  return `${dimKey(s.rows)}x${dimKey(s.cols)}`;
}

export function isScalarShape(s: Shape): boolean {
  return isOne(s.rows) && isOne(s.cols);
}

export function isColumnShape(s: Shape): boolean {
  return isOne(s.cols) && !isOne(s.rows);
}

export function isRowShape(s: Shape): boolean {
  return isOne(s.rows) && !isOne(s.cols);
}

/** A vector of either orientation (not a scalar). */
export function isVectorShape(s: Shape): boolean {
  return isColumnShape(s) || isRowShape(s);
}

export function isSquareShape(s: Shape): boolean {
  return dimEq(s.rows, s.cols);
}

/** A square matrix larger than 1×1: what symmetric, spd and orthogonal can describe. */
export function isSquareMatrixShape(s: Shape): boolean {
  return isSquareShape(s) && !isScalarShape(s);
}

export function transposeShape(s: Shape): Shape {
  return { rows: s.cols, cols: s.rows };
}

/** The number of entries, rows·cols, as a dimension. */
export function sizeOf(s: Shape): Dim {
  return dimMul(s.rows, s.cols);
}

/** The length of a vector (its non-unit dimension); 1 for a scalar. */
export function vectorLength(s: Shape): Dim {
  return isOne(s.rows) ? s.cols : s.rows;
}

export function shapeToString(s: Shape): string {
  if (isScalarShape(s)) return "scalar";
  const part = (d: Dim) => (printedFactorCount(d) > 1 ? `(${dimToString(d)})` : dimToString(d));
  return `${part(s.rows)}×${part(s.cols)}`;
}
