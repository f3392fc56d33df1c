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

/** Colour for a report; plain by default. */
export interface ReportStyle {
  readonly text: TextStyle;
  readonly diagnostics: DiagnosticStyle;
  pass(s: string): string;
  fail(s: string): string;
}

export const plainReportStyle: ReportStyle = { text: plainTextStyle, diagnostics: plainStyle, pass: (s) => s, fail: (s) => s };

export const indent = (text: string, by: string): string => text.split("\n").map((l) => `${by}${l}`).join("\n");

/** The claim as matdiff read it, and matdiff's own answer: the lines under a failed claim. */
export function claimDetails(r: ClaimReport, style: ReportStyle = plainReportStyle): string[] {
  return [
    `claim: ${new Renderer("text", new Map(), style.text).render(r.claim)}    (${shapeToString(r.claim.shape)})`,
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
    claim: { text: new Renderer("text").render(r.claim), latex: new Renderer("latex").render(r.claim), shape: jsonShape(r.claim.shape) },
    check: jsonCheck(r.numeric),
    answer: derivationJson(r.derivation),
  };
}

export { shapesUsedText };
