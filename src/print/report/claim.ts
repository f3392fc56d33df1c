/**
 * A claim's report as text or JSON: the verdict sentence (api/verdict.ts),
 * the claim as read, and, when it is wrong, matdiff's own answer beside it.
 */
import type { ClaimReport } from "../../api/check.js";
import { claimSentence } from "../../api/verdict.js";
import { type ShapeUsed, shapesUsedText } from "../../api/shapes-used.js";
import { type Style as DiagnosticStyle, plainStyle } from "../../diagnostics/format.js";
import { shapeToString } from "../../shapes/shape.js";
import { Renderer } from "../render.js";
import { type TextStyle, formatDerivationText, plainTextStyle } from "../text.js";
import { derivationJson, jsonCheck, jsonShape } from "../json.js";
import { spelledNames } from "../derivation-naming.js";
import { type MathFormat, mathDialect } from "../dialect.js";

/** Colour for a report; plain by default. */
export interface ReportStyle {
  readonly text: TextStyle;
  readonly diagnostics: DiagnosticStyle;
  pass(s: string): string;
  fail(s: string): string;
}

export const plainReportStyle: ReportStyle = { text: plainTextStyle, diagnostics: plainStyle, pass: (s) => s, fail: (s) => s };

export const indent = (text: string, by: string): string => text.split("\n").map((l) => `${by}${l}`).join("\n");

/**
 * The claim printed with the program's names for its values, as the user wrote them: a claim that names a statement
 * of a program reads that statement's value, which written out in full doubles with every statement that uses the
 * one before twice (a claim about the 16th of such statements printed 167 MB).
 */
function claimRenderer(r: ClaimReport, format: MathFormat, style?: TextStyle): Renderer {
  const d = r.derivation;
  const spell = mathDialect(format).name;
  const names = spelledNames(d, spell);
  // The statement differentiated is named too (a single expression's y is not: the claim shows what was typed).
  for (const s of d.program.statements) if (s.node === d.y) names.set(d.y.id, spell(s.name));
  return new Renderer(format, names, style);
}

/** The claim as matdiff read it, and matdiff's own answer: the lines under a failed claim. */
export function claimDetails(r: ClaimReport, style: ReportStyle = plainReportStyle): string[] {
  return [
    `claim: ${claimRenderer(r, "text", style.text).render(r.claim)}    (${shapeToString(r.claim.shape)})`,
    "matdiff's answer:",
    indent(formatDerivationText(r.derivation, style.text), "  "),
  ];
}

export function formatClaimText(r: ClaimReport, style: ReportStyle = plainReportStyle): string {
  const verdict = r.ok ? style.pass(`✓ ${claimSentence(r)}`) : style.fail(`✗ ${claimSentence(r)}`);
  return r.ok ? verdict : [verdict, ...claimDetails(r, style).map((l) => indent(l, "  "))].join("\n");
}

export function jsonShapesUsed(shapes: readonly ShapeUsed[]) {
  return Object.fromEntries(shapes.map((s) => [s.name, { ...jsonShape(s.shape), default: s.origin }]));
}

export function claimJson(r: ClaimReport) {
  return {
    ok: r.ok,
    verdict: r.diagnosis.kind,
    diagnosis: r.diagnosis,
    message: claimSentence(r),
    claim: { text: claimRenderer(r, "text").render(r.claim), latex: claimRenderer(r, "latex").render(r.claim), shape: jsonShape(r.claim.shape) },
    check: jsonCheck(r.numeric),
    answer: derivationJson(r.derivation),
  };
}

export { shapesUsedText };
