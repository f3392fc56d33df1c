/**
 * The presentation pass: after the rules reach their normal form (transposes
 * pushed onto names, scalings in front), bring a result to the form a
 * textbook prints. It runs once, bottom-up, and every rewrite keeps the value:
 *   BᵀAᵀ = (AB)ᵀ                 one transpose outside a product, where that prints shorter,
 *                                brackets counted ((X²)ᵀAᵀ → (AX²)ᵀ; AᵀBᵀ stays, as in eq. 102);
 *   Aᵀ + Bᵀ = (A + B)ᵀ           one transpose outside a sum, where that prints shorter;
 *   (1/t) M = M / t              a reciprocal scaling is a division (eq. 129: (x − a)/‖x − a‖);
 *   (P/s)(Q/t) = (PQ)/(s t)      one division for a product of quotients (eq. 130);
 *   det(P) det(Q) = det(PQ)      one determinant for a product of them (eq. 52: 2 det(XA) adj(X)ᵀ).
 * What a pulled-out transpose encloses is simplified again without the two rules
 * that push transposes inward, so X X² = X³ and 2X³ + X³ + X³ = 4X³ still apply
 * (eq. 122: 4(X³)ᵀ). Not a rule of the catalogue: the catalogue pushes transposes
 * in, this pulls them out, and only a single pass after it keeps that from cycling.
 */
import type { Expr, OpNode } from "../expr/node.js";
import { isOp } from "../expr/node.js";
import { topoOrder } from "../expr/traverse.js";
import { add, div, inv, make, matmul, neg, scale, transpose } from "../ops/make.js";
import { isScalarShape } from "../shapes/shape.js";
import { dimEq } from "../shapes/dim.js";
import type { Rule, Step } from "./rule.js";
import { spineFactors } from "./rules/util.js";
import { ById, type CountById, perGraph } from "../expr/by-id.js";
import { memoisedOverParts, withArgumentsFrom } from "./by-id.js";

/** The catalogue rules that push a transpose into a product or a sum; the pass undoes what they do. */
const PUSHES_TRANSPOSE_IN: ReadonlySet<string> = new Set(["transpose-product", "transpose-sum"]);

/** Whether a catalogue pushes transposes inward, so that a result of it is worth presenting. */
export const pushesTransposesIn = (rules: readonly Rule[]): boolean => rules.some((r) => PUSHES_TRANSPOSE_IN.has(r.id));

/**
 * The present pass looks at most this many factors into a product at each node: its rewrites are about
 * short products (BᵀAᵀ, det(P) det(Q)), and a bounded look keeps a chain of n products linear in n.
 */
const LOOK = 64;

/** The factors of a matrix product chain, left to right (the first LOOK − 1, then the rest whole). */
const chain = (e: Expr): Expr[] => spineFactors(e, (f) => (isOp(f, "matmul") && !isScalarShape(f.shape) ? [f.args[0]!, f.args[1]!] : null), LOOK);

/** M for Mᵀ, and AB for a chain BᵀAᵀ of transposes (whose transpose it is); null otherwise. */
function untransposed(e: Expr): Expr | null {
  if (isOp(e, "transpose")) return e.args[0]!;
  // Each side of a chain BᵀAᵀ is a transpose or a chain itself: any other factor there is not one (no list built).
  const side = (x: Expr): boolean => isOp(x, "transpose") || (isOp(x, "matmul") && !isScalarShape(x.shape));
  if (!isOp(e, "matmul") || isScalarShape(e.shape) || !side(e.args[0]!) || !side(e.args[1]!)) return null;
  const f = chain(e);
  if (f.length < 2 || !f.every((x) => isOp(x, "transpose"))) return null;
  return f.map((x) => (x as OpNode).args[0]!).reverse().reduce((a, b) => matmul(a, b));
}

/** A term Mᵀ, −Mᵀ or s Mᵀ (Mᵀ also a chain BᵀAᵀ): M and how to put the sign or scaling back. */
function transposedTerm(e: Expr): { inner: Expr; wrap: (m: Expr) => Expr } | null {
  const plain = untransposed(e);
  if (plain) return { inner: plain, wrap: (m) => m };
  const negated = isOp(e, "neg") ? untransposed(e.args[0]!) : null;
  if (negated) return { inner: negated, wrap: neg };
  if (!isOp(e, "scale") || !isScalarShape(e.args[0]!.shape)) return null;
  const s = e.args[0]!;
  const scaled = untransposed(e.args[1]!);
  return scaled ? { inner: scaled, wrap: (m) => scale(s, m) } : null;
}

/** Mᵀ with a leading sign or scaling of M kept in front: (−M)ᵀ = −Mᵀ, (sM)ᵀ = s Mᵀ. */
function transposeOf(m: Expr): Expr {
  if (isOp(m, "neg")) return neg(transposeOf(m.args[0]!));
  if (isOp(m, "scale") && isScalarShape(m.args[0]!.shape)) return scale(m.args[0]!, transposeOf(m.args[1]!));
  return transpose(m);
}

const isLeaf = (e: Expr): boolean => e.kind !== "op" || e.args.length === 0;
/** Brackets a postfix mark needs around e: none on a name, X⁻¹ or X², two otherwise. */
const bracketsFor = (e: Expr): number => (isLeaf(e) || (isOp(e, "inv") && isLeaf(e.args[0]!)) ? 0 : 2);

/** Each node's printed length, once computed: nodes are immutable and hash-consed, so the length of a node never changes. */
const lengthsOf = perGraph<number>();

/** The printed length of a node whose arguments' lengths are known (`of`). */
function lengthOfNode(e: Expr, of: (x: Expr) => number): number {
  if (e.kind === "var") return [...e.name].length;
  if (e.kind === "num") return String(e.value).length;
  const a = e.args;
  let sum = 0;
  for (const x of a) sum += of(x) + (isOp(x, "add") ? 2 : 0);
  switch (e.op) {
    case "transpose":
      return isOp(a[0]!, "inv") && isLeaf(a[0]!.args[0]!) ? of(a[0]!) : of(a[0]!) + 1 + bracketsFor(a[0]!);
    case "inv": case "matpow":
      return of(a[0]!) + 2 + bracketsFor(a[0]!);
    case "matmul": case "scale":
      return sum;
    case "add":
      return sum - 2 * a.filter((x) => isOp(x, "add")).length + a.length - 1;
    case "neg":
      return 1 + sum;
    default:
      return a.length === 0 ? 2 : e.op.length + 2 + sum;
  }
}

/**
 * The symbols e prints with, brackets counted (an estimate of the text printer's length,
 * enough to choose between BᵀAᵀ and (AB)ᵀ: AᵀBᵀ stays, (X²)ᵀAᵀ becomes (AX²)ᵀ). A shared
 * subexpression counts once per use, as it prints; each node is measured once, children
 * first, without recursion (the present pass asks about whole subtrees at every node).
 */
export function printedLength(e: Expr): number {
  const lengths = lengthsOf(e);
  const known = lengths.get(e.id);
  if (known !== undefined) return known;
  const of = (x: Expr): number => lengths.get(x.id)!;
  for (const node of topoOrder([e], (id) => lengths.has(id))) if (!lengths.has(node.id)) lengths.set(node.id, lengthOfNode(node, of));
  return lengths.get(e.id)!;
}
/** The rewritten form if it prints shorter, else the node as it is. */
const shorter = (n: Expr, pulled: Expr): boolean => printedLength(pulled) < printedLength(n);

const isNum = (e: Expr, v: number): boolean => e.kind === "num" && e.value === v;

/** The catalogue without the rules that push transposes in: what simplifies a pulled-out transpose's argument. */
export function keepingTransposesOut(rules: readonly Rule[]): readonly Rule[] {
  let kept = KEPT_OUT.get(rules);
  if (!kept) KEPT_OUT.set(rules, (kept = rules.filter((r) => !PUSHES_TRANSPOSE_IN.has(r.id))));
  return kept;
}
/** keepingTransposesOut's lists, one per catalogue (the same list each time, so simplifiers share its rule tables). */
const KEPT_OUT = new WeakMap<readonly Rule[], readonly Rule[]>();

/** adj(X)/det(X) = X⁻¹ and adj(X)ᵀ/det(X) = X⁻ᵀ (Cookbook eq. 49): the quotient exists only where X⁻¹ does. */
function inverseOfAdjugate(q: Expr): Expr | null {
  if (!isOp(q, "div")) return null;
  const [m, s] = q.args as [Expr, Expr];
  const t = isOp(m, "transpose");
  const a = t ? m.args[0]! : m;
  if (!isOp(a, "adj") || !isOp(s, "det") || s.args[0] !== a.args[0]) return null;
  const x = inv(a.args[0]!);
  return t ? transpose(x) : x;
}

/** The two parts of a product of scalars s₁ s₂, or null for a factor that is not one. */
const scalarParts = (f: Expr): readonly [Expr, Expr] | null => (isOp(f, "scale") && isScalarShape(f.args[1]!.shape) ? [f.args[0]!, f.args[1]!] : null);

/** Determinants merge in a product of at most this many scalar factors (eq. 52 has two). */
const MERGED_UP_TO = 8;

/**
 * How many determinants the product of scalars s has among all its factors, counted up to 2: a product of n scalars
 * is asked about at each of the n levels of a nest that builds it, so each node is counted once, from its two parts.
 */
const determinantsIn = memoisedOverParts<number>(scalarParts, (f) => (isOp(f, "det") ? 1 : 0), (l, r) => Math.min(2, l + r));

/** det(P) det(Q) = det(PQ) for square P, Q of one size (Cookbook eq. 18, read backwards); null when nothing merges. */
function mergeDeterminants(s: Expr): Expr | null {
  // Fewer than two determinants among all the factors is none to merge (counted per node, without listing them).
  if (determinantsIn(s) < 2) return null;
  // A short product only: the scalings of a deep nest carry products of many levels' determinants, a different one
  // at each node, and merging each into one det(P₁P₂…) would build a new chain at every node.
  const factors = spineFactors(s, scalarParts, MERGED_UP_TO + 1);
  if (factors.length > MERGED_UP_TO || factors.some((f) => scalarParts(f) !== null)) return null;
  const dets = factors.filter((f) => isOp(f, "det"));
  if (dets.length < 2) return null;
  const size = dets[0]!.args[0]!.shape.rows;
  if (!dets.every((d) => dimEq(d.args[0]!.shape.rows, size))) return null;
  const merged = make("det", [dets.map((d) => (d as OpNode).args[0]!).reduce((x, y) => matmul(x, y))]);
  const rest = factors.filter((f) => !isOp(f, "det"));
  return [...rest, merged].reduce((x, y) => scale(x, y));
}

/**
 * `root` in textbook form; `inner` simplifies with keepingTransposesOut(catalogue); each rewrite is appended to `steps`.
 * `finals`: nodes an earlier pass left as they were (with nothing rewritten below them), taken as they are.
 */
export function present(root: Expr, inner: { run(e: Expr): Expr }, steps: Step[], finals?: CountById): Expr {
  if (finals?.has(root.id)) return root;
  const memo = new ById<Expr>();
  const record = (rule: string, reason: string, before: Expr, after: Expr): Expr => {
    steps.push({ rule, reason, assumes: [], before, after });
    return after;
  };
  /** (A + B)ᵀ for a sum of transposed terms Aᵀ + Bᵀ, its argument simplified. */
  const sumTransposed = (n: OpNode): Expr | null => {
    const terms = n.args.map(transposedTerm);
    return terms.every((t) => t !== null) ? transposeOf(inner.run(add(terms.map((t) => t!.wrap(t!.inner))))) : null;
  };
  /** A sum that is a factor of a product is bracketed already: (xᵀ − aᵀ) becomes (x − a)ᵀ, one symbol shorter. */
  const inBrackets = (e: Expr): Expr => {
    if (!isOp(e, "add")) return e;
    const pulled = sumTransposed(e);
    return pulled && printedLength(pulled) < printedLength(e) + 2 ? record("transpose-out-of-sum", "Aᵀ + Bᵀ = (A + B)ᵀ: one transpose outside the sum", e, pulled) : e;
  };
  const rewrite = (n: OpNode): Expr => {
    if (n.op === "matmul" && isOp(n.args[0]!, "transpose") && isOp(n.args[1]!, "transpose")) {
      const pulled = transposeOf(inner.run(matmul(n.args[1]!.args[0]!, n.args[0]!.args[0]!)));
      if (shorter(n, pulled)) return record("transpose-out-of-product", "BᵀAᵀ = (AB)ᵀ: one transpose outside the product", n, pulled);
    }
    if (n.op === "add") {
      const pulled = sumTransposed(n);
      if (pulled && shorter(n, pulled)) return record("transpose-out-of-sum", "Aᵀ + Bᵀ = (A + B)ᵀ: one transpose outside the sum", n, pulled);
    }
    if (n.op === "matmul" && n.args.some((a) => isOp(a, "add"))) {
      const args = n.args.map(inBrackets);
      if (args.some((a, i) => a !== n.args[i])) return rewrite(make("matmul", args));
    }
    if (n.op === "scale" && !isScalarShape(n.shape)) {
      const merged = mergeDeterminants(n.args[0]!);
      if (merged) return rewrite(record("merge-determinants", "det(P) det(Q) = det(PQ) for square P, Q", n, scale(merged, n.args[1]!)) as OpNode);
    }
    if (n.op === "scale" && isOp(n.args[0]!, "div") && isNum(n.args[0]!.args[0]!, 1)) {
      const quotient = div(n.args[1]!, n.args[0]!.args[1]!);
      return record("reciprocal-as-division", "(1/t) M = M / t", n, inverseOfAdjugate(quotient) ?? quotient);
    }
    if (n.op === "matmul" && isOp(n.args[0]!, "div") && isOp(n.args[1]!, "div")) {
      const [p, s] = n.args[0]!.args as [Expr, Expr];
      const [q, t] = n.args[1]!.args as [Expr, Expr];
      return record("product-of-quotients", "(P/s)(Q/t) = (PQ)/(s t)", n, div(matmul(inBrackets(p), inBrackets(q)), inner.run(scale(s, t))));
    }
    return n;
  };
  const order = topoOrder([root], (id) => finals?.has(id) === true);
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    if (node.kind !== "op") {
      memo.set(node.id, node);
      continue;
    }
    // indexed, not for…of: this loop runs once per node, and an unoptimised for…of allocates per step
    if (finals) {
      for (let k = 0; k < node.args.length; k++) {
        const a = node.args[k]!;
        if (!memo.has(a.id)) memo.set(a.id, a);
      }
    }
    const rebuilt = withArgumentsFrom(node, memo);
    const presented = rebuilt.kind === "op" ? rewrite(rebuilt) : rebuilt;
    memo.set(node.id, presented);
    if (presented === node) finals?.add(node.id);
  }
  return memo.get(root.id)!;
}
