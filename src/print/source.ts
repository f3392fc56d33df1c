/**
 * A result written in matdiff's own input language:
 * ASCII, parseable, so that `matdiff check EXPR --claim "<source>"` passes.
 * Functions print by their surface name; operators as the input spells them
 * (`*`, `.*`, `./`, `/`, `'`, `^`, `.^`); constants with their sizes, `I(n)`,
 * `ones(m, 1)*ones(n, 1)'`, `K(m, n)` (a product of sizes as a Kronecker product of
 * constants), since where they sit does not always fix them. The operators that have no
 * spelling of their own are written by their defining identities:
 *   unvec_(m×n)(v) = (vec(I_n)ᵀ ⊗ I_m)(I_n ⊗ v)        (Magnus–Neudecker)
 *   Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎ = unvec_(p×q)((vec A ⊗ I_pq)ᵀ Rᵀ vec G), R = I_n ⊗ K_{q,m} ⊗ I_p
 *   [⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ = unvec_(m×n)((I_mn ⊗ vec B)ᵀ Rᵀ vec G)
 * Named subexpressions are inlined (the source is one expression) unless
 * that would repeat shared parts and come out more than twice as long as
 * naming them: then the source is a
 * program, each shared part a statement (`t0 = …; t1 = …; result`, a part the
 * input program named keeping its name), which `check --claim` reads as well.
 */
import type { Expr, VarNode } from "../expr/node.js";
import type { OpName } from "../expr/names.js";
import type { Notation, PrintContext } from "../ops/stanza.js";
import { Prec } from "../ops/precedence.js";
import { infix, postfix } from "../ops/notation.js";
import { stanzaOf } from "../ops/registry.js";
import { type Dim, caret, dimMul, formatDim, isOne, repeatedSymbols } from "../shapes/dim.js";
import { topoOrder } from "../expr/traverse.js";
import { chooseNames, codeTemporary } from "./naming.js";
import { exactNumber } from "./leaves.js";
import type { Dialect } from "./dialect.js";
import { Renderer } from "./render.js";

const dimSource = (d: Dim): string => formatDim(d, { times: "*", power: caret });
const atom = (render: (c: PrintContext) => string): Notation => ({ prec: Prec.ATOM, render });
const product = (render: (c: PrintContext) => string): Notation => ({ prec: Prec.PRODUCT, render });
const callOf = (name: string): Notation => atom((c) => `${name}(${c.node.args.map((_, i) => c.bare(i)).join(", ")})`);
/** I_d with its size spelled: I(n), and I_(m·n) = I(m) ⊗ I(n), since sizes are names or integers. */
const eye = (d: Dim): string => {
  if (isOne(d)) return "1";
  const parts = [...(d.coef === 1 ? [] : [String(d.coef)]), ...repeatedSymbols(d)!].map((x) => `I(${x})`);
  return parts.reduce((a, b) => `kron(${a}, ${b})`);
};
/** 𝟏_d with its size spelled: ones(n, 1), and 𝟏_(m·n) = 𝟏_m ⊗ 𝟏_n. */
const onesColumn = (d: Dim): string => {
  if (isOne(d)) return "1";
  const parts = [...(d.coef === 1 ? [] : [String(d.coef)]), ...repeatedSymbols(d)!].map((x) => `ones(${x}, 1)`);
  return parts.reduce((a, b) => `kron(${a}, ${b})`);
};
/** 𝟏_(rows×cols) = 𝟏_rows 𝟏_colsᵀ, sized. */
const onesMatrix = (rows: Dim, cols: Dim): string =>
  isOne(cols) ? onesColumn(rows) : isOne(rows) ? `${onesColumn(cols)}'` : `${onesColumn(rows)}*${onesColumn(cols)}'`;
/** unvec_(rows×cols)(v) = (vec(I_cols)ᵀ ⊗ I_rows)(I_cols ⊗ v): a product, bracketed by the renderer where one binds looser than its place. */
const unvecText = (v: string, rows: Dim, cols: Dim): string => (isOne(cols) ? v : `kron(vec(${eye(cols)})', ${eye(rows)})*kron(${eye(cols)}, ${v})`);

/** A size as its factors, each a name or an integer: m·n² is [m, n, n]. */
const factorsOf = (d: Dim): string[] => [...(d.coef === 1 ? [] : [String(d.coef)]), ...repeatedSymbols(d)!];
const eyeOfFactors = (fs: readonly string[]): string => (fs.length === 0 ? "1" : fs.map((x) => `I(${x})`).reduce((a, b) => `kron(${a}, ${b})`));

/**
 * K_{rows,cols} with sizes the input language takes (names or integers): K_{ab,c} = (I_a ⊗ K_{b,c})(K_{a,c} ⊗ I_b),
 * and K_{a,bc} = K_{bc,a}ᵀ, until each K has one factor a side.
 */
function commutationOf(rows: readonly string[], cols: readonly string[]): string {
  if (rows.length === 0 || cols.length === 0) return eyeOfFactors([...rows, ...cols]);
  if (rows.length === 1 && cols.length === 1) return `K(${rows[0]}, ${cols[0]})`;
  if (rows.length === 1) return `(${commutationOf(cols, rows)})'`;
  const [a, ...b] = rows;
  return `kron(I(${a}), ${commutationOf(b, cols)})*kron(${commutationOf([a!], cols)}, ${eyeOfFactors(b)})`;
}
const commutationSource = (rows: Dim, cols: Dim): string => commutationOf(factorsOf(rows), factorsOf(cols));

/** R = I_n ⊗ K_{q,m} ⊗ I_p for A m×n, B p×q: vec(A ⊗ B) = R (vec A ⊗ vec B). */
function rearrangement(m: Dim, n: Dim, p: Dim, q: Dim): string {
  return `kron(kron(${eye(n)}, ${commutationSource(q, m)}), ${eye(p)})`;
}

/**
 * Each expansion declares the precedence of what it prints, so the renderer brackets it where a tighter operator
 * holds it: (kron(vec(I(m))', I(n))*kron(I(m), x))', X.^(ones(n, 1)').
 */
const SPECIAL: Partial<Record<OpName, Notation>> = {
  // Constants carry their sizes: where they sit does not always fix them (vec(I), kron(I, s*ones), whose sizes
  // meet only as a product of dimensions, which inference does not solve).
  identity: atom((c) => eye(c.node.shape.rows)),
  // a row of ones is a transposed column, ones(n, 1)': a postfix, not an atom
  ones: {
    prec: Prec.ATOM,
    precOf: (n) => (isOne(n.attr.dims![0]!) && !isOne(n.attr.dims![1]!) ? Prec.POSTFIX : Prec.ATOM),
    render: (c) => {
      const [rows, cols] = c.node.attr.dims! as [Dim, Dim];
      return isOne(rows) || isOne(cols) ? onesMatrix(rows, cols) : `(${onesMatrix(rows, cols)})`;
    },
  },
  // the size of a dimension n as a scalar: 𝟏ᵀ𝟏 with 𝟏 of length n
  dimSize: atom((c) => `tr(${eye(c.node.attr.dims![0]!)})`),
  // a bare 0 is a scalar in a claim; a zero matrix is 0 times ones of its sizes
  zeros: { prec: Prec.PRODUCT, render: (c) => `0*${onesMatrix(c.node.attr.dims![0]!, c.node.attr.dims![1]!)}` },
  // a product of Kronecker products where a size is a product (K(q*s, m) is not in the language)
  commutation: {
    prec: Prec.ATOM,
    precOf: (n) => (factorsOf(n.attr.dims![0]!).length > 1 || factorsOf(n.attr.dims![1]!).length > 1 ? Prec.PRODUCT : Prec.ATOM),
    render: (c) => commutationSource(c.node.attr.dims![0]!, c.node.attr.dims![1]!),
  },
  add: {
    prec: Prec.SUM,
    render: (c) => c.node.args.map((a, i) => {
      const negated = a.kind === "op" && a.op === "neg";
      if (i === 0) return c.arg(i, Prec.SUM);
      return negated ? ` - ${c.operand(i).replace(/^-/, "")}` : ` + ${c.arg(i, Prec.SUM)}`;
    }).join(""),
  },
  neg: { prec: Prec.UNARY, render: (c) => `-${c.arg(0, Prec.POSTFIX)}` },
  matmul: infix(Prec.PRODUCT, "*", false),
  scale: infix(Prec.PRODUCT, "*", false),
  hadamard: infix(Prec.PRODUCT, ".*"),
  hdiv: infix(Prec.PRODUCT, "./"),
  div: infix(Prec.PRODUCT, "/"),
  kron: callOf("kron"),
  transpose: postfix("'"),
  power: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^${c.arg(1, Prec.ATOM)}` },
  matpow: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^${c.node.attr.k! < 0 ? `(${c.node.attr.k})` : c.node.attr.k}` },
  hpow: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}.^${c.arg(1, Prec.ATOM)}` },
  // a stretched value is written with ones, whose sizes come from where it sits: v*ones', ones*r, s*ones*ones'
  broadcast: {
    prec: Prec.PRODUCT,
    render: (c) => {
      const a = c.node.args[0]!;
      const rowsOne = isOne(a.shape.rows);
      const colsOne = isOne(a.shape.cols);
      const x = c.arg(0, Prec.POSTFIX);
      const [rows, cols] = c.node.attr.dims! as [Dim, Dim];
      if (rowsOne && colsOne) return isOne(rows) && isOne(cols) ? x : `${x}*${onesMatrix(rows, cols)}`;
      return rowsOne ? `${onesColumn(rows)}*${x}` : `${x}*${onesColumn(cols)}'`;
    },
  },
  diagEmbed: callOf("diag"),
  diagExtract: callOf("diag"),
  // f′(u), f″(u) in ASCII: f'(u), f''(u), as claims may write them (∇g and ∇²g have no ASCII spelling)
  genericMap: atom((c) => `${(c.node.args[1] as VarNode).name}${"'".repeat(c.node.attr.k ?? 0)}(${c.bare(0)})`),
  // unvec into a column is its argument itself (transparent); any other is a product
  unvec: {
    prec: Prec.PRODUCT,
    precOf: (n) => (isOne(n.attr.dims![1]!) ? -1 : Prec.PRODUCT),
    render: (c) => unvecText(c.bare(0), c.node.attr.dims![0]!, c.node.attr.dims![1]!),
  },
  // the block sums below are unvec of a product, or that product itself: products either way
  kronBlockSum: product((c) => {
    // G (mp×nq), A (m×n), blocks p×q
    const a = c.node.args[1]!;
    const [p, q] = c.node.attr.dims! as [Dim, Dim];
    const r = rearrangement(a.shape.rows, a.shape.cols, p, q);
    return unvecText(`kron(vec(${c.bare(1)}), ${eye(dimMul(p, q))})'*${r}'*vec(${c.bare(0)})`, p, q);
  }),
  kronBlockPair: product((c) => {
    // G (mp×nq), B (p×q), result m×n
    const b = c.node.args[1]!;
    const [m, n] = c.node.attr.dims! as [Dim, Dim];
    const r = rearrangement(m, n, b.shape.rows, b.shape.cols);
    return unvecText(`kron(${eye(dimMul(m, n))}, vec(${c.bare(1)}))'*${r}'*vec(${c.bare(0)})`, m, n);
  }),
};

function sourceNotation(op: OpName): Notation {
  const special = SPECIAL[op];
  if (special) return special;
  const stanza = stanzaOf(op);
  const name = op === "sumAxis" ? "sum" : stanza.surface?.names.find((n) => /^[A-Za-z][A-Za-z0-9_]*$/.test(n));
  // the masks of max/min (isMax(X, d)) have no input spelling: their text notation, which a reader still understands
  if (!name) return stanza.text;
  // sum(X, d), max(X, d): the axis is an attribute, spelled as the second argument
  return atom((c) => `${name}(${c.node.args.map((_, i) => c.bare(i)).join(", ")}${c.node.attr.axis === undefined ? "" : `, ${c.node.attr.axis}`})`);
}

export const SOURCE: Dialect = {
  notation: sourceNotation,
  leaf: (node) => {
    if (node.kind === "num") return exactNumber(node.value);
    return node.role === "differential" ? node.name : node.name;
  },
  dim: dimSource,
  paren: (s) => `(${s})`,
  marks: false,
  name: (s) => s,
  temporary: (k) => `t${k}`,
};

/** The expression in the input language, every subexpression inlined. */
export function sourceOf(e: Expr): string {
  return new Renderer(SOURCE).render(e);
}

/**
 * How many nodes `root` prints as when every subexpression is inlined (a tree
 * count, shared parts counted once per use), in one pass children first;
 * capped at `cap` so that a doubling chain of any length stays a small number.
 */
export function unfoldedSize(root: Expr, cap: number): number {
  const size = new Map<number, number>();
  for (const node of topoOrder([root])) {
    let n = 1;
    if (node.kind === "op") for (const a of node.args) n = Math.min(cap, n + size.get(a.id)!);
    size.set(node.id, n);
  }
  return size.get(root.id)!;
}

/**
 * The result in the input language: one expression, or, when inlining its
 * shared parts would make it more than twice as long, a program `t0 = …; t1 = …; result`
 * whose statements take the input program's names where it gave them
 * (`given`, node id → name); `taken` holds the names a temporary must avoid, the given ones among them.
 */
export function sourceText(e: Expr, given: ReadonlyMap<number, string>, taken: ReadonlySet<string>): string {
  const shared = chooseNames([e], { temporary: codeTemporary, taken });
  if (shared.order.length === 0) return sourceOf(e);
  // A shared part the program named keeps the program's name (once per source: a cut graph may reuse a name).
  const names = new Map(shared.names);
  const spent = new Set(names.values());
  for (const n of shared.order) {
    const user = given.get(n.id);
    if (user !== undefined && !spent.has(user)) {
      names.set(n.id, user);
      spent.add(user);
    }
  }
  const renderer = new Renderer(SOURCE, names);
  const program = [...shared.order.map((n) => `${names.get(n.id)} = ${renderer.render(n, true)}`), renderer.render(e)].join("; ");
  // One expression reads best, so it is kept up to twice the program's length. Every node prints at least one
  // character inlined, so a larger tree is surely longer than that (and is never built); else compare the two.
  const budget = 2 * program.length;
  if (unfoldedSize(e, budget + 1) > budget) return program;
  const inlined = sourceOf(e);
  return inlined.length <= budget ? inlined : program;
}
