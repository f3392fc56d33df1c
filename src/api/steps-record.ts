/**
 * The records --steps prints, kept while deriving so that printing never
 * differentiates or simplifies again: Y's chain of intermediate values with
 * the differential of each, and for every derivative the chain assembled
 * (dY), the identification moves (adjoint or vec rules) and, for a
 * Hessian, the differential of the gradient — each simplified as shown.
 */
import type { Expr, OpNode, VarNode } from "../expr/node.js";
import { dependents, topoOrder } from "../expr/traverse.js";
import { CountById, IdMap } from "../expr/by-id.js";
import { substitute } from "../ops/make.js";
import { differentialOf } from "../calculus/differential.js";
import type { IdentifyTrace } from "../calculus/layout.js";
import { stanzaOf } from "../ops/registry.js";
import { Simplifier } from "../simplify/engine.js";
import { DEFAULT_RULES } from "../simplify/catalogue.js";

/** One intermediate value of Y: u = f(earlier values), and du in terms of them. */
export interface ChainLink {
  /** u1, u2, … (Y's own name for Y itself). */
  readonly name: string;
  /** The value, in terms of the inputs. */
  readonly node: Expr;
  /** The value in terms of the earlier links (variables by their names). */
  readonly local: Expr;
  /** d(name), in terms of the earlier links (variables by their names) and their differentials; null when zero. */
  readonly differential: Expr | null;
}

/** A move of the adjoint pass: ⟨ct, node⟩ = ⟨out, arg⟩, with `other` the factor that moved. */
export interface AdjointMove {
  readonly node: OpNode;
  readonly argIndex: number;
  readonly ct: Expr;
  readonly shownNode: Expr;
  readonly out: Expr;
  readonly arg: Expr;
  readonly other: Expr | null;
}

/** A vec rule: vec(node) = factor vec(arg), with `other` the factor the rule moved. */
export interface VecMove {
  readonly node: OpNode;
  readonly argIndex: number;
  readonly shownNode: Expr;
  readonly arg: Expr;
  /** The matrix M of vec(node) = M vec(arg); null when the rule is not a product with the argument's Jacobian. */
  readonly factor: Expr | null;
  readonly other: Expr | null;
}

/** What --steps shows for one derivative, simplified as printed. */
export interface StepsRecord {
  readonly differential: Expr | null;
  /** The printed object, as the derivation's last line shows it. */
  readonly result: Expr;
  readonly adjoint: readonly AdjointMove[];
  readonly vec: readonly VecMove[];
  /** A Hessian block: the differential of the gradient, as the second variable varies. */
  readonly gradientDifferential?: Expr | null;
}

/** Simplification as printed; one simplifier per record, so what the records share is simplified once (linear in depth). */
function simplifierAsShown(): (e: Expr) => Expr {
  const simplifier = new Simplifier(DEFAULT_RULES);
  return (e) => simplifier.run(e);
}
const otherArg = (shown: (e: Expr) => Expr, node: OpNode, argIndex: number): Expr | null =>
  (node.args.length === 2 ? shown(node.args[1 - argIndex]!) : null);

/** xᵀ, −x, broadcast x: not worth a name of their own. */
function isMarkOnLeaf(n: OpNode): boolean {
  return ["transpose", "neg", "broadcast"].includes(n.op) && n.args[0]!.kind !== "op";
}

/** Non-leaf values of Y that depend on the variables: arguments and results of non-linear operators, shared values, and Y. */
function intermediates(y: Expr, vars: readonly VarNode[], given: ReadonlyMap<number, string>): Expr[] {
  const order = topoOrder([y]);
  const varying = dependents([y], vars, order);
  // Counts and flags by id (arrays, not hash tables: Y of a 10,000-step recurrence has 30,000 nodes).
  const uses = new CountById();
  const nonlinearArg = new CountById();
  for (const n of order) {
    if (n.kind !== "op") continue;
    for (const a of n.args) uses.add(a.id);
    if (!stanzaOf(n.op).adjoint) for (const a of n.args) nonlinearArg.add(a.id);
  }
  return order.filter((n) => n === y || (n.kind === "op" && varying.has(n.id) && n.args.length > 0 &&
    (given.has(n.id) || ((nonlinearArg.has(n.id) || !stanzaOf(n.op).adjoint || uses.get(n.id) > 1) && !isMarkOnLeaf(n)))));
}

/** How many links recordChain makes of Y (its intermediate values), counted without differentiating them. */
export function chainLength(y: Expr, vars: readonly VarNode[], given: ReadonlyMap<number, string> = new Map()): number {
  return intermediates(y, vars, given).length;
}

/** The letters an invented intermediate's name starts with, in order of preference. */
const BASES = ["u", "v", "w", "z", "s"];

function intermediateNames(count: number, taken: ReadonlySet<string>): string[] {
  // A name is free when neither it nor its differential's name is taken (a statement du would read as d of u).
  const free = (n: string): boolean => !taken.has(n) && !taken.has(`d${n}`);
  const single = count === 1 ? BASES.find(free) : undefined;
  if (single) return [single];
  const base = BASES.find((n) => ![...taken].some((t) => t.startsWith(n) || t.startsWith(`d${n}`)));
  if (base) return Array.from({ length: count }, (_, k) => `${base}${k + 1}`);
  // Every letter begins a name in use: u1, u2, … skipping those taken.
  const out: string[] = [];
  for (let k = 1; out.length < count; k++) if (free(`u${k}`)) out.push(`u${k}`);
  return out;
}

/**
 * Y's chain: its intermediate values — a program's own statements by their
 * names (`given`), the others named u1, u2, … — Y last, by its own name,
 * and the differential of each with the earlier ones as variables u and
 * their differentials du, when the variables `vars` vary.
 */
export function recordChain(
  y: Expr, yName: string, vars: readonly VarNode[], inputs: Iterable<string>, gradName: string, given: ReadonlyMap<number, string> = new Map(),
): ChainLink[] {
  const inter = intermediates(y, vars, given);
  const invented = inter.filter((n, k) => k < inter.length - 1 && !given.has(n.id));
  const fresh = intermediateNames(invented.length, new Set([...inputs, yName, gradName, ...given.values()]));
  const freshName = new Map(invented.map((n, k) => [n.id, fresh[k]!]));
  const names = inter.map((n) => given.get(n.id) ?? freshName.get(n.id)!);
  // Tables by id: each grows to one entry per link (20,000 at T = 10,000).
  const asVar = new IdMap<Expr>();
  const shown = simplifierAsShown();
  const seeds = new IdMap<Expr>();
  for (const v of vars) seeds.set(v.id, v.graph.variable(`d${v.name}`, v.shape, "differential"));
  return inter.map((n, k) => {
    const name = k === inter.length - 1 ? yName : names[k]!;
    const local = substitute(n, asVar);
    const dn = differentialOf(local, seeds, true);
    const u = n.graph.variable(name, n.shape, "input");
    asVar.set(n.id, u);
    seeds.set(u.id, n.graph.variable(`d${name}`, n.shape, "differential"));
    return { name, node: n, local, differential: dn && shown(dn) };
  });
}

/** The identification moves and the chain assembled, as --steps shows them. */
export function recordSteps(differential: Expr | null, trace: IdentifyTrace, result: Expr, gradientDifferential?: Expr | null): StepsRecord {
  const shown = simplifierAsShown();
  return {
    differential: differential && shown(differential),
    // the result is recorded as derive printed it (simplified and tidied), so the last step and the result agree
    result,
    adjoint: trace.adjoint.map((s) => ({
      node: s.node, argIndex: s.argIndex, ct: shown(s.ct), shownNode: shown(s.node), out: shown(s.out),
      arg: shown(s.node.args[s.argIndex]!), other: otherArg(shown, s.node, s.argIndex),
    })),
    vec: trace.vec.map((s) => {
      const raw = s.out.kind === "op" && s.out.op === "matmul" && s.out.args[1] === s.jArg ? s.out.args[0]! : null;
      return {
        node: s.node, argIndex: s.argIndex, shownNode: shown(s.node), arg: shown(s.node.args[s.argIndex]!),
        factor: raw && shown(raw), other: otherArg(shown, s.node, s.argIndex),
      };
    }),
    gradientDifferential: gradientDifferential === undefined ? undefined : gradientDifferential && shown(gradientDifferential),
  };
}
