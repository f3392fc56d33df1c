/**
 * Stanzas of the linear matrix functions and reshapes: sum, tr, diag (both
 * directions), vec and its inverse. Each is linear (d f(X) = f(dX)) and
 * states its adjoint, vec rule and index rule.
 */
import * as M from "../kernels/mat.js";
import { ONE, dimMul, dimValue, isOne } from "../shapes/dim.js";
import { SCALAR, type Shape, isRowShape, vectorLength } from "../shapes/shape.js";
import { Prec } from "./precedence.js";
import { call } from "./notation.js";
import type { Notation } from "./stanza.js";
import { requireSquare } from "./surface.js";
import { broadcast, diagEmbed, diagExtract, identity, kron, matmul, ones, scale, tr, transpose, unvec, vec } from "./make.js";
import { linear } from "./algebra.js";
import { delta, idxDiv, idxLin, idxMod } from "./index-terms.js";

export const scalarResult = (): Shape => SCALAR;
export const fnCall = (name: string): { text: Notation; latex: Notation } => ({ text: call(name), latex: call(`\\operatorname{${name}}`) });
/** so every value stays 2-D. */
export const npScalar = (f: string): Notation => ({ prec: Prec.ATOM, render: (c) => `np.array([[${f}(${c.bare(0)})]])` });

export const sumStanza = linear({
  why: { adjoint: "⟨g, sum(dX)⟩ = ⟨g 𝟏𝟏ᵀ, dX⟩", vec: "sum(dX) = 𝟏ᵀ vec(dX)" },
  op: "sum",
  arity: 1,
  shape: scalarResult,
  // ⟨g, sum(dX)⟩ = ⟨g 𝟏𝟏ᵀ, dX⟩
  adjoint: (n, _i, ct) => broadcast(ct, n.args[0]!.shape),
  // sum(X) = 𝟏ᵀ vec(X)
  vecJacobian: (n, _i, j) => matmul(transpose(ones(n.graph, dimMul(n.args[0]!.shape.rows, n.args[0]!.shape.cols))), j),
  // sum(L) = Σ_rs L_rs
  index: (n, c) => () => {
    const a = n.args[0]!;
    const r = c.sumIndex(a.shape.rows);
    const s = c.sumIndex(a.shape.cols);
    return c.withSum(r, c.withSum(s, c.t(a)(r, s), []), []);
  },
  evaluate: ([a]) => M.scalar(M.sum(a!)),
  ...fnCall("sum"),
  latex: { prec: Prec.ATOM, render: (c) => `\\operatorname{sum}(${c.bare(0)})` },
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }] }),
});

export const trStanza = linear({
  why: { adjoint: "⟨g, tr(dX)⟩ = ⟨g I, dX⟩", vec: "tr(dX) = vec(I)ᵀ vec(dX)" },
  op: "tr",
  arity: 1,
  shape: scalarResult,
  // ⟨g, tr(dX)⟩ = ⟨g I, dX⟩   (Cookbook eq. 100)
  adjoint: (n, _i, ct) => scale(ct, identity(n.graph, n.args[0]!.shape.rows)),
  // tr(X) = vec(I)ᵀ vec(X)
  vecJacobian: (n, _i, j) => matmul(transpose(vec(identity(n.graph, n.args[0]!.shape.rows))), j),
  // tr(L) = Σ_r L_rr
  index: (n, c) => () => {
    const r = c.sumIndex(n.args[0]!.shape.rows);
    return c.withSum(r, c.t(n.args[0]!)(r, r), []);
  },
  evaluate: ([a]) => M.scalar(M.trace(a!)),
  ...fnCall("tr"),
  surface: {
    names: ["tr", "trace"], arity: 1,
    check: ([a], u, site) => (requireSquare(a!, u, site, 0), SCALAR),
    lower: ([a]) => tr(a!),
  },
  sample: ({ n }) => ({ args: [{ rows: n, cols: n }] }),
});

/** diag(v): a vector of either orientation → the square diagonal matrix. */
export const diagEmbedStanza = linear({
  why: { adjoint: "⟨G, diag(dv)⟩ = ⟨diag(G), dv⟩", vec: "vec(diag(v)) picks the diagonal positions" },
  op: "diagEmbed",
  arity: 1,
  shape: ([v]) => ({ rows: vectorLength(v!), cols: vectorLength(v!) }),
  // ⟨G, diag(dv)⟩ = ⟨diag(G), dv⟩
  adjoint: (n, _i, ct) => (isRowShape(n.args[0]!.shape) ? transpose(diagExtract(ct)) : diagExtract(ct)),
  // vec(diag(v)) = diag(vec I_n) (𝟏_n ⊗ I_n) v
  vecJacobian: (n, _i, j) => {
    const k = n.shape.rows;
    return matmul(matmul(diagEmbed(vec(identity(n.graph, k))), kron(ones(n.graph, k), identity(n.graph, k))), j);
  },
  // diag(l)_ij = δ_ij l_i
  index: (n, c) => {
    const a = n.args[0]!;
    const row = isOne(a.shape.rows);
    return (i, j) => c.withSum(1, c.t(a)(row ? 1 : i, row ? i : 1), [delta(i, j)]);
  },
  entry: (f) => {
    if (f.power !== 1) return null;
    const a = f.of.args[0]!;
    return { emit: [delta(f.i, f.j)], expand: [{ ...f, of: a, i: isOne(a.shape.rows) ? 1 : f.i, j: isOne(a.shape.cols) ? 1 : f.i }] };
  },
  evaluate: ([v]) => M.diagEmbed(v!),
  ...fnCall("diag"),
  surface: {
    names: ["diag"], arity: 1,
    check: ([a], u, site) => {
      if (u.isOne(a!.rows)) return { rows: a!.cols, cols: a!.cols };
      if (u.isOne(a!.cols)) return { rows: a!.rows, cols: a!.rows };
      requireSquare(a!, u, site, 0);
      return { rows: a!.rows, cols: ONE };
    },
    lower: ([a]) => (isOne(a!.shape.rows) || isOne(a!.shape.cols) ? diagEmbed(a!) : diagExtract(a!)),
  },
  sample: ({ n }) => ({ args: [{ rows: n, cols: ONE }] }),
});

/** diag(X): a square matrix → the column of its diagonal. */
export const diagExtractStanza = linear({
  why: { adjoint: "⟨g, diag(dX)⟩ = ⟨diag(g), dX⟩", vec: "diag(dX) picks the diagonal of vec(dX)" },
  op: "diagExtract",
  arity: 1,
  shape: ([a]) => ({ rows: a!.rows, cols: ONE }),
  adjoint: (_n, _i, ct) => diagEmbed(ct),
  // diag(X) = (𝟏_nᵀ ⊗ I_n) diag(vec I_n) vec(X)
  vecJacobian: (n, _i, j) => {
    const k = n.shape.rows;
    return matmul(matmul(kron(transpose(ones(n.graph, k)), identity(n.graph, k)), diagEmbed(vec(identity(n.graph, k)))), j);
  },
  // diag(L)_i = L_ii
  index: (n, c) => (i) => c.t(n.args[0]!)(i, i),
  evaluate: ([a]) => M.diagExtract(a!),
  ...fnCall("diag"),
  sample: ({ n }) => ({ args: [{ rows: n, cols: n }] }),
});

export const vecStanza = linear({
  why: { adjoint: "⟨g, vec(dX)⟩ = ⟨unvec(g), dX⟩", vec: "vec(vec(dX)) = vec(dX)" },
  op: "vec",
  arity: 1,
  shape: ([a]) => ({ rows: dimMul(a!.rows, a!.cols), cols: ONE }),
  adjoint: (n, _i, ct) => unvec(ct, n.args[0]!.shape),
  vecJacobian: (_n, _i, j) => j,
  // vec(L)_i = L_(i mod m)⌊i/m⌋ for L m×n
  index: (n, c) => {
    const a = n.args[0]!;
    return (i) => c.t(a)(idxMod(i, a.shape.rows), idxDiv(i, a.shape.rows));
  },
  // (vec X)_(i + m·j) = X_ij for X with m rows
  entry: (f) => {
    const a = f.of.args[0]!;
    const at = f.i;
    if (f.power !== 1 || typeof at !== "object" || at.kind !== "lin" || JSON.stringify(at.by) !== JSON.stringify(a.shape.rows)) return null;
    return { expand: [{ ...f, of: a, i: at.a, j: at.b }] };
  },
  evaluate: ([a]) => M.vec(a!),
  ...fnCall("vec"),
  surface: { names: ["vec"], arity: 1, check: ([a]) => ({ rows: dimMul(a!.rows, a!.cols), cols: ONE }), lower: ([a]) => vec(a!) },
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }] }),
});

/** The inverse of vec: a column of length mn → the m×n matrix (column-major). */
export const unvecStanza = linear({
  why: { adjoint: "⟨G, unvec(dv)⟩ = ⟨vec(G), dv⟩", vec: "vec(unvec(v)) = v" },
  op: "unvec",
  arity: 1,
  shape: (_a, attr) => ({ rows: attr.dims![0]!, cols: attr.dims![1]! }),
  adjoint: (_n, _i, ct) => vec(ct),
  vecJacobian: (_n, _i, j) => j,
  // unvec(l)_ij = l_(i + r·j) for an r×c result
  index: (n, c) => (i, j) => c.t(n.args[0]!)(idxLin(i, j, n.shape.rows), 1),
  evaluate: ([v], n, sizes) => M.reshape(v!, dimValue(n.shape.rows, sizes), dimValue(n.shape.cols, sizes)),
  text: { prec: Prec.ATOM, render: (c) => `${c.fn("unvec")}_(${c.dim(c.node.shape.rows)}×${c.dim(c.node.shape.cols)})(${c.bare(0)})` },
  latex: { prec: Prec.ATOM, render: (c) => `\\operatorname{unvec}_{${c.dim(c.node.shape.rows)}\\times ${c.dim(c.node.shape.cols)}}(${c.bare(0)})` },
  sample: ({ m, n }) => ({ args: [{ rows: dimMul(m, n), cols: ONE }], attr: { dims: [m, n] } }),
});

export const matrixStanzas = {
  sum: sumStanza, tr: trStanza, diagEmbed: diagEmbedStanza, diagExtract: diagExtractStanza, vec: vecStanza, unvec: unvecStanza,
} as const;
