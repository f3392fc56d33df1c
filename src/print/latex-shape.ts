/**
 * A shape in LaTeX math, its sizes printed as the LaTeX dialect prints them
 * in formulas (I_{m n}): m^{2} \times (m n), \text{scalar}. (shapeToString's
 * m²×n is text: in math mode TeX drops the ², and m² × m² reads m × m.)
 */
import { type Dim, printedFactorCount } from "../shapes/dim.js";
import { type Shape, isScalarShape } from "../shapes/shape.js";
import { mathDialect } from "./dialect.js";

/** rows \times cols, a size of more than one factor in parentheses. */
export function latexShape(s: Shape): string {
  if (isScalarShape(s)) return "\\text{scalar}";
  const dim = mathDialect("latex").dim;
  const part = (d: Dim): string => (printedFactorCount(d) > 1 ? `(${dim(d)})` : dim(d));
  return `${part(s.rows)} \\times ${part(s.cols)}`;
}
