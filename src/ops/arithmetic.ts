/**
 * Stanzas of the arithmetic operators: sums, products, transposes, powers
 * and broadcasting. Each states its differential, and for operators that can
 * carry dX linearly, the adjoint (grad form) and the vec rule (Jacobian form):
 *   ⟨G, A·dX·B⟩ = ⟨AᵀGBᵀ, dX⟩          vec(A·dX·B) = (Bᵀ ⊗ A) vec(dX)
 *   ⟨G, M ⊙ dX⟩ = ⟨G ⊙ M, dX⟩          vec(M ⊙ dX) = diag(vec M) vec(dX)
 *   ⟨G, dXᵀ⟩ = ⟨Gᵀ, dX⟩                vec(dXᵀ) = K vec(dX)
 */
import type { Expr } from "../expr/node.js";
import { num, isNum } from "../expr/node.js";
import * as M from "../kernels/mat.js";
import { dimValue, isOne } from "../shapes/dim.js";
import { type Shape, isScalarShape, isVectorShape, transposeShape } from "../shapes/shape.js";
import { Prec } from "./precedence.js";
import { infix, juxtapose, superscript, transparent } from "./notation.js";
import type { Notation, OpStanza } from "./stanza.js";
import {
  add, apply, commutation, diagEmbed, hadamard, hdiv, identity, inner, inv, kron, matmul, matpow, neg,
  onLinear, ones, plus, power, scale, sum, transpose, vec, div, broadcast, constant, hpow, entries,
} from "./make.js";

const first = (s: readonly Shape[]): Shape => s[0]!;

/** Σ terms; a negated term prints as a subtraction. */
const sumNotation = (minus: string): Notation => ({
  prec: Prec.SUM,
  render: (c) =>
    c.node.args
      .map((t, i) => {
        if (i > 0 && t.kind === "op" && t.op === "neg") return ` ${c.sym(minus)} ${c.bare(i).replace(/^[\uE000-\uE00E]?[−-]\uE00F?/, "")}`;
        if (i > 0 && t.kind === "num" && t.value < 0) return ` ${c.sym(minus)} ${String(-t.value)}`;
        const s = c.arg(i, Prec.SUM);
        return i === 0 ? s : ` ${c.sym("+")} ${s}`;
      })
      .join(""),
});

export const addStanza: OpStanza = {
  why: { adjoint: "a sum splits: ⟨G, A + B⟩ = ⟨G, A⟩ + ⟨G, B⟩", vec: "vec is linear: vec(A + B) = vec(A) + vec(B)" },
  op: "add",
  arity: "variadic",
  associative: true,
  shape: first,
  differential: (_n, d) => plus(...d),
  // ⟨G, A + B⟩ = ⟨G, A⟩ + ⟨G, B⟩
  adjoint: (_n, _i, ct) => ct,
  vecJacobian: (_n, _i, j) => j,
  evaluate: (a) => a.reduce((x, y) => M.add(x, y)),
  text: sumNotation("−"),
  latex: sumNotation("-"),
  numpy: sumNotation("-"),
};

export const negStanza: OpStanza = {
  why: { adjoint: "a sign moves across: ⟨G, −A⟩ = ⟨−G, A⟩", vec: "vec(−A) = −vec(A)" },
  op: "neg",
  arity: 1,
  shape: first,
  differential: (_n, [d]) => onLinear(d!, neg),
  adjoint: (_n, _i, ct) => neg(ct),
  vecJacobian: (_n, _i, j) => neg(j),
  evaluate: ([a]) => M.neg(a!),
  text: { prec: Prec.UNARY, render: (c) => `${c.sym("−")}${c.arg(0, Prec.PRODUCT)}` },
  latex: { prec: Prec.UNARY, render: (c) => `-${c.arg(0, Prec.PRODUCT)}` },
  numpy: { prec: Prec.UNARY, render: (c) => `-${c.arg(0, Prec.UNARY)}` },
};

/** Whether `s` contains `token` outside every bracket and string. */
function atTopLevel(s: string, token: string): boolean {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) quote = ch === quote ? "" : quote;
    else if (ch === '"' || ch === "'") quote = ch;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (depth === 0 && s.startsWith(token, i)) return true;
  }
  return false;
}

/**
 * numpy: A @ B. Python evaluates `@` and `*` left to right, so a right
 * operand that is a scaling (s * B, s a 1×1 array) needs parentheses:
 * `A @ s * B` would compute (A @ s) * B.
 */
const matmulNumpy: Notation = {
  prec: Prec.PRODUCT,
  render: (c) => {
    const right = c.operand(1);
    return `${c.operand(0)} @ ${atTopLevel(right, " * ") ? `(${right})` : right}`;
  },
};

export const matmulStanza: OpStanza = {
  why: { adjoint: "moving {other} across the Frobenius product transposes it: ⟨G, A dX B⟩ = ⟨AᵀGBᵀ, dX⟩", vec: (i) =>
      i === 0
        ? "a factor on the right comes out transposed: vec(dX B) = (Bᵀ ⊗ I) vec(dX)"
        : "a factor on the left stays as it is: vec(A dX) = (I ⊗ A) vec(dX)" },
  op: "matmul",
  arity: 2,
  associative: true,
  shape: ([a, b]) => ({ rows: a!.rows, cols: b!.cols }),
  // d(AB) = dA B + A dB
  differential: (n, [da, db]) => plus(onLinear(da!, (d) => matmul(d, n.args[1]!)), onLinear(db!, (d) => matmul(n.args[0]!, d))),
  // ⟨G, dA B⟩ = ⟨G Bᵀ, dA⟩,  ⟨G, A dB⟩ = ⟨Aᵀ G, dB⟩
  adjoint: (n, i, ct) => (i === 0 ? matmul(ct, transpose(n.args[1]!)) : matmul(transpose(n.args[0]!), ct)),
  // vec(dA B) = (Bᵀ ⊗ I_p) vec(dA),  vec(A dB) = (I_q ⊗ A) vec(dB)   (Cookbook eq. 520)
  vecJacobian: (n, i, j) =>
    i === 0
      ? matmul(kron(transpose(n.args[1]!), identity(n.shape.rows)), j)
      : matmul(kron(identity(n.shape.cols), n.args[0]!), j),
  evaluate: ([a, b]) => M.matmul(a!, b!),
  text: { prec: Prec.PRODUCT, render: juxtapose },
  latex: { prec: Prec.PRODUCT, render: (c) => `${c.operand(0)} ${c.operand(1)}` },
  numpy: matmulNumpy,
};

export const scaleStanza: OpStanza = {
  why: { adjoint: "a scalar factor moves across unchanged; a scalar differential collects ⟨G, M⟩", vec: "vec(s M) = s vec(M), vec(ds M) = vec(M) ds" },
  op: "scale",
  arity: 2,
  shape: ([, m]) => m!,
  // d(s M) = ds M + s dM
  differential: (n, [ds, dm]) => plus(onLinear(ds!, (d) => scale(d, n.args[1]!)), onLinear(dm!, (d) => scale(n.args[0]!, d))),
  // ⟨G, ds M⟩ = ds ⟨G, M⟩,  ⟨G, s dM⟩ = ⟨s G, dM⟩
  adjoint: (n, i, ct) => (i === 0 ? inner(ct, n.args[1]!) : scale(n.args[0]!, ct)),
  // vec(ds M) = vec(M) ds,  vec(s dM) = s vec(dM)
  vecJacobian: (n, i, j) => (i === 0 ? matmul(vec(n.args[1]!), j) : scale(n.args[0]!, j)),
  evaluate: ([s, m]) => M.scale(M.scalarValue(s!), m!),
  text: { prec: Prec.PRODUCT, render: juxtapose },
  latex: { prec: Prec.PRODUCT, render: (c) => `${c.arg(0, Prec.POSTFIX)} ${c.operand(1)}` },
  numpy: infix(Prec.PRODUCT, "*"),
};

export const hadamardStanza: OpStanza = {
  why: { adjoint: "the elementwise factor {other} moves across unchanged: ⟨G, M ⊙ dX⟩ = ⟨G ⊙ M, dX⟩", vec: "an elementwise factor becomes a diagonal matrix: vec(M ⊙ dX) = diag(vec M) vec(dX)" },
  op: "hadamard",
  arity: 2,
  associative: true,
  shape: first,
  // d(A ⊙ B) = dA ⊙ B + A ⊙ dB
  differential: (n, [da, db]) =>
    plus(onLinear(da!, (d) => hadamard(d, n.args[1]!)), onLinear(db!, (d) => hadamard(n.args[0]!, d))),
  // ⟨G, M ⊙ dX⟩ = ⟨G ⊙ M, dX⟩
  adjoint: (n, i, ct) => hadamard(ct, n.args[1 - i]!),
  // vec(M ⊙ dX) = diag(vec M) vec(dX)
  vecJacobian: (n, i, j) => {
    const m = n.args[1 - i]!;
    return matmul(diagEmbed(isVectorShape(m.shape) ? m : vec(m)), j);
  },
  evaluate: ([a, b]) => M.hadamard(a!, b!),
  text: infix(Prec.PRODUCT, "⊙"),
  latex: infix(Prec.PRODUCT, "\\odot"),
  numpy: infix(Prec.PRODUCT, "*"),
};

export const hdivStanza: OpStanza = {
  why: { adjoint: "⟨G, dX ⊘ B⟩ = ⟨G ⊘ B, dX⟩", vec: "vec(dX ⊘ B) = diag(vec B)⁻¹ vec(dX)" },
  op: "hdiv",
  arity: 2,
  shape: first,
  // d(A ⊘ B) = dA ⊘ B − (Y ⊘ B) ⊙ dB,  Y = A ⊘ B
  differential: (n, [da, db]) =>
    plus(onLinear(da!, (d) => hdiv(d, n.args[1]!)), onLinear(db!, (d) => neg(hadamard(hdiv(n, n.args[1]!), d)))),
  // ⟨G, dA ⊘ B⟩ = ⟨G ⊘ B, dA⟩
  adjoint: (n, _i, ct) => hdiv(ct, n.args[1]!),
  // vec(dA ⊘ B) = diag(vec B)⁻¹ vec(dA)
  vecJacobian: (n, _i, j) => matmul(inv(diagEmbed(vec(n.args[1]!))), j),
  evaluate: ([a, b]) => M.hdiv(a!, b!),
  outOfDomain: ([, b]) => (b!.data.some((x) => Math.abs(x) < 1e-3) ? "division by an entry near zero" : null),
  text: infix(Prec.PRODUCT, "⊘"),
  latex: infix(Prec.PRODUCT, "\\oslash"),
  numpy: infix(Prec.PRODUCT, "/"),
};

export const divStanza: OpStanza = {
  why: { adjoint: "⟨G, dX / s⟩ = ⟨G / s, dX⟩", vec: "vec(dX / s) = vec(dX) / s" },
  op: "div",
  arity: 2,
  shape: first,
  // d(M / s) = dM / s − (Y / s) ds,  Y = M / s
  differential: (n, [dm, ds]) =>
    plus(onLinear(dm!, (d) => div(d, n.args[1]!)), onLinear(ds!, (d) => scale(d, neg(div(n, n.args[1]!))))),
  adjoint: (n, _i, ct) => div(ct, n.args[1]!),
  vecJacobian: (n, _i, j) => div(j, n.args[1]!),
  evaluate: ([m, s]) => M.scale(1 / M.scalarValue(s!), m!),
  outOfDomain: ([, s]) => (Math.abs(M.scalarValue(s!)) < 1e-3 ? "division by a scalar near zero" : null),
  text: { prec: Prec.PRODUCT, render: (c) => `${c.operand(0)} / ${c.arg(1, Prec.POSTFIX)}` },
  latex: { prec: Prec.ATOM, render: (c) => `\\frac{${c.bare(0)}}{${c.bare(1)}}` },
  numpy: { prec: Prec.PRODUCT, render: (c) => `${c.operand(0)} / ${c.arg(1, Prec.POSTFIX)}` },
};

export const transposeStanza: OpStanza = {
  why: { adjoint: "⟨G, dXᵀ⟩ = ⟨Gᵀ, dX⟩: a transpose moves across as a transpose", vec: "vec(dXᵀ) = K vec(dX), the commutation matrix" },
  op: "transpose",
  arity: 1,
  shape: ([a]) => transposeShape(a!),
  differential: (_n, [d]) => onLinear(d!, transpose),
  // ⟨G, dXᵀ⟩ = ⟨Gᵀ, dX⟩
  adjoint: (_n, _i, ct) => transpose(ct),
  // vec(Xᵀ) = K_{m,n} vec(X) for X m×n; K = I when X is a vector
  vecJacobian: (n, _i, j) => {
    const { rows, cols } = n.args[0]!.shape;
    return isOne(rows) || isOne(cols) ? j : matmul(commutation(rows, cols), j);
  },
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
  numpy: { prec: Prec.ATOM, render: (c) => `${c.arg(0, Prec.ATOM)}.T` },
};

/** Exponent as a superscript when it is a small integer literal. */
function powerText(c: Parameters<Notation["render"]>[0], exponent: Expr | number): string {
  const value = typeof exponent === "number" ? exponent : isNum(exponent) ? exponent.value : null;
  const sup = value === null ? null : superscript(value);
  const base = c.arg(0, Prec.ATOM);
  if (sup) return `${base}${sup}`;
  return `${base}^${typeof exponent === "number" ? String(exponent) : c.arg(1, Prec.ATOM)}`;
}

export const powerStanza: OpStanza = {
  op: "power",
  arity: 2,
  shape: first,
  // d(a^b) = b a^(b−1) da + a^b log(a) db
  differential: (n, [da, db]) => {
    const [a, b] = n.args as [Expr, Expr];
    const exponentLessOne = isNum(b) ? num(b.value - 1) : add([b, num(-1)]);
    return plus(
      onLinear(da!, (d) => scale(scale(b, power(a, exponentLessOne)), d)),
      onLinear(db!, (d) => scale(scale(n, apply("log", a)), d)),
    );
  },
  evaluate: ([a, b]) => M.scalar(Math.pow(M.scalarValue(a!), M.scalarValue(b!))),
  outOfDomain: ([a, b]) =>
    M.scalarValue(a!) <= 0 && !Number.isInteger(M.scalarValue(b!)) ? "a non-integer power of a non-positive number" : null,
  text: { prec: Prec.POSTFIX, render: (c) => powerText(c, c.node.args[1]!) },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^{${c.bare(1)}}` },
  numpy: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)} ** ${c.arg(1, Prec.POSTFIX)}` },
};

export const matpowStanza: OpStanza = {
  op: "matpow",
  arity: 1,
  shape: first,
  // d(A^k) = Σ_{j=0}^{k−1} A^j dA A^(k−1−j)   (Cookbook eq. 45)
  differential: (n, [da]) =>
    onLinear(da!, (d) => {
      const a = n.args[0]!;
      const k = n.attr.k!;
      const pow = (j: number): Expr | null => (j === 0 ? null : j === 1 ? a : matpow(a, j));
      const terms: Expr[] = [];
      for (let j = 0; j < k; j++) {
        const left = pow(j);
        const right = pow(k - 1 - j);
        let t = left ? matmul(left, d) : d;
        if (right) t = matmul(t, right);
        terms.push(t);
      }
      return add(terms);
    }),
  evaluate: ([a], n) => {
    const k = n.attr.k!;
    let out = M.eye(a!.rows);
    for (let j = 0; j < k; j++) out = M.matmul(out, a!);
    return out;
  },
  text: { prec: Prec.POSTFIX, render: (c) => powerText(c, c.node.attr.k!) },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^{${c.node.attr.k}}` },
  numpy: { prec: Prec.ATOM, render: (c) => `np.linalg.matrix_power(${c.bare(0)}, ${c.node.attr.k})` },
};

export const hpowStanza: OpStanza = {
  op: "hpow",
  arity: 2,
  shape: first,
  // d(A.^P) = P ⊙ A.^(P−1) ⊙ dA + A.^P ⊙ log(A) ⊙ dP
  differential: (n, [da, dp]) => {
    const [a, p] = n.args as [Expr, Expr];
    const pLessOne = isNum(p) ? num(p.value - 1) : add([p, constant(-1, p.shape)]);
    const coefficient = isScalarShape(p.shape) ? scale(p, hpow(a, pLessOne)) : hadamard(p, hpow(a, pLessOne));
    return plus(
      onLinear(da!, (d) => hadamard(coefficient, d)),
      onLinear(dp!, (d) =>
        isScalarShape(p.shape) ? scale(d, hadamard(n, apply("log", a))) : hadamard(hadamard(n, apply("log", a)), d)),
    );
  },
  evaluate: ([a, p]) =>
    M.isScalar(p!) && !M.isScalar(a!)
      ? M.map(a!, (x) => Math.pow(x, M.scalarValue(p!)))
      : M.zip(a!, p!, (x, y) => Math.pow(x, y)),
  outOfDomain: ([a, p]) => {
    const integral = p!.data.every((x) => Number.isInteger(x));
    return !integral && a!.data.some((x) => x <= 0) ? "a non-integer power of a non-positive entry" : null;
  },
  text: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}.^${c.arg(1, Prec.ATOM)}` },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^{\\circ ${c.bare(1)}}` },
  numpy: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)} ** ${c.arg(1, Prec.POSTFIX)}` },
};

export const broadcastStanza: OpStanza = {
  why: { adjoint: "the adjoint of stretching is summing: a broadcast row collects column sums 𝟏ᵀG", vec: "a broadcast repeats entries: vec(𝟏 r) = (I ⊗ 𝟏) vec(r)" },
  op: "broadcast",
  arity: 1,
  shape: (_a, attr) => ({ rows: attr.dims![0]!, cols: attr.dims![1]! }),
  differential: (n, [d]) => onLinear(d!, (x) => broadcast(x, n.shape)),
  // The adjoint of stretching is summing over the stretched dimension:
  // a row 1×c → 𝟏ᵀG (column sums), a column r×1 → G𝟏 (row sums), a scalar → sum(G).
  adjoint: (n, _i, ct) => {
    const a = n.args[0]!.shape;
    if (isScalarShape(a)) return sum(ct);
    if (isOne(a.rows)) return matmul(transpose(ones(n.shape.rows)), ct);
    return matmul(ct, ones(n.shape.cols));
  },
  // vec(𝟏_r a) = (I_c ⊗ 𝟏_r) vec(a),  vec(a 𝟏_cᵀ) = (𝟏_c ⊗ I_r) vec(a),  vec(s 𝟏𝟏ᵀ) = 𝟏 s
  vecJacobian: (n, _i, j) => {
    const a = n.args[0]!.shape;
    if (isScalarShape(a)) return matmul(ones(entries(n)), j);
    if (isOne(a.rows)) return matmul(kron(identity(n.shape.cols), ones(n.shape.rows)), j);
    return matmul(kron(ones(n.shape.cols), identity(n.shape.rows)), j);
  },
  evaluate: ([a], n, sizes) => M.broadcastTo(a!, dimValue(n.shape.rows, sizes), dimValue(n.shape.cols, sizes)),
  text: transparent(),
  latex: transparent(),
  numpy: {
    prec: Prec.ATOM,
    render: (c) => `np.broadcast_to(${c.bare(0)}, (${c.dim(c.node.shape.rows)}, ${c.dim(c.node.shape.cols)}))`,
  },
};

export const arithmeticStanzas: readonly OpStanza[] = [
  addStanza, negStanza, matmulStanza, scaleStanza, hadamardStanza, hdivStanza, divStanza,
  transposeStanza, powerStanza, matpowStanza, hpowStanza, broadcastStanza,
];
