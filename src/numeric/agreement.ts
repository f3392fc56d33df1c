/**
 * How far a derivative is from its finite-difference estimate, safely at
 * any magnitude, and what a check does after an instance whose finite
 * differences cannot be trusted (see ./check.js).
 */
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import { SAMPLING_ATTEMPTS, strategyFor } from "./instance.js";

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

/** How many untrusted instances a check draws before it gives up. */
export const UNTRUSTED_ATTEMPTS = 4;

/**
 * After an untrusted trial (`reason`, why): later draws at the same sizes start at the next sampling strategy
 * (smaller or better-conditioned values may keep y finite), and once UNTRUSTED_ATTEMPTS
 * instances were untrusted, the reason the check is inconclusive.
 */
export function afterUntrusted(reason: string, count: number, sizes: ReadonlyMap<string, number>, escalated: Map<string, number>): string | null {
  if (count >= UNTRUSTED_ATTEMPTS) return `the finite differences cannot be trusted on any of the ${count} random instances tried: ${reason}`;
  const sig = [...sizes].map(([k, v]) => `${k}=${v}`).join(",");
  const level = escalated.get(sig) ?? 0;
  let next = level;
  while (next < SAMPLING_ATTEMPTS - 1 && strategyFor(next) === strategyFor(level)) next++;
  escalated.set(sig, next);
  return null;
}
