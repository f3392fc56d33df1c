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

/** Matrix products and scalings chain without parentheses: s A B. */
const PRODUCT_FAMILY: ReadonlySet<OpName> = new Set(["matmul", "scale"]);

/** A size as the text or LaTeX dialect prints it. */
export function dimText(d: Dim, format: MathFormat): string {
  return mathDialect(format).dim(d);
}

export class Renderer {
  private readonly memo = new Map<number, Printed>();
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
    return this.print(root, define).text;
  }

  private mark(role: "name" | "function" | "operator", s: string): string {
    return this.dialect.marks ? span(role, s) : s;
  }

  private print(root: Expr, define: boolean): Printed {
    for (const node of topoOrder([root])) {
      if (!this.memo.has(node.id)) this.memo.set(node.id, this.printNode(node));
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
    const child = (i: number): Printed => this.memo.get(node.args[i]!.id) ?? this.print(node.args[i]!, false);
    if (notation.prec < 0) return child(0);
    const wrap = (p: Printed): string => this.dialect.paren(p.text);
    const ctx: PrintContext = {
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
    };
    const text = notation.render(ctx);
    if (node.args.length === 0) return { text, prec: notation.prec, op: node.op, first: false, last: false, firstNumber: false, lastNumber: false };
    const visible = plain(text);
    const firstChild = child(0);
    const lastChild = child(node.args.length - 1);
    const startsWithFirst = visible.startsWith(plain(firstChild.text));
    const endsWithLast = visible.endsWith(plain(lastChild.text));
    const first = firstChild.first && startsWithFirst;
    const last = lastChild.last && visible.replace(MARKS, "").endsWith(plain(lastChild.text).replace(MARKS, ""));
    return { text, prec: notation.prec, op: node.op, first, last, firstNumber: firstChild.firstNumber && startsWithFirst, lastNumber: lastChild.lastNumber && endsWithLast };
  }
}
