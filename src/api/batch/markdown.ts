/**
 * The fenced code blocks of a Markdown document, found where CommonMark
 * (spec 0.31) finds them: at the top level, in block quotes and in list
 * items, and never inside another code block. Only the structure that
 * decides where a fence can stand is followed: block quotes, list items,
 * paragraphs (their lazy continuation lines), fenced and indented code,
 * headings and thematic breaks. Raw HTML blocks are read as paragraphs.
 */
import { lastAtOrBefore } from "../../diagnostics/span.js";

/** A fenced code block: where it opens, its info string and its text. */
export interface FencedBlock {
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string, trimmed; its first word names the language. */
  readonly info: string;
  /**
   * The content lines, each ended by "\n", without block-quote markers, list indentation and the fence's own
   * indentation; tabs read as spaces up to the next multiple of 4 columns.
   */
  readonly body: string;
  /** The document offset of a position in `body` (for an error inside the block). */
  readonly offsetOf: (position: number) => number;
}

/**
 * The most block quotes and list items a line is read as nested in; a deeper marker is text, so that no file makes
 * every line walk millions of open containers.
 */
export const MAX_DEPTH = 100;

/**
 * The rest of a line, past MAX_DEPTH containers, that would open a fence inside more quotes or list items, with its
 * info string: the fence is not read, and the line is listed (tooDeep) so that the caller can say so.
 */
const DEEP_FENCE = /^ {0,3}(?:(?:>|[-+*]|\d{1,9}[.)]) *)+(?:`{3,}|~{3,})(.*)$/;

/** A fence nested past MAX_DEPTH containers: its line and info string. */
export interface DeepFence {
  readonly line: number;
  readonly info: string;
}

/** One line of the document, without its line ending. */
interface Line {
  readonly number: number;
  /** Offset of the line's first character in the document. */
  readonly start: number;
  readonly raw: string;
  /** The line with each tab expanded to the next multiple of 4 columns, as CommonMark reads indentation. */
  readonly cols: string;
}

type Container = { readonly kind: "quote" } | { readonly kind: "item"; readonly width: number; filled: boolean };

interface ContentLine {
  readonly line: Line;
  /** Column of `cols` where the content starts. */
  readonly col: number;
  readonly text: string;
}

interface OpenFence {
  readonly kind: "fence";
  readonly char: string;
  readonly length: number;
  readonly indent: number;
  readonly line: Line;
  readonly info: string;
  readonly lines: ContentLine[];
}

type Leaf = { readonly kind: "none" | "paragraph" | "indented" } | OpenFence;

const NONE: Leaf = { kind: "none" };

/** What the rest of a line starts inside its innermost container. */
type LeafKind = "blank" | "fence" | "indented" | "paragraph" | "none";

/** A line with its tabs as CommonMark reads them where they make indentation: spaces up to the next multiple of 4 columns. */
function expandTabs(raw: string): string {
  if (!raw.includes("\t")) return raw;
  let out = "";
  for (const ch of raw) out += ch === "\t" ? " ".repeat(4 - (out.length % 4)) : ch;
  return out;
}

/** The document offset of a column of a line (its end when the column is past it). */
function offsetIn(line: Line, col: number): number {
  if (col >= line.cols.length) return line.start + line.raw.length;
  if (line.cols === line.raw) return line.start + col;
  let at = 0;
  for (let i = 0; i < line.raw.length; i++) {
    const width = line.raw[i] === "\t" ? 4 - (at % 4) : 1;
    if (at + width > col) return line.start + i;
    at += width;
  }
  return line.start + line.raw.length;
}

/** How many spaces stand at `at`. */
function spaces(s: string, at: number): number {
  let n = 0;
  while (s[at + n] === " ") n++;
  return n;
}

/**
 * Where a line holds a thematic break: at p, three or more of one of `-`, `*`, `_` and only spaces besides. The last
 * place holding another character is found once per line and character, so a line of many list markers stays linear.
 */
function thematicBreaks(s: string): (p: number) => boolean {
  const lastOther = new Map<string, number>();
  return (p) => {
    const c = s[p];
    if (c !== "-" && c !== "*" && c !== "_") return false;
    if (!lastOther.has(c)) {
      let k = s.length - 1;
      while (k >= 0 && (s[k] === c || s[k] === " ")) k--;
      lastOther.set(c, k);
    }
    if (lastOther.get(c)! >= p) return false;
    let marks = 0;
    for (let k = p; k < s.length && marks < 3; k++) if (s[k] === c) marks++;
    return marks >= 3;
  };
}

const BULLET = /[-+*]|(\d{1,9})[.)]/y;

/**
 * The list item a line opens at `at`, with the column its content starts at. `interrupting`: the line would end an
 * open paragraph, which only an item with content can do, and of ordered items only one numbered 1.
 */
function listItem(s: string, at: number, interrupting: boolean): { container: Container; content: number } | null {
  const p = at + spaces(s, at);
  BULLET.lastIndex = p;
  const marker = BULLET.exec(s);
  if (!marker) return null;
  const end = p + marker[0].length;
  if (end < s.length && s[end] !== " ") return null;
  const after = spaces(s, end);
  const blank = end + after === s.length;
  if (interrupting && (blank || (marker[1] !== undefined && Number(marker[1]) !== 1))) return null;
  // One space after the marker belongs to it when the item is empty or its content is indented code (5 or more spaces).
  const padding = blank || after >= 5 ? 1 : after;
  const content = Math.min(end + padding, s.length);
  return { container: { kind: "item", width: end + padding - at, filled: !blank }, content };
}

/** The opening fence at `at`: three or more backticks or tildes after at most 3 spaces; a backtick fence's info has no backtick. */
function fenceAt(s: string, at: number): { char: string; length: number; indent: number; info: string } | null {
  const indent = spaces(s, at);
  const p = at + indent;
  const char = s[p];
  if (indent > 3 || (char !== "`" && char !== "~")) return null;
  let length = 0;
  while (s[p + length] === char) length++;
  if (length < 3) return null;
  const info = s.slice(p + length).trim();
  return char === "`" && info.includes("`") ? null : { char, length, indent, info };
}

/** A closing fence for `f` at `at`: at most 3 spaces, at least as many of the same character, then only spaces. */
function closes(f: OpenFence, s: string, at: number): boolean {
  const indent = spaces(s, at);
  if (indent > 3) return false;
  let n = 0;
  while (s[at + indent + n] === f.char) n++;
  const end = at + indent + n;
  return n >= f.length && end + spaces(s, end) === s.length;
}

const HEADING = /#{1,6}(?: |$)/y;
const SETEXT_UNDERLINE = /(?:=+|-+) *$/y;

/**
 * What the rest of a line starts at `at`. `paragraphTip`: the open leaf is a paragraph (text indented 4 or more then
 * continues it); `paragraphHere`: that paragraph is in the innermost container the line reached (a `===` or `---` line
 * then underlines it).
 */
function leafKind(s: string, at: number, paragraphTip: boolean, paragraphHere: boolean, isBreak: (p: number) => boolean): LeafKind {
  const indent = spaces(s, at);
  const p = at + indent;
  if (p === s.length) return "blank";
  if (indent >= 4) return paragraphTip ? "paragraph" : "indented";
  if (fenceAt(s, at)) return "fence";
  HEADING.lastIndex = p;
  SETEXT_UNDERLINE.lastIndex = p;
  if (HEADING.test(s) || (paragraphHere && SETEXT_UNDERLINE.test(s)) || isBreak(p)) return "none";
  return "paragraph";
}

/** Where a line goes on in an open container after `at`: the column after it, or -1 when the container ends. */
function continued(c: Container, s: string, at: number): number {
  const indent = spaces(s, at);
  if (c.kind === "quote") {
    if (indent > 3 || s[at + indent] !== ">") return -1;
    // the marker and the one space that may follow it
    return at + indent + 1 + (s[at + indent + 1] === " " ? 1 : 0);
  }
  // a blank line goes on in an item, unless the item holds nothing yet (an item may begin with at most one blank line)
  if (at + indent === s.length) return c.filled ? s.length : -1;
  return indent >= c.width ? at + c.width : -1;
}

/** The block a closed fence made: its text, and a map from positions in that text back to the document. */
function blockOf(f: OpenFence): FencedBlock {
  const starts: number[] = [];
  let body = "";
  for (const l of f.lines) {
    starts.push(body.length);
    body += `${l.text}\n`;
  }
  const offsetOf = (position: number): number => {
    if (!f.lines.length) return offsetIn(f.line, f.line.cols.length);
    // the last content line starting at or before position
    const lo = lastAtOrBefore(starts, position);
    const l = f.lines[lo]!;
    return offsetIn(l.line, l.col + Math.max(0, position - starts[lo]!));
  };
  return { line: f.line.number, info: f.info, body, offsetOf };
}

/** Reads a document line by line, keeping its open containers and the leaf block open in the innermost. */
class Scanner {
  readonly blocks: FencedBlock[] = [];
  /** Fences nested past MAX_DEPTH containers, which are not read. */
  readonly tooDeep: DeepFence[] = [];
  private readonly open: Container[] = [];
  private leaf: Leaf = NONE;

  read(line: Line): void {
    const s = line.cols;
    let at = 0;
    let kept = 0;
    for (const c of this.open) {
      const next = continued(c, s, at);
      if (next < 0) break;
      at = next;
      kept++;
    }
    const all = kept === this.open.length;
    const leaf = this.leaf;
    // Inside an open fence every line is content, until a closing fence or the end of its container.
    if (all && leaf.kind === "fence") {
      if (closes(leaf, s, at)) this.endLeaf();
      else {
        const col = at + Math.min(leaf.indent, spaces(s, at));
        leaf.lines.push({ line, col, text: s.slice(col) });
      }
      return;
    }
    const paragraphOpen = leaf.kind === "paragraph";
    const isBreak = thematicBreaks(s);
    const fresh: Container[] = [];
    while (kept + fresh.length < MAX_DEPTH) {
      const indent = spaces(s, at);
      if (indent >= 4 || isBreak(at + indent)) break;
      if (s[at + indent] === ">") {
        at += indent + 1 + (s[at + indent + 1] === " " ? 1 : 0);
        fresh.push({ kind: "quote" });
        continue;
      }
      const item = listItem(s, at, all && paragraphOpen && fresh.length === 0);
      if (!item) break;
      fresh.push(item.container);
      at = item.content;
    }
    const deep = kept + fresh.length >= MAX_DEPTH ? DEEP_FENCE.exec(s.slice(at)) : null;
    if (deep) this.tooDeep.push({ line: line.number, info: deep[1]!.trim() });
    const tip = paragraphOpen && fresh.length === 0;
    const kind = leafKind(s, at, tip, tip && all, isBreak);
    // A lazy continuation line: text that goes on with the open paragraph though its quote or item did not continue.
    if (!all && tip && kind === "paragraph") return;
    if (!all) this.closeFrom(kept);
    for (const c of fresh) this.adopt(c);
    this.place(kind, s, at, line);
  }

  end(): void {
    this.closeFrom(0);
    this.endLeaf();
  }

  /** A new container inside the innermost one, which ends that one's leaf block. */
  private adopt(c: Container): void {
    this.endLeaf();
    const top = this.open[this.open.length - 1];
    if (top?.kind === "item") top.filled = true;
    this.open.push(c);
  }

  /** The leaf block a line's rest starts, or goes on with, in the innermost container. */
  private place(kind: LeafKind, s: string, at: number, line: Line): void {
    const top = this.open[this.open.length - 1];
    if (kind !== "blank" && top?.kind === "item") top.filled = true;
    if (kind === "blank") {
      if (this.leaf.kind === "paragraph") this.leaf = NONE;
    } else if (kind === "fence") {
      this.endLeaf();
      this.leaf = { kind: "fence", ...fenceAt(s, at)!, line, lines: [] };
    } else if (kind === "none" || this.leaf.kind !== kind) {
      this.endLeaf();
      this.leaf = kind === "none" ? NONE : { kind };
    }
  }

  /** Closes the containers from `depth` on, and the leaf block inside them. */
  private closeFrom(depth: number): void {
    if (depth >= this.open.length) return;
    this.endLeaf();
    this.open.length = depth;
  }

  /** Ends the open leaf block; a fence ended so becomes a block. */
  private endLeaf(): void {
    // A fence still open when its container or the document ends closes there (CommonMark).
    if (this.leaf.kind === "fence") this.blocks.push(blockOf(this.leaf));
    this.leaf = NONE;
  }
}

/** Every fenced code block of a Markdown document, in order. */
export function fencedBlocks(text: string): readonly FencedBlock[] {
  return scanFences(text).blocks;
}

/** The fenced code blocks of a Markdown document, and the fences nested too deeply to be read. */
export function scanFences(text: string): { readonly blocks: readonly FencedBlock[]; readonly tooDeep: readonly DeepFence[] } {
  const scanner = new Scanner();
  let start = 0;
  const pieces = text.split("\n");
  // a line ending at the very end of the document does not begin another line
  if (pieces.length > 1 && pieces[pieces.length - 1] === "") pieces.pop();
  pieces.forEach((piece, i) => {
    const raw = piece.endsWith("\r") ? piece.slice(0, -1) : piece;
    scanner.read({ number: i + 1, start, raw, cols: expandTabs(raw) });
    start += piece.length + 1;
  });
  scanner.end();
  return scanner;
}
