/**
 * Diagnostics are values: the library returns them, only the CLI turns them
 * into exit codes and colour. A span refers to `text`, the input string it
 * was found in (the expression, a --shape value, a claim...).
 */
import { withShortWords } from "./listing.js";
import type { Span } from "./span.js";

export type DiagnosticCode =
  | "syntax"             // the text does not parse
  | "input-too-large"    // length or nesting beyond what matdiff accepts
  | "unknown-function"   // f(...) where f is not a function
  | "not-a-function"     // a function name used as a value
  | "arity"              // wrong number of arguments
  | "shape-mismatch"     // operands whose shapes do not fit the operator
  | "not-square"         // an operator that needs a square matrix
  | "not-scalar"         // an operator that needs a scalar
  | "not-vector"         // an operator that needs a vector
  | "bad-exponent"       // a power whose exponent is not allowed
  | "cannot-infer"       // a dimension that unification cannot determine
  | "bad-declaration"    // a --shape / where / --assume entry that is wrong
  | "unknown-name"       // a name that is not in the expression (wrt, claim)
  | "bad-program"        // statements assigned twice, used before assignment, in a cycle
  | "bad-option"         // a command-line option value that is wrong
  | "domain"             // no valid random instance (log of negative, ...)
  | "internal";          // a matdiff bug, reported as such

export interface Note {
  readonly message: string;
  readonly span?: Span;
}

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly span?: Span;
  /** The input the span points into. */
  readonly text?: string;
  /** Which input that is, for the caret display ("expression", "--shape", "claim"...). */
  readonly origin?: string;
  readonly notes: readonly Note[];
  /** One line of advice: "did you mean tanh?" */
  readonly help?: string;
}

export function error(
  code: DiagnosticCode,
  message: string,
  where?: { span?: Span; text?: string; origin?: string },
  notes: readonly Note[] = [],
  help?: string,
): Diagnostic {
  // Words the user typed are echoed cut to their start and length, so a message stays a line (see listing.ts).
  return {
    severity: "error", code, message: withShortWords(message), span: where?.span, text: where?.text, origin: where?.origin,
    notes: notes.map((n) => ({ ...n, message: withShortWords(n.message) })), help: help === undefined ? undefined : withShortWords(help),
  };
}

/** Thrown inside a pass to abort with a diagnostic; caught at the API boundary. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };
