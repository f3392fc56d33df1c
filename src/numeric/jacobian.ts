/**
 * Reading a printed derivative back as J = ∂vec(Y)/∂vec(X)ᵀ, the inverse of
 * the layout table of calculus/layout.ts, so a result in any layout can be
 * compared with finite differences (and a claim can be tested against the
 * other layout, or its transpose).
 */
import type { Layout } from "../calculus/layout.js";
import { jacobianCase, kindOf } from "../calculus/layout.js";
import type { Shape } from "../shapes/shape.js";
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";

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
