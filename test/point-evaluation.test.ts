/**
 * The compiled evaluation plan (src/numeric/plan.ts) and the evaluation at
 * points that differ from an instance in a few inputs (src/numeric/
 * point-evaluation.ts) must give the very numbers of an evaluation from
 * scratch: the check's verdicts and printed errors depend on them. Both are
 * compared here, bit for bit, with a reference evaluator written without
 * either (a memo over a topological order, each node by its stanza's
 * evaluator): for every operator of the registry, applied to random
 * arguments and moved along each argument in turn, and for a deep
 * recurrence h ← tanh(W·h + U·x) moved along each input, evaluated alone
 * and with other roots.
 */
import { describe, expect, it } from "vitest";
import { allStanzas, newGraph, stanzaOf } from "../src/ops/registry.js";
import type { SampleDims } from "../src/ops/stanza.js";
import type { Expr, OpNode } from "../src/expr/node.js";
import { topoOrder } from "../src/expr/traverse.js";
import { sampleInstance } from "../src/numeric/check.js";
import { evaluate, evaluateRoots, valueKey, type Sizes, type Values } from "../src/numeric/evaluate.js";
import { PointEvaluation } from "../src/numeric/point-evaluation.js";
import { createRng, randomNormal } from "../src/numeric/random.js";
import * as M from "../src/kernels/mat.js";
import type { Mat } from "../src/kernels/mat.js";
import { SCALAR } from "../src/shapes/shape.js";

const sym = (s: string) => ({ coef: 1, syms: [s] });
const DIMS: SampleDims = { m: sym("m"), n: sym("n"), p: sym("p"), q: sym("q") };
const OPTIONS = { dims: new Map([["m", 2], ["n", 3], ["p", 4], ["q", 5]]) };

/** Every node's value, by id, computed the plain way. */
function reference(root: Expr, values: Values, sizes: Sizes): Map<number, Mat> {
  const memo = new Map<number, Mat>();
  for (const node of topoOrder([root])) {
    if (node.kind === "var") memo.set(node.id, values.get(valueKey(node))!);
    else if (node.kind === "num") memo.set(node.id, M.scalar(node.value));
    else memo.set(node.id, stanzaOf(node.op).evaluate(node.args.map((a) => memo.get(a.id)!), node, sizes));
  }
  return memo;
}

/** Equal entry for entry, as numbers are compared bit for bit (0 and −0 differ, NaN equals NaN). */
function expectSame(got: Mat, want: Mat, what: string): void {
  expect([got.rows, got.cols], what).toEqual([want.rows, want.cols]);
  expect(Array.from(got.data), what).toEqual(Array.from(want.data));
}

/** The stanza applied to fresh variables a0, a1, … of its sample shapes, and y ⊙ y above it (a node read twice). */
function application(op: ReturnType<typeof allStanzas>[number]) {
  const g = newGraph();
  const { args, attr, roles, wrt } = op.sample(DIMS);
  const vars = args.map((s, i) => g.variable(`a${i}`, s, roles?.[i] ?? "input"));
  const varied = wrt ?? vars.flatMap((v, i) => (v.role === "input" ? [i] : []));
  const y = g.op(op.op, vars, attr);
  return { y, root: g.op("hadamard", [y, y]), vars, varied };
}

/** The instance's values with `key` moved to x + t·V. */
const moved = (values: Values, key: string, t: number, v: Mat): Map<string, Mat> => new Map(values).set(key, M.addScaled(values.get(key)!, t, v));

describe.each(allStanzas().map((s) => [s.op, s] as const))("stanza %s", (_op, stanza) => {
  it("evaluates as the reference does, in full and at points moved along each argument", () => {
    const { root, vars, varied } = application(stanza);
    const rng = createRng(11);
    const sample = sampleInstance([root], rng, OPTIONS);
    if ("violation" in sample) throw new Error(`no instance inside the domain: ${sample.violation.reason}`);
    const { values, sizes, rootValues } = sample;
    const want = reference(root, values, sizes);
    expectSame(rootValues[0]!, want.get(root.id)!, "the sampler's value");
    expectSame(evaluate(root, values, sizes), want.get(root.id)!, "evaluate");
    for (const i of varied) {
      const key = valueKey(vars[i]!);
      const x0 = values.get(key)!;
      const v = randomNormal(rng, x0.rows, x0.cols);
      const points = new PointEvaluation(root, [key], values, sizes);
      for (const t of [1e-3, -1e-3, 2e-3]) {
        const at = moved(values, key, t, v);
        expectSame(points.at(new Map([[key, at.get(key)!]])), reference(root, at, sizes).get(root.id)!, `argument ${i} at t = ${t}`);
      }
    }
  });
});

describe("a deep recurrence h ← tanh(W·h + U·x), 40 steps", () => {
  const g = newGraph();
  const dim = (s: string) => ({ rows: sym(s), cols: sym(s) });
  const W = g.variable("W", dim("H"));
  const U = g.variable("U", { rows: sym("H"), cols: sym("D") });
  const h0 = g.variable("h0", { rows: sym("H"), cols: SCALAR.cols });
  const x = g.variable("x", { rows: sym("D"), cols: SCALAR.cols });
  const Ux = g.op("matmul", [U, x]) as OpNode;
  let h: Expr = h0;
  for (let t = 0; t < 40; t++) h = g.op("tanh", [g.op("add", [g.op("matmul", [W, h]), Ux])]);
  const L = g.op("sum", [h]);
  const options = { dims: new Map([["H", 3], ["D", 2]]) };

  it.each(["W", "U", "h0", "x"])("moved along %s, it evaluates as the reference does", (name) => {
    const rng = createRng(5);
    const sample = sampleInstance([L], rng, options);
    if ("violation" in sample) throw new Error(sample.violation.reason);
    const { values, sizes } = sample;
    const x0 = values.get(name)!;
    const v = randomNormal(rng, x0.rows, x0.cols);
    const points = new PointEvaluation(L, [name], values, sizes);
    for (const t of [1e-4, -1e-4, 5e-5]) {
      const at = moved(values, name, t, v);
      expectSame(points.at(new Map([[name, at.get(name)!]])), reference(L, at, sizes).get(L.id)!, `t = ${t}`);
      expectSame(evaluate(L, at, sizes), reference(L, at, sizes).get(L.id)!, `evaluate at t = ${t}`);
    }
  });

  it("takes an overridden node's value from the point, and reads a linear node's fixed factor", () => {
    const sample = sampleInstance([L], createRng(9), options);
    if ("violation" in sample) throw new Error(sample.violation.reason);
    const { values, sizes } = sample;
    const points = new PointEvaluation(L, ["x"], values, sizes, [Ux]);
    const x1 = M.addScaled(values.get("x")!, 1e-3, M.ones(2, 1));
    // U·x at the point, by the node's own evaluator, is what an evaluation from scratch computes.
    const Ux1 = points.nodeAt(Ux, new Map([["x", x1]]));
    const at = new Map(values).set("x", x1);
    const want = reference(L, at, sizes);
    expectSame(Ux1, want.get(Ux.id)!, "U·x");
    expectSame(points.at(new Map([["x", x1]]), new Map([[Ux.id, Ux1]])), want.get(L.id)!, "L");
    // Another value for the overridden node is used as given.
    const other = M.scale(2, Ux1);
    const otherWant = evaluate(L, at, sizes, false, new Map([[Ux.id, other]]));
    expectSame(points.at(new Map([["x", x1]]), new Map([[Ux.id, other]])), otherWant, "L with 2·U·x");
    expect(() => points.at(new Map([["x", x1]]))).toThrow(/no value for overridden node/);
  });

  it("evaluates several roots sharing nodes as each alone, domain checks included", () => {
    const sample = sampleInstance([L], createRng(4), options);
    if ("violation" in sample) throw new Error(sample.violation.reason);
    const { values, sizes } = sample;
    const roots = [L, h, Ux, W];
    const got = evaluateRoots(roots, values, sizes, true);
    roots.forEach((r, k) => expectSame(got[k]!, reference(r, values, sizes).get(r.id)!, `root ${k}`));
    // A root that is an argument of a later one is still there at the end.
    expectSame(evaluateRoots([h, L], values, sizes)[0]!, reference(h, values, sizes).get(h.id)!, "h before L");
  });

  it("evaluate keeps every value it computes, and takes known values as given", () => {
    const sample = sampleInstance([L], createRng(3), options);
    if ("violation" in sample) throw new Error(sample.violation.reason);
    const { values, sizes } = sample;
    const want = reference(L, values, sizes);
    const keep = new Map<number, Mat>();
    evaluate(L, values, sizes, false, undefined, keep);
    expect(keep.size).toBe(want.size);
    for (const [id, v] of keep) expectSame(v, want.get(id)!, `node ${id}`);
    // A known value stands for its node: nothing below it is evaluated.
    const known = new Map([[h.id, M.zeros(3, 1)]]);
    expect(M.scalarValue(evaluate(L, values, sizes, false, known))).toBe(0);
  });
});
