/** Recognisers shared by the rule catalogues. */
import type { Expr, Graph, NumNode, OpNode } from "../../expr/node.js";
import { isNum } from "../../expr/node.js";
import { isScalarShape } from "../../shapes/shape.js";
import { matmul, power, scale } from "../../ops/make.js";
import { type ById, perGraph } from "../../expr/by-id.js";

export const isZero = (e: Expr): boolean =>
  isNum(e, 0) || (e.kind === "op" && (e.op === "zeros" || (e.op === "broadcast" && isZero(e.args[0]!))));

/** The scalar 1, or a broadcast of it (the all-ones matrix in an elementwise product). */
/** 1, a stretched 1, or a matrix of ones: the unit of the Hadamard product. */
export const isOneEverywhere = (e: Expr): boolean =>
  isNum(e, 1) || (e.kind === "op" && ((e.op === "broadcast" && isNum(e.args[0]!, 1)) || e.op === "ones"));

export const isIdentity = (e: Expr): boolean => isNum(e, 1) || (e.kind === "op" && e.op === "identity");

/** A node that equals its own transpose whatever its values: I, diag(v), scalars, 0, 𝟏𝟏ᵀ of square size (a loop down the chain). */
export function isSymmetricByForm(e: Expr): boolean {
  let n = e;
  for (;;) {
    if (n.kind === "num") return true;
    if (n.kind === "var") return false;
    switch (n.op) {
      case "identity":
      case "diagEmbed":
        return true;
      case "scale":
        n = n.args[1]!;
        continue;
      case "neg":
      case "inv":
        n = n.args[0]!;
        continue;
      default:
        return false;
    }
  }
}

/** b = aᵀ or a = bᵀ. */
const transposesOfEachOther = (a: Expr, b: Expr): boolean =>
  (a.kind === "op" && a.op === "transpose" && a.args[0] === b) || (b.kind === "op" && b.op === "transpose" && b.args[0] === a);

/**
 * What decides whether e equals its own transpose when the inputs named in `symmetric` do: true or false at once,
 * or the nodes that must all be symmetric — sums, scalings, negations, inverses, adjugates and transposes of
 * symmetric matrices, and the palindromes XᵀX, X S Xᵀ, XᵀAᵀ S A X (each factor the transpose of its mirror, a
 * symmetric middle).
 */
function symmetryNeeds(e: Expr, symmetric: ReadonlySet<string>): boolean | readonly Expr[] {
  if (e.kind === "num") return true;
  if (e.kind === "var") return e.role === "input" && symmetric.has(e.name);
  switch (e.op) {
    case "identity":
    case "diagEmbed":
      return true;
    case "scale":
      return [e.args[1]!];
    case "neg":
    case "inv":
    case "transpose":
    case "adj": // adj(S)ᵀ = adj(Sᵀ) = adj(S)
      return [e.args[0]!];
    case "add":
      return e.args;
    case "matmul": {
      if (isScalarShape(e.shape)) return true;
      // A M Aᵀ, nested (X (X (…) Xᵀ) Xᵀ): the palindrome of its factors is that of M's, so M decides, without
      // listing the whole chain at every level. Only where the listing would give the same factors: A and Aᵀ single
      // factors, and M not a scaling (whose scalar the listing would put first).
      const middle = sandwiched(e);
      if (middle !== null) return [middle];
      // The two ends must mirror each other (remembered per node): most products are decided here.
      if (!transposesOfEachOther(firstFactor(e), lastFactor(e))) return false;
      const f = listedFactors(e);
      if (f === null) return false;
      const half = Math.floor(f.length / 2);
      for (let i = 0; i < half; i++) if (!transposesOfEachOther(f[i]!, f[f.length - 1 - i]!)) return false;
      return f.length % 2 === 0 ? true : [f[half]!];
    }
    default:
      return false;
  }
}

/** A matrix product (not a scaling) that productFactors does not open: one factor of a chain. */
const isChainFactor = (e: Expr): boolean => chainParts(e) === null;

/** M of a product (A M) B or A (M B) whose ends A, B are single factors, transposes of each other, and M no scaling; else null. */
function sandwiched(e: Expr): Expr | null {
  if (e.kind !== "op" || e.op !== "matmul") return null;
  const [l, r] = e.args as [Expr, Expr];
  const split = (inner: Expr, outer: Expr, innerFirst: boolean): Expr | null => {
    if (inner.kind !== "op" || inner.op !== "matmul" || isScalarShape(inner.shape)) return null;
    const [a, m] = innerFirst ? [inner.args[0]!, inner.args[1]!] : [inner.args[1]!, inner.args[0]!];
    if (!isChainFactor(a) || !isChainFactor(outer) || (m.kind === "op" && m.op === "scale") || !transposesOfEachOther(a, outer)) return null;
    return m;
  };
  return split(l, r, true) ?? split(r, l, false);
}

/** Answers per assumption set and node: rules ask at every level of a nest, which would re-walk its chain each time. */
const symmetryMemo = new WeakMap<ReadonlySet<string>, (node: Expr) => ById<boolean>>();

/** Whether e equals its own transpose when the inputs named in `symmetric` do (an explicit stack: any depth). */
export function isSymmetricGiven(e: Expr, symmetric: ReadonlySet<string>): boolean {
  let tableOf = symmetryMemo.get(symmetric);
  if (!tableOf) symmetryMemo.set(symmetric, (tableOf = perGraph<boolean>()));
  const known = tableOf(e);
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (known.has(top.id)) {
      stack.pop();
      continue;
    }
    const needs = symmetryNeeds(top, symmetric);
    if (typeof needs === "boolean") {
      known.set(top.id, needs);
      stack.pop();
      continue;
    }
    // All must be symmetric: one known not to be decides; the unknown ones are answered first.
    let waiting = false;
    let answer = true;
    for (const d of needs) {
      const k = known.get(d.id);
      if (k === false) answer = false;
      else if (k === undefined) waiting = true;
    }
    if (!answer || !waiting) {
      known.set(top.id, answer);
      stack.pop();
    } else for (const d of needs) if (!known.has(d.id)) stack.push(d);
  }
  return known.get(e.id)!;
}

/** The term inside one sign or number scaling of e (−A → A, 2A → A): one layer of a coefficient; null for anything else. */
function underCoefficient(e: Expr): Expr | null {
  if (e.kind !== "op") return null;
  if (e.op === "neg") return e.args[0]!;
  if (e.op === "scale" && e.args[0]!.kind === "num") return e.args[1]!;
  return null;
}

/** The base splitCoefficient gives, found without building the split (null: a number). */
export function coefficientBase(e: Expr): Expr | null {
  let base = e;
  for (let inner = underCoefficient(base); inner !== null; inner = underCoefficient(base)) base = inner;
  return base.kind === "num" ? null : base;
}

/** A number written c·2ᵏ because it is past float64 (c a number, k an integer): its c and k; null for anything else. */
export function bigNumberParts(e: Expr): { readonly c: number; readonly k: number } | null {
  if (e.kind !== "op" || e.op !== "scale" || e.args[0]!.kind !== "num") return null;
  const p = e.args[1]!;
  if (p.kind !== "op" || p.op !== "power" || !isNum(p.args[0]!, 2) || p.args[1]!.kind !== "num" || !Number.isInteger(p.args[1]!.value)) return null;
  return { c: e.args[0]!.value, k: p.args[1]!.value };
}

/** c·2ᵏ for an integer k, as a number while 2ᵏ is well inside float64 (|k| < 1,000), else written c·2ᵏ (bigNumberParts). */
export function bigNumber(g: Graph, c: number, k: number): Expr {
  if (c === 0) return g.num(0);
  if (Math.abs(k) < 1000) return g.num(c * 2 ** k);
  return scale(g.num(c), power(g.num(2), g.num(k)));
}

/** Numeric coefficient and base of a term: 2A → (2, A), −A → (−1, A), A → (1, A). */
export function splitCoefficient(e: Expr): { coef: number; base: Expr | null } {
  if (e.kind === "num") return { coef: e.value, base: null };
  const under = underCoefficient(e);
  if (under === null) return { coef: 1, base: e };
  const inner = splitCoefficient(under);
  // −A contributes −1, cA contributes c (the same products as multiplying inner.coef by each layer, innermost first).
  const layer = (e as OpNode).op === "neg" ? -1 : ((e as OpNode).args[0] as NumNode).value;
  return { coef: layer * inner.coef, base: inner.base };
}

/**
 * The leaves of a tree of products, left to right, where `split` opens a node into its two parts (null: a leaf).
 * An explicit stack (a chain may be thousands of factors long): the next item is the leftmost still open.
 * With a `limit`, at most that many leaves: once it is reached, what is still open stays whole (a pass that
 * asks at every node of a long chain then costs a bounded walk per node, not the chain's length).
 */
export function spineFactors(e: Expr, split: (f: Expr) => readonly [Expr, Expr] | null, limit = Infinity): Expr[] {
  const factors: Expr[] = [];
  const open: Expr[] = [e];
  while (open.length > 0) {
    const f = open.pop()!;
    const parts = factors.length + open.length + 1 < limit ? split(f) : null;
    if (parts) open.push(parts[1], parts[0]);
    else factors.push(f);
  }
  return factors;
}

/** Multiply factors back together: scalars scale, matrices multiply, in order (productFactors undone). */
export function chainOf(factors: readonly Expr[]): Expr {
  return factors.reduce((acc, f) => (isScalarShape(acc.shape) && !isScalarShape(f.shape) ? scale(acc, f) : isScalarShape(f.shape) && !isScalarShape(acc.shape) ? scale(f, acc) : matmul(acc, f)));
}

/**
 * The factors of a product chain, left to right; a scaling s·M contributes
 * s first, whole: a scalar's own factors (xᵀAx) are not part of the chain.
 */
export function productFactors(e: Expr): Expr[] {
  return listedFactors(e, Infinity)!;
}

/**
 * At most this many factors are listed by the rules that look at a whole chain (palindromes, traces' cyclic keys,
 * det of a product): a chain whose parts are shared can unfold into far more factors than the graph has nodes
 * (X·(X·(…)) reused by each level of a nest lists as a triangle of them).
 */
export const LISTED_UP_TO = 10_000;

/** productFactors(e), or null when e has more than `limit` factors (the walk stops there). */
export function listedFactors(e: Expr, limit = LISTED_UP_TO): Expr[] | null {
  // Left to right with an explicit stack (a chain may be thousands of factors long): the next item is the leftmost still open.
  const factors: Expr[] = [];
  const open: Expr[] = [e];
  while (open.length > 0) {
    if (factors.length + open.length > limit) return null;
    const f = open.pop()!;
    if (f.kind === "op" && f.op === "matmul" && !isScalarShape(f.shape)) open.push(f.args[1]!, f.args[0]!);
    else if (f.kind === "op" && f.op === "scale") {
      factors.push(f.args[0]!);
      open.push(f.args[1]!);
    } else factors.push(f);
  }
  return factors;
}

/** The two parts of a link of a product chain, s·M or a matrix product A B, or null for a single factor. */
export function chainParts(e: Expr): readonly [Expr, Expr] | null {
  return isChainLink(e) ? [e.args[0]!, e.args[1]!] : null;
}

/** Whether e is a link of a product chain, s·M or a matrix product A B (chainParts(e) is not null), without the pair. */
const isChainLink = (e: Expr): e is OpNode => e.kind === "op" && (e.op === "scale" || (e.op === "matmul" && !isScalarShape(e.shape)));

/**
 * e without the factor firstFactor(e) (side "first") or lastFactor(e) (side "last") names, null when that factor is
 * all of e. Only the spine down to that factor is rebuilt: a chain whose parts are shared (X·(X·(X·…)) used by every
 * level of a nest) is never listed, where productFactors would unfold it into as many factors as its tree has leaves.
 */
export function withoutEdgeFactor(e: Expr, side: "first" | "last"): Expr | null {
  const spine: OpNode[] = [];
  let f = e;
  for (;;) {
    const parts = chainParts(f);
    if (parts === null) break;
    // A scaling s·M starts with s: without it, M is left.
    if (side === "first" && (f as OpNode).op === "scale") return rebuildSpine(spine, parts[1], side);
    spine.push(f as OpNode);
    f = side === "first" ? parts[0] : parts[1];
  }
  // f is the edge factor: its parent keeps only its other part.
  const parent = spine.pop();
  if (parent === undefined) return null;
  const other = side === "first" ? parent.args[1]! : parent.args[0]!;
  return rebuildSpine(spine, other, side);
}

/** The spine's links rebuilt innermost first, the innermost one's edge part replaced by `inner`. */
function rebuildSpine(spine: readonly OpNode[], inner: Expr, side: "first" | "last"): Expr {
  let e = inner;
  for (let i = spine.length - 1; i >= 0; i--) {
    const link = spine[i]!;
    e = side === "first" ? chainOf([e, link.args[1]!]) : chainOf([link.args[0]!, e]);
  }
  return e;
}

const firstFactors = perGraph<Expr>();
const lastFactors = perGraph<Expr>();

/** The first factor productFactors(e) would list, without listing them (remembered per node, so a chain's edge is found once). */
export function firstFactor(e: Expr): Expr {
  return edgeFactor(e, firstFactors, true);
}

/** The last factor productFactors(e) would list. */
export function lastFactor(e: Expr): Expr {
  return edgeFactor(e, lastFactors, false);
}

/**
 * The edge factor of e's chain, walked inward (the left part of each link for the first, the right part for the
 * last) and remembered for every link walked. Asked again it is one look-up, with no spine and no pair of parts
 * made: the simplifier asks at every product it meets, some hundred thousand times for a 10,000-step recurrence.
 */
function edgeFactor(e: Expr, tableOf: (node: Expr) => ById<Expr>, first: boolean): Expr {
  const known = tableOf(e);
  let edge = known.get(e.id);
  if (edge !== undefined) return edge;
  const side = first ? 0 : 1;
  // Walk in to the edge (or to a link whose edge is known), then walk the same links again to remember it.
  let f = e;
  for (;;) {
    if (!isChainLink(f)) {
      edge = f;
      break;
    }
    // A scaling s·M starts with s.
    if (first && f.op === "scale") {
      edge = f.args[0]!;
      f = edge;
      break;
    }
    f = f.args[side]!;
    edge = known.get(f.id);
    if (edge !== undefined) break;
  }
  for (let g = e; g !== f; g = (g as OpNode).args[side]!) known.set(g.id, edge);
  return edge;
}
