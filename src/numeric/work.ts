/**
 * What a check may spend: the largest matrix it builds, the arithmetic of one evaluation of its plan at the sizes
 * drawn (estimated per node from the shapes: a product's m·k·n, a factorisation's n³, else its entries), and the work
 * several checks of one run share. Past any of them a check is refused (TooLargeError) before anything is drawn.
 */
import { type Expr, MAX_NODES, type NodeLimit } from "../expr/node.js";
import { SizeLimit } from "../diagnostics/resource-limit.js";
import type { OpName } from "../expr/names.js";
import type { Shape } from "../shapes/shape.js";
import { type Sizes, concreteShape } from "./sizes.js";
import type { EvaluationPlan } from "./plan.js";

/**
 * The largest matrix a numeric check builds (entries): 4 million doubles, 32 MB. Its finite differences cost a few
 * evaluations per column: the Jacobian of softmax(x) at m = 2,000 (4 million entries) checks in 1.5 s, and at
 * m = 4,000 (16 million) took 6.5 s and 1 GB.
 */
export const MAX_ENTRIES = 4_000_000;

/** A size in words: exact below a million, else in exponent notation; "more than 10^308" beyond a double. */
const count = (n: number): string => (n < 1e6 ? String(n) : Number.isFinite(n) ? n.toExponential(1) : "more than 1e308");

/** A check refused at its sizes: a matrix it would build, or the arithmetic of one evaluation, is past its limit. */
export class TooLargeError extends Error {
  /** `lead`: how the refusal is introduced to the user, before the message. */
  constructor(readonly node: Expr, message: string, readonly help: string, readonly lead = "the check is too large at these sizes") {
    super(message);
  }

  static matrix(node: Expr, rows: number, cols: number): TooLargeError {
    return new TooLargeError(node, `evaluating it needs a ${count(rows)}×${count(cols)} matrix (${count(rows * cols)} entries), more than a check may build (${MAX_ENTRIES.toExponential(1)})`,
      "check at smaller --dims (the default sizes are 2–6); a Jacobian-form check can also use --form grad, which never builds the Jacobian");
  }
}

/**
 * The most arithmetic one evaluation of a check may take, in multiply-adds. A check evaluates y and the derivative
 * on each trial's instance, then the part of y that moves at each finite-difference point; on these kernels 10⁹
 * multiply-adds take one to three seconds of checking (`inv(X)` at n = 1,000 in grad form is about 3·10⁹ and took
 * 5 s; at n = 700 it is 10⁹).
 * Past it a check is refused before anything is drawn: `inv` of a 4,000×4,000 matrix, or a sum of 1,000 products
 * whose 2,000 distinct dimensions must take 2,000 distinct sizes.
 */
export const MAX_WORK = 2e9;

/**
 * What the checks of one run (`check --file`) may spend together: each instance drawn is charged one evaluation of
 * its plan and INSTANCE_WORK, each finite-difference point its moving steps (pointWork). Each entry is held to
 * MAX_WORK on its own as well; this bounds a batch of many large entries (200 checks of tr(A·X·B) at n = 300, or
 * 2,000 entries with 100 trials each) to a few seconds, and leaves room for the 2,000 small ones a run may hold.
 */
export const RUN_WORK = 2 * MAX_WORK;

/**
 * What the entries of one run (`check --file`) may build together, in expression nodes: each entry's derivation,
 * claim and explanation build a graph of their own, at about 5 µs a node in a large one (a tanh nest 30,000 deep
 * builds 360,000 in 2 s) and 10 µs in a small one. 2,000 ordinary entries (30–45 nodes each) build under a tenth
 * of it; of 40 YAML aliases of that nest, 2 or 3 check, in about 7 s, and the rest are reported as not checked.
 * The run's first entry may build as many as any request (MAX_NODES), and a later one what is left, so a run builds
 * at most about MAX_NODES or RUN_NODES, whichever is more.
 */
export const RUN_NODES = 1_000_000;

/**
 * What drawing and comparing one instance costs whatever its sizes, in the same units: about 25 µs of sampling,
 * differences and verdict.
 */
export const INSTANCE_WORK = 5e4;

/**
 * The work the checks of one run have spent, shared by them: each instance drawn is charged one evaluation of its
 * plan and INSTANCE_WORK, and a check whose next instance would pass `limit` is refused (TooLargeError) before it is drawn.
 */
export class WorkBudget {
  spent = 0;
  /** The expression nodes the run's entries have built, each entry's once it is done. */
  nodesBuilt = 0;
  /** The checks started in this run: the first is never refused (alone it is held to MAX_WORK, as a single check is). */
  private checks = 0;
  constructor(readonly limit: number = RUN_WORK, readonly nodeLimit: number = RUN_NODES) {}

  /**
   * The most nodes the check now starting may build: the run's first, or one with room, as many as any request may
   * (MAX_NODES); a later one what the run has left, past which it is reported as not checked.
   */
  graphLimit(): NodeLimit {
    const left = this.nodeLimit - this.nodesBuilt;
    if (this.checks <= 1 || left >= MAX_NODES) return { maxNodes: MAX_NODES };
    return {
      maxNodes: Math.max(0, left),
      refusal: () => {
        const { message, help } = this.nodeRefusal("this one");
        return new SizeLimit(`not checked: ${message}`, help);
      },
    };
  }

  /** Charges the `nodes` a check of the run built (whether it ended in a verdict or an error). */
  chargeNodes(nodes: number): void {
    this.nodesBuilt += nodes;
  }

  /** A check of the run begins. */
  startCheck(): void {
    this.checks++;
  }

  /** Charges `evaluation` multiply-adds for `node`'s plan (and INSTANCE_WORK), or refuses them when the run has not that much left. */
  charge(evaluation: number, node: Expr): void {
    this.spend(evaluation + INSTANCE_WORK, node);
  }

  /** Charges `work` for `node`'s plan (an instance, or one finite-difference point), or refuses it when the run has not that much left. */
  spend(work: number, node: Expr): void {
    if (this.spent + work > this.limit && this.checks > 1) {
      const { message, help } = this.refusal(`the next step of this one (about ${count(work)})`);
      throw new TooLargeError(node, message, help, "not checked");
    }
    this.spent += work;
  }

  /** Whether not even one more instance fits, or the run has built all the nodes it may: every later check would be refused, so none need be derived. */
  get exhausted(): boolean {
    return this.checks > 0 && (this.spent + INSTANCE_WORK > this.limit || this.nodesBuilt >= this.nodeLimit);
  }

  /** Why no further check is made once the run is exhausted: its nodes or its arithmetic are spent. */
  exhaustedRefusal(): { message: string; help: string } {
    return this.nodesBuilt >= this.nodeLimit ? this.nodeRefusal("any further check") : this.refusal("any further check");
  }

  /** Why `what` is not checked, and what to do instead. */
  refusal(what: string): { message: string; help: string } {
    return {
      message: `this run's checks have spent about ${count(this.spent)} multiply-adds or their like, and ${what} would pass what one run may spend (${count(this.limit)})`,
      help: "check the remaining entries in a run of their own (split the batch into files, each checked by its own command), or at smaller --dims",
    };
  }

  /** Why `what` is not checked once the run's entries have built nearly all the nodes it may. */
  private nodeRefusal(what: string): { message: string; help: string } {
    return {
      message: `this run's entries have built ${count(this.nodesBuilt)} expression nodes in their derivations, and ${what} would pass what one run may build (${count(this.nodeLimit)})`,
      help: "check the remaining entries in a run of their own (split the batch into files, each checked by its own command)",
    };
  }
}

/**
 * What explaining one wrong claim may spend in all (MAX_WORK by default): each thing a diagnosis tries (another layout,
 * the transpose, a symmetric input, a constant factor) evaluates the expression again on new instances, so a
 * diagnosis held only to MAX_WORK per evaluation went on for 17 s (a wrong claim about a 1,000-step recurrence at
 * n = 300) and a batch of 300 such claims for minutes. Past it the claim is reported wrong and not diagnosed.
 */
export class DiagnosisBudget extends WorkBudget {
  constructor(limit: number = MAX_WORK) {
    super(limit);
  }

  override spend(work: number, node: Expr): void {
    if (this.spent + work > this.limit) {
      throw new TooLargeError(node, `the tries so far cost about ${count(this.spent)} multiply-adds or their like, and the next would pass what explaining one claim may spend (${count(this.limit)})`,
        "check at smaller --dims to have a wrong claim explained", "not diagnosed");
    }
    this.spent += work;
  }
}

/** Entrywise functions evaluated by a series of up to 45 terms (the error function): about eight times an exp. */
const BY_SERIES: ReadonlySet<OpName> = new Set<OpName>(["erf", "gelu", "normcdf"]);
const SERIES_FACTOR = 8;

/** One step of an evaluation whatever its sizes: reading the plan, dispatching on the operator, making the value. */
const STEP = 200;

/** A finite-difference point: the entries its moving steps compute (as an entrywise operator's), a STEP each and 2,000 for the point. */
export const pointWork = (movingEntries: number, steps: number): number => ENTRY * movingEntries + STEP * steps + 2_000;

/**
 * The finite-difference points a trial evaluates y at, about: a few directions, each at two steps (and Richardson's
 * second estimate). At small sizes a deep y costs its steps at every point: 100 trials of a 28,000-step recurrence at
 * H = D = 2 spend 24 s, 93% of it at the points, though one evaluation is within the limit.
 */
const POINTS_PER_TRIAL = 8;

/**
 * What one entry of an input costs a check, in multiply-adds: it is drawn at random (a normal deviate, often made
 * well-conditioned or positive) on every trial, then moved along directions: about 60 ns an entry per trial
 * (x'Ax at m = 3,000: 1.6 s), against 1–2 ns a multiply-add.
 */
const DRAWN_ENTRY = 128;
/** An entry read or written by an entrywise operator or a reshape: up to 16 multiply-adds (tanh or exp of it, about 30 ns). */
const ENTRY = 16;

/**
 * About the multiply-adds of evaluating one node at these sizes: a product's m·k·n, a factorisation's n³, else its
 * entries. It reads the node's operator, the shapes of it and its arguments, and matpow's k: censusOf groups nodes by
 * exactly these, so anything more it comes to read must join censusOf's key.
 */
function nodeWork(node: Expr, shapeAt: (s: Shape) => { rows: number; cols: number }): number {
  const out = shapeAt(node.shape);
  const entries = out.rows * out.cols;
  if (node.kind !== "op") return DRAWN_ENTRY * entries;
  const arg = (k: number) => shapeAt(node.args[k]!.shape);
  switch (node.op) {
    case "matmul": {
      const a = arg(0);
      return a.rows * a.cols * arg(1).cols;
    }
    case "inv": case "adj": case "det": case "logdet":
      return arg(0).rows ** 3;
    case "matpow":
      // repeated squaring: about 2 log₂ k products of n×n matrices
      return arg(0).rows ** 3 * 2 * Math.max(1, Math.log2(Math.max(2, Math.abs(node.attr.k ?? 2))));
    default: {
      let read = 0;
      for (let k = 0; k < node.args.length; k++) {
        const a = arg(k);
        read += a.rows * a.cols;
      }
      return ENTRY * (entries + read) * (BY_SERIES.has(node.op) ? SERIES_FACTOR : 1);
    }
  }
}

/** Nodes alike to the work estimate: the same operator (or kind), output and argument shapes, and power; `node` is the first. */
interface WorkClass {
  readonly node: Expr;
  count: number;
}

const censuses = new WeakMap<EvaluationPlan, readonly WorkClass[]>();

/**
 * The plan's nodes grouped into WorkClasses, in the order of their first nodes, found once per plan: a check sizes the
 * same plan at every instance it draws, and a Hessian's plan has half a million nodes over a handful of shapes.
 */
function censusOf(plan: EvaluationPlan): readonly WorkClass[] {
  let classes = censuses.get(plan);
  if (classes) return classes;
  const shapeIds = new Map<Shape, number>();
  const id = (s: Shape): number => {
    let v = shapeIds.get(s);
    if (v === undefined) shapeIds.set(s, (v = shapeIds.size));
    return v;
  };
  const byKey = new Map<string, WorkClass>();
  for (const node of plan.nodes) {
    let key = `${node.kind === "op" ? node.op : node.kind}:${id(node.shape)}`;
    if (node.kind === "op") {
      for (const a of node.args) key += `,${id(a.shape)}`;
      if (node.op === "matpow") key += `^${node.attr.k}`;
    }
    const c = byKey.get(key);
    if (c) c.count++;
    else byKey.set(key, { node, count: 1 });
  }
  classes = [...byKey.values()];
  censuses.set(plan, classes);
  return classes;
}

/**
 * Refuses (TooLargeError) a check that would build a matrix past MAX_ENTRIES, or whose trial at these sizes would take
 * more than MAX_WORK (set for the default 3 trials: less for more trials): one evaluation of the plan, and the
 * `ySteps` steps of y's plan at each of its points. Else charges the evaluation to the run's `budget`, if any. Each
 * class of alike nodes is sized once (censusOf).
 */
export function affordableAt(plan: EvaluationPlan, sizes: Sizes, trials = 3, budget?: WorkBudget, ySteps = 0): void {
  let total = STEP * plan.nodes.length;
  let heaviest = plan.nodes[0]!;
  let most = -1;
  // A graph shares its shape objects (a handful for a million nodes): each is sized once.
  const sized = new Map<Shape, { rows: number; cols: number }>();
  const shapeAt = (shape: Shape) => {
    let d = sized.get(shape);
    if (!d) sized.set(shape, (d = concreteShape(shape, sizes)));
    return d;
  };
  for (const { node, count: n } of censusOf(plan)) {
    // A matrix too large to build is the first thing to say (a Jacobian-form check can often use --form grad).
    buildable(node, shapeAt(node.shape));
    const w = nodeWork(node, shapeAt);
    total += w * n;
    if (w > most) [heaviest, most] = [node, w];
  }
  const limit = (MAX_WORK * 3) / Math.max(3, trials);
  // A trial is the evaluation and y's steps again at its points (their arithmetic is charged as each point runs).
  const trial = total + POINTS_PER_TRIAL * STEP * ySteps;
  if (trial <= limit) {
    budget?.charge(total, heaviest);
    return;
  }
  const { rows, cols } = concreteShape(heaviest.kind === "op" && heaviest.args.length ? heaviest.args[0]!.shape : heaviest.shape, sizes);
  const what = heaviest.kind === "op" ? `${heaviest.op} of a ${rows}×${cols} matrix` : `drawing ${heaviest.kind === "var" ? heaviest.name : "a constant"}, ${rows}×${cols}`;
  const at = sizes.size === 0 ? "" : sizes.size <= 8 ? `at ${[...sizes].map(([s, v]) => `${s}=${v}`).join(", ")}, ` : `at the sizes drawn for its ${sizes.size} dimensions, `;
  const spend = trials > 3 ? `${limit.toExponential(1)} with ${trials} trials` : MAX_WORK.toExponential(1);
  const drawn = sizes.size > 8 ? "; every distinct dimension takes a size of its own, so many of them need large sizes" : "";
  // Where the points cost more than the evaluation, it is y's steps, not its sizes, that pass the limit.
  const byPoints = trial > total * 1.5;
  const cost = byPoints ? `a trial costs about ${count(trial)} multiply-adds or their like (one evaluation, ${count(total)}, and the ${count(ySteps)} steps of y again at each of its points)` : `one evaluation costs about ${count(total)} multiply-adds or their like (the largest step: ${what}, ${count(most)})`;
  throw new TooLargeError(heaviest, `${at}${cost}, more than a check may spend (${spend})`,
    byPoints ? "check with fewer --trials, or a shorter expression: at these sizes y's steps cost more than its arithmetic"
      : `check at smaller sizes (--dims, or the sizes in --shape; the default sizes are 2–6${drawn})${trials > 3 ? " or with fewer --trials" : ""}`);
}

/** A node's numeric shape at these sizes, refused with a TooLargeError when a check may not build it. */
export function buildableShape(node: Expr, sizes: Sizes): { rows: number; cols: number } {
  return buildable(node, concreteShape(node.shape, sizes));
}

/** The node's numeric shape `d`, refused with a TooLargeError when a check may not build a matrix of it. */
function buildable(node: Expr, d: { rows: number; cols: number }): { rows: number; cols: number } {
  if (!(d.rows * d.cols <= MAX_ENTRIES)) throw TooLargeError.matrix(node, d.rows, d.cols);
  return d;
}

/**
 * The most products an evaluation of index notation may multiply out: it loops over every free and summed index of
 * every term, so a chain of k linear steps, each a sum over an index, costs about mᵏ⁺¹ per entry (a 15-step
 * recurrence at m = 6, about 10¹⁴). Compiled closures do about 3·10⁷ factors a second; a check evaluates it on
 * each trial.
 */
const MAX_INDEX_PRODUCTS = 3e7;

/** Refuses (TooLargeError, exit 2) index notation whose loops would multiply more than MAX_INDEX_PRODUCTS factors at these sizes. */
export function refuseCostlyIndexSums(of: Expr, free: readonly { extent: number }[], terms: readonly { sums: readonly { extent: number }[]; factors: readonly unknown[] }[], sizes: Sizes): void {
  const entries = free.reduce((n, l) => n * l.extent, 1);
  // Σ over terms of (assignments of its summed indices) × (its factors), for every entry of the Jacobian.
  const perEntry = terms.reduce((n, t) => n + t.sums.reduce((k, l) => k * l.extent, 1) * Math.max(1, t.factors.length), 0);
  const products = entries * perEntry;
  if (products <= MAX_INDEX_PRODUCTS) return;
  const at = [...sizes].map(([k, v]) => `${k}=${v}`).join(", ");
  throw new TooLargeError(of,
    `checking the index notation multiplies out its sums entry by entry: about ${products.toExponential(1)} products${at ? ` at ${at}` : ""}, more than a check takes this way (${MAX_INDEX_PRODUCTS.toExponential(1)})`,
    "check the same derivative in the Jacobian form (--form jacobian --check), which the index notation describes, or at smaller --dims");
}
