/**
 * The one rule type, its constructor, and the generic constructors most
 * rules are made from. A rule names the operators it rewrites (its heads),
 * so the engine tries at a node only the rules for that node's operator.
 */
import type { Expr, OpNode } from "../expr/node.js";
import type { OpName } from "../expr/names.js";
import type { OpStanza } from "../ops/stanza.js";
import { allStanzas } from "../ops/registry.js";

export interface Rule {
  readonly id: string;
  /** The identity, in words or symbols: "(AB)ᵀ = BᵀAᵀ". */
  readonly reason: string;
  /** The operators whose nodes the rule rewrites. */
  readonly heads: readonly OpName[];
  /**
   * What the identity takes for granted beyond the operators' own algebra
   * (an --assume fact); every rule assumes that matrix products do not commute.
   */
  readonly assumes: readonly string[];
  apply(node: OpNode, context: RuleContext): Expr | null;
}

/** What the engine knows beyond the node a rule rewrites. */
export interface RuleContext {
  /**
   * Whether e is what a node of the input used in more than one place simplified to (a program's named value, or
   * a Jacobian that the next step's uses twice): rewriting it into its users would copy it into each of them.
   */
  shared(e: Expr): boolean;
}

/** One rewrite as --steps prints it. */
export interface Step {
  readonly rule: string;
  readonly reason: string;
  /** What the rule took for granted (an --assume fact), if anything. */
  readonly assumes: readonly string[];
  readonly before: Expr;
  readonly after: Expr;
}

export function rule(id: string, reason: string, heads: readonly OpName[], apply: (n: OpNode, context: RuleContext) => Expr | null, assumes: readonly string[] = []): Rule {
  return { id, reason, heads, assumes, apply };
}

/** The operators whose stanzas have a property: heads chosen by the operators' algebra, not by a list of names. */
export function opsWhere(has: (s: OpStanza) => boolean): OpName[] {
  return allStanzas().filter(has).map((s) => s.op);
}

const argOf = (e: Expr, op: OpName): Expr | null => (e.kind === "op" && e.op === op ? e.args[0]! : null);

/** Remove an identity element: e ∘ A = A (side 0) and A ∘ e = A (side 1). */
export function removeIdentity(id: string, reason: string, op: OpName, isUnit: (e: Expr) => boolean, sides: readonly (0 | 1)[] = [0, 1]): Rule {
  return rule(id, reason, [op], (n) => {
    for (const i of sides) if (isUnit(n.args[i]!)) return n.args[1 - i]!;
    return null;
  });
}

/** Cancel an operator applied to its own inverse: f(g(A)) = A, e.g. −(−A) = A, (X⁻¹)⁻¹ = X. */
export function cancelInverse(id: string, reason: string, outer: OpName, inner: OpName, when: (n: OpNode, a: Expr) => boolean = () => true): Rule {
  return rule(id, reason, [outer], (n) => {
    const a = argOf(n.args[0]!, inner);
    return a !== null && when(n, a) ? a : null;
  });
}

/** Whether v is 0 or a finite float64 of full precision (not subnormal). */
export const isNormalNumber = (v: number): boolean => v === 0 || (Number.isFinite(v) && Math.abs(v) >= 2 ** -1022);

/** Fold numbers: an operator on number arguments whose value `fold` gives (null: leave it). */
export function foldConstants(id: string, reason: string, folds: Partial<Record<OpName, (v: readonly number[], n: OpNode) => Expr | null>>): Rule {
  const heads = Object.keys(folds) as OpName[];
  return rule(id, reason, heads, (n) => {
    if (!n.args.length || !n.args.every((a) => a.kind === "num")) return null;
    const folded = folds[n.op]!(n.args.map((a) => (a as { value: number }).value), n);
    // Numbers fold only to a normal float64: 2·2·…·2 past 2¹⁰²⁴ stays a product, not Infinity, and 0.5·0.5·… below
    // 2⁻¹⁰²² stays one too, not a subnormal short of digits, nor 0 from arguments that are not 0.
    if (folded?.kind !== "num") return folded;
    // (A sum of numbers may be 0 exactly; a product or quotient of nonzero numbers only by underflow.)
    const vanished = folded.value === 0 && n.op !== "add" && n.args.every((a) => (a as { value: number }).value !== 0);
    return isNormalNumber(folded.value) && !vanished ? folded : null;
  });
}
