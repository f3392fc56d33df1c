/**
 * The adjugate adj(X) = det(X) X⁻¹ (the transpose of the cofactor matrix),
 * defined for every square X, singular or not. It carries the derivative of
 * the determinant: d det(X) = tr(adj(X) dX), ∂det(X)/∂X = adj(X)ᵀ
 * (Cookbook eq. 46–49), so the gradient and its code are defined where X
 * is singular, where det(X) X⁻ᵀ is not.
 */
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import * as L from "../kernels/linalg.js";
import { requireSquare } from "./surface.js";
import type { OpStanza } from "./stanza.js";
import { fnCall } from "./matrix.js";
import { call } from "./notation.js";
import { inv, make, matmul, onLinear, scale, sub, tr } from "./make.js";

/** Above this size the cofactor expansion (n² determinants) gives way to det(X) X⁻¹ when X is well conditioned. */
const COFACTORS_UP_TO = 8;

/** adj(X)_ji = (−1)^(i+j) det(X without row i and column j). */
function cofactorAdjugate(x: Mat): Mat {
  const n = x.rows;
  const out = M.zeros(n, n);
  if (n === 1) {
    out.data[0] = 1;
    return out;
  }
  const minor = M.zeros(n - 1, n - 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // the minor without row i and column j, column-major
      for (let c = 0, cc = 0; c < n; c++) {
        if (c === j) continue;
        for (let r = 0, rr = 0; r < n; r++) {
          if (r === i) continue;
          minor.data[rr + cc * (n - 1)] = x.data[r + c * n]!;
          rr++;
        }
        cc++;
      }
      out.data[j + i * n] = ((i + j) % 2 === 0 ? 1 : -1) * L.det(minor);
    }
  }
  return out;
}

export function adjugate(x: Mat): Mat {
  if (x.rows > COFACTORS_UP_TO && L.isWellConditioned(x, 1e8)) return M.scale(L.det(x), L.inv(x));
  return cofactorAdjugate(x);
}

export const adjStanza: OpStanza<"adj"> = {
  op: "adj",
  arity: 1,
  shape: ([a]) => a!,
  // adj(X) = det(X) X⁻¹, so d adj(X) = tr(adj(X) dX) X⁻¹ − X⁻¹ dX adj(X)   (Cookbook eq. 46 and 59)
  differential: (n, [d]) => onLinear(d!, (dx) => {
    const xInv = inv(n.args[0]!);
    return sub(scale(tr(matmul(n, dx)), xInv), matmul(matmul(xInv, dx), n));
  }),
  evaluate: ([a]) => adjugate(a!),
  ...fnCall("adj"),
  text: call("adj"),
  surface: { names: ["adj", "adjugate"], arity: 1, check: ([a], u, site) => (requireSquare(a!, u, site, 0), a!), lower: ([a]) => make("adj", [a!]) },
  sample: ({ n }) => ({ args: [{ rows: n, cols: n }] }),
};
