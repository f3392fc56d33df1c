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
import type { Expr, OpNode } from "../../expr/node.js";
import { isScalarShape } from "../../shapes/shape.js";
import { memoisedOverParts } from "../by-id.js";
import { chainParts, productFactors } from "./util.js";

/** s·M's left part s is one factor of a chain, never opened. */
const opensLeft = (f: Expr): boolean => !(f.kind === "op" && f.op === "scale");

/** The number of factors of e (productFactors(e).length). */
export const factorCount = memoisedOverParts<number>(chainParts, () => 1, (l, r) => l + r, opensLeft);

/**
 * A chain's sequence of factors as polynomial hashes over three primes: a sequence f₁ … f_k of factor ids hashes
 * to Σ (id(f_i) + 1)·B^(k−i) mod P, so the hash of a concatenation L R is H(L)·B^len(R) + H(R). That needs only
 * each part's hash and B^len, so every node costs O(1) however its chain is associated: left-nested ((A B) C) D
 * and right-nested A (B (C D)) alike. Three primes below 2³¹ and the length: distinct sequences share a key with
 * probability about n²/2⁹⁴ for n chains, far below any other failure. Every value is below 2³¹, a small integer
 * to the engine (no number or bigint object per hash).
 */
const PRIMES = [2_147_483_647, 2_147_483_629, 2_147_483_587] as const;
const BASES = [1_000_003, 998_244_353, 1_234_567_891] as const;

interface SequenceHash {
  readonly h0: number;
  readonly h1: number;
  readonly h2: number;
  /** B^len for each prime. */
  readonly p0: number;
  readonly p1: number;
  readonly p2: number;
}

/**
 * a·b mod p for a, b < p < 2³¹, exact in doubles: b times a's high 15 bits, then its low 16 (every product < 2⁴⁸).
 * `| 0` keeps the result a 31-bit integer to the engine, so the hash fields hold small integers, not boxed numbers.
 */
function mulMod(a: number, b: number, p: number): number {
  return ((((Math.floor(a / 65536) * b) % p) * 65536 + (a % 65536) * b) % p) | 0;
}

/** (a + b) mod p for a, b < p < 2³¹, as a small integer. */
const addMod = (a: number, b: number, p: number): number => ((a + b) % p) | 0;

function leafHash(e: Expr): SequenceHash {
  const v = e.id + 1;
  return { h0: v % PRIMES[0] | 0, h1: v % PRIMES[1] | 0, h2: v % PRIMES[2] | 0, p0: BASES[0], p1: BASES[1], p2: BASES[2] };
}

/** The hash of L followed by R: H(L)·B^len(R) + H(R), and B^(len(L) + len(R)). */
function concat(l: SequenceHash, r: SequenceHash): SequenceHash {
  return {
    h0: addMod(mulMod(l.h0, r.p0, PRIMES[0]), r.h0, PRIMES[0]),
    h1: addMod(mulMod(l.h1, r.p1, PRIMES[1]), r.h1, PRIMES[1]),
    h2: addMod(mulMod(l.h2, r.p2, PRIMES[2]), r.h2, PRIMES[2]),
    p0: mulMod(l.p0, r.p0, PRIMES[0]),
    p1: mulMod(l.p1, r.p1, PRIMES[1]),
    p2: mulMod(l.p2, r.p2, PRIMES[2]),
  };
}

/**
 * A key equal for products whose factors are equal, whatever their association (A(BC) and (AB)C): the hash of
 * the factor sequence and its length.
 */
export function chainSequence(e: Expr): string {
  const h = sequenceHash(e);
  return `${h.h0}:${h.h1}:${h.h2}:${factorCount(e)}`;
}

const sequenceHash = memoisedOverParts<SequenceHash>(chainParts, leafHash, concat, opensLeft);

/** Whether two products have equal chainSequence keys, compared field by field without spelling the keys out. */
export function sameSequence(a: Expr, b: Expr): boolean {
  const ha = sequenceHash(a);
  const hb = sequenceHash(b);
  return ha.h0 === hb.h0 && ha.h1 === hb.h1 && ha.h2 === hb.h2 && factorCount(a) === factorCount(b);
}

/** A piece of a product; s in s·M is one factor (leaf) whatever it is. */
interface Piece {
  readonly e: Expr;
  readonly leaf: boolean;
}

/** A piece's two parts in product order, or null for a single factor. */
function opened(f: Piece): readonly [Piece, Piece] | null {
  const p = f.leaf ? null : chainParts(f.e);
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
 * Short products (each of at most LISTED factors) are compared as lists, in one pass each: cheaper than splitting
 * pieces when chains share few whole nodes (A·A·…·A typed out). Longer ones are split (below): a list costs the
 * whole chain at every call, and nests that add a level per step (softmax(softmax(…, 2), 2), ((X²)²)…) ask at
 * every level, which listing made quadratic in the depth.
 */
const LISTED = 256;

/** sharedOuterRun by listing each product's factors (productFactors in ./util.js). */
function listedRun(side: "left" | "right", products: readonly Expr[]): SharedRun {
  const lists = products.map(productFactors);
  const first = lists[0]!;
  const at = (f: readonly Expr[], k: number) => (side === "right" ? f[f.length - 1 - k]! : f[k]!);
  let run = 0;
  while (lists.every((f) => f.length > run + 1) && lists.every((f) => at(f, run) === at(first, run))) run++;
  const pieces = side === "right" ? first.slice(first.length - run) : first.slice(0, run);
  const remaining = lists.map((f) => (side === "right" ? f.slice(0, f.length - run) : f.slice(run)));
  return { run, pieces, remaining };
}

/**
 * The run when each product is one product or scaling node whose outer argument is the same node C: C, and each
 * product's other argument, as they are. Splitting pieces instead opens them factor by factor, which for the
 * thousands of sums of a deep nest's steps (each sharing one outer factor) cost time in the square of the depth;
 * the rest of a longer run is factored out of the sum left inside on the next pass.
 */
function sharedOuterChild(side: "left" | "right", products: readonly Expr[]): SharedRun | null {
  // The outer argument of A·C and s·C is C on the right; of C·B and s·B, C and s on the left.
  const outer = side === "right" ? 1 : 0;
  const split = (e: Expr): e is OpNode => e.kind === "op" && (e.op === "scale" || (e.op === "matmul" && !isScalarShape(e.shape)));
  if (!products.every(split)) return null;
  const child = (products[0] as OpNode).args[outer]!;
  if (!products.every((e) => (e as OpNode).args[outer] === child)) return null;
  const run = factorCount(child);
  if (!products.every((e) => factorCount(e) - run >= 1)) return null;
  return { run, pieces: [child], remaining: products.map((e) => [(e as OpNode).args[1 - outer]!]) };
}

/**
 * The longest run of outer factors (rightmost for side "right") that every product shares, leaving each at least
 * one factor of its own. Each product is a stack of pieces, the outermost on top: where every top is the same node,
 * its factors are taken at once; otherwise the largest tops are split into their parts, and single factors that
 * differ end the run.
 */
export function sharedOuterRun(side: "left" | "right", products: readonly Expr[]): SharedRun {
  if (products.every((e) => factorCount(e) <= LISTED)) return listedRun(side, products);
  const child = sharedOuterChild(side, products);
  if (child) return child;
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
