/**
 * Random instances: a size for every dimension symbol (distinct where
 * possible, so a missing transpose cannot hide behind a square matrix) and a
 * value for every input, respecting --assume facts. When the expression
 * leaves its domain (log of a negative, inverse of a singular matrix) the
 * sampler escalates: positive entries, then well-conditioned and finally
 * SPD square matrices.
 */
import type { Expr, VarNode } from "../expr/node.js";
import type { OpName } from "../expr/names.js";
import { topoOrder } from "../expr/traverse.js";
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import { type Rng, distinctSizes, randomNormal, randomOrthogonal, randomPositive, randomSpd, randomSymmetric, randomWellConditioned } from "./random.js";
import { type Sizes, concreteShape, valueKey } from "./evaluate.js";

/** stochastic: nonnegative entries, every row summing to 1 (one-hot or probability targets). */
export type Fact = "spd" | "positive" | "symmetric" | "orthogonal" | "stochastic";
export const FACTS: readonly Fact[] = ["spd", "positive", "symmetric", "orthogonal", "stochastic"];

/** Whether the facts make a matrix symmetric (spd implies it). */
export const isSymmetricFact = (facts: ReadonlySet<Fact> | undefined): boolean => !!facts && (facts.has("symmetric") || facts.has("spd"));
export type Assumptions = ReadonlyMap<string, ReadonlySet<Fact>>;

/** Every dimension symbol the graphs mention, in first-seen order. */
export function symbolsOf(roots: readonly Expr[], order: readonly Expr[] = topoOrder(roots)): string[] {
  const out = new Set<string>();
  for (const node of order) {
    for (const d of [node.shape.rows, node.shape.cols]) d.syms.forEach((s) => out.add(s));
    if (node.kind === "op") node.attr.dims?.forEach((d) => d.syms.forEach((s) => out.add(s)));
  }
  return [...out];
}

export function sampleSizes(symbols: readonly string[], rng: Rng, fixed: Sizes, range: readonly [number, number] = [2, 6]): Map<string, number> {
  const free = symbols.filter((s) => !fixed.has(s));
  const taken = new Set(fixed.values());
  const pool = distinctSizes(rng, free.length + taken.size, range[0], range[1]).filter((n) => !taken.has(n));
  const sizes = new Map(fixed);
  free.forEach((s, i) => sizes.set(s, pool[i] ?? range[1] + i + 1));
  return sizes;
}

/** How hard the sampler tries to stay inside the domain on attempt k. */
export type Strategy = "normal" | "positive" | "spd" | "small";
/** Normal values first, then positive, then SPD; last, small values (arcsin, arccos of a product need entries in (−1, 1)). */
export function strategyFor(attempt: number): Strategy {
  return attempt < 4 ? "normal" : attempt < 8 ? "positive" : attempt < 12 ? "spd" : "small";
}
export const SAMPLING_ATTEMPTS = 16;

/** The first attempt that uses a strategy. */
export function firstAttemptOf(s: Strategy): number {
  let k = 0;
  while (strategyFor(k) !== s) k++;
  return k;
}

/** The first attempt after `attempt` that uses another strategy (the last attempt if none does). */
export function nextStrategyAttempt(attempt: number): number {
  let next = attempt;
  while (next < SAMPLING_ATTEMPTS - 1 && strategyFor(next) === strategyFor(attempt)) next++;
  return next;
}

/** A choice of sizes as `m=3,n=5`: the key under which the sampler remembers what it tried at those sizes. */
export const sizeSignature = (sizes: ReadonlyMap<string, number>): string => [...sizes].map(([k, v]) => `${k}=${v}`).join(",");

/** Entries uniform in ±0.4/max(r, c): a product of a few of them stays well inside (−1, 1). */
function randomSmall(rng: Rng, r: number, c: number): Mat {
  const out = M.zeros(r, c);
  for (let t = 0; t < out.data.length; t++) out.data[t] = (0.8 * rng.next() - 0.4) / Math.max(r, c);
  return out;
}

/** Positive entries scaled so that every row sums to 1. */
function rowsSummingToOne(m: Mat): Mat {
  const out = M.zeros(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) {
    let total = 0;
    for (let j = 0; j < m.cols; j++) total += m.data[i + j * m.rows]!;
    for (let j = 0; j < m.cols; j++) out.data[i + j * m.rows] = m.data[i + j * m.rows]! / total;
  }
  return out;
}

export function sampleValue(v: VarNode, sizes: Sizes, rng: Rng, facts: ReadonlySet<Fact> | undefined, strategy: Strategy): Mat {
  const { rows, cols } = concreteShape(v.shape, sizes);
  const square = rows === cols && rows > 1;
  if (facts?.has("spd") && square) return randomSpd(rng, rows);
  if (facts?.has("orthogonal") && square) return randomOrthogonal(rng, rows);
  if (facts?.has("symmetric") && square) {
    const s = randomSymmetric(rng, rows);
    return strategy === "normal" ? s : M.add(s, M.scale(rows + 1, M.eye(rows)));
  }
  if (facts?.has("stochastic")) return rowsSummingToOne(randomPositive(rng, rows, cols));
  if (facts?.has("positive")) return randomPositive(rng, rows, cols);
  if (strategy === "small") return randomSmall(rng, rows, cols);
  if (strategy === "spd" && square) return randomSpd(rng, rows);
  if (strategy !== "normal") return square && strategy === "positive" ? randomWellConditioned(rng, rows) : randomPositive(rng, rows, cols);
  return randomNormal(rng, rows, cols);
}

export function sampleValues(inputs: readonly VarNode[], sizes: Sizes, rng: Rng, assume: Assumptions, strategy: Strategy): Map<string, Mat> {
  const values = new Map<string, Mat>();
  for (const v of inputs) values.set(valueKey(v), sampleValue(v, sizes, rng, assume.get(v.name), strategy));
  return values;
}

/** Every variable (inputs, dX, G) the graphs mention. */
export function variablesOf(roots: readonly Expr[], order: readonly Expr[] = topoOrder(roots)): VarNode[] {
  return order.filter((n): n is VarNode => n.kind === "var");
}

/** Operators whose argument must be invertible (well-conditioned); logdet's must also have det > 0. */
const INVERTIBLE_ARGUMENT: ReadonlyMap<OpName, "any" | "positive-determinant"> = new Map([
  ["inv", "any"], ["det", "any"], ["logdet", "positive-determinant"],
]);

/**
 * The inputs that are the argument of inv, det or logdet (or its transpose), by value key,
 * each with whether its determinant must be positive. The sampler draws them well-conditioned
 * from the first attempt: κ₁ of a normal n×n matrix grows like n, so at n ≈ 100 a normal draw
 * essentially never meets the operators' condition limit and every such attempt is wasted.
 */
export function invertibleInputs(order: readonly Expr[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const node of order) {
    const need = node.kind === "op" ? INVERTIBLE_ARGUMENT.get(node.op) : undefined;
    if (!need || node.kind !== "op") continue;
    const arg = node.args[0]!;
    // det(Xᵀ) = det(X), and Xᵀ is invertible exactly when X is.
    const base = arg.kind === "op" && arg.op === "transpose" ? arg.args[0]! : arg;
    if (base.kind === "var" && base.role === "input") out.set(valueKey(base), (out.get(valueKey(base)) ?? false) || need === "positive-determinant");
  }
  return out;
}
