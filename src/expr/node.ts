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
import { SCALAR, shapeEq } from "../shapes/shape.js";
import type { OpName } from "./names.js";
import { Structure } from "./structure.js";
import { SizeLimit } from "../diagnostics/resource-limit.js";

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
 * The nodes: plain fields in the order of the interfaces, and the graph in a private field behind a getter, so
 * that equality, spreading and JSON see only the node (a non-enumerable property set per node cost a runtime call
 * for every node built).
 */
abstract class NodeOf<K extends Expr["kind"]> {
  readonly kind: K;
  readonly id: number;
  readonly shape: Shape;
  readonly #graph: Graph;
  /**
   * The operator nodes without parameters built so far with this node as their first argument: the one node (most
   * nodes have one such parent), a short list while there are few, then a table by operator and second argument's
   * id (0: none). Kept on the node, so that finding op(a, b) again touches a and a few neighbours instead of a hash
   * table of the graph's size.
   */
  #builtOn: OpNode | OpNode[] | Map<OpName, Map<number, OpNode>> | undefined = undefined;
  constructor(kind: K, id: number, shape: Shape, graph: Graph) {
    this.kind = kind;
    this.id = id;
    this.shape = shape;
    this.#graph = graph;
  }
  get graph(): Graph {
    return this.#graph;
  }

  /** op(this) (second undefined) or op(this, second), built before without parameters; undefined when not. */
  builtWith(op: OpName, second: Expr | undefined): OpNode | undefined {
    const up = this.#builtOn;
    if (up === undefined) return undefined;
    // A one-argument node has no args[1], so it matches only a look-up without a second argument, and back.
    if (up instanceof Map) return up.get(op)?.get(second?.id ?? 0);
    if (!Array.isArray(up)) return up.op === op && up.args[1] === second ? up : undefined;
    for (let i = 0; i < up.length; i++) if (up[i]!.op === op && up[i]!.args[1] === second) return up[i];
    return undefined;
  }

  /** Remember `node`, just built without parameters on this node as its first argument. */
  rememberBuilt(node: OpNode): void {
    const up = this.#builtOn;
    if (up === undefined) this.#builtOn = node;
    else if (up instanceof Map) rememberIn(up, node);
    else if (!Array.isArray(up)) this.#builtOn = [up, node];
    else if (up.length < BUILT_ON_LIST) up.push(node);
    else {
      const table = new Map<OpName, Map<number, OpNode>>();
      for (const n of up) rememberIn(table, n);
      rememberIn(table, node);
      this.#builtOn = table;
    }
  }
}

/**
 * The most nodes one graph may hold: a derivation, its simplification and its printing each build nodes in it, and
 * a million take two to four seconds and several hundred megabytes. The 10,000-step recurrence, its --steps and its
 * Hessian build under 800,000. Past the limit a printout runs to megabytes that no one reads, and its time to tens of
 * seconds (the Hessian of a nest of 100,000 squarings would build 6 million nodes, in about 30 s and 3 GB): such
 * requests stop here, with exit 2.
 */
export const MAX_NODES = 1_000_000;

function tooManyNodes(limit: number): SizeLimit {
  return new SizeLimit(
    `working this out builds more than ${limit.toLocaleString("en-US")} expression nodes, more than one request may build`,
    "ask for less at once: fewer levels of nesting (about 20,000 levels of most operators fit in a first derivative, 5,000–15,000 in a Hessian), a first derivative rather than a Hessian, or the result without its steps");
}

/** The most nodes a graph may hold, and what it throws past them (by default, that one request may build no more). */
export interface NodeLimit {
  readonly maxNodes: number;
  readonly refusal?: (maxNodes: number) => SizeLimit;
}

/** Pairs of dimension objects whose shape a graph shares (dimensions built anew per node would otherwise fill the table). */
const SHARED_SHAPES = 4096;

/** Past this many nodes built on one first argument (W in W h₁, W h₂, …), they are looked up in a table. */
const BUILT_ON_LIST = 8;

function rememberIn(table: Map<OpName, Map<number, OpNode>>, node: OpNode): void {
  let bySecond = table.get(node.op);
  if (!bySecond) table.set(node.op, (bySecond = new Map()));
  bySecond.set(node.args[1]?.id ?? 0, node);
}

class VarOf extends NodeOf<"var"> implements VarNode {
  readonly name: string;
  readonly role: VarRole;
  constructor(id: number, shape: Shape, name: string, role: VarRole, graph: Graph) {
    super("var", id, shape, graph);
    this.name = name;
    this.role = role;
  }
}

class NumOf extends NodeOf<"num"> implements NumNode {
  readonly value: number;
  constructor(id: number, shape: Shape, value: number, graph: Graph) {
    super("num", id, shape, graph);
    this.value = value;
  }
}

class OpOf extends NodeOf<"op"> implements OpNode {
  readonly op: OpName;
  readonly args: readonly Expr[];
  readonly attr: Attr;
  constructor(id: number, shape: Shape, op: OpName, args: readonly Expr[], attr: Attr, graph: Graph) {
    super("op", id, shape, graph);
    this.op = op;
    this.args = args;
    this.attr = attr;
  }
}

/**
 * The hash-consing table of one derivation. Every node belongs to exactly
 * one graph, which it carries (non-enumerable, so equality and JSON see only
 * the node); leaves are built on a graph explicitly, and operator builders
 * find the graph from their arguments. Two graphs share nothing: ids, tables
 * and nodes are their own.
 */
export class Graph {
  private nextId = 1;
  /** Every node's arguments as flat arrays by id, for walks that need only the graph's shape (traverse.ts). */
  readonly structure = new Structure<Expr>();
  /** Numbers and operator nodes with parameters or more than two arguments, by a key spelled out. */
  private readonly table = new Map<string, Expr>();
  private readonly inputs = new Set<string>();
  /** The variables, by name (one node per role and shape): their hash-consing table. */
  private readonly variables = new Map<string, VarNode[]>();
  private readonly inputOrder: string[] = [];
  /**
   * One shape object per pair of row and column dimensions: the shape rules build a new {rows, cols} for every node,
   * and a graph of a million nodes has a handful of shapes. Sharing them keeps the shapes that every pass reads in the
   * processor's cache, the graph smaller, and a check's work estimate (numeric/work.ts) to one sizing per shape.
   */
  private readonly shapes = new Map<Dim, Map<Dim, Shape>>();
  /**
   * One dimension object per size, by its key: dimension arithmetic (the n² of a Kronecker product, the 1 of a
   * column) makes a new object each time, and shapes are shared by their dimension objects, so equal sizes must be
   * one object for their shapes to be one (a nest 10,000 deep made 10,000 objects for the size 1, and 20,000 shapes).
   */
  private readonly dims = new Map<string, Dim>();
  private readonly canonicalDims = new Set<Dim>();
  private sharedShapes = 0;

  /**
   * Sums that stand for one shared value (the differential of a value used twice): `add` keeps them whole as terms
   * instead of copying their terms in, as the simplifier keeps a shared sum whole (a residual chain's daᵢ =
   * Dᵢ ⊙ (dW aᵢ₋₁ + W daᵢ₋₁) + daᵢ₋₁ would otherwise hold i terms, quadratic in the chain's length).
   */
  private readonly wholeSums = new Set<number>();

  /** Marks `sum` as one that sums built later keep whole. */
  keepWhole(sum: Expr): void {
    this.wholeSums.add(sum.id);
  }

  /** Whether `sum` was marked by keepWhole. */
  keptWhole(sum: Expr): boolean {
    return this.wholeSums.size > 0 && this.wholeSums.has(sum.id);
  }

  /** Whether an input or a program statement has this name (one named dx clashes with the differential of x). */
  hasInput(name: string): boolean {
    return this.inputs.has(name);
  }

  /** The names of the inputs and statements in the order they were first met, from the k-th on (what is new since k). */
  inputNamesFrom(k: number): readonly string[] {
    return this.inputOrder.slice(k);
  }

  /** A program statement's name: printouts keep clear of it as of an input's (one-letter names that spell it, d<name>). */
  nameStatement(name: string): void {
    if (this.inputs.has(name)) return;
    this.inputs.add(name);
    this.inputOrder.push(name);
  }

  /**
   * `shapeOf` is the registry's shape rule; it is injected so that expr/ needs no operator knowledge. `limit`: the
   * most nodes the graph may hold (MAX_NODES unless a test, or a batch run with less left, asks for fewer), and the
   * refusal past them.
   */
  constructor(private readonly shapeOf: ShapeRule, private limit: NodeLimit = { maxNodes: MAX_NODES }) {}

  /** From now on the graph may hold as many nodes as any request may (MAX_NODES), whatever it was built with. */
  liftLimit(): void {
    this.limit = { maxNodes: MAX_NODES };
  }

  /** The number of distinct nodes built so far (each takes the next id). */
  get size(): number {
    return this.nextId - 1;
  }

  /** The next node's id; past maxNodes the request is stopped (see MAX_NODES). */
  private takeId(): number {
    if (this.nextId > this.limit.maxNodes) throw (this.limit.refusal ?? tooManyNodes)(this.limit.maxNodes);
    return this.nextId++;
  }

  private intern<T extends Expr>(key: string, build: (id: number) => T): T {
    const found = this.table.get(key);
    if (found) return found as T;
    const node = build(this.takeId());
    this.table.set(key, node);
    this.structure.add(node);
    return node;
  }

  variable(name: string, shape: Shape, role: VarRole = "input"): VarNode {
    // Found again by name, then role and shape (a recurrence names W at every step): no key spelled out.
    const same = this.variables.get(name);
    if (same !== undefined) for (let i = 0; i < same.length; i++) if (same[i]!.role === role && shapeEq(same[i]!.shape, shape)) return same[i]!;
    const node = new VarOf(this.takeId(), shape, name, role, this);
    if (role === "input" && !this.inputs.has(name)) {
      this.inputs.add(name);
      this.inputOrder.push(name);
    }
    this.structure.add(node);
    if (same === undefined) this.variables.set(name, [node]);
    else same.push(node);
    return node;
  }

  num(value: number): NumNode {
    const v = Object.is(value, -0) ? 0 : value;
    return this.intern<NumNode>(`n:${v}`, (id) => new NumOf(id, SCALAR, v, this));
  }

  /** The node op(args) with its shape from the shape rule; the arguments must belong to this graph. */
  op(op: OpName, args: readonly Expr[], attr?: Attr): OpNode {
    const at = attr ?? NO_ATTR;
    // Indexed loops here and in other functions every start runs: cold code allocates an iterator result per element of
    // a for-of, and at start-up that is enough to cost a collection (see README, Start-up).
    for (let i = 0; i < args.length; i++) if (args[i]!.graph !== this) throw new Error(`${op}: an argument belongs to another graph`);
    // One or two arguments and no parameters (most nodes): found on the first argument, no string key.
    // A node already built is returned as it is: its shape is known (most calls while rewriting find one).
    if (at === NO_ATTR && (args.length === 1 || args.length === 2)) return this.smallOp(op, args);
    const key = `o:${op}:${at === NO_ATTR ? "" : attrKey(at)}:${args.map((x) => x.id).join(",")}`;
    const found = this.table.get(key);
    if (found) return found as OpNode;
    const shape = this.shared(this.shapeOf(op, args.map((a) => a.shape), at));
    return this.intern<OpNode>(key, (id) => new OpOf(id, shape, op, args, at, this));
  }

  /** op(a) or op(a, b) without parameters: found on a when it was built before (see NodeOf.builtWith). */
  private smallOp(op: OpName, args: readonly Expr[]): OpNode {
    const first = args[0] as unknown as NodeOf<Expr["kind"]>;
    const found = first.builtWith(op, args[1]);
    if (found) return found;
    const node = this.built(op, args);
    first.rememberBuilt(node);
    return node;
  }

  /** The shape object already used for these sizes, or `shape` (past SHARED_SHAPES pairs, `shape` as it is). */
  private shared(shape: Shape): Shape {
    const known = this.shapes.get(shape.rows)?.get(shape.cols);
    if (known !== undefined) return known;
    const rows = this.canonical(shape.rows);
    const cols = this.canonical(shape.cols);
    let byCols = this.shapes.get(rows);
    const same = byCols?.get(cols);
    if (same !== undefined) return same;
    if (this.sharedShapes >= SHARED_SHAPES) return shape;
    const canonicalShape = rows === shape.rows && cols === shape.cols ? shape : { rows, cols };
    if (!byCols) this.shapes.set(rows, (byCols = new Map()));
    byCols.set(cols, canonicalShape);
    this.sharedShapes++;
    return canonicalShape;
  }

  /** The dimension object this graph uses for `d`'s size (the first one it met of that size). */
  private canonical(d: Dim): Dim {
    if (this.canonicalDims.has(d)) return d;
    const key = dimKey(d);
    const known = this.dims.get(key);
    if (known !== undefined) return known;
    if (this.dims.size >= SHARED_SHAPES) return d;
    this.dims.set(key, d);
    this.canonicalDims.add(d);
    return d;
  }

  /** A new operator node without parameters, its shape from the shape rule. */
  private built(op: OpName, args: readonly Expr[]): OpNode {
    const shape = this.shared(this.shapeOf(op, args.map((a) => a.shape), NO_ATTR));
    const node = new OpOf(this.takeId(), shape, op, args, NO_ATTR, this);
    this.structure.add(node);
    return node;
  }

}

/** The parameters as a key: equal for equal parameters (sizes, exponent, axis), different otherwise. */
export function attrKey(attr: Attr): string {
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
