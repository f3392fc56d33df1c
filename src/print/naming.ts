/**
 * Which subexpressions get a name: every non-trivial node that more than
 * one place uses (so `1 − Y ⊙ Y` prints Y once, defined once). Names are
 * given in dependency order — t₀ before t₁ when t₁ uses t₀ — and the
 * input expression itself, when it recurs, takes the output's name.
 */
import type { Expr } from "../expr/node.js";
import type { OpName } from "../expr/names.js";
import { topoOrder } from "../expr/traverse.js";
import { CountById, IdMap } from "../expr/by-id.js";

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

/** ₀, the first of the ten subscript digits (U+2080 … U+2089). */
const SUBSCRIPT_ZERO = 0x2080;
/** The character codes of a temporary's name, reused: a long derivation names a hundred thousand temporaries. */
const temporaryCodes: number[] = [];
/** The k-th temporary's name: t₀ in text, t_{0} in LaTeX, t0 in code. */
export function textTemporary(k: number): string {
  // One string made from its codes (t, then k's digits as subscripts), not one more string per digit appended.
  const digits = String(k);
  temporaryCodes.length = digits.length + 1;
  temporaryCodes[0] = 116;
  for (let i = 0; i < digits.length; i++) temporaryCodes[i + 1] = SUBSCRIPT_ZERO + digits.charCodeAt(i) - 48;
  return String.fromCharCode.apply(null, temporaryCodes);
}
export const latexTemporary = (k: number): string => `t_{${k}}`;
export const codeTemporary = (k: number): string => `t${k}`;

/** Names by node id, read in place: a map, or two layered by overlaidNames. */
export interface NameTable {
  get(id: number): string | undefined;
  has(id: number): boolean;
  readonly size: number;
  values(): Iterable<string>;
}

/**
 * `over`'s names laid over `under`'s (where both name a node, `over` wins), read through without copying either:
 * a long derivation's steps hold tens of thousands of names, and a merged copy per derivative promoted megabytes.
 */
export function overlaidNames(under: ReadonlyMap<number, string>, over: ReadonlyMap<number, string>): NameTable {
  let size: number | undefined;
  return {
    get: (id) => over.get(id) ?? under.get(id),
    has: (id) => over.has(id) || under.has(id),
    get size() {
      if (size === undefined) {
        size = under.size;
        for (const [id] of over) if (!under.has(id)) size++;
      }
      return size;
    },
    *values() {
      for (const [id, name] of under) yield over.get(id) ?? name;
      for (const [id, name] of over) if (!under.has(id)) yield name;
    },
  };
}

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
  given?: NameTable;
  defineGiven?: boolean;
}

/** Nodes a printout shows: a value the user named hides its inside unless it is defined too. */
function visibleOrder(roots: readonly Expr[], given: NameTable, defineGiven: boolean): Expr[] {
  const order = topoOrder(roots);
  if (defineGiven || !given.size) return order;
  // what a printout reaches without entering a named value
  const reached = topoOrder(roots, (id) => given.has(id));
  const shown = new CountById();
  for (let i = 0; i < reached.length; i++) shown.add(reached[i]!.id);
  return order.filter((n) => shown.has(n.id));
}

export function chooseNames(roots: readonly Expr[], options: NamingOptions): Naming {
  const given: NameTable = options.given ?? new Map<number, string>();
  const defineGiven = options.defineGiven ?? false;
  const order = visibleOrder(roots, given, defineGiven);
  // Counts by id in paged tables (only the pages of the ids met are made): a printout of one small result of a
  // graph of a million ids costs that result, not the graph (JSON names each of 5,000 results on its own). A
  // count saturates at 255; what matters is whether it reaches 2.
  // Indexed loops: this runs once per printout, mostly before the engine optimises it, where for-of allocates.
  const uses = new CountById();
  const isRoot = new CountById();
  for (let i = 0; i < roots.length; i++) {
    uses.add(roots[i]!.id);
    isRoot.add(roots[i]!.id);
  }
  // Users before what they use (the order reversed), so a node's uses are all counted when it passes them on. A
  // mark that is not named (a transpose, sign or stretch) passes on all of its uses: when a broadcast of A x is
  // used in three places, A x is printed in three places, and is named once instead (a nest of row sums would
  // otherwise print its shared chains again at every level, an output quadratic in the depth).
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    if (node.kind !== "op" || (!defineGiven && given.has(node.id))) continue;
    const times = isTrivial(node) && !given.has(node.id) ? Math.max(1, uses.get(node.id)) : 1;
    for (let j = 0; j < node.args.length; j++) uses.add(node.args[j]!.id, times);
  }
  // By id: a long derivation names tens of thousands of nodes.
  const names = new IdMap<string>();
  const named: Expr[] = [];
  let k = 0;
  // The names a temporary may not take: the caller's, and those the user gave (read in place, not copied: the
  // caller's set can hold every input of a program, and JSON names each result on its own).
  const givenNames = given.size ? new Set(given.values()) : undefined;
  const taken = (name: string) => options.taken.has(name) || (givenNames?.has(name) ?? false);
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    const user = given.get(node.id);
    if (user !== undefined) {
      names.set(node.id, user);
      if (defineGiven) named.push(node);
      continue;
    }
    if (uses.get(node.id) < 2 || isTrivial(node)) continue;
    if (isRoot.has(node.id) && !options.nameRoots) continue;
    let name: string;
    if (options.output && node === options.output.node) name = options.output.name;
    else {
      do name = options.temporary(k++);
      while (taken(name));
    }
    names.set(node.id, name);
    named.push(node);
  }
  return { names, order: named };
}
