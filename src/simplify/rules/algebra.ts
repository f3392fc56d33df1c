/**
 * Rules that drop zeros and identities, fold numbers, and move signs and
 * numeric factors outward so equal terms can be collected.
 */
import type { Expr, OpNode } from "../../expr/node.js";
import { isNum, num } from "../../expr/node.js";
import { add, broadcast, hdiv, make, matmul, neg, scale, zeros } from "../../ops/make.js";
import { isScalarShape } from "../../shapes/shape.js";
import type { Rule } from "../engine.js";
import { isIdentity, isOneEverywhere, isZero } from "./util.js";

const rule = (id: string, reason: string, apply: (n: OpNode) => Expr | null): Rule => ({ id, reason, apply });
const zeroLike = (n: OpNode): Expr => (isScalarShape(n.shape) ? num(0) : zeros(n.shape));

export const algebraRules: readonly Rule[] = [
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
    if (isIdentity(n.args[0]!) && n.args[1]!.shape.rows === n.shape.rows) return n.args[1]!;
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
  rule("neg-neg", "−(−A) = A", (n) => (n.op === "neg" && n.args[0]!.kind === "op" && n.args[0]!.op === "neg" ? n.args[0]!.args[0]! : null)),
  rule("neg-number", "−(c) = (−c)", (n) => (n.op === "neg" && n.args[0]!.kind === "num" ? num(-n.args[0]!.value) : null)),
  rule("neg-scale", "−(cA) = (−c)A", (n) =>
    n.op === "neg" && n.args[0]!.kind === "op" && n.args[0]!.op === "scale" && n.args[0]!.args[0]!.kind === "num"
      ? scale(num(-n.args[0]!.args[0]!.value), n.args[0]!.args[1]!) : null),
  rule("product-sign", "(−A)B = A(−B) = −(AB)", (n) => {
    if (n.op !== "matmul" && n.op !== "hadamard" && n.op !== "kron" && n.op !== "scale") return null;
    const [a, b] = n.args as [Expr, Expr];
    const make2 = (x: Expr, y: Expr): Expr => make(n.op, [x, y], n.attr);
    if (a.kind === "op" && a.op === "neg") return neg(make2(a.args[0]!, b));
    if (b.kind === "op" && b.op === "neg") return neg(make2(a, b.args[0]!));
    return null;
  }),
  rule("product-number", "(cA)B = A(cB) = c(AB) for a number c", (n) => {
    if (n.op !== "matmul") return null;
    const [a, b] = n.args as [Expr, Expr];
    const numeric = (e: Expr) => e.kind === "op" && e.op === "scale" && e.args[0]!.kind === "num";
    if (numeric(a)) return scale((a as OpNode).args[0]!, matmul((a as OpNode).args[1]!, b));
    if (numeric(b)) return scale((b as OpNode).args[0]!, matmul(a, (b as OpNode).args[1]!));
    if (a.kind === "num") return scale(a, b);
    if (b.kind === "num") return scale(b, a);
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
