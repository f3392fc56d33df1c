/**
 * A code-generation back-end is a table with one entry per operator (a
 * record over OpName, so an operator without an entry does not compile;
 * only the elementwise functions of ops/elementwise.ts may be left out, and
 * then are called as `<namespace>.<name>`, the way NumPy, PyTorch and JAX
 * all spell exp, tanh or arctan), plus its support module: the helper functions entries call, how inputs
 * become arrays and how the result is returned. The shared Python emitter
 * (python.ts) turns a derivation into a module with any such back-end.
 */
import type { OpName } from "../../expr/names.js";
import type { elementwiseStanzas } from "../../ops/elementwise.js";
import type { Notation, PrintContext } from "../../ops/stanza.js";
import { Prec } from "../../ops/precedence.js";
import { REGISTRY } from "../../ops/registry.js";

/** The elementwise functions: a table may leave them out (see completeTable). */
export type ElementwiseOp = keyof typeof elementwiseStanzas;

/** One entry per operator: how the back-end spells it, with the same context the stanzas' notations get. */
export type CodegenTable = { readonly [K in Exclude<OpName, ElementwiseOp>]: Notation } & { readonly [K in ElementwiseOp]?: Notation };

/** A table with an entry for every operator. */
export type CompleteTable = { readonly [K in OpName]: Notation };

/** A helper function an entry may call; the module defines it only when the code calls it. */
export interface Helper {
  readonly name: string;
  readonly source: string;
}

export interface Backend {
  /** The table of operator spellings. */
  readonly table: CodegenTable;
  /** The array library's module name in the code (np, torch, jnp): an elementwise function without an entry is `<namespace>.<name>`. */
  readonly namespace: string;
  /** What the generated code says its inputs are ("numpy arrays"). */
  readonly arrays: string;
  /** What it says a result is: a scalar ("a float") and a matrix ("array"). */
  readonly returns: { readonly scalar: string; readonly matrix: string };
  /** The array library's import lines (the module adds `import math` for its support code). */
  readonly imports: readonly string[];
  /** The function that multiplies a chain in the order the sizes make cheapest (np.linalg.multi_dot). */
  readonly multiDot: string;
  /**
   * When entries build constants with `**_k` (dtype and device of the inputs, for
   * PyTorch): the right-hand side that defines _k from an input's local name, or,
   * when the function reads no input, from the first of the dict `arrays` of the
   * inputs passed (undefined where there is none: the library's defaults).
   */
  readonly constantOptions?: (like: string | undefined, arrays?: string) => string;
  /**
   * How an elementwise function without an entry is called (code.call by default): PyTorch's functions take tensors,
   * not the Python floats a constant such as sqrt(2) is in the code.
   */
  readonly elementwiseCall?: (f: string) => Notation;
  /** Helpers entries call (_sigmoid, _commutation, …). */
  readonly helpers: readonly Helper[];
  /**
   * `_as_matrix(name, value, dims)` (an input as a 2-D float array) and
   * `_result(value, shape)` (the returned value) for this array library.
   */
  readonly arrayIo: string;
  /**
   * Names a local may not take: the modules the code imports and the names its functions read for themselves
   * (RESERVED_NAMES in python-syntax.ts for every Python back-end, whose generic-function locals use it too).
   */
  readonly reserved: readonly string[];
}

/** Builders for table entries: a call f(args…), an infix operator, a method or attribute on the first argument. */
export const code = {
  call: (f: string): Notation => ({ prec: Prec.ATOM, render: (c) => `${f}(${c.node.args.map((_, i) => c.bare(i)).join(", ")})` }),
  infix: (symbol: string): Notation => ({ prec: Prec.PRODUCT, render: (c) => `${c.operand(0)} ${symbol} ${c.operand(1)}` }),
  atom: (render: (c: PrintContext) => string): Notation => ({ prec: Prec.ATOM, render }),
  /** x ** p (Python's ** binds tighter than unary minus on its left, so the base is an atom). */
  power: (): Notation => ({ prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)} ** ${c.arg(1, Prec.POSTFIX)}` }),
};

/** (rows, cols) of the node, as code. */
export const shapeArgs = (c: PrintContext): string => `(${c.dim(c.node.shape.rows)}, ${c.dim(c.node.shape.cols)})`;
/** The node's two size attributes, as code. */
export const dimArgs = (c: PrintContext): string => `${c.dim(c.node.attr.dims![0]!)}, ${c.dim(c.node.attr.dims![1]!)}`;

const completed = new WeakMap<Backend, CompleteTable>();

/**
 * The back-end's table with every elementwise function it leaves out filled
 * in as `<namespace>.<canonical name>(x)`. test/codegen-registry.test.ts runs
 * every operator through every back-end, so a library that spells a
 * function otherwise is caught there and gets an entry of its own.
 */
export function completeTable(backend: Backend): CompleteTable {
  let table = completed.get(backend);
  if (!table) {
    const filled: Record<string, Notation> = { ...backend.table };
    for (const op of Object.keys(REGISTRY) as OpName[]) {
      const name = REGISTRY[op].surface?.names[0];
      if (!(op in filled) && REGISTRY[op].elementwise && name) filled[op] = (backend.elementwiseCall ?? code.call)(`${backend.namespace}.${name}`);
    }
    table = filled as CompleteTable;
    completed.set(backend, table);
  }
  return table;
}
