/** A numeric check that found no instance inside the domain becomes a diagnostic pointing at the operation. */
import { type Diagnostic, error } from "../diagnostics/diagnostic.js";
import type { DomainViolation } from "../numeric/evaluate.js";
import type { TypedProgram } from "../typing/typing.js";

export function domainDiagnostic(v: DomainViolation, program: TypedProgram): Diagnostic {
  const span = program.spans.get(v.node.id);
  return error("domain", `no random instance keeps every operation in its domain: ${v.reason}`,
    span ? { span, text: program.text, origin: "expression" } : undefined, [],
    'declare what holds with --assume, e.g. --assume "X: spd" or --assume "x: positive"');
}
