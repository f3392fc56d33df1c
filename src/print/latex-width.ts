/**
 * LaTeX math measured and broken for a page: how wide a formula typesets
 * (roughly, in italic letters), and where it may be cut (top-level sums,
 * spaces between factors, anywhere outside braces), so that displays fit
 * the text width of an article.
 */

/** Top-level positions in LaTeX math: outside braces and \left…\right pairs. */
function depthScan(s: string, visit: (i: number, depth: number) => boolean | void): void {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith("\\left", i) && !/[a-z]/i.test(s[i + 5] ?? "")) { depth++; i += 4; continue; }
    if (s.startsWith("\\right", i) && !/[a-z]/i.test(s[i + 6] ?? "")) { depth--; i += 5; continue; }
    const ch = s[i]!;
    if (ch === "\\") { if (visit(i, depth)) return; i++; continue; }
    if (ch === "{") depth++;
    else if (ch === "}") depth--;
    else if (visit(i, depth)) return;
  }
}

/** Split math at its top-level + and − (keeping the sign with the term after it). */
export function latexTerms(s: string): string[] {
  const cuts: number[] = [];
  depthScan(s, (i, depth) => {
    if (depth === 0 && (s[i] === "+" || s[i] === "-") && s[i - 1] === " " && s[i + 1] === " ") cuts.push(i);
  });
  const parts: string[] = [];
  let start = 0;
  for (const c of cuts) {
    parts.push(s.slice(start, c).trim());
    start = c;
  }
  parts.push(s.slice(start).trim());
  return parts.filter(Boolean);
}

/** Split math at its top-level spaces between factors (not around a binary operator). */
export function latexFactors(s: string): string[] {
  const cuts: number[] = [];
  const binary = /^(?:[-+=,]|\\(?:odot|otimes|oslash|cdot|times)\b)/;
  depthScan(s, (i, depth) => {
    if (depth !== 0 || s[i] !== " ") return;
    const before = s.slice(0, i).trimEnd();
    const after = s.slice(i + 1);
    if (!binary.test(after) && !/(?:[-+=,(]|\\(?:odot|otimes|oslash|cdot|times))$/.test(before) && before.length) cuts.push(i);
  });
  const parts: string[] = [];
  let start = 0;
  for (const c of cuts) {
    parts.push(s.slice(start, c).trim());
    start = c + 1;
  }
  parts.push(s.slice(start).trim());
  return parts.filter(Boolean);
}

const WIDE_COMMANDS: Record<string, number> = {
  odot: 2.2, otimes: 2.2, oslash: 2.2, cdot: 1.6, times: 2.2, langle: 0.7, rangle: 0.7, quad: 1.8, qquad: 3.6, partial: 1, nabla: 1.3,
  ell: 0.8, sum: 1.6, top: 1, sigma: 1, lfloor: 0.6, rfloor: 0.6, bmod: 2.5, delta: 0.9,
};

/** The width of one character outside a command, in units of one italic letter. */
function charWidth(ch: string): number {
  if (ch === "=" || ch === "+" || ch === "-") return 2.2;
  if (ch === "(" || ch === ")" || ch === "," || ch === "|") return 0.6;
  if (ch === "{" || ch === "}" || ch === " " || ch === "&" || ch === "^" || ch === "_" || ch === "") return 0;
  return 1;
}

/** A brace group being measured: its width so far, the bare braces open inside it, and what its width adds to. */
interface Measured {
  w: number;
  braces: number;
  readonly close: (w: number) => void;
}

/**
 * Roughly how wide math typesets, in units of one italic letter (about 5.5 pt at 10 pt): a superscript or
 * subscript counts 0.7 of its width, a fraction the wider of its two parts. One pass over the text with a stack of
 * the groups open (nested fractions and scripts at any depth, each character read once).
 */
export function latexWidth(s: string): number {
  let total = 0;
  const open: Measured[] = [{ w: 0, braces: 0, close: (w) => { total = w; } }];
  let i = 0;
  const skipSpaces = (from: number): number => {
    let k = from;
    while (s[k] === " ") k++;
    return k;
  };
  /** Whether a } here closes the innermost group open (rather than a bare brace inside it, or nothing). */
  const closesGroup = (): boolean => open.length > 1 && open[open.length - 1]!.braces === 0;
  /** A group's body starting at `at` (after spaces): a brace group is measured as the scan goes on, a single character at once. */
  const part = (at: number, then: (w: number) => void): void => {
    const k = skipSpaces(at);
    if (s[k] === "{") {
      open.push({ w: 0, braces: 0, close: then });
      i = k + 1;
    } else if (k >= s.length || (s[k] === "}" && closesGroup())) {
      // no argument before the group closes: an empty one (the brace is the group's)
      i = k;
      then(0);
    } else {
      i = k + 1;
      then(charWidth(s[k] ?? ""));
    }
  };
  while (i < s.length) {
    const top = open[open.length - 1]!;
    const ch = s[i]!;
    if (ch === "}") {
      i++;
      if (top.braces > 0) top.braces--;
      else if (open.length > 1) {
        open.pop();
        top.close(top.w);
      }
      continue;
    }
    if (ch === "{") {
      top.braces++;
      i++;
      continue;
    }
    if (ch === "\\") {
      const name = commandName(s, i + 1) ?? s[i + 1] ?? "";
      i += 1 + name.length;
      if (name === "," || name === ":" || name === ";") top.w += 0.3;
      else if (name === " ") top.w += 0.5;
      // \frac{num}{den}: the wider part, and a little for the bar
      else if (name === "frac") part(i, (num) => part(i, (den) => { top.w += Math.max(num, den) + 0.4; }));
      else if (name === "mathrm" || name === "operatorname" || name === "text" || name === "mathbf") {
        // upright text: by its characters, whatever they are
        const k = skipSpaces(i);
        // no argument before the group closes: an empty one
        const empty = s[k] === "}" && closesGroup();
        let body = empty ? "" : s[k] ?? "";
        let end = empty ? k : k + 1;
        if (s[k] === "{") {
          // to the matching brace, or to the end when there is none
          let depth = 0;
          let close = s.length;
          for (let j = k; j < s.length; j++) {
            if (s[j] === "\\") { j++; continue; }
            if (s[j] === "{") depth++;
            else if (s[j] === "}" && --depth === 0) { close = j; break; }
          }
          body = s.slice(k + 1, close);
          end = Math.min(close + 1, s.length);
        }
        top.w += [...body].length * (name === "mathrm" && body === "d" ? 1 : 0.85) + (name === "operatorname" ? 0.3 : 0);
        i = end;
      } else if (name === "left" || name === "right" || name === "big" || name === "bigl" || name === "bigr") top.w += 0;
      else top.w += WIDE_COMMANDS[name] ?? 1;
      continue;
    }
    if (ch === "^" || ch === "_") {
      const next = s[i + 1];
      if (next === "{") {
        open.push({ w: 0, braces: 0, close: (w) => { top.w += 0.7 * w; } });
        i += 2;
      } else if (next === undefined || (next === "}" && closesGroup())) {
        // an empty script before the group closes
        i += 1;
      } else if (next === "\\") {
        // a script that is one command: its width alone
        const name = commandName(s, i + 2) ?? "";
        top.w += 0.7 * commandAlone(name);
        i += 2 + name.length;
      } else {
        top.w += 0.7 * charWidth(next ?? "");
        i += 2;
      }
      continue;
    }
    top.w += charWidth(ch);
    i++;
  }
  while (open.length > 1) {
    const g = open.pop()!;
    g.close(g.w);
  }
  open[0]!.close(open[0]!.w);
  return total;
}

const COMMAND_NAME = /[A-Za-z]+/y;

/** The letters of a command's name starting at `at`, or undefined when there are none. */
function commandName(s: string, at: number): string | undefined {
  COMMAND_NAME.lastIndex = at;
  return COMMAND_NAME.exec(s)?.[0];
}

/** The width of a command with nothing after it (a script that is one command, \top). */
function commandAlone(name: string): number {
  if (name === "frac") return 0.4;
  if (name === "operatorname") return 0.3;
  if (name === "mathrm" || name === "text" || name === "mathbf" || name === "left" || name === "right" || name === "big" || name === "bigl" || name === "bigr") return 0;
  return WIDE_COMMANDS[name] ?? 1;
}

/**
 * Math too wide for one row, as rows: brackets become plain ( ) and ⟨ ⟩ so
 * that a row may end inside them, and the formula is cut at spaces outside
 * braces, each binary operator starting the row after the cut.
 */
export function breakAnywhere(s: string, room: number): string[] {
  const flat = s.replace(/\\left\\langle /g, "\\langle ").replace(/\\right\\rangle/g, "\\rangle").replace(/,\\ /g, ", ")
    .replace(/\\left([([|])/g, "$1").replace(/\\right([)\]|])/g, "$1");
  const tokens: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of flat) {
    if (ch === "{") depth++;
    else if (ch === "}") depth--;
    if (ch === " " && depth === 0) {
      if (current) tokens.push(current);
      current = "";
    } else current += ch;
  }
  if (current) tokens.push(current);
  const binary = /^(?:[-+=]|\\(?:odot|otimes|oslash|cdot|times))$/;
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) words.push(binary.test(tokens[i]!) && i + 1 < tokens.length ? `${tokens[i]} ${tokens[++i]}` : tokens[i]!);
  return fillRows(words, room);
}

/** Pieces of math joined into rows, each as full as `room` allows. */
export function fillRows(pieces: readonly string[], room: number): string[] {
  const rows: string[] = [];
  let row = "";
  for (const piece of pieces) {
    if (row && latexWidth(`${row} ${piece}`) > room) {
      rows.push(row);
      row = piece;
    } else row = row ? `${row} ${piece}` : piece;
  }
  rows.push(row);
  return rows;
}
