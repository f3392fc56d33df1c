/**
 * Prints the code graph (ir.ts) with a back-end's table: each operator's
 * entry gets the same PrintContext as a stanza's notation, and the three
 * code-only operations are spelt here (the same in every Python back-end
 * but for the name of multi_dot). Parentheses follow Python: an operand is
 * wrapped when it binds looser, and a right operand also when it binds
 * equally (Python groups a * b @ c as (a * b) @ c, so the order a chain was
 * given is kept), except inside a run of the same associative operator.
 */
import type { OpNode } from "../../expr/node.js";
import { Prec } from "../../ops/precedence.js";
import type { Notation, PrintContext } from "../../ops/stanza.js";
import type { Dialect } from "../dialect.js";
import { type CodeNode, type CodeOp, type FastOp } from "./ir.js";
import { topoOrder } from "../../expr/traverse.js";
import type { CompleteTable } from "./table.js";

interface Printed {
  readonly text: string;
  readonly prec: number;
  readonly op: CodeOp | null;
}

/** Same-operator runs that need no parentheses on the right: a * (b * c) prints a * b * c. */
const ASSOCIATIVE: ReadonlySet<CodeOp> = new Set(["hadamard", "scale"]);

/** The code-only operations: diag(v) X, X diag(v), and a product chain ordered at run time. */
export function fastNotations(multiDot: string): { readonly [K in FastOp]: Notation } {
  return {
    rowScale: { prec: Prec.PRODUCT, render: (c) => `${c.operand(0)} * ${c.operand(1)}` },
    colScale: { prec: Prec.PRODUCT, render: (c) => `${c.operand(0)} * ${c.operand(1)}` },
    multiDot: { prec: Prec.ATOM, render: (c) => `${multiDot}([${c.node.args.map((_, i) => c.bare(i)).join(", ")}])` },
  };
}

export class CodeRenderer {
  private readonly memo = new Map<number, Printed>();
  private readonly fast: { readonly [K in FastOp]: Notation };

  constructor(
    private readonly table: CompleteTable,
    multiDot: string,
    private readonly dialect: Dialect,
    private readonly names: ReadonlyMap<number, string>,
  ) {
    this.fast = fastNotations(multiDot);
  }

  /** The node as code; named nodes print by name except the root itself when `define` is true. */
  render(root: CodeNode, define = false): string {
    // Only the part not yet printed is walked (a printed node's arguments are printed too): every statement of a module costs its own size.
    for (const node of topoOrder([root], (id) => this.memo.has(id))) if (!this.memo.has(node.id)) this.memo.set(node.id, this.print(node));
    return define ? this.print(root, true).text : this.memo.get(root.id)!.text;
  }

  private notation(op: CodeOp): Notation {
    return op in this.fast ? this.fast[op as FastOp] : this.table[op as Exclude<CodeOp, FastOp>];
  }

  private print(node: CodeNode, ignoreName = false): Printed {
    const name = ignoreName ? undefined : this.names.get(node.id);
    if (name !== undefined) return { text: name, prec: Prec.ATOM, op: null };
    if (node.kind === "var") return { text: this.dialect.name(node.name), prec: Prec.ATOM, op: null };
    if (node.kind === "num") return { text: this.dialect.leaf(node as never), prec: node.value < 0 ? Prec.UNARY : Prec.ATOM, op: null };
    const notation = this.notation(node.op);
    // The code graph has the expression graph's fields (kind, op, args, attr, shape), which is all an entry reads.
    const op = node as unknown as OpNode;
    const prec = notation.precOf?.(op) ?? notation.prec;
    const child = (i: number): Printed => this.memo.get(node.args[i]!.id)!;
    const wrap = (p: Printed): string => `(${p.text})`;
    const ctx: PrintContext = {
      node: op,
      arg: (i, minPrec) => (child(i).prec < minPrec ? wrap(child(i)) : child(i).text),
      operand: (i) => {
        const c = child(i);
        if (c.prec < prec) return wrap(c);
        if (i > 0 && c.prec === prec && !(c.op === node.op && ASSOCIATIVE.has(node.op))) return wrap(c);
        if (i > 0 && c.prec === Prec.UNARY) return wrap(c);
        return c.text;
      },
      bare: (i) => child(i).text,
      dim: (d) => this.dialect.dim(d),
      shortEdge: () => false,
      numberEdge: () => false,
      fn: (s) => s,
      sym: (s) => s,
    };
    if (prec < 0) return child(0);
    return { text: notation.render(ctx), prec, op: node.op };
  }
}
