/**
 * The Kronecker product and its two adjoints. For A m×n, B p×q, A ⊗ B is
 * the (mp)×(nq) matrix of blocks A_ij B, and
 *   ⟨G, A ⊗ dB⟩ = ⟨Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎, dB⟩        (block sum, p×q)
 *   ⟨G, dA ⊗ B⟩ = ⟨[⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ, dA⟩      (block pairing, m×n)
 * where G₍ᵢⱼ₎ is the (i, j) block of G, p×q. The vec rules use the
 * commutation-matrix identity vec(A ⊗ B) = R (vec A ⊗ vec B) with
 * R = I_n ⊗ K_{q,m} ⊗ I_p (Magnus & Neudecker, Thm 3.10).
 */
import type { Expr } from "../expr/node.js";
import * as M from "../kernels/mat.js";
import { type Dim, dimMul, dimValue } from "../shapes/dim.js";
import type { Shape } from "../shapes/shape.js";
import { Prec } from "./precedence.js";
import { call, infix } from "./notation.js";
import type { OpStanza, PrintContext } from "./stanza.js";
import { commutation, entries, identity, kron, make, matmul, onLinear, plus, transpose, unvec, vec } from "./make.js";

/** R = I_n ⊗ K_{q,m} ⊗ I_p for A m×n, B p×q: vec(A ⊗ B) = R (vec A ⊗ vec B). */
export function kronRearrangement(a: Shape, b: Shape): Expr {
  return kron(kron(identity(a.cols), commutation(b.cols, a.rows)), identity(b.rows));
}

const shapeOf = (rows: Dim, cols: Dim): Shape => ({ rows, cols });
/** Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎ with blocks of size dims. */
export const blockSum = (g: Expr, a: Expr, blockRows: Dim, blockCols: Dim): Expr => make("kronBlockSum", [g, a], { dims: [blockRows, blockCols] });
/** [⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ, an m×n matrix. */
export const blockPair = (g: Expr, b: Expr, rows: Dim, cols: Dim): Expr => make("kronBlockPair", [g, b], { dims: [rows, cols] });

/** The matrix of A ↦ Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎ (pq × mn): unvec(Rᵀ vec G) read as pq × mn. */
function blockSumMatrix(g: Expr, a: Shape, b: Shape): Expr {
  const r = kronRearrangement(a, b);
  return unvec(matmul(transpose(r), vec(g)), shapeOf(dimMul(b.rows, b.cols), dimMul(a.rows, a.cols)));
}

export const kronStanza: OpStanza = {
  op: "kron",
  arity: 2,
  associative: true,
  why: {
    adjoint: (i) => (i === 1 ? "the adjoint of A ⊗ dB sums the blocks of G weighted by A: Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎" : "the adjoint of dA ⊗ B pairs each block of G with B: [⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ"),
    vec: "vec(A ⊗ B) = (I ⊗ K ⊗ I)(vec A ⊗ vec B), with K the commutation matrix",
  },
  shape: ([a, b]) => ({ rows: dimMul(a!.rows, b!.rows), cols: dimMul(a!.cols, b!.cols) }),
  // d(A ⊗ B) = dA ⊗ B + A ⊗ dB
  differential: (n, [da, db]) => plus(onLinear(da!, (d) => kron(d, n.args[1]!)), onLinear(db!, (d) => kron(n.args[0]!, d))),
  adjoint: (n, i, ct) => {
    const [a, b] = n.args as [Expr, Expr];
    return i === 1 ? blockSum(ct, a, b.shape.rows, b.shape.cols) : blockPair(ct, b, a.shape.rows, a.shape.cols);
  },
  // vec(dA ⊗ B) = R (I_mn ⊗ vec B) vec(dA),  vec(A ⊗ dB) = R (vec A ⊗ I_pq) vec(dB)
  vecJacobian: (n, i, j) => {
    const [a, b] = n.args as [Expr, Expr];
    const r = kronRearrangement(a.shape, b.shape);
    const lift = i === 0 ? kron(identity(entries(a)), vec(b)) : kron(vec(a), identity(entries(b)));
    return matmul(matmul(r, lift), j);
  },
  evaluate: ([a, b]) => M.kron(a!, b!),
  text: infix(Prec.PRODUCT, "⊗"),
  latex: infix(Prec.PRODUCT, "\\otimes"),
  numpy: call("np.kron"),
};

/** G's (i, j) block, p×q, as a numeric view. */
function block(g: M.Mat, i: number, j: number, p: number, q: number): M.Mat {
  const out = M.zeros(p, q);
  for (let l = 0; l < q; l++) for (let k = 0; k < p; k++) out.data[k + l * p] = g.data[i * p + k + (j * q + l) * g.rows]!;
  return out;
}

const blockText = (c: PrintContext, i: number, sub: string): string => `${c.arg(i, Prec.ATOM)}_${sub}`;

export const kronBlockSumStanza: OpStanza = {
  op: "kronBlockSum",
  arity: 2,
  why: { adjoint: "⟨C, Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎⟩ = ⟨A ⊗ C, G⟩ = ⟨[⟨G₍ᵢⱼ₎, C⟩]ᵢⱼ, A⟩" },
  shape: (_a, attr) => shapeOf(attr.dims![0]!, attr.dims![1]!),
  // bilinear in (G, A)
  differential: (n, [dg, da]) => {
    const [g, a] = n.args as [Expr, Expr];
    const [p, q] = n.attr.dims!;
    return plus(onLinear(dg!, (d) => blockSum(d, a, p!, q!)), onLinear(da!, (d) => blockSum(g, d, p!, q!)));
  },
  adjoint: (n, i, ct) => {
    const [g, a] = n.args as [Expr, Expr];
    return i === 0 ? kron(a, ct) : blockPair(g, ct, a.shape.rows, a.shape.cols);
  },
  vecJacobian: (n, i, j) => {
    const [g, a] = n.args as [Expr, Expr];
    const b = n.shape;
    if (i === 0) return matmul(matmul(transpose(kron(vec(a), identity(entries(n)))), transpose(kronRearrangement(a.shape, b))), j);
    return matmul(blockSumMatrix(g, a.shape, b), j);
  },
  evaluate: ([g, a], n, sizes) => {
    const p = dimValue(n.attr.dims![0]!, sizes);
    const q = dimValue(n.attr.dims![1]!, sizes);
    let out = M.zeros(p, q);
    for (let j = 0; j < a!.cols; j++) for (let i = 0; i < a!.rows; i++) out = M.add(out, M.scale(a!.data[i + j * a!.rows]!, block(g!, i, j, p, q)));
    return out;
  },
  text: { prec: Prec.PRODUCT, render: (c) => `${c.sym("Σᵢⱼ")} ${blockText(c, 1, "ij")} ${blockText(c, 0, "[ij]")}` },
  latex: { prec: Prec.PRODUCT, render: (c) => `\\sum_{i,j} ${c.arg(1, Prec.ATOM)}_{ij}\\, ${c.arg(0, Prec.ATOM)}_{[ij]}` },
  numpy: { prec: Prec.ATOM, render: (c) => `_block_sum(${c.bare(0)}, ${c.bare(1)}, ${c.dim(c.node.attr.dims![0]!)}, ${c.dim(c.node.attr.dims![1]!)})` },
};

export const kronBlockPairStanza: OpStanza = {
  op: "kronBlockPair",
  arity: 2,
  why: { adjoint: "⟨D, [⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ⟩ = ⟨D ⊗ B, G⟩ = ⟨Σᵢⱼ Dᵢⱼ G₍ᵢⱼ₎, B⟩" },
  shape: (_a, attr) => shapeOf(attr.dims![0]!, attr.dims![1]!),
  differential: (n, [dg, db]) => {
    const [g, b] = n.args as [Expr, Expr];
    const [m, k] = n.attr.dims!;
    return plus(onLinear(dg!, (d) => blockPair(d, b, m!, k!)), onLinear(db!, (d) => blockPair(g, d, m!, k!)));
  },
  adjoint: (n, i, ct) => {
    const [g, b] = n.args as [Expr, Expr];
    return i === 0 ? kron(ct, b) : blockSum(g, ct, b.shape.rows, b.shape.cols);
  },
  vecJacobian: (n, i, j) => {
    const [g, b] = n.args as [Expr, Expr];
    const a = n.shape;
    if (i === 0) return matmul(matmul(transpose(kron(identity(entries(n)), vec(b))), transpose(kronRearrangement(a, b.shape))), j);
    return matmul(transpose(blockSumMatrix(g, a, b.shape)), j);
  },
  evaluate: ([g, b], n, sizes) => {
    const m = dimValue(n.attr.dims![0]!, sizes);
    const k = dimValue(n.attr.dims![1]!, sizes);
    const out = M.zeros(m, k);
    for (let j = 0; j < k; j++) for (let i = 0; i < m; i++) out.data[i + j * m] = M.inner(block(g!, i, j, b!.rows, b!.cols), b!);
    return out;
  },
  text: { prec: Prec.PRODUCT, render: (c) => `[⟨${c.arg(0, Prec.ATOM)}_[ij], ${c.bare(1)}⟩]_ij` },
  latex: { prec: Prec.PRODUCT, render: (c) => `\\left[\\left\\langle ${c.arg(0, Prec.ATOM)}_{[ij]},\\ ${c.bare(1)}\\right\\rangle\\right]_{ij}` },
  numpy: { prec: Prec.ATOM, render: (c) => `_block_pair(${c.bare(0)}, ${c.bare(1)}, ${c.dim(c.node.attr.dims![0]!)}, ${c.dim(c.node.attr.dims![1]!)})` },
};

export const kroneckerStanzas: readonly OpStanza[] = [kronStanza, kronBlockSumStanza, kronBlockPairStanza];
