/**
 * det and log det read off P·A = L·U (./lu.js): det A = det(P)·Π u_ii, since
 * L has a unit diagonal and det P = ±1.
 */
import { checkSquare, isFiniteMat, type Mat } from "./dense.js";
import { factorLU } from "./lu.js";

/** det A = sign(P) · Π u_ii (1 for the 0×0 matrix, the empty product). */
export function det(m: Mat): number {
  checkSquare("det", m);
  const n = m.rows;
  if (n === 0) return 1;
  const { lu, oddPermutation } = factorLU(m);
  let d = oddPermutation ? -1 : 1;
  for (let i = 0; i < n; i++) d *= lu[i + i * n]!;
  return d;
}

/**
 * log det A for det A > 0, else NaN: log det A = Σ log|u_ii| once the sign
 * of det is +1. Summing logarithms avoids the overflow/underflow of the
 * product itself.
 */
export function logdet(m: Mat): number {
  checkSquare("logdet", m);
  const n = m.rows;
  if (n === 0) return 0;
  if (!isFiniteMat(m)) return NaN;
  const { lu, oddPermutation } = factorLU(m);
  let negative = oddPermutation;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = lu[i + i * n]!;
    if (d === 0) return NaN;
    if (d < 0) negative = !negative;
    s += Math.log(Math.abs(d));
  }
  return negative ? NaN : s;
}
