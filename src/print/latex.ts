/**
 * LaTeX output: an `aligned` block (amsmath; renders in KaTeX) with the
 * input, one line per derivative and the named subexpressions; with
 * `standalone`, a whole document that compiles on its own.
 */
import type { Derivation } from "../api/derive.js";
import type { Expr } from "../expr/node.js";
import { nameDerivation, programLines } from "./derivation-naming.js";
import { Renderer } from "./render.js";
import { resultLabel, symmetricGradientLabel } from "./labels.js";
import { shapesUsed } from "../api/shapes-used.js";
import { shapeToString } from "../shapes/shape.js";
import { indexLabel, renderIndexTerms } from "./index-notation.js";
import { formatSteps } from "./steps.js";

export interface LatexLine {
  readonly lhs: string;
  readonly rhs: string;
}

/** The lines of a derivation, ready to align at their `=`. */
export function latexLines(d: Derivation): { lines: LatexLine[]; where: LatexLine[] } {
  const naming = nameDerivation(d, "latex");
  const named = new Renderer("latex", naming.names);
  const lines: LatexLine[] = programLines(d, "latex");
  for (const r of d.derivatives) {
    lines.push(r.index
      ? { lhs: indexLabel(r.index, d.yName, r.wrt, "latex", d.y.graph), rhs: renderIndexTerms(r.index, "latex", named) }
      : { lhs: resultLabel(d, r, "latex"), rhs: named.render(r.result) });
  }
  const where = naming.order.filter((n: Expr) => n !== d.y).map((n) => ({ lhs: naming.names.get(n.id)!, rhs: named.render(n, true) }));
  return { lines, where };
}

/** The lines aligned at their `=`, then the named subexpressions, aligned the same way under "where". */
export function alignedBlock(lines: readonly LatexLine[], where: readonly LatexLine[]): string {
  const rows = lines.map((l) => `${l.lhs} &= ${l.rhs}`);
  where.forEach((w, k) => rows.push(`${k === 0 ? "\\text{where}\\quad " : ""}${w.lhs} &= ${w.rhs}`));
  return `\\begin{aligned}\n${rows.map((r) => `  ${r}`).join(" \\\\\n")}\n\\end{aligned}`;
}

/**
 * The header facts a reader of the formula must not miss, as LaTeX comments
 * (KaTeX and TeX both skip them): shapes a default rule chose and
 * the symmetric-gradient convention.
 */
export function latexHeaderComments(d: Derivation): string[] {
  const defaults = shapesUsed(d).filter((u) => u.origin).map((u) => `${u.name}: ${shapeToString(u.shape)} (${u.origin})`);
  const out = defaults.length ? [`% shapes nobody declared: ${defaults.join(", ")}`] : [];
  const sym = symmetricGradientLabel(d);
  if (sym) out.push(`% ${sym}`);
  return out;
}

export function formatLatex(d: Derivation, options: { standalone?: boolean } = {}): string {
  const { lines, where } = latexLines(d);
  const block = [...latexHeaderComments(d), alignedBlock(lines, where)].join("\n");
  return options.standalone ? standaloneDocument(block) : block;
}

/** The --steps derivation in LaTeX: a document body of sentences and displays, or with `standalone` a whole document. */
export function formatLatexSteps(d: Derivation, options: { standalone?: boolean } = {}): string {
  const body = formatSteps(d, "latex");
  return options.standalone ? paperDocument(body) : body;
}

/** Text-mode LaTeX (sentences and align* displays) as a whole article that compiles on its own; displays may break across pages. */
export function paperDocument(body: string): string {
  return ["\\documentclass{article}", "\\usepackage{amsmath,amssymb}", "\\allowdisplaybreaks", "\\begin{document}", body, "\\end{document}"].join("\n");
}

/** A math block as a whole amsmath document that compiles on its own. */
export function standaloneDocument(block: string): string {
  return [
    "\\documentclass{article}",
    "\\usepackage{amsmath,amssymb}",
    "\\begin{document}",
    "\\[",
    block,
    "\\]",
    "\\end{document}",
  ].join("\n");
}
