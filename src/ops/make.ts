/**
 * Building graph nodes. `make` interns the node in its arguments' graph
 * (whose shape rule is the registry's); the named builders below are the
 * vocabulary every pass uses. Builders of sized constants take the graph
 * explicitly. They do no simplification beyond flattening sums and
 * skipping a broadcast to the shape a value already has.
 *
 * This module knows no stanza: the stanza files import it, and the
 * registry imports the stanza files, so there is no import circle.
 */
import type { Attr, Expr, Graph, OpNode } from "../expr/node.js";
import { topoOrder } from "../expr/traverse.js";
import type { Dim } from "../shapes/dim.js";
import { ONE } from "../shapes/dim.js";
import type { Shape } from "../shapes/shape.js";
import { isColumnShape, isRowShape, isScalarShape, shapeEq, sizeOf } from "../shapes/shape.js";
import type { OpName } from "../expr/names.js";

/** op(args) in the arguments' graph (an operator with arguments; constants use their own builders). */
export function make(op: OpName, args: readonly Expr[], attr?: Attr): OpNode {
  if (args.length === 0) throw new Error(`${op}: a constant is built on a graph explicitly`);
  return args[0]!.graph.op(op, args, attr);
}

/**
 * Σ terms, nested sums flattened: (A + B) + C = A + B + C. A nested sum that occurs twice (see sumOf), or whose
 * terms are already among the others, is kept whole: where a program reuses a sum (a₂ = a₁ + a₁, a₃ = a₂ + a₂, …), copying it
 * into every use would double the sum at each step; kept, the graph stays the size of the program,
 * and the simplifier collects it (flattenSum).
 */
export function add(terms: readonly Expr[]): Expr {
  return sumOf(terms, false);
}

/**
 * Σ terms as `add` builds it, except that a term `whole` picks stays one term even when it is a sum: a program's
 * named value (a₂ = a₁ ⊙ x + a₁ keeps a₁), so that each statement's sum has its own terms only, not every earlier
 * statement's (which would make the program's graph grow with the square of its length).
 */
export function addKeeping(terms: readonly Expr[], whole: (t: Expr, i: number) => boolean): Expr {
  return sumOf(terms, false, whole);
}

/**
 * Σ terms with every nested sum flattened, whatever it repeats (for terms already simplified, whose equal terms
 * collect), except those `whole` picks.
 */
export function flattenSum(terms: readonly Expr[], whole?: (t: Expr, i: number) => boolean): Expr {
  return sumOf(terms, true, whole);
}

const isSum = (e: Expr): boolean => e.kind === "op" && e.op === "add";

/**
 * Past this many terms a sum stays one term of the sums built on it: copied in, a chain that adds a term at each
 * step (dvᵢ = dvᵢ₋₁ + dx, the differential of 13,000 statements vᵢ = vᵢ₋₁ + x) copies every earlier term again at
 * each step, quadratic in its length.
 */
const FLATTEN_AT_MOST = 256;
const wide = (t: Expr): boolean => t.kind === "op" && t.op === "add" && t.args.length > FLATTEN_AT_MOST;

/**
 * Whether a sum stays one term of the sums built on it (wide, or kept whole as one shared value): rules that would
 * open it term by term ((A + B)ᵀ = Aᵀ + Bᵀ) leave it closed too.
 */
export const staysWhole = (t: Expr): boolean => wide(t) || t.graph.keptWhole(t);

function sumOf(terms: readonly Expr[], always: boolean, whole: (t: Expr, i: number) => boolean = () => false): Expr {
  // One term is the sum, flattened or not (a sum rebuilt from its own terms is the same node).
  if (terms.length === 1) return terms[0]!;
  // No term is a sum (most calls): nothing flattens, and the terms are the sum's arguments as they are.
  if (terms.length > 1 && !terms.some(isSum)) return make("add", terms.slice());
  const flat: Expr[] = [];
  const seen = new Set<number>();
  // A loop, not push(...args): a sum may have more terms than a call takes arguments.
  const push = (t: Expr) => {
    flat.push(t);
    seen.add(t.id);
  };
  // A sum used twice here stays whole at both uses: twice as a term (a₁ + a₁), or as a term and inside another
  // term (da ⊙ x + a ⊙ dx + da, the differential of a ⊙ x + a, whose da would otherwise be copied in at every step).
  const uses = new Map<number, number>();
  const count = (e: Expr) => {
    if (e.kind === "op" && e.op === "add") uses.set(e.id, (uses.get(e.id) ?? 0) + 1);
  };
  for (const t of terms) {
    count(t);
    // The terms this one contributes (its own, if it is a sum that flattens), and the sums inside each of them.
    for (const e of t.kind === "op" && t.op === "add" && !wide(t) ? t.args : [t]) {
      if (e !== t) count(e);
      if (e.kind === "op") for (const a of e.args) count(a);
    }
  }
  for (const [i, t] of terms.entries()) {
    const keep = whole(t, i) || (!always && (uses.get(t.id)! > 1 || t.graph.keptWhole(t) || wide(t) || (t.kind === "op" && t.args.some((a) => seen.has(a.id)))));
    if (t.kind === "op" && t.op === "add" && !keep) for (const a of t.args) push(a);
    else push(t);
  }
  if (flat.length === 0) throw new Error("add of no terms");
  return flat.length === 1 ? flat[0]! : make("add", flat);
}
/** Marks `e`, when it is a sum standing for one shared value, as one that later sums keep whole (Graph.keepWhole). */
export function keepWholeIfSum(e: Expr): void {
  if (e.kind === "op" && e.op === "add") e.graph.keepWhole(e);
}

export const sub = (a: Expr, b: Expr): Expr => add([a, neg(b)]);
export const neg = (a: Expr): Expr => make("neg", [a]);
export const matmul = (a: Expr, b: Expr): Expr => make("matmul", [a, b]);
/** s·M for a scalar s. */
export const scale = (s: Expr, m: Expr): Expr => make("scale", [s, m]);
export const hadamard = (a: Expr, b: Expr): Expr => make("hadamard", [a, b]);
export const hdiv = (a: Expr, b: Expr): Expr => make("hdiv", [a, b]);
/** M / s for a scalar s. */
export const div = (m: Expr, s: Expr): Expr => make("div", [m, s]);
export const kron = (a: Expr, b: Expr): Expr => make("kron", [a, b]);
export const transpose = (a: Expr): Expr => make("transpose", [a]);
export const power = (a: Expr, b: Expr): Expr => make("power", [a, b]);
export const matpow = (a: Expr, k: number): Expr => make("matpow", [a], { k });
export const hpow = (a: Expr, p: Expr): Expr => make("hpow", [a, p]);
export const apply = (op: OpName, a: Expr): Expr => make(op, [a]);
export const sum = (a: Expr): Expr => make("sum", [a]);
export const tr = (a: Expr): Expr => make("tr", [a]);
export const diagEmbed = (v: Expr): Expr => make("diagEmbed", [v]);
export const diagExtract = (a: Expr): Expr => make("diagExtract", [a]);
export const vec = (a: Expr): Expr => make("vec", [a]);
export const unvec = (v: Expr, s: Shape): Expr => make("unvec", [v], { dims: [s.rows, s.cols] });
export const inv = (a: Expr): Expr => make("inv", [a]);

/** a stretched to shape s (NumPy broadcasting); a itself when it already has that shape. */
export function broadcast(a: Expr, s: Shape): Expr {
  return shapeEq(a.shape, s) ? a : make("broadcast", [a], { dims: [s.rows, s.cols] });
}

export const identity = (g: Graph, n: Dim): Expr => (n.coef === 1 && n.syms.length === 0 ? g.num(1) : g.op("identity", [], { dims: [n] }));
export const ones = (g: Graph, rows: Dim, cols: Dim = ONE): Expr => g.op("ones", [], { dims: [rows, cols] });
export const zeros = (g: Graph, s: Shape): Expr => g.op("zeros", [], { dims: [s.rows, s.cols] });
/** K_{m,n}: K vec(A) = vec(Aᵀ) for A m×n. */
export const commutation = (g: Graph, m: Dim, n: Dim): Expr => g.op("commutation", [], { dims: [m, n] });

/** The constant v with shape s (a broadcast scalar). */
export function constant(g: Graph, v: number, s: Shape): Expr {
  return broadcast(g.num(v), s);
}

/**
 * The product of a coefficient and a differential, whichever of scaling or
 * Hadamard product fits: c ⊙ d for equal shapes, c·d when either is a scalar.
 */
export function times(c: Expr, d: Expr): Expr {
  if (shapeEq(c.shape, d.shape)) return isScalarShape(c.shape) ? scale(c, d) : hadamard(c, d);
  if (isScalarShape(c.shape)) return scale(c, d);
  if (isScalarShape(d.shape)) return scale(d, c);
  throw new Error("times: shapes do not fit");
}

/** ⟨a, b⟩, the Frobenius inner product, in the form a textbook writes it. */
export function inner(a: Expr, b: Expr): Expr {
  if (isScalarShape(a.shape)) return scale(a, b);
  if (isColumnShape(a.shape)) return matmul(transpose(a), b);
  if (isRowShape(a.shape)) return matmul(a, transpose(b));
  return sum(hadamard(a, b));
}

/** The number of entries of a node's shape, as a dimension. */
export const entries = (e: Expr): Dim => sizeOf(e.shape);

// ── zero-aware combinators for differentials (null means zero) ──

export function plus(...ds: readonly (Expr | null)[]): Expr | null {
  return plusAll(ds);
}

/** plus over a list (a sum's differential has a part per term, more than a call takes arguments). */
export function plusAll(ds: readonly (Expr | null)[]): Expr | null {
  const present = ds.filter((d): d is Expr => d !== null);
  return present.length === 0 ? null : add(present);
}

export function onLinear(d: Expr | null, f: (d: Expr) => Expr): Expr | null {
  return d === null ? null : f(d);
}

/** Rebuild `root` with each node in `replace` swapped for its replacement. */
export function substitute(root: Expr, replace: ReadonlyMap<number, Expr>): Expr {
  const built = new Map<number, Expr>();
  // A replaced node's arguments are not needed: the walk stops there (linear in what is rebuilt).
  for (const node of topoOrder([root], (id) => replace.has(id))) {
    const r = replace.get(node.id);
    if (r) {
      built.set(node.id, r);
    } else if (node.kind === "op") {
      const args = node.args.map((a) => built.get(a.id)!);
      built.set(node.id, args.every((a, i) => a === node.args[i]) ? node : node.graph.op(node.op, args, node.attr));
    } else {
      built.set(node.id, node);
    }
  }
  return built.get(root.id)!;
}
