/**
 * Checking a Hessian–vector product H·dX (an expression linear in dX, in X's
 * shape) against y itself: applied to each unit direction dX = Eⱼ it gives
 * the j-th column of H, and that matrix goes through the second-difference
 * check of numeric/hessian.ts, which never looks at the gradient.
 */
import type { Expr, VarNode } from "../expr/node.js";
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import { concreteShape, valueKey } from "./evaluate.js";
import { PointEvaluation } from "./point-evaluation.js";
import type { WorkBudget } from "./work.js";
import type { CheckOptions, CheckReport } from "./check.js";
import { type HessianBlock, checkBlock } from "./hessian.js";

/** H (n×n, n the entries of x) with vec(product at dX) = H vec(dX); each column charged to the run's `budget`, if any. */
export function hvpMatrix(product: Expr, x: VarNode, dX: VarNode, values: Map<string, Mat>, sizes: Map<string, number>, budget?: WorkBudget): Mat {
  const { rows, cols } = concreteShape(x.shape, sizes);
  const n = rows * cols;
  const H = M.zeros(n, n);
  // Only the part of the product that depends on dX is evaluated again for each column.
  const points = new PointEvaluation(product, [valueKey(dX)], values, sizes, [], budget);
  for (let j = 0; j < n; j++) {
    const e = M.zeros(rows, cols);
    e.data[j] = 1;
    const column = points.at(new Map([[valueKey(dX), e]]));
    // Column-major: column j of H is vec(H·Eⱼ).
    H.data.set(column.data, j * n);
  }
  return H;
}

/** H·dX as a Hessian block of x (`reference`: matdiff's own product when `product` is a claim, see checkHessian). */
export function hvpBlock(y: Expr, x: VarNode, dX: VarNode, product: Expr, options: CheckOptions = {}, reference: Expr = product): HessianBlock {
  return {
    y, x, z: x, hessian: product, transposed: false, reference: { expr: reference, dX },
    materialise: (values, sizes) => hvpMatrix(product, x, dX, values, sizes, options.budget),
  };
}

export function checkHvp(y: Expr, x: VarNode, dX: VarNode, product: Expr, options: CheckOptions = {}, reference: Expr = product): CheckReport {
  return checkBlock(hvpBlock(y, x, dX, product, options, reference), options);
}
