/**
 * Driven by the registry, not by a hand-written list: every stanza is
 * applied to random well-shaped arguments (its `sample`, with four distinct
 * sizes m=2, n=3, p=4, q=5, so a missing transpose cannot hide behind a
 * square matrix), evaluated, printed in text and LaTeX, and differentiated
 * with respect to each argument in every form — jacobian in the numerator,
 * denominator and mixed layouts, grad, differential and index — each
 * checked against finite differences. A stanza added without an evaluator,
 * notation, adjoint, vec rule or index rule fails here.
 */
import { describe, expect, it } from "vitest";
import { allStanzas, newGraph } from "../src/ops/registry.js";
import type { SampleDims } from "../src/ops/stanza.js";
import type { Expr, VarNode } from "../src/expr/node.js";
import { differential } from "../src/calculus/differential.js";
import { differentialVariable, identify, upstreamVariable } from "../src/calculus/layout.js";
import { COMBOS, comboName } from "./helpers/derivative-check.js";
import { indexForm } from "../src/calculus/index.js";
import { normaliseIndexForm } from "../src/calculus/index-normal.js";
import { simplify } from "../src/simplify/engine.js";
import { DEFAULT_RULES } from "../src/simplify/catalogue.js";
import { sampleInstance } from "../src/numeric/check.js";
import { checkDerivative } from "../src/numeric/check-many.js";
import { evaluate } from "../src/numeric/evaluate.js";
import { createRng } from "../src/numeric/random.js";
import { Renderer } from "../src/print/render.js";
import katex from "katex";
import { indexEvaluator } from "../src/print/index-notation.js";

const sym = (s: string) => ({ coef: 1, syms: [s] });
const DIMS: SampleDims = { m: sym("m"), n: sym("n"), p: sym("p"), q: sym("q") };
const SIZES = new Map([["m", 2], ["n", 3], ["p", 4], ["q", 5]]);
const OPTIONS = { dims: SIZES, trials: 2 };


/** The stanza applied to fresh variables a0, a1, … of its sample shapes, in a graph of its own. */
function application(op: (typeof stanzas)[number]) {
  const g = newGraph();
  const { args, attr, roles, wrt } = op.sample(DIMS);
  const vars = args.map((s, i) => g.variable(`a${i}`, s, roles?.[i] ?? "input"));
  // A generic function's own argument (role "function") is never varied.
  const varied = wrt ?? vars.flatMap((v, i) => (v.role === "input" ? [i] : []));
  return { y: g.op(op.op, vars, attr), vars, varied };
}

const stanzas = allStanzas();

describe("the registry", () => {
  it("holds a stanza for every operator, filed under its own name", () => {
    expect(stanzas.length).toBeGreaterThan(40);
    for (const s of stanzas) expect(typeof s.evaluate).toBe("function");
  });
});

describe.each(stanzas.map((s) => [s.op, s] as const))("stanza %s", (_op, stanza) => {
  it("evaluates on a random instance to its shape, and prints in text and LaTeX", () => {
    const { y } = application(stanza);
    const instance = sampleInstance([y], createRng(7), OPTIONS);
    if ("violation" in instance) throw new Error(`no instance inside the domain: ${instance.violation.reason}`);
    const value = evaluate(y, instance.values, instance.sizes);
    const dim = (d: Expr["shape"]["rows"]) => d.coef * d.syms.reduce((acc, s) => acc * SIZES.get(s)!, 1);
    expect([value.rows, value.cols]).toEqual([dim(y.shape.rows), dim(y.shape.cols)]);
    expect(new Renderer("text").render(y).length).toBeGreaterThan(0);
    // The LaTeX typesets in KaTeX's strict mode, and no command word lost its backslash
    // (a JavaScript string "\operatorname" without the doubled backslash prints "operatorname").
    const latex = new Renderer("latex").render(y);
    expect(() => katex.renderToString(latex, { throwOnError: true, strict: "error" })).not.toThrow();
    expect(latex).not.toMatch(/(?<![\\a-zA-Z])(operatorname|mathrm|mathbf|mathsf|frac|sqrt|left|right|odot|oslash|otimes)(?![a-zA-Z])/);
  });

  const { varied } = application(stanza);
  const cases = varied.flatMap((i) => [...COMBOS.map((f) => ({ i, ...f, name: comboName(f) })), { i, form: "index" as const, layout: "numerator" as const, name: "index" }]);
  it.each(cases)("d/d(argument $i) in the $name form agrees with finite differences", ({ i, form, layout }) => {
    const { y, vars: xs } = application(stanza);
    const x = xs[i]! as VarNode;
    const dX = differentialVariable(x);
    const upstream = upstreamVariable(y.graph, "G", y.shape);
    const dY = differential(y, x, dX);
    if (form === "index") {
      const jacobian = identify(dY, y.shape, dX, "jacobian", "numerator", upstream).result;
      const index = normaliseIndexForm(indexForm(dY && simplify(dY, DEFAULT_RULES).result, y.shape, dX));
      const report = checkDerivative({ y, x, form: "jacobian", layout: "numerator", result: jacobian, evaluateJacobian: indexEvaluator(index, y, x) }, OPTIONS);
      expect(report.ok, `index terms: max relative error ${report.maxRelError}`).toBe(true);
      return;
    }
    const raw = identify(dY, y.shape, dX, form, layout, upstream).result;
    for (const result of [raw, simplify(raw, DEFAULT_RULES).result]) {
      const report = checkDerivative({ y, x, form, layout, result, dX, upstream }, OPTIONS);
      expect(report.ok, `${new Renderer("text").render(result)}: max relative error ${report.maxRelError}`).toBe(true);
    }
  });
});
