/**
 * Stanzas of the nonlinear matrix functions: inverse, determinants, norms,
 * softmax and log-sum-exp, each with its differential from the Matrix
 * Cookbook; and the call syntax kron(A, B).
 */
import * as M from "../kernels/mat.js";
import * as L from "../kernels/linalg.js";
import { dimMul } from "../shapes/dim.js";
import { SCALAR } from "../shapes/shape.js";
import { Prec } from "./precedence.js";
import { call } from "./notation.js";
import type { OpStanza } from "./stanza.js";
import { type SurfaceFunction, requireSquare } from "./surface.js";
import { apply, broadcast, div, hadamard, inner, inv, kron, make, matmul, neg, onLinear, sub, tr, transpose } from "./make.js";
import { axisFunction, axisNotation, axisOf, reducedShape, sumAlong } from "./axis.js";
import { logSumExpSlices, softmaxSlices } from "./axis-kernels.js";
import { fnCall, scalarResult } from "./matrix.js";

/**
 * Random matrices fed to inv, det and logdet keep a 1-norm condition number
 * below this, so finite differences (whose error grows with powers of the
 * condition number) stay accurate; the sampler then tries better-conditioned ones.
 */
const WELL_CONDITIONED = 1e3;

export const invStanza: OpStanza<"inv"> = {
  op: "inv",
  arity: 1,
  shape: ([a]) => a!,
  // d(X⁻¹) = −X⁻¹ dX X⁻¹   (Cookbook eq. 59)
  differential: (n, [d]) => onLinear(d!, (dx) => neg(matmul(matmul(n, dx), n))),
  // Singular without domain checks: NaN entries, which the checks that watch for values not finite handle.
  evaluate: ([a]) => L.invOrNaN(a!),
  outOfDomain: ([a]) => (L.isWellConditioned(a!, WELL_CONDITIONED) ? null : "the inverse of a nearly singular matrix"),
  text: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}${c.sym("⁻¹")}` },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^{-1}` },
  surface: { names: ["inv"], arity: 1, check: ([a], u, site) => (requireSquare(a!, u, site, 0), a!), lower: ([a]) => inv(a!) },
  sample: ({ n }) => ({ args: [{ rows: n, cols: n }] }),
};

export const detStanza: OpStanza<"det"> = {
  op: "det",
  arity: 1,
  shape: scalarResult,
  // d det(X) = det(X) tr(X⁻¹ dX) = tr(adj(X) dX)   (Cookbook eq. 46, 49): defined at a singular X too
  differential: (n, [d]) => onLinear(d!, (dx) => tr(matmul(make("adj", [n.args[0]!]), dx))),
  evaluate: ([a]) => M.scalar(L.det(a!)),
  outOfDomain: ([a]) => (L.isWellConditioned(a!, WELL_CONDITIONED) ? null : "the determinant of a nearly singular matrix"),
  ...fnCall("det"),
  latex: call("\\det"),
  surface: { names: ["det"], arity: 1, check: ([a], u, site) => (requireSquare(a!, u, site, 0), SCALAR), lower: ([a]) => make("det", [a!]) },
  sample: ({ n }) => ({ args: [{ rows: n, cols: n }] }),
};

export const logdetStanza: OpStanza<"logdet"> = {
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
  surface: { names: ["logdet"], arity: 1, check: ([a], u, site) => (requireSquare(a!, u, site, 0), SCALAR), lower: ([a]) => make("logdet", [a!]) },
  sample: ({ n }) => ({ args: [{ rows: n, cols: n }] }),
};

export const norm2Stanza: OpStanza<"norm2"> = {
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
  surface: { names: ["norm2", "norm"], arity: 1, check: scalarResult, lower: ([a]) => make("norm2", [a!]) },
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }] }),
};

export const norm1Stanza: OpStanza<"norm1"> = {
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
  surface: { names: ["norm1"], arity: 1, check: scalarResult, lower: ([a]) => make("norm1", [a!]) },
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }] }),
};

export const softmaxStanza: OpStanza<"softmax"> = {
  op: "softmax",
  arity: 1,
  shape: ([a]) => a!,
  differential: (n, [d]) => onLinear(d!, (dz) => {
    const axis = axisOf(n);
    // a column: d softmax(z) = s ⊙ dz − s (sᵀ dz) = (diag(s) − s sᵀ) dz,  s = softmax(z)
    if (axis === undefined) return sub(hadamard(n, dz), matmul(n, matmul(transpose(n), dz)));
    // each slice along d: dS = S ⊙ (dZ − sum(S ⊙ dZ, d) stretched along d)
    return hadamard(n, sub(dz, broadcast(sumAlong(hadamard(n, dz), axis), n.shape)));
  }),
  evaluate: ([a], n) => (axisOf(n) === undefined ? L.softmax(a!) : softmaxSlices(a!, axisOf(n))),
  ...axisNotation("softmax"),
  surface: axisFunction(["softmax"], (s) => s, (x, axis) => make("softmax", [x], axis === undefined ? undefined : { axis }), "column"),
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }], attr: { axis: 2 } }),
};

export const logsumexpStanza: OpStanza<"logsumexp"> = {
  op: "logsumexp",
  arity: 1,
  shape: ([a], attr) => reducedShape(a!, attr.axis),
  differential: (n, [d]) => onLinear(d!, (dz) => {
    const axis = axisOf(n);
    const s = make("softmax", [n.args[0]!], n.attr);
    // a column: d logsumexp(z) = softmax(z)ᵀ dz;  along d: sum(softmax(Z, d) ⊙ dZ, d)
    return axis === undefined ? matmul(transpose(s), dz) : sumAlong(hadamard(s, dz), axis);
  }),
  evaluate: ([a], n) => (axisOf(n) === undefined ? M.scalar(L.logsumexp(a!)) : logSumExpSlices(a!, axisOf(n))),
  ...axisNotation("logsumexp"),
  surface: axisFunction(["logsumexp", "lse"], reducedShape, (x, axis) => make("logsumexp", [x], axis === undefined ? undefined : { axis }), "column"),
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }], attr: { axis: 1 } }),
};

export const kronFunction: SurfaceFunction = {
  names: ["kron"], arity: 2,
  check: ([a, b]) => ({ rows: dimMul(a!.rows, b!.rows), cols: dimMul(a!.cols, b!.cols) }),
  lower: ([a, b]) => kron(a!, b!),
};

export const functionStanzas = {
  inv: invStanza, det: detStanza, logdet: logdetStanza, norm2: norm2Stanza, norm1: norm1Stanza,
  softmax: softmaxStanza, logsumexp: logsumexpStanza,
} as const;
