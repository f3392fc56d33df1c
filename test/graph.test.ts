/**
 * The hash-consing table is a Graph value owned by one derivation: two
 * derivations, even interleaved in one process, share no node, id or table,
 * and a node of one graph cannot be used in another.
 */
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { newGraph } from "../src/ops/registry.js";
import { matmul } from "../src/ops/make.js";
import { topoOrder } from "../src/expr/traverse.js";
import { formatDerivationText } from "../src/print/text.js";

const sized = (n: number) => ({ rows: { coef: n, syms: [] }, cols: { coef: n, syms: [] } });

describe("Graph", () => {
  it("interns equal nodes within one graph, and builds separate nodes in another", () => {
    const g = newGraph();
    const h = newGraph();
    const a = g.variable("A", sized(2));
    expect(g.variable("A", sized(2))).toBe(a);
    expect(matmul(a, a)).toBe(matmul(a, a));
    const b = h.variable("A", sized(2));
    expect(b).not.toBe(a);
    expect(b.graph).toBe(h);
    expect(a.graph).toBe(g);
  });

  it("refuses to combine nodes of two graphs", () => {
    const a = newGraph().variable("A", sized(2));
    const b = newGraph().variable("B", sized(2));
    expect(() => matmul(a, b)).toThrow(/another graph/);
  });

  it("two derivations interleaved in one process share nothing and print as they would alone", () => {
    const first = { expr: "tanh(W*x + b)", wrt: ["x"], shapes: ["W: m x n, x: n, b: m"] };
    const second = { expr: "x'*A*x", wrt: ["x"] };
    const alone = [derive(first), derive(second)].map((r) => (r.ok ? formatDerivationText(r.value) : r.diagnostics[0]!.message));
    const one = derive(first);
    const two = derive(second);
    const again = derive(first);
    if (!one.ok || !two.ok || !again.ok) throw new Error("derive failed");
    expect(one.value.y.graph).not.toBe(two.value.y.graph);
    expect(one.value.y.graph).not.toBe(again.value.y.graph);
    // Ids are per graph: the same expression derived twice numbers its nodes the same way.
    const ids = (r: typeof one) => (r.ok ? topoOrder([r.value.y, ...r.value.derivatives.map((d) => d.result)]).map((n) => n.id) : []);
    expect(ids(again)).toEqual(ids(one));
    const nodesOfOne = new Set(topoOrder([one.value.y, ...one.value.derivatives.map((d) => d.result)]));
    for (const n of topoOrder([two.value.y, ...two.value.derivatives.map((d) => d.result)])) {
      expect(nodesOfOne.has(n)).toBe(false);
      expect(n.graph).toBe(two.value.y.graph);
    }
    expect([formatDerivationText(one.value), formatDerivationText(two.value)]).toEqual(alone);
  });
});
