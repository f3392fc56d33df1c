/** A numeric check that found no instance inside the domain becomes a diagnostic pointing at the operation. */
import { type Diagnostic, error } from "../diagnostics/diagnostic.js";
import type { DomainViolation } from "../numeric/evaluate.js";
import type { TypedProgram } from "../typing/typing.js";
import { readsNoVariable } from "../expr/traverse.js";

export function domainDiagnostic(v: DomainViolation, program: TypedProgram): Diagnostic {
  // A value no input moves that is not finite (2·1e308 folded to 1.11·2¹⁰²⁴) is so on every instance: no assumption helps.
  if (v.notFinite && readsNoVariable(v.node)) {
    return error("domain", "the numeric check cannot evaluate this: a constant of it, a product or power of numbers, is past the largest double (about 1.8e308)",
      undefined, [], "scale the expression's numbers down to check it; the derivation itself is unaffected");
  }
  const span = program.spans.get(v.node.id);
  return error("domain", `no random instance keeps every operation in its domain: ${v.reason}`,
    span ? { span, text: program.text, origin: "expression" } : undefined, [],
    'declare what holds with --assume, e.g. --assume "X: spd" or --assume "x: positive"');
}
