/**
 * Products of scalars as monomials: c · Π uᵢ^pᵢ / Π dⱼ^qⱼ. Equal factors
 * above and below the line cancel (t/t = 1, (1/t)·t = 1, (2t λ)/t = 2λ),
 * equal factors merge their exponents (a·a² = a³, (a²)³ = a⁶ for an integer
 * outer exponent), and numbers multiply into one coefficient (2a·3b = 6ab).
 * Scalars commute, so the order of the factors is free; a matrix factor
 * (s·M, M / s) stays last and is never reordered.
 */
import type { Expr, OpNode } from "../../expr/node.js";
import { div, matpow, neg, power, scale } from "../../ops/make.js";
import { isScalarShape } from "../../shapes/shape.js";
import { perGraph } from "../../expr/by-id.js";
import { exactProduct, exactSum } from "../../expr/exact.js";
import { type Rule, isNormalNumber, rule } from "../rule.js";

interface Factor {
  base: Expr;
  exponent: number;
}

/**
 * One monomial being gathered: c · Π baseᵢ^exponentᵢ, times a matrix if any. The rule runs at every scalar
 * product, quotient and scaling the simplifier meets and most of the time changes nothing, so gathering allocates
 * nothing but the reading of a power: one monomial and its stacks are reused by every application (the walk calls
 * nothing that applies a rule), and let go of their nodes after it; objects are made only for a monomial that
 * rebuilds.
 */
class Monomial {
  coef = 1;
  numbers = 0;
  /** The factors gathered: bases[i]^exponents[i] for i < factors (the arrays are reused, filled by index). */
  factors = 0;
  readonly bases: (Expr | undefined)[] = [];
  readonly exponents: number[] = [];
  /** The matrix the scalar factors scale, if any. */
  matrix: Expr | null = null;
  /** collect's stack: a node and the sign of its exponent (1 above the line, −1 below). */
  readonly open: (Expr | undefined)[] = [];
  readonly signs: (1 | -1)[] = [];

  reset(): this {
    this.coef = 1;
    this.numbers = 0;
    this.factors = 0;
    this.matrix = null;
    return this;
  }

  /** Let go of the nodes gathered, which would otherwise keep their whole graph alive after its derivation. */
  release(): void {
    for (let i = 0; i < this.factors; i++) this.bases[i] = undefined;
    this.matrix = null;
  }

  /** Add base^exponent, a nest of number powers read through: (a^p)^k → a^(p·k) for an integer k. */
  addFactor(e: Expr, sign: 1 | -1): void {
    const f = isNumberPower(e) ? asPower(e) : null;
    this.bases[this.factors] = f ? f.base : e;
    this.exponents[this.factors++] = f ? sign * f.exponent : sign;
  }

  /** Whether two factors share a base (their exponents would add). */
  repeatsABase(): boolean {
    const bases = this.bases;
    for (let i = 1; i < this.factors; i++) for (let j = 0; j < i; j++) if (bases[i] === bases[j]) return true;
    return false;
  }

  /** Exponents of equal bases added, in first-seen order; bases whose exponents cancel dropped. */
  merged(): Factor[] {
    const out: Factor[] = [];
    for (let i = 0; i < this.factors; i++) {
      const base = this.bases[i]!;
      const prior = out.find((f) => f.base === base);
      const sum = prior ? exactSum(prior.exponent, this.exponents[i]!) : null;
      // aᵖ aᵠ = aᵖ⁺ᵠ while float64 holds p + q exactly; past it (x^(1e17) x, x^(1e308) x^(1e308)) the two stay apart.
      if (prior && sum !== null) prior.exponent = sum;
      else out.push({ base, exponent: this.exponents[i]! });
    }
    return out.filter((f) => f.exponent !== 0);
  }
}

const gathered = new Monomial();

const hasScalarShape = (e: Expr): boolean => isScalarShape(e.shape);

const isScalarProduct = (e: Expr): boolean =>
  e.kind === "op" && isScalarShape(e.shape) && (e.op === "scale" || e.op === "matmul" || e.op === "hadamard") && e.args.every(hasScalarShape);

const isNumberPower = (e: Expr): e is OpNode => e.kind === "op" && e.op === "power" && e.args[1]!.kind === "num";

/** Each number power's reading by asPower, remembered: the rule asks at every level of a nest of powers. */
const powersRead = perGraph<Factor>();

/**
 * A base and a number exponent: a^k → (a, k), (a^p)^k → (a, p·k) for an integer k. A nest of powers is walked down
 * to the first node read before, not recursed, and each node's reading is kept, so a nest k deep costs k in all.
 */
function asPower(e: Expr): Factor {
  if (!isNumberPower(e)) return { base: e, exponent: 1 };
  const read = powersRead(e);
  const powers: OpNode[] = [];
  let base: Expr = e;
  let f: Factor | undefined;
  while (isNumberPower(base) && (f = read.get(base.id)) === undefined) {
    powers.push(base);
    base = base.args[0]!;
  }
  f ??= { base, exponent: 1 };
  for (let i = powers.length - 1; i >= 0; i--) {
    const k = (powers[i]!.args[1] as { value: number }).value;
    // (a^p)^k = a^(p·k) for an integer k, while float64 holds p·k exactly; past that (2^2^…^2 a thousand levels
    // deep gives p·k = Infinity) the reading starts again at this level, (a^p)^k, so no exponent prints as Infinity.
    const exponent: number | null = f.exponent === 1 || Number.isInteger(k) ? exactProduct(f.exponent, k) : null;
    f = exponent !== null && exponent !== 0 ? { base: f.base, exponent } : { base: powers[i]!.args[0]!, exponent: k };
    read.set(powers[i]!.id, f);
  }
  return f;
}

/**
 * At most this many factors are gathered into one monomial: a product nested
 * deeper than that keeps its inner part as one factor, so each application
 * costs a bounded walk and a chain of n products stays linear in n.
 */
const MAX_FACTORS = 16;

/**
 * A scalar product used in more than one place is opened only if it has at most this many factors: a short one
 * ((a b)(a b) = a² b²) simplifies as usual, while a long one (the growing products of a nest of det, each used by
 * the next level and by a term of the sum) stays one factor, since flattening it into each user would copy it
 * there and make the output grow with the square of the depth.
 */
const OPEN_SHARED_UP_TO = 8;

/** Whether a monomial opens e into its parts: a product of scalars, a quotient or a negation of a scalar. */
const opens = (e: Expr): e is OpNode => e.kind === "op" && isScalarShape(e.shape) && (isScalarProduct(e) || e.op === "div" || e.op === "neg");

/** longerThan's stack, reused: filled by index, never shortened (setting an array's length to 0 frees its storage). */
const counted: (Expr | undefined)[] = [];

/**
 * Whether the scalar product e has more than `limit` factors: a walk that stops once it has seen that many, or has
 * opened more than 4·limit products, negations and quotients on the way (a chain of them with few factors, such as
 * −(−(…)) or the coefficients of a program of thousands of statements, counts as long, instead of being walked
 * to its end by every product that uses it).
 */
function longerThan(e: Expr, limit: number): boolean {
  let top = 0;
  counted[top++] = e;
  let count = 0;
  let opened = 0;
  while (top > 0) {
    const f = counted[--top]!;
    counted[top] = undefined;
    if (opens(f)) {
      if (++opened > 4 * limit) {
        count = Infinity;
        break;
      }
      for (let i = 0; i < f.args.length; i++) counted[top++] = f.args[i]!;
    } else if (++count > limit) break;
  }
  const longer = count > limit;
  while (top > 0) counted[--top] = undefined;
  return longer;
}

/**
 * Gather e's numbers and factors into m, left to right with an explicit stack
 * (no recursion on the product's depth). A long scalar product the input uses
 * in more than one place (`shared`) is one factor.
 */
function collect(root: Expr, m: Monomial, rootSign: 1 | -1, shared: (e: Expr) => boolean, rewritten: Expr | null): void {
  const { open, signs } = m;
  open[0] = root;
  signs[0] = rootSign;
  let top = 1;
  while (top > 0) {
    const e = open[--top]!;
    open[top] = undefined;
    const sign = signs[top]!;
    if (e.kind === "num" && e.value !== 0) {
      m.coef *= sign === 1 ? e.value : 1 / e.value;
      m.numbers++;
      continue;
    }
    const whole = e !== rewritten && (m.factors + top >= MAX_FACTORS || (shared(e) && longerThan(e, OPEN_SHARED_UP_TO)));
    if (!whole && opens(e)) {
      // s₁·s₂ = Π over both; a / b = a · b⁻¹; −a = (−1)·a
      if (e.op === "div") {
        open[top] = e.args[1]!;
        signs[top++] = sign === 1 ? -1 : 1;
        open[top] = e.args[0]!;
        signs[top++] = sign;
      } else if (e.op === "neg") {
        m.coef = -m.coef;
        open[top] = e.args[0]!;
        signs[top++] = sign;
      } else {
        for (let i = e.args.length - 1; i >= 0; i--) {
          open[top] = e.args[i]!;
          signs[top++] = sign;
        }
      }
      continue;
    }
    m.addFactor(e, sign);
  }
}

/** The monomial of n, gathered into the shared one (valid until the next application). */
function monomialOf(n: OpNode, shared: (e: Expr) => boolean): Monomial {
  const m = gathered.reset();
  if (isScalarShape(n.shape)) {
    collect(n, m, 1, shared, n);
    return m;
  }
  // s·M and M / s: scalar factors around one matrix, at most MAX_FACTORS levels of them (a deeper chain keeps its
  // inner part as the matrix, as collect keeps a deep product's inner part as one factor: each application costs a
  // bounded walk, so a nest of 60,000 scalings whose coefficient underflows, which never folds, stays linear)
  let e: Expr = n;
  for (let level = 0; level < MAX_FACTORS; level++) {
    if (e.kind === "op" && e.op === "scale") { collect(e.args[0]!, m, 1, shared, null); e = e.args[1]!; continue; }
    if (e.kind === "op" && e.op === "div") { collect(e.args[1]!, m, -1, shared, null); e = e.args[0]!; continue; }
    break;
  }
  m.matrix = e;
  return m;
}

const raised = (f: Factor): Expr => (Math.abs(f.exponent) === 1 ? f.base : power(f.base, f.base.graph.num(Math.abs(f.exponent))));
const product = (xs: readonly Expr[]): Expr => xs.reduce((a, b) => scale(a, b));

function rebuild(n: OpNode, coef: number, matrix: Expr | null, factors: readonly Factor[]): Expr {
  const g = n.graph;
  const up = factors.filter((f) => f.exponent > 0).map(raised);
  const down = factors.filter((f) => f.exponent < 0).map(raised);
  const c = Math.abs(coef);
  const parts = [...(c !== 1 || (up.length === 0 && matrix === null) ? [g.num(c)] : []), ...up];
  let body: Expr;
  if (matrix === null) body = parts.length ? product(parts) : g.num(1);
  else body = parts.length ? scale(product(parts), matrix) : matrix;
  if (down.length) body = div(body, product(down));
  return coef < 0 ? neg(body) : body;
}

/** n with its scalar factors cancelled, merged and multiplied (m is n's monomial); null when that changes nothing. */
function cancelled(n: OpNode, m: Monomial): Expr | null {
  if (m.coef === 0 || !isNormalNumber(m.coef)) return null;
  // changed: two factors share a base whose exponents add exactly (or cancel); bases that repeat with exponents
  // float64 cannot add (x^(1e308) x^(1e308)) change nothing, and are not rebuilt again and again
  const merged = m.repeatsABase() ? m.merged() : null;
  const changed = merged !== null && merged.length < m.factors;
  const nested = n.op === "power" && asPower(n).exponent !== (n.args[1]!.kind === "num" ? n.args[1]!.value : NaN);
  if (!changed && m.numbers < 2 && !nested) return null;
  const out = rebuild(n, m.coef, m.matrix, merged ?? m.merged());
  return out === n ? null : out;
}

/** A square matrix as a power of a base: X^k → (X, k), X → (X, 1). */
const matrixPower = (e: Expr): Factor => (e.kind === "op" && e.op === "matpow" ? { base: e.args[0]!, exponent: e.attr.k! } : { base: e, exponent: 1 });

export const monomialRules: readonly Rule[] = [
  // Powers of one matrix commute with each other: Xᵃ Xᵇ = Xᵃ⁺ᵇ (X X² = X³).
  rule("merge-matrix-powers", "Xᵃ Xᵇ = Xᵃ⁺ᵇ", ["matmul"], (n) => {
    if (isScalarShape(n.shape)) return null;
    const [a, b] = n.args.map(matrixPower) as [Factor, Factor];
    // X X stays as written; a merge needs a power already there, and positive exponents.
    if (a.base !== b.base || (a.exponent === 1 && b.exponent === 1) || a.exponent < 1 || b.exponent < 1) return null;
    // only while float64 holds a + b exactly: X^(1e308) X^(1e308) stays a product, not X^Infinity
    const k = exactSum(a.exponent, b.exponent);
    return k === null ? null : matpow(a.base, k);
  }),
  rule("cancel-scalar-factors", "scalars commute: t/t = 1, (1/t)·t = 1, a·a² = a³, 2a·3b = 6ab", ["scale", "div", "matmul", "hadamard", "power"], (n, context) => {
    if (n.op === "power" && !(n.args[0]!.kind === "op" && n.args[0]!.op === "power")) return null;
    if (n.op !== "scale" && n.op !== "div" && !isScalarShape(n.shape)) return null;
    try {
      return cancelled(n, monomialOf(n, context.shared));
    } finally {
      gathered.release();
    }
  }),
];
