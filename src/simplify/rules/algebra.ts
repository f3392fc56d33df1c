/**
 * Rules that drop zeros and identities, fold numbers, and move signs and
 * numeric factors outward so equal terms can be collected.
 */
import type { Expr, Graph, NumNode, OpNode } from "../../expr/node.js";
import { isNum } from "../../expr/node.js";
import { add, broadcast, div, flattenSum, hdiv, identity, make, matmul, neg, ones, power, scale, sum, transpose, zeros } from "../../ops/make.js";
import { stanzaOf } from "../../ops/registry.js";
import { isScalarShape } from "../../shapes/shape.js";
import { type Rule, cancelInverse, foldConstants, opsWhere, removeIdentity, rule } from "../rule.js";
import { bigNumber, bigNumberParts, chainOf, firstFactor, isIdentity, isOneEverywhere, isZero, lastFactor, productFactors, withoutEdgeFactor } from "./util.js";
import { factorCount } from "./chains.js";

/** Products of at most this many factors are searched whole for a negated sum (longer ones at their ends). */
const SHORT_CHAIN = 8;

/** Whether e is a sum −A − B whose every term is negated. */
const isNegatedSum = (e: Expr): boolean => e.kind === "op" && e.op === "add" && e.args.every((t) => t.kind === "op" && t.op === "neg");

/** A + B for a negated sum −A − B (one isNegatedSum holds for). */
const withoutSigns = (e: Expr): Expr => add((e as OpNode).args.map((t) => (t as OpNode).args[0]!));

const zeroLike = (n: OpNode): Expr => (isScalarShape(n.shape) ? n.graph.num(0) : zeros(n.graph, n.shape));

/** Whether an application is zero because of its zero arguments (the stanza's zeroWhen). */
function isZeroApplication(n: OpNode): boolean {
  switch (stanzaOf(n.op).zeroWhen) {
    case "any": return n.args.some(isZero);
    case "all": return n.args.every(isZero);
    case "first": return isZero(n.args[0]!);
    default: return false;
  }
}

/** Linear operators of one argument that a sign moves out of (the transpose has its own rule, (−A)ᵀ = −Aᵀ). */
const SIGN_OUT = opsWhere((s) => !!s.linear && s.arity === 1 && !s.broadcasting && s.op !== "transpose");

/**
 * A broadcast written out as a product with ones, for places where the
 * stretching is not implied by an elementwise neighbour: c𝟏𝟏ᵀ, 𝟏 r, c 𝟏ᵀ.
 */
export function explicitBroadcast(b: Expr): Expr {
  if (b.kind !== "op" || b.op !== "broadcast") return b;
  const a = b.args[0]!;
  const { rows, cols } = b.shape;
  const g = b.graph;
  if (isScalarShape(a.shape)) return isNum(a, 1) ? ones(g, rows, cols) : scale(a, ones(g, rows, cols));
  if (a.shape.rows.coef === 1 && a.shape.rows.syms.length === 0) return matmul(ones(g, rows), a);
  return matmul(a, transpose(ones(g, cols)));
}

/** Products that a sign moves out of: (−A)B = −(AB). */
const PRODUCTS = opsWhere((s) => !!s.bilinear);
const product = ([a, b]: readonly number[], n: OpNode): Expr => n.graph.num(a! * b!);
/** A quotient of numbers folds only when it is an integer. */
const quotient = ([a, b]: readonly number[], n: OpNode): Expr | null => (b !== 0 && Number.isInteger(a! / b!) ? n.graph.num(a! / b!) : null);
/** A scalar's transpose, vec, sum and trace are itself. */
const same = (_v: readonly number[], n: OpNode): Expr => n.args[0]!;

/** A number written c·2ᵏ because it is past float64: c a number, k an integer. */
const isBigNumber = (e: Expr): boolean => bigNumberParts(e) !== null;

/**
 * The product of numbers, each a number or a big one (isBigNumber): a number while it is one, else c·2ᵏ with c in
 * [1, 2) and k exact, so that 2·2·…·2 past 2¹⁰²⁴ is 2¹¹⁰⁰, not Infinity (nor a chain of factors that grows a link
 * per level of a nest).
 */
function numberProduct(g: Graph, factors: readonly Expr[]): Expr {
  let c = 1;
  let k = 0;
  for (const f of factors) {
    const [v, e] = f.kind === "num" ? [f.value, 0] : [((f as OpNode).args[0] as NumNode).value, (((f as OpNode).args[1] as OpNode).args[1] as NumNode).value];
    if (v === 0) return g.num(0);
    const top = Math.floor(Math.log2(Math.abs(v)));
    c *= v / 2 ** top;
    k += e + top;
    const renorm = Math.floor(Math.log2(Math.abs(c)));
    c /= 2 ** renorm;
    k += renorm;
  }
  return bigNumber(g, c, k);
}

export const algebraRules: readonly Rule[] = [
  // A shared sum stays one term: flattened, it would be copied into every sum that uses it (quadratic in a program's length).
  rule("flatten-sum", "(A + B) + C = A + B + C", ["add"], (n, context) =>
    n.args.some((a) => a.kind === "op" && a.op === "add" && !context.shared(a)) ? flattenSum(n.args, (a) => context.shared(a)) : null),
  rule("cancel-quotient", "(c s) / s = c, s / s = 1", ["div"], (n) => {
    const [a, s] = n.args as [Expr, Expr];
    if (a === s) return n.graph.num(1);
    if (a.kind === "op" && a.op === "scale" && a.args[1] === s) return a.args[0]!;
    if (a.kind === "op" && a.op === "scale" && a.args[0] === s) return a.args[1]!;
    return null;
  }),
  rule("broadcast-explicit", "outside an elementwise operation a stretched value is written with ones: 𝟏 r, c 𝟏ᵀ", opsWhere((s) => !s.broadcasting), (n) => {
    if (!n.args.some((a) => a.kind === "op" && a.op === "broadcast")) return null;
    return make(n.op, n.args.map(explicitBroadcast), n.attr);
  }),
  rule("zero-product", "0·A = A·0 = 0, f(0) = 0 for a linear f, 0 ⊘ B = 0", opsWhere((s) => s.zeroWhen !== undefined && s.arity !== "variadic"), (n) =>
    isZeroApplication(n) ? zeroLike(n) : null),
  rule("add-zero", "A + 0 = A", ["add"], (n) => {
    if (!n.args.some(isZero)) return null;
    const rest = n.args.filter((a) => !isZero(a));
    return rest.length === 0 ? zeroLike(n) : add(rest);
  }),
  removeIdentity("identity-product", "I A = A I = A", "matmul", isIdentity),
  removeIdentity("scale-one", "1·A = A", "scale", (e) => isNum(e, 1), [0]),
  rule("scale-minus-one", "(−1)·A = −A", ["scale"], (n) => (isNum(n.args[0]!, -1) ? neg(n.args[1]!) : null)),
  rule("scale-numbers", "a·(b·A) = (ab)·A for numbers a, b", ["scale"], (n) => {
    const [s, m] = n.args as [Expr, Expr];
    const num = (v: number) => n.graph.num(v);
    if (s.kind === "num" && m.kind === "num") return numberProduct(n.graph, [s, m]);
    // a·(c·A) = (ac)·A, c a number or a number past float64 (see numberProduct)
    const c = m.kind === "op" && m.op === "scale" ? m.args[0]! : null;
    if (s.kind === "num" && c !== null && (c.kind === "num" || isBigNumber(c))) return scale(numberProduct(n.graph, [s, c]), (m as OpNode).args[1]!);
    if (s.kind === "num" && m.kind === "op" && m.op === "neg") return scale(num(-s.value), m.args[0]!);
    if (s.kind !== "num" && m.kind === "num") return scale(m, s);
    return null;
  }),
  removeIdentity("hadamard-ones", "𝟏 ⊙ A = A", "hadamard", isOneEverywhere),
  rule("broadcast-ones", "a stretched column or row of ones is a matrix of ones, and so is a multiple of it", ["broadcast"], (n) => {
    const a = n.args[0]!;
    if (a.kind !== "op") return null;
    if (a.op === "ones") return ones(n.graph, n.shape.rows, n.shape.cols);
    // stretch(s 𝟏) = s 𝟏 for a scalar s
    const [s, m] = a.args;
    if (a.op === "scale" && isScalarShape(s!.shape) && m!.kind === "op" && m!.op === "ones") return scale(s!, ones(n.graph, n.shape.rows, n.shape.cols));
    return null;
  }),
  rule("hadamard-scalar", "(s𝟏) ⊙ A = s A", ["hadamard"], (n) => {
    for (const i of [0, 1]) {
      const a = n.args[i]!;
      if (a.kind === "op" && a.op === "broadcast" && isScalarShape(a.args[0]!.shape)) return scale(a.args[0]!, n.args[1 - i]!);
    }
    return null;
  }),
  rule("hadamard-reciprocal", "(1 ⊘ B) ⊙ C = C ⊘ B", ["hadamard"], (n) => {
    for (const i of [0, 1]) {
      const a = n.args[i]!;
      if (a.kind === "op" && a.op === "hdiv" && isOneEverywhere(a.args[0]!)) return hdiv(n.args[1 - i]!, a.args[1]!);
    }
    return null;
  }),
  rule("cancel-elementwise", "(A ⊘ B) ⊙ B = A", ["hadamard"], (n) => {
    for (const i of [0, 1]) {
      const a = n.args[i]!;
      if (a.kind === "op" && a.op === "hdiv" && a.args[1] === n.args[1 - i]) return a.args[0]!;
    }
    return null;
  }),
  rule("inner-of-quotient", "uᵀ(v ⊘ u) = sum(v) for vectors", ["matmul"], (n) => {
    if (!isScalarShape(n.shape)) return null;
    const [l, r] = n.args as [Expr, Expr];
    if (l.kind === "op" && l.op === "transpose" && r.kind === "op" && r.op === "hdiv" && r.args[1] === l.args[0]) return sum(r.args[0]!);
    return null;
  }),
  rule("linear-of-negation", "sum(−A) = −sum(A), and likewise tr, vec, diag", SIGN_OUT, (n) => {
    const a = n.args[0]!;
    return a.kind === "op" && a.op === "neg" ? neg(make(n.op, [a.args[0]!], n.attr)) : null;
  }),
  rule("divide-twice", "(A / s) / t = A / (s t), (A / s) / s = A / s²", ["div"], (n) => {
    const [a, t] = n.args as [Expr, Expr];
    if (a.kind !== "op" || a.op !== "div") return null;
    const s = a.args[1]!;
    return div(a.args[0]!, s === t ? power(s, n.graph.num(2)) : scale(s, t));
  }),
  rule("inverse-pair", "A A⁻¹ = A⁻¹ A = I (also transposed) inside a product", ["matmul"], (n) => {
    const inverseOf = (a: Expr, b: Expr): boolean => {
      const inv = (e: Expr) => (e.kind === "op" && e.op === "inv" ? e.args[0]! : null);
      const tr = (e: Expr) => (e.kind === "op" && e.op === "transpose" ? e.args[0]! : null);
      if (inv(a) === b || inv(b) === a) return true;
      const ta = tr(a);
      const tb = tr(b);
      return ta !== null && tb !== null && (inv(ta) === tb || inv(tb) === ta);
    };
    // The arguments are simplified already, so a new pair can only be where they meet (a long chain is not rescanned at every node).
    if (isScalarShape(n.shape) || !inverseOf(lastFactor(n.args[0]!), firstFactor(n.args[1]!))) return null;
    // The pair is cut out where the two sides meet; what is left of each side is rebuilt along its spine only.
    const rest = [withoutEdgeFactor(n.args[0]!, "last"), withoutEdgeFactor(n.args[1]!, "first")].filter((e): e is Expr => e !== null);
    if (rest.length === 0) return identity(n.graph, n.shape.rows);
    // Only scalars left (s X X⁻¹): they scale I, the pair's product; the product keeps its shape.
    const left = chainOf(rest);
    return isScalarShape(left.shape) ? scale(left, identity(n.graph, n.shape.rows)) : left;
  }),
  rule("scalar-cancel", "s (1/s) = 1, sign(s) (1/|s|) = 1/s, |s| sign(s) = s", ["scale", "hadamard", "matmul"], (n) => {
    if (!isScalarShape(n.shape)) return null;
    const [a, b] = n.args as [Expr, Expr];
    const reciprocalOf = (e: Expr) => (e.kind === "op" && e.op === "div" && isNum(e.args[0]!, 1) ? e.args[1]! : null);
    const fn = (e: Expr, op: string) => (e.kind === "op" && e.op === op ? e.args[0]! : null);
    for (const [x, y] of [[a, b], [b, a]] as const) {
      if (reciprocalOf(y) === x) return n.graph.num(1);
      const r = reciprocalOf(y);
      if (r && fn(r, "abs") !== null && fn(x, "sign") === fn(r, "abs")) return div(n.graph.num(1), fn(x, "sign")!);
      if (fn(x, "abs") !== null && fn(x, "abs") === fn(y, "sign")) return fn(x, "abs")!;
    }
    return null;
  }),
  rule("merge-scalars", "a (b M) = (a b) M for scalars a, b", ["scale"], (n) => {
    if (isScalarShape(n.shape)) return null;
    const [a, m] = n.args as [Expr, Expr];
    if (m.kind !== "op" || m.op !== "scale" || a.kind === "num" || m.args[0]!.kind === "num") return null;
    return scale(scale(a, m.args[0]!), m.args[1]!);
  }),
  cancelInverse("neg-neg", "−(−A) = A", "neg", "neg"),
  rule("negated-sum-under-sign", "−(−A − B) = A + B, and −(C (−A − B) D) = C (A + B) D", ["neg"], (n) => {
    const a = n.args[0]!;
    if (isNegatedSum(a)) return withoutSigns(a);
    if (a.kind !== "op" || a.op !== "matmul" || isScalarShape(a.shape)) return null;
    // A product with a factor that is a sum of negated terms: that factor takes the sign in front. A short chain is
    // listed; a long one is asked only for its ends, which are remembered per node (a deep chain is not listed again
    // for every sign over it).
    if (factorCount(a) <= SHORT_CHAIN) {
      const factors = productFactors(a);
      const k = factors.findIndex(isNegatedSum);
      if (k < 0) return null;
      factors[k] = withoutSigns(factors[k]!);
      return chainOf(factors);
    }
    // A long chain: its end factor takes the sign, and the rest is rebuilt along its spine only.
    const first = firstFactor(a);
    if (isNegatedSum(first)) return chainOf([withoutSigns(first), withoutEdgeFactor(a, "first")!]);
    const last = lastFactor(a);
    return isNegatedSum(last) ? chainOf([withoutEdgeFactor(a, "last")!, withoutSigns(last)]) : null;
  }),
  rule("neg-number", "−(c) = (−c)", ["neg"], (n) => (n.args[0]!.kind === "num" ? n.graph.num(-n.args[0]!.value) : null)),
  rule("negative-scale", "(−c)A = −(cA): a negative number factor is written as a sign", ["scale"], (n) =>
    n.args[0]!.kind === "num" && n.args[0]!.value < 0 && !isScalarShape(n.shape)
      ? neg(scale(n.graph.num(-n.args[0]!.value), n.args[1]!)) : null),
  rule("square-scalar", "a a = a²", ["scale", "hadamard", "matmul"], (n) =>
    isScalarShape(n.shape) && n.args[0] === n.args[1] && n.args[0]!.kind !== "num"
      ? power(n.args[0]!, n.graph.num(2)) : null),
  cancelInverse("inverse-twice", "(X⁻¹)⁻¹ = X", "inv", "inv"),
  rule("product-sign", "(−A)B = A(−B) = −(AB)", PRODUCTS, (n) => {
    const [a, b] = n.args as [Expr, Expr];
    const make2 = (x: Expr, y: Expr): Expr => make(n.op, [x, y], n.attr);
    if (a.kind === "op" && a.op === "neg") return neg(make2(a.args[0]!, b));
    if (b.kind === "op" && b.op === "neg") return neg(make2(a, b.args[0]!));
    return null;
  }),
  rule("product-scalar-out", "(sA)B = A(sB) = s(AB) for a scalar s", ["matmul"], (n) => {
    const [a, b] = n.args as [Expr, Expr];
    // In a product of 1×1 factors a scalar coefficient is just another factor (scalar-times-scalar makes the product a
    // scaling): pulling it out would rebuild a chain of scalar cotangents, c·(b·(a·…)), one level deeper at every level.
    const scalars = isScalarShape(n.shape) && isScalarShape(a.shape);
    // A 1×1 factor of a matrix product scales it whole (product-with-scalar) unless its coefficient is a number:
    // peeling its scalar coefficients off one at a time would rebuild the product once per coefficient, c₁(c₂(…)) M
    // costing its length at every level above it.
    const whole = (e: OpNode): boolean => !isScalarShape(n.shape) && isScalarShape(e.shape) && e.args[0]!.kind !== "num";
    const scaled = (e: Expr): e is OpNode => e.kind === "op" && e.op === "scale" && !(scalars && e.args[0]!.kind !== "num") && !whole(e);
    if (scaled(a)) return scale(a.args[0]!, matmul(a.args[1]!, b));
    if (scaled(b)) return scale(b.args[0]!, matmul(a, b.args[1]!));
    if (a.kind === "num") return scale(a, b);
    if (b.kind === "num") return scale(b, a);
    return null;
  }),
  rule("product-with-scalar", "a 1×1 factor of a matrix product is a scaling: A s = s A", ["matmul"], (n) => {
    if (isScalarShape(n.shape)) return null;
    if (isScalarShape(n.args[1]!.shape)) return scale(n.args[1]!, n.args[0]!);
    if (isScalarShape(n.args[0]!.shape)) return scale(n.args[0]!, n.args[1]!);
    return null;
  }),
  foldConstants("fold-numbers", "arithmetic on numbers", {
    add: (v, n) => n.graph.num(v.reduce((x, y) => x + y, 0)),
    hadamard: product, matmul: product, scale: product,
    div: quotient, hdiv: quotient,
    power: ([a, b], n) => Number.isInteger(b!) && Math.abs(b!) <= 8 && Number.isInteger(Math.pow(a!, b!)) ? n.graph.num(Math.pow(a!, b!)) : null,
    transpose: same, vec: same, sum: same, tr: same,
  }),
  rule("power-trivial", "a¹ = a, a⁰ = 1, A.^1 = A", ["power", "hpow"], (n) => {
    if (isNum(n.args[1]!, 1)) return n.args[0]!;
    if (n.op === "power" && isNum(n.args[1]!, 0)) return n.graph.num(1);
    if (n.op === "hpow" && isNum(n.args[1]!, 0)) return broadcast(n.graph.num(1), n.shape);
    return null;
  }),
  removeIdentity("divide-by-one", "A / 1 = A", "div", isOneEverywhere, [1]),
  removeIdentity("divide-by-one", "A / 1 = A", "hdiv", isOneEverywhere, [1]),
  rule("one-by-one-constant", "a 1×1 identity, ones or zeros matrix is the number", ["ones", "zeros", "broadcast"], (n) => {
    if (!isScalarShape(n.shape)) return null;
    if (n.op === "ones") return n.graph.num(1);
    if (n.op === "zeros") return n.graph.num(0);
    if (n.op === "broadcast") return n.args[0]!;
    return null;
  }),
];
