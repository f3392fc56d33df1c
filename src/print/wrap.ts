/**
 * Wrapping long text results: break a right-hand side at its top-level
 * + and − (outside every bracket), continuing under the first term, so a
 * long sum reads one group of terms per line.
 */
const ANSI = /\u001b\[[0-9;]*m/g;

export const visibleLength = (s: string): number => [...s.replace(ANSI, "")].length;

/** Split `a + b − (c + d)` into ["a", "+ b", "− (c + d)"], at bracket depth 0 only. */
export function topLevelTerms(rhs: string): string[] {
  const plain = rhs.replace(ANSI, "");
  if (plain !== rhs) return [rhs];
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < rhs.length; i++) {
    const ch = rhs[i]!;
    if ("([{⟨‖".includes(ch)) depth += ch === "‖" ? 0 : 1;
    else if (")]}⟩".includes(ch)) depth--;
    else if (depth === 0 && (ch === "+" || ch === "−") && rhs[i - 1] === " " && rhs[i + 1] === " " && i > start) {
      parts.push(rhs.slice(start, i - 1));
      start = i;
    }
  }
  parts.push(rhs.slice(start));
  return parts;
}

/** `lhs = rhs`, wrapped to `width` columns at top-level sums. */
export function wrapEquation(lhs: string, rhs: string, width = 100): string[] {
  const head = `${lhs} = `;
  if (visibleLength(head + rhs) <= width) return [head + rhs];
  const terms = topLevelTerms(rhs);
  if (terms.length === 1) return [head + rhs];
  const indent = " ".repeat(visibleLength(head));
  const lines: string[] = [];
  let current = head + terms[0]!;
  for (const t of terms.slice(1)) {
    if (visibleLength(`${current} ${t}`) > width) {
      lines.push(current);
      current = indent + t;
    } else {
      current = `${current} ${t}`;
    }
  }
  lines.push(current);
  return lines;
}
