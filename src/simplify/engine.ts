/**
 * The rewriting engine. A rule has an id, a reason (the identity it
 * applies) and a function that rewrites one node or declines. `simplify`
 * rebuilds the graph bottom-up, applying the rules for each node's
 * operator (in catalogue order) until none applies, memoised by node id so shared subexpressions are rewritten
 * once. Every application is recorded, which gives `--steps` its lines.
 */
import type { Expr, OpNode } from "../expr/node.js";
import type { OpName } from "../expr/names.js";
import { topoOrder } from "../expr/traverse.js";
import { make } from "../ops/make.js";
import type { Rule } from "./rule.js";

export type { Rule } from "./rule.js";

export interface Step {
  readonly rule: string;
  readonly reason: string;
  /** What the rule took for granted (an --assume fact), if anything. */
  readonly assumes: readonly string[];
  readonly before: Expr;
  readonly after: Expr;
}

/** A bound on rule applications, so a rule set that cycles cannot hang. */
const MAX_REWRITES = 200_000;

export class Simplifier {
  private readonly memo = new Map<number, Expr>();
  private rewrites = 0;
  private readonly inProgress = new Set<number>();
  readonly steps: Step[] = [];
  /** The rules for each operator, in catalogue order. */
  private readonly byHead = new Map<OpName, Rule[]>();

  constructor(rules: readonly Rule[]) {
    for (const r of rules) {
      for (const head of r.heads) {
        const list = this.byHead.get(head) ?? [];
        if (!list.includes(r)) list.push(r);
        this.byHead.set(head, list);
      }
    }
  }

  run(root: Expr): Expr {
    for (const node of topoOrder([root])) {
      if (!this.memo.has(node.id)) this.memo.set(node.id, this.normalise(node));
    }
    return this.memo.get(root.id)!;
  }

  /** Rebuild a node from simplified arguments, then rewrite it to a fixed point. */
  private normalise(node: Expr): Expr {
    if (node.kind !== "op") return node;
    const args = node.args.map((a) => this.memo.get(a.id) ?? this.run(a));
    const current: Expr = args.every((a, i) => a === node.args[i]) ? node : make(node.op, args, node.attr);
    const known = this.memo.get(current.id);
    if (known) return known;
    if (current.kind !== "op" || this.inProgress.has(current.id)) return current;
    this.inProgress.add(current.id);
    try {
      const result = this.rewrite(current);
      this.memo.set(current.id, result);
      return result;
    } finally {
      this.inProgress.delete(current.id);
    }
  }

  private rewrite(op: OpNode): Expr {
    for (const rule of this.byHead.get(op.op) ?? []) {
      const rewritten = rule.apply(op);
      if (rewritten === null || rewritten === op) continue;
      if (++this.rewrites > MAX_REWRITES) return op;
      this.steps.push({ rule: rule.id, reason: rule.reason, assumes: rule.assumes, before: op, after: rewritten });
      const known = this.memo.get(rewritten.id);
      if (known) return known;
      // A rewrite that leads back to a node being rewritten is a cycle: stop here.
      if (this.inProgress.has(rewritten.id)) return op;
      return this.run(rewritten);
    }
    return op;
  }
}

export function simplify(root: Expr, rules: readonly Rule[]): { result: Expr; steps: readonly Step[] } {
  const s = new Simplifier(rules);
  const result = s.run(root);
  return { result, steps: s.steps };
}
