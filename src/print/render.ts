/**
 * The renderer shared by every format: walks the graph once, asks each
 * operator's stanza for its notation in the chosen format, and adds
 * parentheses from the precedence table. Nodes given a name (shared
 * subexpressions, the result of the input) print as that name.
 */
import type { Expr } from "../expr/node.js";
import { topoOrder } from "../expr/traverse.js";
import { stanzaOf } from "../ops/registry.js";
import type { OpName } from "../expr/names.js";
import type { PrintContext } from "../ops/stanza.js";
import type { Dim } from "../shapes/dim.js";
import { Prec } from "../ops/precedence.js";
import { isScalarShape } from "../shapes/shape.js";
import { type Format, formatNumber, latexName, leaf, pythonName, textName } from "./leaves.js";

export interface Style {
  fn(s: string): string;
  sym(s: string): string;
  name(s: string): string;
}

export const noStyle: Style = { fn: (s) => s, sym: (s) => s, name: (s) => s };

interface Printed {
  readonly text: string;
  readonly prec: number;
  /** The operator at the top, for deciding parentheses between products. */
  readonly op: OpName | null;
  /** Starts / ends with a single-letter name or a number (for juxtaposition). */
  readonly first: boolean;
  readonly last: boolean;
}

const MARKS = /[ᵀ⁻¹²³⁴⁵⁶⁷⁸⁹⁰]+$/u;
const ANSI = /\u001b\[[0-9;]*m/g;

/** Matrix products and scalings chain without parentheses: s A B. */
const PRODUCT_FAMILY: ReadonlySet<OpName> = new Set(["matmul", "scale"]);

export function dimText(d: Dim, format: Format): string {
  if (d.syms.length === 0) return String(d.coef);
  const syms = d.syms.map((s) => (format === "latex" ? latexName(s) : format === "numpy" ? pythonName(s) : textName(s)));
  const sep = format === "text" ? "·" : format === "numpy" ? " * " : " ";
  const coef = d.coef === 1 ? [] : [String(d.coef)];
  return [...coef, ...syms].join(sep);
}

export class Renderer {
  private readonly memo = new Map<number, Printed>();

  constructor(
    readonly format: Format,
    private readonly names: ReadonlyMap<number, string> = new Map(),
    private readonly style: Style = noStyle,
  ) {}

  /** The expression with named nodes printed by name (except the root itself when `define` is true). */
  render(root: Expr, define = false): string {
    return this.print(root, define).text;
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
      return { text: this.style.name(name), prec: Prec.ATOM, op: null, first: short, last: short };
    }
    if (node.kind !== "op") {
      const text = leaf(node, this.format);
      const negative = node.kind === "num" && node.value < 0;
      const short = node.kind === "num" ? !negative : [...text].length === 1;
      return { text: node.kind === "var" ? this.style.name(text) : text, prec: negative ? Prec.UNARY : Prec.ATOM, op: null, first: short, last: short };
    }
    const stanza = stanzaOf(node.op);
    const notation = stanza[this.format];
    const child = (i: number): Printed => this.memo.get(node.args[i]!.id) ?? this.print(node.args[i]!, false);
    if (notation.prec < 0) return child(0);
    const wrap = (p: Printed): string => (this.format === "latex" ? `\\left(${p.text}\\right)` : `(${p.text})`);
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
          if (i > 0 && !stanza.associative && !PRODUCT_FAMILY.has(node.op)) return wrap(c);
        }
        return c.text;
      },
      bare: (i) => child(i).text,
      dim: (d) => dimText(d, this.format),
      shortEdge: (i, edge) => child(i)[edge],
      fn: (s) => this.style.fn(s),
      sym: (s) => this.style.sym(s),
    };
    const text = notation.render(ctx);
    const plain = text.replace(ANSI, "");
    if (node.args.length === 0) return { text, prec: notation.prec, op: node.op, first: false, last: false };
    const firstChild = child(0);
    const lastChild = child(node.args.length - 1);
    const first = firstChild.first && plain.startsWith(firstChild.text.replace(ANSI, ""));
    const last = lastChild.last && plain.replace(MARKS, "").endsWith(lastChild.text.replace(ANSI, "").replace(MARKS, ""));
    return { text, prec: notation.prec, op: node.op, first, last };
  }
}

export function renderNumber(v: number): string {
  return formatNumber(v);
}

