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
import * as M from "../kernels/mat.js";
import { isFiniteMat, lasting, type Mat } from "../kernels/mat.js";
import { type EvaluationPlan, neededSlots, planOf, planOfRoots } from "./plan.js";
import { buildableShape } from "./work.js";
import { type Sizes, concreteShape } from "./sizes.js";
export { valueKey } from "./plan.js";
export { type Sizes, concreteShape } from "./sizes.js";

export type Values = ReadonlyMap<string, Mat>;

/** The first node whose arguments are outside its operator's domain, with the reason. */
export interface DomainViolation {
  readonly node: Expr;
  readonly reason: string;
  /** The operation was in its domain but its value is not finite (an overflow), not a value outside a domain. */
  readonly notFinite?: boolean;
}

export class EvaluationError extends Error {
  constructor(readonly violation: DomainViolation) {
    super(violation.reason);
  }
}

/** Operators whose value has no zero entry when no argument has one, save by underflow (or cancellation, for matmul and kron only by measure zero). */
const PRODUCTS: ReadonlySet<OpName> = new Set<OpName>(["matmul", "hadamard", "hdiv", "div", "scale", "kron", "power", "matpow", "hpow", "exp"]);

/** Below this magnitude a value has lost the digits a finite difference needs (an entry of 1e-200 squared is 0). */
export const UNDERFLOW_BAND = 1e-200;

/** A product of values without a zero entry that is entirely zero has underflowed: every digit of it is lost. */
function underflowed(op: OpName, args: readonly Mat[], out: Mat): boolean {
  if (!PRODUCTS.has(op) || out.data.length === 0 || out.data.some((v) => v !== 0)) return false;
  return args.every((a) => a.data.every((v) => v !== 0));
}

/**
 * Where, in one evaluation with domain checks, a product first shrank below UNDERFLOW_BAND from arguments that all
 * had an entry above it, or underflowed to zero. Alone that is no fault (a vanishing gradient through 10,000 steps shrinks so, next to terms
 * that do not); the sampler rejects an instance only when y itself ends below the band as well (a long chain
 * X·X·…·X at small values), where y and every derivative are zero or nearly, and a check would agree with anything.
 */
export class ShrinkWatch {
  node: OpNode | null = null;

  see(op: OpName, node: OpNode, args: readonly Mat[], out: Mat): void {
    if (this.node || !PRODUCTS.has(op) || out.data.length === 0 || M.maxAbs(out) >= UNDERFLOW_BAND) return;
    // fallen below the band from above it, or to zero from values without a zero entry (underflowed)
    if (args.every((a) => M.maxAbs(a) >= UNDERFLOW_BAND) || underflowed(op, args, out)) this.node = node;
  }
}

/**
 * The value of the plan's node at `slot`, its arguments' values being in `slots`: a variable's
 * from `values` (checked against its shape), a number's, or its operator's evaluator applied
 * (with the domain checks when `checkDomains`; without the size check when `sizeChecked`, the
 * caller having made it for these sizes already).
 */
export function evaluateSlot(
  plan: EvaluationPlan, slot: number, slots: readonly (Mat | undefined)[], values: Values, sizes: Sizes, checkDomains: boolean, sizeChecked = false,
  watch?: ShrinkWatch,
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
  return applyStanza(plan.stanzas[slot]!, node, args, sizes, checkDomains, watch);
}

/** An operator node's value from its arguments' values, refused when too large or (checkDomains) outside the domain. */
export function applyOperator(node: OpNode, args: readonly Mat[], sizes: Sizes, checkDomains: boolean): Mat {
  buildableShape(node, sizes);
  return applyStanza(stanzaOf(node.op), node, args, sizes, checkDomains);
}

function applyStanza(stanza: OpStanza, node: OpNode, args: readonly Mat[], sizes: Sizes, checkDomains: boolean, watch?: ShrinkWatch): Mat {
  if (checkDomains && stanza.outOfDomain) {
    const reason = stanza.outOfDomain(args);
    if (reason) throw new EvaluationError({ node, reason });
  }
  const out = stanza.evaluate(args, node, sizes);
  if (checkDomains && !isFiniteMat(out)) throw new EvaluationError({ node, reason: `${node.op} gave a value that is not finite`, notFinite: true });
  // With a watch (a sampler's), a product gone to zero is one more shrink: the sampler decides by whether y and the
  // derivatives all went (a vanishing part beside one that does not is no fault, whether it ends at 1e-250 or at 0).
  if (checkDomains && !watch && underflowed(node.op, args, out)) throw new EvaluationError({ node, reason: `${node.op} underflowed to zero` });
  watch?.see(node.op, node, args, out);
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
 * `watch` records the first product that shrank below UNDERFLOW_BAND.
 */
export function evaluateRoots(roots: readonly Expr[], values: Values, sizes: Sizes, checkDomains = false, watch?: ShrinkWatch): Mat[] {
  const plan = planOfRoots(roots);
  const slots = new Array<Mat | undefined>(plan.nodes.length);
  run(plan, slots, values, sizes, checkDomains, undefined, watch);
  return Array.from(plan.roots, (r) => slots[r]!);
}

/**
 * Fills the slots the plan's roots need and that hold no value yet. Without `keep`, an argument
 * is dropped after its last use, so a long chain holds few values at a time.
 */
function run(
  plan: EvaluationPlan, slots: (Mat | undefined)[], values: Values, sizes: Sizes, checkDomains: boolean, keep?: Map<number, Mat>, watch?: ShrinkWatch,
): void {
  const { nodes, lastUse, argStart, argSlots } = plan;
  const needed = neededSlots(plan, (i) => slots[i] !== undefined);
  for (let i = 0; i < nodes.length; i++) {
    if (!needed[i] || slots[i] !== undefined) continue;
    const computed = evaluateSlot(plan, i, slots, values, sizes, checkDomains, false, watch);
    const v = keep || lastUse[i]! - i > LONG_LIVED ? lastingCopy(computed) : computed;
    slots[i] = v;
    if (keep) keep.set(nodes[i]!.id, v);
    else for (let k = argStart[i]!; k < argStart[i + 1]!; k++) if (lastUse[argSlots[k]!] === i) slots[argSlots[k]!] = undefined;
  }
}
