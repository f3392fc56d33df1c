/**
 * Stanzas of the arithmetic operators: sums, products, transposes, powers
 * and broadcasting. Each states its differential, and for operators that can
 * carry dX linearly, the adjoint (grad form) and the vec rule (Jacobian form):
 *   ⟨G, A·dX·B⟩ = ⟨AᵀGBᵀ, dX⟩          vec(A·dX·B) = (Bᵀ ⊗ A) vec(dX)
 *   ⟨G, M ⊙ dX⟩ = ⟨G ⊙ M, dX⟩          vec(M ⊙ dX) = diag(vec M) vec(dX)
 *   ⟨G, dXᵀ⟩ = ⟨Gᵀ, dX⟩                vec(dXᵀ) = K vec(dX)
 */
import type { Expr } from "../expr/node.js";
import * as M from "../kernels/mat.js";
import { isOne } from "../shapes/dim.js";
import { type Shape, SCALAR, isScalarShape, isVectorShape, transposeShape } from "../shapes/shape.js";
import { Prec } from "./precedence.js";
import { infix, juxtapose, juxtaposeLatex } from "./notation.js";
import type { Notation, OpStanza } from "./stanza.js";
import { diagEmbed, div, hadamard, hdiv, identity, inner, inv, kron, matmul, neg, onLinear, plus, scale, transpose, vec, commutation } from "./make.js";
import { type Side, bilinear, linear } from "./algebra.js";
import { entry } from "./index-terms.js";

export const first = (s: readonly Shape[]): Shape => s[0]!;

/** A document that starts with a minus sign, document marks aside. */
const LEADING_MINUS = /^[\uE000-\uE00E]?[−-]/;

/** Σ terms; a negated term prints as a subtraction. */
const sumNotation = (minus: string): Notation => ({
  prec: Prec.SUM,
  render: (c) =>
    c.node.args
      .map((t, i) => {
        if (i > 0 && t.kind === "op" && t.op === "neg") {
          const rest = c.bare(i).replace(/^[\uE000-\uE00E]?[−-]\uE00F?/, "");
          // x − (−A)x keeps its brackets, not x − −Ax: a subtracted term that prints with a sign of its own.
          return ` ${c.sym(minus)} ${LEADING_MINUS.test(rest) ? `(${rest})` : rest}`;
        }
        if (i > 0 && t.kind === "num" && t.value < 0) return ` ${c.sym(minus)} ${String(-t.value)}`;
        const s = c.arg(i, Prec.SUM);
        return i === 0 ? s : ` ${c.sym("+")} ${s}`;
      })
      .join(""),
});

export const addStanza = linear({
  why: { adjoint: "a sum splits: ⟨G, A + B⟩ = ⟨G, A⟩ + ⟨G, B⟩", vec: "vec is linear: vec(A + B) = vec(A) + vec(B)" },
  op: "add",
  arity: "variadic",
  associative: true,
  broadcasting: true,
  shape: first,
  // d(A + B) = dA + dB
  part: (_n, _i, d) => d,
  // ⟨G, A + B⟩ = ⟨G, A⟩ + ⟨G, B⟩
  adjoint: (_n, _i, ct) => ct,
  vecJacobian: (_n, _i, j) => j,
  index: (n, c) => (i, j) => n.args.filter(c.linear).flatMap((x) => c.t(x)(i, j)),
  // left to right: ((A₀ + A₁) + A₂) + …
  evaluate: (a) => M.sumOf(a),
  foldsLeft: true,
  text: sumNotation("−"),
  latex: sumNotation("-"),
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }, { rows: m, cols: n }, { rows: m, cols: n }] }),
});

/** −(−t ⊘ u), not −−t ⊘ u: an operand that prints with a sign of its own is bracketed after a minus. */
const signed = (operand: string, open: string, close: string): string => (LEADING_MINUS.test(operand) ? `${open}${operand}${close}` : operand);

export const negStanza = linear({
  why: { adjoint: "a sign moves across: ⟨G, −A⟩ = ⟨−G, A⟩", vec: "vec(−A) = −vec(A)" },
  op: "neg",
  arity: 1,
  broadcasting: true,
  shape: first,
  adjoint: (_n, _i, ct) => neg(ct),
  vecJacobian: (_n, _i, j) => neg(j),
  index: (n, c) => (i, j) => c.t(n.args[0]!)(i, j).map((x) => ({ ...x, coef: -x.coef })),
  // (−A)_ij = −A_ij
  entry: (f) => ({ coef: -1, expand: [{ ...f, of: f.of.args[0]! }] }),
  evaluate: ([a]) => M.neg(a!),
  text: { prec: Prec.UNARY, render: (c) => `${c.sym("−")}${signed(c.arg(0, Prec.PRODUCT), "(", ")")}` },
  latex: { prec: Prec.UNARY, render: (c) => `-${signed(c.arg(0, Prec.PRODUCT), "(", ")")}` },
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }] }),
});

export const matmulStanza = bilinear({
  why: { adjoint: "moving {other} across the Frobenius product transposes it: ⟨G, A dX B⟩ = ⟨AᵀGBᵀ, dX⟩", vec: (i) =>
      i === 0
        ? "a factor on the right comes out transposed: vec(dX B) = (Bᵀ ⊗ I) vec(dX)"
        : "a factor on the left stays as it is: vec(A dX) = (I ⊗ A) vec(dX)" },
  op: "matmul",
  associative: true,
  shape: ([a, b]) => ({ rows: a!.rows, cols: b!.cols }),
  // ⟨G, dA B⟩ = ⟨G Bᵀ, dA⟩;  vec(dA B) = (Bᵀ ⊗ I_p) vec(dA)   (Cookbook eq. 520)
  left: { adjoint: (n, ct) => matmul(ct, transpose(n.args[1]!)), vec: (n, j) => matmul(kron(transpose(n.args[1]!), identity(n.graph, n.shape.rows)), j) },
  // ⟨G, A dB⟩ = ⟨Aᵀ G, dB⟩;  vec(A dB) = (I_q ⊗ A) vec(dB)
  right: { adjoint: (n, ct) => matmul(transpose(n.args[0]!), ct), vec: (n, j) => matmul(kron(identity(n.graph, n.shape.cols), n.args[0]!), j) },
  // (A L)_ij = Σ_r A_ir L_rj,  (L B)_ij = Σ_r L_ir B_rj
  index: (n, c) => {
    const [a, b] = n.args as [Expr, Expr];
    if (c.linear(b)) return (i, j) => { const r = c.sumIndex(a.shape.cols); return c.withSum(r, c.t(b)(r, j), [entry(a, i, r)]); };
    return (i, j) => { const r = c.sumIndex(a.shape.cols); return c.withSum(r, c.t(a)(i, r), [entry(b, r, j)]); };
  },
  entry: (f, fresh) => {
    if (f.power !== 1 || isScalarShape(f.of.shape)) return null;
    const [a, b] = f.of.args as [Expr, Expr];
    const r = isOne(a.shape.cols) ? 1 : fresh();
    return { sum: r === 1 ? undefined : r, expand: [{ ...f, of: a, j: r }, { ...f, of: b, i: r }] };
  },
  evaluate: ([a, b]) => M.matmul(a!, b!),
  text: { prec: Prec.PRODUCT, render: juxtapose },
  latex: { prec: Prec.PRODUCT, render: (c) => juxtaposeLatex(c, c.operand(0), c.operand(1)) },
  sample: ({ m, n, p }) => ({ args: [{ rows: m, cols: n }, { rows: n, cols: p }] }),
});

export const scaleStanza = bilinear({
  why: { adjoint: "a scalar factor moves across unchanged; a scalar differential collects ⟨G, M⟩", vec: "vec(s M) = s vec(M), vec(ds M) = vec(M) ds" },
  op: "scale",
  shape: ([, m]) => m!,
  // ⟨G, ds M⟩ = ds ⟨G, M⟩;  vec(ds M) = vec(M) ds
  left: { adjoint: (n, ct) => inner(ct, n.args[1]!), vec: (n, j) => matmul(vec(n.args[1]!), j) },
  // ⟨G, s dM⟩ = ⟨s G, dM⟩;  vec(s dM) = s vec(dM)
  right: { adjoint: (n, ct) => scale(n.args[0]!, ct), vec: (n, j) => scale(n.args[0]!, j) },
  // (s L)_ij = s L_ij,  (l M)_ij = l M_ij
  index: (n, c) => {
    const [a, b] = n.args as [Expr, Expr];
    if (c.linear(b)) return (i, j) => c.withSum(1, c.t(b)(i, j), [entry(a, 1, 1)]);
    return (i, j) => c.withSum(1, c.t(a)(1, 1), [entry(b, i, j)]);
  },
  entry: (f) => {
    const [s, m] = f.of.args as [Expr, Expr];
    if (s.kind === "num") return { coef: f.power === 1 ? s.value : 1 / s.value, expand: [{ ...f, of: m }] };
    return f.power === 1 ? { expand: [{ ...f, of: s, i: 1, j: 1 }, { ...f, of: m }] } : null;
  },
  evaluate: ([s, m]) => M.scale(M.scalarValue(s!), m!),
  text: { prec: Prec.PRODUCT, render: juxtapose },
  latex: { prec: Prec.PRODUCT, render: (c) => juxtaposeLatex(c, c.arg(0, Prec.POSTFIX), c.operand(1)) },
  sample: ({ m, n }) => ({ args: [SCALAR, { rows: m, cols: n }] }),
});

/** The Hadamard side rule, the same for either argument: ⟨G, M ⊙ dX⟩ = ⟨G ⊙ M, dX⟩, vec(M ⊙ dX) = diag(vec M) vec(dX). */
const hadamardSide = (other: 0 | 1): Side => ({
  adjoint: (n, ct) => hadamard(ct, n.args[other]!),
  vec: (n, j) => {
    const m = n.args[other]!;
    return matmul(diagEmbed(isVectorShape(m.shape) ? m : vec(m)), j);
  },
});

export const hadamardStanza = bilinear({
  why: { adjoint: "the elementwise factor {other} moves across unchanged: ⟨G, M ⊙ dX⟩ = ⟨G ⊙ M, dX⟩", vec: "an elementwise factor becomes a diagonal matrix: vec(M ⊙ dX) = diag(vec M) vec(dX)" },
  op: "hadamard",
  associative: true,
  broadcasting: true,
  shape: first,
  left: hadamardSide(1),
  right: hadamardSide(0),
  // (M ⊙ L)_ij = M_ij L_ij
  index: (n, c) => {
    const [a, b] = n.args as [Expr, Expr];
    const [m, l] = c.linear(b) ? [a, b] : [b, a];
    return (i, j) => c.withSum(1, c.t(l)(i, j), [entry(m, i, j)]);
  },
  entry: (f) => (f.power === 1 ? { expand: [{ ...f, of: f.of.args[0]! }, { ...f, of: f.of.args[1]! }] } : null),
  evaluate: ([a, b]) => M.hadamard(a!, b!),
  text: infix(Prec.PRODUCT, "⊙"),
  latex: infix(Prec.PRODUCT, "\\odot"),
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }, { rows: m, cols: n }] }),
});

export const hdivStanza: OpStanza<"hdiv"> = {
  why: { adjoint: "⟨G, dX ⊘ B⟩ = ⟨G ⊘ B, dX⟩", vec: "vec(dX ⊘ B) = diag(vec B)⁻¹ vec(dX)" },
  op: "hdiv",
  arity: 2,
  broadcasting: true,
  zeroWhen: "first",
  shape: first,
  // d(A ⊘ B) = dA ⊘ B − (Y ⊘ B) ⊙ dB,  Y = A ⊘ B
  differential: (n, [da, db]) =>
    plus(onLinear(da!, (d) => hdiv(d, n.args[1]!)), onLinear(db!, (d) => neg(hadamard(hdiv(n, n.args[1]!), d)))),
  // ⟨G, dA ⊘ B⟩ = ⟨G ⊘ B, dA⟩
  adjoint: (n, _i, ct) => hdiv(ct, n.args[1]!),
  // vec(dA ⊘ B) = diag(vec B)⁻¹ vec(dA)
  vecJacobian: (n, _i, j) => matmul(inv(diagEmbed(vec(n.args[1]!))), j),
  // (L ⊘ B)_ij = L_ij / B_ij
  index: (n, c) => (i, j) => c.withSum(1, c.t(n.args[0]!)(i, j), [entry(n.args[1]!, i, j, -1)]),
  evaluate: ([a, b]) => M.hdiv(a!, b!),
  outOfDomain: ([, b]) => (b!.data.some((x) => Math.abs(x) < 1e-3) ? "division by an entry near zero" : null),
  text: infix(Prec.PRODUCT, "⊘"),
  latex: infix(Prec.PRODUCT, "\\oslash"),
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }, { rows: m, cols: n }] }),
};

export const divStanza: OpStanza<"div"> = {
  why: { adjoint: "⟨G, dX / s⟩ = ⟨G / s, dX⟩", vec: "vec(dX / s) = vec(dX) / s" },
  op: "div",
  arity: 2,
  zeroWhen: "first",
  shape: first,
  // d(M / s) = dM / s − (Y / s) ds,  Y = M / s
  differential: (n, [dm, ds]) =>
    plus(onLinear(dm!, (d) => div(d, n.args[1]!)), onLinear(ds!, (d) => scale(d, neg(div(n, n.args[1]!))))),
  adjoint: (n, _i, ct) => div(ct, n.args[1]!),
  vecJacobian: (n, _i, j) => div(j, n.args[1]!),
  // (L / s)_ij = L_ij / s
  index: (n, c) => (i, j) => c.withSum(1, c.t(n.args[0]!)(i, j), [entry(n.args[1]!, 1, 1, -1)]),
  evaluate: ([m, s]) => M.scale(1 / M.scalarValue(s!), m!),
  outOfDomain: ([, s]) => (Math.abs(M.scalarValue(s!)) < 1e-3 ? "division by a scalar near zero" : null),
  text: { prec: Prec.PRODUCT, render: (c) => `${c.operand(0)} / ${c.arg(1, Prec.POSTFIX)}` },
  latex: { prec: Prec.ATOM, render: (c) => `\\frac{${c.bare(0)}}{${c.bare(1)}}` },
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }, SCALAR] }),
};

export const transposeStanza = linear({
  why: { adjoint: "⟨G, dXᵀ⟩ = ⟨Gᵀ, dX⟩: a transpose moves across as a transpose", vec: "vec(dXᵀ) = K vec(dX), the commutation matrix" },
  op: "transpose",
  arity: 1,
  shape: ([a]) => transposeShape(a!),
  // ⟨G, dXᵀ⟩ = ⟨Gᵀ, dX⟩
  adjoint: (_n, _i, ct) => transpose(ct),
  // vec(Xᵀ) = K_{m,n} vec(X) for X m×n; K = I when X is a vector
  vecJacobian: (n, _i, j) => {
    const { rows, cols } = n.args[0]!.shape;
    return isOne(rows) || isOne(cols) ? j : matmul(commutation(n.graph, rows, cols), j);
  },
  // (Lᵀ)_ij = L_ji
  index: (n, c) => (i, j) => c.t(n.args[0]!)(j, i),
  entry: (f) => ({ expand: [{ ...f, of: f.of.args[0]!, i: f.j, j: f.i }] }),
  evaluate: ([a]) => M.transpose(a!),
  // (X⁻¹)ᵀ prints X⁻ᵀ; a transposed power keeps its parentheses: (X²)ᵀ.
  text: {
    prec: Prec.POSTFIX,
    render: (c) => {
      const a = c.node.args[0]!;
      if (a.kind === "op" && a.op === "inv" && c.bare(0).endsWith(c.sym("⁻¹"))) return `${c.bare(0).slice(0, -c.sym("⁻¹").length)}${c.sym("⁻ᵀ")}`;
      const powered = a.kind === "op" && (a.op === "power" || a.op === "matpow" || a.op === "hpow");
      return `${powered ? `(${c.bare(0)})` : c.arg(0, Prec.POSTFIX)}${c.sym("ᵀ")}`;
    },
  },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^\\top` },
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }] }),
});

export const arithmeticStanzas = {
  add: addStanza, neg: negStanza, matmul: matmulStanza, scale: scaleStanza, hadamard: hadamardStanza,
  hdiv: hdivStanza, div: divStanza, transpose: transposeStanza,
} as const;
