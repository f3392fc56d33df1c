/**
 * The NumPy, PyTorch and JAX modules of every corpus expression, in every
 * form and layout and as Hessians, run under their framework — one python3
 * process per framework for all cases (test/helpers/frameworks.py) — on
 * random float64 inputs of distinct sizes. Each derivative, and the value
 * value_and_derivative() returns, must agree with matdiff's evaluator
 * (relative error < 1e-9); under PyTorch and JAX the differential, grad and
 * Hessian results must also agree with the framework's own autodiff of the
 * emitted value (torch.func.jvp/grad/hessian, jax.jvp/grad/hessian); the JAX
 * derivative of every grad-form case and Hessian must compile under jax.jit
 * and give the same numbers, and
 * PyTorch's autograd must back-propagate through the derivative. A framework
 * that is not installed is skipped with a loud warning.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Derivation, derive } from "../src/api/derive.js";
import { CODE_FORMATS, type CodeFormat } from "../src/api/options.js";
import { formatCode } from "../src/print/codegen/index.js";
import { evaluate, valueKey } from "../src/numeric/evaluate.js";
import { sampleInstance } from "../src/numeric/check.js";
import { createRng } from "../src/numeric/random.js";
import { type Mat, toRows } from "../src/kernels/mat.js";
import { CORPUS, SETTINGS, type Source } from "./helpers/code-corpus.js";

const SIZES = [3, 2, 4, 5];

const HESSIANS: readonly Source[] = [
  { expr: "sum(log(1 + exp(-y.*(X*w))))", wrt: ["w"], shapes: ["X: m x n, y: m, w: n"] },
  { expr: "sum(softplus(-y.*(X*w)))", wrt: ["w"], shapes: ["X: m x n, y: m, w: n"] },
  { expr: "x'*A*x", wrt: ["x"] },
  { expr: "logsumexp(W*x)", wrt: ["x"], shapes: ["W: m x n, x: n"] },
  { expr: "sum(tanh(W*x)) + norm2(x)^2", wrt: ["x"], shapes: ["W: m x n, x: n"] },
];

interface Case {
  readonly id: string;
  readonly code: Record<CodeFormat, string>;
  readonly kwargs: Record<string, number[][]>;
  readonly wrt: readonly string[];
  readonly form: string;
  readonly grad_name: string;
  readonly order: 1 | 2;
  readonly expected: Record<string, Mat>;
  readonly value: Mat;
}

function buildCase(id: string, source: Source, seed: number, form: Derivation["form"], layout: Derivation["layout"], order: 1 | 2): Case {
  const r = derive({ expr: source.expr, wrt: [...source.wrt], shapes: source.shapes ? [...source.shapes] : undefined, form, layout, order });
  if (!r.ok) throw new Error(`${id}: ${r.diagnostics.map((x) => x.message).join("; ")}`);
  const d = r.value;
  // Distinct sizes, the same for every case (the k-th size symbol of the declarations is SIZES[k]), so that the
  // frameworks compile each primitive for a few shapes only.
  const symbols = [...new Set([...d.program.variables.values()].flatMap((s) => [...s.rows.syms, ...s.cols.syms]))];
  const dims = new Map(symbols.map((sym, k) => [sym, SIZES[k % SIZES.length]!]));
  const sample = sampleInstance([d.y, ...d.derivatives.map((x) => x.result)], createRng(seed), { dims });
  if ("violation" in sample) throw new Error(`${id}: no instance (${sample.violation.reason})`);
  const kwargs: Record<string, number[][]> = {};
  const take = (key: string, name: string, role: "input" | "differential" | "upstream"): void => {
    const v = sample.values.get(valueKey({ name, role }));
    if (v) kwargs[key] = toRows(v);
  };
  for (const name of d.program.variables.keys()) take(name, name, "input");
  if (d.upstream) take(d.upstream.name, d.upstream.name, "upstream");
  if (d.form === "differential") for (const x of d.derivatives) take(`d${x.wrt}`, `d${x.wrt}`, "differential");
  const expected: Record<string, Mat> = {};
  for (const x of d.derivatives) expected[x.wrt] = evaluate(x.result, sample.values, sample.sizes);
  const code = Object.fromEntries(CODE_FORMATS.map((f) => [f, formatCode(d, f)])) as Record<CodeFormat, string>;
  return { id, code, kwargs, wrt: source.wrt, form, grad_name: d.upstream?.name ?? "G", order, expected, value: evaluate(d.y, sample.values, sample.sizes) };
}

const CASES: Case[] = [];
CORPUS.forEach((source, i) =>
  SETTINGS.forEach((s, j) => {
    const id = `${source.expr} [${source.wrt.join(",")}] ${s.form}${s.form === "jacobian" ? `/${s.layout}` : ""}${source.shapes ? ` (${source.shapes.join("; ")})` : ""}`;
    CASES.push(buildCase(id, source, 3000 + 10 * i + j, s.form, s.layout, 1));
  }),
);
HESSIANS.forEach((source, i) => CASES.push(buildCase(`Hessian of ${source.expr} [${source.wrt.join(",")}]`, source, 5000 + i, "jacobian", "mixed", 2)));

interface Encoded {
  readonly kind?: string;
  readonly ndim?: number;
  readonly dtype?: string;
  readonly data?: (number | string)[][];
  readonly dict?: Record<string, Encoded>;
}

type Outcome = { error: string; message: string } | {
  derivative: Encoded; value: Encoded; value_derivative: Encoded; autodiff?: Encoded; jit?: Encoded; autograd?: string;
};

/** ‖a − b‖ / max(‖a‖, ‖b‖, 1e-12) over the entries; Infinity when the shapes differ or an entry is not a number. */
function relativeError(want: Mat, got: Encoded | undefined): number {
  const rows = got?.data;
  const w = toRows(want);
  if (!rows || rows.length !== w.length || rows.some((r, i) => r.length !== w[i]!.length)) return Infinity;
  let diff = 0, na = 0, nb = 0;
  rows.forEach((r, i) => r.forEach((v, j) => {
    if (typeof v !== "number") diff = Infinity;
    diff += ((v as number) - w[i]![j]!) ** 2;
    na += (v as number) ** 2;
    nb += w[i]![j]! ** 2;
  }));
  return Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nb), 1e-12);
}

/** The cases compiled with jax.jit (each compile takes a fifth of a second): the motivating cases' grad form, as in training code, and the Hessians. */
const jitted = (c: Case): boolean => (c.form === "grad" && /^tanh\(/.test(c.id)) || c.order === 2;

const MODULE: Record<CodeFormat, string> = { numpy: "numpy", torch: "torch", jax: "jax" };
/** The module a result's type comes from (jax arrays are jaxlib's), and a 1×1 result's: numpy returns a float. */
const KIND: Record<CodeFormat, string> = { numpy: "numpy", torch: "torch", jax: "jaxlib" };
const SCALAR_KIND: Record<CodeFormat, string> = { numpy: "float", torch: "torch", jax: "jaxlib" };

const present = Object.fromEntries(CODE_FORMATS.map((f) => [f, spawnSync("python3", ["-c", `import numpy, ${MODULE[f]}`], { encoding: "utf8" }).status === 0])) as Record<CodeFormat, boolean>;
for (const f of CODE_FORMATS) {
  if (!present[f]) console.warn(`\n*** ${MODULE[f]} is not installed for python3: the ${f} modules are NOT RUN (pip install ${MODULE[f]}) ***\n`);
}

/** One python3 process per framework, all three at once (starting torch and jax is slow): each case's outcome by id. */
function runFramework(format: CodeFormat, dir: string): Promise<Record<string, Outcome>> {
  const cases = CASES.map((c) => ({ id: c.id, code: c.code[format], kwargs: c.kwargs, wrt: c.wrt, form: c.form, grad_name: c.grad_name, order: c.order, jit: jitted(c) }));
  writeFileSync(join(dir, `${format}-cases.json`), JSON.stringify(cases));
  const driver = join(import.meta.dirname, "helpers", "frameworks.py");
  const out = join(dir, `${format}-out.json`);
  return new Promise((resolve, reject) => {
    const child = spawn("python3", [driver, format, join(dir, `${format}-cases.json`), out], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on("close", (status) => (status === 0 ? resolve(JSON.parse(readFileSync(out, "utf8"))) : reject(new Error(`python3 (${format}) failed: ${stderr}`))));
  });
}

let dir = "";
const outcomes = new Map<CodeFormat, Promise<Record<string, Outcome>>>();
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "matdiff-frameworks-"));
  for (const f of CODE_FORMATS) if (present[f]) outcomes.set(f, runFramework(f, dir));
});
afterAll(async () => {
  await Promise.allSettled(outcomes.values());
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(CODE_FORMATS)("%s modules under their framework", (format) => {
  let results: Record<string, Outcome> = {};
  beforeAll(async () => {
    if (present[format]) results = await outcomes.get(format)!;
  }, 180_000);

  it.skipIf(!present[format]).each(CASES.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const got = results[c.id]!;
    expect(got, JSON.stringify(got)).not.toHaveProperty("error");
    if ("error" in got) return;
    const several = c.wrt.length > 1;
    const pick = (e: Encoded | undefined, wrt: string): Encoded | undefined => (several ? e?.dict?.[wrt] : e);
    const context = (what: string, e: Encoded | undefined) => `${what}: ${JSON.stringify(e)}\n${c.code[format]}`;
    for (const [wrt, want] of Object.entries(c.expected)) {
      for (const what of ["derivative", "value_derivative", "jit", "autodiff"] as const) {
        if (!(what in got)) continue;
        const value = pick(got[what], wrt);
        expect(relativeError(want, value), context(`${what} ${wrt}`, value)).toBeLessThan(1e-9);
      }
      const value = pick(got.derivative, wrt)!;
      if (want.rows === 1 && want.cols === 1) expect({ kind: value.kind, ndim: value.ndim }).toEqual({ kind: SCALAR_KIND[format], ndim: 0 });
      else expect({ kind: value.kind, ndim: value.ndim, dtype: value.dtype }).toEqual({ kind: KIND[format], ndim: 2, dtype: "float64" });
    }
    expect(relativeError(c.value, got.value), context("value", got.value)).toBeLessThan(1e-9);
    if (format === "torch") expect(got.autograd).toMatch(/^(finite|constant)$/);
  });

  it.skipIf(!present[format] || format === "numpy")("checks against the framework's own autodiff and compiles under jit", () => {
    const outcomes = Object.values(results).filter((r) => !("error" in r));
    expect(outcomes.filter((r) => "autodiff" in r).length).toBeGreaterThan(100);
    if (format === "jax") expect(CASES.filter(jitted).every((c) => "jit" in results[c.id]!)).toBe(true);
    if (format === "torch") expect(outcomes.filter((r) => "autograd" in r && r.autograd === "finite").length).toBeGreaterThan(100);
  });
});
