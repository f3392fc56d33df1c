/**
 * "Did you mean ...?": edit distance with adjacent transpositions, and the
 * choice of the nearest candidate (the README: `tahn` → `tanh`).
 */
import { describe, it, expect } from "vitest";
import { editDistance, nearest } from "../src/diagnostics/suggest.js";

const FUNCTIONS = [
  "exp", "log", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "softplus", "sqrt", "abs",
  "tr", "det", "logdet", "inv", "diag", "vec", "sum", "norm2", "norm1", "kron", "softmax", "logsumexp",
];

describe("editDistance", () => {
  it.each([
    ["tanh", "tanh", 0],
    ["tahn", "tanh", 1],
    ["tanh", "tan", 1],
    ["sigmod", "sigmoid", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
    ["ab", "ba", 1],
    ["ca", "abc", 3],
    ["σ", "ς", 1],
    ["⊙x", "x⊙", 1],
  ])("%s → %s is %d", (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
    expect(editDistance(b, a)).toBe(expected);
  });
});

describe("nearest", () => {
  it.each([
    ["tahn", "tanh"],
    ["tnah", "tanh"],
    ["sigmod", "sigmoid"],
    ["sigmiod", "sigmoid"],
    ["sofmax", "softmax"],
    ["lgo", "log"],
    ["expp", "exp"],
    ["sqr", "sqrt"],
    ["logsumexpp", "logsumexp"],
    ["Tanh", "tanh"],
    ["TANH", "tanh"],
    ["norm", "norm2"],
  ])("%s → %s", (word, expected) => {
    expect(nearest(word, FUNCTIONS)).toBe(expected);
  });

  it.each(["x", "foo", "qwerty", "softmaximum", "banana", ""])("no suggestion for %j", (word) => {
    expect(nearest(word, FUNCTIONS)).toBeUndefined();
  });

  it("an exact match is its own nearest", () => {
    expect(nearest("tanh", FUNCTIONS)).toBe("tanh");
  });

  it("prefers a candidate that matches in case", () => {
    expect(nearest("Wxh", ["wxx", "Wxx"])).toBe("Wxx");
    expect(nearest("wX", ["Wx", "wx"])).toBe("wx");
  });

  it("a difference in case only beats a one-letter typo", () => {
    expect(nearest("Wx", ["Wx2", "wx"])).toBe("wx");
  });

  it("prefers the candidate of the same length, then the earlier one", () => {
    expect(nearest("tahn", ["tan", "tanh"])).toBe("tanh");
    expect(nearest("cat", ["bat", "hat"])).toBe("bat");
  });

  it("respects maxDistance", () => {
    expect(nearest("softmx", ["softmax"], 0)).toBeUndefined();
    expect(nearest("sftmx", ["softmax"])).toBeUndefined();
    expect(nearest("logsmexpp", ["logsumexp"], 2)).toBe("logsumexp");
    expect(nearest("logsmexpp", ["logsumexp"], 1)).toBeUndefined();
  });

  it("no candidates", () => {
    expect(nearest("tanh", [])).toBeUndefined();
  });
});
