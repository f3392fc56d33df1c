/**
 * Every operator of the registry through every code back-end (DESIGN.md,
 * "Tests are driven by the registry"): each OpName has an example node on
 * random inputs of distinct sizes (m=2, n=3, p=4, q=5); its back-end entry
 * is printed, run under python3 with the back-end's helpers, and compared
 * with matdiff's own evaluator (relative error < 1e-9). An operator added
 * to the registry without an example here does not compile (the record is
 * keyed by OpName), and one without a table entry does not either.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { OpName } from "../src/expr/names.js";
import type { Expr } from "../src/expr/node.js";
import { make } from "../src/ops/make.js";
import { allStanzas, newGraph } from "../src/ops/registry.js";
import { type Dim, dimMul, dimSym } from "../src/shapes/dim.js";
import { evaluate, valueKey } from "../src/numeric/evaluate.js";
import { type Mat, fromRows, toRows } from "../src/kernels/mat.js";
import { createRng } from "../src/numeric/random.js";
import { BACKENDS } from "../src/print/codegen/index.js";
import { type ElementwiseOp, completeTable } from "../src/print/codegen/table.js";
import { pythonDialect, topLevel } from "../src/print/codegen/python-syntax.js";
import { Prec } from "../src/ops/precedence.js";
import { topoOrder } from "../src/expr/traverse.js";
import { READ_INPUTS } from "../src/print/codegen/python-support.js";
import { Renderer } from "../src/print/render.js";
import { CODE_FORMATS, type CodeFormat } from "../src/api/options.js";

const [m, n, p, q] = ["m", "n", "p", "q"].map(dimSym) as [Dim, Dim, Dim, Dim];
const SIZES = new Map([["m", 2], ["n", 3], ["p", 4], ["q", 5]]);
const one: Dim = { coef: 1, syms: [] };
const shape = (rows: Dim, cols: Dim) => ({ rows, cols });

// Inputs: signed entries away from 0, positive ones for log, sqrt and powers, a well-conditioned square S.
const graph = newGraph();
const variable = graph.variable.bind(graph);
const X = variable("X", shape(m, n));
const Y = variable("Y", shape(m, n));
const P = variable("P", shape(m, n));
const S = variable("S", shape(n, n));
const v = variable("v", shape(n, one));
const s = variable("s", shape(one, one));
const ps = variable("ps", shape(one, one));
const B = variable("B", shape(p, q));
const Z = variable("Z", shape(n, p));
const G = variable("G", shape(dimMul(m, p), dimMul(n, q)));
const w = variable("w", shape(dimMul(m, n), one));
const INPUTS = [X, Y, P, S, v, s, ps, B, Z, G, w];
// Generic functions: their random instances' coefficients (sampled like any value), and the same functions in Python.
const fc = graph.variable("f", shape(one, { coef: 4, syms: [] }), "function");
const gc = graph.variable("g", shape(dimMul(m, n), dimMul(m, n)), "function");
const FUNCTIONS = [fc, gc];
const PYTHON_FUNCTIONS = (values: Map<string, Mat>): string[] => {
  const c = toRows(values.get(valueKey(fc))!)[0]!;
  return [
    `_c = ${JSON.stringify(c)}`,
    "f_prime = lambda x: _c[1] + x * (2 * _c[2] + 3 * _c[3] * x)",
    `_C = np.array(${JSON.stringify(toRows(values.get(valueKey(gc))!))})`,
    "_S = (_C + _C.T) / 2",
    // the caller's functions are numpy code; X may be a tensor or a jax array
    "_v = lambda X: np.asarray(X).reshape(-1, 1, order='F')",
    "g = lambda X: float(_C[:, 0] @ _v(X)[:, 0] + 0.5 * _v(X)[:, 0] @ _S @ _v(X)[:, 0] + np.sum(_C[0, :] / 3 * _v(X)[:, 0] ** 3))",
    "grad_g = lambda X: (_C[:, [0]] + _S @ _v(X) + 3 * (_C[[0], :].T / 3) * _v(X) ** 2).reshape(X.shape, order='F')",
    "hess_g = lambda X: _S + np.diag(6 * _C[0, :] / 3 * _v(X)[:, 0])",
  ];
};

const elementwise = (op: OpName, arg: Expr = X) => () => make(op, [arg]);
const exampleOf = (op: OpName): Expr => (EXAMPLES[op] ?? elementwise(op, make("scale", [graph.num(0.4), X])))();

/**
 * One example per operator: the node whose code each back-end's entry prints.
 * An elementwise function without one is applied to 0.4·X (entries well
 * inside (−1, 1)); one whose domain needs more gets its own example here.
 */
const EXAMPLES: { readonly [K in Exclude<OpName, ElementwiseOp>]: () => Expr } & { readonly [K in ElementwiseOp]?: () => Expr } = {
  identity: () => graph.op("identity", [], { dims: [n] }),
  ones: () => graph.op("ones", [], { dims: [m, n] }),
  zeros: () => graph.op("zeros", [], { dims: [m, n] }),
  commutation: () => graph.op("commutation", [], { dims: [m, n] }),
  add: () => make("add", [X, Y, make("neg", [P])]),
  neg: elementwise("neg"),
  matmul: () => make("matmul", [X, make("scale", [s, Z])]),
  scale: () => make("scale", [s, X]),
  hadamard: () => make("hadamard", [X, Y]),
  hdiv: () => make("hdiv", [X, P]),
  div: () => make("div", [X, s]),
  kron: () => make("kron", [X, B]),
  transpose: elementwise("transpose"),
  power: () => make("power", [ps, s]),
  matpow: () => make("matpow", [S], { k: 3 }),
  hpow: () => make("hpow", [P, Y]),
  broadcast: () => make("broadcast", [s], { dims: [m, n] }),
  exp: elementwise("exp"), log: elementwise("log", P), sin: elementwise("sin"), cos: elementwise("cos"), tan: elementwise("tan"),
  tanh: elementwise("tanh"), sigmoid: elementwise("sigmoid"), relu: elementwise("relu"), softplus: elementwise("softplus"),
  sqrt: elementwise("sqrt", P), abs: elementwise("abs"), step: elementwise("step"), sign: elementwise("sign"),
  sum: elementwise("sum"),
  tr: elementwise("tr", S),
  diagEmbed: elementwise("diagEmbed", v),
  diagExtract: elementwise("diagExtract", S),
  vec: elementwise("vec"),
  unvec: () => make("unvec", [w], { dims: [m, n] }),
  inv: elementwise("inv", S), adj: elementwise("adj", S), det: elementwise("det", S), logdet: elementwise("logdet", S),
  norm2: elementwise("norm2"), norm1: elementwise("norm1"),
  softmax: () => make("add", [make("broadcast", [make("softmax", [v])], { dims: [n, n] }), make("softmax", [S], { axis: 2 }), make("softmax", [S], { axis: 1 })]),
  logsumexp: () => make("add", [make("broadcast", [make("logsumexp", [v])], { dims: [n, n] }), make("broadcast", [make("logsumexp", [S], { axis: 2 })], { dims: [n, n] }), make("broadcast", [make("logsumexp", [S], { axis: 1 })], { dims: [n, n] })]),
  erf: elementwise("erf"), gelu: elementwise("gelu"), normcdf: elementwise("normcdf"), normpdf: elementwise("normpdf"),
  arcsin: () => make("arcsin", [make("scale", [graph.num(0.4), X])]), arccos: () => make("arccos", [make("scale", [graph.num(0.4), X])]),
  arctan: elementwise("arctan"), sinh: elementwise("sinh"), cosh: elementwise("cosh"), log1p: elementwise("log1p", P), expm1: elementwise("expm1"),
  sumAxis: () => make("sumAxis", [X], { axis: 1 }),
  mean: () => make("add", [make("broadcast", [make("mean", [X], { axis: 2 })], { dims: [m, n] }), make("broadcast", [make("mean", [X])], { dims: [m, n] })]),
  max: () => make("broadcast", [make("max", [X], { axis: 1 })], { dims: [m, n] }),
  min: () => make("add", [make("broadcast", [make("min", [X], { axis: 2 })], { dims: [m, n] }), make("broadcast", [make("min", [X])], { dims: [m, n] })]),
  isMax: () => make("add", [make("isMax", [X], { axis: 2 }), make("isMax", [X])]),
  isMin: () => make("isMin", [X], { axis: 1 }),
  dimSize: () => graph.op("dimSize", [], { dims: [dimMul(m, n)] }),
  kronBlockSum: () => make("kronBlockSum", [G, X], { dims: [p, q] }),
  kronBlockPair: () => make("kronBlockPair", [G, B], { dims: [m, n] }),
  genericMap: () => make("genericMap", [X, fc], { k: 1 }),
  genericScalar: () => make("genericScalar", [X, gc]),
  genericGrad: () => make("genericGrad", [X, gc]),
  genericHess: () => make("genericHess", [X, gc]),
};

/** Random values: entries ±[0.5, 1.5], positive for P and ps, S = R + 3I. */
function sampleValues(): Map<string, Mat> {
  const rng = createRng(20240611);
  const values = new Map<string, Mat>();
  for (const x of [...INPUTS, ...FUNCTIONS]) {
    const rows = x.shape.rows.syms.reduce((a, sym) => a * SIZES.get(sym)!, x.shape.rows.coef);
    const cols = x.shape.cols.syms.reduce((a, sym) => a * SIZES.get(sym)!, x.shape.cols.coef);
    const positive = x === P || x === ps;
    const data = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => {
      const magnitude = 0.5 + rng.next();
      const sign = positive || rng.next() < 0.5 ? 1 : -1;
      return sign * magnitude + (x === S && i === j ? 3 : 0);
    }));
    values.set(valueKey(x), fromRows(data));
  }
  return values;
}

const relativeError = (want: Mat, got: number[][]): number => {
  const w = toRows(want);
  let num2 = 0;
  let den2 = 0;
  w.forEach((row, i) => row.forEach((x, j) => {
    num2 += (x - (got[i]?.[j] ?? NaN)) ** 2;
    den2 += x * x;
  }));
  return Math.sqrt(num2) / Math.max(Math.sqrt(den2), 1e-300);
};

/** How each framework starts and how it makes a float64 array of nested lists. */
const FRAMEWORK: Record<CodeFormat, { readonly start: string; readonly array: string }> = {
  numpy: { start: "", array: "np.array" },
  torch: { start: "torch.set_default_dtype(torch.float64)\n_k = dict(dtype=torch.float64)", array: "torch.tensor" },
  jax: { start: 'jax.config.update("jax_enable_x64", True)', array: "jnp.array" },
};
const MODULE: Record<CodeFormat, string> = { numpy: "numpy", torch: "torch", jax: "jax" };

describe.each(CODE_FORMATS)("every operator through the %s back-end", (format) => {
  const backend = BACKENDS[format];
  const present = spawnSync("python3", ["-c", `import numpy, ${MODULE[format]}`], { encoding: "utf8" }).status === 0;
  if (!present) console.warn(`\n*** ${MODULE[format]} is not installed for python3: the ${format} back-end's registry test is SKIPPED (pip install ${MODULE[format]}) ***\n`);
  const values = sampleValues();
  const ops = allStanzas().map((st) => st.op);
  const table = completeTable(backend);
  const dialect = pythonDialect(table, backend.reserved);

  it("has an example and an entry for every operator of the registry", () => {
    for (const op of Object.keys(EXAMPLES)) expect(ops, op).toContain(op);
    for (const op of ops) expect(table[op], op).toBeDefined();
  });

  const python = [
    "import json, math", "import numpy as np", ...backend.imports, FRAMEWORK[format].start, "",
    ...backend.helpers.map((h) => h.source), READ_INPUTS, backend.arrayIo,
    ...[...SIZES].map(([k, size]) => `${k} = ${size}`),
    ...INPUTS.map((x) => `${x.name} = ${FRAMEWORK[format].array}(${JSON.stringify(toRows(values.get(valueKey(x))!))})`),
    ...PYTHON_FUNCTIONS(values),
    "results = {}",
    ...ops.map((op) => `results[${JSON.stringify(op)}] = np.asarray(${new Renderer(dialect).render(exampleOf(op))}, dtype=float).reshape(${
      ((): string => { const e = exampleOf(op); return `${dialect.dim(e.shape.rows)}, ${dialect.dim(e.shape.cols)}`; })()}).tolist()`),
    "print(json.dumps(results))",
  ].join("\n");
  const run = present ? spawnSync("python3", ["-c", python], { encoding: "utf8" }) : undefined;
  const results = run?.status === 0 ? (JSON.parse(run.stdout) as Record<string, number[][]>) : {};

  it.skipIf(!present)("runs under python3", () => {
    expect(run!.stderr).toBe("");
    expect(run!.status).toBe(0);
  });

  // The printer parenthesises by the declared precedence (A @ (s * B)): an entry that calls itself an atom must
  // print as one, or A @ normpdf(x) would be read (A @ exp(…)) / c and normpdf(x) ** 2 as exp(…) / c ** 2.
  it.each(ops.filter((op) => table[op].prec >= Prec.POSTFIX))("%s, declared an atom or postfix, has no operator outside brackets", (op) => {
    const nodes = topoOrder([exampleOf(op)]).filter((e) => e.kind === "op" && e.op === op);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      const text = new Renderer(dialect).render(node);
      for (const token of [" * ", " / ", " + ", " - ", " @ "]) expect(topLevel(text, token), `${text} has ${token.trim()} outside brackets`).toBe(false);
    }
  });

  it.skipIf(!present).each(ops)("%s agrees with matdiff's evaluator", (op) => {
    const want = evaluate(exampleOf(op), values, SIZES);
    expect(results[op], python).toBeDefined();
    expect(relativeError(want, results[op]!)).toBeLessThan(1e-9);
  });
});
