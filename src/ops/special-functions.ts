/**
 * Scalar special functions the elementwise stanzas evaluate: the error
 * function and the standard normal density and distribution, accurate to a
 * few units in the last place (finite differences of them must be exact
 * enough to check derivatives against).
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf(x). For |x| < 2.5 the Maclaurin series
 *   erf(x) = 2/√π Σₙ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n + 1));
 * beyond, 1 − erfc(x) with erfc from its continued fraction
 *   erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 2.5) {
    let term = x;
    let total = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const next = term / (2 * n + 1);
      total += next;
      // `<=`: at x = 0 every term is 0 and the sum is done at once
      if (Math.abs(next) <= 1e-17 * Math.abs(total)) break;
    }
    return TWO_OVER_SQRT_PI * total;
  }
  return Math.sign(x) * (1 - erfcLarge(a));
}

/** erfc(a) for a ≥ 2.5, by the continued fraction evaluated from the tail (Lentz is unnecessary at this depth). */
function erfcLarge(a: number): number {
  let f = a;
  for (let k = 60; k >= 1; k--) f = a + (k / 2) / f;
  return Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
}

/** φ(x) = exp(−x²/2)/√(2π), the standard normal density. */
export const normpdf = (x: number): number => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** Φ(x) = (1 + erf(x/√2))/2, the standard normal distribution function. */
export const normcdf = (x: number): number => 0.5 * (1 + erf(x / Math.SQRT2));

/** gelu(x) = x Φ(x), exactly (not the tanh approximation). */
export const gelu = (x: number): number => x * normcdf(x);
