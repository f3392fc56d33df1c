/**
 * The text report: a header with the layout/form and the shapes used, the
 * input with its name, one line per derivative, the named subexpressions
 * (`where t₀ = …`), and notes. Built as a document; styled last.
 */
import type { Derivation } from "../api/derive.js";
import { shapeToString } from "../shapes/shape.js";
import { nameDerivation, programLines } from "./derivation-naming.js";
import { Renderer } from "./render.js";
import { formLabel, resultLabel, shapesLabel, symmetricGradientLabel } from "./labels.js";
import { spellerOf } from "./spelling.js";
import { wrapEquation } from "./wrap.js";
import { indexLabel, renderIndexTerms } from "./index-notation.js";
import { spanFor, stylesAny, styledLines } from "./doc.js";
import { type TextStyle, plainTextStyle, themeOf } from "./text-style.js";

export function formatDerivationText(d: Derivation, style: TextStyle = plainTextStyle): string {
  const theme = themeOf(style);
  // Without colour nothing is marked, so a long printout is not copied again to take its marks out.
  const unmarked = !stylesAny(theme);
  const span = spanFor(theme);
  const lines: string[] = [];
  lines.push(span("header", `${formLabel(d)} · ${shapesLabel(d)}`));
  const symmetric = symmetricGradientLabel(d);
  if (symmetric) lines.push(span("header", symmetric));
  for (const line of programLines(d, "text", true, unmarked)) lines.push(`${line.lhs} = ${line.rhs}`);
  const textName = spellerOf(d.y.graph, "text");
  if (d.upstream) lines.push(`${span("name", textName(d.upstream.name))} = ∂ℓ/∂${textName(d.yName)}, the upstream gradient (${shapeToString(d.upstream.shape)})`);
  const naming = nameDerivation(d, "text");
  const named = new Renderer("text", naming.names, {}, unmarked);
  for (const r of d.derivatives) {
    const wrapped = r.index
      ? wrapEquation(indexLabel(r.index, d.yName, r.wrt, "text", d.y.graph), renderIndexTerms(r.index, "text", named))
      : wrapEquation(resultLabel(d, r, "text"), named.renderDoc(r.result));
    if (!r.index) wrapped[wrapped.length - 1] += `    ${span("note", `(${shapeToString(r.shape)})`)}`;
    for (const line of wrapped) lines.push(line);
  }
  const definitions = naming.order.filter((n) => n !== d.y);
  if (definitions.length) {
    lines.push("where");
    for (const node of definitions) for (const line of wrapEquation(`  ${naming.names.get(node.id)}`, named.renderDoc(node, true))) lines.push(line);
  }
  for (const n of d.notes) lines.push(span("note", `note: ${n}`));
  return styledLines(lines, theme);
}
