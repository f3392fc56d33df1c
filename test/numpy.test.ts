/**
 * The numpy printer (src/print/numpy.ts). Every corpus expression,
 * in every layout and form, is emitted as a Python module; one python3 run
 * executes them all on random instances and the results are compared with
 * the TypeScript evaluation of the same result graphs (relative error
 * < 1e-9). Also: how inputs are accepted (floats, 1-D vectors, extras),
 * shape errors, undetermined sizes, several --wrt names, name clashes, and
 * the whole module of the dense-layer example as an inline snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Derivation, derive } from "../src/api/derive.js";
import type { Form, Layout } from "../src/calculus/layout.js";
import { formatNumpy } from "../src/print/numpy.js";
import { READ_INPUTS } from "../src/print/codegen/python-support.js";
import { NUMPY_BACKEND } from "../src/print/codegen/numpy-support.js";
import { evaluate, valueKey } from "../src/numeric/evaluate.js";
import { sampleInstance } from "../src/numeric/check.js";
import { createRng } from "../src/numeric/random.js";
import { type Mat, toRows } from "../src/kernels/mat.js";
import { CORPUS, SETTINGS, type Source } from "./helpers/code-corpus.js";

type Py = number | number[] | number[][];

/** One call of one emitted module, and what it should give. */
interface PyCase {
  readonly id: string;
  readonly code: string;
  readonly kwargs: Record<string, Py>;
  /** wrt → expected value (single wrt: the key is that name). */
  readonly expected?: Record<string, Mat>;
  readonly several?: boolean;
}

function derived(source: Source, form: Form = "jacobian", layout: Layout = "numerator"): Derivation {
  const r = derive({ expr: source.expr, wrt: [...source.wrt], shapes: source.shapes ? [...source.shapes] : undefined, form, layout });
  if (!r.ok) throw new Error(`${source.expr}: ${r.diagnostics.map((x) => x.message).join("; ")}`);
  return r.value;
}

/** The value a keyword argument takes: 2-D rows, or (loose) floats for scalars and flat lists for vectors. */
function pyValue(m: Mat, loose: boolean): Py {
  if (loose && m.rows === 1 && m.cols === 1) return m.data[0]!;
  if (loose && (m.rows === 1 || m.cols === 1)) return Array.from(m.data);
  return toRows(m);
}

/** Keyword arguments for every variable of the derivation that has a sampled value. */
function keywordArguments(d: Derivation, values: ReadonlyMap<string, Mat>, loose: boolean): Record<string, Py> {
  const kwargs: Record<string, Py> = {};
  for (const name of d.program.variables.keys()) {
    const v = values.get(valueKey({ name, role: "input" }));
    if (v) kwargs[name] = pyValue(v, loose);
  }
  if (d.upstream) kwargs[d.upstream.name] = pyValue(values.get(valueKey(d.upstream))!, loose);
  if (d.form === "differential") {
    for (const r of d.derivatives) {
      const v = values.get(valueKey({ name: `d${r.wrt}`, role: "differential" }));
      if (v) kwargs[`d${r.wrt}`] = pyValue(v, loose);
    }
  }
  return kwargs;
}

/** Emit d, sample an instance, and evaluate its results in TypeScript. */
function buildCase(id: string, d: Derivation, seed: number, loose: boolean): PyCase {
  const roots = [d.y, ...d.derivatives.map((r) => r.result)];
  const sample = sampleInstance(roots, createRng(seed), {});
  if ("violation" in sample) throw new Error(`${id}: no instance (${sample.violation.reason})`);
  const expected: Record<string, Mat> = {};
  for (const r of d.derivatives) expected[r.wrt] = evaluate(r.result, sample.values, sample.sizes);
  return { id, code: formatNumpy(d), kwargs: keywordArguments(d, sample.values, loose), expected, several: d.derivatives.length > 1 };
}

const corpusCases: PyCase[] = [];
CORPUS.forEach((source, i) =>
  SETTINGS.forEach((s, j) => {
    const id = `${source.expr} [${source.wrt.join(",")}] ${s.form}${s.form === "jacobian" ? `/${s.layout}` : ""}${source.shapes ? ` (${source.shapes.join("; ")})` : ""}`;
    corpusCases.push(buildCase(id, derived(source, s.form, s.layout), 1000 + 10 * i + j, (i + j) % 2 === 0));
  }),
);

const dense = derived({ expr: "tanh(W*x + b)", wrt: ["x"], shapes: ["W: m x n, x: n, b: m"] });
const denseCase = buildCase("dense", dense, 7, false);
const identityOnly = derived({ expr: "W*x + b", wrt: ["b"], shapes: ["W: m x n, x: n, b: m"] });

/** Calls whose outcome is checked by hand below (same python3 run). */
const extraCases: PyCase[] = [
  { ...denseCase, id: "extras", kwargs: { ...denseCase.kwargs, unused: 1.5, junk: [[1, 2, 3]] } },
  { ...denseCase, id: "x too long", kwargs: { ...denseCase.kwargs, x: [...(denseCase.kwargs.x as number[][]).flat(), 1].map((v) => [v]) } },
  { ...denseCase, id: "b as a row", kwargs: { ...denseCase.kwargs, b: [(denseCase.kwargs.b as number[][]).flat()] } },
  { ...denseCase, id: "W 3-D", kwargs: { ...denseCase.kwargs, W: [[[1]]] as unknown as number[][] } },
  { ...denseCase, id: "missing b", kwargs: { W: denseCase.kwargs.W!, x: denseCase.kwargs.x! } },
  { id: "identity from b", code: formatNumpy(identityOnly), kwargs: { b: [1, 2, 3] } },
  { id: "identity, no size", code: formatNumpy(identityOnly), kwargs: {} },
];

const DRIVER = `
import json, sys
import numpy as np

def encode(r):
    if isinstance(r, dict):
        return {"dict": {k: encode(v) for k, v in r.items()}}
    if isinstance(r, float):
        return {"float": r if np.isfinite(r) else str(r)}
    if isinstance(r, np.ndarray):
        rows = [[x if np.isfinite(x) else str(x) for x in row] for row in r.tolist()] if r.ndim == 2 else str(r)
        return {"array": rows, "dtype": str(r.dtype), "ndim": r.ndim}
    return {"other": repr(r)}

spec = json.load(open(sys.argv[1]))
out = {}
for case in spec:
    namespace = {}
    try:
        exec(compile(case["code"], case["id"], "exec"), namespace)
        out[case["id"]] = encode(namespace["derivative"](**case["kwargs"]))
    except Exception as e:
        out[case["id"]] = {"error": type(e).__name__, "message": str(e)}
json.dump(out, open(sys.argv[2], "w"))
`;

type Encoded =
  | { dict: Record<string, Encoded> }
  | { float: number | string }
  | { array: (number | string)[][]; dtype: string; ndim: number }
  | { error: string; message: string }
  | { other: string };

const python = spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" });
const hasNumpy = python.status === 0;

/** ‖a − b‖ / max(‖a‖, ‖b‖, 1e-12), or Infinity when the shapes differ or an entry is not a number. */
function relativeError(expected: Mat, got: Encoded): number {
  let rows: (number | string)[][];
  if ("float" in got) {
    if (expected.rows !== 1 || expected.cols !== 1) return Infinity;
    rows = [[got.float]];
  } else if ("array" in got) {
    if (expected.rows === 1 && expected.cols === 1) return Infinity; // a 1×1 result must be a float
    rows = got.array;
  } else {
    return Infinity;
  }
  const want = toRows(expected);
  if (rows.length !== want.length || rows.some((r, i) => r.length !== want[i]!.length)) return Infinity;
  let diff = 0, na = 0, nb = 0;
  rows.forEach((r, i) => r.forEach((v, j) => {
    if (typeof v !== "number") diff = Infinity;
    const w = want[i]![j]!;
    diff += ((v as number) - w) ** 2;
    na += (v as number) ** 2;
    nb += w ** 2;
  }));
  return Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nb), 1e-12);
}

describe.skipIf(!hasNumpy)("numpy modules under python3 agree with the TypeScript evaluation", () => {
  let dir = "";
  let results: Record<string, Encoded> = {};

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "matdiff-numpy-"));
    writeFileSync(join(dir, "cases.json"), JSON.stringify([...corpusCases, ...extraCases].map(({ id, code, kwargs }) => ({ id, code, kwargs }))));
    writeFileSync(join(dir, "driver.py"), DRIVER);
    const run = spawnSync("python3", [join(dir, "driver.py"), join(dir, "cases.json"), join(dir, "out.json")], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
    results = JSON.parse(readFileSync(join(dir, "out.json"), "utf8"));
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(corpusCases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const got = results[c.id]!;
    expect(got, JSON.stringify(got)).not.toHaveProperty("error");
    for (const [wrt, want] of Object.entries(c.expected!)) {
      const value = c.several ? (got as { dict: Record<string, Encoded> }).dict[wrt]! : got;
      expect(relativeError(want, value), `${wrt}: ${JSON.stringify(value)} vs ${JSON.stringify(toRows(want))}\n${c.code}`).toBeLessThan(1e-9);
    }
  });

  it("returns 2-D float arrays and a float for a 1×1 result", () => {
    const scalar = corpusCases.find((c) => c.id.startsWith("x'*A*x [x,A] differential"))!;
    expect(results[scalar.id]).toHaveProperty("dict.x.float");
    const matrix = results[corpusCases.find((c) => c.id.startsWith("X' [X] jacobian/numerator"))!.id] as { dtype: string; ndim: number };
    expect(matrix).toMatchObject({ dtype: "float64", ndim: 2 });
  });

  it("returns a dict keyed by the --wrt names when there are several", () => {
    const rnn = results[corpusCases.find((c) => c.id.startsWith("tanh(h*Whh + x*Wxh + b) [h,Whh,b] grad"))!.id]!;
    expect(Object.keys((rnn as { dict: object }).dict)).toEqual(["h", "Whh", "b"]);
  });

  it("accepts floats for scalars, 1-D arrays for vectors, and unused extra arguments", () => {
    const loose = corpusCases.find((c) => c.id.startsWith("a*X + b [a,X,b] jacobian/numerator"))!;
    expect(typeof loose.kwargs.a).toBe("number");
    const got = (results[loose.id] as { dict: Record<string, Encoded> }).dict;
    for (const wrt of ["a", "X", "b"]) expect(relativeError(loose.expected![wrt]!, got[wrt]!)).toBeLessThan(1e-9);
    const flat = corpusCases.find((c) => c.id.startsWith("tanh(W*x + b) [x,W] jacobian/numerator"))!;
    expect(typeof (flat.kwargs.x as number[])[0]).toBe("number");
    expect(relativeError(flat.expected!.x!, (results[flat.id] as { dict: Record<string, Encoded> }).dict.x!)).toBeLessThan(1e-9);
    expect(relativeError(denseCase.expected!.x!, results.extras!)).toBeLessThan(1e-9);
  });

  it("raises ValueError naming the inputs whose sizes disagree", () => {
    expect(results["x too long"]).toMatchObject({ error: "ValueError" });
    expect((results["x too long"] as { message: string }).message).toMatch(/^x has \d+ rows but W has \d+ columns \(both are n\)$/);
    expect((results["b as a row"] as { message: string }).message).toMatch(/^b has 1 row but W has \d+ rows \(both are m\)$/);
    expect(results["W 3-D"]).toMatchObject({ error: "ValueError", message: "W must be a 2-D array (m×n), not 3-D" });
    expect(results["missing b"]).toMatchObject({ error: "TypeError", message: "derivative() is missing the input b (m×1)" });
  });

  it("binds sizes from whichever inputs are given, and raises ValueError for a size none fixes", () => {
    expect(results["identity from b"]).toEqual({ array: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype: "float64", ndim: 2 });
    expect(results["identity, no size"]).toMatchObject({
      error: "ValueError",
      message: "the size m is not fixed by the shape of any input given; pass W or b",
    });
  });
});

describe("formatNumpy", () => {
  it("prints the dense layer's Jacobian (numerator layout) as a module", () => {
    // The module: what derivative() computes; then the support code every Python back-end shares.
    const [module, support] = formatNumpy(dense).split("\n\n\ndef _read_inputs(");
    expect(`def _read_inputs(${support}`).toBe(`${READ_INPUTS}\n\n\n${NUMPY_BACKEND.arrayIo}\n`);
    expect(module).toMatchInlineSnapshot(`
      "# matdiff: the derivative of y = tanh(W*x + b)
      # with respect to x; numerator layout · Jacobian form
      # shapes: W: m×n, x: n×1, b: m×1
      # derivative(**inputs) returns ∂y/∂x (m×n array)
      # value_and_derivative(**inputs) returns (y, that), y as m×1 array
      # Keyword arguments are numpy arrays (floats for scalars, 1-D arrays for vectors).

      import math

      import numpy as np


      def derivative(**inputs):
          """∂y/∂x for y = tanh(W*x + b); see the comment above."""
          return _derivative(inputs, False)[1]


      def value_and_derivative(**inputs):
          """(y, derivative(**inputs)): the value of y = tanh(W*x + b) as well."""
          return _derivative(inputs, True)


      def _derivative(inputs, with_value):
          _arrays, _sizes = _read_inputs(inputs, {
              "W": ("m", "n"),
              "x": ("n", 1),
              "b": ("m", 1),
          }, needed=("W", "x", "b"), sizes_needed=("m", "n"))
          W = _arrays["W"]  # m×n
          x = _arrays["x"]  # n×1
          b = _arrays["b"]  # m×1
          m, n = _sizes["m"], _sizes["n"]
          y = np.tanh(W @ x + b)
          _value = _result(y, (m, 1)) if with_value else None
          return _value, _result((1.0 - (y * y)) * W, (m, n))"
    `);
  });

  it("keeps locals apart from size symbols and Python keywords", () => {
    const clash = formatNumpy(derived({ expr: "n'*A*x", wrt: ["x"], shapes: ["A: n x m, x: m, n: n"] }));
    expect(clash).toContain(`n_ = _arrays["n"]  # n×1`);
    expect(clash).toMatch(/n_\.T @ A/);
    const keyword = formatNumpy(derived({ expr: "lambda'*x", wrt: ["x"] }));
    expect(keyword).toContain(`lambda_ = _arrays["lambda"]`);
  });

  it("takes G in the grad form and d<wrt> in the differential form", () => {
    const source = { expr: "tanh(W*x + b)", wrt: ["x"], shapes: ["W: m x n, x: n, b: m"] };
    expect(formatNumpy(derived(source, "grad"))).toContain(`"G": ("m", 1),`);
    expect(formatNumpy(derived(source, "differential"))).toContain(`"dx": ("n", 1),`);
  });
});
