/** Sizes drawn for the dimension symbols of a check, and a symbolic shape at them. */
import { dimValue } from "../shapes/dim.js";
import type { Shape } from "../shapes/shape.js";

export type Sizes = ReadonlyMap<string, number>;

/** The numeric rows and columns of `s` at these sizes. */
export function concreteShape(s: Shape, sizes: Sizes): { rows: number; cols: number } {
  return { rows: dimValue(s.rows, sizes), cols: dimValue(s.cols, sizes) };
}
