/**
 * Which subexpressions get a name: every non-trivial node that more than
 * one place uses (so `1 − Y ⊙ Y` prints Y once, defined once). Names are
 * given in dependency order — t₀ before t₁ when t₁ uses t₀ — and the
 * input expression itself, when it recurs, takes the output's name.
 */
import type { Expr } from "../expr/node.js";
import type { OpName } from "../expr/names.js";
import { topoOrder } from "../expr/traverse.js";
import { CountById } from "../expr/by-id.js";

export interface Naming {
  /** node id → name */
  readonly names: ReadonlyMap<number, string>;
  /** The named nodes, dependencies first. */
  readonly order: readonly Expr[];
}

const MARKS: ReadonlySet<OpName> = new Set(["transpose", "neg", "broadcast"]);
const WRAPPERS: ReadonlySet<OpName> = new Set(["vec", "diagEmbed"]);

/** Leaves and constants print short; naming them would only hide them. */
function isTrivial(e: Expr): boolean {
  if (e.kind !== "op") return true;
  if (e.args.length === 0) return true;
  // A transpose, sign or stretch of something prints as that thing plus a mark: not worth a name.
  if (MARKS.has(e.op)) return true;
  if (WRAPPERS.has(e.op)) return isTrivial(e.args[0]!);
  return false;
}

const SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉";
/** The k-th temporary's name: t₀ in text, t_{0} in LaTeX, t0 in code. */
export function textTemporary(k: number): string {
  const digits = String(k);
  let name = "t";
  for (let i = 0; i < digits.length; i++) name += SUBSCRIPT_DIGITS[digits.charCodeAt(i) - 48];
  return name;
}
export const latexTemporary = (k: number): string => `t_{${k}}`;
export const codeTemporary = (k: number): string => `t${k}`;

export interface NamingOptions {
  temporary: (k: number) => string;
  output?: { node: Expr; name: string };
  taken: ReadonlySet<string>;
  nameRoots?: boolean;
  /**
   * Names the user gave (a program's statements): such a value always
   * prints by its name. Its definition is the user's own, so it is listed
   * in `order` only with `defineGiven` (code must compute it).
   */
  given?: ReadonlyMap<number, string>;
  defineGiven?: boolean;
}

/** Nodes a printout shows: a value the user named hides its inside unless it is defined too. */
function visibleOrder(roots: readonly Expr[], given: ReadonlyMap<number, string>, defineGiven: boolean): Expr[] {
  const order = topoOrder(roots);
  if (defineGiven || !given.size) return order;
  // what a printout reaches without entering a named value
  const reached = topoOrder(roots, (id) => given.has(id));
  const shown = new CountById();
  for (let i = 0; i < reached.length; i++) shown.add(reached[i]!.id);
  return order.filter((n) => shown.has(n.id));
}

export function chooseNames(roots: readonly Expr[], options: NamingOptions): Naming {
  const given = options.given ?? new Map<number, string>();
  const defineGiven = options.defineGiven ?? false;
  const order = visibleOrder(roots, given, defineGiven);
  // Counts by id in flat arrays (ids are small integers): one pass over the arguments, no table of a hundred thousand entries.
  // Indexed loops: this runs once per printout, mostly before the engine optimises it, where for-of allocates.
  let maxId = 0;
  for (let i = 0; i < order.length; i++) maxId = Math.max(maxId, order[i]!.id);
  for (let i = 0; i < roots.length; i++) maxId = Math.max(maxId, roots[i]!.id);
  const uses = new Uint32Array(maxId + 1);
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    if (node.kind === "op" && (defineGiven || !given.has(node.id))) for (let j = 0; j < node.args.length; j++) uses[node.args[j]!.id]!++;
  }
  const isRoot = new Uint8Array(maxId + 1);
  for (let i = 0; i < roots.length; i++) {
    uses[roots[i]!.id]!++;
    isRoot[roots[i]!.id] = 1;
  }
  const names = new Map<number, string>();
  const named: Expr[] = [];
  let k = 0;
  const taken = new Set([...options.taken, ...given.values()]);
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    const user = given.get(node.id);
    if (user !== undefined) {
      names.set(node.id, user);
      if (defineGiven) named.push(node);
      continue;
    }
    if (uses[node.id]! < 2 || isTrivial(node)) continue;
    if (isRoot[node.id] && !options.nameRoots) continue;
    let name: string;
    if (options.output && node === options.output.node) name = options.output.name;
    else {
      do name = options.temporary(k++);
      while (taken.has(name));
    }
    names.set(node.id, name);
    named.push(node);
  }
  return { names, order: named };
}
