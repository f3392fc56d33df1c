/**
 * Products as chains of factors without listing them: how many factors a
 * product has, a key that is equal for equal chains whatever their
 * association, and the run of outer factors a group of products shares.
 * Each is remembered per node or walks only the pieces that differ, so a
 * nest that adds one factor per level (J_{i} = K_i J_{i−1}) costs constant
 * work per level, not the length of the chain.
 *
 * The factors are those productFactors lists: a non-scalar matmul is its
 * arguments' factors in order, s·M is s then M's factors.
 */
import type { Expr, Graph } from "../../expr/node.js";
import { isScalarShape } from "../../shapes/shape.js";

/** The two parts of a product (left, right), or null for a single factor; s·M's left part s is one factor. */
function parts(e: Expr): readonly [Expr, Expr] | null {
  if (e.kind !== "op") return null;
  if (e.op === "scale") return [e.args[0]!, e.args[1]!];
  if (e.op === "matmul" && !isScalarShape(e.shape)) return [e.args[0]!, e.args[1]!];
  return null;
}

/** The left part of a non-scalar product; null for s·M, whose s is a single factor even when it is itself a product. */
const leftPart = (e: Expr): Expr | null => {
  if (e.kind === "op" && e.op === "scale") return null;
  return parts(e)?.[0] ?? null;
};

const counts = new WeakMap<Expr, number>();

/** The number of factors of e (productFactors(e).length), children first without recursion. */
export function factorCount(e: Expr): number {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (counts.has(f)) {
      stack.pop();
      continue;
    }
    const p = parts(f);
    if (p === null) {
      counts.set(f, 1);
      stack.pop();
      continue;
    }
    const left = f.kind === "op" && f.op === "scale" ? null : p[0];
    const waiting = [left, p[1]].filter((x): x is Expr => x !== null && !counts.has(x));
    if (waiting.length > 0) {
      stack.push(...waiting);
      continue;
    }
    counts.set(f, (left ? counts.get(left)! : 1) + counts.get(p[1])!);
    stack.pop();
  }
  return counts.get(e)!;
}

/** Interned sequences of factor ids, per graph: a sequence is (first factor, rest), and equal sequences get one number. */
const sequences = new WeakMap<Graph, Map<string, number>>();
const sequenceOf = new WeakMap<Expr, number>();

function cons(g: Graph, first: Expr, rest: number | null): number {
  let table = sequences.get(g);
  if (!table) sequences.set(g, (table = new Map()));
  const key = rest === null ? `${first.id}` : `${first.id}:${rest}`;
  let id = table.get(key);
  if (id === undefined) table.set(key, (id = table.size));
  return id;
}

/**
 * A number equal for products whose factors are equal, whatever their association (A(BC) and (AB)C): the
 * factors of e's left part put in front of its right part's sequence, remembered per node. Down the right spine
 * without recursion; a left part is listed, which costs its own factors only (one for a chain built K_i J).
 */
export function chainSequence(e: Expr): number {
  const spine: Expr[] = [];
  let f = e;
  let rest: number | null = null;
  while (true) {
    const known = sequenceOf.get(f);
    if (known !== undefined) {
      rest = known;
      break;
    }
    const p = parts(f);
    if (p === null) {
      rest = cons(f.graph, f, null);
      sequenceOf.set(f, rest);
      break;
    }
    spine.push(f);
    f = p[1];
  }
  for (let i = spine.length - 1; i >= 0; i--) {
    const node = spine[i]!;
    const left = leftPart(node);
    const factors = left === null ? [parts(node)![0]] : listFactors(left);
    for (let k = factors.length - 1; k >= 0; k--) rest = cons(node.graph, factors[k]!, rest);
    sequenceOf.set(node, rest!);
  }
  return rest!;
}

function listFactors(e: Expr): Expr[] {
  const out: Expr[] = [];
  const open: Piece[] = [{ e, leaf: false }];
  while (open.length > 0) {
    const f = open.pop()!;
    const inner = opened(f);
    if (inner === null) out.push(f.e);
    else open.push(inner[1], inner[0]);
  }
  return out;
}

/** A piece of a product; s in s·M is one factor (leaf) whatever it is. */
interface Piece {
  readonly e: Expr;
  readonly leaf: boolean;
}

/** A piece's two parts in product order, or null for a single factor. */
function opened(f: Piece): readonly [Piece, Piece] | null {
  const p = f.leaf ? null : parts(f.e);
  if (p === null) return null;
  return [{ e: p[0], leaf: f.e.kind === "op" && f.e.op === "scale" }, { e: p[1], leaf: false }];
}

/** The factor count of a piece. */
const countOf = (f: Piece): number => (f.leaf ? 1 : factorCount(f.e));

/** What a group of products shares on one side: the run's pieces (in product order), its factor count, and what is left of each. */
export interface SharedRun {
  readonly run: number;
  readonly pieces: readonly Expr[];
  readonly remaining: readonly (readonly Expr[])[];
}

/**
 * The longest run of outer factors (rightmost for side "right") that every product shares, leaving each at least
 * one factor of its own. Each product is a stack of pieces, the outermost on top: where every top is the same node,
 * its factors are taken at once; otherwise the largest tops are split into their parts, and single factors that
 * differ end the run.
 */
export function sharedOuterRun(side: "left" | "right", products: readonly Expr[]): SharedRun {
  const stacks: Piece[][] = products.map((e) => [{ e, leaf: false }]);
  const left = products.map(factorCount);
  const pieces: Expr[] = [];
  let run = 0;
  while (true) {
    const tops = stacks.map((s) => s[s.length - 1]!);
    const first = tops[0]!;
    const same = tops.every((t) => t.e === first.e && t.leaf === first.leaf);
    const c = countOf(first);
    if (same && left.every((l) => l - c >= 1)) {
      for (const [i, s] of stacks.entries()) {
        s.pop();
        left[i]! -= c;
      }
      pieces.push(first.e);
      run += c;
      continue;
    }
    let largest = 0;
    for (const t of tops) largest = Math.max(largest, countOf(t));
    let split = false;
    for (const s of stacks) {
      const top = s[s.length - 1]!;
      const inner = same || countOf(top) === largest ? opened(top) : null;
      if (inner === null) continue;
      s.pop();
      // The outer side's part goes on top.
      if (side === "right") s.push(inner[0], inner[1]);
      else s.push(inner[1], inner[0]);
      split = true;
    }
    if (!split) break;
  }
  const inOrder = (list: readonly Piece[]) => (side === "right" ? list : [...list].reverse()).map((f) => f.e);
  return { run, pieces: side === "right" ? [...pieces].reverse() : pieces, remaining: stacks.map(inOrder) };
}
