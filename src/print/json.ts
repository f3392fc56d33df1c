/**
 * JSON output: one object per request, with stable keys (the schema is in
 * the README and test/json-schema.test.ts). Dimensions are strings.
 */
import type { Derivation } from "../api/derive.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { CheckReport } from "../numeric/check.js";
import { dimToString } from "../shapes/dim.js";
import { type Shape, shapeToString } from "../shapes/shape.js";
import { nameDerivation, spelledNames } from "./derivation-naming.js";
import { Renderer } from "./render.js";
import { mathDialect } from "./dialect.js";
import { sourceText, unfoldedSize } from "./source.js";
import { formLabel, resultLabel, symmetricGradientLabel } from "./labels.js";
import { shapesUsed } from "../api/shapes-used.js";
import { indexLabel, renderIndexTerms } from "./index-notation.js";

export const JSON_SCHEMA_VERSION = 1;

export function jsonShape(s: Shape): { rows: string; cols: string; text: string } {
  return { rows: dimToString(s.rows), cols: dimToString(s.cols), text: shapeToString(s) };
}

export function jsonCheck(r: CheckReport) {
  return {
    ok: r.ok,
    maxRelError: Number.isFinite(r.maxRelError) ? r.maxRelError : null,
    tol: r.tol,
    trials: r.trials.map((t) => ({ sizes: t.sizes, relError: Number.isFinite(t.relError) ? t.relError : null, ok: t.ok })),
    domain: r.domain ? { reason: r.domain.reason } : null,
  };
}

/**
 * The expression as text and LaTeX: inlined, as it always was, unless a
 * program's statements share values so that inlining would be far longer
 * than the input (a chain of doublings); then the statements print by name,
 * as the input defines them.
 */
function expressionJson(d: Derivation) {
  const budget = 4 * d.input.length + 1000;
  const named = unfoldedSize(d.y, budget + 1) > budget;
  // JSON is never coloured: its renderers write no spans (see Renderer).
  const show = (format: "text" | "latex") => new Renderer(format, named ? spelledNames(d, mathDialect(format, d.y.graph).name) : new Map(), {}, true).render(d.y, true);
  return { text: show("text"), latex: show("latex"), shape: jsonShape(d.y.shape) };
}

/** Names a claim reads besides the program's statements: a temporary of a source program must avoid them. */
function claimNamesTaken(d: Derivation): Set<string> {
  const taken = new Set<string>([d.yName, ...(d.upstream ? [d.upstream.name] : [])]);
  for (const [name, s] of d.program.variables) {
    taken.add(name);
    taken.add(`d${name}`);
    for (const sym of [...s.rows.syms, ...s.cols.syms]) taken.add(sym);
  }
  return taken;
}

export function derivationJson(d: Derivation, checks?: readonly (CheckReport | undefined)[]) {
  const text = nameDerivation(d, "text");
  const latex = nameDerivation(d, "latex");
  const tr = new Renderer("text", text.names, {}, true);
  const lr = new Renderer("latex", latex.names, {}, true);
  const taken = claimNamesTaken(d);
  // What a temporary of a result's source may not be called: the claim's names and the program's (once for every result).
  const sourceTaken = new Set([...taken, ...d.names.values()]);
  return {
    schema: JSON_SCHEMA_VERSION,
    input: d.input,
    output: d.yName,
    expression: expressionJson(d),
    shapes: Object.fromEntries([...d.program.variables].map(([n, s]) => [n, jsonShape(s)])),
    // where each shape came from: null when declared, else the default rule or "forced by the expression"
    shapeOrigins: Object.fromEntries(shapesUsed(d).map((u) => [u.name, u.origin])),
    wrt: d.derivatives.map((r) => r.wrt),
    layout: d.layout,
    form: d.form,
    description: formLabel(d),
    // set when a gradient with respect to a symmetric matrix is printed as sym(∇) = (∇ + ∇ᵀ)/2, or a Hessian holds along symmetric directions
    symmetricGradient: symmetricGradientLabel(d),
    upstream: d.upstream ? { name: d.upstream.name, shape: jsonShape(d.upstream.shape) } : null,
    results: d.derivatives.map((r, k) => ({
      wrt: r.wrt,
      label: r.index ? indexLabel(r.index, d.yName, r.wrt, "text", d.y.graph) : resultLabel(d, r, "text"),
      text: r.index ? renderIndexTerms(r.index, "text", tr) : tr.render(r.result),
      latex: r.index ? renderIndexTerms(r.index, "latex", lr) : lr.render(r.result),
      // the result in the input language (for --form index, the Jacobian J the entries describe): an expression, or a program
      source: sourceText(r.result, d.names, sourceTaken),
      shape: jsonShape(r.shape),
      zero: r.zero,
      check: checks?.[k] ? jsonCheck(checks[k]!) : null,
    })),
    named: text.order.filter((n) => n !== d.y).map((n) => ({
      name: text.names.get(n.id)!,
      text: tr.render(n, true),
      latex: lr.render(n, true),
      shape: jsonShape(n.shape),
    })),
    notes: d.notes,
  };
}

export function diagnosticJson(d: Diagnostic) {
  return {
    error: {
      code: d.code,
      message: d.message,
      span: d.span ? { start: d.span.start, end: d.span.end } : null,
      origin: d.origin ?? null,
      notes: d.notes.map((n) => ({ message: n.message, span: n.span ? { start: n.span.start, end: n.span.end } : null })),
      help: d.help ?? null,
    },
  };
}
