/**
 * Deep parentheses without a deep stack. The generated parser descends
 * once per parenthesis level, so it is given at most NESTING_CHUNK levels
 * at a time: inside every bracket pair that opens a level divisible by
 * NESTING_CHUNK, each comma-separated piece that holds brackets of its own
 * is parsed on its own (innermost first) and stands in its parent's text
 * as the one-letter placeholder Ω. Each tree is then moved to the input's
 * offsets and put where its placeholder was, so the result is the tree one
 * parse of the whole text would give. The work is linear in the length.
 */
import { parse as generatedParse, SyntaxError as GeneratedSyntaxError } from "./generated/parser.js";
import { type Node, assertNever } from "./ast.js";

export type StartRule = "Program" | "Expression" | "ShapeList" | "AssumeList";

/** Levels of parentheses the generated parser handles in one call (each costs it about a dozen stack frames). */
export const NESTING_CHUNK = 200;

const PLACEHOLDER = "Ω";

/** A comma-separated piece inside a split bracket pair: [start, end) with surrounding spaces trimmed. */
interface Piece {
  readonly start: number;
  readonly end: number;
  /** The pieces one split level further in, in text order. */
  readonly inner: Piece[];
  tree?: unknown;
}

/** How a stray or missing bracket is reported when the text is too deep to hand to the parser. */
export interface Unbalanced {
  readonly kind: "stray-close" | "unclosed";
  readonly offset: number;
}

/**
 * Parse `text` from `startRule` as the generated parser would, at any
 * depth. Throws the generated parser's SyntaxError, with offsets into
 * `text`; gives the first bracket that does not pair when the text is too
 * deep to hand to the parser whole.
 */
export function parseNested(text: string, startRule: StartRule): { readonly tree: unknown } | { readonly unbalanced: Unbalanced } {
  const top = splitPieces(text);
  if (!Array.isArray(top)) return { unbalanced: top };
  // One numbering of the nodes across every piece (the grammar reads options.ids).
  const ids = { next: 0 };
  if (top.length === 0) return { tree: generatedParse(text, { startRule, ids }) };
  // Innermost first: every piece's inner pieces are parsed before it.
  const order: Piece[] = [];
  const stack: { piece: Piece; expanded: boolean }[] = top.map((piece) => ({ piece, expanded: false })).reverse();
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.expanded) {
      order.push(entry.piece);
      continue;
    }
    stack.push({ piece: entry.piece, expanded: true });
    for (let i = entry.piece.inner.length - 1; i >= 0; i--) stack.push({ piece: entry.piece.inner[i]!, expanded: false });
  }
  for (const piece of order) piece.tree = parseRegion(text, piece.start, piece.end, piece.inner, "Expression", ids);
  return { tree: parseRegion(text, 0, text.length, top, startRule, ids) };
}

/**
 * The pieces to parse separately, outermost first, or the first bracket
 * that does not pair when the text nests deeper than one chunk.
 */
function splitPieces(text: string): Piece[] | Unbalanced {
  // For each open bracket: where it opened, the commas and brackets at its own level, and the pieces split inside it.
  const open: { at: number; commas: number[]; opens: number[]; inner: Piece[] }[] = [{ at: -1, commas: [], opens: [], inner: [] }];
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28) {
      open[open.length - 1]!.opens.push(i);
      open.push({ at: i, commas: [], opens: [], inner: [] });
      deepest = Math.max(deepest, open.length - 1);
    } else if (c === 0x2c) {
      open[open.length - 1]!.commas.push(i);
    } else if (c === 0x29) {
      if (open.length === 1) {
        if (deepest > NESTING_CHUNK) return { kind: "stray-close", offset: i };
        continue;
      }
      const group = open.pop()!;
      const parent = open[open.length - 1]!;
      const level = open.length; // this pair opened level `level`
      if (level % NESTING_CHUNK !== 0) {
        for (const p of group.inner) parent.inner.push(p);
        continue;
      }
      const bounds = [group.at, ...group.commas, i];
      let next = 0; // group.inner and group.opens are in text order
      let nextOpen = 0;
      for (let k = 0; k + 1 < bounds.length; k++) {
        let start = bounds[k]! + 1;
        let end = bounds[k + 1]!;
        while (start < end && isSpace(text.charCodeAt(start))) start++;
        while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
        const inner: Piece[] = [];
        while (next < group.inner.length && group.inner[next]!.end <= end) inner.push(group.inner[next++]!);
        let bracketed = false;
        while (nextOpen < group.opens.length && group.opens[nextOpen]! < end) bracketed = group.opens[nextOpen++]! >= start || bracketed;
        if (bracketed) parent.inner.push({ start, end, inner });
        else for (const p of inner) parent.inner.push(p);
      }
    }
  }
  if (open.length > 1) {
    if (deepest > NESTING_CHUNK) return { kind: "unclosed", offset: open[open.length - 1]!.at };
    return [];
  }
  return deepest > NESTING_CHUNK ? open[0]!.inner : [];
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0;
}

/**
 * Parse text[start, end) with each inner piece replaced by the placeholder,
 * then move every span to offsets in `text` and put each piece's tree in
 * its placeholder's place.
 */
function parseRegion(text: string, start: number, end: number, inner: readonly Piece[], startRule: StartRule, ids: { next: number }): unknown {
  let masked = "";
  let from = start;
  /** Offsets in `masked` of the placeholders, and how much longer each piece was than its placeholder. */
  const at: number[] = [];
  const extra: number[] = [];
  for (const piece of inner) {
    masked += text.slice(from, piece.start);
    at.push(masked.length);
    extra.push(piece.end - piece.start - PLACEHOLDER.length);
    masked += PLACEHOLDER;
    from = piece.end;
  }
  masked += text.slice(from, end);
  const cumulative: number[] = [];
  extra.reduce((sum, e, k) => (cumulative[k] = sum + e), 0);
  /** The offset in `text` of offset m of `masked`: past every placeholder before m, add what it stood for. */
  /** How many placeholders lie before masked offset m (binary search). */
  const before = (m: number): number => {
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! < m) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const toText = (m: number): number => {
    const k = before(m);
    return start + m + (k > 0 ? cumulative[k - 1]! : 0);
  };
  /** The piece whose placeholder lies in masked[s, e), if any. */
  const pieceWithin = (s: number, e: number): Piece | undefined => {
    const k = before(s);
    return k < at.length && at[k]! < e ? inner[k] : undefined;
  };
  let tree: unknown;
  try {
    tree = generatedParse(masked, { startRule, ids });
  } catch (thrown) {
    if (thrown instanceof GeneratedSyntaxError) {
      const { location } = thrown;
      (thrown as { location: typeof location }).location = {
        ...location,
        start: { ...location.start, offset: toText(location.start.offset) },
        end: { ...location.end, offset: toText(location.end.offset) },
      };
    }
    throw thrown;
  }
  return relocate(tree, toText, pieceWithin);
}

type Span = { start: number; end: number };
const isSpan = (key: string, value: unknown): value is Span => (key === "span" || key.endsWith("Span")) && typeof value === "object" && value !== null;

/** The surface tree's node kinds (syntax/ast.ts): the parts of a tree walked field by field. */
const NODE_KINDS = new Set(["name", "number", "binary", "neg", "transpose", "call"]);
const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && NODE_KINDS.has((value as { kind?: unknown }).kind as string);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Move every span of a freshly parsed tree to offsets in the input and
 * replace each placeholder name by its piece's tree (a parenthesised
 * placeholder keeps the brackets' span, as the grammar does). Expression
 * nodes are walked by kind with an explicit stack (a parse builds each of
 * them once, so none is met twice); the statements and declarations around
 * them field by field, once each (a program's last statement is also its
 * `expr`).
 */
function relocate(tree: unknown, toText: (m: number) => number, pieceWithin: (s: number, e: number) => Piece | undefined): unknown {
  const moved = (span: Span): Span => ({ start: toText(span.start), end: toText(span.end) });
  /** The same move in place, for an expression node's spans: a fresh parse gives every node spans of its own. */
  const move = (span: Span): void => {
    span.start = toText(span.start);
    span.end = toText(span.end);
  };
  /** The piece's tree for a placeholder name, or undefined for any other value. */
  const substitute = (value: unknown): unknown => {
    const node = value as { kind?: string; name?: string; span?: Span } | null;
    if (node === null || typeof node !== "object" || node.kind !== "name" || node.name !== PLACEHOLDER || !node.span) return undefined;
    const piece = pieceWithin(node.span.start, node.span.end);
    if (!piece) return undefined;
    const spanned = moved(node.span);
    const pieceTree = piece.tree as { span: Span };
    return spanned.start === piece.start && spanned.end === piece.end ? pieceTree : { ...pieceTree, span: spanned };
  };
  const nodes: Mutable<Node>[] = [];
  /** `value` in place, or the piece's tree it stands for; a node is queued to have its spans moved. */
  const visit = (value: Node): Node => {
    const replaced = substitute(value);
    if (replaced !== undefined) return replaced as Node;
    nodes.push(value as Mutable<Node>);
    return value;
  };
  const moveNodes = (): void => {
    while (nodes.length > 0) {
      const n = nodes.pop()!;
      move(n.span);
      switch (n.kind) {
        case "name":
        case "number":
          break;
        case "binary":
          move(n.opSpan);
          n.left = visit(n.left);
          n.right = visit(n.right);
          break;
        case "neg":
        case "transpose":
          n.arg = visit(n.arg);
          break;
        case "call": {
          move(n.fnSpan);
          const args = n.args as Node[];
          for (let i = 0; i < args.length; i++) args[i] = visit(args[i]!);
          break;
        }
        default:
          assertNever(n);
      }
    }
  };
  const root = substitute(tree);
  if (root !== undefined) return root;
  if (isNode(tree)) {
    visit(tree);
    moveNodes();
    return tree;
  }
  const seen = new Set<object>();
  const stack: object[] = [tree as object];
  while (stack.length > 0) {
    const holder = stack.pop()! as Record<string, unknown>;
    if (seen.has(holder)) continue;
    seen.add(holder);
    for (const key of Object.keys(holder)) {
      const value = holder[key];
      if (isSpan(key, value)) {
        holder[key] = moved(value);
        continue;
      }
      if (isNode(value)) {
        if (seen.has(value)) continue;
        const kept = visit(value);
        holder[key] = kept;
        seen.add(kept);
        moveNodes();
        continue;
      }
      if (typeof value === "object" && value !== null) stack.push(value);
    }
  }
  return tree;
}
