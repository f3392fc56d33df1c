/**
 * Source spans. Offsets are indices into the JavaScript string the user gave
 * (UTF-16 code units), half-open: [start, end). Line and column are computed
 * only when a message is printed (see diagnostics/format.ts).
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

/** The smallest span covering both. */
export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
