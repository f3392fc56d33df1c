/**
 * Evaluating a typed graph on concrete matrices: each node once, in
 * dependency order, by its stanza's evaluator. Values of variables are
 * keyed by role and name (see valueKey) so `dx` the differential never
 * collides with a user variable called dx.
 */
import type { Expr, VarNode } from "../expr/node.js";
import { topoOrder } from "../expr/traverse.js";
import { stanzaOf } from "../ops/registry.js";
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

/** A value too large to evaluate: checks at these sizes must use smaller --dims or another form. */
export class TooLargeError extends Error {
  constructor(readonly node: Expr, readonly rows: number, readonly cols: number) {
    super(`evaluating it needs a ${rows}×${cols} matrix (${(rows * cols).toExponential(1)} entries), more than a check may build (${MAX_ENTRIES.toExponential(1)})`);
  }
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
      const { rows, cols } = concreteShape(node.shape, sizes);
      if (rows * cols > MAX_ENTRIES) throw new TooLargeError(node, rows, cols);
      const args = node.args.map((a) => memo.get(a.id)!);
      if (checkDomains && stanza.outOfDomain) {
        const reason = stanza.outOfDomain(args);
        if (reason) throw new EvaluationError({ node, reason });
      }
      const out = stanza.evaluate(args, node, sizes);
      if (checkDomains && !isFiniteMat(out)) throw new EvaluationError({ node, reason: `${node.op} gave a value that is not finite` });
      memo.set(node.id, out);
    }
  }
  if (keep && keep !== memo) for (const [id, v] of memo) keep.set(id, v);
  return memo.get(root.id)!;
}
