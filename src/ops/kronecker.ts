/**
 * The Kronecker product and its two adjoints. For A m×n, B p×q, A ⊗ B is
 * the (mp)×(nq) matrix of blocks A_ij B, and
 *   ⟨G, A ⊗ dB⟩ = ⟨Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎, dB⟩        (block sum, p×q)
 *   ⟨G, dA ⊗ B⟩ = ⟨[⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ, dA⟩      (block pairing, m×n)
 * where G₍ᵢⱼ₎ is the (i, j) block of G, p×q. The vec rules use the
 * commutation-matrix identity vec(A ⊗ B) = R (vec A ⊗ vec B) with
 * R = I_n ⊗ K_{q,m} ⊗ I_p (Magnus & Neudecker, Thm 3.10).
 */
import type { Expr, Graph } from "../expr/node.js";
import * as M from "../kernels/mat.js";
import { type Dim, dimMul, dimValue } from "../shapes/dim.js";
import type { Shape } from "../shapes/shape.js";
import { Prec } from "./precedence.js";
import { infix } from "./notation.js";
import type { PrintContext } from "./stanza.js";
import { commutation, entries, identity, kron, make, matmul, transpose, unvec, vec } from "./make.js";
import { bilinear } from "./algebra.js";
import { entry, idxDiv, idxLin, idxMod } from "./index-terms.js";

/** R = I_n ⊗ K_{q,m} ⊗ I_p for A m×n, B p×q: vec(A ⊗ B) = R (vec A ⊗ vec B). */
export function kronRearrangement(g: Graph, a: Shape, b: Shape): Expr {
  return kron(kron(identity(g, a.cols), commutation(g, b.cols, a.rows)), identity(g, b.rows));
}

const shapeOf = (rows: Dim, cols: Dim): Shape => ({ rows, cols });
/** Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎ with blocks of size dims. */
export const blockSum = (g: Expr, a: Expr, blockRows: Dim, blockCols: Dim): Expr => make("kronBlockSum", [g, a], { dims: [blockRows, blockCols] });
/** [⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ, an m×n matrix. */
export const blockPair = (g: Expr, b: Expr, rows: Dim, cols: Dim): Expr => make("kronBlockPair", [g, b], { dims: [rows, cols] });

/** The matrix of A ↦ Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎ (pq × mn): unvec(Rᵀ vec G) read as pq × mn. */
function blockSumMatrix(g: Expr, a: Shape, b: Shape): Expr {
  const r = kronRearrangement(g.graph, a, b);
  return unvec(matmul(transpose(r), vec(g)), shapeOf(dimMul(b.rows, b.cols), dimMul(a.rows, a.cols)));
}

export const kronStanza = bilinear({
  op: "kron",
  associative: true,
  why: {
    adjoint: (i) => (i === 1 ? "the adjoint of A ⊗ dB sums the blocks of G weighted by A: Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎" : "the adjoint of dA ⊗ B pairs each block of G with B: [⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ"),
    vec: "vec(A ⊗ B) = (I ⊗ K ⊗ I)(vec A ⊗ vec B), with K the commutation matrix",
  },
  shape: ([a, b]) => ({ rows: dimMul(a!.rows, b!.rows), cols: dimMul(a!.cols, b!.cols) }),
  // ⟨G, dA ⊗ B⟩ = ⟨[⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ, dA⟩;  vec(dA ⊗ B) = R (I_mn ⊗ vec B) vec(dA)
  left: {
    adjoint: (n, ct) => { const [a, b] = n.args as [Expr, Expr]; return blockPair(ct, b, a.shape.rows, a.shape.cols); },
    vec: (n, j) => { const [a, b] = n.args as [Expr, Expr]; return matmul(matmul(kronRearrangement(n.graph, a.shape, b.shape), kron(identity(n.graph, entries(a)), vec(b))), j); },
  },
  // ⟨G, A ⊗ dB⟩ = ⟨Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎, dB⟩;  vec(A ⊗ dB) = R (vec A ⊗ I_pq) vec(dB)
  right: {
    adjoint: (n, ct) => { const [a, b] = n.args as [Expr, Expr]; return blockSum(ct, a, b.shape.rows, b.shape.cols); },
    vec: (n, j) => { const [a, b] = n.args as [Expr, Expr]; return matmul(matmul(kronRearrangement(n.graph, a.shape, b.shape), kron(vec(a), identity(n.graph, entries(b)))), j); },
  },
  // (A ⊗ L)_ij = A_⌊i/p⌋⌊j/q⌋ L_(i mod p)(j mod q), L p×q; and (L ⊗ B)_ij = L_⌊i/p⌋⌊j/q⌋ B_(i mod p)(j mod q), B p×q
  index: (n, c) => {
    const [a, b] = n.args as [Expr, Expr];
    const inner = b.shape;
    if (c.linear(b)) return (i, j) => c.withSum(1, c.t(b)(idxMod(i, inner.rows), idxMod(j, inner.cols)), [entry(a, idxDiv(i, inner.rows), idxDiv(j, inner.cols))]);
    return (i, j) => c.withSum(1, c.t(a)(idxDiv(i, inner.rows), idxDiv(j, inner.cols)), [entry(b, idxMod(i, inner.rows), idxMod(j, inner.cols))]);
  },
  evaluate: ([a, b]) => M.kron(a!, b!),
  text: infix(Prec.PRODUCT, "⊗"),
  latex: infix(Prec.PRODUCT, "\\otimes"),
  sample: ({ m, n, p, q }) => ({ args: [{ rows: m, cols: n }, { rows: p, cols: q }] }),
});

/** G's (i, j) block, p×q, as a numeric view. */
function block(g: M.Mat, i: number, j: number, p: number, q: number): M.Mat {
  const out = M.zeros(p, q);
  for (let l = 0; l < q; l++) for (let k = 0; k < p; k++) out.data[k + l * p] = g.data[i * p + k + (j * q + l) * g.rows]!;
  return out;
}

const blockText = (c: PrintContext, i: number, sub: string): string => `${c.arg(i, Prec.ATOM)}_${sub}`;

export const kronBlockSumStanza = bilinear({
  op: "kronBlockSum",
  why: { adjoint: "⟨C, Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎⟩ = ⟨A ⊗ C, G⟩ = ⟨[⟨G₍ᵢⱼ₎, C⟩]ᵢⱼ, A⟩" },
  shape: (_a, attr) => shapeOf(attr.dims![0]!, attr.dims![1]!),
  // ⟨C, Σᵢⱼ Aᵢⱼ dG₍ᵢⱼ₎⟩ = ⟨A ⊗ C, dG⟩
  left: {
    adjoint: (n, ct) => kron(n.args[1]!, ct),
    vec: (n, j) => {
      const a = n.args[1]!;
      return matmul(matmul(transpose(kron(vec(a), identity(n.graph, entries(n)))), transpose(kronRearrangement(n.graph, a.shape, n.shape))), j);
    },
  },
  // ⟨C, Σᵢⱼ dAᵢⱼ G₍ᵢⱼ₎⟩ = ⟨[⟨G₍ᵢⱼ₎, C⟩]ᵢⱼ, dA⟩
  right: {
    adjoint: (n, ct) => blockPair(n.args[0]!, ct, n.args[1]!.shape.rows, n.args[1]!.shape.cols),
    vec: (n, j) => matmul(blockSumMatrix(n.args[0]!, n.args[1]!.shape, n.shape), j),
  },
  // (Σ_rs A_rs G_[rs])_ij = Σ_rs A_rs G_(i + p·r)(j + q·s), blocks p×q
  index: (n, c) => {
    const [g, a] = n.args as [Expr, Expr];
    const [p, q] = n.attr.dims!;
    return (i, j) => {
      const r = c.sumIndex(a.shape.rows);
      const s = c.sumIndex(a.shape.cols);
      const rows = idxLin(i, r, p!);
      const cols = idxLin(j, s, q!);
      return c.linear(g)
        ? c.withSum(r, c.withSum(s, c.t(g)(rows, cols), [entry(a, r, s)]), [])
        : c.withSum(r, c.withSum(s, c.t(a)(r, s), [entry(g, rows, cols)]), []);
    };
  },
  evaluate: ([g, a], n, sizes) => {
    const p = dimValue(n.attr.dims![0]!, sizes);
    const q = dimValue(n.attr.dims![1]!, sizes);
    let out = M.zeros(p, q);
    for (let j = 0; j < a!.cols; j++) for (let i = 0; i < a!.rows; i++) out = M.add(out, M.scale(a!.data[i + j * a!.rows]!, block(g!, i, j, p, q)));
    return out;
  },
  text: { prec: Prec.PRODUCT, render: (c) => `${c.sym("Σᵢⱼ")} ${blockText(c, 1, "ij")} ${blockText(c, 0, "[ij]")}` },
  // Each block base is braced: a name may carry a subscript of its own (A_{1}), and A_{1}_{ij} is a double subscript.
  latex: { prec: Prec.PRODUCT, render: (c) => `\\sum_{i,j} {${c.arg(1, Prec.ATOM)}}_{ij}\\, {${c.arg(0, Prec.ATOM)}}_{[ij]}` },
  sample: ({ m, n, p, q }) => ({ args: [{ rows: dimMul(m, p), cols: dimMul(n, q) }, { rows: m, cols: n }], attr: { dims: [p, q] } }),
});

export const kronBlockPairStanza = bilinear({
  op: "kronBlockPair",
  why: { adjoint: "⟨D, [⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ⟩ = ⟨D ⊗ B, G⟩ = ⟨Σᵢⱼ Dᵢⱼ G₍ᵢⱼ₎, B⟩" },
  shape: (_a, attr) => shapeOf(attr.dims![0]!, attr.dims![1]!),
  // ⟨D, [⟨dG₍ᵢⱼ₎, B⟩]ᵢⱼ⟩ = ⟨D ⊗ B, dG⟩
  left: {
    adjoint: (n, ct) => kron(ct, n.args[1]!),
    vec: (n, j) => {
      const b = n.args[1]!;
      return matmul(matmul(transpose(kron(identity(n.graph, entries(n)), vec(b))), transpose(kronRearrangement(n.graph, n.shape, b.shape))), j);
    },
  },
  // ⟨D, [⟨G₍ᵢⱼ₎, dB⟩]ᵢⱼ⟩ = ⟨Σᵢⱼ Dᵢⱼ G₍ᵢⱼ₎, dB⟩
  right: {
    adjoint: (n, ct) => blockSum(n.args[0]!, ct, n.args[1]!.shape.rows, n.args[1]!.shape.cols),
    vec: (n, j) => matmul(transpose(blockSumMatrix(n.args[0]!, n.shape, n.args[1]!.shape)), j),
  },
  // [⟨G_[ij], B⟩]_ij = Σ_rs G_(r + p·i)(s + q·j) B_rs, B p×q
  index: (n, c) => {
    const [g, b] = n.args as [Expr, Expr];
    return (i, j) => {
      const r = c.sumIndex(b.shape.rows);
      const s = c.sumIndex(b.shape.cols);
      const rows = idxLin(r, i, b.shape.rows);
      const cols = idxLin(s, j, b.shape.cols);
      return c.linear(g)
        ? c.withSum(r, c.withSum(s, c.t(g)(rows, cols), [entry(b, r, s)]), [])
        : c.withSum(r, c.withSum(s, c.t(b)(r, s), [entry(g, rows, cols)]), []);
    };
  },
  evaluate: ([g, b], n, sizes) => {
    const m = dimValue(n.attr.dims![0]!, sizes);
    const k = dimValue(n.attr.dims![1]!, sizes);
    const out = M.zeros(m, k);
    for (let j = 0; j < k; j++) for (let i = 0; i < m; i++) out.data[i + j * m] = M.inner(block(g!, i, j, b!.rows, b!.cols), b!);
    return out;
  },
  text: { prec: Prec.PRODUCT, render: (c) => `[⟨${c.arg(0, Prec.ATOM)}_[ij], ${c.bare(1)}⟩]_ij` },
  latex: { prec: Prec.PRODUCT, render: (c) => `\\left[\\left\\langle {${c.arg(0, Prec.ATOM)}}_{[ij]},\\ ${c.bare(1)}\\right\\rangle\\right]_{ij}` },
  sample: ({ m, n, p, q }) => ({ args: [{ rows: dimMul(m, p), cols: dimMul(n, q) }, { rows: p, cols: q }], attr: { dims: [m, n] } }),
});

export const kroneckerStanzas = { kron: kronStanza, kronBlockSum: kronBlockSumStanza, kronBlockPair: kronBlockPairStanza } as const;
