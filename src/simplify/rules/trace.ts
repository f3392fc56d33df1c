/**
 * Trace rules: tr(s) = s for a scalar; tr(Aᵀ) = tr(A); tr(A + B) = tr A + tr B.
 * The cyclic rule tr(ABC) = tr(BCA) = tr(CAB) is used when collecting terms
 * (rules/collect.ts: tr(AB) + tr(BA) = 2 tr(AB)), keeping the form written first.
 */
import { add, staysWhole, tr } from "../../ops/make.js";
import { isScalarShape } from "../../shapes/shape.js";
import { type Rule, rule } from "../rule.js";

export const traceRules: readonly Rule[] = [
  rule("trace-of-scalar", "tr(s) = s for a scalar", ["tr"], (n) => (isScalarShape(n.args[0]!.shape) ? n.args[0]! : null)),
  rule("trace-of-transpose", "tr(Aᵀ) = tr(A)", ["tr"], (n) =>
    n.args[0]!.kind === "op" && n.args[0]!.op === "transpose" ? tr(n.args[0]!.args[0]!) : null),
  // Not over a sum that stays whole in the sums built on it (transpose-sum's reason: opened, it is copied term by term).
  rule("trace-of-sum", "tr(A + B) = tr(A) + tr(B)", ["tr"], (n) =>
    n.args[0]!.kind === "op" && n.args[0]!.op === "add" && !staysWhole(n.args[0]!) ? add(n.args[0]!.args.map(tr)) : null),
];
