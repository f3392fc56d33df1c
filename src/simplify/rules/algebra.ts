/**
 * Rules that drop zeros and identities, fold numbers, and move signs and
 * numeric factors outward so equal terms can be collected.
 */
import type { Expr, OpNode } from "../../expr/node.js";
import { isNum, num } from "../../expr/node.js";
import { add, broadcast, div, hdiv, identity, make, matmul, neg, ones, power, scale, sum, transpose, zeros } from "../../ops/make.js";
import { isScalarShape } from "../../shapes/shape.js";
import type { Rule } from "../engine.js";
import { isIdentity, isOneEverywhere, isZero, productFactors } from "./util.js";

const rule = (id: string, reason: string, apply: (n: OpNode) => Expr | null): Rule => ({ id, reason, apply });
const zeroLike = (n: OpNode): Expr => (isScalarShape(n.shape) ? num(0) : zeros(n.shape));

/** Operators whose operands broadcast NumPy-style, where a stretched operand may print as itself. */
const BROADCASTING: ReadonlySet<string> = new Set(["add", "hadamard", "hdiv", "hpow", "neg", "broadcast"]);

/**
 * A broadcast written out as a product with ones, for places where the
 * stretching is not implied by an elementwise neighbour: c𝟏𝟏ᵀ, 𝟏 r, c 𝟏ᵀ.
 */
export function explicitBroadcast(b: Expr): Expr {
  if (b.kind !== "op" || b.op !== "broadcast") return b;
  const a = b.args[0]!;
  const { rows, cols } = b.shape;
  if (isScalarShape(a.shape)) return isNum(a, 1) ? ones(rows, cols) : scale(a, ones(rows, cols));
  if (a.shape.rows.coef === 1 && a.shape.rows.syms.length === 0) return matmul(ones(rows), a);
  return matmul(a, transpose(ones(cols)));
}

export const algebraRules: readonly Rule[] = [
  rule("flatten-sum", "(A + B) + C = A + B + C", (n) =>
    n.op === "add" && n.args.some((a) => a.kind === "op" && a.op === "add") ? add(n.args) : null),
  rule("cancel-quotient", "(c s) / s = c, s / s = 1", (n) => {
    if (n.op !== "div") return null;
    const [a, s] = n.args as [Expr, Expr];
    if (a === s) return num(1);
    if (a.kind === "op" && a.op === "scale" && a.args[1] === s) return a.args[0]!;
    if (a.kind === "op" && a.op === "scale" && a.args[0] === s) return a.args[1]!;
    return null;
  }),
  rule("broadcast-explicit", "outside an elementwise operation a stretched value is written with ones: 𝟏 r, c 𝟏ᵀ", (n) => {
    if (BROADCASTING.has(n.op) || !n.args.some((a) => a.kind === "op" && a.op === "broadcast")) return null;
    return make(n.op, n.args.map(explicitBroadcast), n.attr);
  }),
  rule("zero-product", "0·A = A·0 = 0", (n) =>
    ["matmul", "scale", "hadamard", "kron"].includes(n.op) && n.args.some(isZero) ? zeroLike(n)
      : (n.op === "div" || n.op === "hdiv") && isZero(n.args[0]!) ? zeroLike(n)
      : ["neg", "transpose", "vec", "unvec", "sum", "tr", "diagEmbed", "diagExtract", "broadcast"].includes(n.op) && isZero(n.args[0]!)
        ? zeroLike(n) : null),
  rule("add-zero", "A + 0 = A", (n) => {
    if (n.op !== "add" || !n.args.some(isZero)) return null;
    const rest = n.args.filter((a) => !isZero(a));
    return rest.length === 0 ? zeroLike(n) : add(rest);
  }),
  rule("identity-product", "I A = A I = A", (n) => {
    if (n.op !== "matmul") return null;
    if (isIdentity(n.args[0]!)) return n.args[1]!;
    if (isIdentity(n.args[1]!)) return n.args[0]!;
    return null;
  }),
  rule("scale-one", "1·A = A", (n) => (n.op === "scale" && isNum(n.args[0]!, 1) ? n.args[1]! : null)),
  rule("scale-minus-one", "(−1)·A = −A", (n) => (n.op === "scale" && isNum(n.args[0]!, -1) ? neg(n.args[1]!) : null)),
  rule("scale-numbers", "a·(b·A) = (ab)·A for numbers a, b", (n) => {
    if (n.op !== "scale") return null;
    const [s, m] = n.args as [Expr, Expr];
    if (s.kind === "num" && m.kind === "num") return num(s.value * m.value);
    if (s.kind === "num" && m.kind === "op" && m.op === "scale" && m.args[0]!.kind === "num") return scale(num(s.value * m.args[0]!.value), m.args[1]!);
    if (s.kind === "num" && m.kind === "op" && m.op === "neg") return scale(num(-s.value), m.args[0]!);
    if (s.kind !== "num" && m.kind === "num") return scale(m, s);
    return null;
  }),
  rule("hadamard-ones", "𝟏 ⊙ A = A", (n) => {
    if (n.op !== "hadamard") return null;
    if (isOneEverywhere(n.args[0]!)) return n.args[1]!;
    if (isOneEverywhere(n.args[1]!)) return n.args[0]!;
    return null;
  }),
  rule("hadamard-scalar", "(s𝟏) ⊙ A = s A", (n) => {
    if (n.op !== "hadamard") return null;
    for (const i of [0, 1]) {
      const a = n.args[i]!;
      if (a.kind === "op" && a.op === "broadcast" && isScalarShape(a.args[0]!.shape)) return scale(a.args[0]!, n.args[1 - i]!);
    }
    return null;
  }),
  rule("hadamard-reciprocal", "(1 ⊘ B) ⊙ C = C ⊘ B", (n) => {
    if (n.op !== "hadamard") return null;
    for (const i of [0, 1]) {
      const a = n.args[i]!;
      if (a.kind === "op" && a.op === "hdiv" && isOneEverywhere(a.args[0]!)) return hdiv(n.args[1 - i]!, a.args[1]!);
    }
    return null;
  }),
  rule("cancel-elementwise", "(A ⊘ B) ⊙ B = A", (n) => {
    if (n.op !== "hadamard") return null;
    for (const i of [0, 1]) {
      const a = n.args[i]!;
      if (a.kind === "op" && a.op === "hdiv" && a.args[1] === n.args[1 - i]) return a.args[0]!;
    }
    return null;
  }),
  rule("inner-of-quotient", "uᵀ(v ⊘ u) = sum(v) for vectors", (n) => {
    if (n.op !== "matmul" || !isScalarShape(n.shape)) return null;
    const [l, r] = n.args as [Expr, Expr];
    if (l.kind === "op" && l.op === "transpose" && r.kind === "op" && r.op === "hdiv" && r.args[1] === l.args[0]) return sum(r.args[0]!);
    return null;
  }),
  rule("linear-of-negation", "sum(−A) = −sum(A), and likewise tr, vec, diag", (n) => {
    if (!["sum", "tr", "vec", "unvec", "diagEmbed", "diagExtract"].includes(n.op)) return null;
    const a = n.args[0]!;
    return a.kind === "op" && a.op === "neg" ? neg(make(n.op, [a.args[0]!], n.attr)) : null;
  }),
  rule("divide-twice", "(A / s) / t = A / (s t), (A / s) / s = A / s²", (n) => {
    if (n.op !== "div") return null;
    const [a, t] = n.args as [Expr, Expr];
    if (a.kind !== "op" || a.op !== "div") return null;
    const s = a.args[1]!;
    return div(a.args[0]!, s === t ? power(s, num(2)) : scale(s, t));
  }),
  rule("inverse-pair", "A A⁻¹ = A⁻¹ A = I (also transposed) inside a product", (n) => {
    if (n.op !== "matmul") return null;
    const factors = productFactors(n);
    const inverseOf = (a: Expr, b: Expr): boolean => {
      const inv = (e: Expr) => (e.kind === "op" && e.op === "inv" ? e.args[0]! : null);
      const tr = (e: Expr) => (e.kind === "op" && e.op === "transpose" ? e.args[0]! : null);
      if (inv(a) === b || inv(b) === a) return true;
      const ta = tr(a);
      const tb = tr(b);
      return ta !== null && tb !== null && (inv(ta) === tb || inv(tb) === ta);
    };
    for (let k = 0; k + 1 < factors.length; k++) {
      if (!inverseOf(factors[k]!, factors[k + 1]!)) continue;
      const rest = [...factors.slice(0, k), ...factors.slice(k + 2)];
      if (rest.length === 0) return identity(n.shape.rows);
      return rest.reduce((acc, f) => (isScalarShape(acc.shape) ? scale(acc, f) : isScalarShape(f.shape) ? scale(f, acc) : matmul(acc, f)));
    }
    return null;
  }),
  rule("scalar-cancel", "s (1/s) = 1, sign(s) (1/|s|) = 1/s, |s| sign(s) = s", (n) => {
    if (!isScalarShape(n.shape) || (n.op !== "scale" && n.op !== "hadamard" && n.op !== "matmul")) return null;
    const [a, b] = n.args as [Expr, Expr];
    const reciprocalOf = (e: Expr) => (e.kind === "op" && e.op === "div" && isNum(e.args[0]!, 1) ? e.args[1]! : null);
    const fn = (e: Expr, op: string) => (e.kind === "op" && e.op === op ? e.args[0]! : null);
    for (const [x, y] of [[a, b], [b, a]] as const) {
      if (reciprocalOf(y) === x) return num(1);
      const r = reciprocalOf(y);
      if (r && fn(r, "abs") !== null && fn(x, "sign") === fn(r, "abs")) return div(num(1), fn(x, "sign")!);
      if (fn(x, "abs") !== null && fn(x, "abs") === fn(y, "sign")) return fn(x, "abs")!;
    }
    return null;
  }),
  rule("merge-scalars", "a (b M) = (a b) M for scalars a, b", (n) => {
    if (n.op !== "scale" || isScalarShape(n.shape)) return null;
    const [a, m] = n.args as [Expr, Expr];
    if (m.kind !== "op" || m.op !== "scale" || a.kind === "num" || m.args[0]!.kind === "num") return null;
    return scale(scale(a, m.args[0]!), m.args[1]!);
  }),
  rule("neg-neg", "−(−A) = A", (n) => (n.op === "neg" && n.args[0]!.kind === "op" && n.args[0]!.op === "neg" ? n.args[0]!.args[0]! : null)),
  rule("neg-number", "−(c) = (−c)", (n) => (n.op === "neg" && n.args[0]!.kind === "num" ? num(-n.args[0]!.value) : null)),
  rule("negative-scale", "(−c)A = −(cA): a negative number factor is written as a sign", (n) =>
    n.op === "scale" && n.args[0]!.kind === "num" && n.args[0]!.value < 0 && !isScalarShape(n.shape)
      ? neg(scale(num(-n.args[0]!.value), n.args[1]!)) : null),
  rule("square-scalar", "a a = a²", (n) =>
    (n.op === "scale" || n.op === "hadamard" || n.op === "matmul") && isScalarShape(n.shape) && n.args[0] === n.args[1] && n.args[0]!.kind !== "num"
      ? power(n.args[0]!, num(2)) : null),
  rule("inverse-twice", "(X⁻¹)⁻¹ = X", (n) => (n.op === "inv" && n.args[0]!.kind === "op" && n.args[0]!.op === "inv" ? n.args[0]!.args[0]! : null)),
  rule("product-sign", "(−A)B = A(−B) = −(AB)", (n) => {
    if (n.op !== "matmul" && n.op !== "hadamard" && n.op !== "kron" && n.op !== "scale") return null;
    const [a, b] = n.args as [Expr, Expr];
    const make2 = (x: Expr, y: Expr): Expr => make(n.op, [x, y], n.attr);
    if (a.kind === "op" && a.op === "neg") return neg(make2(a.args[0]!, b));
    if (b.kind === "op" && b.op === "neg") return neg(make2(a, b.args[0]!));
    return null;
  }),
  rule("product-scalar-out", "(sA)B = A(sB) = s(AB) for a scalar s", (n) => {
    if (n.op !== "matmul") return null;
    const [a, b] = n.args as [Expr, Expr];
    const scaled = (e: Expr): e is OpNode => e.kind === "op" && e.op === "scale";
    if (scaled(a)) return scale(a.args[0]!, matmul(a.args[1]!, b));
    if (scaled(b)) return scale(b.args[0]!, matmul(a, b.args[1]!));
    if (a.kind === "num") return scale(a, b);
    if (b.kind === "num") return scale(b, a);
    return null;
  }),
  rule("product-with-scalar", "a 1×1 factor of a matrix product is a scaling: A s = s A", (n) => {
    if (n.op !== "matmul" || isScalarShape(n.shape)) return null;
    if (isScalarShape(n.args[1]!.shape)) return scale(n.args[1]!, n.args[0]!);
    if (isScalarShape(n.args[0]!.shape)) return scale(n.args[0]!, n.args[1]!);
    return null;
  }),
  rule("fold-numbers", "arithmetic on numbers", (n) => {
    if (!n.args.length || !n.args.every((a) => a.kind === "num")) return null;
    const v = n.args.map((a) => (a as { value: number }).value);
    switch (n.op) {
      case "add": return num(v.reduce((x, y) => x + y, 0));
      case "hadamard": case "matmul": case "scale": return num(v[0]! * v[1]!);
      case "div": case "hdiv": return v[1] !== 0 && Number.isInteger(v[0]! / v[1]!) ? num(v[0]! / v[1]!) : null;
      case "power": return Number.isInteger(v[1]!) && Math.abs(v[1]!) <= 8 && Number.isInteger(Math.pow(v[0]!, v[1]!)) ? num(Math.pow(v[0]!, v[1]!)) : null;
      case "transpose": case "vec": case "sum": case "tr": return n.args[0]!;
      default: return null;
    }
  }),
  rule("power-trivial", "a¹ = a, a⁰ = 1, A.^1 = A", (n) => {
    if ((n.op === "power" || n.op === "hpow") && isNum(n.args[1]!, 1)) return n.args[0]!;
    if (n.op === "power" && isNum(n.args[1]!, 0)) return num(1);
    if (n.op === "hpow" && isNum(n.args[1]!, 0)) return broadcast(num(1), n.shape);
    return null;
  }),
  rule("divide-by-one", "A / 1 = A", (n) => ((n.op === "div" || n.op === "hdiv") && isOneEverywhere(n.args[1]!) ? n.args[0]! : null)),
  rule("one-by-one-constant", "a 1×1 identity, ones or zeros matrix is the number", (n) => {
    if (!isScalarShape(n.shape)) return null;
    if (n.op === "ones") return num(1);
    if (n.op === "zeros") return num(0);
    if (n.op === "broadcast") return n.args[0]!;
    return null;
  }),
];
