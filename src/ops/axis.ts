/**
 * Reductions along an axis, MATLAB's convention: axis 1 reduces each column
 * (sum(X, 1) is the 1×n row of column sums), axis 2 each row (sum(X, 2) is
 * the m×1 column of row sums); without an axis, every entry. The axis is
 * attr.axis. sum and mean are linear; max and min pick one entry per slice
 * (their masks isMax, isMin say which), so d max(X, d) = sum(isMax(X, d) ⊙ dX, d).
 * dimSize is the size of a dimension as a scalar (the n of a mean).
 */
import * as M from "../kernels/mat.js";
import { type Dim, ONE, dimMul, dimValue, isOne } from "../shapes/dim.js";
import { SCALAR, type Shape } from "../shapes/shape.js";
import type { Attr, Expr, NumNode, OpNode } from "../expr/node.js";
import { Prec } from "./precedence.js";
import type { Notation, OpStanza, PrintContext, Sample } from "./stanza.js";
import { type CallSite, type SurfaceFunction, callError, requireColumn } from "./surface.js";
import { broadcast, div, hadamard, identity, kron, make, matmul, onLinear, ones, sum, transpose } from "./make.js";
import { linear } from "./algebra.js";
import { type Axis, along, extremeIndex, indicator, reduce, smallestGap, total } from "./axis-kernels.js";
import type { Unifier } from "../shapes/unify.js";

/** The shape left by reducing `s` along `axis`. */
export function reducedShape(s: Shape, axis: Axis): Shape {
  return axis === 1 ? { rows: ONE, cols: s.cols } : axis === 2 ? { rows: s.rows, cols: ONE } : SCALAR;
}

/** How many entries one slice along `axis` holds. */
export function sliceLength(s: Shape, axis: Axis): Dim {
  return axis === 1 ? s.rows : axis === 2 ? s.cols : dimMul(s.rows, s.cols);
}

export const axisOf = (n: OpNode): Axis => n.attr.axis;
const axisAttr = (axis: Axis): Attr | undefined => (axis === undefined ? undefined : { axis });

/** sum(X, d), or sum(X) over every entry (the `sum` operator) without an axis. */
export const sumAlong = (x: Expr, axis: Axis): Expr => (axis === undefined ? sum(x) : make("sumAxis", [x], { axis }));
/** The size of a dimension, as a scalar node. */
export const dimSize = (x: Expr, d: Dim): Expr => (isOne(d) ? x.graph.num(1) : d.syms.length === 0 ? x.graph.num(d.coef) : x.graph.op("dimSize", [], { dims: [d] }));

/** `name(X, d)` (or `name(X)` without an axis), in text or LaTeX. */
function axisCall(name: string): Notation {
  return {
    prec: Prec.ATOM,
    render: (c: PrintContext) => `${c.fn(name)}(${c.bare(0)}${c.node.attr.axis === undefined ? "" : `, ${c.node.attr.axis}`})`,
  };
}
export const axisNotation = (name: string): { text: Notation; latex: Notation } => ({ text: axisCall(name), latex: axisCall(`\\operatorname{${name}}`) });

/** The axis a call spells as its second argument (1 or 2), or undefined without one. */
export function axisArgument(site: CallSite, count: number): Axis {
  if (count < 2) return undefined;
  const v = site.literal(1);
  if (v !== 1 && v !== 2) {
    callError(site, "arity", `the axis of ${site.fnName} must be 1 (each column) or 2 (each row), not ${site.describe(1)}`, 1,
      `${site.fnName}(X, 1) reduces each column, ${site.fnName}(X, 2) each row (MATLAB's convention)`);
  }
  return v;
}

/** The axis a lowered call carries: its second argument, a number. */
export const loweredAxis = (args: readonly Expr[]): Axis => (args.length < 2 ? undefined : ((args[1] as NumNode).value as 1 | 2));

/**
 * The call syntax `name(X[, d])`. Without an axis, `whole` decides: "all"
 * reduces every entry, "column" keeps the column-vector meaning (softmax).
 */
export function axisFunction(
  names: readonly string[], shape: (s: Shape, axis: Axis) => Shape, build: (x: Expr, axis: Axis) => Expr, whole: "all" | "column",
): SurfaceFunction {
  return {
    names, arity: 1, maxArity: 2,
    check: (args: readonly Shape[], u: Unifier, site: CallSite) => {
      const axis = axisArgument(site, args.length);
      if (axis === undefined && whole === "column") requireColumn(args[0]!, u, site, 0);
      return shape(args[0]!, axis);
    },
    lower: (args) => build(args[0]!, loweredAxis(args)),
  };
}

const sample = (axis: Axis): Sample => ({ m, n }) => ({ args: [{ rows: m, cols: n }], attr: axisAttr(axis) });

export const sumAxisStanza = linear({
  why: { adjoint: "⟨g, sum(dX, d)⟩ = ⟨g stretched along d, dX⟩", vec: "sum(dX, 1) = 𝟏ᵀ dX and sum(dX, 2) = dX 𝟏" },
  op: "sumAxis",
  arity: 1,
  shape: ([a], attr) => reducedShape(a!, attr.axis),
  // ⟨g, sum(dX, d)⟩ = ⟨g 𝟏ᵀ (or 𝟏 g), dX⟩: the cotangent is stretched back along the axis
  adjoint: (n, _i, ct) => broadcast(ct, n.args[0]!.shape),
  // vec(𝟏ₘᵀ X) = (Iₙ ⊗ 𝟏ₘᵀ) vec(X);  vec(X 𝟏ₙ) = (𝟏ₙᵀ ⊗ Iₘ) vec(X)
  vecJacobian: (n, _i, j) => {
    const { rows, cols } = n.args[0]!.shape;
    const g = n.graph;
    const factor = axisOf(n) === 1 ? kron(identity(g, cols), transpose(ones(g, rows))) : kron(transpose(ones(g, cols)), identity(g, rows));
    return matmul(factor, j);
  },
  // sum(L, 1)_1j = Σ_r L_rj;  sum(L, 2)_i1 = Σ_s L_is
  index: (n, c) => (i, j) => {
    const a = n.args[0]!;
    if (axisOf(n) === 1) {
      const r = c.sumIndex(a.shape.rows);
      return c.withSum(r, c.t(a)(r, j), []);
    }
    const s = c.sumIndex(a.shape.cols);
    return c.withSum(s, c.t(a)(i, s), []);
  },
  evaluate: ([a], n) => reduce(a!, axisOf(n), total),
  ...axisNotation("sum"),
  sample: sample(2),
});

export const meanStanza = linear({
  why: { adjoint: "⟨g, mean(dX, d)⟩ = ⟨g stretched along d / n, dX⟩", vec: "mean(dX, d) = sum(dX, d)/n" },
  op: "mean",
  arity: 1,
  shape: ([a], attr) => reducedShape(a!, attr.axis),
  // ⟨g, mean(dX, d)⟩ = ⟨(g stretched along d)/n, dX⟩, n the length of a slice
  adjoint: (n, _i, ct) => div(broadcast(ct, n.args[0]!.shape), dimSize(n, sliceLength(n.args[0]!.shape, axisOf(n)))),
  // vec(mean(X, d)) = vec(sum(X, d))/n
  vecJacobian: (n, i, j) => {
    const x = n.args[0]!;
    const size = dimSize(n, sliceLength(x.shape, axisOf(n)));
    const summed = sumAlong(x, axisOf(n)) as OpNode;
    return div(axisOf(n) === undefined ? matmul(transpose(ones(n.graph, dimMul(x.shape.rows, x.shape.cols))), j) : sumAxisStanza.vecJacobian!(summed, i, j), size);
  },
  // mean(L, d)_ij = (1/n) Σ L along d
  index: (n, c) => (i, j) => {
    const a = n.args[0]!;
    const size = dimSize(n, sliceLength(a.shape, axisOf(n)));
    const over = size.kind === "num" ? [] : [{ kind: "entry" as const, of: size, i: 1 as const, j: 1 as const, power: -1 as const }];
    const coef = size.kind === "num" ? 1 / size.value : 1;
    const axis = axisOf(n);
    const terms = axis === 1
      ? ((r) => c.withSum(r, c.t(a)(r, j), over))(c.sumIndex(a.shape.rows))
      : axis === 2
        ? ((s) => c.withSum(s, c.t(a)(i, s), over))(c.sumIndex(a.shape.cols))
        : ((r, s) => c.withSum(r, c.withSum(s, c.t(a)(r, s), []), over))(c.sumIndex(a.shape.rows), c.sumIndex(a.shape.cols));
    return terms.map((t) => ({ ...t, coef: t.coef * coef }));
  },
  evaluate: ([a], n) => reduce(a!, axisOf(n), (v) => total(v) / v.length),
  ...axisNotation("mean"),
  surface: axisFunction(["mean"], reducedShape, (x, axis) => make("mean", [x], axisAttr(axis)), "all"),
  sample: sample(1),
});

/** Whether the two largest (or smallest) entries of some column, row or the whole matrix nearly tie (the domain check sees no axis). */
const nearTie = (a: M.Mat): boolean => Math.min(smallestGap(a, 1), smallestGap(a, 2), smallestGap(a, undefined)) < 0.02;

/** max or min along an axis: the chosen entry's differential, picked out by the mask. */
function extremum<K extends "max" | "min">(op: K, mask: "isMax" | "isMin"): OpStanza<K> {
  return {
    op,
    arity: 1,
    shape: ([a], attr) => reducedShape(a!, attr.axis),
    // d max(X, d) = sum(isMax(X, d) ⊙ dX, d): only the largest entry of each slice moves it
    differential: (n, [d]) => onLinear(d!, (dx) => sumAlong(hadamard(make(mask, [n.args[0]!], n.attr), dx), axisOf(n))),
    evaluate: ([a], n) => reduce(a!, axisOf(n), (v) => v[extremeIndex(v, op)]!),
    outOfDomain: ([a]) => (nearTie(a!) ? `${op} where two entries are within 0.02 of each other (a kink)` : null),
    nonSmooth: `${op} is not differentiable where two entries tie; its derivative picks one (a subgradient)`,
    ...axisNotation(op),
    surface: axisFunction([op], reducedShape, (x, axis) => make(op, [x], axisAttr(axis)), "all"),
    sample: sample(2),
  };
}

/** The 0/1 mask of the largest (smallest) entry of each slice; piecewise constant, so its derivative is 0. */
function mask<K extends "isMax" | "isMin">(op: K, which: "max" | "min"): OpStanza<K> {
  return {
    op,
    arity: 1,
    shape: ([a]) => a!,
    differential: () => null,
    evaluate: ([a], n) => along(a!, axisOf(n), (v) => indicator(v, which)),
    outOfDomain: ([a]) => (nearTie(a!) ? `${op} where two entries are within 0.02 of each other` : null),
    ...axisNotation(op),
    surface: axisFunction([op], (s) => s, (x, axis) => make(op, [x], axisAttr(axis)), "all"),
    sample: sample(1),
  };
}

export const dimSizeStanza: OpStanza<"dimSize"> = {
  op: "dimSize",
  arity: 0,
  shape: () => SCALAR,
  differential: () => null,
  evaluate: (_a, n, sizes) => M.scalar(dimValue(n.attr.dims![0]!, sizes)),
  text: { prec: Prec.ATOM, render: (c) => sizeText(c) },
  latex: { prec: Prec.ATOM, render: (c) => sizeText(c) },
  sample: ({ n }) => ({ args: [], attr: { dims: [n] } }),
};

function sizeText(c: PrintContext): string {
  const d = c.node.attr.dims![0]!;
  const text = c.dim(d);
  return d.syms.length + (d.coef === 1 ? 0 : 1) > 1 ? `(${text})` : text;
}

export const axisStanzas = {
  sumAxis: sumAxisStanza,
  mean: meanStanza,
  max: extremum("max", "isMax"),
  min: extremum("min", "isMin"),
  isMax: mask("isMax", "max"),
  isMin: mask("isMin", "min"),
  dimSize: dimSizeStanza,
} as const;

/** `sum(X)` over every entry, `sum(X, d)` along an axis. */
export const sumFunction: SurfaceFunction = axisFunction(["sum"], reducedShape, sumAlong, "all");
