/**
 * Names and numbers in the generated Python (src/print/codegen/python-names.ts, python-syntax.ts, fast.ts):
 *   - a user's input, size or generic function never takes a name the module uses for itself (the parameters of
 *     _derivative(inputs, with_value), the builtins its body calls, the modules): each module is run under every
 *     framework installed next to its twin, the same expression with harmless names, and must give the same numbers;
 *   - a name of the expression equal to a generic function's keyword (f_prime next to f) is refused, exit 2;
 *   - a number past float64 (c·2ᵏ, 2¹¹⁰⁰) is ±inf in the code, where Python's ** would raise OverflowError;
 *   - --bare's docstring lists exactly the parameters of the function, and calling it as the docstring says works.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Derivation, derive } from "../src/api/derive.js";
import { CODE_FORMATS } from "../src/api/options.js";
import { memoryIO } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";
import { formatCode } from "../src/print/codegen/index.js";
import { bareAgainstFull } from "./helpers/bare-vs-full.js";

interface Source {
  readonly expr: string;
  readonly wrt: readonly string[];
  readonly shapes?: string;
  readonly functions?: string;
  readonly form?: Derivation["form"];
}

function derived(s: Source): Derivation {
  const r = derive({ expr: s.expr, wrt: [...s.wrt], shapes: s.shapes ? [s.shapes] : undefined, functions: s.functions ? [s.functions] : undefined, form: s.form });
  if (!r.ok) throw new Error(`${s.expr}: ${r.diagnostics.map((x) => x.message).join("; ")}`);
  return r.value;
}

/** Every name of `text` that `names` maps, replaced whole. */
const renamed = (text: string, names: Record<string, string>): string =>
  text.replace(/[A-Za-z_\u0391-\u03C9][A-Za-z0-9_\u0391-\u03C9]*/g, (w) => names[w] ?? w);

/** A keyword argument: an array as rows, or "fn:tanh" / "fn:dtanh" for the framework's tanh and its derivative. */
type Argument = number[][] | number | string;

/** A derivation whose names clash with the module's own, and its twin with harmless names: same inputs, same numbers. */
interface TwinCase {
  readonly id: string;
  readonly source: Source;
  /** clashing name → harmless name, for the expression, shapes, functions and keyword arguments. */
  readonly harmless: Record<string, string>;
  readonly kwargs: Record<string, Argument>;
}

const column = (...xs: number[]): number[][] => xs.map((x) => [x]);

const TWINS: readonly TwinCase[] = [
  {
    // The input overwrote the parameter `with_value` of _derivative(inputs, with_value).
    id: "an input named with_value",
    source: { expr: "sum(tanh(A*with_value))", wrt: ["with_value"], shapes: "A: p x m, with_value: m x n", form: "grad" },
    harmless: { with_value: "B" },
    kwargs: { A: [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]], with_value: [[0.7, -0.1, 0.2, 0.3], [0.4, 0.5, -0.6, 0.1]], G: 1.5 },
  },
  {
    // Inputs and sizes named after the parameters and the builtins the body calls: callable() checks the functions,
    // float() divides by a size (the mean's derivative), dict() builds PyTorch's dtype and device options.
    id: "inputs and sizes named inputs, callable, dict, TypeError, with_value, float",
    source: {
      expr: "sum(f(callable*inputs) .* dict) + mean(TypeError)",
      wrt: ["inputs", "TypeError"],
      shapes: "callable: with_value x n, inputs: n, dict: with_value, TypeError: float",
      functions: "f: elementwise",
      form: "grad",
    },
    harmless: { inputs: "u", callable: "P", dict: "b", TypeError: "t", with_value: "m", float: "k" },
    kwargs: {
      callable: [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]], inputs: column(0.7, -0.2), dict: column(1, 2, 3), TypeError: column(0.5, 0.25, 4, 1),
      G: 2, f: "fn:tanh", f_prime: "fn:dtanh",
    },
  },
  {
    // Generic functions named after a module and a parameter: their locals shadowed numpy and with_value.
    id: "generic functions named np and with_value",
    source: { expr: "sum(np(W*x)) + sum(with_value(W*x))", wrt: ["x"], shapes: "W: m x n, x: n", functions: "np: elementwise, with_value: elementwise", form: "grad" },
    harmless: { np: "g", np_prime: "g_prime", with_value: "h", with_value_prime: "h_prime" },
    kwargs: { W: [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]], x: column(0.7, -0.2), G: 1, np: "fn:tanh", np_prime: "fn:dtanh", with_value: "fn:tanh", with_value_prime: "fn:dtanh" },
  },
  {
    // Sizes np and np_ were both the local np_ (np steps aside from numpy), so A's two sizes were one.
    id: "sizes named np and np_, and inputs x and x_",
    source: { expr: "sum(A*x_) + sum(x)", wrt: ["x_"], shapes: "A: np x np_, x_: np_, x: np", form: "grad" },
    harmless: { np: "p", np_: "q", x_: "z" },
    kwargs: { A: [[0.1, 0.2, 0.3], [-0.4, 0.5, 0.6]], x_: column(0.7, -0.2, 0.4), x: column(1, 2), G: 1.5 },
  },
  {
    // λ was written u3bb, the local of an input of that name.
    id: "a Greek input λ beside an input named u3bb",
    source: { expr: "sum(λ*u3bb*tanh(x))", wrt: ["x", "λ"], shapes: "λ: scalar, u3bb: scalar, x: n", form: "grad" },
    harmless: { λ: "z", u3bb: "b" },
    kwargs: { λ: 2, u3bb: 3, x: column(0.1, -0.2), G: 1 },
  },
];

const TWIN_DRIVER = `
import json, sys, importlib
spec = json.load(open(sys.argv[1]))

def framework(name):
    try:
        if name == "numpy":
            import numpy as lib
        elif name == "torch":
            import torch as lib
        else:
            import jax.numpy as lib
        return lib
    except ImportError:
        return None

def as_numpy(r):
    import numpy as np
    if isinstance(r, dict):
        return np.concatenate([as_numpy(v).ravel() for _, v in sorted(r.items())])
    return np.asarray(r, dtype=float).ravel()

def call(code, kwargs, lib):
    namespace = {}
    exec(compile(code, "module", "exec"), namespace)
    functions = {"fn:tanh": lib.tanh, "fn:dtanh": lambda z: 1.0 - lib.tanh(z) ** 2}
    args = {k: functions.get(v, v) if isinstance(v, str) else v for k, v in kwargs.items()}
    value, derivative = namespace["value_and_derivative"](**args)
    return as_numpy(value), as_numpy(derivative), as_numpy(namespace["derivative"](**args))

import numpy as np
out = {}
for case in spec:
    for fmt, (code, twin) in case["code"].items():
        lib = framework(fmt)
        if lib is None:
            out[case["id"] + " " + fmt] = {"missing": fmt}
            continue
        try:
            got, want = call(code, case["kwargs"], lib), call(twin, case["twin_kwargs"], lib)
            out[case["id"] + " " + fmt] = {"diff": max(float(np.max(np.abs(g - w))) for g, w in zip(got, want))}
        except Exception as e:
            out[case["id"] + " " + fmt] = {"error": type(e).__name__ + ": " + str(e)}
json.dump(out, open(sys.argv[2], "w"))
`;

const hasPython = spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" }).status === 0;

/** Runs `script` with python3 on `input` (JSON), returning what the script wrote as JSON. */
function runPython(script: string, input: unknown): Record<string, Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "matdiff-names-"));
  try {
    writeFileSync(join(dir, "driver.py"), script);
    writeFileSync(join(dir, "in.json"), JSON.stringify(input));
    const run = spawnSync("python3", [join(dir, "driver.py"), join(dir, "in.json"), join(dir, "out.json")], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
    return JSON.parse(readFileSync(join(dir, "out.json"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasPython)("a user's names never take the names the module uses itself", () => {
  let results: Record<string, Record<string, unknown>> = {};

  beforeAll(() => {
    results = runPython(TWIN_DRIVER, TWINS.map((c) => {
      const twin: Source = {
        ...c.source,
        expr: renamed(c.source.expr, c.harmless),
        wrt: c.source.wrt.map((w) => renamed(w, c.harmless)),
        shapes: c.source.shapes && renamed(c.source.shapes, c.harmless),
        functions: c.source.functions && renamed(c.source.functions, c.harmless),
      };
      const [d, t] = [derived(c.source), derived(twin)];
      const twinKwargs = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [renamed(k, c.harmless), v]));
      const code = Object.fromEntries(CODE_FORMATS.map((f) => [f, [formatCode(d, f), formatCode(t, f)]]));
      return { id: c.id, code, kwargs: c.kwargs, twin_kwargs: twinKwargs };
    }));
  }, 120_000);

  it.each(TWINS.flatMap((c) => CODE_FORMATS.map((f) => [`${c.id}, ${f}`, c.id, f] as const)))("%s", (_label, id, format) => {
    const got = results[`${id} ${format}`]!;
    if ("missing" in got) return console.warn(`codegen-names: ${format} is not installed; ${id} not run under it`);
    expect(got).toEqual({ diff: 0 });
  });

  it("keeps the keyword arguments the user's names, while the locals step aside", () => {
    const code = formatCode(derived(TWINS[0]!.source), "numpy");
    expect(code).toContain(`"with_value": ("m", "n"),`);
    expect(code).toContain(`with_value_ = _arrays["with_value"]`);
    expect(code).toContain("def _derivative(inputs, with_value):");
  });
});

describe("a name of the expression equal to a generic function's keyword", () => {
  const source: Source = { expr: "sum(f(W*x) .* f_prime)", wrt: ["x"], shapes: "W: m x n, x: n, f_prime: m", functions: "f: elementwise", form: "grad" };

  it.each(CODE_FORMATS)("is refused by the %s back-end, full and bare, naming both", (format) => {
    const d = derived(source);
    const message = /^f_prime is a name in the expression, so it cannot also be the keyword argument of derivative 1 of f, elementwise, in the generated code$/;
    expect(() => formatCode(d, format)).toThrow(message);
    expect(() => formatCode(d, format, { bare: true })).toThrow(message);
  });

  it("exits 2 with the reason and what to rename", async () => {
    const m = memoryIO({ files: {} });
    const code = await main(["derive", source.expr, "--function", "f: elementwise", "--shape", source.shapes!, "--wrt", "x", "--form", "grad", "--format", "numpy"], m.io);
    expect(code).toBe(2);
    expect(m.stdout()).toBe("");
    expect(m.stderr()).toMatch(/f_prime is a name in the expression.*\n.*help: rename f_prime in the expression/);
  });

  it("is refused for a size too, which is a local of the same name", () => {
    const d = derived({ expr: "sum(f(W*x))", wrt: ["x"], shapes: "W: f_prime x n, x: n", functions: "f: elementwise", form: "grad" });
    expect(() => formatCode(d, "numpy")).toThrow(/^f_prime is a size in the expression, so it cannot also be the keyword argument of derivative 1 of f/);
  });

  it("is refused for G and d<wrt> too, saying what to rename", () => {
    const upstream = derive({ expr: "sum(f(x))", wrt: ["x"], functions: ["f: elementwise"], form: "grad", gradName: "f_prime" });
    if (!upstream.ok) throw new Error(upstream.diagnostics.map((x) => x.message).join("; "));
    expect(() => formatCode(upstream.value, "numpy")).toThrow(/^f_prime names the upstream gradient, so it cannot also be the keyword argument of derivative 1 of f/);
    const differential = derived({ expr: "sum(dx(x))", wrt: ["x"], functions: "dx: elementwise", form: "differential" });
    expect(() => formatCode(differential, "numpy")).toThrow(/^dx is the differential of x, so it cannot also be the keyword argument of the elementwise function dx/);
  });

  it("the module says which keyword arguments are functions", () => {
    const code = formatCode(derived({ ...source, expr: "sum(f(W*x) .* b)", shapes: "W: m x n, x: n, b: m" }), "numpy");
    expect(code).toContain("# Functions are keyword arguments too: f_prime (derivative 1 of f, elementwise), f (the elementwise function f).");
  });
});

const INF_DRIVER = `
import json, sys
spec = json.load(open(sys.argv[1]))
out = {}
for case in spec:
    for fmt, code in case["code"].items():
        try:
            if fmt == "numpy":
                import numpy as lib
            elif fmt == "torch":
                import torch as lib
            else:
                import jax.numpy as lib
        except ImportError:
            out[case["id"] + " " + fmt] = {"missing": fmt}
            continue
        namespace = {}
        try:
            exec(compile(code, "module", "exec"), namespace)
            value, derivative = namespace["value_and_derivative"](x=[1.0, 2.0])
            import numpy as np
            d = np.asarray(derivative, dtype=float)
            out[case["id"] + " " + fmt] = {"diagonal": [str(v) for v in np.diag(d)], "value": [str(v) for v in np.asarray(value, dtype=float).ravel()]}
        except Exception as e:
            out[case["id"] + " " + fmt] = {"error": type(e).__name__ + ": " + str(e)}
json.dump(out, open(sys.argv[2], "w"))
`;

describe.skipIf(!hasPython)("a number past float64 is ±inf in the code, as IEEE arithmetic gives it", () => {
  // 1e308 x + 1e308 x = c·2¹⁰²⁴ x; 1e308 x 1e308 = c·2²⁰⁴⁶ x; 2^1100 is a power the simplifier does not fold.
  const CASES = [
    { id: "1e308*x + 1e308*x", sign: "inf" },
    { id: "-1e308*x*1e308", sign: "-inf" },
    { id: "2^1100*x", sign: "inf" },
    { id: "-(2^1100)*x - 1e308*x*1e308", sign: "-inf" },
  ];
  let results: Record<string, Record<string, unknown>> = {};

  beforeAll(() => {
    results = runPython(INF_DRIVER, CASES.map((c) => ({
      id: c.id,
      code: Object.fromEntries(CODE_FORMATS.map((f) => [f, formatCode(derived({ expr: c.id, wrt: ["x"], shapes: "x: 2" }), f)])),
    })));
  }, 120_000);

  it.each(CASES.flatMap((c) => CODE_FORMATS.map((f) => [`${c.id}, ${f}`, c, f] as const)))("%s", (_label, c, format) => {
    const got = results[`${c.id} ${format}`]!;
    if ("missing" in got) return console.warn(`codegen-names: ${format} is not installed; ${c.id} not run under it`);
    expect(got).toEqual({ diagonal: [c.sign, c.sign], value: [c.sign, c.sign] });
  });

  it("prints float(\"inf\"), never a power Python cannot compute", () => {
    const code = formatCode(derived({ expr: "1e308*x + 1e308*x", wrt: ["x"] }), "numpy");
    expect(code).toContain('_result(float("inf") * np.eye(m), (m, m))');
    expect(code).not.toMatch(/2\.0 \*\* \d/);
    // a power that float64 holds is left as written
    expect(formatCode(derived({ expr: "2^0.5*x", wrt: ["x"] }), "numpy")).toMatch(/2\.0 \*\* 0\.5|1\.414/);
  });
});

/** The parameters of the printed `def derivative(...)`, `*` left out. */
const signature = (code: string): string[] =>
  code.match(/^def derivative\((.*)\):$/m)![1]!.split(", ").filter((p) => p !== "*");

/** The names the bare docstring lists under "Arguments:", in order. */
const documented = (code: string): string[] =>
  code.match(/Arguments: (.*?)\."""/)![1]!.split("; ").map((item) => item.slice(0, item.indexOf(":")));

describe("--bare's docstring", () => {
  const SOURCES: readonly Source[] = [
    { expr: "sum(X*W)", wrt: ["W"], shapes: "X: N x D, W: D x K" },
    { expr: "sum(X*W)", wrt: ["W"], shapes: "X: N x D, W: D x K", form: "grad" },
    { expr: "sum(f(W*x) .* b)", wrt: ["x"], shapes: "W: m x n, x: n, b: m", functions: "f: elementwise", form: "grad" },
    { expr: "np'*A*np", wrt: ["np"], shapes: "A: n x n", form: "differential" },
  ];

  it.each(CODE_FORMATS.flatMap((f) => SOURCES.map((s) => [`${s.expr} ${s.form ?? "jacobian"}, ${f}`, s, f] as const)))("lists exactly the parameters: %s", (_label, s, format) => {
    const code = formatCode(derived(s), format, { bare: true });
    expect(documented(code)).toEqual(signature(code));
  });

  it("describes each kind of parameter", () => {
    const code = formatCode(derived(SOURCES[0]!), "numpy", { bare: true });
    expect(code).toContain("def derivative(X, *, K):");
    expect(code).toContain("Arguments: X: N×D, a 2-D array; K: the size K, an int, keyword only.");
    const generic = formatCode(derived(SOURCES[2]!), "numpy", { bare: true });
    expect(generic).toContain("G: 1×1, a 2-D array (the upstream gradient); f_prime: derivative 1 of f, elementwise, a function.");
    const renamed = formatCode(derived(SOURCES[3]!), "numpy", { bare: true });
    expect(renamed).toContain("Arguments: np_: n×1, a 2-D array (np in the expression); A: n×n, a 2-D array; dnp: n×1, a 2-D array (the differential of np).");
  });

  it.skipIf(!hasPython)("is how the function is called: as documented, it gives what the full module gives", () => {
    const setup = ["X = np.random.default_rng(1).standard_normal((3, 2))", "W = np.zeros((2, 4))"];
    expect(bareAgainstFull(derived(SOURCES[0]!), setup, "X=X, W=W", "X=X, K=4")).toBe(0);
  });
});
