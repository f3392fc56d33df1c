/**
 * The hash-consing table is a Graph value owned by one derivation: two
 * derivations, even interleaved in one process, share no node, id or table,
 * and a node of one graph cannot be used in another.
 */
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { newGraph } from "../src/ops/registry.js";
import { type Expr, Graph } from "../src/expr/node.js";
import { SizeLimit } from "../src/diagnostics/resource-limit.js";
import { matmul } from "../src/ops/make.js";
import { topoOrder } from "../src/expr/traverse.js";
import { formatDerivationText } from "../src/print/text.js";
import { NodeTable } from "../src/typing/node-table.js";
import { parseExpression } from "../src/syntax/parse.js";
import type { Node } from "../src/syntax/ast.js";

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

  it("stops with a SizeLimit, saying how many nodes it may hold, when a node past its limit is built", () => {
    const g = new Graph((_, args) => args[0]!, { maxNodes: 3 });
    const a = g.variable("A", sized(2));
    const b = g.variable("B", sized(2));
    const ab = g.op("matmul", [a, b]);
    // found again, not built: no new node
    expect(g.op("matmul", [a, b])).toBe(ab);
    expect(() => g.op("matmul", [b, a])).toThrow(SizeLimit);
    expect(() => g.op("matmul", [b, a])).toThrow(/builds more than 3 expression nodes/);
    expect(g.size).toBe(3);
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

  it("finds a variable again by name, role and shape, and keeps variables that differ in any of them apart", () => {
    const g = newGraph();
    const x = g.variable("x", sized(2));
    expect(g.variable("x", sized(2))).toBe(x);
    expect(g.variable("x", sized(3))).not.toBe(x);
    expect(g.variable("x", sized(2), "differential")).not.toBe(x);
    expect(g.variable("x", sized(3))).toBe(g.variable("x", sized(3)));
  });

  it("shares one shape object among nodes of the same sizes, whatever objects their sizes were built as", () => {
    const g = newGraph();
    const square = sized(2);
    const a = g.variable("A", square);
    const b = g.variable("B", square);
    const ab = matmul(a, b);
    expect(ab.shape).toEqual(square);
    expect(matmul(b, a).shape).toBe(ab.shape);
    expect(matmul(ab, b).shape).toBe(ab.shape);
    // Other dimension objects of the same sizes give the same shape, and their dimensions are the graph's first.
    const c = matmul(g.variable("C", sized(2)), a);
    expect(c.shape).toBe(ab.shape);
    // Other sizes are other shapes.
    const d = matmul(g.variable("D", sized(3)), g.variable("E", sized(3)));
    expect(d.shape).not.toBe(ab.shape);
    expect(d.shape).toEqual(sized(3));
  });

  it("shares the shapes of sizes that dimension arithmetic builds anew at every node (kron's n², a column's 1)", () => {
    const r = derive({ expr: "exp(W*".repeat(200) + "x" + ")".repeat(200), wrt: ["W"], shapes: ["W: n x n, x: n"] });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    const shapes = new Set(topoOrder([r.value.derivatives[0]!.result, r.value.y]).map((n) => n.shape));
    // n×1, n×n, n×n², 1×n and 1×1 at most, and the declared shapes of W and x (given as the user wrote them).
    expect(shapes.size).toBeLessThanOrEqual(8);
  });
});

describe("NodeTable", () => {
  it("keeps a value per surface node, and nodes of two parses with the same ids apart, in insertion order", () => {
    const one = parseExpression("a + b*c");
    const two = parseExpression("d - e*f");
    if (!one.ok || !two.ok) throw new Error("parse failed");
    const nodes = (root: Node): Node[] => {
      const out: Node[] = [];
      const stack = [root];
      while (stack.length) {
        const n = stack.pop()!;
        out.push(n);
        if (n.kind === "binary") stack.push(n.left, n.right);
      }
      return out;
    };
    const first = nodes(one.value);
    const second = nodes(two.value);
    // The two parses number their nodes alike: the same ids.
    expect(second.map((n) => n.id).sort()).toEqual(first.map((n) => n.id).sort());
    const table = new NodeTable<string>();
    const label = (n: Node) => (n.kind === "name" ? n.name : n.kind === "binary" ? n.op : n.kind);
    for (const n of first) table.set(n, `1:${label(n)}`);
    for (const n of second) table.set(n, `2:${label(n)}`);
    for (const n of first) expect(table.get(n)).toBe(`1:${label(n)}`);
    for (const n of second) expect(table.get(n)).toBe(`2:${label(n)}`);
    table.set(first[0]!, "again");
    const seen: string[] = [];
    table.forEach((v) => seen.push(v));
    expect(seen).toEqual(["again", ...first.slice(1).map((n) => `1:${label(n)}`), ...second.map((n) => `2:${label(n)}`)]);
  });
});

describe("Graph.structure", () => {
  it("finds every node by id across its pages, in a graph of more nodes than one page holds", () => {
    const g = newGraph();
    let e: Expr = g.variable("X", sized(3));
    const built: Expr[] = [e];
    for (let k = 0; k < 10_000; k++) {
      e = matmul(e, g.variable(`A${k % 7}`, sized(3)));
      built.push(e);
    }
    for (const n of built) expect(g.structure.node(n.id)).toBe(n);
    expect(topoOrder([e]).length).toBe(g.size);
  });
});
