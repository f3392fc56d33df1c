/**
 * Checks of large variables compare along one random direction per trial (the full
 * Jacobian only for variables of at most CHECK_DEFAULTS.fullBelow entries). A wrong
 * derivative R' ≠ R differs from the truth along a random V with probability 1, so
 * every trial must catch it — including a small error, and on every seed tried.
 */
import { describe, expect, it } from "vitest";
import { type CheckRequest, check } from "../src/api/check.js";
import { CHECK_DEFAULTS } from "../src/numeric/defaults.js";

function trialsOf(req: CheckRequest) {
  const r = check(req);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.value.numeric.trials;
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const RNN = { expr: "tanh(h*Whh + x*Wxh + b)", shapes: ["h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"], wrt: "Whh", form: "grad" as const };
const RNN_DIMS = new Map([["N", 20], ["H", 21], ["D", 22]]);
const RNN_GRAD = "h'*(G .* (1 - tanh(h*Whh + x*Wxh + b).^2))";

describe("one random direction per trial still catches a wrong derivative", () => {
  it("the variables below are large enough to be checked along random directions", () => {
    expect(21 * 21).toBeGreaterThan(CHECK_DEFAULTS.fullBelow);
    expect(30 * 30).toBeGreaterThan(CHECK_DEFAULTS.fullBelow);
  });
  it("the right gradient passes on every seed", () => {
    for (const seed of SEEDS) {
      for (const t of trialsOf({ ...RNN, claim: RNN_GRAD, dims: RNN_DIMS, seed })) expect(t.ok).toBe(true);
    }
  });
  it("a gradient that leaves out tanh' fails every trial on every seed", () => {
    for (const seed of SEEDS) {
      for (const t of trialsOf({ ...RNN, claim: "h'*G", dims: RNN_DIMS, seed })) expect(t.ok).toBe(false);
    }
  });
  it("a gradient off by a small term (10⁻³ Whh) fails every trial on every seed", () => {
    for (const seed of SEEDS) {
      const trials = trialsOf({ ...RNN, claim: `${RNN_GRAD} + 0.001*Whh`, dims: RNN_DIMS, seed });
      for (const t of trials) expect(t.ok).toBe(false);
    }
  });
  it("d logdet(X)/dX without its transpose fails every trial on every seed (Jacobian and grad form)", () => {
    const dims = new Map([["m", 30]]);
    for (const seed of SEEDS) {
      const right = trialsOf({ expr: "logdet(X)", wrt: "X", claim: "inv(X)'", dims, seed });
      for (const t of right) expect(t.ok).toBe(true);
      for (const t of trialsOf({ expr: "logdet(X)", wrt: "X", claim: "inv(X)", dims, seed })) expect(t.ok).toBe(false);
      for (const t of trialsOf({ expr: "logdet(X)", wrt: "X", form: "grad", claim: "G*inv(X)", dims, seed })) expect(t.ok).toBe(false);
    }
  });
});

describe("sampling", () => {
  it("an expression whose domain depends on the sizes alone finds instances (det(A·X·B) needs m ≤ n, p)", () => {
    const checks = SEEDS.map((seed) => check({ expr: "det(A*X*B)", wrt: "X", claim: "det(A*X*B)*A'*inv(A*X*B)'*B'", shapes: ["A: m x n, X: n x p, B: p x m"], seed }));
    for (const r of checks) expect(r.ok && r.value.numeric.ok).toBe(true);
  });
  it("inputs of logdet are sampled inside its domain at once, also at sizes where normal matrices never are", () => {
    const r = check({ expr: "logdet(X) + logdet(Y')", wrt: "X", claim: "inv(X)'", dims: new Map([["m", 60], ["n", 60]]), shapes: ["Y: n x n"] });
    expect(r.ok && r.value.numeric.ok).toBe(true);
  });
});
