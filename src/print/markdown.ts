/**
 * Markdown output: the result, or with --steps the derivation,
 * with $$ … $$ display math, for GitHub, Jupyter and any KaTeX/MathJax page.
 */
import type { Derivation } from "../api/derive.js";
import { formLabel, shapesLabel, symmetricGradientLabel } from "./labels.js";
import { alignedBlock, latexLines } from "./latex.js";
import { formatSteps } from "./steps.js";
import { markdownText as escapeMarkdown } from "./prose-escape.js";

export function formatMarkdown(d: Derivation, options: { steps?: boolean } = {}): string {
  if (options.steps) return formatSteps(d, "markdown");
  const { lines, where } = latexLines(d);
  const symmetric = symmetricGradientLabel(d);
  const header = [`*${escapeMarkdown(formLabel(d))}* · ${escapeMarkdown(shapesLabel(d))}`, ...(symmetric ? ["", escapeMarkdown(symmetric)] : [])];
  const out = [...header, "", "$$", alignedBlock(lines, where), "$$"];
  for (const n of d.notes) out.push("", `> note: ${escapeMarkdown(n)}`);
  return out.join("\n");
}
