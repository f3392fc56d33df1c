/**
 * Folds: a folded text's length once restored is counted without restoring it, and agrees with the restored text.
 */
import { describe, expect, it } from "vitest";
import { Folds } from "../src/print/folds.js";

describe("Folds", () => {
  it("counts a restored text's length without restoring it, for folds nested in folds", () => {
    const folds = new Folds();
    // Each level embeds the one before twice, folded: the restored text doubles at every level.
    let t = "x".repeat(200);
    for (let level = 0; level < 12; level++) {
      t = folds.fold(`(${t} + ${t}ᵀ)·𝟏`);
      expect(folds.unfoldedLength(t)).toBe(folds.unfold(t).length);
    }
    expect(folds.unfoldedLength(t)).toBeGreaterThan(200 * 2 ** 12);
  });

  it("leaves a short text as it is", () => {
    const folds = new Folds();
    expect(folds.fold("A + B")).toBe("A + B");
    expect(folds.unfoldedLength("A + B")).toBe(5);
  });
});
