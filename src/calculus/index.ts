/**
 * Index notation: ∂Y_ij/∂X_kl as a sum of terms, each a coefficient, summed
 * indices, Kronecker deltas and entries of matrices, built forward through
 * dY = L(dX) exactly like the vec rules:
 *   (dX)_ij          → δ_ik δ_jl
 *   (A L)_ij         → Σ_r A_ir L_rj          (L dX-linear)
 *   (L B)_ij         → Σ_r L_ir B_rj
 *   (M ⊙ L)_ij       → M_ij L_ij,   (L ⊘ M)_ij → L_ij / M_ij
 *   (Lᵀ)_ij          → L_ji,  tr(L) → Σ_r L_rr,  sum(L) → Σ_rs L_rs
 *   diag(l)_ij       → δ_ij l_i,  diag(L)_i → L_ii
 * then summed deltas are eliminated (Σ_r A_ir δ_rk = A_ik). A dimension of
 * size 1 has the fixed index 1, which is not printed. Each rule is the
 * `index` field of the operator's stanza.
 */
import type { Expr, VarNode } from "../expr/node.js";
import { type IdSet, dependents, topoOrder } from "../expr/traverse.js";
import { type Dim, isOne } from "../shapes/dim.js";
import type { Shape } from "../shapes/shape.js";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import { stanzaOf } from "../ops/registry.js";
import {
  type Factor, type Idx, type IndexContext, type Template, type Term, idxDiv, idxKey, idxLin, idxMod, idxNames,
} from "../ops/index-terms.js";

export type { Factor, Idx, Term } from "../ops/index-terms.js";
export { idxNames } from "../ops/index-terms.js";

export interface IndexForm {
  /** Free indices of Y (rows, cols) and of X; 1 where the dimension is 1. */
  readonly yIndex: readonly [Idx, Idx];
  readonly xIndex: readonly [Idx, Idx];
  readonly terms: readonly Term[];
  /** The range of every summed index, by name. */
  readonly extents: ReadonlyMap<string, Dim>;
}

const FREE = ["i", "j", "k", "l"];
const SUMMED = ["r", "s", "t", "u", "v", "w", "p", "q"];

class Fresh {
  private n = 0;
  readonly extents = new Map<string, Dim>();
  next(extent: Dim): string {
    const k = this.n++;
    const name = k < SUMMED.length ? SUMMED[k]! : `r${k - SUMMED.length + 1}`;
    this.extents.set(name, extent);
    return name;
  }
}

/**
 * The most factors an index form is expanded into: well beyond what a formula
 * can show to a reader (about 200 KB of text), and the expansion grows with the
 * square of a recurrence's length (every path through the graph becomes a
 * term) or exponentially where dX-linear parts are shared.
 */
export const INDEX_FACTOR_BUDGET = 20_000;

/** The refusal when the index form would exceed the budget: about `factors` factors when an estimate says so, else more than the budget. */
export function indexTooLarge(factors?: number): never {
  const about = factors === undefined ? `more than ${INDEX_FACTOR_BUDGET}` : factors >= Number.MAX_SAFE_INTEGER ? "more than 10^15" : `about ${factors.toPrecision(2).replace("e+", "e")}`;
  throw new DiagnosticError(error("input-too-large",
    `--form index would expand into ${about} factors (it shows at most ${INDEX_FACTOR_BUDGET}): index notation writes the derivative as one sum over every path through the expression, with no names for shared parts`,
    undefined, [], "use --form jacobian or --form grad (shared parts are named t₀, t₁, …, so their size stays linear), or --form differential"));
}

/**
 * The most linear steps, one inside another, that the index form expands: a template calls the templates of its
 * arguments, so each step is a few frames of the call stack, and past about 2,500 steps of tanh the stack ran out
 * before the factor count could say no.
 */
const INDEX_DEPTH = 1000;

/** Refuses (exit 2) a derivative whose chain of linear steps from dX to dY is deeper than INDEX_DEPTH. */
function indexNotTooDeep(order: readonly Expr[], isLinear: IdSet): void {
  const depth = new Map<number, number>();
  let deepest = 0;
  for (const node of order) {
    if (!isLinear.has(node.id)) continue;
    // dX itself is no step: the steps are the operators above it
    let d = 0;
    if (node.kind === "op") for (const a of node.args) d = Math.max(d, (depth.get(a.id) ?? -1) + 1);
    depth.set(node.id, d);
    deepest = Math.max(deepest, d);
  }
  if (deepest <= INDEX_DEPTH) return;
  throw new DiagnosticError(error("input-too-large",
    `--form index expands at most ${INDEX_DEPTH} linear steps nested in one another, and this derivative nests ${deepest}: index notation writes it as one sum over every path through the expression, with no names for shared parts`,
    undefined, [], "use --form jacobian or --form grad (shared parts are named t₀, t₁, …, so their size stays linear), or --form differential"));
}

/**
 * An estimate, in one pass children first, of the factors the expansion
 * prints (a dX-linear node adds its other arguments and a summed index to
 * every term of its dX-linear arguments), capped just above the budget.
 * It runs before any template is expanded, so a form too large is refused
 * before the (recursive) expansion starts.
 */
function estimatedFactors(order: readonly Expr[], isLinear: IdSet, dX: Expr, root: Expr): number {
  const cap = Number.MAX_SAFE_INTEGER;
  const terms = new Map<number, number>();
  const factors = new Map<number, number>();
  for (const node of order) {
    if (!isLinear.has(node.id)) continue;
    if (node === dX || node.kind !== "op") {
      terms.set(node.id, 1);
      factors.set(node.id, 2);
      continue;
    }
    const linear = node.args.filter((a) => isLinear.has(a.id));
    const added = node.args.length - linear.length + 1;
    let t = 0;
    let f = 0;
    for (const a of linear) {
      t = Math.min(cap, t + terms.get(a.id)!);
      f = Math.min(cap, f + factors.get(a.id)! + terms.get(a.id)! * added);
    }
    terms.set(node.id, t);
    factors.set(node.id, f);
  }
  return factors.get(root.id) ?? 0;
}

function unsupported(op: string): never {
  throw new DiagnosticError(error("bad-option", `--form index cannot show ${op} in index notation`, undefined, [],
    "use --form jacobian (Kronecker form) or --form grad"));
}

export function indexForm(dY: Expr | null, y: Shape, dX: VarNode): IndexForm {
  const pick = (s: Shape, letters: string[]): [Idx, Idx] => {
    const r: Idx = isOne(s.rows) ? 1 : letters.shift()!;
    const c: Idx = isOne(s.cols) ? 1 : letters.shift()!;
    return [r, c];
  };
  const letters = [...FREE];
  const yIndex = pick(y, letters);
  const xIndex = pick(dX.shape, letters);
  if (dY === null) return { yIndex, xIndex, terms: [], extents: new Map() };
  const fresh = new Fresh();
  const isLinear = dependents([dY], dX);
  const templates = new Map<number, Template>();
  const sumIndex = (d: Shape["rows"]): string | 1 => (isOne(d) ? 1 : fresh.next(d));
  const withSum = (r: string | 1, ts: readonly Term[], extra: readonly Factor[]): Term[] =>
    ts.map((t) => ({ coef: t.coef, sums: r === 1 ? t.sums : [r, ...t.sums], factors: [...extra, ...t.factors] }));
  const context: IndexContext = { t: (e) => templates.get(e.id)!, linear: (e) => isLinear.has(e.id), sumIndex, withSum };

  const order = topoOrder([dY]);
  let spent = 0;
  const estimate = estimatedFactors(order, isLinear, dX, dY);
  if (estimate > INDEX_FACTOR_BUDGET) indexTooLarge(estimate);
  indexNotTooDeep(order, isLinear);
  for (const node of order) {
    if (!isLinear.has(node.id)) continue;
    if (node === dX) {
      templates.set(node.id, (i, j) => [{ coef: 1, sums: [], factors: [{ kind: "delta", a: i, b: xIndex[0] }, { kind: "delta", a: j, b: xIndex[1] }] }]);
      continue;
    }
    if (node.kind !== "op") continue;
    const rule = stanzaOf(node.op).index;
    if (!rule) unsupported(node.op);
    // The estimate bounds the expansion for the rules as they are; counting what each template returns keeps it bounded for any rule.
    const template = rule(node, context);
    templates.set(node.id, (i, j) => {
      const ts = template(i, j);
      for (const t of ts) spent += t.factors.length;
      if (spent > INDEX_FACTOR_BUDGET) indexTooLarge();
      return ts;
    });
  }
  // dY that does not depend on dX (0·dX simplified to 0) is identically zero: no terms.
  const template = templates.get(dY.id);
  const raw = template ? template(yIndex[0], yIndex[1]) : [];
  return { yIndex, xIndex, terms: simplifyTerms(raw), extents: fresh.extents };
}

/** x with every part that `hit` picks (a letter, or a computed index) replaced by `to`, rebuilt with its sizes. */
function replaceIdx(x: Idx, hit: (i: Idx) => boolean, to: Idx): Idx {
  if (hit(x)) return to;
  if (typeof x !== "object") return x;
  if (x.kind === "lin") return idxLin(replaceIdx(x.a, hit, to), replaceIdx(x.b, hit, to), x.by);
  const of = replaceIdx(x.of, hit, to);
  return x.kind === "div" ? idxDiv(of, x.by) : idxMod(of, x.by);
}

/** f with every index it holds replaced by `r`'s reading of it. */
const withIndices = (f: Factor, r: (x: Idx) => Idx): Factor =>
  (f.kind === "delta" ? { kind: "delta", a: r(f.a), b: r(f.b) } : { ...f, i: r(f.i), j: r(f.j) });

/** f with the letter `from` replaced by `to` wherever it occurs. */
const substitute = (f: Factor, from: string, to: Idx): Factor => withIndices(f, (x) => replaceIdx(x, (i) => i === from, to));

/**
 * δ_a(r mod m) δ_b⌊r/m⌋ says r = a + m·b: the two deltas become one, δ_r(a + m·b),
 * which the elimination then removes when r is summed. A part of r that a delta fixes to an index free of r
 * (δ_j(r mod m)) is that index in every other factor first: the diagonal's δ_⌊r/m⌋(r mod m) becomes δ_⌊r/m⌋j.
 */
function joinModDivPairs(factors: readonly Factor[], sums: readonly string[]): Factor[] {
  const out = [...factors];
  const part = (f: Factor, kind: "mod" | "div") => {
    if (f.kind !== "delta") return null;
    for (const [x, y] of [[f.a, f.b], [f.b, f.a]] as const) {
      // The other side must not mention r: δ_⌊r/m⌋(r mod m) does not say what r is.
      if (typeof x === "object" && x.kind === kind && typeof x.of === "string" && sums.includes(x.of) && !idxNames(y).includes(x.of)) {
        return { r: x.of, by: x.by, other: y, part: x };
      }
    }
    return null;
  };
  for (let i = 0; i < out.length; i++) {
    const fixed = part(out[i]!, "mod") ?? part(out[i]!, "div");
    if (!fixed) continue;
    const key = idxKey(fixed.part);
    const isPart = (x: Idx) => typeof x === "object" && idxKey(x) === key;
    for (let k = 0; k < out.length; k++) if (k !== i) out[k] = withIndices(out[k]!, (x) => replaceIdx(x, isPart, fixed.other));
  }
  for (let i = 0; i < out.length; i++) {
    const m = part(out[i]!, "mod");
    if (!m) continue;
    const j = out.findIndex((f, k) => {
      const d = k === i ? null : part(f, "div");
      return d !== null && d.r === m.r && idxKey(1) !== idxKey(d.other) && JSON.stringify(d.by) === JSON.stringify(m.by);
    });
    if (j < 0) continue;
    const d = part(out[j]!, "div")!;
    const joined: Factor = { kind: "delta", a: m.r, b: idxLin(m.other, d.other, m.by) };
    out.splice(Math.max(i, j), 1);
    out.splice(Math.min(i, j), 1, joined);
    i = -1;
  }
  return out;
}

/** Eliminate deltas against summed indices, drop δ_aa, and collect equal terms. */
export function simplifyTerms(terms: readonly Term[]): Term[] {
  const out = new Map<string, Term>();
  for (const t0 of terms) {
    let t: Term = t0;
    t = { ...t, factors: joinModDivPairs(t.factors, t.sums) };
    for (let changed = true; changed; ) {
      changed = false;
      let factors = t.factors.filter((f) => !(f.kind === "delta" && idxKey(f.a) === idxKey(f.b)));
      const d = factors.find((f): f is Extract<Factor, { kind: "delta" }> =>
        f.kind === "delta" && ((typeof f.a === "string" && t.sums.includes(f.a)) || (typeof f.b === "string" && t.sums.includes(f.b))));
      if (d) {
        const [from, to] = typeof d.a === "string" && t.sums.includes(d.a) ? [d.a, d.b] : [d.b as string, d.a];
        factors = factors.filter((f) => f !== d).map((f) => substitute(f, from, to));
        t = { coef: t.coef, sums: t.sums.filter((s) => s !== from), factors };
        changed = true;
      } else {
        t = { ...t, factors };
      }
    }
    // Deltas first, in a stable order, then entries as they came.
    // Plain letters first in a delta (δ_ik, δ_(i mod p)k → δ_k(i mod p) reads as "k equals …").
    const rank = (x: Idx) => (typeof x === "object" ? `~${idxKey(x)}` : String(x));
    const deltas = t.factors.filter((f) => f.kind === "delta").map((f) => (f.kind === "delta" && rank(f.a) > rank(f.b) ? { ...f, a: f.b, b: f.a } : f))
      .sort((a, b) => (a.kind === "delta" && b.kind === "delta" ? `${rank(a.a)}${rank(a.b)}`.localeCompare(`${rank(b.a)}${rank(b.b)}`) : 0));
    // Entries in the order of their indices (A_ik B_lj), scalars (no index) first.
    const order = (f: Factor) => (f.kind === "entry" ? `${f.i === 1 ? "" : idxNames(f.i).join("")}${f.j === 1 ? "" : idxNames(f.j).join("")}` : "");
    const entries = t.factors.filter((f) => f.kind === "entry").map((f, k) => ({ f, k }))
      .sort((a, b) => (order(a.f) < order(b.f) ? -1 : order(a.f) > order(b.f) ? 1 : a.k - b.k)).map(({ f }) => f);
    const normal: Term = { coef: t.coef, sums: [...t.sums].sort(), factors: [...deltas, ...entries] };
    const key = JSON.stringify([normal.sums, normal.factors.map((f) => (f.kind === "delta" ? ["d", idxKey(f.a), idxKey(f.b)] : ["e", f.of.id, idxKey(f.i), idxKey(f.j), f.power]))]);
    const prior = out.get(key);
    out.set(key, prior ? { ...prior, coef: prior.coef + normal.coef } : normal);
  }
  return [...out.values()].filter((t) => t.coef !== 0);
}
