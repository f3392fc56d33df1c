/**
 * The text report: a header with the layout/form and the shapes used, the
 * input with its name, one line per derivative, the named subexpressions
 * (`where t₀ = …`), and notes.
 */
import type { Derivation } from "../api/derive.js";
import { shapeToString } from "../shapes/shape.js";
import { nameDerivation } from "./derivation-naming.js";
import { Renderer, type Style, noStyle } from "./render.js";
import { formLabel, resultLabel, shapesLabel } from "./labels.js";
import { textName } from "./leaves.js";
import { wrapEquation } from "./wrap.js";
import { indexLabel, renderIndexTerms } from "./index-notation.js";

export interface TextStyle extends Style {
  header(s: string): string;
  note(s: string): string;
}

export const plainTextStyle: TextStyle = { ...noStyle, header: (s) => s, note: (s) => s };

export function formatDerivationText(d: Derivation, style: TextStyle = plainTextStyle): string {
  const lines: string[] = [];
  lines.push(style.header(`${formLabel(d)} · ${shapesLabel(d)}`));
  const plain = new Renderer("text", new Map(), style);
  lines.push(`${textName(d.yName)} = ${plain.render(d.y)}`);
  if (d.upstream) lines.push(`${style.name(textName(d.upstream.name))} = ∂ℓ/∂${textName(d.yName)}, the upstream gradient (${shapeToString(d.upstream.shape)})`);
  const naming = nameDerivation(d, "text");
  const named = new Renderer("text", naming.names, style);
  for (const r of d.derivatives) {
    const wrapped = r.index
      ? wrapEquation(indexLabel(r.index, d.yName, r.wrt, "text"), renderIndexTerms(r.index, "text", named))
      : wrapEquation(resultLabel(d, r, "text"), named.render(r.result));
    if (!r.index) wrapped[wrapped.length - 1] += `    ${style.note(`(${shapeToString(r.shape)})`)}`;
    lines.push(...wrapped);
  }
  const definitions = naming.order.filter((n) => n !== d.y);
  if (definitions.length) {
    lines.push("where");
    for (const node of definitions) lines.push(...wrapEquation(`  ${naming.names.get(node.id)}`, named.render(node, true)));
  }
  for (const n of d.notes) lines.push(style.note(`note: ${n}`));
  return lines.join("\n");
}
