/**
 * Wrapping long text results: break a right-hand side at its top-level
 * + and − (outside every bracket), continuing under the first term, so a
 * long sum reads one group of terms per line. Works on documents (doc.ts):
 * widths count visible characters, spans are never split. One scan of the
 * text, and widths added up term by term, so wrapping is linear in its length.
 */
import { isMarkerCode, width } from "./doc.js";

const code = (c: string): number => c.charCodeAt(0);
const OPENING = new Set(["(", "[", "{", "⟨"].map(code));
const CLOSING = new Set([")", "]", "}", "⟩"].map(code));
const SIGNS = new Set(["+", "−"].map(code));
const SPACE = code(" ");

/** Split `a + b − (c + d)` into ["a", "+ b", "− (c + d)"], at bracket depth 0 only. */
export function topLevelTerms(rhs: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let depth = 0;
  // The visible character before the previous one, and the previous one (a code unit, where it starts, the depth there).
  let k = 0;
  let olderC = -1;
  let olderAt = -1;
  let previousC = -1;
  let previousAt = -1;
  let previousDepth = 0;
  for (let i = 0; i < rhs.length; i++) {
    const c = rhs.charCodeAt(i);
    // markers are invisible; a low surrogate ends a code point already seen
    if (isMarkerCode(c) || (c >= 0xdc00 && c <= 0xdfff)) continue;
    // the previous character is a cut when it is a sign at depth 0 between two spaces, past the first two characters
    if (c === SPACE && SIGNS.has(previousC) && previousDepth === 0 && olderC === SPACE && k - 1 > 1) {
      parts.push(rhs.slice(start, olderAt));
      start = olderAt + 1;
    }
    if (OPENING.has(c)) depth++;
    else if (CLOSING.has(c)) depth--;
    olderC = previousC;
    olderAt = previousAt;
    previousC = c;
    previousAt = i;
    previousDepth = depth;
    k++;
  }
  parts.push(rhs.slice(start));
  return parts;
}

/** `lhs = rhs`, wrapped to `columns` at top-level sums. */
export function wrapEquation(lhs: string, rhs: string, columns = 100): string[] {
  const head = `${lhs} = `;
  const headWidth = width(head);
  if (headWidth + width(rhs) <= columns) return [head + rhs];
  const terms = topLevelTerms(rhs);
  if (terms.length === 1) return [head + rhs];
  const indent = " ".repeat(headWidth);
  const lines: string[] = [];
  let current = head + terms[0]!;
  let currentWidth = headWidth + width(terms[0]!);
  for (let i = 1; i < terms.length; i++) {
    const t = terms[i]!;
    const termWidth = width(t);
    if (currentWidth + 1 + termWidth > columns) {
      lines.push(current);
      current = indent + t;
      currentWidth = headWidth + termWidth;
    } else {
      current = `${current} ${t}`;
      currentWidth += 1 + termWidth;
    }
  }
  lines.push(current);
  return lines;
}
