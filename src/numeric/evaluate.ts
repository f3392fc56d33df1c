/**
 * Evaluating a typed graph on concrete matrices: each node once, in
 * dependency order, by its stanza's evaluator. Values of variables are
 * keyed by role and name (see valueKey) so `dx` the differential never
 * collides with a user variable called dx.
 */
import type { Expr, VarNode } from "../expr/node.js";
import { topoOrder } from "../expr/traverse.js";
import { stanzaOf } from "../ops/registry.js";
import type { OpName } from "../expr/names.js";
import { dimValue } from "../shapes/dim.js";
import type { Shape } from "../shapes/shape.js";
import { isFiniteMat, type Mat } from "../kernels/mat.js";

export type Sizes = ReadonlyMap<string, number>;
export type Values = ReadonlyMap<string, Mat>;

export function valueKey(v: Pick<VarNode, "name" | "role">): string {
  return v.role === "input" ? v.name : `${v.role}:${v.name}`;
}

export function concreteShape(s: Shape, sizes: Sizes): { rows: number; cols: number } {
  return { rows: dimValue(s.rows, sizes), cols: dimValue(s.cols, sizes) };
}

/** The first node whose arguments are outside its operator's domain, with the reason. */
export interface DomainViolation {
  readonly node: Expr;
  readonly reason: string;
}

export class EvaluationError extends Error {
  constructor(readonly violation: DomainViolation) {
    super(violation.reason);
  }
}

/** The largest matrix a numeric check builds (entries): 16 million doubles, 128 MB. */
export const MAX_ENTRIES = 16_000_000;

/** A size in words: exact below a million, else in exponent notation; "more than 10^308" beyond a double. */
const count = (n: number): string => (n < 1e6 ? String(n) : Number.isFinite(n) ? n.toExponential(1) : "more than 1e308");

/** A value too large to evaluate: checks at these sizes must use smaller --dims or another form. */
export class TooLargeError extends Error {
  constructor(readonly node: Expr, readonly rows: number, readonly cols: number) {
    super(`evaluating it needs a ${count(rows)}×${count(cols)} matrix (${count(rows * cols)} entries), more than a check may build (${MAX_ENTRIES.toExponential(1)})`);
  }
}

/** Operators whose value has no zero entry when no argument has one, save by underflow (or cancellation, for matmul and kron only by measure zero). */
const PRODUCTS: ReadonlySet<OpName> = new Set<OpName>(["matmul", "hadamard", "hdiv", "div", "scale", "kron", "power", "matpow", "hpow", "exp"]);

/**
 * A product of values without a zero entry that is entirely zero has underflowed: every digit
 * of it is lost, and a check on such an instance would compare zeros with zeros.
 */
function underflowed(op: OpName, args: readonly Mat[], out: Mat): boolean {
  if (!PRODUCTS.has(op) || out.data.length === 0 || out.data.some((v) => v !== 0)) return false;
  return args.every((a) => a.data.every((v) => v !== 0));
}

/** A node's numeric shape at these sizes, refused with a TooLargeError when a check may not build it. */
export function buildableShape(node: Expr, sizes: Sizes): { rows: number; cols: number } {
  const { rows, cols } = concreteShape(node.shape, sizes);
  if (!(rows * cols <= MAX_ENTRIES)) throw new TooLargeError(node, rows, cols);
  return { rows, cols };
}

/**
 * `known`: values of some nodes (by id) on these inputs, taken as given instead of evaluated again.
 * `keep`: a map that receives the value of every node evaluated (it may be `known` itself).
 */
export function evaluate(
  root: Expr, values: Values, sizes: Sizes, checkDomains = false, known?: ReadonlyMap<number, Mat>, keep?: Map<number, Mat>,
): Mat {
  const memo = keep === known && keep ? keep : new Map<number, Mat>(known);
  const order = topoOrder([root]);
  // Only the nodes the root needs: nothing below a node whose value is known (reverse topological
  // order visits every user of a node before the node itself).
  const needed = new Set<number>([root.id]);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    if (node.kind === "op" && needed.has(node.id) && !memo.has(node.id)) for (const a of node.args) needed.add(a.id);
  }
  for (const node of order) {
    if (memo.has(node.id) || !needed.has(node.id)) continue;
    if (node.kind === "var") {
      const v = values.get(valueKey(node));
      if (!v) throw new Error(`no value for ${node.name}`);
      const want = concreteShape(node.shape, sizes);
      if (v.rows !== want.rows || v.cols !== want.cols) {
        throw new Error(`value of ${node.name} is ${v.rows}×${v.cols}, expected ${want.rows}×${want.cols}`);
      }
      memo.set(node.id, v);
    } else if (node.kind === "num") {
      memo.set(node.id, { rows: 1, cols: 1, data: Float64Array.of(node.value) });
    } else {
      const stanza = stanzaOf(node.op);
      buildableShape(node, sizes);
      const args = node.args.map((a) => memo.get(a.id)!);
      if (checkDomains && stanza.outOfDomain) {
        const reason = stanza.outOfDomain(args);
        if (reason) throw new EvaluationError({ node, reason });
      }
      const out = stanza.evaluate(args, node, sizes);
      if (checkDomains && !isFiniteMat(out)) throw new EvaluationError({ node, reason: `${node.op} gave a value that is not finite` });
      if (checkDomains && underflowed(node.op, args, out)) throw new EvaluationError({ node, reason: `${node.op} underflowed to zero` });
      memo.set(node.id, out);
    }
  }
  if (keep && keep !== memo) for (const [id, v] of memo) keep.set(id, v);
  return memo.get(root.id)!;
}
