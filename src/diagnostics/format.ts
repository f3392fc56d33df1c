/**
 * Renders a Diagnostic as text:
 *
 *   error: <message>
 *     in <origin>:            (only when the origin is not "expression")
 *     <the source line holding the span>
 *     <carets under the span>
 *     note: <message>         (a note with a span adds its own source and caret lines)
 *     help: <advice>
 *
 * Columns count code points, so ⊙ or ᵀ take one column each. A line longer
 * than WINDOW_WIDTH columns is shown as a window around the span, with '…'
 * on each cut side. Multi-line inputs show the line holding the span and name
 * its number. Colour comes only from the Style; the default adds none.
 */
import type { Diagnostic } from "./diagnostic.js";
import { type Span, lineFinder } from "./span.js";

export interface Style {
  error(s: string): string;
  warning(s: string): string;
  caret(s: string): string;
  note(s: string): string;
  bold(s: string): string;
}

const identity = (s: string): string => s;

export const plainStyle: Style = { error: identity, warning: identity, caret: identity, note: identity, bold: identity };

const WINDOW_WIDTH = 100;
/** Columns of context kept before the span when a long line is cut. */
const CONTEXT_BEFORE = 30;
/** Code units read on either side of the span before windowing, so huge lines stay cheap. */
const SLICE_REACH = 4 * WINDOW_WIDTH;

export function formatDiagnostic(d: Diagnostic, style: Style = plainStyle): string {
  const label = d.severity === "error" ? style.error("error") : style.warning("warning");
  const lines = [`${label}: ${style.bold(d.message)}`];
  if (d.span && d.text !== undefined) {
    const excerpt = sourceExcerpt(d.text, d.span, "  ", style);
    const lineLabel = excerpt.multiline ? `, line ${excerpt.lineNumber}` : "";
    const origin = d.origin ?? "expression";
    if (origin !== "expression" || excerpt.multiline) lines.push(`  in ${origin}${lineLabel}:`);
    lines.push(...excerpt.lines);
  }
  for (const note of d.notes) {
    lines.push(`  ${style.note("note")}: ${note.message}`);
    if (note.span && d.text !== undefined) {
      const excerpt = sourceExcerpt(d.text, note.span, "    ", style);
      if (excerpt.multiline) lines.push(`    line ${excerpt.lineNumber}:`);
      lines.push(...excerpt.lines);
    }
  }
  if (d.help) lines.push(`  ${style.note("help")}: ${d.help}`);
  return lines.join("\n");
}

export function formatDiagnostics(ds: readonly Diagnostic[], style: Style = plainStyle): string {
  return ds.map((d) => formatDiagnostic(d, style)).join("\n\n");
}

interface Excerpt {
  readonly lines: [string, string];
  readonly lineNumber: number;
  readonly multiline: boolean;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

function isLowSurrogate(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The source line holding `where.start` and a caret line under the span. */
function sourceExcerpt(text: string, where: Span, indent: string, style: Style): Excerpt {
  const start = clamp(where.start, 0, text.length);
  const end = clamp(where.end, start, text.length);
  const lineStart = start === 0 ? 0 : text.lastIndexOf("\n", start - 1) + 1;
  const newline = text.indexOf("\n", start);
  let lineEnd = newline === -1 ? text.length : newline;
  if (lineEnd > lineStart && text[lineEnd - 1] === "\r") lineEnd--;

  // Cut the line to a bounded slice around the span (not splitting a surrogate pair).
  let sliceStart = Math.max(lineStart, start - SLICE_REACH);
  let sliceEnd = Math.min(lineEnd, start + SLICE_REACH);
  if (sliceStart > lineStart && isLowSurrogate(text, sliceStart)) sliceStart++;
  if (sliceEnd < lineEnd && isLowSurrogate(text, sliceEnd)) sliceEnd++;
  const insideEnd = Math.min(end, sliceEnd);
  const before = Array.from(text.slice(sliceStart, start));
  const inside = Array.from(text.slice(start, insideEnd));
  const after = Array.from(text.slice(insideEnd, sliceEnd));
  const characters = [...before, ...inside, ...after].map((c) => (c === "\t" || c === "\r" ? " " : c));

  const spanStart = before.length;
  const spanEnd = before.length + inside.length;
  let windowStart = 0;
  let windowEnd = characters.length;
  if (characters.length > WINDOW_WIDTH) {
    windowStart = Math.max(0, spanStart - CONTEXT_BEFORE);
    windowEnd = Math.min(characters.length, windowStart + WINDOW_WIDTH);
    windowStart = Math.max(0, windowEnd - WINDOW_WIDTH);
  }
  const cutLeft = windowStart > 0 || sliceStart > lineStart;
  const cutRight = windowEnd < characters.length || sliceEnd < lineEnd;
  const shown = (cutLeft ? "…" : "") + characters.slice(windowStart, windowEnd).join("") + (cutRight ? "…" : "");

  const caretColumn = (cutLeft ? 1 : 0) + spanStart - windowStart;
  const caretCount = Math.max(1, Math.min(spanEnd, windowEnd) - spanStart);
  const carets = style.caret("^".repeat(caretCount));
  const multiline = text.includes("\n");
  return {
    lines: [`${indent}${shown}`, `${indent}${" ".repeat(caretColumn)}${carets}`],
    lineNumber: multiline ? lineFinder(text)(start) : 1,
    multiline,
  };
}
