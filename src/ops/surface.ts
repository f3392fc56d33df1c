/**
 * Function-call syntax: how a name like `tr` or `σ` in the input checks its
 * argument shapes (with unification and pointed diagnostics) and lowers to a
 * graph node. Each stanza that is callable carries one of these.
 */
import type { Expr, Graph } from "../expr/node.js";
import type { Dim } from "../shapes/dim.js";
import type { Span } from "../diagnostics/span.js";
import type { Shape } from "../shapes/shape.js";
import type { Unifier } from "../shapes/unify.js";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/diagnostic.js";

export interface CallSite {
  readonly fnName: string;
  readonly span: Span;
  readonly argSpans: readonly Span[];
  readonly text: string;
  readonly origin: string;
  /** How to name argument i in a message: its name, or its source text. */
  describe(i: number): string;
  /** A shape for a message, with inferred dimensions resolved. */
  show(s: Shape): string;
  /** The number argument i spells literally (the 2 of sum(X, 2)), or null. */
  literal(i: number): number | null;
  /** Argument i read as a dimension (the n of I(n), a name or a positive integer), or null. */
  dimension(i: number): Dim | null;
}

export interface SurfaceFunction {
  /** The first name is the canonical one; the rest are aliases (σ). */
  readonly names: readonly string[];
  readonly arity: number;
  /** The most arguments it takes, when some are optional (sum(X[, d])). */
  readonly maxArity?: number;
  /** Its arguments are sizes (I(n), ones(m, n)) or literals (vector(1)), not values: they are not typed as expressions. */
  readonly sized?: (g: Graph, shape: Shape, dims: readonly Dim[], literals: readonly (number | null)[]) => Expr;
  /** Check (and unify) argument shapes; return the result shape or throw a DiagnosticError. */
  check(args: readonly Shape[], u: Unifier, site: CallSite): Shape;
  /** Build the node once every shape is final. */
  lower(args: readonly Expr[]): Expr;
}

export function callError(site: CallSite, code: DiagnosticCode, message: string, argIndex?: number, help?: string): never {
  const at = argIndex === undefined ? site.span : site.argSpans[argIndex]!;
  throw new DiagnosticError(error(code, message, { span: at, text: site.text, origin: site.origin }, [], help));
}

export function requireSquare(s: Shape, u: Unifier, site: CallSite, i: number): void {
  if (!u.unify(s.rows, s.cols)) {
    callError(site, "not-square", `${site.fnName} needs a square matrix, but ${site.describe(i)} is ${site.show(s)}`, i);
  }
}

export function requireColumn(s: Shape, u: Unifier, site: CallSite, i: number): void {
  if (!u.isOne(s.cols) && !u.unify(s.cols, { coef: 1, syms: [] })) {
    callError(site, "not-vector", `${site.fnName} works on a column vector, but ${site.describe(i)} is ${site.show(s)}`, i,
      u.isOne(s.rows) ? `transpose the row vector: ${site.fnName}(${site.describe(i)}')` : undefined);
  }
}

export function requireScalar(s: Shape, u: Unifier, site: CallSite, i: number): void {
  if (!(u.isOne(s.rows) || u.unify(s.rows, { coef: 1, syms: [] })) || !(u.isOne(s.cols) || u.unify(s.cols, { coef: 1, syms: [] }))) {
    callError(site, "not-scalar", `${site.fnName} needs a scalar, but ${site.describe(i)} is ${site.show(s)}`, i);
  }
}

