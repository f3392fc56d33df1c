/**
 * The vocabulary of index notation that stanzas speak: indices (letters,
 * the fixed index 1 of a dimension of size 1, and indices computed from
 * others), factors (Kronecker deltas and entries of matrices) and terms.
 * A stanza's `index` rule says how the entries of a dX-linear node follow
 * from its linear argument's; its `entry` rule says how an entry of the
 * node reads in simpler factors. calculus/index.ts walks the graph with them.
 */
import type { Expr, OpNode } from "../expr/node.js";
import { type Dim, dimKey, isOne } from "../shapes/dim.js";

/**
 * An index: a letter, 1 for a dimension of size 1, or an index computed from
 * others (counting from 0): the block ⌊i/p⌋ and the offset i mod p of a row
 * of a Kronecker product, and i + m·j, the position of (i, j) in vec.
 */
export type Idx = string | 1 | ComputedIdx;
export type ComputedIdx =
  | { readonly kind: "div" | "mod"; readonly of: Idx; readonly by: Dim }
  | { readonly kind: "lin"; readonly a: Idx; readonly b: Idx; readonly by: Dim };

/** ⌊i/p⌋, i mod p and i + p·j, simplified where a size or an index is 1. */
export function idxDiv(i: Idx, by: Dim): Idx {
  return isOne(by) ? i : i === 1 ? 1 : { kind: "div", of: i, by };
}
export function idxMod(i: Idx, by: Dim): Idx {
  return isOne(by) || i === 1 ? 1 : { kind: "mod", of: i, by };
}
export function idxLin(a: Idx, b: Idx, by: Dim): Idx {
  return b === 1 ? a : isOne(by) && a === 1 ? b : { kind: "lin", a, b, by };
}

/** The letters an index mentions. */
export function idxNames(i: Idx): string[] {
  if (i === 1) return [];
  if (typeof i === "string") return [i];
  return i.kind === "lin" ? [...idxNames(i.a), ...idxNames(i.b)] : idxNames(i.of);
}

export const idxKey = (i: Idx): string => (typeof i === "object" ? JSON.stringify([i.kind, i.kind === "lin" ? [idxKey(i.a), idxKey(i.b)] : idxKey(i.of), dimKey(i.by)]) : String(i));

export type Delta = { readonly kind: "delta"; readonly a: Idx; readonly b: Idx };
/** (M)_ij, or 1/(M)_ij with power −1. */
export type Entry = { readonly kind: "entry"; readonly of: Expr; readonly i: Idx; readonly j: Idx; readonly power: 1 | -1 };
export type Factor = Delta | Entry;

export interface Term {
  readonly coef: number;
  readonly sums: readonly string[];
  readonly factors: readonly Factor[];
}

/** The terms of entry (i, j) of a dX-linear node. */
export type Template = (i: Idx, j: Idx) => Term[];

export const entry = (of: Expr, i: Idx, j: Idx, power: 1 | -1 = 1): Entry => ({ kind: "entry", of, i, j, power });
export const delta = (a: Idx, b: Idx): Delta => ({ kind: "delta", a, b });

/** What an index rule may ask while the graph is walked. */
export interface IndexContext {
  /** The template of a dX-linear argument. */
  readonly t: (e: Expr) => Template;
  readonly linear: (e: Expr) => boolean;
  /** A new summed index ranging over d (1 when d is 1). */
  readonly sumIndex: (d: Dim) => string | 1;
  /** The terms ts, summed over r, each multiplied by the factors `extra` (written first). */
  readonly withSum: (r: string | 1, ts: readonly Term[], extra: readonly Factor[]) => Term[];
}

export type IndexRule = (n: OpNode, c: IndexContext) => Template;

/** How (node)_ij reads in simpler factors: a coefficient, deltas written out, and entries to read further. */
export interface EntryExpansion {
  readonly coef?: number;
  readonly sum?: string;
  readonly emit?: readonly Factor[];
  readonly expand?: readonly Entry[];
}

/** null: the entry stays as it is. `fresh` names a new summed index. */
export type EntryRule = (f: Entry & { readonly of: OpNode }, fresh: () => string) => EntryExpansion | null;
