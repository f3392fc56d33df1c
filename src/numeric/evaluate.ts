/**
 * Evaluating a typed graph on concrete matrices: each node once, in
 * dependency order, by its stanza's evaluator. Values of variables are
 * keyed by role and name (see valueKey) so `dx` the differential never
 * collides with a user variable called dx.
 */
import type { Expr, OpNode } from "../expr/node.js";
import { stanzaOf } from "../ops/registry.js";
import type { OpStanza } from "../ops/stanza.js";
import type { OpName } from "../expr/names.js";
import { dimValue } from "../shapes/dim.js";
import type { Shape } from "../shapes/shape.js";
import * as M from "../kernels/mat.js";
import { isFiniteMat, lasting, type Mat } from "../kernels/mat.js";
import { type EvaluationPlan, neededSlots, planOf, planOfRoots } from "./plan.js";
export { valueKey } from "./plan.js";

export type Sizes = ReadonlyMap<string, number>;
export type Values = ReadonlyMap<string, Mat>;

export function concreteShape(s: Shape, sizes: Sizes): { rows: number; cols: number } {
  return { rows: dimValue(s.rows, sizes), cols: dimValue(s.cols, sizes) };
}

/** The first node whose arguments are outside its operator's domain, with the reason. */
export interface DomainViolation {
  readonly node: Expr;
  readonly reason: string;
}

export class EvaluationError extends Error {
  constructor(readonly violation: DomainViolation) {
    super(violation.reason);
  }
}

/** The largest matrix a numeric check builds (entries): 16 million doubles, 128 MB. */
export const MAX_ENTRIES = 16_000_000;

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
 * What the checks of one run (`check --file`) may spend together, charged one evaluation per drawn instance: a little
 * more than one check at MAX_WORK spends on its three trials. Each entry is held to MAX_WORK on its own as well; this
 * bounds a batch of many large entries (200 checks of tr(A·X·B) at n = 300 took over 30 s) to a few seconds.
 */
export const RUN_WORK = 4 * MAX_WORK;

/**
 * The work the checks of one run have spent, shared by them: each instance drawn is charged one evaluation of its
 * plan, and a check whose next instance would pass `limit` is refused (TooLargeError) before it is drawn.
 */
export class WorkBudget {
  spent = 0;
  constructor(readonly limit: number = RUN_WORK) {}

  /** Charges `work` multiply-adds for `node`'s plan, or refuses them when the run has not that much left. */
  charge(work: number, node: Expr): void {
    if (this.spent + work > this.limit) {
      throw new TooLargeError(node, `this run's checks have spent about ${count(this.spent)} multiply-adds or their like, and the next instance of this one (about ${count(work)}) would pass what one run may spend (${count(this.limit)})`,
        "check the remaining entries in a run of their own (split the batch into files, each checked by its own command), or at smaller --dims", "not checked");
    }
    this.spent += work;
  }
}

/**
 * What one entry of an input costs a check, in multiply-adds: it is drawn at random (a normal deviate, often made
 * well-conditioned or positive) on every trial, then moved along directions: about 60 ns an entry per trial
 * (x'Ax at m = 3,000: 1.6 s), against 1–2 ns a multiply-add.
 */
const DRAWN_ENTRY = 128;
/** An entry read or written by an entrywise operator or a reshape: up to 16 multiply-adds (tanh or exp of it, about 30 ns). */
const ENTRY = 16;

/** About the multiply-adds of evaluating one node at these sizes: a product's m·k·n, a factorisation's n³, else its entries. */
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
      return ENTRY * (entries + read);
    }
  }
}

/**
 * Refuses (TooLargeError) a check that would build a matrix past MAX_ENTRIES, or whose one evaluation of the plan at
 * these sizes would take more than MAX_WORK (set for the default 3 trials: less for more trials); else charges that
 * evaluation to the run's `budget`, if any.
 */
export function affordableAt(plan: EvaluationPlan, sizes: Sizes, trials = 3, budget?: WorkBudget): void {
  let total = 0;
  let heaviest = plan.nodes[0]!;
  let most = -1;
  // A graph shares its shape objects (a handful for a million nodes): each is sized once.
  const sized = new Map<Shape, { rows: number; cols: number }>();
  const shapeAt = (shape: Shape) => {
    let d = sized.get(shape);
    if (!d) sized.set(shape, (d = concreteShape(shape, sizes)));
    return d;
  };
  for (const node of plan.nodes) {
    // A matrix too large to build is the first thing to say (a Jacobian-form check can often use --form grad).
    buildable(node, shapeAt(node.shape));
    const w = nodeWork(node, shapeAt);
    total += w;
    if (w > most) [heaviest, most] = [node, w];
  }
  const limit = (MAX_WORK * 3) / Math.max(3, trials);
  if (total <= limit) {
    budget?.charge(total, heaviest);
    return;
  }
  const { rows, cols } = concreteShape(heaviest.kind === "op" && heaviest.args.length ? heaviest.args[0]!.shape : heaviest.shape, sizes);
  const what = heaviest.kind === "op" ? `${heaviest.op} of a ${rows}×${cols} matrix` : `drawing ${heaviest.kind === "var" ? heaviest.name : "a constant"}, ${rows}×${cols}`;
  const at = sizes.size === 0 ? "" : sizes.size <= 8 ? `at ${[...sizes].map(([s, v]) => `${s}=${v}`).join(", ")}, ` : `at the sizes drawn for its ${sizes.size} dimensions, `;
  const spend = trials > 3 ? `${limit.toExponential(1)} with ${trials} trials` : MAX_WORK.toExponential(1);
  const drawn = sizes.size > 8 ? "; every distinct dimension takes a size of its own, so many of them need large sizes" : "";
  throw new TooLargeError(heaviest, `${at}one evaluation costs about ${count(total)} multiply-adds or their like (the largest step: ${what}, ${count(most)}), more than a check may spend (${spend})`,
    `check at smaller sizes (--dims, or the sizes in --shape; the default sizes are 2–6${drawn})${trials > 3 ? " or with fewer --trials" : ""}`);
}

/** Operators whose value has no zero entry when no argument has one, save by underflow (or cancellation, for matmul and kron only by measure zero). */
const PRODUCTS: ReadonlySet<OpName> = new Set<OpName>(["matmul", "hadamard", "hdiv", "div", "scale", "kron", "power", "matpow", "hpow", "exp"]);

/** Below this magnitude a value has lost the digits a finite difference needs (an entry of 1e-200 squared is 0). */
const UNDERFLOW_BAND = 1e-200;

/**
 * A product has underflowed when every digit of it is lost, or about to be: it is entirely zero although no
 * argument has a zero entry, or its entries are all below UNDERFLOW_BAND (not all zero) although every argument
 * has an entry above it. The second catches a long chain (X·X·…·X at small values), whose entries shrink step by
 * step until some are zero: its later steps have zeros among their arguments, and y and every derivative end
 * exactly zero, so a check on such an instance compares zeros with zeros and agrees with anything.
 */
function underflowed(op: OpName, args: readonly Mat[], out: Mat): string | null {
  if (!PRODUCTS.has(op) || out.data.length === 0) return null;
  const largest = M.maxAbs(out);
  if (largest === 0) return args.every((a) => a.data.every((v) => v !== 0)) ? `${op} underflowed to zero` : null;
  const shrank = largest < UNDERFLOW_BAND && args.every((a) => M.maxAbs(a) >= UNDERFLOW_BAND);
  return shrank ? `${op} underflowed: every entry of its value is below ${UNDERFLOW_BAND}` : null;
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
 * The value of the plan's node at `slot`, its arguments' values being in `slots`: a variable's
 * from `values` (checked against its shape), a number's, or its operator's evaluator applied
 * (with the domain checks when `checkDomains`; without the size check when `sizeChecked`, the
 * caller having made it for these sizes already).
 */
export function evaluateSlot(
  plan: EvaluationPlan, slot: number, slots: readonly (Mat | undefined)[], values: Values, sizes: Sizes, checkDomains: boolean, sizeChecked = false,
): Mat {
  const node = plan.nodes[slot]!;
  if (node.kind === "var") {
    const v = values.get(plan.keys[slot]!);
    if (!v) throw new Error(`no value for ${node.name}`);
    const want = concreteShape(node.shape, sizes);
    if (v.rows !== want.rows || v.cols !== want.cols) {
      throw new Error(`value of ${node.name} is ${v.rows}×${v.cols}, expected ${want.rows}×${want.cols}`);
    }
    return v;
  }
  if (node.kind === "num") return { rows: 1, cols: 1, data: Float64Array.of(node.value) };
  const from = plan.argStart[slot]!;
  const args = new Array<Mat>(plan.argStart[slot + 1]! - from);
  for (let k = 0; k < args.length; k++) args[k] = slots[plan.argSlots[from + k]!]!;
  if (!sizeChecked) buildableShape(node, sizes);
  return applyStanza(plan.stanzas[slot]!, node, args, sizes, checkDomains);
}

/** An operator node's value from its arguments' values, refused when too large or (checkDomains) outside the domain. */
export function applyOperator(node: OpNode, args: readonly Mat[], sizes: Sizes, checkDomains: boolean): Mat {
  buildableShape(node, sizes);
  return applyStanza(stanzaOf(node.op), node, args, sizes, checkDomains);
}

function applyStanza(stanza: OpStanza, node: OpNode, args: readonly Mat[], sizes: Sizes, checkDomains: boolean): Mat {
  if (checkDomains && stanza.outOfDomain) {
    const reason = stanza.outOfDomain(args);
    if (reason) throw new EvaluationError({ node, reason });
  }
  const out = stanza.evaluate(args, node, sizes);
  if (checkDomains && !isFiniteMat(out)) throw new EvaluationError({ node, reason: `${node.op} gave a value that is not finite` });
  const underflow = checkDomains ? underflowed(node.op, args, out) : null;
  if (underflow) throw new EvaluationError({ node, reason: underflow });
  return out;
}

/** Values read more than this many steps after they are made are long-lived (see lastingCopy). */
const LONG_LIVED = 32;

/**
 * A Mat of the same entries, made here, for a value that lives long (kept for reuse, or read far
 * down the plan). V8 allocates the objects of a code site whose objects mostly survive directly in
 * the old generation (allocation-site pretenuring). If the kernels' own result objects were kept,
 * the kernels would be judged so, and the many short-lived values of every later evaluation (each
 * finite-difference point) would fill the old generation: measured, two thirds of a deep check went
 * to the collector. Copying keeps the kernels' results short-lived. The entries go to storage kept
 * apart from the short-lived results' (kernels/dense.ts, lasting), so a kept value pins none of it.
 */
export function lastingCopy(m: Mat): Mat {
  return { rows: m.rows, cols: m.cols, data: lasting(m.data) };
}

/**
 * The root's value: each node it needs once, in dependency order, by its stanza's evaluator
 * (on the root's compiled plan, ./plan.js). `known`: values of some nodes (by id) on these
 * inputs, taken as given instead of evaluated again. `keep`: a map that receives the value of
 * every node evaluated and every known one (it may be `known` itself).
 */
export function evaluate(
  root: Expr, values: Values, sizes: Sizes, checkDomains = false, known?: ReadonlyMap<number, Mat>, keep?: Map<number, Mat>,
): Mat {
  const plan = planOf(root);
  const { nodes } = plan;
  const n = nodes.length;
  const slots = new Array<Mat | undefined>(n);
  if (known?.size) {
    if (known.size < n) {
      for (const [id, v] of known) {
        const s = plan.slotOf.get(id);
        if (s !== undefined) slots[s] = v;
      }
    } else for (let i = 0; i < n; i++) slots[i] = known.get(nodes[i]!.id);
  }
  run(plan, slots, values, sizes, checkDomains, keep);
  if (keep && known && keep !== known) for (const [id, v] of known) keep.set(id, v);
  return slots[n - 1]!;
}

/**
 * The values of several roots on one instance, each node evaluated once for all of them, in
 * the order evaluate would reach them root after root (so a domain check fails at the same node).
 */
export function evaluateRoots(roots: readonly Expr[], values: Values, sizes: Sizes, checkDomains = false): Mat[] {
  const plan = planOfRoots(roots);
  const slots = new Array<Mat | undefined>(plan.nodes.length);
  run(plan, slots, values, sizes, checkDomains);
  return Array.from(plan.roots, (r) => slots[r]!);
}

/**
 * Fills the slots the plan's roots need and that hold no value yet. Without `keep`, an argument
 * is dropped after its last use, so a long chain holds few values at a time.
 */
function run(plan: EvaluationPlan, slots: (Mat | undefined)[], values: Values, sizes: Sizes, checkDomains: boolean, keep?: Map<number, Mat>): void {
  const { nodes, lastUse, argStart, argSlots } = plan;
  const needed = neededSlots(plan, (i) => slots[i] !== undefined);
  for (let i = 0; i < nodes.length; i++) {
    if (!needed[i] || slots[i] !== undefined) continue;
    const computed = evaluateSlot(plan, i, slots, values, sizes, checkDomains);
    const v = keep || lastUse[i]! - i > LONG_LIVED ? lastingCopy(computed) : computed;
    slots[i] = v;
    if (keep) keep.set(nodes[i]!.id, v);
    else for (let k = argStart[i]!; k < argStart[i + 1]!; k++) if (lastUse[argSlots[k]!] === i) slots[argSlots[k]!] = undefined;
  }
}
