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
const CLOSE_CODE = 0xe00f;

/** The opening marker of each role. */
const OPEN: { readonly [R in Role]: string } = Object.fromEntries(ROLES.map((role, k) => [role, String.fromCharCode(OPEN_BASE + k)])) as { [R in Role]: string };

/** `text` as a span of `role`. */
export function span(role: Role, text: string): string {
  return text === "" ? "" : OPEN[role] + text + CLOSE;
}

/** Whether the UTF-16 code unit `c` is a span marker (an opening of some role, or the close). */
export function isMarkerCode(c: number): boolean {
  return c === CLOSE_CODE || (c >= OPEN_BASE && c < OPEN_BASE + ROLES.length);
}

/** Whether a theme styles any role (without one, a document prints as its plain text). */
export function stylesAny(theme: Theme): boolean {
  return ROLES.some((role) => theme[role]);
}

/** How a printer marks a span for `theme`: as `span` does, or not at all when the theme styles nothing (a plain printout). */
export function spanFor(theme: Theme): (role: Role, text: string) => string {
  return stylesAny(theme) ? span : (_role, text) => text;
}

/**
 * Lines that were written without markers, joined: a printout of megabytes is then copied once, by the join. Should a
 * marker have slipped in all the same, it is taken out (see plain), so the text is the same either way.
 */
export function unmarkedLines(lines: readonly string[]): string {
  const text = lines.join("\n");
  for (let i = 0; i < text.length; i++) if (isMarkerCode(text.charCodeAt(i))) return plain(text);
  return text;
}

/** The length of `doc` without its markers (the length of plain(doc)), counted without building it. */
export function unmarkedLength(doc: string): number {
  let markers = 0;
  for (let i = 0; i < doc.length; i++) if (isMarkerCode(doc.charCodeAt(i))) markers++;
  return doc.length - markers;
}

/** Documents longer than this are copied code unit by code unit into one buffer (see plain). */
const LONG_DOC = 4096;
/** Code units turned into a string per call (well under any engine's limit on a call's arguments). */
const CHUNK = 8192;

/** The buffer a long document's code units are gathered in, CHUNK at a time (made on first use). */
let chunkUnits: Uint16Array | undefined;

/**
 * The document's text without its spans' roles. A long one (a whole printout: megabytes, a marker every few
 * characters) is gathered code unit by code unit into one small buffer and turned into a string CHUNK units at a
 * time, instead of joined from a slice per span; the buffer is reused, so a printout of megabytes makes no second
 * copy of itself in fresh memory (each fresh page costs a fault). Code units are copied as they are, so every
 * character, an unpaired surrogate too, survives.
 */
export function plain(doc: string): string {
  if (doc.length > LONG_DOC) return plainChunks(doc);
  let out = "";
  let from = 0;
  for (let i = 0; i < doc.length; i++) {
    if (!isMarkerCode(doc.charCodeAt(i))) continue;
    out += doc.slice(from, i);
    from = i + 1;
  }
  return from === 0 ? doc : out + doc.slice(from);
}

/** `doc` without markers, gathered CHUNK code units at a time (see plain). */
function plainChunks(doc: string): string {
  const units = (chunkUnits ??= new Uint16Array(CHUNK));
  const chunks: string[] = [];
  let n = 0;
  const put = (c: number): void => {
    units[n++] = c;
    if (n === CHUNK) {
      chunks.push(String.fromCharCode.apply(null, units as unknown as number[]));
      n = 0;
    }
  };
  for (let i = 0; i < doc.length; i++) {
    const c = doc.charCodeAt(i);
    if (!isMarkerCode(c)) put(c);
  }
  if (n > 0) chunks.push(String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]));
  return chunks.join("");
}

/** Visible width in code points (every character matdiff prints is one column wide), counted without building anything. */
export function width(doc: string): number {
  let columns = 0;
  for (let i = 0; i < doc.length; i++) {
    const c = doc.charCodeAt(i);
    // a low surrogate is the second half of a code point already counted
    if (!isMarkerCode(c) && !(c >= 0xdc00 && c <= 0xdfff)) columns++;
  }
  return columns;
}

/** Whether `text` is one code point (one character, a surrogate pair included), without spreading it into an array. */
export function isOneCodePoint(text: string): boolean {
  if (text.length === 1) return true;
  if (text.length !== 2) return false;
  const high = text.charCodeAt(0);
  const low = text.charCodeAt(1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

/** How each role looks; a role left out prints as plain text. */
export type Theme = { readonly [R in Role]?: (s: string) => string };

/**
 * Lines of a document joined with newlines and styled (see styled). Without colour they are joined as they are: the
 * printers write a plain printout without markers (see Renderer), and any that slipped in are taken out.
 */
export function styledLines(lines: readonly string[], theme: Theme = {}): string {
  return stylesAny(theme) ? styled(lines.join("\n"), theme) : unmarkedLines(lines);
}

/**
 * The styling step: every span through its role's function, innermost
 * first (so a header that contains a name styles the name, then the whole).
 */
export function styled(doc: string, theme: Theme = {}): string {
  if (!stylesAny(theme)) return plain(doc);
  // Each open span's text so far; plain runs between markers are appended as slices, not character by character.
  const stack: { role: Role | null; text: string }[] = [{ role: null, text: "" }];
  let from = 0;
  for (let i = 0; i < doc.length; i++) {
    const c = doc.charCodeAt(i);
    if (!isMarkerCode(c)) continue;
    const top = stack[stack.length - 1]!;
    top.text += doc.slice(from, i);
    from = i + 1;
    if (c !== CLOSE_CODE) stack.push({ role: ROLES[c - OPEN_BASE]!, text: "" });
    else if (stack.length > 1) {
      const done = stack.pop()!;
      const look = theme[done.role!];
      stack[stack.length - 1]!.text += look ? look(done.text) : done.text;
    }
  }
  stack[stack.length - 1]!.text += doc.slice(from);
  while (stack.length > 1) {
    const open = stack.pop()!;
    stack[stack.length - 1]!.text += open.text;
  }
  return stack[0]!.text;
}
