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
import { formatDerivationText } from "../text.js";
import { type TextStyle, plainTextStyle } from "../text-style.js";
import { derivationJson, jsonCheck, jsonShape } from "../json.js";
import { chooseNames } from "../naming.js";
import { unfoldedSize } from "../source.js";
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

/** Printed size (operators and leaves, each shared part counted at every use) up to which a claim prints in full. */
const CLAIM_IN_FULL = 2000;

/**
 * The claim as matdiff read it: in full, as typed, while that is short; past CLAIM_IN_FULL, with the parts it uses
 * more than once named by fresh temporaries c₀, c₁, … defined after it (`where`). A claim that names a statement of a program
 * reads that statement's value, which written out in full doubles with every statement that uses the one before
 * twice; the program's own names are not reused, since a claim may bind them to other values (h = Xᵀ in the claim,
 * or h cut loose by --wrt h).
 */
function printedClaim(r: ClaimReport, format: MathFormat, style?: TextStyle): { expr: string; where: string[] } {
  const dialect = mathDialect(format);
  if (unfoldedSize(r.claim, CLAIM_IN_FULL + 1) <= CLAIM_IN_FULL) return { expr: new Renderer(format, new Map(), style).render(r.claim), where: [] };
  const d = r.derivation;
  const taken = new Set([...d.program.variables.keys(), ...d.program.statements.map((s) => s.name), d.yName].map(dialect.name));
  // c₀, c₁, …: the answer printed under the claim names its own parts t₀, t₁, …
  const shared = chooseNames([r.claim], { temporary: (k) => dialect.temporary(k).replace(/^t/, "c"), taken });
  const renderer = new Renderer(format, shared.names, style);
  return { expr: renderer.render(r.claim), where: shared.order.map((n) => `${shared.names.get(n.id)} = ${renderer.render(n, true)}`) };
}

/** The claim as matdiff read it, and matdiff's own answer: the lines under a failed claim. */
export function claimDetails(r: ClaimReport, style: ReportStyle = plainReportStyle): string[] {
  const claim = printedClaim(r, "text", style.text);
  return [
    `claim: ${claim.expr}    (${shapeToString(r.claim.shape)})`,
    ...(claim.where.length ? ["where", ...claim.where.map((l) => `  ${l}`)] : []),
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

/** The claim's text and LaTeX for JSON: one string each, its definitions after it when it has any (`… where c₀ = …; c₁ = …`). */
function claimTexts(r: ClaimReport): { text: string; latex: string } {
  const one = (format: MathFormat): string => {
    const { expr, where } = printedClaim(r, format);
    if (!where.length) return expr;
    return format === "latex" ? `${expr} \\quad\\text{where}\\quad ${where.join(",\\ ")}` : `${expr} where ${where.join("; ")}`;
  };
  return { text: one("text"), latex: one("latex") };
}

export function claimJson(r: ClaimReport) {
  return {
    ok: r.ok,
    verdict: r.diagnosis.kind,
    diagnosis: r.diagnosis,
    message: claimSentence(r),
    claim: { ...claimTexts(r), shape: jsonShape(r.claim.shape) },
    check: jsonCheck(r.numeric),
    answer: derivationJson(r.derivation),
  };
}

export { shapesUsedText };
