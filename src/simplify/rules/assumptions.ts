/**
 * Rules that follow from --assume facts: a symmetric (or SPD) S equals its
 * transpose, and so does its inverse: Sᵀ = S, (S⁻¹)ᵀ = S⁻¹. An orthogonal Q
 * has Q⁻¹ = Qᵀ. The rows of a stochastic T sum to 1: T 𝟏 = 𝟏 and
 * sum(T, 2) = 𝟏.
 */
import type { Expr, OpNode } from "../../expr/node.js";
import { ones, transpose } from "../../ops/make.js";
import { type Fact, isSymmetricFact } from "../../numeric/instance.js";
import { type Rule, rule } from "../rule.js";
import { isSymmetricGiven } from "./util.js";

const isVarIn = (e: Expr, names: ReadonlySet<string>): boolean => e.kind === "var" && e.role === "input" && names.has(e.name);

/**
 * The facts that still hold as the `moving` variables move along the directions a check moves them in: X symmetric
 * (or spd) moves along symmetric directions, a linear space, and positive entries stay positive nearby. An orthogonal
 * Q or a T whose rows sum to 1 leaves its set along almost every direction, so Q⁻¹ = Qᵀ or T 𝟏 = 𝟏 holds at the point
 * only: a gradient simplified with them would be differentiated as another function. Names that do not move keep
 * every fact.
 */
export function directionalFacts(assumptions: ReadonlyMap<string, ReadonlySet<Fact>>, moving: readonly string[]): Map<string, Set<Fact>> {
  const kept = new Map<string, Set<Fact>>();
  for (const [name, facts] of assumptions) {
    const along = moving.includes(name) ? [...facts].filter((f) => f === "symmetric" || f === "spd" || f === "positive") : [...facts];
    if (along.length) kept.set(name, new Set(along));
  }
  return kept;
}

export function assumptionRules(assumptions: ReadonlyMap<string, ReadonlySet<Fact>>): Rule[] {
  const symmetric = new Set([...assumptions].filter(([, f]) => isSymmetricFact(f)).map(([n]) => n));
  const orthogonal = new Set([...assumptions].filter(([, f]) => f.has("orthogonal")).map(([n]) => n));
  const rules: Rule[] = [];
  if (symmetric.size) {
    const facts = [...symmetric].map((name) => `${name} is symmetric`);
    rules.push(rule("assume-symmetric", `Sᵀ = S and (S⁻¹)ᵀ = S⁻¹ for symmetric ${[...symmetric].join(", ")} (--assume)`, ["transpose"], (n: OpNode) => {
      const a = n.args[0]!;
      // S, S⁻¹, a congruence XᵀSX, A + XᵀCX with A, C symmetric, and their inverses
      return isSymmetricGiven(a, symmetric) ? a : null;
    }, facts));
  }
  if (orthogonal.size) {
    const facts = [...orthogonal].map((name) => `${name} is orthogonal`);
    rules.push(rule("assume-orthogonal", `Q⁻¹ = Qᵀ for orthogonal ${[...orthogonal].join(", ")} (--assume)`, ["inv"],
      (n: OpNode) => (isVarIn(n.args[0]!, orthogonal) ? transpose(n.args[0]!) : null), facts));
  }
  const stochastic = new Set([...assumptions].filter(([, f]) => f.has("stochastic")).map(([n]) => n));
  if (stochastic.size) {
    const facts = [...stochastic].map((name) => `the rows of ${name} sum to 1`);
    const isOnesColumn = (e: Expr): boolean => e.kind === "op" && e.op === "ones" && e.shape.cols.coef === 1 && e.shape.cols.syms.length === 0;
    rules.push(rule("assume-rows-sum-to-1", `T 𝟏 = 𝟏 and sum(T, 2) = 𝟏 when the rows of T sum to 1: ${[...stochastic].join(", ")} (--assume)`, ["matmul", "sumAxis"], (n: OpNode) => {
      const t = n.args[0]!;
      if (!isVarIn(t, stochastic)) return null;
      // T 𝟏_K = 𝟏_N: each row of T sums to 1
      if (n.op === "matmul" && isOnesColumn(n.args[1]!)) return ones(n.graph, n.shape.rows);
      // sum(T, 2) = 𝟏_N
      if (n.op === "sumAxis" && n.attr.axis === 2) return ones(n.graph, n.shape.rows);
      return null;
    }, facts));
  }
  return rules;
}
