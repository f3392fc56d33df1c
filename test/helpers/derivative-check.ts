/**
 * Shared test helper: derive an expression and check the derivative
 * numerically, or check that a hand-written claim is rejected.
 *
 * Two oracles look at every derivative:
 *  1. src/numeric/check.ts (`checkDerivative`), on the simplified `result`
 *     AND on the unsimplified `raw` object, so a wrong simplifier rule
 *     cannot hide behind a correct derivation or the other way round;
 *  2. an independent oracle written here from alone: the full
 *     Jacobian J = ∂vec(Y)/∂vec(X)ᵀ by Richardson-extrapolated central
 *     differences, and the printed object rebuilt from J by the layout
 *     table (so a bug in src/numeric/jacobian.ts, which check.ts relies
 *     on to read a layout, cannot make a wrong layout pass).
 * Besides the numbers, the symbolic shape of the printed object
 * (`derivative.shape`) is compared with the table.
 *
 * Failures read: the request, the printed derivation (formatDerivationText),
 * which object failed, the relative error and the sizes used.
 */
import { derive, type Derivation, type Derivative } from "../../src/api/derive.js";
import { differentialVariable, type Form, type Layout } from "../../src/calculus/layout.js";
import type { Expr, VarNode } from "../../src/expr/node.js";
import { sampleInstance, type CheckReport } from "../../src/numeric/check.js";
import { checkDerivative } from "../../src/numeric/check-many.js";
import { concreteShape, evaluate, valueKey } from "../../src/numeric/evaluate.js";
import type { Assumptions, Fact } from "../../src/numeric/instance.js";
import type { Mat } from "../../src/kernels/mat.js";
import { createRng, type Rng } from "../../src/numeric/random.js";
import { formatDerivationText } from "../../src/print/text.js";
import { type Dim, ONE, dimMul } from "../../src/shapes/dim.js";
import { type Shape, shapeToString } from "../../src/shapes/shape.js";
import { typeAgainst, type ClaimName } from "../../src/typing/typing.js";
import { parseExpression } from "../../src/syntax/parse.js";

export type TestForm = Exclude<Form, "index">;
export interface Combo {
  readonly form: TestForm;
  readonly layout: Layout;
}

/** The five combinations every operator is checked in: jacobian × 3 layouts, grad, differential. */
export const COMBOS: readonly Combo[] = [
  { form: "jacobian", layout: "numerator" },
  { form: "jacobian", layout: "denominator" },
  { form: "jacobian", layout: "mixed" },
  { form: "grad", layout: "mixed" },
  { form: "differential", layout: "mixed" },
];

/** "jacobian/numerator", …, "grad/mixed", "differential/mixed" (the grad and differential forms ignore the layout). */
export const comboName = (c: Combo): string => `${c.form}/${c.layout}`;

export interface ExpectOptions {
  /** Random instances per oracle (default 3). */
  readonly trials?: number;
  /** Relative tolerance (default 1e-6). */
  readonly tol?: number;
  readonly seed?: number;
  /** Fixed sizes for some dimension symbols. */
  readonly dims?: Readonly<Record<string, number>>;
  /** Domain facts, e.g. { A: ["spd"] }. */
  readonly assume?: Readonly<Record<string, readonly Fact[]>>;
  /** Skip the independent oracle (it is the slowest part for large X). */
  readonly independent?: boolean;
  /** Require derivative.zero to be this value for every wrt. */
  readonly zero?: boolean;
}

const DEFAULT_TOL = 1e-6;

function asList(v: string | readonly string[] | undefined): string[] {
  if (v === undefined) return [];
  return typeof v === "string" ? [v] : [...v];
}

function requestText(expr: string, wrt: readonly string[], shapes: readonly string[], form: TestForm, layout: Layout): string {
  const s = shapes.length ? ` --shape ${shapes.map((x) => JSON.stringify(x)).join(" --shape ")}` : "";
  return `matdiff derive ${JSON.stringify(expr)} --wrt ${wrt.join(",")}${s} --form ${form} --layout ${layout}`;
}

function sizesText(s: Readonly<Record<string, number>>): string {
  return Object.entries(s).map(([k, v]) => `${k}=${v}`).join(" ") || "(no symbols)";
}

function assumptions(o: ExpectOptions): Assumptions {
  return new Map(Object.entries(o.assume ?? {}).map(([k, v]) => [k, new Set(v)]));
}

/** Derive, or throw an Error carrying the diagnostics. */
export function deriveOrThrow(
  expr: string, wrt: string | readonly string[], shapes: string | readonly string[] | undefined, form: TestForm, layout: Layout,
): Derivation {
  const w = asList(wrt);
  const s = asList(shapes);
  const r = derive({ expr, wrt: w, shapes: s, form, layout });
  if (!r.ok) {
    const msg = r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n");
    throw new Error(`derive failed for\n  ${requestText(expr, w, s, form, layout)}\n${msg}`);
  }
  return r.value;
}

// ───────────────────────────── table, written out independently

type Kind = "scalar" | "vector" | "matrix";
const isOneDim = (d: Dim): boolean => d.coef === 1 && d.syms.length === 0;
function kind(s: Shape): Kind {
  const r = isOneDim(s.rows), c = isOneDim(s.cols);
  return r && c ? "scalar" : r || c ? "vector" : "matrix";
}
const T = (s: Shape): Shape => ({ rows: s.cols, cols: s.rows });
const column = (n: Dim): Shape => ({ rows: n, cols: ONE });
const row = (n: Dim): Shape => ({ rows: ONE, cols: n });
const entries = (s: Shape): Dim => dimMul(s.rows, s.cols);

/** The shape says the printed object has. */
export function specShape(form: TestForm, layout: Layout, y: Shape, x: Shape): Shape {
  if (form === "grad") return x;
  if (form === "differential") return y;
  const ky = kind(y), kx = kind(x);
  const J: Shape = { rows: entries(y), cols: entries(x) };
  if (ky === "scalar") {
    if (kx === "scalar") return y;
    if (kx === "vector") return layout === "numerator" ? row(entries(x)) : layout === "denominator" ? column(entries(x)) : x;
    return layout === "numerator" ? T(x) : x;
  }
  if (kx === "scalar") {
    if (ky === "vector") return layout === "denominator" ? row(entries(y)) : column(entries(y));
    return layout === "denominator" ? T(y) : y;
  }
  return layout === "denominator" ? T(J) : J;
}

// ───────────────────────────── plain numerics, column-major, written here

interface Dense {
  rows: number;
  cols: number;
  data: Float64Array;
}
const dense = (rows: number, cols: number): Dense => ({ rows, cols, data: new Float64Array(rows * cols) });
const at = (m: Dense, i: number, j: number): number => m.data[i + j * m.rows]!;
function transposeDense(m: Dense): Dense {
  const t = dense(m.cols, m.rows);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) t.data[j + i * m.cols] = at(m, i, j);
  return t;
}
function reshapeDense(m: Dense, rows: number, cols: number): Dense {
  return { rows, cols, data: Float64Array.from(m.data) };
}
function normal(rng: Rng, rows: number, cols: number): Dense {
  const m = dense(rows, cols);
  for (let k = 0; k < m.data.length; k++) m.data[k] = rng.normal();
  return m;
}
/** J (ny × nx) times a vector v (nx). */
function applyJ(J: Dense, v: Float64Array): Float64Array {
  const out = new Float64Array(J.rows);
  for (let j = 0; j < J.cols; j++) for (let i = 0; i < J.rows; i++) out[i]! += at(J, i, j) * v[j]!;
  return out;
}
/**
 * ‖a − b‖ / max(‖a‖, ‖b‖, floor). The floor keeps an exactly-zero derivative
 * from being judged by finite-difference roundoff alone (≈ 1e-11·‖Y‖ per column).
 */
function relError(a: Float64Array, b: Float64Array, floor: number): number {
  if (a.length !== b.length) return Infinity;
  let d = 0, na = 0, nb = 0;
  for (let k = 0; k < a.length; k++) {
    d += (a[k]! - b[k]!) ** 2;
    na += a[k]! ** 2;
    nb += b[k]! ** 2;
  }
  const e = Math.sqrt(d) / Math.max(Math.sqrt(na), Math.sqrt(nb), floor);
  return Number.isNaN(e) ? Infinity : e;
}

/**
 * J = ∂vec(Y)/∂vec(X)ᵀ by central differences with one Richardson step, one
 * column per entry of X. The step follows the entry, h = 1e-4·max(|x_k|, 0.1)
 * (with Richardson the truncation error is O(h⁴): 1e-3 left 2e-6 on smooth
 * but steep functions such as σ(‖softplus(M)‖₁)),
 * so a small denominator (1/c at c = 0.02) or an entry near a kink is not
 * stepped over.
 */
function finiteDifferenceJacobian(f: (x: Mat) => Mat, x0: Mat): Dense {
  const nx = x0.data.length;
  let J: Dense | null = null;
  for (let k = 0; k < nx; k++) {
    const h = 1e-4 * Math.max(Math.abs(x0.data[k]!), 0.1);
    const shifted = (t: number): Float64Array => {
      const data = Float64Array.from(x0.data);
      data[k]! += t;
      return f({ rows: x0.rows, cols: x0.cols, data }).data;
    };
    const central = (t: number): Float64Array => {
      const p = shifted(t), m = shifted(-t);
      return p.map((v, i) => (v - m[i]!) / (2 * t));
    };
    const coarse = central(h), fine = central(h / 2);
    J ??= dense(coarse.length, nx);
    for (let i = 0; i < coarse.length; i++) J.data[i + k * J.rows] = (4 * fine[i]! - coarse[i]!) / 3;
  }
  return J!;
}

/** The printed Jacobian-form object P that prescribes, built from J. */
function printedFromJ(J: Dense, layout: Layout, y: Shape, x: Shape, yd: { rows: number; cols: number }, xd: { rows: number; cols: number }): Dense {
  const ky = kind(y), kx = kind(x);
  if (ky === "scalar") {
    const g = reshapeDense(J, xd.rows, xd.cols); // ∂y/∂X_ij, X-shaped
    if (kx === "scalar") return g;
    if (kx === "vector") {
      const n = xd.rows * xd.cols;
      return layout === "numerator" ? reshapeDense(g, 1, n) : layout === "denominator" ? reshapeDense(g, n, 1) : g;
    }
    return layout === "numerator" ? transposeDense(g) : g;
  }
  if (kx === "scalar") {
    const t = reshapeDense(J, yd.rows, yd.cols); // dY/dx, Y-shaped
    if (ky === "vector") {
      const n = yd.rows * yd.cols;
      return layout === "denominator" ? reshapeDense(t, 1, n) : reshapeDense(t, n, 1);
    }
    return layout === "denominator" ? transposeDense(t) : t;
  }
  return layout === "denominator" ? transposeDense(J) : J;
}

export interface IndependentReport {
  readonly ok: boolean;
  readonly maxRelError: number;
  readonly problems: readonly string[];
  /** No instance inside the domain of every operation was found. */
  readonly domain?: boolean;
}

/** The independent oracle (see the file header) on `trials` random instances. */
export function independentCheck(
  y: Expr, x: VarNode, form: TestForm, layout: Layout, result: Expr, upstream: VarNode | null, o: ExpectOptions = {},
): IndependentReport {
  const rng = createRng((o.seed ?? 1) + 7919);
  const tol = o.tol ?? DEFAULT_TOL;
  const dX = differentialVariable(x);
  const problems: string[] = [];
  let maxRelError = 0;
  const extra = [...x.shape.rows.syms, ...x.shape.cols.syms, ...y.shape.rows.syms, ...y.shape.cols.syms];
  for (let t = 0; t < (o.trials ?? 3); t++) {
    const sample = sampleInstance([y, result, x], rng, { dims: new Map(Object.entries(o.dims ?? {})), assume: assumptions(o) }, extra);
    if ("violation" in sample) {
      problems.push(`no instance inside the domain: ${sample.violation.reason}`);
      return { ok: false, maxRelError: NaN, problems, domain: true };
    }
    const { sizes, values } = sample;
    const sz = sizesText(Object.fromEntries(sizes));
    const yd = concreteShape(y.shape, sizes);
    const xd = concreteShape(x.shape, sizes);
    const f = (xv: Mat): Mat => {
      const env = new Map(values);
      env.set(valueKey(x), xv);
      return evaluate(y, env, sizes);
    };
    const x0 = values.get(valueKey(x))!;
    const J = finiteDifferenceJacobian(f, x0);
    let yNorm = 0;
    for (const v of f(x0).data) yNorm += v * v;
    // Roundoff of the differences is about ε‖Y‖/h per column (h ≥ 1e-5): judge tiny derivatives against 1e-4‖Y‖.
    const floor = 1e-4 * Math.max(1, Math.sqrt(yNorm)) * Math.sqrt(x0.data.length);
    const env = new Map(values);
    let want: Dense;
    if (form === "jacobian") {
      want = printedFromJ(J, layout, y.shape, x.shape, yd, xd);
    } else if (form === "grad") {
      const G = normal(rng, yd.rows, yd.cols);
      if (upstream) env.set(valueKey(upstream), G);
      want = { rows: xd.rows, cols: xd.cols, data: applyJ(transposeDense(J), G.data) };
    } else {
      const V = normal(rng, xd.rows, xd.cols);
      env.set(valueKey(dX), V);
      want = { rows: yd.rows, cols: yd.cols, data: applyJ(J, V.data) };
    }
    const got = evaluate(result, env, sizes);
    if (got.rows !== want.rows || got.cols !== want.cols) {
      problems.push(`[${sz}] printed object is ${got.rows}×${got.cols}, wants ${want.rows}×${want.cols}`);
      maxRelError = Infinity;
      continue;
    }
    const e = relError(got.data, want.data, floor);
    maxRelError = Math.max(maxRelError, e);
    if (!(e <= tol)) problems.push(`[${sz}] relative error ${e.toExponential(2)} > ${tol}`);
  }
  return { ok: problems.length === 0, maxRelError, problems };
}

// ───────────────────────────── the two assertions

function describeReport(label: string, r: CheckReport): string {
  const lines = [`${label}: maxRelError ${Number.isFinite(r.maxRelError) ? r.maxRelError.toExponential(2) : r.maxRelError} (tol ${r.tol})`];
  if (r.domain) lines.push(`  no instance inside the domain: ${r.domain.reason}`);
  for (const t of r.trials) {
    const shape = t.shape ? ` wrong numeric shape: got ${t.shape.got.rows}×${t.shape.got.cols}, expected ${t.shape.expected.rows}×${t.shape.expected.cols}` : "";
    lines.push(`  [${sizesText(t.sizes)}] relError ${t.relError.toExponential(2)}${t.ok ? "" : " FAIL"}${shape}`);
  }
  return lines.join("\n");
}

function checkOne(d: Derivation, k: Derivative, form: TestForm, layout: Layout, object: Expr, o: ExpectOptions): CheckReport {
  return checkDerivative(
    { y: k.y, x: k.variable, form, layout, result: object, dX: differentialVariable(k.variable), upstream: d.upstream ?? undefined },
    { trials: o.trials ?? 3, tol: o.tol ?? DEFAULT_TOL, seed: o.seed ?? 1, dims: new Map(Object.entries(o.dims ?? {})), assume: assumptions(o) },
  );
}

export interface Verdict {
  readonly derivation: Derivation;
  readonly ok: boolean;
  /** The largest relative error any oracle saw (Infinity for a wrong shape or no instance). */
  readonly worst: number;
  /** The readable failure report (empty when ok). */
  readonly message: string;
  /** Every failure was "no random instance inside the domain" (e.g. norm2(X − X)). */
  readonly domainOnly: boolean;
}

/**
 * Derive `expr` with respect to every name of `wrt` and judge each
 * derivative: result and raw by check.ts, result by the independent
 * oracle, the symbolic shape by the table.
 */
export function verifyDerivative(
  expr: string, wrt: string | readonly string[], shapes: string | readonly string[] | undefined,
  form: TestForm, layout: Layout, opts: ExpectOptions = {},
): Verdict {
  const w = asList(wrt), s = asList(shapes);
  const d = deriveOrThrow(expr, w, s, form, layout);
  const failures: string[] = [];
  let domainFailures = 0;
  let worst = 0;
  const see = (e: number) => { worst = Math.max(worst, Number.isNaN(e) ? Infinity : e); };
  for (const k of d.derivatives) {
    const want = specShape(form, layout, k.y.shape, k.variable.shape);
    if (shapeToString(want) !== shapeToString(k.shape)) {
      failures.push(`${k.wrt}: derivative.shape is ${shapeToString(k.shape)}, wants ${shapeToString(want)}`);
      see(Infinity);
    }
    if (opts.zero !== undefined && k.zero !== opts.zero) {
      failures.push(`${k.wrt}: zero is ${k.zero}, expected ${opts.zero}`);
      see(Infinity);
    }
    const r1 = checkOne(d, k, form, layout, k.result, opts);
    if (!r1.ok) {
      failures.push(describeReport(`${k.wrt}: result (check.ts)`, r1));
      see(r1.maxRelError);
      if (r1.domain) domainFailures++;
    }
    const r2 = checkOne(d, k, form, layout, k.raw, opts);
    if (!r2.ok) {
      failures.push(describeReport(`${k.wrt}: raw (check.ts)`, r2));
      see(r2.maxRelError);
      if (r2.domain) domainFailures++;
    }
    if (opts.independent !== false) {
      const r3 = independentCheck(k.y, k.variable, form, layout, k.result, d.upstream, opts);
      if (!r3.ok) {
        failures.push(`${k.wrt}: result (independent oracle): maxRelError ${r3.maxRelError}\n  ${r3.problems.join("\n  ")}`);
        see(r3.maxRelError);
        if (r3.domain) domainFailures++;
      }
    }
  }
  const message = failures.length
    ? `derivative is wrong for\n  ${requestText(expr, w, s, form, layout)}\n\n${safeText(d)}\n\n${failures.join("\n")}`
    : "";
  return { derivation: d, ok: failures.length === 0, worst, message, domainOnly: failures.length > 0 && domainFailures === failures.length };
}

/** verifyDerivative, throwing its report when a derivative is wrong; returns the derivation for symbolic assertions. */
export function expectCorrect(
  expr: string, wrt: string | readonly string[], shapes: string | readonly string[] | undefined,
  form: TestForm, layout: Layout, opts: ExpectOptions = {},
): Derivation {
  const v = verifyDerivative(expr, wrt, shapes, form, layout, opts);
  if (!v.ok) throw new Error(v.message);
  return v.derivation;
}

function safeText(d: Derivation): string {
  try {
    return formatDerivationText(d);
  } catch (e) {
    return `(formatDerivationText threw: ${e instanceof Error ? e.message : String(e)})`;
  }
}

/** Type a claim against the derivation's names: its inputs, G (grad form) and d<wrt> (differential form). */
export function claimExpr(d: Derivation, wrt: string, claim: string): Expr {
  const k = d.derivatives.find((r) => r.wrt === wrt);
  if (!k) throw new Error(`no derivative with respect to ${wrt}`);
  const names = new Map<string, ClaimName>();
  for (const [name, shape] of d.program.variables) names.set(name, { shape, role: "input" });
  if (d.upstream) names.set(d.upstream.name, { shape: d.upstream.shape, role: "upstream" });
  if (d.form === "differential") {
    const dX = differentialVariable(k.variable);
    names.set(dX.name, { shape: dX.shape, role: "differential" });
  }
  const parsed = parseExpression(claim, "claim");
  if (!parsed.ok) throw new Error(`claim ${claim} does not parse: ${parsed.diagnostics.map((x) => x.message).join("; ")}`);
  return typeAgainst(parsed.value, claim, "claim", names, d.y.graph);
}

export interface ClaimVerdict {
  readonly check: CheckReport;
  readonly independent: IndependentReport;
}

/** Judge a hand-written claim with both oracles. */
export function judgeClaim(
  expr: string, wrt: string, shapes: string | readonly string[] | undefined, form: TestForm, layout: Layout, claim: string,
  opts: ExpectOptions = {},
): ClaimVerdict {
  const d = deriveOrThrow(expr, wrt, shapes, form, layout);
  const k = d.derivatives[0]!;
  const c = claimExpr(d, wrt, claim);
  return {
    check: checkOne(d, k, form, layout, c, opts),
    independent: independentCheck(d.y, k.variable, form, layout, c, d.upstream, opts),
  };
}

/** Assert that a claim is right (both oracles accept it). */
export function expectClaimRight(
  expr: string, wrt: string, shapes: string | readonly string[] | undefined, form: TestForm, layout: Layout, claim: string,
  opts: ExpectOptions = {},
): void {
  const v = judgeClaim(expr, wrt, shapes, form, layout, claim, opts);
  if (!v.check.ok || !v.independent.ok) {
    throw new Error(`claim ${claim} should be right for\n  ${requestText(expr, [wrt], asList(shapes), form, layout)}\n` +
      `${describeReport("check.ts", v.check)}\nindependent: ${v.independent.problems.join("; ")}`);
  }
}

/** Assert that a wrong claim is rejected by both oracles (the oracle discriminates). */
export function expectWrong(
  expr: string, wrt: string, shapes: string | readonly string[] | undefined, form: TestForm, layout: Layout, claim: string,
  opts: ExpectOptions = {},
): ClaimVerdict {
  const v = judgeClaim(expr, wrt, shapes, form, layout, claim, opts);
  if (v.check.ok || v.independent.ok) {
    throw new Error(`claim ${claim} is wrong but was accepted for\n  ${requestText(expr, [wrt], asList(shapes), form, layout)}\n` +
      `${describeReport("check.ts", v.check)}\nindependent oracle ok=${v.independent.ok} maxRelError=${v.independent.maxRelError}`);
  }
  return v;
}
