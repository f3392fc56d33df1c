/**
 * The renderer shared by every format: walks the graph once, asks the
 * dialect for each operator's notation, and adds parentheses from the
 * precedence table. Nodes given a name (shared subexpressions, the result
 * of the input) print as that name. In the text dialect names, functions
 * and operators come out as document spans (doc.ts); `render` styles them
 * with the renderer's theme (none: plain text), `renderDoc` leaves them
 * for a printer that lays out lines first and styles last.
 */
import type { Expr } from "../expr/node.js";
import { topoOrder } from "../expr/traverse.js";
import type { OpName } from "../expr/names.js";
import { stanzaOf } from "../ops/registry.js";
import type { PrintContext } from "../ops/stanza.js";
import type { Dim } from "../shapes/dim.js";
import { Prec } from "../ops/precedence.js";
import { isScalarShape } from "../shapes/shape.js";
import { type Dialect, type MathFormat, mathDialect } from "./dialect.js";
import { type Theme, plain, span, styled } from "./doc.js";

interface Printed {
  /** A document: spans marked, not yet styled. */
  readonly text: string;
  readonly prec: number;
  /** The operator at the top, for deciding parentheses between products. */
  readonly op: OpName | null;
  /** Starts / ends with a single-letter name or a number (for juxtaposition). */
  readonly first: boolean;
  readonly last: boolean;
  /** Starts / ends with a number. */
  readonly firstNumber: boolean;
  readonly lastNumber: boolean;
}

const MARKS = /[ᵀ⁻¹²³⁴⁵⁶⁷⁸⁹⁰]+$/u;

/** Private-use characters standing for arguments while reading a notation's shape (never in input or output). */
const [ONLY, FIRST, LAST, MIDDLE] = ["\uE100", "\uE101", "\uE102", "\uE103"];

/**
 * Folding keeps every intermediate text short, so that printing is linear
 * at any depth (a text that embeds its whole subtree, copied at every level,
 * would cost the square of the depth). A text longer than FOLD_AT keeps its
 * first and last EDGE code units — all a notation ever looks at (a leading
 * sign, a closing bracket, a trailing mark) — and the middle becomes
 * FOLD_OPEN index FOLD_CLOSE, restored once when the renderer hands the
 * text out.
 */
const FOLD_AT = 160;
const EDGE = 24;
const FOLD_OPEN = "\uE110";
const FOLD_CLOSE = "\uE111";

/** Matrix products and scalings chain without parentheses: s A B. */
const PRODUCT_FAMILY: ReadonlySet<OpName> = new Set(["matmul", "scale"]);

/** A size as the text or LaTeX dialect prints it. */
export function dimText(d: Dim, format: MathFormat): string {
  return mathDialect(format).dim(d);
}

export class Renderer {
  private readonly memo = new Map<number, Printed>();
  /** The middles of folded texts, by index. */
  private readonly folds: string[] = [];
  readonly dialect: Dialect;

  constructor(
    dialect: Dialect | MathFormat,
    private readonly names: ReadonlyMap<number, string> = new Map(),
    private readonly theme: Theme = {},
  ) {
    this.dialect = typeof dialect === "string" ? mathDialect(dialect) : dialect;
  }

  /** The expression, styled with this renderer's theme; named nodes print by name (except the root itself when `define` is true). */
  render(root: Expr, define = false): string {
    return styled(this.renderDoc(root, define), this.theme);
  }

  /** The expression as a document whose spans are still to be styled. */
  renderDoc(root: Expr, define = false): string {
    return this.unfold(this.print(root, define).text);
  }

  /** A long text with its middle folded away (see FOLD_AT); the cuts never split a fold or a surrogate pair. */
  private fold(p: Printed): Printed {
    const t = p.text;
    if (t.length <= FOLD_AT) return p;
    let head = EDGE;
    const openBefore = t.lastIndexOf(FOLD_OPEN, head - 1);
    if (openBefore >= 0 && t.indexOf(FOLD_CLOSE, openBefore) >= head) head = openBefore;
    if (isHighSurrogate(t.charCodeAt(head - 1))) head--;
    let tail = t.length - EDGE;
    const closeAfter = t.indexOf(FOLD_CLOSE, tail);
    if (closeAfter >= 0 && t.lastIndexOf(FOLD_OPEN, closeAfter) < tail) tail = closeAfter + 1;
    if (isHighSurrogate(t.charCodeAt(tail - 1))) tail++;
    const index = this.folds.push(t.slice(head, tail)) - 1;
    return { ...p, text: `${t.slice(0, head)}${FOLD_OPEN}${index}${FOLD_CLOSE}${t.slice(tail)}` };
  }

  /** A text with every fold restored, in one pass over the result. */
  private unfold(text: string): string {
    if (!text.includes(FOLD_OPEN)) return text;
    const parts: string[] = [];
    const stack = [{ s: text, at: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const open = top.s.indexOf(FOLD_OPEN, top.at);
      if (open < 0) {
        parts.push(top.s.slice(top.at));
        stack.pop();
        continue;
      }
      const close = top.s.indexOf(FOLD_CLOSE, open);
      parts.push(top.s.slice(top.at, open));
      top.at = close + 1;
      stack.push({ s: this.folds[Number(top.s.slice(open + 1, close))]!, at: 0 });
    }
    return parts.join("");
  }

  private mark(role: "name" | "function" | "operator", s: string): string {
    return this.dialect.marks ? span(role, s) : s;
  }

  private print(root: Expr, define: boolean): Printed {
    // Printed and named nodes need none of their arguments (a named node prints as its name), so each node is printed once.
    const known = (n: Expr): boolean => n !== root && (this.memo.has(n.id) || this.names.has(n.id));
    for (const node of topoOrder([root], known)) {
      if (!this.memo.has(node.id)) this.memo.set(node.id, this.fold(this.printNode(node)));
    }
    if (define) return this.printNode(root, true);
    return this.memo.get(root.id)!;
  }

  private printNode(node: Expr, ignoreName = false): Printed {
    const name = ignoreName ? undefined : this.names.get(node.id);
    if (name !== undefined) {
      const short = [...name].length === 1;
      return { text: this.mark("name", name), prec: Prec.ATOM, op: null, first: short, last: short, firstNumber: false, lastNumber: false };
    }
    if (node.kind !== "op") {
      const text = this.dialect.leaf(node);
      const negative = node.kind === "num" && node.value < 0;
      const short = node.kind === "num" ? !negative : [...text].length === 1;
      const isNumber = node.kind === "num" && !negative;
      return { text: node.kind === "var" ? this.mark("name", text) : text, prec: negative ? Prec.UNARY : Prec.ATOM, op: null, first: short, last: short, firstNumber: isNumber, lastNumber: isNumber };
    }
    const notation = this.dialect.notation(node.op);
    const printed = (i: number): Printed => this.memo.get(node.args[i]!.id) ?? this.print(node.args[i]!, false);
    if (notation.prec < 0) return printed(0);
    const wrap = (p: Printed): string => this.dialect.paren(p.text);
    const context = (child: (i: number) => Printed): PrintContext => ({
      node,
      arg: (i, minPrec) => {
        const c = child(i);
        return c.prec < minPrec ? wrap(c) : c.text;
      },
      operand: (i) => {
        const c = child(i);
        if (c.prec < notation.prec) return wrap(c);
        // A negated right operand of a product reads better in parentheses: A ⊘ (−B).
        if (i > 0 && notation.prec === Prec.PRODUCT && c.prec === Prec.UNARY) return wrap(c);
        // A scalar product (xᵀAx) inside a larger product is one factor: 2 (xᵀAx) G x.
        const arg = node.args[i]!;
        const scalarProduct = arg.kind === "op" && arg.op === "matmul" && isScalarShape(arg.shape) && !this.names.has(arg.id);
        if (scalarProduct && (node.op === "scale" || (PRODUCT_FAMILY.has(node.op) && !isScalarShape(node.shape)))) return wrap(c);
        if (c.prec === notation.prec && notation.prec === Prec.PRODUCT) {
          const sameFamily = c.op === node.op || (PRODUCT_FAMILY.has(c.op!) && PRODUCT_FAMILY.has(node.op));
          if (!sameFamily) return wrap(c);
          if (i > 0 && !stanzaOf(node.op).associative && !PRODUCT_FAMILY.has(node.op)) return wrap(c);
        }
        return c.text;
      },
      bare: (i) => child(i).text,
      dim: (d) => this.dialect.dim(d),
      shortEdge: (i, edge) => child(i)[edge],
      numberEdge: (i, edge) => child(i)[edge === "first" ? "firstNumber" : "lastNumber"],
      fn: (s) => this.mark("function", s),
      sym: (s) => this.mark("operator", s),
    });
    const text = notation.render(context(printed));
    if (node.args.length === 0) return { text, prec: notation.prec, op: node.op, first: false, last: false, firstNumber: false, lastNumber: false };
    // Whether the text starts with its first argument and ends with its last: read on the notation with one
    // character standing for each argument, so the check does not grow with the arguments' text (linear at any depth).
    const n = node.args.length;
    const standIn = (i: number): string => (n === 1 ? ONLY : i === 0 ? FIRST : i === n - 1 ? LAST : MIDDLE);
    const skeleton = plain(notation.render(context((i) => ({ ...printed(i), text: standIn(i) }))));
    const startsWithFirst = skeleton.startsWith(standIn(0));
    const endsWithLast = skeleton.endsWith(standIn(n - 1));
    const first = printed(0).first && startsWithFirst;
    const last = printed(n - 1).last && skeleton.replace(MARKS, "").endsWith(standIn(n - 1));
    return { text, prec: notation.prec, op: node.op, first, last, firstNumber: printed(0).firstNumber && startsWithFirst, lastNumber: printed(n - 1).lastNumber && endsWithLast };
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
