/**
 * Shape inference: declarations win, the a–g / lowercase /
 * uppercase defaults, unification naming, explicit broadcasting, and shape
 * diagnostics pinned by code, message and span.
 */
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { topoOrder } from "../src/expr/traverse.js";
import { shapeToString } from "../src/shapes/shape.js";

/** The shapes used for every name, read off a derivation with respect to the expression's last name. */
function shapes(expr: string, declared: string[] = []): Record<string, string> {
  const names = expr.replace(/ where .*/, "").match(/[A-Za-z_][A-Za-z0-9_]*(?!\s*\()/g)!.filter((n) => n !== "I" && n !== "ones");
  const d = derive({ expr, wrt: [names.at(-1)!], shapes: declared });
  if (!d.ok) throw new Error(d.diagnostics[0]!.message);
  return Object.fromEntries([...d.value.program.variables].map(([n, s]) => [n, shapeToString(s)]));
}

function firstError(expr: string, declared: string[] = [], wrt = "x") {
  const r = derive({ expr, wrt: [wrt], shapes: declared });
  if (r.ok) throw new Error("expected an error");
  const d = r.diagnostics[0]!;
  return { code: d.code, message: d.message, span: d.span, help: d.help };
}

describe("defaults and unification", () => {
  it("a–g are scalars, other lowercase names columns, uppercase names matrices; dims named in order of appearance", () => {
    expect(shapes("W*x + b")).toEqual({ W: "m×n", x: "n×1", b: "scalar" });
    expect(shapes("alpha*x + Sigma*x")).toEqual({ alpha: "scalar", x: "m×1", Sigma: "m×m" });
  });
  it("declarations win, inline or by --shape, and fix the rest by unification", () => {
    expect(shapes("tanh(W*x + b) where W: m x n, x: n, b: m")).toEqual({ W: "m×n", x: "n×1", b: "m×1" });
    expect(shapes("h*Whh + b", ["h: N x H", "b: 1 x H"])).toEqual({ h: "N×H", Whh: "H×H", b: "1×H" });
  });
  it("I and ones take their size from where they are used", () => {
    expect(shapes("x'*(A + I)*ones", ["A: 3 x 3"])).toEqual({ x: "3×1", A: "3×3" });
  });
  it("broadcasting is explicit in the typed graph", () => {
    const r = derive({ expr: "h*W + b", wrt: ["b"], shapes: ["h: N x H, b: 1 x H"] });
    expect(r.ok).toBe(true);
    if (r.ok) expect(topoOrder([r.value.y]).some((n) => n.kind === "op" && n.op === "broadcast")).toBe(true);
  });
  it("a declared name the expression does not use has a zero derivative, said so", () => {
    const r = derive({ expr: "W*x", wrt: ["z"], shapes: ["z: k"] });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.derivatives[0]!.zero).toBe(true);
      expect(r.value.notes.join()).toMatch(/does not depend on z/);
    }
  });
});

describe("shape diagnostics: code, message, span", () => {
  it("matrix product with mismatched inner dimensions", () => {
    expect(firstError("tanh(h*x + b)", ["h: N x H, x: N x D"])).toEqual({
      code: "shape-mismatch",
      message: "cannot multiply h (N×H) by x (N×D): inner dimensions H and N differ",
      span: { start: 5, end: 8 },
      help: "did you mean h'*x?",
    });
  });
  it("adding shapes that cannot broadcast", () => {
    expect(firstError("A + B", ["A: m x n, B: n x m"])).toMatchObject({
      code: "shape-mismatch",
      message: "cannot add A (m×n) and B (n×m): rows m and n differ",
      span: { start: 0, end: 5 },
    });
  });
  it("dividing by a non-scalar", () => {
    expect(firstError("x / y")).toMatchObject({ code: "not-scalar", span: { start: 0, end: 5 }, help: "use ./ (or ⊘) for elementwise division" });
  });
  it("trace of a non-square matrix", () => {
    expect(firstError("tr(A)", ["A: m x n"], "A")).toMatchObject({ code: "not-square", message: "tr needs a square matrix, but A is m×n", span: { start: 3, end: 4 } });
  });
  it("matrix power with a non-integer exponent", () => {
    expect(firstError("X^0.5", [], "X")).toMatchObject({ code: "bad-exponent", message: "a matrix power needs an integer exponent, not 0.5", span: { start: 2, end: 5 } });
  });
  it("matrix power whose exponent is a whole number only once worked out: the message says it must be written as one", () => {
    expect(firstError("X^(2^10)", [], "X")).toMatchObject({ code: "bad-exponent", message: "a matrix power needs an integer exponent written as a number (X^3, X^-2), not (2^10)" });
  });
  it("a function used as a value, and an unknown function", () => {
    expect(firstError("tanh + x")).toMatchObject({ code: "not-a-function", span: { start: 0, end: 4 } });
    expect(firstError("sigmod(x)")).toMatchObject({ code: "unknown-function", help: "did you mean sigmoid?" });
  });
  it("wrong number of arguments", () => {
    expect(firstError("kron(A)", [], "A")).toMatchObject({ code: "arity", message: "kron takes 2 arguments, but was given 1" });
  });
  it("conflicting declarations", () => {
    expect(firstError("W*x where x: n", ["x: m"])).toMatchObject({ code: "bad-declaration", message: "x is declared twice, as m×1 and as n×1" });
  });
  it("declaring a constant", () => {
    expect(firstError("I*x", ["I: 3 x 3"])).toMatchObject({ code: "bad-declaration" });
  });
  it("a --wrt name that is not in the expression suggests the nearest", () => {
    expect(firstError("W*h_prev", [], "h_prv")).toMatchObject({ code: "unknown-name", message: "h_prv does not appear in the expression", help: "did you mean h_prev?" });
    expect(firstError("W*x1", [], "x")).toMatchObject({ help: "the expression's names are: W, x1" });
  });
});
