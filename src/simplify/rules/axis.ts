/**
 * Rules for the axis operations: a sign moves out of a stretched value, and
 * the softmax Jacobian-vector products collect their common factor, so the
 * gradient of softmax(Z, 2) reads S ⊙ (G − (G ⊙ S) 𝟏), the row-sum form,
 * rather than G ⊙ S − ((G ⊙ S) 𝟏) ⊙ S.
 */
import type { Expr } from "../../expr/node.js";
import { broadcast, div, hadamard, neg, sub } from "../../ops/make.js";
import { sliceLength } from "../../ops/axis.js";
import { isOne } from "../../shapes/dim.js";
import { type Rule, rule } from "../rule.js";

const isOp = (e: Expr, op: string): e is Extract<Expr, { kind: "op" }> => e.kind === "op" && e.op === op;

/** t as (sign, a, b) when t is ±(a ⊙ b). */
function signedHadamard(t: Expr): { sign: 1 | -1; args: readonly [Expr, Expr] } | null {
  const sign = isOp(t, "neg") ? -1 : 1;
  const body = isOp(t, "neg") ? t.args[0]! : t;
  return isOp(body, "hadamard") ? { sign, args: [body.args[0]!, body.args[1]!] } : null;
}

export const axisRules: readonly Rule[] = [
  // sum, mean, max and min of a single entry are that entry, and it is its slice's largest and smallest: on a 1×n A,
  // sum(A, 1) = mean(A, 1) = max(A, 1) = A and isMax(A, 1) = 𝟏 (a nest of reductions is scalar after two levels).
  rule("one-entry-slices", "a reduction over slices of one entry is the identity: sum(A, 1) = max(A, 1) = A and isMax(A, 1) = 𝟏 for a row A",
    ["sum", "sumAxis", "mean", "max", "min", "isMax", "isMin"], (n) => {
      if (!isOne(sliceLength(n.args[0]!.shape, n.attr.axis))) return null;
      return n.op === "isMax" || n.op === "isMin" ? broadcast(n.graph.num(1), n.shape) : n.args[0]!;
    }),
  rule("broadcast-sign", "a stretched −a is −(a stretched)", ["broadcast"], (n) => {
    const a = n.args[0]!;
    return isOp(a, "neg") ? neg(broadcast(a.args[0]!, n.shape)) : null;
  }),
  rule("quotient-sign", "(−A)/s = −(A/s), as a mean's gradient divides by n", ["div"], (n) => {
    const a = n.args[0]!;
    return isOp(a, "neg") ? neg(div(a.args[0]!, n.args[1]!)) : null;
  }),
  rule("softmax-factor", "S ⊙ A − S ⊙ B = S ⊙ (A − B), S = softmax(Z, d)", ["add"], (n) => {
    if (n.args.length !== 2) return null;
    const [p, q] = n.args.map(signedHadamard);
    if (!p || !q || p.sign !== 1) return null;
    for (const s of p.args) {
      if (!isOp(s, "softmax") || s.attr.axis === undefined || !q.args.includes(s)) continue;
      const a = p.args[0] === s ? p.args[1] : p.args[0];
      const b = q.args[0] === s ? q.args[1] : q.args[0];
      return hadamard(s, q.sign === 1 ? broadcastAdd(a, b) : sub(a, b));
    }
    return null;
  }),
];

const broadcastAdd = (a: Expr, b: Expr): Expr => sub(a, neg(b));
