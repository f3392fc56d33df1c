/**
 * Evaluating one root at many points that differ from a base instance only
 * in a few inputs (finite differences move x alone; a Hessian–vector product
 * is applied to each unit dX). The parts of the graph that do not depend on
 * the varying inputs hold the same value at every point: they are evaluated
 * once, and each point then runs only the steps that move, on the root's
 * compiled plan.
 * The steps are those an evaluation from scratch would run, on the same
 * arguments, so every value is bit-identical to it.
 */
import type { Expr, OpNode } from "../expr/node.js";
import type { Mat } from "../kernels/mat.js";
import { type Sizes, type Values, applyOperator, evaluateSlot, lastingCopy } from "./evaluate.js";
import { type WorkBudget, buildableShape, pointWork } from "./work.js";
import { type EvaluationPlan, movingSlots, planOf } from "./plan.js";

/**
 * The values of a plan's slots on a base instance, as far as point evaluations have needed them, kept while the
 * instance's values live: a check of n variables of one y evaluates y's fixed part once, not n times (each
 * variable's evaluation needs all of y but the part that moves with it). A values map is never changed once
 * sampled, so a slot's value on it is fixed.
 */
const bases = new WeakMap<Values, Map<EvaluationPlan, Base>>();

/** A plan's slots on a base instance, and those not evaluated there (they read an input the instance has no value for). */
interface Base {
  readonly slots: (Mat | undefined)[];
  readonly unfilled: Readonly<Int32Array>;
}
const NONE = new Int32Array(0);

/**
 * Every slot's value on the base instance, evaluated once per plan and instance, except the slots that read an input
 * the instance has no value for (the dX of a differential's check, given at each point): each point evaluation
 * starts from a copy and re-runs only its moving steps. (Made slot by slot for each variable, a check of 5,000
 * --wrt names of a 15,000-slot y passed over every slot 15,000 times, 11 s of its 19.)
 */
function baseValues(plan: EvaluationPlan, values: Values, sizes: Sizes): Base {
  let byPlan = bases.get(values);
  if (!byPlan) bases.set(values, (byPlan = new Map()));
  let base = byPlan.get(plan);
  if (!base) {
    const absent = [...new Set(plan.keys.filter((key, i) => plan.nodes[i]!.kind === "var" && !values.has(key)))];
    const { moves: skip, steps: unfilled } = absent.length ? movingSlots(plan, absent) : { moves: undefined, steps: NONE };
    const slots = new Array<Mat | undefined>(plan.nodes.length);
    for (let i = 0; i < slots.length; i++) if (!skip?.[i]) slots[i] = lastingCopy(evaluateSlot(plan, i, slots, values, sizes, false));
    byPlan.set(plan, (base = { slots, unfilled }));
  }
  return base;
}

/** The most entries that the points of one trial's unit directions may compute, all together (about a second). */
const ENTRIES_AT_POINTS = 30_000_000;

/** A left fold (a sum) of at least this many arguments keeps the fold of its leading fixed ones (see foldLeadingArguments). */
const FOLD_FROM_ARGUMENTS = 16;

/** Past this many moving steps, each moving value is dropped after its last use (a deep recurrence's points hold a few, not all). */
const DROP_FROM_STEPS = 64;

export class PointEvaluation {
  private readonly plan: EvaluationPlan;
  private readonly moves: Readonly<Uint8Array>;
  /**
   * The base instance's value of every slot, shared by every point evaluation of this plan on these values (one per
   * --wrt name checks the same y): a point writes its moving steps here and puts the base values back before it
   * returns, so that making one costs its moving part, not the plan.
   */
  private readonly slots: (Mat | undefined)[];
  /** The slots that move and the root needs, in dependency order, and their base values (restored after each point). */
  private readonly steps: Readonly<Int32Array>;
  private readonly saved: (Mat | undefined)[];
  /** Per slot that moves, the last step that reads it: its value is dropped after that step (many steps only). */
  private readonly lastMovingUse: Int32Array | null = null;
  /** The moving slots whose value every point supplies. */
  private readonly overridden: ReadonlySet<number>;
  /** Per moving step of a wide left fold (a sum of many terms): the fold of its leading fixed arguments, and where the rest begin. */
  private readonly folded = new Map<number, { readonly fold: Mat; readonly from: number }>();
  /** The entries the steps that move compute at each point. */
  private movingEntries = 0;

  /**
   * `varying`: the value keys of the inputs that differ between points; every other input has
   * its value in `values`. `overridden`: nodes whose value every point supplies (see `at`)
   * instead of evaluating them.
   */
  constructor(
    root: Expr, varying: readonly string[], values: Values, private readonly sizes: Sizes, overridden: readonly Expr[] = [],
    /** The run's work budget (a batch), charged at each point: the entries the moving steps compute, and the steps. */
    private readonly budget?: WorkBudget,
  ) {
    const plan = (this.plan = planOf(root));
    const { nodes, argStart, argSlots } = plan;
    const { moves, steps } = movingSlots(plan, varying);
    this.moves = moves;
    const given = new Set<number>();
    for (const e of overridden) {
      const s = plan.slotOf.get(e.id);
      if (s !== undefined && moves[s]) given.add(s);
    }
    this.overridden = given;
    // Every node of the plan is y or an argument of a later node, so all are evaluated (and an overridden node's
    // arguments are at hand for nodeAt). A slot that does not move keeps its value on the base instance; a slot that
    // moves is evaluated again at each point before anything reads it.
    const base = baseValues(plan, values, sizes);
    this.slots = base.slots;
    // A slot the base instance could not evaluate that does not move either fails here, as evaluating it would.
    for (let s = 0; s < base.unfilled.length; s++) if (!moves[base.unfilled[s]!]) evaluateSlot(plan, base.unfilled[s]!, base.slots, values, sizes, false);
    this.steps = steps;
    this.saved = Array.from(steps, (i) => base.slots[i]);
    // Every point has the base instance's sizes: what may be built is decided once, here.
    for (const i of steps) {
      if (nodes[i]!.kind !== "op") continue;
      const { rows, cols } = buildableShape(nodes[i]!, sizes);
      this.movingEntries += rows * cols;
      this.foldLeadingArguments(i);
    }
    if (steps.length < DROP_FROM_STEPS) return;
    const lastMovingUse = (this.lastMovingUse = new Int32Array(nodes.length).fill(-1));
    for (const i of steps) {
      if (given.has(i)) continue;
      for (let k = argStart[i]!; k < argStart[i + 1]!; k++) if (moves[argSlots[k]!]) lastMovingUse[argSlots[k]!] = i;
    }
  }

  /**
   * For a moving step whose operator folds from the left (foldsLeft) and has many arguments, the fold of the arguments
   * before the first that moves, kept: each point then folds only from there on, with the same bits (a check of
   * 5,000 --wrt names of a 5,000-term sum re-added every term at each of 150,000 points; now half of them on average).
   */
  private foldLeadingArguments(i: number): void {
    const { plan, moves, slots } = this;
    const stanza = plan.stanzas[i];
    const from = plan.argStart[i]!;
    const count = plan.argStart[i + 1]! - from;
    if (!stanza?.foldsLeft || count < FOLD_FROM_ARGUMENTS) return;
    let k = 0;
    while (k < count && !moves[plan.argSlots[from + k]!]) k++;
    if (k < 2) return;
    const leading = Array.from({ length: k }, (_, t) => slots[plan.argSlots[from + t]!]!);
    this.folded.set(i, { fold: lastingCopy(stanza.evaluate(leading, plan.nodes[i] as OpNode, this.sizes)), from: k });
  }

  /**
   * Whether `points` points stay within `budget` evaluation steps (each re-runs the part of the graph that moves),
   * and `evaluations` of the part that moves (one per point unless given) within ENTRIES_AT_POINTS entries computed: the checks use every unit direction only where they do (a small
   * X under a Kronecker product of 13 million entries is checked along random directions).
   */
  affords(points: number, budget: number, evaluations = points): boolean {
    return points * this.steps.length <= budget && evaluations * this.movingEntries <= ENTRIES_AT_POINTS;
  }

  /**
   * The root's value where the varying inputs take the values in `point` and each overridden
   * node the value in `overrides` (by id); every other input as on the base instance.
   */
  at(point: Values, overrides?: ReadonlyMap<number, Mat>): Mat {
    const { plan, slots, steps, lastMovingUse, overridden, sizes } = this;
    const { nodes, argStart, argSlots } = plan;
    const root = nodes.length - 1;
    this.budget?.spend(pointWork(this.movingEntries, steps.length), nodes[root]!);
    try {
      for (let s = 0; s < steps.length; s++) {
        const i = steps[s]!;
        if (overridden.has(i)) {
          const v = overrides?.get(nodes[i]!.id);
          if (!v) throw new Error(`no value for overridden node ${nodes[i]!.id}`);
          slots[i] = v;
          continue;
        }
        const folded = this.folded.get(i);
        slots[i] = folded ? this.foldFrom(i, folded.fold, folded.from) : evaluateSlot(plan, i, slots, point, sizes, false, true);
        if (lastMovingUse === null) continue;
        for (let k = argStart[i]!; k < argStart[i + 1]!; k++) {
          const a = argSlots[k]!;
          if (lastMovingUse[a] === i && a !== root) slots[a] = undefined;
        }
      }
      return slots[root]!;
    } finally {
      // The base instance's values again, for the next point and every other evaluation sharing them.
      for (let s = 0; s < steps.length; s++) slots[steps[s]!] = this.saved[s];
    }
  }

  /** Step i's value from the kept fold of its leading arguments and the values of the rest (as evaluateSlot would give it at a point). */
  private foldFrom(i: number, fold: Mat, from: number): Mat {
    const { plan, slots } = this;
    const start = plan.argStart[i]! + from;
    const args = new Array<Mat>(1 + plan.argStart[i + 1]! - start);
    args[0] = fold;
    for (let k = 1; k < args.length; k++) args[k] = slots[plan.argSlots[start + k - 1]!]!;
    return plan.stanzas[i]!.evaluate(args, plan.nodes[i] as OpNode, this.sizes);
  }

  /**
   * One operator node of the root's graph at `point`, when each of its arguments is a varying
   * input or does not move (A·x with A fixed): its arguments are read, not evaluated.
   */
  nodeAt(node: OpNode, point: Values): Mat {
    const args = node.args.map((a) => {
      const s = this.plan.slotOf.get(a.id);
      if (s === undefined) throw new Error(`node ${a.id} is not in the evaluated graph`);
      if (!this.moves[s]) return this.slots[s]!;
      if (a.kind !== "var") throw new Error(`argument ${a.id} moves and is not an input`);
      return evaluateSlot(this.plan, s, this.slots, point, this.sizes, false);
    });
    return applyOperator(node, args, this.sizes, false);
  }
}
