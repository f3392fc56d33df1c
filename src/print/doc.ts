/**
 * The printers' document: text whose spans carry a semantic role (a name,
 * a function, an operator, a number, a header, a note). Printers lay out
 * the document — align columns, wrap lines — on its visible characters,
 * and colour is applied only at the very end by `styled`, so no layout code
 * ever sees an escape sequence.
 *
 * A span is written inline as OPEN(role) text CLOSE with characters from
 * Unicode's private use area, which never occur in matdiff's input or
 * output (the parser accepts ASCII names); stanza notations compose
 * strings, and spans travel through them unchanged. Spans nest.
 */
export const ROLES = ["name", "function", "operator", "number", "header", "note"] as const;
export type Role = (typeof ROLES)[number];

/** U+E000 + k opens a span of ROLES[k]; U+E00F closes the innermost one. */
const OPEN_BASE = 0xe000;
const CLOSE = "\uE00F";

const roleOf = (ch: string): Role | undefined => {
  const k = ch.charCodeAt(0) - OPEN_BASE;
  return k >= 0 && k < ROLES.length && ch.length === 1 ? ROLES[k] : undefined;
};
const isMarker = (ch: string): boolean => ch === CLOSE || roleOf(ch) !== undefined;

/** `text` as a span of `role`. */
export function span(role: Role, text: string): string {
  return text === "" ? "" : `${String.fromCharCode(OPEN_BASE + ROLES.indexOf(role))}${text}${CLOSE}`;
}

/** The visible characters, one entry per code point, each with the index where it starts in `doc`. */
export function visibleChars(doc: string): { ch: string; at: number }[] {
  const out: { ch: string; at: number }[] = [];
  let at = 0;
  for (const ch of doc) {
    if (!isMarker(ch)) out.push({ ch, at });
    at += ch.length;
  }
  return out;
}

/** The document's text without its spans' roles. */
export function plain(doc: string): string {
  let out = "";
  for (const ch of doc) if (!isMarker(ch)) out += ch;
  return out;
}

/** Visible width in code points (every character matdiff prints is one column wide). */
export function width(doc: string): number {
  return visibleChars(doc).length;
}

/** How each role looks; a role left out prints as plain text. */
export type Theme = { readonly [R in Role]?: (s: string) => string };

/**
 * The styling step: every span through its role's function, innermost
 * first (so a header that contains a name styles the name, then the whole).
 */
export function styled(doc: string, theme: Theme = {}): string {
  const stack: { role: Role | null; text: string }[] = [{ role: null, text: "" }];
  for (const ch of doc) {
    const role = roleOf(ch);
    if (role) stack.push({ role, text: "" });
    else if (ch === CLOSE && stack.length > 1) {
      const done = stack.pop()!;
      const look = theme[done.role!];
      stack[stack.length - 1]!.text += look ? look(done.text) : done.text;
    } else stack[stack.length - 1]!.text += ch;
  }
  while (stack.length > 1) {
    const open = stack.pop()!;
    stack[stack.length - 1]!.text += open.text;
  }
  return stack[0]!.text;
}

/** `doc` padded with spaces to `columns` visible characters. */
export function padEnd(doc: string, columns: number): string {
  return doc + " ".repeat(Math.max(0, columns - width(doc)));
}
