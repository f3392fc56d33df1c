/**
 * Reading a printed derivative back as J = ∂vec(Y)/∂vec(X)ᵀ, the inverse of
 * the layout table of calculus/layout.ts, so a result in any layout can be
 * compared with finite differences (and a claim can be tested against the
 * other layout, or its transpose).
 */
import type { Form, Layout } from "../calculus/layout.js";
import { jacobianCase, kindOf } from "../calculus/layout.js";
import type { Shape } from "../shapes/shape.js";
import * as M from "./mat.js";
import type { Mat } from "./mat.js";

export interface Dims {
  readonly rows: number;
  readonly cols: number;
}

/** J (Y entries × X entries) from the printed object P of the Jacobian form. */
export function jacobianFromPrinted(P: Mat, layout: Layout, y: Shape, x: Shape, yd: Dims, xd: Dims): Mat {
  switch (jacobianCase(y, x)) {
    case "gradient": {
      let grad: Mat;
      if (kindOf(x) === "vector") grad = M.reshape(M.vec(P), xd.rows, xd.cols);
      else grad = layout === "numerator" ? M.transpose(P) : P;
      return M.transpose(M.vec(grad));
    }
    case "tangent": {
      let d: Mat;
      if (kindOf(y) === "vector") d = M.reshape(M.vec(P), yd.rows, yd.cols);
      else d = layout === "denominator" ? M.transpose(P) : P;
      return M.vec(d);
    }
    case "full":
      return layout === "denominator" ? M.transpose(P) : P;
  }
}

/** The shape P must have, numerically. */
export function expectedDims(form: Form, layout: Layout, y: Shape, x: Shape, yd: Dims, xd: Dims): Dims {
  const tr = (d: Dims): Dims => ({ rows: d.cols, cols: d.rows });
  const row = (d: Dims): Dims => ({ rows: 1, cols: d.rows * d.cols });
  const col = (d: Dims): Dims => ({ rows: d.rows * d.cols, cols: 1 });
  if (form === "grad") return xd;
  if (form === "differential") return yd;
  const J = { rows: yd.rows * yd.cols, cols: xd.rows * xd.cols };
  switch (jacobianCase(y, x)) {
    case "gradient":
      if (kindOf(x) === "vector") return layout === "numerator" ? row(xd) : layout === "denominator" ? col(xd) : xd;
      return layout === "numerator" ? tr(xd) : xd;
    case "tangent":
      if (kindOf(y) === "vector") return layout === "denominator" ? row(yd) : col(yd);
      return layout === "denominator" ? tr(yd) : yd;
    case "full":
      return layout === "denominator" ? tr(J) : J;
  }
}
