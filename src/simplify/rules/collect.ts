/**
 * Rules that collect a sum: equal terms add their coefficients
 * (A + A = 2A, A − A = 0), and terms sharing an outer factor of a matrix
 * product are factored (Ax + Aᵀx = (A + Aᵀ)x). Products never commute:
 * only a common leftmost or rightmost factor is taken out.
 */
import type { Expr, OpNode } from "../../expr/node.js";
import { add, identity, neg, scale, zeros } from "../../ops/make.js";
import { isOne } from "../../shapes/dim.js";
import { isScalarShape } from "../../shapes/shape.js";
import { type Rule, isNormalNumber, rule } from "../rule.js";
import { bigNumber, bigNumberParts, chainOf, coefficientBase, firstFactor, lastFactor, listedFactors, splitCoefficient } from "./util.js";
import { chainSequence, factorCount, sameSequence, sharedOuterRun } from "./chains.js";

/**
 * A group of equal terms: the sum of their coefficients as a float64 (`coef`), and, once that sum is not a normal
 * number, as m·2ᵏ (`big`): coefficients past float64 still add (the Fibonacci numbers of vᵢ = vᵢ₋₁ + vᵢ₋₂ᵀ pass it
 * at i = 1,476; left apart, the terms no longer collect and the sums grow by half at every step).
 */
interface Term {
  coef: number;
  base: Expr | null;
  big: { m: number; k: number } | null;
}

/** A term's coefficient and base, a coefficient past float64 (c·2ᵏ · A, bigNumberParts) read as m·2ᵏ. */
function termOf(t: Expr): { coef: number; k: number; base: Expr | null } {
  const { coef, base } = splitCoefficient(t);
  const big = base !== null && base.kind === "op" && base.op === "scale" ? bigNumberParts(base.args[0]!) : null;
  return big ? { coef: coef * big.c, k: big.k, base: (base as OpNode).args[1]! } : { coef, k: 0, base };
}

/** c·2ᵏ as m·2ᵉ with 1 ≤ |m| < 2 (m = 0 for 0). */
function normalised(c: number, k: number): { m: number; k: number } {
  if (c === 0 || !Number.isFinite(c)) return { m: c, k: 0 };
  const top = Math.floor(Math.log2(Math.abs(c)));
  return { m: c / 2 ** top, k: k + top };
}

/** a·2ᵖ + b·2^q, each normalised: the smaller scaled to the larger's exponent, then normalised again. */
function addBig(a: { m: number; k: number }, b: { m: number; k: number }): { m: number; k: number } {
  if (a.m === 0) return b;
  if (b.m === 0) return a;
  const [hi, lo] = a.k >= b.k ? [a, b] : [b, a];
  return normalised(hi.m + lo.m * 2 ** Math.max(lo.k - hi.k, -1100), hi.k);
}

function withCoefficient(like: Expr, coef: number, base: Expr | null): Expr | null {
  if (coef === 0) return null;
  if (base === null) return like.graph.num(coef);
  if (coef === 1) return base;
  if (coef === -1) return neg(base);
  return scale(like.graph.num(coef), base);
}

/** base with the coefficient m·2ᵏ: a number while float64 holds it as a normal number, else c·2ᵏ (bigNumber). */
function withBigCoefficient(like: Expr, big: { m: number; k: number }, base: Expr | null): Expr | null {
  if (big.m === 0) return null;
  const value = big.m * 2 ** big.k;
  if (isNormalNumber(value) && Math.abs(big.k) < 1000) return withCoefficient(like, value, base);
  const c = bigNumber(like.graph, big.m, big.k);
  return base === null ? c : scale(c, base);
}

/** A chain of products, keyed by its factor sequence: a scaling or a non-scalar matrix product (a trace has its own key). */
const isChain = (e: Expr): boolean => e.kind === "op" && (e.op === "scale" || (e.op === "matmul" && !isScalarShape(e.shape)));

/**
 * Terms as (coefficient, product chain); chains compare by their factors,
 * whatever the association, and traces of products by the cyclic rule
 * tr(ABC) = tr(BCA) (their factors rotated to start at the smallest id).
 */
function chainKey(e: Expr | null): string | number {
  if (e === null) return "number";
  // a single factor is its own key: its id (a number, never equal to a chain's string key)
  if (e.kind !== "op" || (e.op !== "tr" && !isChain(e))) return e.id;
  if (e.kind === "op" && e.op === "tr") {
    const listed = listedFactors(e.args[0]!);
    if (listed === null) return e.id;
    const ids = listed.map((f) => f.id);
    // the smallest id starts the rotation (a loop: a trace may hold more factors than a call takes arguments)
    let start = 0;
    for (let i = 1; i < ids.length; i++) if (ids[i]! < ids[start]!) start = i;
    return `tr:${[...ids.slice(start), ...ids.slice(0, start)].join("·")}`;
  }
  return `chain:${chainSequence(e)}`;
}

/**
 * Whether two bases have equal chainKeys, decided without building either key: equal nodes, or two chains with
 * equal sequences. A single factor's key is its id and a chain's is a string, so no other pair is equal.
 */
function sameKey(a: Expr | null, b: Expr | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if ((a.kind === "op" && a.op === "tr") || (b.kind === "op" && b.op === "tr")) return chainKey(a) === chainKey(b);
  return isChain(a) && isChain(b) && sameSequence(a, b);
}

/** Sums of at most this many terms are searched for equal terms pair by pair before any key is built. */
const PAIRWISE_TERMS = 8;

/** Whether some two of a few terms have the same base (most sums the simplifier meets have none). */
function hasEqualBases(terms: readonly Expr[]): boolean {
  const bases = terms.map((t) => termOf(t).base);
  for (let i = 1; i < bases.length; i++) for (let j = 0; j < i; j++) if (sameKey(bases[i]!, bases[j]!)) return true;
  return false;
}

const collectTerms = rule("collect-terms", "equal terms add their coefficients: A + A = 2A, A − A = 0", ["add"], (n: OpNode) => {
    // The common case, no two terms alike, found without a table or a string key per term.
    if (n.args.length <= PAIRWISE_TERMS && !hasEqualBases(n.args)) return null;
    const groups = new Map<string | number, Term>();
    const read = n.args.map(termOf);
    const keys = read.map((t) => chainKey(t.base));
    for (const [i, { coef, k, base }] of read.entries()) {
      const g = groups.get(keys[i]!);
      // Added as float64 while every coefficient is one (so sums within it read as before), as m·2ᵏ past it.
      if (g && g.big === null && k === 0) g.coef += coef;
      else if (g) g.big = addBig(g.big ?? normalised(g.coef, 0), normalised(coef, k));
      else groups.set(keys[i]!, { coef, base, big: k === 0 ? null : normalised(coef, k) });
    }
    if (groups.size === n.args.length) return null;
    // A float64 sum that left the normal numbers is added again as m·2ᵏ, term by term.
    for (const [key, g] of groups) {
      if (g.big !== null || isNormalNumber(g.coef)) continue;
      g.big = { m: 0, k: 0 };
      for (let i = 0; i < read.length; i++) if (keys[i] === key) g.big = addBig(g.big, normalised(read[i]!.coef, read[i]!.k));
    }
    // A coefficient past float64 (1e308 A + 1e308 A) is written c·2ᵏ, never Infinity.
    const terms = [...groups.values()].map((g) => (g.big === null ? withCoefficient(n, g.coef, g.base) : withBigCoefficient(n, g.big, g.base))).filter((t): t is Expr => t !== null);
    if (terms.length === 0) return isScalarShape(n.shape) ? n.graph.num(0) : zeros(n.graph, n.shape);
    return add(terms);
});

/**
 * A node of the graph whose factors are the last `run` of `base`'s (side "right") or its first `run` (side
 * "left"), found by walking the product's spine on that side; null when the product is associated otherwise.
 * Reusing it keeps the factored product shared with the terms it came from.
 */
function existingRun(side: "left" | "right", base: Expr, total: number, run: number): Expr | null {
  let e = base;
  let left = total;
  while (left > run && e.kind === "op") {
    if (side === "right" && (e.op === "scale" || (e.op === "matmul" && !isScalarShape(e.shape)))) {
      const drop = e.op === "scale" ? 1 : factorCount(e.args[0]!);
      if (left - drop < run) return null;
      left -= drop;
      e = e.args[1]!;
    } else if (side === "left" && e.op === "matmul" && !isScalarShape(e.shape)) {
      const drop = factorCount(e.args[1]!);
      if (left - drop < run) return null;
      left -= drop;
      e = e.args[0]!;
    } else return null;
  }
  return left === run ? e : null;
}

/**
 * A sum of more terms than this is left as it is by the factoring rules: taking one outer factor out of k terms
 * builds a new sum of up to k terms, and terms that share a long run (the k terms of d(X·X·…·X)) are factored one
 * factor at a time, so a sum of k terms would cost about k² new nodes.
 */
const MAX_FACTORED_TERMS = 256;

/**
 * The first outer factor that two terms or more share, in the order the terms first show it (null: none). A few
 * terms are compared pair by pair, with no table: most sums have two or three, and this runs for every sum the
 * simplifier meets.
 */
function firstRepeated(outers: readonly (number | null)[]): number | null {
  if (outers.length > 16) {
    const counts = new Map<number, number>();
    for (const o of outers) if (o !== null) counts.set(o, (counts.get(o) ?? 0) + 1);
    for (const [o, c] of counts) if (c >= 2) return o;
    return null;
  }
  for (let i = 0; i < outers.length; i++) {
    const o = outers[i]!;
    if (o === null) continue;
    // The first i with a later twin is the first showing of its factor: an earlier one would have matched first.
    for (let j = i + 1; j < outers.length; j++) if (outers[j] === o) return o;
  }
  return null;
}

function factorOut(side: "left" | "right"): Rule {
  return rule(`factor-${side}`, side === "right" ? "A C + B C = (A + B) C" : "C A + C B = C (A + B)", ["add"], (n: OpNode) => {
      if (n.args.length > MAX_FACTORED_TERMS) return null;
      // The id of each term's outer factor when its base has two factors or more; most sums share none.
      const outers = n.args.map((t) => {
        const base = coefficientBase(t);
        return base !== null && factorCount(base) >= 2 ? (side === "right" ? lastFactor(base) : firstFactor(base)).id : null;
      });
      const shared = firstRepeated(outers);
      if (shared === null) return null;
      // Each term's coefficient, base and outer factor.
      const split = n.args.map((t, i) => ({ t, ...splitCoefficient(t), outer: outers[i]! }));
      const inGroup = (s: (typeof split)[number]) => s.outer === shared;
      const group = split.filter(inGroup);
      // A product of more factors than a double counts exactly (aᵢ = aᵢ₋₁ᵀ aᵢ₋₁ doubles them at every statement, so
      // 1,100 statements make 2¹¹⁰⁰, past the doubles) is not compared factor by factor: its counts round, or become
      // Infinity, and the walk along its shared run then did not end.
      if (!group.every((s) => Number.isSafeInteger(factorCount(s.base!)))) return null;
      const { run, pieces, remaining } = sharedOuterRun(side, group.map((s) => s.base!));
      const common = group.map((s) => existingRun(side, s.base!, factorCount(s.base!), run)).find((e) => e !== null) ?? chainOf(pieces);
      const inside: Expr[] = [];
      const rest: Expr[] = [];
      let position = -1;
      let member = 0;
      split.forEach((s, i) => {
        if (inGroup(s)) {
          const left = chainOf(remaining[member++]!);
          // a·C + A·C = (a I + A) C: a scalar left behind becomes a multiple of the identity,
          // or the sum would broadcast it (a + A adds a to every entry).
          // The size of the common product where the sum meets it (its first piece may be a scalar s of s·M).
          const size = side === "right" ? common.shape.rows : common.shape.cols;
          const lifted = isScalarShape(left.shape) && !isOne(size) ? scale(left, identity(n.graph, size)) : left;
          inside.push(withCoefficient(n, s.coef, lifted)!);
          if (position < 0) position = i;
        } else {
          rest.push(s.t);
        }
      });
      const factored = side === "right" ? chainOf([add(inside), common]) : chainOf([common, add(inside)]);
      const all = [...rest];
      all.splice(Math.min(position, all.length), 0, factored);
      return add(all);
  });
}

const positiveFirst = rule("positive-first", "−a + b is written b − a", ["add"], (n: OpNode) => {
    const negative = (t: Expr) => splitCoefficient(t).coef < 0;
    if (!negative(n.args[0]!) || n.args.every(negative)) return null;
    return add([...n.args.filter((t) => !negative(t)), ...n.args.filter(negative)]);
});

const commonNumber = rule("common-number", "2A + 2B = 2(A + B)", ["add"], (n: OpNode) => {
    const parts = n.args.map(splitCoefficient);
    const k = Math.abs(parts[0]!.coef);
    if (k === 1 || k === 0 || parts.some((p) => p.base === null || Math.abs(p.coef) !== k)) return null;
    return scale(n.graph.num(k), add(parts.map((p) => withCoefficient(n, p.coef / k, p.base)!)));
});

export const collectRules: readonly Rule[] = [collectTerms, commonNumber, factorOut("right"), factorOut("left"), positiveFirst];
