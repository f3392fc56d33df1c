/**
 * The surface syntax tree: what the user wrote, with a span on every node.
 * A closed union; passes switch on `kind` and end with assertNever.
 * Operator spellings are normalised by the parser (⊙ → ".*", ⊘ → "./",
 * ⊗ → "kron", − → "-", ᵀ / ' / ^T → transpose); function names are kept
 * as written (σ, tahn) and resolved, with suggestions, by the operator table.
 */
import type { Span } from "../diagnostics/span.js";

/**
 * A node's number within its parse: the parser numbers nodes as it builds them (children before parents), so
 * per-node tables of the passes over the tree are arrays by id (typing/node-table.ts). Two parses number their
 * nodes independently.
 */
export type NodeId = number;

export type BinaryOp = "+" | "-" | "*" | ".*" | "/" | "./" | "kron" | "^" | ".^";

export interface NameNode {
  readonly kind: "name";
  /** See NodeId. */
  readonly id: NodeId;
  readonly name: string;
  readonly span: Span;
}

export interface NumberNode {
  readonly kind: "number";
  /** See NodeId. */
  readonly id: NodeId;
  readonly value: number;
  /** The digits as written, for messages. */
  readonly text: string;
  readonly span: Span;
}

export interface BinaryNode {
  readonly kind: "binary";
  /** See NodeId. */
  readonly id: NodeId;
  readonly op: BinaryOp;
  /** The operator as the user spelled it ("⊙", ".*", "×"...), for messages. */
  readonly opText: string;
  readonly opSpan: Span;
  readonly left: Node;
  readonly right: Node;
  readonly span: Span;
}

export interface NegNode {
  readonly kind: "neg";
  /** See NodeId. */
  readonly id: NodeId;
  readonly arg: Node;
  readonly span: Span;
}

export interface TransposeNode {
  readonly kind: "transpose";
  /** See NodeId. */
  readonly id: NodeId;
  readonly arg: Node;
  readonly span: Span;
  /** Written x^T (not x' or xᵀ): ambiguous where T is also a name. */
  readonly caretT?: boolean;
}

export interface CallNode {
  readonly kind: "call";
  /** See NodeId. */
  readonly id: NodeId;
  /** The function name as written (aliases such as σ are resolved later). */
  readonly fn: string;
  readonly fnSpan: Span;
  readonly args: readonly Node[];
  /**
   * A derivative of a generic function, as claims write it: f′(u) is
   * { kind: "prime", order: 1 }, ∇²g(X) is { kind: "nabla", order: 2 }.
   */
  readonly derivative?: { readonly kind: "prime" | "nabla"; readonly order: number };
  readonly span: Span;
}

export type Node = NameNode | NumberNode | BinaryNode | NegNode | TransposeNode | CallNode;

/** One dimension in a shape declaration: a positive integer or a symbol. */
export type DimSpec =
  | { readonly kind: "int"; readonly value: number; readonly span: Span }
  | { readonly kind: "sym"; readonly name: string; readonly span: Span };

/**
 * `name: dims`. No dims means a scalar (`a: scalar`); one dim d means a
 * column vector d×1 (`x: n`, `a: 1`); two dims mean rows × columns.
 */
export interface ShapeDecl {
  readonly name: string;
  readonly nameSpan: Span;
  readonly dims: readonly DimSpec[];
  /** `f: elementwise`: a generic elementwise function, not a shape. */
  readonly elementwise?: boolean;
  readonly span: Span;
}

/** `name: fact` from --assume, e.g. `A: spd`, `x: positive`. */
export interface AssumeDecl {
  readonly name: string;
  readonly nameSpan: Span;
  readonly fact: string;
  readonly factSpan: Span;
  readonly span: Span;
}

/** One statement of a program: `name = expr`, or (last only) a bare expression. */
export interface Statement {
  readonly name: { readonly name: string; readonly span: Span } | null;
  readonly expr: Node;
  readonly span: Span;
}

/**
 * A whole input: statements `[name =] expr` separated by `;` or line
 * breaks, then `[where decls]`. `output` and `expr` are the last
 * statement's (e.g. `a = tanh(W*x + b)`), which the printers name the result by.
 */
export interface Program {
  readonly kind: "program";
  readonly statements: readonly Statement[];
  readonly output: { readonly name: string; readonly span: Span } | null;
  readonly expr: Node;
  readonly shapes: readonly ShapeDecl[];
  readonly span: Span;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
