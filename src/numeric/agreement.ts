/**
 * How far a derivative is from its finite-difference estimate, safely at
 * any magnitude, and what a check does after an instance whose finite
 * differences cannot be trusted (see ./check.js).
 */
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import { nextStrategyAttempt, sizeSignature } from "./instance.js";
import { EvaluationError, ShrinkWatch } from "./evaluate.js";

/**
 * ‖a − b‖ / max(‖a‖, ‖b‖, floor) over all directions together. Every entry is divided by the
 * largest magnitude s first (the ratio is the same), so values near 1e308 do not overflow
 * when squared: ‖a − b‖/‖a‖ = ‖(a − b)/s‖ / ‖a/s‖.
 */
export function stackedError(a: readonly Mat[], b: readonly Mat[], floor = 1e-6): number {
  if (a.some((m, k) => m.data.length !== b[k]!.data.length)) return Infinity;
  let largest = 0;
  for (const m of [...a, ...b]) largest = Math.max(largest, M.maxAbs(m));
  if (largest === 0) return 0;
  if (!Number.isFinite(largest)) return Infinity;
  // Ordinary magnitudes are left as they are (no rounding from the division).
  const s = largest > 1e150 || largest < 1e-150 ? largest : 1;
  let diff = 0;
  let na = 0;
  let nb = 0;
  a.forEach((m, k) => {
    const n = b[k]!;
    for (let i = 0; i < m.data.length; i++) {
      const x = m.data[i]! / s;
      const y = n.data[i]! / s;
      diff += (x - y) ** 2;
      na += x * x;
      nb += y * y;
    }
  });
  const err = Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nb), floor / s);
  return Number.isNaN(err) ? Infinity : err;
}

/** ‖(M₁, M₂, …)‖, the Frobenius norm of the stack, as stackedError measures it. */
export function stackNorm(ms: readonly Mat[]): number {
  let sum = 0;
  for (const m of ms) sum += M.frobenius(m) ** 2;
  return Math.sqrt(sum);
}

/**
 * A claim and differences that agree only through the floor (both below tol·floor, and not within tol of each
 * other relative to their own size, or both exactly 0) agree as a claim of 0 would: such an instance tells nothing
 * unless the derivative is 0 there (a flat region of relu(X − 100)). `read` evaluates matdiff's own derivative on
 * the instance with the domain checks; the agreement stands only if that is exactly 0 with no product on the way
 * shrunk to nothing (the watch) and nothing outside its domain (a throw). Otherwise y moves too little for its
 * differences to resolve its derivative (σ(σ(…)) 20 deep: σ′ ≤ 1/4 at each level), and the reason is returned: the
 * instance is untrusted, as one whose differences do not settle. (1e-150·X·X·A is small throughout, and its claim
 * and differences agree to tol relative to their size: that agreement stands.)
 */
export function tooSmallToTell(
  claimed: readonly Mat[], estimate: readonly Mat[], floor: number, tol: number, read: (watch: ShrinkWatch) => readonly Mat[] | object,
): string | null {
  const resolution = tol * floor;
  const sizeOf = Math.max(stackNorm(claimed), stackNorm(estimate));
  if (sizeOf > resolution || (sizeOf > 0 && stackedError(claimed, estimate, Number.MIN_VALUE) <= tol)) return null;
  const watch = new ShrinkWatch();
  try {
    const values = read(watch);
    if (watch.node === null && Array.isArray(values) && values.every((m: Mat) => M.maxAbs(m) === 0)) return null;
  } catch (e) {
    if (!(e instanceof EvaluationError)) throw e;
  }
  return `y changes too little here for its finite differences to resolve its derivative (the derivative and the differences are both below ${resolution.toExponential(0)} in size, where a claim of 0 would agree too)`;
}

/**
 * A claim judged against two estimates at different steps: its error is against the closer one, and when that
 * is still above tol the claim is called wrong only if the estimates agree with each other ten times better than
 * with it (a wrong claim is far from both; estimates that differ that much have not settled). `spread` is how
 * far apart the two estimates are, relative.
 */
export function againstTwoEstimates(
  claimed: readonly Mat[], a: readonly Mat[], b: readonly Mat[], floor: number, tol: number,
): { relError: number; spread: number; settled: boolean } {
  const spread = stackedError(a, b, floor);
  const relError = Math.min(stackedError(claimed, a, floor), stackedError(claimed, b, floor));
  return { relError, spread, settled: relError <= tol || spread * 10 < relError };
}

/** How much closer to a claim the differences must come at each tenfold smaller step to be closing in on it. */
const CLOSING_IN = 4;

/**
 * A claim judged wrong (relative error `judged` against differences at step h/4), looked at again at steps 10 and
 * 100 times smaller (`errorAt(step)`: the claim's error against Richardson's estimate there). Where y bends sharply
 * at the scale of the step (a residual chain of 6,000 tanh steps, whose differences at h/4 agreed with each other
 * and not with the right derivative), the differences close in on the claim as the step shrinks, which they never
 * do on a wrong one: then it passes at the smallest step, or, while the trend still points below tol, the instance
 * is untrusted. null: the claim is wrong.
 */
export function closingIn(
  judged: number, h: number, tol: number, errorAt: (step: number) => number,
): { relError: number } | { untrusted: string; relError: number } | null {
  const closer = errorAt(h / 40);
  if (!(closer < judged / CLOSING_IN)) return null;
  const closest = errorAt(h / 400);
  if (!(closest < closer / CLOSING_IN)) return null;
  if (closest <= tol) return { relError: closest };
  // Still above tol at h/400: untrusted only while the trend points below tol (one more step, closing in as the last
  // did); a wrong claim's error levels off at its own error, which the trend does not pass.
  if (closest * (closest / closer) > tol) return null;
  return {
    relError: closest,
    untrusted: `y bends sharply at the scale of the finite-difference step: the differences close in on the derivative only as the step shrinks (relative error ${judged.toExponential(1)} at step h/4, ${closest.toExponential(1)} at h/400)`,
  };
}

/** How many untrusted instances a check draws before it gives up. */
export const UNTRUSTED_ATTEMPTS = 4;

/**
 * After an untrusted trial (`reason`, why): later draws at the same sizes start at the next sampling strategy
 * (smaller or better-conditioned values may keep y finite), and once UNTRUSTED_ATTEMPTS
 * instances were untrusted, the reason the check is inconclusive.
 */
export function afterUntrusted(reason: string, count: number, sizes: ReadonlyMap<string, number>, escalated: Map<string, number>): string | null {
  if (count >= UNTRUSTED_ATTEMPTS) return `the finite differences cannot be trusted on any of the ${count} random instances tried: ${reason}`;
  const sig = sizeSignature(sizes);
  escalated.set(sig, nextStrategyAttempt(escalated.get(sig) ?? 0));
  return null;
}
