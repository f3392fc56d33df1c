/**
 * --assume "T: rows sum to 1" (also "T: stochastic"): the sampler draws T
 * with nonnegative rows summing to 1 and the simplifier uses T 𝟏 = 𝟏, so the
 * batched softmax cross-entropy reads as the textbook's (softmax(Z, 2) − T)/N.
 */
import { describe, expect, it } from "vitest";
import { check, derive, formatText } from "../src/index.js";

const expr = "-sum(T .* log(softmax(Z, 2)))/N";
const shapes = ["T: N x K, Z: N x K, N: scalar"];

describe("rows that sum to 1", () => {
  it("gives the textbook cross-entropy gradient", () => {
    for (const fact of ["T: rows sum to 1", "T: stochastic"]) {
      const r = derive({ expr, wrt: ["Z"], shapes, assume: [fact] });
      expect(r.ok).toBe(true);
      if (r.ok) expect(formatText(r.value)).toContain("∂y/∂Z = (softmax(Z, 2) − T) / N    (N×K)");
    }
  });

  it("keeps the row sums when nothing is assumed", () => {
    const r = derive({ expr, wrt: ["Z"], shapes });
    expect(r.ok && formatText(r.value)).toContain("T 𝟏_K");
  });

  it("checks the textbook claim only under the assumption", () => {
    const claim = "(softmax(Z, 2) - T)/N";
    const holds = check({ expr, wrt: "Z", claim, shapes, assume: ["T: rows sum to 1"] });
    expect(holds.ok && holds.value.ok).toBe(true);
    const fails = check({ expr, wrt: "Z", claim, shapes });
    expect(fails.ok && fails.value.ok).toBe(false);
  });

  it("refuses a misspelt fact with the list of facts", () => {
    const r = derive({ expr, wrt: ["Z"], shapes, assume: ["T: rows sum to one"] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toContain('unknown fact "rows sum to one"');
  });
});
