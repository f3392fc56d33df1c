/**
 * The numpy printer (SPEC §5, src/print/numpy.ts). Every corpus expression,
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
import { evaluate, valueKey } from "../src/numeric/evaluate.js";
import { sampleInstance } from "../src/numeric/check.js";
import { createRng } from "../src/numeric/random.js";
import { type Mat, toRows } from "../src/kernels/mat.js";

interface Source {
  readonly expr: string;
  readonly wrt: readonly string[];
  readonly shapes?: readonly string[];
}

/** [expression, comma-separated wrt names] pairs as sources with default shapes. */
const wrtLists = (pairs: readonly (readonly [string, string])[]): Source[] => pairs.map(([expr, wrt]) => ({ expr, wrt: wrt.split(",") }));

const RNN = "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H";
const CORPUS: readonly Source[] = [
  // SPEC §1: RNN cell (batch of rows), the same for one row, and the dense layer
  { expr: "tanh(h*Whh + x*Wxh + b)", wrt: ["h", "Whh", "b"], shapes: [RNN] },
  { expr: "tanh(h*Whh + x*Wxh + b)", wrt: ["h", "Whh", "b"], shapes: ["h: 1 x H, Whh: H x H, x: 1 x D, Wxh: D x H, b: 1 x H"] },
  { expr: "tanh(W*x + b)", wrt: ["x", "W"], shapes: ["W: m x n, x: n, b: m"] },
  // Cookbook eq. 81: ∂(xᵀAx)/∂x = (A + Aᵀ)x
  { expr: "x'*A*x", wrt: ["x", "A"] },
  // elementwise functions of a vector; functions of a matrix (Cookbook eqs. 46, 50, 59, 100)
  ...["log(x)", "sqrt(x)", "relu(x)", "softplus(x)", "abs(x)", "sigmoid(x)", "x.^3", "diag(x)", "norm2(x)", "norm1(x)", "sin(x).*cos(x)", "tan(x)"]
    .map((expr) => ({ expr, wrt: ["x"] })),
  ...["X'", "X*X'", "sum(exp(X))", "exp(X)", "X.^2", "diag(X)", "vec(X)", "inv(X)", "det(X)", "logdet(X)", "X^3", "norm2(X)", "tr(A*X*B)"]
    .map((expr) => ({ expr, wrt: ["X"] })),
  ...["softmax(z)", "logsumexp(z)"].map((expr) => ({ expr, wrt: ["z"] })),
  // products, quotients and powers of scalars, vectors and matrices
  ...wrtLists([
    ["A*X*B", "X,A"], ["sigmoid(W*x)", "W,x"], ["x./y", "x,y"], ["a^b", "a,b"], ["X/c", "X,c"], ["a*X + b", "a,X,b"],
    ["-2*x + a", "x,a"], ["kron(A, X)", "X,A"], ["a*x'*y", "a,x"],
  ]),
  // compositions: scalars meeting matrices, sized constants, Kronecker products
  ...wrtLists([
    ["x*a + X*y", "a,x,X"], ["exp(a)*x'*x", "a,x"], ["ones'*x + tr(X)*a", "x,X,a"], ["x'*I*x - 1", "x"],
    ["sum(X.*Y)", "X,Y"], ["X.^Y", "X,Y"], ["x.^a + sqrt(b)", "x,a,b"], ["det(a*X)", "a,X"], ["inv(X)*x", "X,x"],
    ["kron(x, y)", "x,y"], ["kron(X, Y)'", "X,Y"], ["logsumexp(W*x)", "W,x"], ["softmax(W*x)", "W,x"],
    ["(X')^2*x", "X,x"], ["relu(a*x) + abs(c)*x", "a,x,c"], ["x'*diag(y)*x/c", "x,y,c"],
  ]),
  { expr: "norm2(A*x - b)", wrt: ["x", "A"], shapes: ["b: m"] },
  // names that are Python keywords or size symbols become other locals
  { expr: "lambda'*x", wrt: ["lambda"] },
  { expr: "n'*A*x", wrt: ["n", "x"], shapes: ["A: n x m, x: m, n: n"] },
];

const SETTINGS: readonly { form: Form; layout: Layout }[] = [
  { form: "jacobian", layout: "numerator" },
  { form: "jacobian", layout: "denominator" },
  { form: "jacobian", layout: "mixed" },
  { form: "grad", layout: "mixed" },
  { form: "differential", layout: "mixed" },
];

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
    expect(formatNumpy(dense)).toMatchInlineSnapshot(`
      "# matdiff: the derivative of y = tanh(W*x + b)
      # with respect to x; numerator layout · Jacobian form
      # shapes: W: m×n, x: n×1, b: m×1
      # derivative(**inputs) returns ∂y/∂x (m×n array)
      # Keyword arguments are numpy arrays (floats for scalars, 1-D arrays for vectors).

      import math

      import numpy as np


      def derivative(**inputs):
          """∂y/∂x for y = tanh(W*x + b); see the comment above."""
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
          return _result(np.diag((np.broadcast_to(1.0, (m, 1)) - (y * y)).ravel()) @ W, (m, n))


      def _read_inputs(inputs, shapes, needed, sizes_needed):
          """The inputs as 2-D float arrays, and the sizes their shapes fix. A declared
          dimension is a number, a size name, or (coefficient, name, ...) for a product."""
          for name in needed:
              if name not in inputs:
                  raise TypeError(f"derivative() is missing the input {name} ({_shape_text(shapes[name])})")
          arrays = {name: _as_matrix(name, inputs[name], dims) for name, dims in shapes.items() if name in inputs}
          sizes, source = {}, {}
          pending = [(name, axis) for name in arrays for axis in (0, 1)]
          while pending:
              waiting = []
              for name, axis in pending:
                  got = arrays[name].shape[axis]
                  coef, names = _factors(shapes[name][axis])
                  unknown = [s for s in names if s not in sizes]
                  known = coef * math.prod(sizes[s] for s in names if s in sizes)
                  if len(unknown) > 1:
                      waiting.append((name, axis))
                  elif unknown and got % known == 0:
                      sizes[unknown[0]], source[unknown[0]] = got // known, (name, axis)
                  elif unknown or got != known:
                      raise ValueError(_clash(name, axis, got, known, bool(unknown), shapes, source, sizes))
              if len(waiting) == len(pending):
                  break
              pending = waiting
          for s in sizes_needed:
              if s not in sizes:
                  holders = [n for n, dims in shapes.items() if any(s in _factors(d)[1] for d in dims)]
                  hint = f"; pass {' or '.join(holders)}" if holders else ""
                  raise ValueError(f"the size {s} is not fixed by the shape of any input given{hint}")
          return arrays, sizes


      def _factors(dim):
          """(coefficient, size names) of a declared dimension."""
          if isinstance(dim, int):
              return dim, ()
          return (1, (dim,)) if isinstance(dim, str) else (dim[0], tuple(dim[1:]))


      def _shape_text(dims):
          def one(dim):
              coef, names = _factors(dim)
              return "·".join(([str(coef)] if coef != 1 or not names else []) + list(names))
          return "×".join(one(d) for d in dims)


      def _clash(name, axis, got, known, multiple, shapes, source, sizes):
          """Why input name's size along axis contradicts its declaration or another input."""
          count = lambda n, a: f"{n} {('row', 'column')[a]}{'' if n == 1 else 's'}"
          dim = shapes[name][axis]
          if isinstance(dim, str) and dim in source:
              other, other_axis = source[dim]
              whose = "" if other == name else f"{other} has "
              return f"{name} has {count(got, axis)} but {whose}{count(sizes[dim], other_axis)} (both are {dim})"
          needs = f"a multiple of {known}" if multiple else known
          return f"{name} has {count(got, axis)} but its declared shape {_shape_text(shapes[name])} needs {needs}"


      def _as_matrix(name, value, dims):
          """value as a 2-D float array: a float → 1×1, a 1-D array → the declared vector."""
          a = np.asarray(value, dtype=float)
          if a.ndim == 0 or a.ndim == 1 and dims[1] == 1:
              a = a.reshape(-1, 1)
          elif a.ndim == 1 and dims[0] == 1:
              a = a.reshape(1, -1)
          elif a.ndim != 2:
              raise ValueError(f"{name} must be a 2-D array ({_shape_text(dims)}), not {a.ndim}-D")
          if a.size == 0:
              raise ValueError(f"{name} is empty")
          return a


      def _result(value, shape):
          """value as a float array of the given shape; a 1×1 result as a float."""
          out = np.array(value, dtype=float)
          out = out.reshape(1, 1) if out.ndim == 0 else out
          if out.shape != shape:
              raise RuntimeError(f"matdiff bug: the result is {out.shape}, expected {shape}")
          return float(out[0, 0]) if shape == (1, 1) else out
      "
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
