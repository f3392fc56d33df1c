/**
 * The names a derivation gives on its own: the result's (y unless the
 * expression uses it) and, in the grad form, the upstream gradient's
 * (--grad-name, G by default).
 */
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import type { Expr } from "../expr/node.js";
import { isScalarShape, isVectorShape } from "../shapes/shape.js";
import { CONSTANT_NAMES, constantMeaning } from "../shapes/declarations.js";
import { isBuiltInName } from "../ops/registry.js";
import type { TypedProgram } from "../typing/typing.js";

/** The name Y is shown by: the program's own (`a = …`), else y (Y for a matrix), else f, z, out — one the expression does not use. */
export function outputName(program: TypedProgram, y: Expr): string {
  if (program.output) return program.output;
  const preferred = isScalarShape(y.shape) || isVectorShape(y.shape) ? ["y", "f", "z"] : ["Y", "F", "Z"];
  return preferred.find((n) => !program.variables.has(n)) ?? "out";
}

/** What `name` already means in the printout, if anything: then it cannot name G as well. */
function meaningOf(program: TypedProgram, y: Expr, name: string): string | null {
  if (program.variables.has(name) || program.statements.some((s) => s.name === name)) return "is a name in the expression";
  if (name === outputName(program, y)) return "is the result's name";
  if (CONSTANT_NAMES.has(name)) return `is ${constantMeaning(name)}`;
  if (isBuiltInName(name) || program.generics.has(name)) return "is a function";
  // A size of the expression: m = ∂ℓ/∂y (m×1) would make one letter both the gradient and its length.
  for (const shape of program.variables.values()) if ([...shape.rows.syms, ...shape.cols.syms].includes(name)) return "is a size of the expression";
  return null;
}

/**
 * Refuses an upstream gradient's name that the printout already gives a meaning — an input or a statement, the
 * result (`y = ∂ℓ/∂y`), a constant (`I ⊙ (1 − y ⊙ y)` would read as the identity), a function (`tanh = ∂ℓ/∂y`) —
 * since the answer, read back (as a claim does), would mean something else. Then lists it in the graph, so
 * printouts keep clear of it as of an input's: with inputs G and W and the name GW, y = G W x, not GWx.
 */
export function reserveGradName(program: TypedProgram, gradName: string): void {
  const meaning = meaningOf(program, program.root, gradName);
  if (meaning) {
    throw new DiagnosticError(error("bad-option", `${gradName} ${meaning}, so it cannot also be the upstream gradient`,
      undefined, [], "choose another name with --grad-name"));
  }
  program.root.graph.nameStatement(gradName);
}
