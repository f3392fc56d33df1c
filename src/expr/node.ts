/**
 * The typed expression graph that every calculus pass works on.
 *
 * A closed union of three kinds: variables, numbers and operator
 * applications. Every node carries its resolved shape. Nodes are hash-consed:
 * building the same operator on the same arguments returns the same object,
 * so equal subexpressions are shared, compare with ===, and passes memoised by
 * `id` visit each distinct subexpression once (the derivative of a T-step
 * unrolled RNN stays linear in T).
 */
import type { Dim } from "../shapes/dim.js";
import { dimKey } from "../shapes/dim.js";
import type { Shape } from "../shapes/shape.js";
import { SCALAR, shapeKey } from "../shapes/shape.js";
import type { OpName } from "./names.js";

/**
 * input: a name of the user's expression; differential: dX;
 * upstream: G in the grad form; function: a generic function f (its value is
 * the random smooth instance a numeric check samples).
 */
export type VarRole = "input" | "differential" | "upstream" | "function";

interface NodeBase {
  /** Unique within the node's graph. */
  readonly id: number;
  readonly shape: Shape;
  /** The graph that interned the node. */
  readonly graph: Graph;
}

export interface VarNode extends NodeBase {
  readonly kind: "var";
  readonly name: string;
  readonly role: VarRole;
}

export interface NumNode extends NodeBase {
  readonly kind: "num";
  readonly value: number;
}

/** Operator parameters that are not subexpressions: sizes, integer exponents. */
export interface Attr {
  readonly dims?: readonly Dim[];
  readonly k?: number;
  /** The axis of a reduction or normalisation: 1 down the columns, 2 along the rows (MATLAB's convention); absent: all entries. */
  readonly axis?: 1 | 2;
}

export interface OpNode extends NodeBase {
  readonly kind: "op";
  readonly op: OpName;
  readonly args: readonly Expr[];
  readonly attr: Attr;
}

export type Expr = VarNode | NumNode | OpNode;

const NO_ATTR: Attr = Object.freeze({});

/** The result shape of an operator on arguments of these shapes (the stanza's shape rule). */
export type ShapeRule = (op: OpName, args: readonly Shape[], attr: Attr) => Shape;

/**
 * The hash-consing table of one derivation. Every node belongs to exactly
 * one graph, which it carries (non-enumerable, so equality and JSON see only
 * the node); leaves are built on a graph explicitly, and operator builders
 * find the graph from their arguments. Two graphs share nothing: ids, tables
 * and nodes are their own.
 */
export class Graph {
  private nextId = 1;
  private readonly table = new Map<string, Expr>();
  /** Operator nodes of one argument (keyed by its id) and of two (a·PAIR + b), without parameters, per operator. */
  private readonly unary = new Map<OpName, Map<number, Expr>>();
  private readonly binary = new Map<OpName, Map<number, Expr>>();
  private smallCount = 0;
  private readonly inputs = new Set<string>();
  private readonly inputOrder: string[] = [];

  /** Whether an input of this name exists (an input named dx clashes with the differential of x). */
  hasInput(name: string): boolean {
    return this.inputs.has(name);
  }

  /** The names of the inputs built so far. */
  inputNames(): ReadonlySet<string> {
    return this.inputs;
  }

  /** The names of the inputs in the order they were first built, from the k-th on (what is new since k). */
  inputNamesFrom(k: number): readonly string[] {
    return this.inputOrder.slice(k);
  }

  /** `shapeOf` is the registry's shape rule; it is injected so that expr/ needs no operator knowledge. */
  constructor(private readonly shapeOf: ShapeRule) {}

  /** The number of distinct nodes built so far. */
  get size(): number {
    return this.table.size + this.smallCount;
  }

  private intern<T extends Expr>(key: string, build: (id: number) => Omit<T, "graph">): T {
    const found = this.table.get(key);
    if (found) return found as T;
    const node = this.made<T>(build(this.nextId++));
    this.table.set(key, node);
    return node;
  }

  variable(name: string, shape: Shape, role: VarRole = "input"): VarNode {
    if (role === "input" && !this.inputs.has(name)) {
      this.inputs.add(name);
      this.inputOrder.push(name);
    }
    return this.intern<VarNode>(`v:${role}:${name}:${shapeKey(shape)}`, (id) => ({ kind: "var", id, shape, name, role }));
  }

  num(value: number): NumNode {
    const v = Object.is(value, -0) ? 0 : value;
    return this.intern<NumNode>(`n:${v}`, (id) => ({ kind: "num", id, shape: SCALAR, value: v }));
  }

  /** The node op(args) with its shape from the shape rule; the arguments must belong to this graph. */
  op(op: OpName, args: readonly Expr[], attr?: Attr): OpNode {
    const at = attr ?? NO_ATTR;
    for (const a of args) if (a.graph !== this) throw new Error(`${op}: an argument belongs to another graph`);
    const plain = at === NO_ATTR ? "" : attrKey(at);
    // One or two arguments and no parameters (most nodes): a number key in the operator's own table, no string.
    const small = plain === "" && (args.length === 1 || (args.length === 2 && args[1]!.id < PAIR && args[0]!.id < PAIR * 2));
    const key = small ? (args.length === 1 ? args[0]!.id : args[0]!.id * PAIR + args[1]!.id) : `o:${op}:${plain}:${args.map((x) => x.id).join(",")}`;
    const table = small ? (args.length === 1 ? this.unary : this.binary) : null;
    let byOp = table?.get(op);
    const found = byOp ? byOp.get(key as number) : table ? undefined : this.table.get(key as string);
    // A node already built is returned as it is: its shape is known (most calls while rewriting find one).
    if (found) return found as OpNode;
    const shape = this.shapeOf(op, args.map((a) => a.shape), at);
    if (!table) return this.intern<OpNode>(key as string, (id) => ({ kind: "op", id, shape, op, args, attr: at }));
    if (!byOp) table.set(op, (byOp = new Map()));
    const node = this.made<OpNode>({ kind: "op", id: this.nextId++, shape, op, args, attr: at });
    byOp.set(key as number, node);
    this.smallCount++;
    return node;
  }

  /** A new node, carrying its graph. */
  private made<T extends Expr>(node: Omit<T, "graph">): T {
    Object.defineProperty(node, "graph", { value: this, enumerable: false });
    return node as T;
  }
}

/** Pairs of ids a·PAIR + b are exact in a double while b < PAIR and a < 2⁵³ / PAIR (2²⁷ nodes). */
const PAIR = 2 ** 26;

function attrKey(attr: Attr): string {
  let key = "";
  if (attr.dims) key += attr.dims.map(dimKey).join(",");
  if (attr.k !== undefined) key += `k${attr.k}`;
  if (attr.axis !== undefined) key += `a${attr.axis}`;
  return key;
}

export function isNum(e: Expr, value?: number): e is NumNode {
  return e.kind === "num" && (value === undefined || e.value === value);
}

export function isOp<N extends OpName>(e: Expr, op: N): e is OpNode & { readonly op: N } {
  return e.kind === "op" && e.op === op;
}
