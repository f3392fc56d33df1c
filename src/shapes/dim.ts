/**
 * Dimensions: a positive integer times a product of powers of symbols
 * (N, H, m·n, n²). Kronecker products and vec multiply dimensions, so a
 * dimension is a monomial, kept canonical (distinct symbols, sorted, each
 * with its exponent, exponents listed only when one exceeds 1) so that equal dimensions compare equal by key.
 * Exponents add under multiplication: a nest that squares a size k times
 * (diag(vec(…)ᵀ) repeated) gives n^(2^k), one symbol and one number,
 * not 2^k repeated symbols.
 */
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";

export interface Dim {
  readonly coef: number;
  /** Distinct symbol factors, sorted (n²·m is ["m", "n"]). */
  readonly syms: readonly string[];
  /**
   * exps[k] ≥ 2 is the exponent of syms[k] (n²·m has [1, 2]). Absent when every exponent is 1,
   * the common case, so that { coef, syms } written out is canonical too.
   */
  readonly exps?: readonly number[];
}

export const ONE: Dim = { coef: 1, syms: [] };

export function dimInt(n: number): Dim {
  return n === 1 ? ONE : { coef: checkedSize(n), syms: [] };
}

export function dimSym(name: string): Dim {
  return { coef: 1, syms: [name] };
}

/** The exponent of d's k-th symbol. */
export const expAt = (d: Dim, k: number): number => d.exps?.[k] ?? 1;

/** The canonical dimension: no exps when all are 1. */
function make(coef: number, syms: readonly string[], exps: readonly number[]): Dim {
  return exps.every((e) => e === 1) ? { coef, syms } : { coef, syms, exps };
}

/**
 * Exponents and integer factors are kept exact up to 2^53: a size beyond that (n^(2^53), reached
 * only by squaring a size 53 times over) has no meaning for a matrix and is refused as input.
 */
function checkedSize(n: number): number {
  if (Number.isSafeInteger(n)) return n;
  throw new DiagnosticError(error("input-too-large", "a dimension of this expression grows beyond 2^53 (each vec, diag or kron level multiplies the sizes); no matrix has that many rows",
    undefined, [], "nest fewer kron, vec or diag levels"));
}

/** a·b: coefficients multiply, exponents of a shared symbol add (a merge of two sorted lists). */
export function dimMul(a: Dim, b: Dim): Dim {
  if (isOne(a)) return b;
  if (isOne(b)) return a;
  const syms: string[] = [];
  const exps: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.syms.length || j < b.syms.length) {
    const sa = a.syms[i];
    const sb = b.syms[j];
    if (sb === undefined || (sa !== undefined && sa < sb)) {
      syms.push(sa!);
      exps.push(expAt(a, i++));
    } else if (sa === undefined || sb < sa) {
      syms.push(sb);
      exps.push(expAt(b, j++));
    } else {
      syms.push(sa);
      exps.push(checkedSize(expAt(a, i++) + expAt(b, j++)));
    }
  }
  if (syms.length > MAX_SIZE_SYMBOLS) {
    throw new DiagnosticError(error("input-too-large", `a dimension of this expression or of its derivative is a product of more than ${MAX_SIZE_SYMBOLS} different sizes (each kron, vec or diag level multiplies them); matdiff handles up to ${MAX_SIZE_SYMBOLS}`,
      undefined, [], "declare the matrices in the nest with shared size names (--shape), or nest fewer kron levels"));
  }
  return make(checkedSize(a.coef * b.coef), syms, exps);
}

/**
 * A size is a product of at most this many distinct symbols. Every node carries its shape, so a nest whose sizes
 * gain a symbol per level (kron(I, kron(I, …)) with a fresh size for each I) would print and compare shapes that
 * grow with the depth: quadratic in the input.
 */
const MAX_SIZE_SYMBOLS = 64;

/** d^k for an integer k ≥ 0. */
export function dimPow(d: Dim, k: number): Dim {
  if (k === 0 || isOne(d)) return ONE;
  return make(checkedSize(d.coef ** k), d.syms, d.syms.map((_, i) => checkedSize(expAt(d, i) * k)));
}

/** The monomial over a subset of symbols: `pick(sym, exp)` gives each symbol's new exponent (0 drops it). */
export function dimMap(d: Dim, coef: number, pick: (sym: string, exp: number) => number): Dim {
  const syms: string[] = [];
  const exps: number[] = [];
  d.syms.forEach((s, k) => {
    const e = pick(s, expAt(d, k));
    if (e > 0) {
      syms.push(s);
      exps.push(e);
    }
  });
  return coef === 1 && syms.length === 0 ? ONE : make(coef, syms, exps);
}

/** The exponent of a symbol in d (0 when absent). */
export function exponentOf(d: Dim, sym: string): number {
  const k = d.syms.indexOf(sym);
  return k < 0 ? 0 : expAt(d, k);
}

/** d's symbols with repetition, in order (n²·m is [m, n, n]); null when there would be more than `most`. */
export function repeatedSymbols(d: Dim, most = Infinity): string[] | null {
  const degree = d.syms.reduce((a, _, k) => a + expAt(d, k), 0);
  return degree > most ? null : d.syms.flatMap((s, k) => Array<string>(expAt(d, k)).fill(s));
}

export function isOne(d: Dim): boolean {
  return d.coef === 1 && d.syms.length === 0;
}

/** The single symbol d is (coefficient 1, exponent 1), or null: n is, 2·n and n² are not. */
export function loneSymbol(d: Dim): string | null {
  return d.coef === 1 && d.syms.length === 1 && expAt(d, 0) === 1 ? d.syms[0]! : null;
}

/** How many factors a printed dimension has (2·n² has two): more than one needs parentheses in m×n. */
export function printedFactorCount(d: Dim): number {
  return d.syms.length + (d.coef === 1 && d.syms.length > 0 ? 0 : 1);
}

export interface DimNotation {
  /** A symbol's spelling. */
  readonly name?: (sym: string) => string;
  /** Between factors. */
  readonly times: string;
  /** A symbol raised to an exponent > 1. */
  readonly power: (base: string, exp: number) => string;
}

/** A dimension in some notation: coefficient first, then each symbol with its power. */
export function formatDim(d: Dim, n: DimNotation): string {
  if (d.syms.length === 0) return String(d.coef);
  const name = n.name ?? ((s: string) => s);
  const parts = d.syms.map((s, k) => (expAt(d, k) === 1 ? name(s) : n.power(name(s), expAt(d, k))));
  return [...(d.coef === 1 ? [] : [String(d.coef)]), ...parts].join(n.times);
}

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";
/** n², n¹⁶: exponents as superscript digits, as the text format prints them. */
export const superscript = (base: string, exp: number): string => base + String(exp).replace(/\d/g, (c) => SUPERSCRIPT[Number(c)]!);
/** n^2: the input language's power. */
export const caret = (base: string, exp: number): string => `${base}^${exp}`;

export function dimKey(d: Dim): string {
  // The common sizes (3, n) directly: every variable and every sized constant builds a key from its sizes.
  if (d.syms.length === 0) return String(d.coef);
  const lone = loneSymbol(d);
  if (lone !== null) return lone;
  return formatDim(d, { times: "·", power: caret });
}

export function dimEq(a: Dim, b: Dim): boolean {
  if (a === b) return true;
  if (a.coef !== b.coef || a.syms.length !== b.syms.length) return false;
  // Indexed: asked for every node a graph builds, often before the engine optimises it, where a callback allocates.
  for (let k = 0; k < a.syms.length; k++) if (a.syms[k] !== b.syms[k] || expAt(a, k) !== expAt(b, k)) return false;
  return true;
}

/** The value of a dimension once every symbol has a size (Infinity when it exceeds a double). */
export function dimValue(d: Dim, sizes: ReadonlyMap<string, number>): number {
  let v = d.coef;
  d.syms.forEach((s, k) => {
    const n = sizes.get(s);
    if (n === undefined) throw new Error(`no size for dimension ${s}`);
    v *= n ** expAt(d, k);
  });
  return v;
}

/** Human form: 3, N, N·H, 2·N, n². */
export function dimToString(d: Dim): string {
  return formatDim(d, { times: "·", power: superscript });
}
