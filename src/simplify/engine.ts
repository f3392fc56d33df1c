/**
 * The rewriting engine. A rule has an id, a reason (the identity it
 * applies) and a function that rewrites one node or declines. `simplify`
 * rebuilds the graph bottom-up, applying the rules for each node's
 * operator (in catalogue order) until none applies, memoised by node id so shared subexpressions are rewritten
 * once. Every application is recorded, which gives `--steps` its lines.
 */
import type { Expr, OpNode } from "../expr/node.js";
import type { OpName } from "../expr/names.js";
import type { Rule, RuleContext, Step } from "./rule.js";
import { topoOrder } from "../expr/traverse.js";
import { ById, CountById } from "../expr/by-id.js";
import { withArgumentsFrom } from "./by-id.js";
import { isScalarShape } from "../shapes/shape.js";
import { keepingTransposesOut, present, pushesTransposesIn } from "./present.js";
import { keepWholeIfSum } from "../ops/make.js";
import { firstFactor, lastFactor } from "./rules/util.js";

export type { Rule, Step } from "./rule.js";


/**
 * A bound on rule applications, so a rule set that cycles cannot hang: proportional to the graph's size when
 * simplification starts (a nest 26,000 deep legitimately takes 200,000 rewrites, about 8 per level), at least
 * MIN_REWRITES. Stopping early keeps the value but not the form: a sum whose equal terms are not yet collected
 * prints every one of them.
 */
const REWRITES_PER_NODE = 20;
const MIN_REWRITES = 200_000;
/**
 * A bound on the nodes rewriting may add to the graph, relative to its size
 * when simplification starts: where rewrites grow the graph faster than the
 * input (long product chains re-associated at every level), the simplifier
 * stops rewriting within seconds. Every rewrite keeps the value, so the
 * result stays right, only less simplified.
 */
const NODE_GROWTH = 20;
const MIN_NODE_BUDGET = 100_000;

/**
 * The rules for each operator, in catalogue order, found when a simplifier first meets the operator and kept per list
 * of rules: a derivation builds several simplifiers, and a batch of 2,000 entries thousands, each of which sorted the
 * catalogue anew. Found on demand, a small derivation indexes the dozen operators it has, not all seventy.
 */
class RulesByHead {
  private readonly found = new Map<OpName, readonly Rule[]>();
  constructor(private readonly rules: readonly Rule[]) {}

  get(op: OpName): readonly Rule[] {
    let list = this.found.get(op);
    if (list === undefined) {
      const rules: Rule[] = [];
      // Indexed loops: this runs at start-up, before the engine is optimised, where for-of allocates per element.
      for (let i = 0; i < this.rules.length; i++) {
        const heads = this.rules[i]!.heads;
        for (let j = 0; j < heads.length; j++) {
          if (heads[j] !== op) continue;
          rules.push(this.rules[i]!);
          break;
        }
      }
      this.found.set(op, (list = rules));
    }
    return list;
  }
}
const BY_HEAD = new WeakMap<readonly Rule[], RulesByHead>();
function rulesByHead(rules: readonly Rule[]): RulesByHead {
  let byHead = BY_HEAD.get(rules);
  if (!byHead) BY_HEAD.set(rules, (byHead = new RulesByHead(rules)));
  return byHead;
}

export class Simplifier {
  private readonly memo = new ById<Expr>();
  private rewrites = 0;
  /** Set once a budget ran out or a cycle was cut: from then on no node is recorded as final. */
  private stopped = false;
  private nodeLimit: number | undefined;
  private rewriteLimit: number | undefined;
  private readonly inProgress = new CountById();
  /** How many parents each input node has (counted over what each run adds), and what the shared ones simplified to. */
  private readonly parents = new CountById();
  private readonly sharedResults = new CountById();
  private readonly context: RuleContext = { shared: (e) => this.sharedResults.has(e.id) };
  readonly steps: Step[] = [];
  /** The rules for each operator, in catalogue order. */
  private readonly byHead: RulesByHead;

  /**
   * `finals`: nodes earlier simplifiers with the same rules found already simple (each simplified to itself with no
   * step anywhere below it), shared by the derivatives of one derivation. They are taken as they are, with no step
   * missing from any derivative's list, so fifty --wrt names of one long sum walk the sum once, not fifty times.
   */
  constructor(rules: readonly Rule[], private readonly finals?: CountById) {
    this.byHead = rulesByHead(rules);
  }

  /**
   * Simplify `root`. An explicit stack, not recursion, so depth costs no
   * stack: a frame waits for its arguments (left to right, each distinct
   * node once), then for the simplification of what a rule rewrote it to.
   * Nodes already simplified are not entered again, so repeated calls (and
   * rewrites whose results share the graph) cost only their new nodes.
   */
  run(root: Expr): Expr {
    // Simplified before (--steps asks again for what its records share): no walk, nothing allocated.
    const known = this.memo.get(root.id);
    if (known) return known;
    this.nodeLimit ??= Math.max(MIN_NODE_BUDGET, NODE_GROWTH * root.graph.size);
    this.rewriteLimit ??= Math.max(MIN_REWRITES, REWRITES_PER_NODE * root.graph.size);
    this.countParents(root);
    const stack: Frame[] = [{ node: root, next: 0, stepsAt: this.steps.length }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.pending) {
        // The rewritten node is simplified: it is what top.node simplifies to.
        stack.pop();
        const result = this.memo.get(top.pending.rewritten.id)!;
        this.memo.set(top.pending.current.id, result);
        this.inProgress.clear(top.pending.current.id);
        this.finish(top.node, result);
        continue;
      }
      if (this.memo.has(top.node.id)) {
        stack.pop();
        continue;
      }
      if (this.finals?.has(top.node.id)) {
        stack.pop();
        this.finish(top.node, top.node);
        continue;
      }
      const args = top.node.kind === "op" ? top.node.args : [];
      if (top.next < args.length) {
        const child = args[top.next++]!;
        if (!this.memo.has(child.id)) stack.push({ node: child, next: 0, stepsAt: this.steps.length });
        continue;
      }
      const outcome = this.normalise(top.node);
      if ("result" in outcome) {
        stack.pop();
        this.finish(top.node, outcome.result);
        // Final only where the rules ran to the end: a node left as it was because a budget ran out, or a cycle was
        // cut, is not one another derivative's simplifier (with budgets of its own) may take as it is.
        if (outcome.result === top.node && this.steps.length === top.stepsAt && !this.stopped) this.finals?.add(top.node.id);
      } else {
        top.pending = outcome;
        stack.push({ node: outcome.rewritten, next: 0, stepsAt: this.steps.length });
      }
    }
    return this.memo.get(root.id)!;
  }

  /** Count the parents of the sums not yet simplified (the walk stops at simplified ones: linear in what is new). */
  private countParents(root: Expr): void {
    const order = topoOrder([root], (id) => this.memo.has(id) || this.finals?.has(id) === true);
    for (let i = 0; i < order.length; i++) {
      const n = order[i]!;
      if (n.kind !== "op" || this.memo.has(n.id)) continue;
      for (let j = 0; j < n.args.length; j++) {
        const a = n.args[j]!;
        if (!sharingMatters(a)) continue;
        this.parents.add(a.id);
        // Simplified in an earlier run with one parent, it is shared now (--steps simplifies a residual chain's
        // cotangents one by one: āᵢ, then āᵢ₋₁ = āᵢ + Wᵀ(āᵢ ⊙ Dᵢ), which uses āᵢ twice).
        const done = this.parents.get(a.id) === 2 ? this.memo.get(a.id) : undefined;
        if (done) this.markShared(a, done);
      }
    }
  }

  private finish(node: Expr, result: Expr): void {
    this.memo.set(node.id, result);
    if (this.parents.get(node.id) >= 2) this.markShared(node, result);
  }

  /** `node`, with two parents or more, simplified to `result`: a sum or scalar product there stays whole in its users. */
  private markShared(node: Expr, result: Expr): void {
    if (sumOrScalar(node)) this.sharedResults.add(result.id);
    // A shared s·M shares its scalar s too: each user that pulls s out (a (s M) = (a s) M, sum(s M ⊙ B) = s sum(M ⊙ B))
    // holds the same s, so a long product s is one factor of theirs rather than copied, and rebuilt, into each.
    let r = result;
    for (; r.kind === "op" && (r.op === "neg" || (r.op === "scale" && !isScalarShape(r.shape))); r = r.args[r.args.length - 1]!) {
      if (r.op === "scale") this.sharedResults.add(r.args[0]!.id);
    }
    // A shared value that simplified to k·(A + B), −(A + B) or k·C(A + B) (common-number, product-sign, factor-left)
    // shares A + B: it stays whole in every sum a later rule builds, where 2C(A + B) + 2C(…) = 2C(A + B + …) would
    // otherwise copy A and B into the next level, and that level's sum into the one after.
    const edges = r.kind === "op" && r.op === "matmul" && !isScalarShape(r.shape) ? [firstFactor(r), lastFactor(r)] : [r];
    for (const e of edges) {
      if (e === result || e.kind !== "op" || e.op !== "add") continue;
      this.sharedResults.add(e.id);
      keepWholeIfSum(e);
    }
  }

  /** Rebuild a node from simplified arguments, then rewrite it once: its final form, or what it must become next. */
  private normalise(node: Expr): Outcome {
    if (node.kind !== "op") return { result: node };
    const current = withArgumentsFrom(node, this.memo);
    const known = this.memo.get(current.id);
    if (known) return { result: known };
    if (current.kind !== "op") return { result: current };
    if (this.inProgress.has(current.id)) {
      this.stopped = true;
      return { result: current };
    }
    // A node is in progress while it waits for what a rule rewrote it to (a rewrite is never the node itself), so it
    // joins the set only then: most nodes are final at once and never touch it.
    const outcome = this.rewrite(current);
    if ("result" in outcome) this.memo.set(current.id, outcome.result);
    else this.inProgress.add(current.id);
    return outcome;
  }

  private rewrite(op: OpNode): Outcome {
    const rules = this.byHead.get(op.op);
    // Indexed, as in RulesByHead.get.
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const rewritten = rule.apply(op, this.context);
      if (rewritten === null || rewritten === op) continue;
      if (++this.rewrites > this.rewriteLimit! || op.graph.size > this.nodeLimit!) {
        this.stopped = true;
        return { result: op };
      }
      this.steps.push({ rule: rule.id, reason: rule.reason, assumes: rule.assumes, before: op, after: rewritten });
      const known = this.memo.get(rewritten.id);
      if (known) return { result: known };
      // A rewrite that leads back to a node being rewritten is a cycle: stop here.
      if (this.inProgress.has(rewritten.id)) return { result: op };
      return { current: op, rewritten };
    }
    return { result: op };
  }
}

/**
 * Whose sharing is asked about: a sum (flatten-sum keeps a shared sum whole) and a scalar product (cancel-scalar-factors
 * keeps a long shared one as one factor), including the scalar s of a matrix s·M, which any matrix node may simplify to.
 */
const sharingMatters = (a: Expr): boolean => a.kind === "op";
const sumOrScalar = (a: Expr): boolean => a.kind === "op" && (a.op === "add" || isScalarShape(a.shape));

/** A node's simplified form, or the node a rule rewrote it to, still to be simplified. */
type Outcome = { readonly result: Expr } | { readonly current: OpNode; readonly rewritten: Expr };

/** A node being simplified: the next argument to visit, then the rewrite it waits for. */
interface Frame {
  readonly node: Expr;
  next: number;
  /** How many steps were recorded when the frame began: none since, and its node simplified to itself, it is final. */
  readonly stepsAt: number;
  pending?: { readonly current: OpNode; readonly rewritten: Expr };
}

/** The nodes found already simple under a catalogue (see Simplifier's finals), and those the present pass leaves. */
export interface Finals {
  readonly simplified: CountById;
  readonly presented: CountById;
}
export type FinalsOf = (rules: readonly Rule[]) => Finals;

/** A FinalsOf for the simplifications of one graph (node ids are the graph's own). */
export function finalsPerCatalogue(): FinalsOf {
  const finals = new Map<readonly Rule[], Finals>();
  return (rules) => finals.get(rules) ?? finals.set(rules, { simplified: new CountById(), presented: new CountById() }).get(rules)!;
}

export function simplify(root: Expr, rules: readonly Rule[], finals?: Finals): { result: Expr; steps: readonly Step[] } {
  const s = new Simplifier(rules, finals?.simplified);
  const result = s.run(root);
  if (!pushesTransposesIn(rules)) return { result, steps: s.steps };
  return { result: present(result, new Simplifier(keepingTransposesOut(rules)), s.steps, finals?.presented), steps: s.steps };
}
