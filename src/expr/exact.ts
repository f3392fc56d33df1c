/**
 * Arithmetic on exponents that must be exact. A power's exponent is part of the formula, not a value to round:
 * X^(1e308) X^(1e308) is not X^Infinity, x^(1e17) x is not x^(1e17), and d(a^k) = k a^(k−1) is not k a^k when
 * k − 1 rounds to k. Each function gives the float64 result only when it is the exact one, and null otherwise.
 */

/** a + b, when float64 holds it exactly (the rounding error of the sum, by Knuth's TwoSum, is zero). */
export function exactSum(a: number, b: number): number | null {
  const s = a + b;
  if (!Number.isFinite(s)) return null;
  const bb = s - a;
  return a - (s - bb) + (b - bb) === 0 ? s : null;
}

/** a · b, when float64 holds it exactly: checked exactly for integers (with BigInt), and between nonzero normal numbers otherwise. */
export function exactProduct(a: number, b: number): number | null {
  const p = a * b;
  if (!Number.isFinite(p)) return null;
  if (Number.isInteger(a) && Number.isInteger(b)) return BigInt(a) * BigInt(b) === BigInt(p) ? p : null;
  // Not integers: exact unless the product fell below the normal numbers (where it loses digits) or to 0.
  return p === 0 ? (a === 0 || b === 0 ? 0 : null) : Math.abs(p) >= 2 ** -1022 ? p : null;
}
