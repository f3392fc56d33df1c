/**
 * The public library API: the same engine the CLI uses.
 *
 *   import { derive, check, parse } from "matdiff";
 *   const r = derive({ expr: "tanh(W*x + b)", wrt: ["x"], shapes: ["W: m x n, x: n, b: m"], layout: "numerator" });
 *   if (r.ok) console.log(formatText(r.value));
 *
 * Every function returns a Result: { ok: true, value } or { ok: false, diagnostics }.
 */
export { derive } from "./api/derive.js";
export type { DeriveRequest, Derivation, Derivative } from "./api/derive.js";
export { check } from "./api/check.js";
export type { CheckRequest, ClaimReport, Diagnosis } from "./api/check.js";
export { checkDerivation } from "./api/check-derivation.js";
export { checkBatch, batchExitCode, mergeBatchReports, unreadableBatch } from "./api/batch/run.js";
export { WorkBudget, RUN_WORK } from "./numeric/work.js";
export type { BatchReport, BatchResult } from "./api/batch/run.js";
export { ENTRY_FIELDS } from "./api/batch/fields.js";
export type { EntryDefaults } from "./api/batch/entries.js";
export { claimSentence, checkSentence, errorText } from "./api/verdict.js";
export { shapesUsed } from "./api/shapes-used.js";
export type { ShapeUsed } from "./api/shapes-used.js";
export { DEFAULTS, FORMATS, CODE_FORMATS, REPORTERS } from "./api/options.js";
export type { CommonOptions, NumericOptions, Format, CodeFormat, Reporter } from "./api/options.js";
export { OPTIONS } from "./api/option-table.js";
export type { OptionSpec } from "./api/option-table.js";
export { formatClaimText, claimJson } from "./print/report/claim.js";
export { formatBatch, summaryLine } from "./print/report/batch.js";
export { parseProgram as parse, parseExpression, parseShapeList, parseAssumeList } from "./syntax/parse.js";
export type { Program, Node, ShapeDecl, AssumeDecl } from "./syntax/ast.js";
export type { Diagnostic, DiagnosticCode, Result } from "./diagnostics/diagnostic.js";
export { formatDiagnostic, formatDiagnostics } from "./diagnostics/format.js";
export { SizeLimit } from "./diagnostics/resource-limit.js";
export { DiagnosticError } from "./diagnostics/diagnostic.js";
export { formatDerivationText as formatText } from "./print/text.js";
export { formatLatex } from "./print/latex.js";
export { formatJax, formatNumpy, formatTorch } from "./print/numpy.js";
export { formatSteps } from "./print/steps.js";
export { formatMarkdown } from "./print/markdown.js";
export { formatLatexSteps } from "./print/latex.js";
export { formatCode } from "./print/codegen/index.js";
export { derivationJson as toJson } from "./print/json.js";
export { checkDerivative } from "./numeric/check-many.js";
export type { CheckReport, CheckOptions } from "./numeric/check.js";
export type { Layout, Form } from "./api/options.js";
export type { Expr } from "./expr/node.js";
export type { Shape } from "./shapes/shape.js";
export { VERSION } from "./version.js";
