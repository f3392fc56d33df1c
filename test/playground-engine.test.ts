/**
 * The playground's data layer without a browser: the address round trip
 * (untrusted input falls back to defaults) and what the engine adapter gives
 * the page for the motivating cases and for bad input.
 */
import { describe, expect, it } from "vitest";
import { EMPTY_STATE, MAX_FIELD_LENGTH, decodeState, encodeState, wrtList } from "../src/playground/state.js";
import { EXAMPLES } from "../src/playground/examples.js";
import { run } from "../src/playground/engine.js";

const example = (id: string) => EXAMPLES.find((e) => e.id === id)!.state;

describe("the address carries the whole state", () => {
  it("round-trips every example, with defaults left out of the link", () => {
    for (const ex of EXAMPLES) expect(decodeState(`#${encodeState(ex.state)}`)).toEqual(ex.state);
    expect(encodeState(EMPTY_STATE)).toBe("");
    expect(encodeState(example("dense"))).toBe("expr=a+%3D+tanh%28W*x+%2B+b%29&shapes=W%3A+M+x+N%2C+x%3A+N%2C+b%3A+M&wrt=x&layout=numerator");
  });
  it("falls back to the default for a choice outside its list, and never treats a name as special", () => {
    const s = decodeState("#layout=__proto__&form=constructor&order=3&expr=x");
    expect(s).toEqual({ ...EMPTY_STATE, expr: "x" });
  });
  it("cuts an overlong field", () => {
    expect(decodeState(`#expr=${"x".repeat(MAX_FIELD_LENGTH + 10)}`).expr.length).toBe(MAX_FIELD_LENGTH);
  });
  it("reads --wrt lists with commas or spaces", () => {
    expect(wrtList(" h, Whh  b ")).toEqual(["h", "Whh", "b"]);
  });
});

describe("what the page shows", () => {
  it("code a back-end cannot write says why, as the command line does, and the rest of the page still shows", () => {
    const v = run({ ...EMPTY_STATE, expr: "dx'*x", wrt: "x", form: "differential" });
    expect(v.problems).toEqual([]);
    const numpy = v.derivation!.code.find((c) => c.format === "numpy")!;
    expect(numpy.available).toBe(false);
    expect(numpy.source).toMatch(/^error: /);
    expect(v.derivation!.steps).not.toBeNull();
    expect(v.derivation!.stepsRefused).toBeNull();
  });
  it("the RNN cell: (G ⊙ (1 − Y⊙Y)) Whhᵀ, the shapes used, steps and NumPy code", () => {
    const v = run(example("rnn"));
    expect(v.problems).toEqual([]);
    expect(v.derivation!.text).toContain("∂ℓ/∂h = (G ⊙ (1 − Y ⊙ Y)) Whhᵀ");
    expect(v.derivation!.shapes).toContainEqual({ name: "Whh", shape: "H×H" });
    expect(v.derivation!.steps).toContain("moving $W_{hh}$ across the Frobenius product transposes it");
    expect(v.derivation!.code.map((c) => c.format)).toContain("numpy");
    expect(v.derivation!.code.find((c) => c.format === "numpy")!.source).toContain("def derivative(**inputs):");
  });
  it("the Pascanu claim is right only if Wrec is symmetric", () => {
    const v = run(example("pascanu"));
    expect(v.claim).toMatchObject({ ok: false, verdict: "Wrong in general: right only if Wrec is symmetric." });
    // One instance that shows it wrong is the verdict (the check stops there).
    expect(v.claim!.evidence).toMatch(/^max relative error .* against finite differences on \d+ random instances?/);
  });
  it("declares generic functions in their own field, and points a bad declaration at it", () => {
    const state = { ...EMPTY_STATE, expr: "f(W*x)", shapes: "W: m x n, x: n", wrt: "x", functions: "f: elementwise" };
    expect(decodeState(`#${encodeState(state)}`)).toEqual(state);
    const v = run(state);
    expect(v.problems).toEqual([]);
    expect(v.derivation!.text).toContain("diag(f′(Wx)) W");
    const bad = run({ ...state, functions: "f: elemwise" });
    expect(bad.problems.map((p) => p.field)).toEqual(["functions"]);
    expect(bad.problems[0]!.text).toContain("f: elementwise or f: scalar");
  });
  it("puts each diagnostic, with its caret, under the field it points at", () => {
    const base = example("dense");
    expect(run({ ...base, expr: "x<img src=x onerror=alert(1)>" }).problems).toEqual([
      { field: "expr", text: "error: unexpected '<' after a complete expression\n  x<img src=x onerror=alert(1)>\n   ^" },
    ]);
    expect(run({ ...base, shapes: "W: M x" }).problems[0]!.field).toBe("shapes");
    expect(run({ ...base, wrt: "q" }).problems[0]!.field).toBe("wrt");
    expect(run({ ...base, wrt: "" }).problems[0]!.field).toBe("wrt");
    expect(run({ ...base, assume: "W: sdp" }).problems[0]!.field).toBe("assume");
    const claim = run({ ...base, claim: "W'*" });
    expect(claim.derivation).not.toBeNull();
    expect(claim.problems[0]!.field).toBe("claim");
  });
  it("an empty expression shows nothing and complains about nothing", () => {
    expect(run(EMPTY_STATE)).toEqual({ derivation: null, claim: null, problems: [] });
  });
});
