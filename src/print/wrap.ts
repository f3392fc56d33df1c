/**
 * Wrapping long text results: break a right-hand side at its top-level
 * + and − (outside every bracket), continuing under the first term, so a
 * long sum reads one group of terms per line. Works on documents (doc.ts):
 * widths count visible characters, spans are never split.
 */
import { visibleChars, width } from "./doc.js";

/** Split `a + b − (c + d)` into ["a", "+ b", "− (c + d)"], at bracket depth 0 only. */
export function topLevelTerms(rhs: string): string[] {
  const visible = visibleChars(rhs);
  const cuts: number[] = [];
  let depth = 0;
  visible.forEach(({ ch }, k) => {
    if ("([{⟨".includes(ch)) depth++;
    else if (")]}⟩".includes(ch)) depth--;
    else if (depth === 0 && (ch === "+" || ch === "−") && visible[k - 1]?.ch === " " && visible[k + 1]?.ch === " " && k > 1) {
      cuts.push(visible[k - 1]!.at);
    }
  });
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(rhs.slice(start, cut));
    start = cut + 1;
  }
  parts.push(rhs.slice(start));
  return parts;
}

/** `lhs = rhs`, wrapped to `columns` at top-level sums. */
export function wrapEquation(lhs: string, rhs: string, columns = 100): string[] {
  const head = `${lhs} = `;
  if (width(head + rhs) <= columns) return [head + rhs];
  const terms = topLevelTerms(rhs);
  if (terms.length === 1) return [head + rhs];
  const indent = " ".repeat(width(head));
  const lines: string[] = [];
  let current = head + terms[0]!;
  for (const t of terms.slice(1)) {
    if (width(`${current} ${t}`) > columns) {
      lines.push(current);
      current = indent + t;
    } else {
      current = `${current} ${t}`;
    }
  }
  lines.push(current);
  return lines;
}
