/**
 * derive --check: verify every printed derivative of a derivation against
 * finite differences of y itself (for an intermediate h of a program, of y with h a variable), in the form and layout it was printed in.
 */
import { listed, shortName } from "../diagnostics/listing.js";
import { differentialVariable } from "../calculus/layout.js";
import type { CheckOptions, CheckReport } from "../numeric/check.js";
import { checkDerivatives } from "../numeric/check-many.js";
import { planOf } from "../numeric/plan.js";
import { affordableHessianCheck } from "./budgets.js";
import { checkHessianBlocks } from "../numeric/hessian-blocks.js";
import { hvpBlock } from "../numeric/hvp.js";
import { indexEvaluator } from "../print/index-notation.js";
import type { Derivation } from "./derive.js";
import { type Diagnostic, DiagnosticError, error } from "../diagnostics/diagnostic.js";
import { nearest } from "../diagnostics/suggest.js";
import type { Expr, Graph, VarNode } from "../expr/node.js";
import type { NumericOptions } from "./options.js";
import { validRequest } from "./request-fields.js";
import { statementNamed } from "../typing/typing.js";

/** The numeric check's options: the request's trials, tolerance, seed and sizes, and the derivation's --assume facts. */
export function numericOptions(d: Derivation, numeric: NumericOptions): CheckOptions {
  return { trials: numeric.trials, tol: numeric.tol, seed: numeric.seed, dims: sizesOf(d.y.graph, numeric), assume: d.assumptions, budget: numeric.budget, bound: cutDefinitions(d) };
}

/** The fixed sizes: `dims`, each a dimension of the graph (else refused), over the defaults the graph has. */
function sizesOf(graph: Graph, numeric: NumericOptions): ReadonlyMap<string, number> | undefined {
  if (!numeric.dims?.size && !numeric.defaultDims?.size) return numeric.dims;
  const known = dimensionsOf(graph);
  if (numeric.dims) refuseStrayDims(known, numeric.dims);
  if (!numeric.defaultDims?.size) return numeric.dims;
  const merged = new Map([...numeric.defaultDims].filter(([k]) => known.has(k)));
  for (const [k, v] of numeric.dims ?? []) merged.set(k, v);
  return merged;
}

/** Every dimension symbol of the graph's nodes (their shapes and size parameters). */
function dimensionsOf(graph: Graph): Set<string> {
  const used = new Set<string>();
  for (let id = 1; id <= graph.size; id++) {
    const node = graph.structure.node(id);
    for (const d of [node.shape.rows, node.shape.cols, ...(node.kind === "op" ? node.attr.dims ?? [] : [])]) for (const s of d.syms) used.add(s);
  }
  return used;
}

/**
 * The --dims names that are no dimension of anything in the graph (a typo, N for n): a check would draw the sizes
 * itself and still list N=3 among them, as if it had used it. Refused as a bad option, with the dimensions there are.
 */
function refuseStrayDims(known: ReadonlySet<string>, dims: ReadonlyMap<string, number>): void {
  const stray = [...dims.keys()].filter((k) => !known.has(k));
  if (stray.length === 0) return;
  const names = [...known].sort();
  const guess = nearest(stray[0]!, names);
  throw new DiagnosticError(error("bad-option", `the sizes given (--dims) name ${listed(stray.map(shortName))}, which ${stray.length > 1 ? "are" : "is"} no dimension of the expression (${names.length ? `its dimensions: ${listed(names)}` : "it has none"})`,
    undefined, [], guess ? `did you mean ${guess}=${dims.get(stray[0]!)}?` : undefined));
}

/** Each intermediate a derivative is taken with respect to (cut loose as a variable), with its statement's value: the check evaluates it there. */
function cutDefinitions(d: Derivation): Map<VarNode, Expr> {
  const out = new Map<VarNode, Expr>();
  for (const r of d.derivatives) {
    const statement = statementNamed(d.program, r.wrt);
    if (statement && r.variable.kind === "var") out.set(r.variable, statement.node);
  }
  return out;
}

/** A check that could trust its finite differences nowhere: neither a pass nor a matdiff bug. */
export function inconclusiveDiagnostic(reason: string): Diagnostic {
  return error("domain", `the numeric check cannot decide: ${reason}`, undefined, [],
    "check at other sizes or values (--dims, --assume, --seed), or a shorter chain of the same expression; the derivation itself is unaffected");
}

/**
 * One report per derivative. A check that could trust its finite differences on no instance
 * (values that overflow, differences that do not settle) says so as an error (exit 2): it can
 * neither confirm nor refute the derivative.
 */
export function checkDerivation(d: Derivation, numeric: NumericOptions = {}): CheckReport[] {
  validRequest("checkDerivation()", numeric);
  const reports = reportsOf(d, numeric);
  const inconclusive = reports.find((r) => r.inconclusive);
  if (inconclusive) throw new DiagnosticError(inconclusiveDiagnostic(inconclusive.inconclusive!));
  return reports;
}

function reportsOf(d: Derivation, numeric: NumericOptions): CheckReport[] {
  const options = numericOptions(d, numeric);
  const blocks = d.derivatives.filter((r) => r.gradient).length;
  affordableHessianCheck(blocks, () => planOf(d.y).nodes.length, options.trials);
  // First derivatives are checked together, on shared instances (checkDerivatives).
  const first = d.derivatives.filter((r) => !r.hvp && !r.gradient);
  const firstReports = checkDerivatives(first.map((r) =>
    // Index notation is checked entry by entry as the numerator-layout Jacobian it describes.
    r.index
      ? { y: r.y, x: r.variable, form: "jacobian", layout: "numerator", result: r.result, evaluateJacobian: indexEvaluator(r.index, r.y, r.variable) }
      : { y: r.y, x: r.variable, form: d.form, layout: d.layout, result: r.result, dX: differentialVariable(r.variable), upstream: d.upstream ?? undefined },
  ), options);
  // The blocks of a Hessian are checked together, on shared instances (numeric/hessian-blocks.ts), against
  // four-point second differences of y itself.
  const second = d.derivatives.filter((r) => r.hvp || r.gradient);
  const secondReports = checkHessianBlocks(second.map((r) => r.hvp
    ? hvpBlock(r.y, r.variable, differentialVariable(r.variable), r.result, options)
    : { y: r.y, x: r.variable, z: r.second ?? r.variable, hessian: r.result, transposed: d.layout === "denominator", reference: { expr: r.result } }), options);
  let next = 0;
  let nextSecond = 0;
  return d.derivatives.map((r) => (r.hvp || r.gradient ? secondReports[nextSecond++]! : firstReports[next++]!));
}
