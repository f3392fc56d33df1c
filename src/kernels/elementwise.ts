/** Entry-by-entry arithmetic on Mats of one shape (see ./dense.js for the contract). */
import { checkSameShape, make, type Mat } from "./dense.js";

export function add(a: Mat, b: Mat): Mat {
  checkSameShape("add", a, b);
  const A = a.data, B = b.data, n = A.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = A[t]! + B[t]!;
  return make(a.rows, a.cols, out);
}

export function sub(a: Mat, b: Mat): Mat {
  checkSameShape("sub", a, b);
  const A = a.data, B = b.data, n = A.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = A[t]! - B[t]!;
  return make(a.rows, a.cols, out);
}

export function hadamard(a: Mat, b: Mat): Mat {
  checkSameShape("hadamard", a, b);
  const A = a.data, B = b.data, n = A.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = A[t]! * B[t]!;
  return make(a.rows, a.cols, out);
}

export function hdiv(a: Mat, b: Mat): Mat {
  checkSameShape("hdiv", a, b);
  const A = a.data, B = b.data, n = A.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = A[t]! / B[t]!;
  return make(a.rows, a.cols, out);
}

export function scale(s: number, m: Mat): Mat {
  const M = m.data, n = M.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = s * M[t]!;
  return make(m.rows, m.cols, out);
}

export function neg(m: Mat): Mat {
  const M = m.data, n = M.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = -M[t]!;
  return make(m.rows, m.cols, out);
}

/** x + s·v, one pass and one allocation (the points of a finite difference). */
export function addScaled(x: Mat, s: number, v: Mat): Mat {
  checkSameShape("addScaled", x, v);
  const X = x.data, V = v.data, n = X.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = X[t]! + s * V[t]!;
  return make(x.rows, x.cols, out);
}

export function map(m: Mat, f: (x: number) => number): Mat {
  const M = m.data, n = M.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = f(M[t]!);
  return make(m.rows, m.cols, out);
}

export function zip(a: Mat, b: Mat, f: (x: number, y: number) => number): Mat {
  checkSameShape("zip", a, b);
  const A = a.data, B = b.data, n = A.length;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = f(A[t]!, B[t]!);
  return make(a.rows, a.cols, out);
}
