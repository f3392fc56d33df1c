/**
 * Sharing keeps derivatives of deep expressions linear in size: the
 * gradient of a T-step unrolled RNN h_T = tanh(W h_{T−1} + U x) with respect
 * to W has a graph whose node count grows linearly in T (not exponentially).
 * Sizes are counted, not timed (timings live in npm run bench).
 */
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { topoOrder } from "../src/expr/traverse.js";

function unrolled(T: number): string {
  let h = "h";
  for (let t = 0; t < T; t++) h = `tanh(W*${h} + U*x)`;
  return h;
}

function gradientSize(T: number, form: "grad" | "jacobian"): number {
  const r = derive({ expr: unrolled(T), wrt: ["W"], form, shapes: ["W: n x n, h: n, U: n x k, x: k"] });
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  return topoOrder([r.value.derivatives[0]!.result]).length;
}

describe("unrolled RNN", () => {
  it.each(["grad", "jacobian"] as const)("%s form: node count grows linearly in T", (form) => {
    const [s10, s20, s40] = [10, 20, 40].map((T) => gradientSize(T, form));
    // Linear growth: equal increments per added step (up to a small constant), far from doubling.
    const perStep1 = (s20! - s10!) / 10;
    const perStep2 = (s40! - s20!) / 20;
    expect(perStep2).toBeLessThanOrEqual(perStep1 * 1.1 + 1);
    expect(s40!).toBeLessThan(4.5 * s10!);
  });
});
