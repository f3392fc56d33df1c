/**
 * A graph compiled for evaluation, once per root and reused by every
 * evaluation of it (a check evaluates y at dozens of finite-difference
 * points on each instance): the nodes in dependency order, each node's
 * position in that order as its slot, the argument slots of every operator
 * in one flat array, and the key of every variable's value. Evaluating is
 * then one pass over arrays, with no walk of the graph and no lookup by id.
 */
import type { Expr, VarNode } from "../expr/node.js";
import { topoOrder } from "../expr/traverse.js";
import { stanzaOf } from "../ops/registry.js";
import type { OpStanza } from "../ops/stanza.js";

/** The key of a variable's value: `dx` the differential never collides with a user variable called dx. */
export function valueKey(v: Pick<VarNode, "name" | "role">): string {
  return v.role === "input" ? v.name : `${v.role}:${v.name}`;
}

export interface EvaluationPlan {
  /** Every node the roots need, each after its arguments. A node's slot is its index here. */
  readonly nodes: readonly Expr[];
  /** The roots' slots, in the order given (a single root's is the last). */
  readonly roots: Int32Array;
  readonly slotOf: ReadonlyMap<number, number>;
  /** The argument slots of node i are argSlots[argStart[i] .. argStart[i + 1]). */
  readonly argStart: Int32Array;
  readonly argSlots: Int32Array;
  /** The value key of each variable's slot ("" for other nodes). */
  readonly keys: readonly string[];
  /** The stanza of each operator's slot (undefined for leaves). */
  readonly stanzas: readonly (OpStanza | undefined)[];
  /** The last slot that reads each slot (the slot itself when none does; past the end for a root): its value may be dropped after that step. */
  readonly lastUse: Int32Array;
}

export function compilePlan(rootExprs: readonly Expr[]): EvaluationPlan {
  const nodes = topoOrder(rootExprs);
  const n = nodes.length;
  const slotOf = new Map<number, number>();
  nodes.forEach((node, i) => slotOf.set(node.id, i));
  const argStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    argStart[i + 1] = argStart[i]! + (node.kind === "op" ? node.args.length : 0);
  }
  const argSlots = new Int32Array(argStart[n]!);
  const lastUse = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    if (node.kind !== "op") continue;
    for (let k = 0; k < node.args.length; k++) {
      const a = slotOf.get(node.args[k]!.id)!;
      argSlots[argStart[i]! + k] = a;
      lastUse[a] = i;
    }
  }
  const roots = Int32Array.from(rootExprs, (r) => slotOf.get(r.id)!);
  for (const r of roots) lastUse[r] = n;
  const keys = nodes.map((node) => (node.kind === "var" ? valueKey(node) : ""));
  const stanzas = nodes.map((node) => (node.kind === "op" ? stanzaOf(node.op) : undefined));
  return { nodes, roots, slotOf, argStart, argSlots, keys, stanzas, lastUse };
}

/** Values memoised for a list of roots, under the first of them (one entry each: the last list asked for). */
export type RootsMemo<T> = WeakMap<Expr, { readonly roots: readonly Expr[]; readonly value: T }>;

/** The memoised value for these roots (the same nodes in the same order), made and kept when absent. */
export function memoForRoots<T>(memo: RootsMemo<T>, roots: readonly Expr[], make: () => T): T {
  const entry = roots.length ? memo.get(roots[0]!) : undefined;
  if (entry && entry.roots.length === roots.length && entry.roots.every((r, i) => r === roots[i])) return entry.value;
  const value = make();
  if (roots.length) memo.set(roots[0]!, { roots: [...roots], value });
  return value;
}

const plans = new WeakMap<Expr, EvaluationPlan>();
const rootsPlans: RootsMemo<EvaluationPlan> = new WeakMap();

/** The plan of a root, compiled on first use and kept while the root lives (graphs are immutable). */
export function planOf(root: Expr): EvaluationPlan {
  let plan = plans.get(root);
  if (!plan) plans.set(root, (plan = compilePlan([root])));
  return plan;
}

/** The plan of several roots together (each node once), kept as planOf keeps one root's. */
export const planOfRoots = (roots: readonly Expr[]): EvaluationPlan => memoForRoots(rootsPlans, roots, () => compilePlan(roots));

/** The slots that move with some inputs: as flags by slot (1: moves), and as a list in dependency order. */
export interface Moving {
  readonly moves: Readonly<Uint8Array>;
  readonly steps: Readonly<Int32Array>;
}

/** Per plan, the last answer of movingSlots: a check asks it twice in a row for the same inputs (the products linear in x, then the point evaluation). */
const lastMoving = new WeakMap<EvaluationPlan, { readonly varying: string; readonly moving: Moving }>();

/** Which slots depend on the inputs whose value keys are `varying`, and which do not; shared, so read-only. */
export function movingSlots(plan: EvaluationPlan, varying: readonly string[]): Moving {
  const key = varying.join("\u0000");
  const last = lastMoving.get(plan);
  if (last && last.varying === key) return last.moving;
  const moving = slotsMovingWith(plan, varying);
  lastMoving.set(plan, { varying: key, moving });
  return moving;
}

/** Who reads each slot, and the slots of each variable's value key: made once per plan, for walks up from an input. */
interface Readers {
  /** The slots that read slot i are readerSlots[readerStart[i] .. readerStart[i + 1]). */
  readonly readerStart: Int32Array;
  readonly readerSlots: Int32Array;
  readonly slotsOfKey: ReadonlyMap<string, readonly number[]>;
}
const readersOfPlan = new WeakMap<EvaluationPlan, Readers>();

function readersOf(plan: EvaluationPlan): Readers {
  const known = readersOfPlan.get(plan);
  if (known) return known;
  const { nodes, argStart, argSlots } = plan;
  const n = nodes.length;
  const readerStart = new Int32Array(n + 1);
  for (let k = 0; k < argSlots.length; k++) readerStart[argSlots[k]! + 1]!++;
  for (let i = 0; i < n; i++) readerStart[i + 1]! += readerStart[i]!;
  const filled = readerStart.slice(0, n);
  const readerSlots = new Int32Array(argSlots.length);
  for (let i = 0; i < n; i++) for (let k = argStart[i]!; k < argStart[i + 1]!; k++) readerSlots[filled[argSlots[k]!]!++] = i;
  const slotsOfKey = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    if (nodes[i]!.kind !== "var") continue;
    const list = slotsOfKey.get(plan.keys[i]!);
    if (list) list.push(i);
    else slotsOfKey.set(plan.keys[i]!, [i]);
  }
  const readers = { readerStart, readerSlots, slotsOfKey };
  readersOfPlan.set(plan, readers);
  return readers;
}

/**
 * A slot moves when it is a varying input or reads a slot that moves: found by walking up from the varying inputs
 * through their readers, so the cost is the part that moves, not the plan (a check of 5,000 --wrt names of a sum of
 * 5,000 quadratic forms passed over all 15,000 slots for each name).
 */
function slotsMovingWith(plan: EvaluationPlan, varying: readonly string[]): Moving {
  const { readerStart, readerSlots, slotsOfKey } = readersOf(plan);
  const moves = new Uint8Array(plan.nodes.length);
  const found: number[] = [];
  const stack: number[] = [];
  const reach = (slot: number): void => {
    if (moves[slot]) return;
    moves[slot] = 1;
    found.push(slot);
    stack.push(slot);
  };
  for (const key of varying) for (const slot of slotsOfKey.get(key) ?? []) reach(slot);
  while (stack.length > 0) {
    const slot = stack.pop()!;
    for (let k = readerStart[slot]!; k < readerStart[slot + 1]!; k++) reach(readerSlots[k]!);
  }
  // Slots are numbered in dependency order, so sorted they are the order to evaluate them in.
  return { moves, steps: Int32Array.from(found).sort() };
}

/**
 * The slots that evaluating the roots needs when the slots with `given` set hold values
 * already: nothing below a given node (reverse order visits every user of a node before it).
 */
export function neededSlots(plan: EvaluationPlan, given: (slot: number) => boolean): Uint8Array {
  const n = plan.nodes.length;
  const needed = new Uint8Array(n);
  for (const r of plan.roots) needed[r] = 1;
  for (let i = n - 1; i >= 0; i--) {
    if (!needed[i] || given(i)) continue;
    for (let k = plan.argStart[i]!; k < plan.argStart[i + 1]!; k++) needed[plan.argSlots[k]!] = 1;
  }
  return needed;
}
