/**
 * Stanzas of powers and broadcasting: the scalar power a^b, the integer
 * matrix power A^k, the elementwise power A.^P, and NumPy-style stretching.
 *   d(a^b) = b a^(b−1) da + a^b log(a) db
 *   d(A^k) = Σ_{j=0}^{k−1} A^j dA A^(k−1−j)
 *   d(A.^P) = P ⊙ A.^(P−1) ⊙ dA + A.^P ⊙ log(A) ⊙ dP
 */
import type { Expr } from "../expr/node.js";
import { isNum } from "../expr/node.js";
import { exactSum } from "../expr/exact.js";
import * as M from "../kernels/mat.js";
import { ONE, dimValue, isOne } from "../shapes/dim.js";
import { SCALAR, isScalarShape } from "../shapes/shape.js";
import { Prec } from "./precedence.js";
import { exponentText, superscript, transparent } from "./notation.js";
import type { Notation, OpStanza } from "./stanza.js";
import { add, apply, constant, div, entries, hadamard, hpow, identity, kron, matmul, matpow, onLinear, ones, plus, power, scale, sum, transpose } from "./make.js";
import { linear } from "./algebra.js";
import { first } from "./arithmetic.js";

/** Exponent as a superscript when it is an integer literal whose every character has one (x², x⁻¹); else after ^. */
function powerText(c: Parameters<Notation["render"]>[0], exponent: Expr | number): string {
  const value = typeof exponent === "number" ? exponent : isNum(exponent) ? exponent.value : null;
  const sup = value === null ? null : superscript(value);
  const base = c.arg(0, Prec.ATOM);
  if (sup) return `${base}${sup}`;
  return `${base}^${exponentText(typeof exponent === "number" ? String(exponent) : c.arg(1, Prec.ATOM))}`;
}

export const powerStanza: OpStanza<"power"> = {
  op: "power",
  arity: 2,
  shape: first,
  // d(a^b) = b a^(b−1) da + a^b log(a) db; written b a^b / a for a number b whose b − 1 float64 cannot hold (1e17)
  differential: (n, [da, db]) => {
    const [a, b] = n.args as [Expr, Expr];
    const lessOne = isNum(b) ? exactSum(b.value, -1) : null;
    const slope = !isNum(b) ? power(a, add([b, n.graph.num(-1)])) : lessOne !== null ? power(a, n.graph.num(lessOne)) : div(n, a);
    return plus(
      onLinear(da!, (d) => scale(scale(b, slope), d)),
      onLinear(db!, (d) => scale(scale(n, apply("log", a)), d)),
    );
  },
  evaluate: ([a, b]) => M.scalar(Math.pow(M.scalarValue(a!), M.scalarValue(b!))),
  outOfDomain: ([a, b]) =>
    M.scalarValue(a!) <= 0 && !Number.isInteger(M.scalarValue(b!)) ? "a non-integer power of a non-positive number" : null,
  text: { prec: Prec.POSTFIX, render: (c) => powerText(c, c.node.args[1]!) },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^{${c.bare(1)}}` },
  sample: () => ({ args: [SCALAR, SCALAR] }),
};

/** Up to this exponent the differential of A^k is written as its k terms. */
const EXPLICIT_POWER_SUM = 16;

/**
 * d(A^k) in about 2 log₂ k shared terms, from the binary digits of k:
 * d(A^(2m)) = d(A^m) A^m + A^m d(A^m) and d(A^(m+1)) = dA A^m + A d(A^m).
 * Each d(A^m) is one node used twice, so the expression (and everything
 * derived from it) grows with log k, not k.
 */
function matpowDifferential(a: Expr, k: number, d: Expr): Expr {
  const pow = (j: number): Expr => (j === 1 ? a : matpow(a, j));
  let m = 1;
  let dm = d;
  for (const bit of k.toString(2).slice(1)) {
    const half = pow(m);
    dm = add([matmul(dm, half), matmul(half, dm)]);
    m *= 2;
    if (bit === "1") {
      dm = add([matmul(d, pow(m)), matmul(a, dm)]);
      m += 1;
    }
  }
  return dm;
}

export const matpowStanza: OpStanza<"matpow"> = {
  op: "matpow",
  arity: 1,
  shape: first,
  // d(A^k) = Σ_{j=0}^{k−1} A^j dA A^(k−1−j)   (Cookbook eq. 45); for a large k, by halving (matpowDifferential)
  differential: (n, [da]) =>
    onLinear(da!, (d) => {
      const a = n.args[0]!;
      const k = n.attr.k!;
      if (k > EXPLICIT_POWER_SUM) return matpowDifferential(a, k, d);
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
  // A^k by repeated squaring: A^(2m) = A^m A^m, A^(2m+1) = A^(2m) A — about 2 log₂ k products.
  evaluate: ([a], n) => {
    let k = n.attr.k!;
    let out = M.eye(a!.rows);
    let square = a!;
    while (k > 0) {
      if (k % 2 === 1) out = M.matmul(out, square);
      k = Math.floor(k / 2);
      if (k > 0) square = M.matmul(square, square);
    }
    return out;
  },
  text: { prec: Prec.POSTFIX, render: (c) => powerText(c, c.node.attr.k!) },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^{${c.node.attr.k}}` },
  sample: ({ n }) => ({ args: [{ rows: n, cols: n }], attr: { k: 3 } }),
};

export const hpowStanza: OpStanza<"hpow"> = {
  op: "hpow",
  arity: 2,
  broadcasting: true,
  shape: first,
  // d(A.^P) = P ⊙ A.^(P−1) ⊙ dA + A.^P ⊙ log(A) ⊙ dP
  differential: (n, [da, dp]) => {
    const [a, p] = n.args as [Expr, Expr];
    const pLessOne = isNum(p) ? n.graph.num(p.value - 1) : add([p, constant(n.graph, -1, p.shape)]);
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
  text: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}.^${exponentText(c.arg(1, Prec.ATOM))}` },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^{\\circ ${c.bare(1)}}` },
  sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }, { rows: m, cols: n }] }),
};

export const broadcastStanza = linear({
  why: { adjoint: "the adjoint of stretching is summing: a broadcast row collects column sums 𝟏ᵀG", vec: "a broadcast repeats entries: vec(𝟏 r) = (I ⊗ 𝟏) vec(r)" },
  op: "broadcast",
  arity: 1,
  broadcasting: true,
  shape: (_a, attr) => ({ rows: attr.dims![0]!, cols: attr.dims![1]! }),
  // The adjoint of stretching is summing over the stretched dimension:
  // a row 1×c → 𝟏ᵀG (column sums), a column r×1 → G𝟏 (row sums), a scalar → sum(G).
  adjoint: (n, _i, ct) => {
    const a = n.args[0]!.shape;
    if (isScalarShape(a)) return sum(ct);
    if (isOne(a.rows)) return matmul(transpose(ones(n.graph, n.shape.rows)), ct);
    return matmul(ct, ones(n.graph, n.shape.cols));
  },
  // vec(𝟏_r a) = (I_c ⊗ 𝟏_r) vec(a),  vec(a 𝟏_cᵀ) = (𝟏_c ⊗ I_r) vec(a),  vec(s 𝟏𝟏ᵀ) = 𝟏 s
  vecJacobian: (n, _i, j) => {
    const a = n.args[0]!.shape;
    if (isScalarShape(a)) return matmul(ones(n.graph, entries(n)), j);
    if (isOne(a.rows)) return matmul(kron(identity(n.graph, n.shape.cols), ones(n.graph, n.shape.rows)), j);
    return matmul(kron(ones(n.graph, n.shape.cols), identity(n.graph, n.shape.rows)), j);
  },
  // a stretched value repeats entries: (𝟏 r)_ij = r_j
  index: (n, c) => {
    const s = n.args[0]!.shape;
    return (i, j) => c.t(n.args[0]!)(isOne(s.rows) ? 1 : i, isOne(s.cols) ? 1 : j);
  },
  entry: (f) => {
    const a = f.of.args[0]!;
    return { expand: [{ ...f, of: a, i: isOne(a.shape.rows) ? 1 : f.i, j: isOne(a.shape.cols) ? 1 : f.j }] };
  },
  evaluate: ([a], n, sizes) => M.broadcastTo(a!, dimValue(n.shape.rows, sizes), dimValue(n.shape.cols, sizes)),
  text: transparent(),
  latex: transparent(),
  sample: ({ m, n }) => ({ args: [{ rows: ONE, cols: n }], attr: { dims: [m, n] } }),
});

export const powerStanzas = { power: powerStanza, matpow: matpowStanza, hpow: hpowStanza, broadcast: broadcastStanza } as const;
