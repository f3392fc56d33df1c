/**
 * Wrapping long text results: break a right-hand side at its top-level
 * + and − (outside every bracket), continuing under the first term, so a
 * long sum reads one group of terms per line.
 */
const ANSI = /\u001b\[[0-9;]*m/g;

export const visibleLength = (s: string): number => [...s.replace(ANSI, "")].length;

/**
 * Split `a + b − (c + d)` into ["a", "+ b", "− (c + d)"], at bracket depth 0
 * only. Colour escapes are skipped while scanning, so coloured and plain text
 * split at the same places.
 */
export function topLevelTerms(rhs: string): string[] {
  // Visible characters with the raw index where each starts.
  const visible: { ch: string; at: number }[] = [];
  for (let i = 0; i < rhs.length; ) {
    if (rhs[i] === "\u001b") {
      const m = /^\u001b\[[0-9;]*m/.exec(rhs.slice(i));
      i += m ? m[0].length : 1;
      continue;
    }
    const cp = rhs.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    visible.push({ ch, at: i });
    i += ch.length;
  }
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
