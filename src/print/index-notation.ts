/**
 * Printing and evaluating index notation (calculus/index.ts, normalised by
 * calculus/index-normal.ts): terms print as `δ_ik A_lj`,
 * `Σ_r A_ir (1 − Y ⊙ Y)_rj`, with LaTeX subscripts.
 * The numeric evaluator builds the numerator-layout Jacobian from the terms,
 * so the notation itself is checked against finite differences.
 */
import type { Expr, Graph } from "../expr/node.js";
import type { Factor, IndexForm, Idx, Term } from "../calculus/index.js";
import { dimText } from "./render.js";
import { dimValue } from "../shapes/dim.js";
import { evaluate, type Sizes, type Values, concreteShape } from "../numeric/evaluate.js";
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import { refuseCostlyIndexSums } from "../numeric/work.js";
import type { Renderer } from "./render.js";
import { latexName, namedConstant, textName } from "./leaves.js";
import { spellerOf } from "./spelling.js";

/** One index as printed: i, ⌊i/p⌋, (i mod p), (i + m·j); computed ones count from 0. */
function idxText(i: Idx, format: "text" | "latex"): string {
  if (i === 1) return "";
  if (typeof i === "string") return i;
  const by = dimText(i.by, format === "latex" ? "latex" : "text");
  if (i.kind === "lin") {
    return format === "latex" ? `(${idxText(i.a, format)} + ${by}\\,${idxText(i.b, format)})` : `(${idxText(i.a, format)} + ${by}·${idxText(i.b, format)})`;
  }
  if (i.kind === "div") return format === "latex" ? `\\lfloor ${idxText(i.of, format)}/${by}\\rfloor` : `⌊${idxText(i.of, format)}/${by}⌋`;
  return format === "latex" ? `(${idxText(i.of, format)} \\bmod ${by})` : `(${idxText(i.of, format)} mod ${by})`;
}

const idx = (ids: readonly Idx[], format: "text" | "latex" = "text") => ids.map((i) => idxText(i, format)).join(format === "latex" ? "" : "");

function factorText(f: Factor, format: "text" | "latex", render: Renderer): string {
  if (f.kind === "delta") return format === "latex" ? `\\delta_{${idx([f.a, f.b], format)}}` : `δ_${idx([f.a, f.b], format)}`;
  const sub = idx([f.i, f.j], format);
  const e = f.of;
  let base: string;
  if (e.kind === "var") base = spellerOf(e.graph, format)(e.name);
  else base = render.render(e);
  // A one-letter name takes its indices directly (A_ij, y_i); anything longer is bracketed: (Whh)_lj.
  const plain = base.replace(/\u001b\[[0-9;]*m/g, "");
  const simple = [...plain].length === 1 || (format === "latex" && e.kind === "var" && !plain.includes("_") && [...plain].length <= 1) || /^\\[a-zA-Z]+$/.test(plain);
  if (!sub) return / [+−-] /.test(plain) ? (format === "latex" ? `\\left(${base}\\right)` : `(${base})`) : base;
  const body = simple ? base : format === "latex" ? `\\left(${base}\\right)` : `(${base})`;
  return format === "latex" ? `${body}_{${sub}}` : `${body}_${sub}`;
}

function termText(t: Term, format: "text" | "latex", render: Renderer): { text: string; negative: boolean } {
  const top = t.factors.filter((f) => f.kind === "delta" || f.power === 1).map((f) => factorText(f, format, render));
  const bottom = t.factors.filter((f) => f.kind === "entry" && f.power === -1).map((f) => factorText(f, format, render));
  const c = Math.abs(t.coef);
  const named = namedConstant(c);
  const coef = c === 1 && top.length ? "" : named ? (format === "latex" ? named.latex : `(${named.text})`) : String(Number(c.toPrecision(12)));
  const sep = format === "latex" ? "\\," : " ";
  let product = [coef, ...top].filter(Boolean).join(format === "latex" ? " " : " ") || "1";
  if (bottom.length) product = format === "latex" ? `\\frac{${product}}{${bottom.join(" ")}}` : `${product} / ${bottom.length > 1 ? `(${bottom.join(" ")})` : bottom[0]}`;
  const joined = t.sums.join(t.sums.some((s) => s.length > 1) ? "," : "");
  const sums = t.sums.length ? (format === "latex" ? `\\sum_{${joined}}${sep}` : `Σ_${joined} `) : "";
  return { text: sums + product, negative: t.coef < 0 };
}

export function renderIndexTerms(form: IndexForm, format: "text" | "latex", render: Renderer): string {
  if (form.terms.length === 0) return "0";
  return form.terms.map((t, k) => {
    const { text, negative } = termText(t, format, render);
    const minus = format === "latex" ? "-" : "−";
    if (k === 0) return negative ? `${minus}${text}` : text;
    return negative ? ` ${minus} ${text}` : ` + ${text}`;
  }).join("");
}

/** The compound expressions whose entries the terms use (for naming shared ones). */
export function indexEntries(form: IndexForm): Expr[] {
  return form.terms.flatMap((t) => t.factors.flatMap((f) => (f.kind === "entry" && f.of.kind === "op" ? [f.of] : [])));
}

/** ∂Y_ij/∂X_kl, ∂y_i/∂x_j, ∂y/∂X_kl; with the derivation's graph, its names spelled apart (spelling.ts). */
export function indexLabel(form: IndexForm, yName: string, xName: string, format: "text" | "latex", graph?: Graph): string {
  const name = graph ? spellerOf(graph, format) : (s: string) => (format === "latex" ? latexName(s) : textName(s));
  const sub = (b: string, ids: readonly Idx[]) => {
    const s = idx(ids, format);
    if (!s) return b;
    return format === "latex" ? `{${b}}_{${s}}` : `${b}_${s}`;
  };
  const y = sub(name(yName), form.yIndex);
  const x = sub(name(xName), form.xIndex);
  return format === "latex" ? `\\frac{\\partial ${y}}{\\partial ${x}}` : `∂${y}/∂${x}`;
}

/** evaluateIndexForm for a derivative of y with respect to x, sized from the instance. */
export function indexEvaluator(form: IndexForm, y: Expr, x: Expr) {
  return (values: Values, sizes: Sizes): Mat => evaluateIndexForm(form, y, concreteShape(y.shape, sizes), concreteShape(x.shape, sizes), values, sizes);
}

/** The numerator-layout Jacobian of `of` the terms describe, entry by entry. */
export function evaluateIndexForm(form: IndexForm, of: Expr, y: { rows: number; cols: number }, x: { rows: number; cols: number }, values: Values, sizes: Sizes): Mat {
  const J = M.zeros(y.rows * y.cols, x.rows * x.cols);
  const cache = new Map<number, Mat>();
  const valueOf = (e: Expr): Mat => {
    let v = cache.get(e.id);
    if (!v) cache.set(e.id, (v = evaluate(e, values, sizes)));
    return v;
  };
  const extent = new Map<string, number>();
  for (const [name, d] of form.extents) extent.set(name, dimValue(d, sizes));
  const bind = (name: Idx, n: number) => typeof name === "string" && extent.set(name, n);
  bind(form.yIndex[0], y.rows); bind(form.yIndex[1], y.cols); bind(form.xIndex[0], x.rows); bind(form.xIndex[1], x.cols);
  // A summed index ranges over the dimension of an entry it indexes (a name may be reused
  // by the normalisation after a delta removed it, so the entries decide), else its recorded extent.
  const termExtents = form.terms.map((t) => {
    const local = new Map<string, number>();
    for (const s of t.sums) {
      for (const f of t.factors) {
        if (f.kind !== "entry" || local.has(s)) continue;
        const d = concreteShape(f.of.shape, sizes);
        if (f.i === s) local.set(s, d.rows);
        else if (f.j === s) local.set(s, d.cols);
      }
      if (!local.has(s) && extent.has(s)) local.set(s, extent.get(s)!);
    }
    return local;
  });
  // Every index name has a slot of one array of values, set in place as the loops run (nothing is allocated per
  // entry of a sum), and every index is compiled once to a reader of that array.
  const slots = new Map<string, number>();
  const slotOf = (name: string): number => slots.get(name) ?? slots.set(name, slots.size).get(name)!;
  const compile = (i: Idx): ((env: Int32Array) => number) => {
    if (i === 1) return () => 0;
    if (typeof i === "string") {
      const k = slotOf(i);
      return (env) => env[k]!;
    }
    const by = dimValue(i.by, sizes);
    if (i.kind === "lin") {
      const a = compile(i.a);
      const b = compile(i.b);
      return (env) => a(env) + by * b(env);
    }
    const of = compile(i.of);
    return i.kind === "div" ? (env) => Math.floor(of(env) / by) : (env) => of(env) % by;
  };
  type Compiled = { delta: true; a: (env: Int32Array) => number; b: (env: Int32Array) => number } | { delta: false; of: Expr; i: (env: Int32Array) => number; j: (env: Int32Array) => number; power: 1 | -1 };
  const terms = form.terms.map((t, k) => ({
    coef: t.coef,
    sums: t.sums.map((name) => ({ slot: slotOf(name), extent: termExtents[k]!.get(name) ?? extent.get(name)! })),
    factors: t.factors.map((f): Compiled => (f.kind === "delta" ? { delta: true, a: compile(f.a), b: compile(f.b) } : { delta: false, of: f.of, i: compile(f.i), j: compile(f.j), power: f.power })),
  }));
  const free = [form.yIndex[0], form.yIndex[1], form.xIndex[0], form.xIndex[1]].filter((i): i is string => i !== 1);
  const freeLoops = free.map((name) => ({ slot: slotOf(name), extent: extent.get(name)! }));
  const [yRow, yCol, xRow, xCol] = [form.yIndex[0], form.yIndex[1], form.xIndex[0], form.xIndex[1]].map(compile) as [(e: Int32Array) => number, (e: Int32Array) => number, (e: Int32Array) => number, (e: Int32Array) => number];
  refuseCostlyIndexSums(of, freeLoops, terms, sizes);
  const env = new Int32Array(slots.size);
  /** Every assignment of the loops' indices, each in turn in env (the last loop innermost). */
  const loop = (loops: readonly { slot: number; extent: number }[], body: () => void, from = 0): void => {
    if (from === loops.length) return body();
    const { slot, extent: n } = loops[from]!;
    // A summed index that reuses a name outside it leaves that name's value as it found it.
    const outer = env[slot]!;
    for (let v = 0; v < n; v++) {
      env[slot] = v;
      loop(loops, body, from + 1);
    }
    env[slot] = outer;
  };
  loop(freeLoops, () => {
    let total = 0;
    for (const t of terms) {
      loop(t.sums, () => {
        let p = t.coef;
        for (const f of t.factors) {
          if (f.delta) p *= f.a(env) === f.b(env) ? 1 : 0;
          else {
            const m = valueOf(f.of);
            const v = m.data[f.i(env) + f.j(env) * m.rows]!;
            p *= f.power === 1 ? v : 1 / v;
          }
          if (p === 0) break;
        }
        total += p;
      });
    }
    J.data[yRow(env) + yCol(env) * y.rows + (xRow(env) + xCol(env) * x.rows) * J.rows] = total;
  });
  return J;
}
