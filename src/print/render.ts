/**
 * The renderer shared by every format: walks the graph once, asks the
 * dialect for each operator's notation, and adds parentheses from the
 * precedence table. Nodes given a name (shared subexpressions, the result
 * of the input) print as that name. In the text dialect names, functions
 * and operators come out as document spans (doc.ts); `render` styles them
 * with the renderer's theme (none: plain text), `renderDoc` leaves them
 * for a printer that lays out lines first and styles last.
 */
import type { Expr, Graph, OpNode } from "../expr/node.js";
import { IdTable } from "../expr/by-id.js";
import type { OpName } from "../expr/names.js";
import { stanzaOf } from "../ops/registry.js";
import type { PrintContext } from "../ops/stanza.js";
import type { Dim } from "../shapes/dim.js";
import { Prec } from "../ops/precedence.js";
import { isScalarShape } from "../shapes/shape.js";
import { type Dialect, type MathFormat, TEXT, mathDialect } from "./dialect.js";
import { fractionOf, namedConstant } from "./leaves.js";
import { type Theme, isOneCodePoint, plain, span, styled } from "./doc.js";
import { Printed } from "./printed.js";
import type { NameTable } from "./naming.js";
import { Folds } from "./folds.js";

const MARKS = /[ᵀ⁻¹²³⁴⁵⁶⁷⁸⁹⁰]+$/u;

/** Private-use characters standing for arguments while reading a notation's shape (never in input or output). */
const [ONLY, FIRST, LAST, MIDDLE] = ["\uE100", "\uE101", "\uE102", "\uE103"];

const NO_ARGS: readonly Expr[] = [];

/** Matrix products and scalings chain without parentheses: s A B. */
const PRODUCT_FAMILY: ReadonlySet<OpName> = new Set(["matmul", "scale"]);

/** A size as the text or LaTeX dialect prints it. */
export function dimText(d: Dim, format: MathFormat): string {
  return mathDialect(format).dim(d);
}

/**
 * What a graph's input names tell about spelling, kept up to date per graph as a derivation adds its
 * intermediates' names as inputs (each name is looked at once): the one-letter names, the letters of the longer
 * names they spell, and the longer names not spelt yet, by each of their letters.
 */
interface GraphSpelling {
  seen: number;
  /** g.letters as they were when `seen` was copiedAt (letters change only as inputs are seen). */
  copy?: ReadonlySet<string>;
  copiedAt?: number;
  readonly oneLetter: Set<string>;
  readonly letters: Set<string>;
  readonly unspelt: Map<string, string[]>;
}
const spellings = new WeakMap<Graph, GraphSpelling>();

function graphSpelling(graph: Graph): GraphSpelling {
  let g = spellings.get(graph);
  if (!g) spellings.set(graph, (g = { seen: 0, oneLetter: new Set(), letters: new Set(), unspelt: new Map() }));
  const fresh = graph.inputNamesFrom(g.seen);
  g.seen += fresh.length;
  const spelt = (n: string): boolean => [...n].every((ch) => g!.oneLetter.has(ch));
  for (const n of fresh) {
    const chars = [...n];
    if (chars.length === 1) {
      g.oneLetter.add(n);
      // a longer name waiting for this letter may be spelt now
      for (const waiting of g.unspelt.get(n) ?? []) if (spelt(waiting)) for (const ch of waiting) g.letters.add(ch);
    } else if (spelt(n)) for (const ch of chars) g.letters.add(ch);
    else {
      for (const ch of new Set(chars)) {
        const list = g.unspelt.get(ch);
        if (list) list.push(n);
        else g.unspelt.set(ch, [n]);
      }
    }
  }
  return g;
}

/** The one-letter names that spell a longer name among the graph's inputs and the printout's own names. */
function spellingLetters(graph: Graph, own: readonly string[]): ReadonlySet<string> {
  const g = graphSpelling(graph);
  // No names of its own (a renderer for one line of --steps): the graph's letters, copied once per change to them.
  if (own.length === 0) {
    if (g.copiedAt !== g.seen) {
      g.copy = new Set(g.letters);
      g.copiedAt = g.seen;
    }
    return g.copy!;
  }
  const letters = new Set(g.letters);
  const ownOne = new Set(own.filter(isOneCodePoint));
  const isName = (ch: string): boolean => g.oneLetter.has(ch) || ownOne.has(ch);
  const spell = (n: string): void => {
    // Most names fail at their first letter (t₀, u₁, … of a long derivation): looked at before the name is split.
    const first = String.fromCodePoint(n.codePointAt(0)!);
    if (first.length === n.length || !isName(first)) return;
    const chars = [...n];
    if (chars.every(isName)) for (const ch of chars) letters.add(ch);
  };
  for (const n of own) spell(n);
  for (const ch of ownOne) for (const n of g.unspelt.get(ch) ?? []) spell(n);
  return letters;
}

/**
 * The names nodes print by, by id: a map, or a lookup that layers two. A lookup that can list its names (`values`)
 * has them weighed when one-letter names keep a space (see spelling); one without has only the graph's.
 */
export type NameLookup = Pick<NameTable, "get" | "has"> & Partial<Pick<NameTable, "values">>;

export class Renderer {
  private readonly memo = new IdTable<Printed>();
  /** The middles of folded texts. */
  private readonly folds = new Folds();
  readonly dialect: Dialect;
  private readonly helpers: RendererHelpers;

  /** Whether names, functions and operators are written as spans: the dialect's choice, unless the printout is plain. */
  private readonly marks: boolean;

  /** `unmarked`: the printout will not be styled, so no spans are written (none to take out again). */
  constructor(
    dialect: Dialect | MathFormat,
    private readonly names: NameLookup = new Map(),
    private readonly theme: Theme = {},
    unmarked = false,
  ) {
    this.dialect = typeof dialect === "string" ? mathDialect(dialect) : dialect;
    this.marks = this.dialect.marks && !unmarked;
    this.helpers = {
      dialect: this.dialect,
      printedArg: (node, i) => this.printedArg(node, i),
      isNamed: (id) => this.names.has(id),
      mark: (role, s) => this.mark(role, s),
    };
  }

  /** The expression, styled with this renderer's theme; named nodes print by name (except the root itself when `define` is true). */
  render(root: Expr, define = false): string {
    const doc = this.renderDoc(root, define);
    // Without spans there is nothing to style or take out (a long text would only be copied).
    return this.marks ? styled(doc, this.theme) : doc;
  }

  /** The expression as a document whose spans are still to be styled. */
  renderDoc(root: Expr, define = false): string {
    return this.folds.unfold(this.print(root, define).text);
  }

  /** The length renderDoc(root, define) would have, counted without restoring the folds (see Folds). */
  docLength(root: Expr, define = false): number {
    return this.folds.unfoldedLength(this.print(root, define).text);
  }

  /** A long text with its middle folded away (see Folds). */
  private fold(p: Printed): Printed {
    const t = this.folds.fold(p.text);
    return t === p.text ? p : p.withText(t);
  }

  private mark(role: "name" | "function" | "operator", s: string): string {
    return this.marks ? span(role, s) : s;
  }

  private print(root: Expr, define: boolean): Printed {
    // Printed already (most lines of --steps show what an earlier line showed): no walk, no stacks made.
    const known = define ? undefined : this.memo.get(root.id);
    if (known !== undefined) return known;
    this.printAll(root);
    return define ? this.printNode(root, true) : this.memo.get(root.id)!;
  }

  /**
   * Prints `root` and everything under it into the memo. Children before parents with an explicit stack (node, next
   * argument): printed nodes are not entered again, and named ones need none of their arguments (a named node prints
   * as its name), so each node is printed once. The loop is a function of its own, with nothing after it: V8 compiles
   * a long-running loop on the stack (OSR) and reuses that code for later calls, and code after the loop that had not
   * run yet when it was compiled (printing a definition) left the code unable to finish: it fell back to the
   * interpreter on every call, 1,600-1,900 times in one 10,000-step printout from the command line.
   */
  private printAll(root: Expr): void {
    const nodes: Expr[] = [root];
    const next: number[] = [0];
    while (nodes.length > 0) {
      const top = nodes.length - 1;
      const node = nodes[top]!;
      const args = node.kind === "op" && (node === root || !this.names.has(node.id)) ? node.args : NO_ARGS;
      const k = next[top]!;
      if (k < args.length) {
        next[top] = k + 1;
        const child = args[k]!;
        if (!this.memo.has(child.id)) {
          nodes.push(child);
          next.push(0);
        }
        continue;
      }
      nodes.pop();
      next.pop();
      if (!this.memo.has(node.id)) this.memo.set(node.id, this.fold(this.printNode(node)));
    }
  }

  /**
   * Whether a one-letter name takes part in spelling a longer name the printout may show (an input's, a
   * program's or an intermediate's): written beside another such letter it would read as that name, so it keeps
   * a space (X X with an input XX; ab b a b with names a, b, ab; still AB beside them). Decided once per renderer.
   */
  private spelling(graph: Graph, name: string): boolean {
    this.letters ??= spellingLetters(graph, this.names.values ? [...this.names.values()] : []);
    return this.letters.has(name);
  }
  private letters: ReadonlySet<string> | undefined;

  private printNode(node: Expr, ignoreName = false): Printed {
    const name = ignoreName ? undefined : this.names.get(node.id);
    if (name !== undefined) {
      const short = isOneCodePoint(name) && !this.spelling(node.graph, name);
      return Printed.of(this.mark("name", name), Prec.ATOM, null, short, short, false, false);
    }
    if (node.kind !== "op") {
      const text = this.dialect.leaf(node);
      const negative = node.kind === "num" && node.value < 0;
      const short = node.kind === "num" ? !negative : isOneCodePoint(text) && !this.spelling(node.graph, text);
      const isNumber = node.kind === "num" && !negative;
      // a fraction p/q binds like a division (the text dialect writes 1/3)
      const fraction = node.kind === "num" && this.dialect === TEXT && (fractionOf(node.value) !== null || namedConstant(node.value) !== null);
      return Printed.of(node.kind === "var" ? this.mark("name", text) : text, fraction ? Prec.PRODUCT : negative ? Prec.UNARY : Prec.ATOM, null, short, short, isNumber, isNumber);
    }
    const notation = this.dialect.notation(node.op);
    const prec = notation.precOf?.(node) ?? notation.prec;
    if (prec < 0) return this.printedArg(node, 0);
    const text = notation.render(new NodeContext(this.helpers, node, prec, false));
    if (node.args.length === 0) return Printed.of(text, prec, node.op, false, false, false, false);
    const n = node.args.length;
    const head = this.printedArg(node, 0);
    const tail = this.printedArg(node, n - 1);
    // The edges come from the first and last arguments' edges: when those have none, neither has the node.
    if (!head.first && !head.firstNumber && !tail.last && !tail.lastNumber) return Printed.of(text, prec, node.op, false, false, false, false);
    // Whether the text starts with its first argument and ends with its last: read on the notation with one
    // character standing for each argument, so the check does not grow with the arguments' text (linear at any depth).
    const skeleton = plain(notation.render(new NodeContext(this.helpers, node, prec, true)));
    const startsWithFirst = skeleton.startsWith(standIn(0, n));
    const endsWithLast = skeleton.endsWith(standIn(n - 1, n));
    const first = head.first && startsWithFirst;
    // A last argument written as an exponent after ^ (2^a, X.^p) is no edge to join a factor to: 2^ax reads as 2^(ax).
    const unmarked = skeleton.replace(MARKS, "");
    const last = tail.last && unmarked.endsWith(standIn(n - 1, n)) && !unmarked.endsWith(`^${standIn(n - 1, n)}`);
    return Printed.of(text, prec, node.op, first, last, head.firstNumber && startsWithFirst, tail.lastNumber && endsWithLast);
  }

  /** Argument i of `node`, printed (memoised; printed first when it is not yet). */
  private printedArg(node: OpNode, i: number): Printed {
    return this.memo.get(node.args[i]!.id) ?? this.print(node.args[i]!, false);
  }
}

/** The character standing for argument i of n while reading a notation's shape. */
const standIn = (i: number, n: number): string => (n === 1 ? ONLY : i === 0 ? FIRST : i === n - 1 ? LAST : MIDDLE);

/** What a node's context needs of its renderer (built once per renderer, not per node). */
interface RendererHelpers {
  readonly dialect: Dialect;
  printedArg(node: OpNode, i: number): Printed;
  isNamed(id: number): boolean;
  mark(role: "name" | "function" | "operator", s: string): string;
}

/**
 * The context a notation renders one node in: its arguments' printed forms,
 * parenthesised by precedence — or, for the skeleton (`standIns`), one
 * private-use character in place of each argument's text, with the
 * argument's precedence and edges unchanged. One object per rendering, its
 * methods on the prototype: printing allocates little per node.
 */
class NodeContext implements PrintContext {
  constructor(
    private readonly helpers: RendererHelpers,
    readonly node: OpNode,
    private readonly prec: number,
    private readonly standIns: boolean,
  ) {}

  private child(i: number): Printed {
    return this.helpers.printedArg(this.node, i);
  }

  private textOf(i: number, c: Printed): string {
    return this.standIns ? standIn(i, this.node.args.length) : c.text;
  }

  private wrapped(i: number, c: Printed): string {
    return this.helpers.dialect.paren(this.textOf(i, c));
  }

  arg(i: number, minPrec: number): string {
    const c = this.child(i);
    return c.prec < minPrec ? this.wrapped(i, c) : this.textOf(i, c);
  }

  operand(i: number): string {
    const { node, prec } = this;
    const c = this.child(i);
    if (c.prec < prec) return this.wrapped(i, c);
    // A negated right operand of a product reads better in parentheses: A ⊘ (−B).
    if (i > 0 && prec === Prec.PRODUCT && c.prec === Prec.UNARY) return this.wrapped(i, c);
    // A scalar product (xᵀAx) inside a larger product is one factor: 2 (xᵀAx) G x.
    const arg = node.args[i]!;
    const scalarProduct = arg.kind === "op" && arg.op === "matmul" && isScalarShape(arg.shape) && !this.helpers.isNamed(arg.id);
    if (scalarProduct && (node.op === "scale" || (PRODUCT_FAMILY.has(node.op) && !isScalarShape(node.shape)))) return this.wrapped(i, c);
    if (c.prec === prec && prec === Prec.PRODUCT) {
      const sameFamily = c.op === node.op || (PRODUCT_FAMILY.has(c.op!) && PRODUCT_FAMILY.has(node.op));
      if (!sameFamily) return this.wrapped(i, c);
      if (i > 0 && !stanzaOf(node.op).associative && !PRODUCT_FAMILY.has(node.op)) return this.wrapped(i, c);
    }
    return this.textOf(i, c);
  }

  bare(i: number): string {
    return this.textOf(i, this.child(i));
  }

  dim(d: Dim): string {
    return this.helpers.dialect.dim(d);
  }

  shortEdge(i: number, edge: "first" | "last"): boolean {
    return this.child(i)[edge];
  }

  numberEdge(i: number, edge: "first" | "last"): boolean {
    return this.child(i)[edge === "first" ? "firstNumber" : "lastNumber"];
  }

  fn(s: string): string {
    return this.helpers.mark("function", s);
  }

  sym(s: string): string {
    return this.helpers.mark("operator", s);
  }
}
