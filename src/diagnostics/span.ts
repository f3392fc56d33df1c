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

/**
 * The 1-based line of an offset of `text`, by binary search among its line starts, found once (counting the newlines
 * before each entry from the start would cost the square of the file's length).
 */
export function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => lastAtOrBefore(starts, offset) + 1;
}

/** The index of the last of the ascending `sorted` that is at most `x` (0 when none is), by binary search. */
export function lastAtOrBefore(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A span per small integer key (a graph node's id), kept as two integer arrays instead of an object per key: the
 * table lives as long as a derivation, and its objects and pages (30,000 spans for a 10,000-step recurrence) were
 * 1.6 MB of the 40 MB the derivation keeps, all for the garbage collector to trace. A span is made again when
 * asked for, which only a message does.
 */
export class SpansById {
  // Small at first: a batch keeps the spans of every entry's program (two 4 KB arrays each at 1,024 ids).
  private starts = new Int32Array(64).fill(-1);
  private ends = new Int32Array(64);

  get(id: number): Span | undefined {
    const start = id < this.starts.length ? this.starts[id]! : -1;
    return start < 0 ? undefined : { start, end: this.ends[id]! };
  }

  has(id: number): boolean {
    return id < this.starts.length && this.starts[id]! >= 0;
  }

  set(id: number, s: Span): void {
    if (id >= this.starts.length) {
      const size = Math.max(id + 1, this.starts.length * 2);
      const starts = new Int32Array(size).fill(-1);
      starts.set(this.starts);
      const ends = new Int32Array(size);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[id] = s.start;
    this.ends[id] = s.end;
  }
}
