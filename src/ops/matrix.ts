/**
 * Stanzas of matrix functions and reshapes: sum, tr, diag (both
 * directions), vec, inverse, determinants, norms, softmax, log-sum-exp, and
 * the sized constants I, 𝟏, 0 and the commutation matrix K.
 */
import * as M from "../kernels/mat.js";
import * as L from "../kernels/linalg.js";
import { type Dim, ONE, dimMul, dimValue, isOne } from "../shapes/dim.js";
import { SCALAR, type Shape, isRowShape, isScalarShape, vectorLength } from "../shapes/shape.js";
import { Prec } from "./precedence.js";
import { call } from "./notation.js";
import type { Notation, OpStanza, PrintContext } from "./stanza.js";
import { requireColumn, requireSquare } from "./surface.js";
import {
  apply, broadcast, diagEmbed, diagExtract, div, hadamard, identity, inner, inv, kron, make, matmul, neg,
  onLinear, ones, scale, sub, sum, tr, transpose, unvec, vec,
} from "./make.js";

const scalarResult = (): Shape => SCALAR;
/**
 * Random matrices fed to inv, det and logdet keep a 1-norm condition number
 * below this, so finite differences (whose error grows with powers of the
 * condition number) stay accurate; the sampler then tries better-conditioned ones.
 */
const WELL_CONDITIONED = 1e3;
const fnCall = (name: string): { text: Notation; latex: Notation } => ({ text: call(name), latex: call(`\\operatorname{${name}}`) });
/** numpy: a helper that returns a 1×1 array, so every value stays 2-D. */
const npScalar = (f: string): Notation => ({ prec: Prec.ATOM, render: (c) => `np.array([[${f}(${c.bare(0)})]])` });

export const sumStanza: OpStanza = {
  why: { adjoint: "⟨g, sum(dX)⟩ = ⟨g 𝟏𝟏ᵀ, dX⟩", vec: "sum(dX) = 𝟏ᵀ vec(dX)" },
  op: "sum",
  arity: 1,
  shape: scalarResult,
  differential: (_n, [d]) => onLinear(d!, sum),
  // ⟨g, sum(dX)⟩ = ⟨g 𝟏𝟏ᵀ, dX⟩
  adjoint: (n, _i, ct) => broadcast(ct, n.args[0]!.shape),
  // sum(X) = 𝟏ᵀ vec(X)
  vecJacobian: (n, _i, j) => matmul(transpose(ones(dimMul(n.args[0]!.shape.rows, n.args[0]!.shape.cols))), j),
  evaluate: ([a]) => M.scalar(M.sum(a!)),
  ...fnCall("sum"),
  latex: { prec: Prec.ATOM, render: (c) => `\\operatorname{sum}(${c.bare(0)})` },
  numpy: npScalar("np.sum"),
  surface: { names: ["sum"], arity: 1, check: scalarResult, lower: ([a]) => sum(a!) },
};

export const trStanza: OpStanza = {
  why: { adjoint: "⟨g, tr(dX)⟩ = ⟨g I, dX⟩", vec: "tr(dX) = vec(I)ᵀ vec(dX)" },
  op: "tr",
  arity: 1,
  shape: scalarResult,
  differential: (_n, [d]) => onLinear(d!, tr),
  // ⟨g, tr(dX)⟩ = ⟨g I, dX⟩   (Cookbook eq. 100)
  adjoint: (n, _i, ct) => scale(ct, identity(n.args[0]!.shape.rows)),
  // tr(X) = vec(I)ᵀ vec(X)
  vecJacobian: (n, _i, j) => matmul(transpose(vec(identity(n.args[0]!.shape.rows))), j),
  evaluate: ([a]) => M.scalar(M.trace(a!)),
  ...fnCall("tr"),
  numpy: npScalar("np.trace"),
  surface: {
    names: ["tr", "trace"], arity: 1,
    check: ([a], u, site) => (requireSquare(a!, u, site, 0), SCALAR),
    lower: ([a]) => tr(a!),
  },
};

/** diag(v): a vector of either orientation → the square diagonal matrix. */
export const diagEmbedStanza: OpStanza = {
  why: { adjoint: "⟨G, diag(dv)⟩ = ⟨diag(G), dv⟩", vec: "vec(diag(v)) picks the diagonal positions" },
  op: "diagEmbed",
  arity: 1,
  shape: ([v]) => ({ rows: vectorLength(v!), cols: vectorLength(v!) }),
  differential: (_n, [d]) => onLinear(d!, diagEmbed),
  // ⟨G, diag(dv)⟩ = ⟨diag(G), dv⟩
  adjoint: (n, _i, ct) => (isRowShape(n.args[0]!.shape) ? transpose(diagExtract(ct)) : diagExtract(ct)),
  // vec(diag(v)) = diag(vec I_n) (𝟏_n ⊗ I_n) v
  vecJacobian: (n, _i, j) => {
    const k = n.shape.rows;
    return matmul(matmul(diagEmbed(vec(identity(k))), kron(ones(k), identity(k))), j);
  },
  evaluate: ([v]) => M.diagEmbed(v!),
  ...fnCall("diag"),
  numpy: { prec: Prec.ATOM, render: (c) => `np.diag(${c.arg(0, Prec.ATOM)}.ravel())` },
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
};

/** diag(X): a square matrix → the column of its diagonal. */
export const diagExtractStanza: OpStanza = {
  why: { adjoint: "⟨g, diag(dX)⟩ = ⟨diag(g), dX⟩", vec: "diag(dX) picks the diagonal of vec(dX)" },
  op: "diagExtract",
  arity: 1,
  shape: ([a]) => ({ rows: a!.rows, cols: ONE }),
  differential: (_n, [d]) => onLinear(d!, diagExtract),
  adjoint: (_n, _i, ct) => diagEmbed(ct),
  // diag(X) = (𝟏_nᵀ ⊗ I_n) diag(vec I_n) vec(X)
  vecJacobian: (n, _i, j) => {
    const k = n.shape.rows;
    return matmul(matmul(kron(transpose(ones(k)), identity(k)), diagEmbed(vec(identity(k)))), j);
  },
  evaluate: ([a]) => M.diagExtract(a!),
  ...fnCall("diag"),
  numpy: { prec: Prec.ATOM, render: (c) => `np.diag(${c.bare(0)}).reshape(-1, 1)` },
};

export const vecStanza: OpStanza = {
  why: { adjoint: "⟨g, vec(dX)⟩ = ⟨unvec(g), dX⟩", vec: "vec(vec(dX)) = vec(dX)" },
  op: "vec",
  arity: 1,
  shape: ([a]) => ({ rows: dimMul(a!.rows, a!.cols), cols: ONE }),
  differential: (_n, [d]) => onLinear(d!, vec),
  adjoint: (n, _i, ct) => unvec(ct, n.args[0]!.shape),
  vecJacobian: (_n, _i, j) => j,
  evaluate: ([a]) => M.vec(a!),
  ...fnCall("vec"),
  numpy: { prec: Prec.ATOM, render: (c) => `${c.arg(0, Prec.ATOM)}.reshape(-1, 1, order="F")` },
  surface: { names: ["vec"], arity: 1, check: ([a]) => ({ rows: dimMul(a!.rows, a!.cols), cols: ONE }), lower: ([a]) => vec(a!) },
};

/** The inverse of vec: a column of length mn → the m×n matrix (column-major). */
export const unvecStanza: OpStanza = {
  why: { adjoint: "⟨G, unvec(dv)⟩ = ⟨vec(G), dv⟩", vec: "vec(unvec(v)) = v" },
  op: "unvec",
  arity: 1,
  shape: (_a, attr) => ({ rows: attr.dims![0]!, cols: attr.dims![1]! }),
  differential: (n, [d]) => onLinear(d!, (x) => unvec(x, n.shape)),
  adjoint: (_n, _i, ct) => vec(ct),
  vecJacobian: (_n, _i, j) => j,
  evaluate: ([v], n, sizes) => M.reshape(v!, dimValue(n.shape.rows, sizes), dimValue(n.shape.cols, sizes)),
  text: { prec: Prec.ATOM, render: (c) => `${c.fn("unvec")}_(${c.dim(c.node.shape.rows)}×${c.dim(c.node.shape.cols)})(${c.bare(0)})` },
  latex: { prec: Prec.ATOM, render: (c) => `\\operatorname{unvec}_{${c.dim(c.node.shape.rows)}\\times ${c.dim(c.node.shape.cols)}}(${c.bare(0)})` },
  numpy: {
    prec: Prec.ATOM,
    render: (c) => `${c.arg(0, Prec.ATOM)}.reshape((${c.dim(c.node.shape.rows)}, ${c.dim(c.node.shape.cols)}), order="F")`,
  },
};

export const invStanza: OpStanza = {
  op: "inv",
  arity: 1,
  shape: ([a]) => a!,
  // d(X⁻¹) = −X⁻¹ dX X⁻¹   (Cookbook eq. 59)
  differential: (n, [d]) => onLinear(d!, (dx) => neg(matmul(matmul(n, dx), n))),
  evaluate: ([a]) => L.inv(a!),
  outOfDomain: ([a]) => (L.isWellConditioned(a!, WELL_CONDITIONED) ? null : "the inverse of a nearly singular matrix"),
  text: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}${c.sym("⁻¹")}` },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^{-1}` },
  numpy: call("np.linalg.inv"),
  surface: { names: ["inv"], arity: 1, check: ([a], u, site) => (requireSquare(a!, u, site, 0), a!), lower: ([a]) => inv(a!) },
};

export const detStanza: OpStanza = {
  op: "det",
  arity: 1,
  shape: scalarResult,
  // d det(X) = det(X) tr(X⁻¹ dX)   (Cookbook eq. 46)
  differential: (n, [d]) => onLinear(d!, (dx) => scale(n, tr(matmul(inv(n.args[0]!), dx)))),
  evaluate: ([a]) => M.scalar(L.det(a!)),
  outOfDomain: ([a]) => (L.isWellConditioned(a!, WELL_CONDITIONED) ? null : "the determinant of a nearly singular matrix"),
  ...fnCall("det"),
  latex: call("\\det"),
  numpy: npScalar("np.linalg.det"),
  surface: { names: ["det"], arity: 1, check: ([a], u, site) => (requireSquare(a!, u, site, 0), SCALAR), lower: ([a]) => make("det", [a!]) },
};

export const logdetStanza: OpStanza = {
  op: "logdet",
  arity: 1,
  shape: scalarResult,
  // d log det(X) = tr(X⁻¹ dX)   (Cookbook eq. 50)
  differential: (n, [d]) => onLinear(d!, (dx) => tr(matmul(inv(n.args[0]!), dx))),
  evaluate: ([a]) => M.scalar(L.logdet(a!)),
  outOfDomain: ([a]) =>
    !L.isWellConditioned(a!, WELL_CONDITIONED) ? "logdet of a nearly singular matrix" : L.det(a!) <= 0 ? "logdet of a matrix whose determinant is not positive" : null,
  text: call("logdet"),
  latex: { prec: Prec.ATOM, render: (c) => `\\log\\det(${c.bare(0)})` },
  numpy: { prec: Prec.ATOM, render: (c) => `np.array([[np.linalg.slogdet(${c.bare(0)})[1]]])` },
  surface: { names: ["logdet"], arity: 1, check: ([a], u, site) => (requireSquare(a!, u, site, 0), SCALAR), lower: ([a]) => make("logdet", [a!]) },
};

export const norm2Stanza: OpStanza = {
  op: "norm2",
  arity: 1,
  shape: scalarResult,
  // d‖X‖ = ⟨X, dX⟩ / ‖X‖   (Cookbook eq. 131 for vectors; Frobenius for matrices)
  differential: (n, [d]) => onLinear(d!, (dx) => div(inner(n.args[0]!, dx), n)),
  evaluate: ([a]) => M.scalar(M.frobenius(a!)),
  outOfDomain: ([a]) => (M.frobenius(a!) < 1e-6 ? "the norm at zero" : null),
  nonSmooth: "norm2 is not differentiable at 0",
  text: { prec: Prec.ATOM, render: (c) => `‖${c.bare(0)}‖` },
  latex: { prec: Prec.ATOM, render: (c) => `\\left\\lVert ${c.bare(0)}\\right\\rVert` },
  numpy: npScalar("np.linalg.norm"),
  surface: { names: ["norm2", "norm"], arity: 1, check: scalarResult, lower: ([a]) => make("norm2", [a!]) },
};

export const norm1Stanza: OpStanza = {
  op: "norm1",
  arity: 1,
  shape: scalarResult,
  // d Σ|x| = ⟨sign(X), dX⟩ (a subgradient where an entry is 0)
  differential: (n, [d]) => onLinear(d!, (dx) => inner(apply("sign", n.args[0]!), dx)),
  evaluate: ([a]) => M.scalar(a!.data.reduce((s, x) => s + Math.abs(x), 0)),
  nonSmooth: "norm1 is not differentiable where an entry is 0; sign(x) is used there, a subgradient",
  outOfDomain: ([a]) => (a!.data.some((x) => Math.abs(x) < 0.02) ? "norm1 evaluated within 0.02 of its kink at an entry 0" : null),
  text: { prec: Prec.ATOM, render: (c) => `‖${c.bare(0)}‖₁` },
  latex: { prec: Prec.ATOM, render: (c) => `\\left\\lVert ${c.bare(0)}\\right\\rVert_1` },
  numpy: { prec: Prec.ATOM, render: (c) => `np.array([[np.sum(np.abs(${c.bare(0)}))]])` },
  surface: { names: ["norm1"], arity: 1, check: scalarResult, lower: ([a]) => make("norm1", [a!]) },
};

export const softmaxStanza: OpStanza = {
  op: "softmax",
  arity: 1,
  shape: ([a]) => a!,
  // d softmax(z) = s ⊙ dz − s (sᵀ dz) = (diag(s) − s sᵀ) dz,  s = softmax(z)
  differential: (n, [d]) => onLinear(d!, (dz) => sub(hadamard(n, dz), matmul(n, matmul(transpose(n), dz)))),
  evaluate: ([a]) => L.softmax(a!),
  ...fnCall("softmax"),
  numpy: call("_softmax"),
  surface: {
    names: ["softmax"], arity: 1,
    check: ([a], u, site) => (requireColumn(a!, u, site, 0), a!),
    lower: ([a]) => make("softmax", [a!]),
  },
};

export const logsumexpStanza: OpStanza = {
  op: "logsumexp",
  arity: 1,
  shape: scalarResult,
  // d logsumexp(z) = softmax(z)ᵀ dz
  differential: (n, [d]) => onLinear(d!, (dz) => matmul(transpose(make("softmax", [n.args[0]!])), dz)),
  evaluate: ([a]) => M.scalar(L.logsumexp(a!)),
  ...fnCall("logsumexp"),
  numpy: call("_logsumexp"),
  surface: {
    names: ["logsumexp", "lse"], arity: 1,
    check: ([a], u, site) => (requireColumn(a!, u, site, 0), SCALAR),
    lower: ([a]) => make("logsumexp", [a!]),
  },
};

export const kronFunction: OpStanza["surface"] = {
  names: ["kron"], arity: 2,
  check: ([a, b]) => ({ rows: dimMul(a!.rows, b!.rows), cols: dimMul(a!.cols, b!.cols) }),
  lower: ([a, b]) => kron(a!, b!),
};

// ── sized constants ──

function subscript(c: PrintContext, dims: readonly Dim[], sep: string): string {
  const parts = dims.map((d) => c.dim(d));
  const body = parts.join(sep);
  return /^[A-Za-z0-9]+$/.test(body) ? `_${body}` : `_(${body})`;
}

export const identityStanza: OpStanza = {
  op: "identity",
  arity: 0,
  shape: (_a, attr) => ({ rows: attr.dims![0]!, cols: attr.dims![0]! }),
  differential: () => null,
  evaluate: (_a, n, sizes) => M.eye(dimValue(n.attr.dims![0]!, sizes)),
  text: { prec: Prec.ATOM, render: (c) => `I${subscript(c, c.node.attr.dims!, "·")}` },
  latex: { prec: Prec.ATOM, render: (c) => `I_{${c.dim(c.node.attr.dims![0]!)}}` },
  numpy: { prec: Prec.ATOM, render: (c) => `np.eye(${c.dim(c.node.attr.dims![0]!)})` },
};

export const onesStanza: OpStanza = {
  op: "ones",
  arity: 0,
  shape: (_a, attr) => ({ rows: attr.dims![0]!, cols: attr.dims![1]! }),
  differential: () => null,
  evaluate: (_a, n, sizes) => M.ones(dimValue(n.shape.rows, sizes), dimValue(n.shape.cols, sizes)),
  text: {
    prec: Prec.ATOM,
    render: (c) => `𝟏${isOne(c.node.shape.cols) ? subscript(c, [c.node.shape.rows], "") : subscript(c, [c.node.shape.rows, c.node.shape.cols], "×")}`,
  },
  latex: {
    prec: Prec.ATOM,
    render: (c) => `\\mathbf{1}_{${isOne(c.node.shape.cols) ? c.dim(c.node.shape.rows) : `${c.dim(c.node.shape.rows)}\\times ${c.dim(c.node.shape.cols)}`}}`,
  },
  numpy: { prec: Prec.ATOM, render: (c) => `np.ones((${c.dim(c.node.shape.rows)}, ${c.dim(c.node.shape.cols)}))` },
};

export const zerosStanza: OpStanza = {
  op: "zeros",
  arity: 0,
  shape: (_a, attr) => ({ rows: attr.dims![0]!, cols: attr.dims![1]! }),
  differential: () => null,
  evaluate: (_a, n, sizes) => M.zeros(dimValue(n.shape.rows, sizes), dimValue(n.shape.cols, sizes)),
  text: {
    prec: Prec.ATOM,
    render: (c) => (isScalarShape(c.node.shape) ? "0" : `0${subscript(c, [c.node.shape.rows, c.node.shape.cols], "×")}`),
  },
  latex: {
    prec: Prec.ATOM,
    render: (c) => (isScalarShape(c.node.shape) ? "0" : `0_{${c.dim(c.node.shape.rows)}\\times ${c.dim(c.node.shape.cols)}}`),
  },
  numpy: { prec: Prec.ATOM, render: (c) => `np.zeros((${c.dim(c.node.shape.rows)}, ${c.dim(c.node.shape.cols)}))` },
};

export const commutationStanza: OpStanza = {
  op: "commutation",
  arity: 0,
  shape: (_a, attr) => {
    const n = dimMul(attr.dims![0]!, attr.dims![1]!);
    return { rows: n, cols: n };
  },
  differential: () => null,
  evaluate: (_a, n, sizes) => M.commutation(dimValue(n.attr.dims![0]!, sizes), dimValue(n.attr.dims![1]!, sizes)),
  text: { prec: Prec.ATOM, render: (c) => `K${subscript(c, c.node.attr.dims!, ",")}` },
  latex: { prec: Prec.ATOM, render: (c) => `K_{${c.dim(c.node.attr.dims![0]!)},${c.dim(c.node.attr.dims![1]!)}}` },
  numpy: { prec: Prec.ATOM, render: (c) => `_commutation(${c.dim(c.node.attr.dims![0]!)}, ${c.dim(c.node.attr.dims![1]!)})` },
};

export const matrixStanzas: readonly OpStanza[] = [
  sumStanza, trStanza, diagEmbedStanza, diagExtractStanza, vecStanza, unvecStanza, invStanza, detStanza,
  logdetStanza, norm2Stanza, norm1Stanza, softmaxStanza, logsumexpStanza,
  identityStanza, onesStanza, zerosStanza, commutationStanza,
];

