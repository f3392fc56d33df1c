/**
 * Checking many derivatives of one y together (derive --check with many --wrt names): the instances are shared,
 * y's fixed part is evaluated once for all of them, and every derivative is still judged on its own: a wrong
 * one among right ones is the one that fails. Also the refusal of a check whose one evaluation would cost
 * more than a check may spend, and the sum kernel that adds many terms into one result.
 */
import { describe, expect, it, vi } from "vitest";
import { deriveProgram } from "../src/api/derive.js";
import type { OpNode } from "../src/expr/node.js";
import { checkDerivation, numericOptions } from "../src/api/check-derivation.js";
import { checkDerivative, checkDerivatives } from "../src/numeric/check-many.js";
import { type CheckTarget, boundAmong, sampleInstance, symbolsToSample } from "../src/numeric/check.js";
import { PointEvaluation } from "../src/numeric/point-evaluation.js";
import { evaluate, valueKey } from "../src/numeric/evaluate.js";
import { TooLargeError, WorkBudget, affordableAt } from "../src/numeric/work.js";
import { movingSlots, planOf, planOfRoots } from "../src/numeric/plan.js";
import { createRng, randomNormal } from "../src/numeric/random.js";
import { allStanzas, newGraph } from "../src/ops/registry.js";
import { main } from "../src/cli/main.js";
import { memoryIO } from "../src/cli/io.js";
import * as M from "../src/kernels/mat.js";

const quadraticForms = (n: number) => Array.from({ length: n }, (_, i) => `x${i}'*A*x${i}`).join(" + ");
const names = (n: number) => Array.from({ length: n }, (_, i) => `x${i}`);

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const m = memoryIO();
  const code = await main([...args, "--no-color"], m.io);
  return { code, out: m.stdout(), err: m.stderr() };
}

describe("derivatives checked together", () => {
  it("share the steps that every unit direction may take: 150 names of a 300-factor product use a random direction each, and a wrong one still fails", () => {
    const product = Array.from({ length: 300 }, (_, i) => `(A${i} .* B)`).join("*");
    const wrt = Array.from({ length: 150 }, (_, i) => `A${2 * i}`);
    const d = deriveProgram(`sum(${product})`, { wrt, form: "grad" });
    const targets: CheckTarget[] = d.derivatives.map((r) => ({ y: r.y, x: r.variable, form: "grad", layout: d.layout, result: r.result, upstream: d.upstream ?? undefined }));
    // A0's gradient replaced by A2's: the same shape, the wrong value.
    const wrong = targets.map((t, i) => (i === 0 ? { ...t, result: targets[1]!.result } : t));
    const points = vi.spyOn(PointEvaluation.prototype, "at");
    try {
      const reports = checkDerivatives(wrong, { dims: new Map([["m", 6]]) });
      expect(reports.map((r) => r.ok)).toEqual(wrong.map((_, i) => i !== 0));
      // One random direction per name and trial: about 8,300 points in all; every unit direction of a 6×6 A took 33,000.
      expect(points.mock.calls.length).toBeLessThan(150 * 3 * 30);
    } finally {
      points.mockRestore();
    }
  });

  it("every right derivative of a sum over many names passes, each with its own trials", () => {
    const d = deriveProgram(quadraticForms(12), { wrt: names(12) });
    const reports = checkDerivation(d);
    expect(reports).toHaveLength(12);
    for (const r of reports) {
      expect(r.ok).toBe(true);
      expect(r.trials).toHaveLength(3);
    }
  });

  it("a wrong derivative among right ones is the only one that fails, and agrees with its check alone", () => {
    for (const form of ["jacobian", "grad", "differential"] as const) {
      const d = deriveProgram(quadraticForms(5), { wrt: names(5), form });
      const targets: CheckTarget[] = d.derivatives.map((r) => ({
        y: r.y, x: r.variable, form, layout: d.layout, result: r.result, upstream: d.upstream ?? undefined,
        dX: d.derivatives[0]!.variable.graph.variable(`d${r.variable.name}`, r.variable.shape, "differential"),
      }));
      // x2's derivative replaced by x3's: the same shape, the wrong value.
      const wrong = targets.map((t, i) => (i === 2 ? { ...t, result: targets[3]!.result } : t));
      const reports = checkDerivatives(wrong);
      expect(reports.map((r) => r.ok), form).toEqual([true, true, false, true, true]);
      expect(checkDerivative(wrong[2]!).ok, form).toBe(false);
    }
  });

  it("a sum of 400 quadratic forms checks its 400 gradients", async () => {
    const r = await run(["derive", quadraticForms(400), "--wrt", names(400).join(","), "--check"]);
    expect(r.code).toBe(0);
    expect(r.out.match(/^check \(x\d+\) ✓/gm)).toHaveLength(400);
  });
});

describe("a wide sum is differentiated through its few varying terms", () => {
  it("a name in two of 41 terms gets the derivative it has in a sum of just those two, and checks", async () => {
    const wide = `${quadraticForms(40)} + x0'*x0`;
    const r = await run(["derive", wide, "--wrt", "x0,x7", "--check"]);
    expect(r.code).toBe(0);
    expect(r.out.match(/^check \(x\d+\) ✓/gm)).toHaveLength(2);
    // The same derivatives, found through a sum of just the three terms that hold x0 and x7.
    const narrow = await run(["derive", "x0'*A*x0 + x7'*A*x7 + x0'*x0", "--wrt", "x0,x7"]);
    const results = (out: string) => out.split("\n").filter((l) => /^(∂y\/∂x|  t₀)/.test(l));
    expect(results(r.out)).toHaveLength(3);
    expect(results(r.out)).toEqual(results(narrow.out));
  });
});

describe("an instance where y underflows is drawn again for all the names", () => {
  it("(A0 + B)·…·(A999 + B) with four names: the draws that underflow are redrawn together, not name by name", () => {
    const product = Array.from({ length: 1000 }, (_, i) => `(A${i} + B)`).join("*");
    const d = deriveProgram(`sum(${product})`, { wrt: ["A0", "A2", "A4", "A6"], form: "grad" });
    const targets: CheckTarget[] = d.derivatives.map((r) => ({ y: r.y, x: r.variable, form: "grad", layout: d.layout, result: r.result, upstream: d.upstream ?? undefined }));
    // What the test relies on: at the sizes a check draws, some instances of this y underflow (ordinary values
    // overflow a thousand factors, and the smaller ones a check then draws can shrink y to nothing).
    const roots = [...new Set(targets.flatMap((t) => [t.y, t.result, t.x]))];
    const rng = createRng(7);
    const draws = Array.from({ length: 12 }, () => sampleInstance(roots, rng, {}, [...new Set(targets.flatMap(symbolsToSample))]));
    expect(draws.some((s) => !("violation" in s) && s.underflow !== undefined)).toBe(true);
    // Every instance drawn is charged to the budget once (WorkBudget.charge), so its calls count the draws.
    const charges = vi.spyOn(WorkBudget.prototype, "charge");
    try {
      const reports = checkDerivatives(targets, { budget: new WorkBudget(Number.MAX_SAFE_INTEGER) });
      expect(reports.map((r) => r.ok)).toEqual([true, true, true, true]);
      const together = charges.mock.calls.length;
      charges.mockClear();
      for (const t of targets.slice(0, 2)) expect(checkDerivative(t, { budget: new WorkBudget(Number.MAX_SAFE_INTEGER) }).ok).toBe(true);
      // Checked name by name after an underflow, the four drew what four checks alone draw, and more.
      expect(together).toBeLessThan(charges.mock.calls.length);
    } finally {
      charges.mockRestore();
    }
  });
});

describe("a name whose trial cannot be trusted on a shared instance waits for the next shared instance", () => {
  it("20 residual attention layers, every aᵢ a name: the names that cannot be trusted are redrawn together, not each alone", () => {
    const layers = Array.from({ length: 20 }, (_, i) => `s${i + 1} = softmax(a${i}*Wq*a${i}', 2)\na${i + 1} = s${i + 1}*a${i} + a${i}`);
    const program = ["a0 = tanh(X)", ...layers, "y = sum(a20)", "where X: N x D, Wq: D x D"].join("\n");
    const d = deriveProgram(program, { wrt: Array.from({ length: 20 }, (_, i) => `a${i}`), form: "grad" });
    const targets: CheckTarget[] = d.derivatives.map((r) => ({ y: r.y, x: r.variable, form: "grad", layout: d.layout, result: r.result, upstream: d.upstream ?? undefined }));
    const charges = vi.spyOn(WorkBudget.prototype, "charge");
    try {
      // The options a check of the derivation uses (the intermediates' definitions among them).
      const options = (budget: WorkBudget) => numericOptions(d, { budget });
      const reports = checkDerivatives(targets, options(new WorkBudget(Number.MAX_SAFE_INTEGER)));
      // What the test relies on: the differences of some names do not settle on any instance tried.
      expect(reports.some((r) => r.inconclusive !== undefined)).toBe(true);
      const together = charges.mock.calls.length;
      charges.mockClear();
      for (const t of targets.slice(0, 4)) checkDerivative(t, options(new WorkBudget(Number.MAX_SAFE_INTEGER)));
      // All twenty together draw fewer instances than four of them checked alone.
      expect(together).toBeLessThan(charges.mock.calls.length);
    } finally {
      charges.mockRestore();
    }
  });
});

describe("names whose y has no instance in its domain", () => {
  it("share the verdict of the first checked alone, when it fails in y: log of a negative sum, three names", () => {
    const d = deriveProgram("sum(log(-exp(x1) - exp(x2) - exp(x3)))", { wrt: ["x1", "x2", "x3"] });
    const targets: CheckTarget[] = d.derivatives.map((r) => ({ y: r.y, x: r.variable, form: d.form, layout: d.layout, result: r.result }));
    const charges = vi.spyOn(WorkBudget.prototype, "charge");
    try {
      const reports = checkDerivatives(targets, { budget: new WorkBudget(Number.MAX_SAFE_INTEGER) });
      expect(reports.map((r) => r.domain?.reason)).toEqual(reports.map(() => reports[0]!.domain!.reason));
      expect(reports[0]!.domain!.node.kind === "op" && reports[0]!.domain!.node.op).toBe("log");
      const together = charges.mock.calls.length;
      charges.mockClear();
      for (const t of targets) checkDerivative(t, { budget: new WorkBudget(Number.MAX_SAFE_INTEGER) });
      // The shared draws and one name's alone, against three names' alone (and the shared draws before them).
      expect(together).toBeLessThan(charges.mock.calls.length);
    } finally {
      charges.mockRestore();
    }
  });
});

describe("names too costly to check all at once are checked one by one", () => {
  it("four tanh sums at n = 1,300: together past the limit, each alone within it, and each checks", () => {
    const d = deriveProgram("sum(tanh(X1)) + sum(tanh(X2)) + sum(tanh(X3)) + sum(tanh(X4))", {
      wrt: ["X1", "X2", "X3", "X4"], form: "grad", shapes: ["X1: n x n, X2: n x n, X3: n x n, X4: n x n"],
    });
    const sizes = new Map([["n", 1300]]);
    const targets: CheckTarget[] = d.derivatives.map((r) => ({ y: r.y, x: r.variable, form: "grad", layout: d.layout, result: r.result, upstream: d.upstream ?? undefined }));
    // What the test relies on: the shared plan is refused, each name's own plan is not.
    expect(() => affordableAt(planOfRoots(targets.flatMap((t) => [t.y, t.result, t.x])), sizes)).toThrow(TooLargeError);
    for (const t of targets) expect(() => affordableAt(planOfRoots([t.y, t.result, t.x]), sizes)).not.toThrow();
    const reports = checkDerivatives(targets, { dims: sizes, trials: 1 });
    expect(reports.map((r) => r.ok)).toEqual([true, true, true, true]);
  });
});

describe("point evaluations on one instance share its fixed values", () => {
  it("each moving input in turn gives the very numbers of an evaluation from scratch", () => {
    const g = newGraph();
    const shape = { rows: { coef: 1, syms: ["n"] }, cols: { coef: 1, syms: [] } };
    const A = g.variable("A", { rows: shape.rows, cols: shape.rows });
    const xs = [0, 1, 2, 3].map((i) => g.variable(`x${i}`, shape));
    const y = g.op("add", xs.map((x) => g.op("tanh", [g.op("matmul", [A, x])])));
    const sample = sampleInstance([y], createRng(3), { dims: new Map([["n", 4]]) });
    if ("violation" in sample) throw new Error(sample.violation.reason);
    const { values, sizes } = sample;
    const rng = createRng(4);
    for (const x of [...xs, A, xs[1]!]) {
      const key = valueKey(x);
      const points = new PointEvaluation(y, [key], values, sizes);
      const moved = M.addScaled(values.get(key)!, 1e-3, randomNormal(rng, values.get(key)!.rows, values.get(key)!.cols));
      const want = evaluate(y, new Map(values).set(key, moved), sizes);
      expect(Array.from(points.at(new Map([[key, moved]])).data), x.name).toEqual(Array.from(want.data));
    }
  });
});

describe("point evaluations share one base instance", () => {
  it("interleaved, and after a point that fails midway, each gives the very numbers of an evaluation from scratch", () => {
    const g = newGraph();
    const shape = { rows: { coef: 1, syms: ["n"] }, cols: { coef: 1, syms: [] } };
    const A = g.variable("A", { rows: shape.rows, cols: shape.rows });
    const xs = [0, 1, 2].map((i) => g.variable(`x${i}`, shape));
    // x0 feeds x1's term too: the two evaluations move overlapping parts of y.
    const y = g.op("add", [g.op("tanh", [g.op("matmul", [A, xs[0]!])]), g.op("tanh", [g.op("matmul", [A, g.op("hadamard", [xs[0]!, xs[1]!])])]), xs[2]!]);
    const sample = sampleInstance([y], createRng(5), { dims: new Map([["n", 3]]) });
    if ("violation" in sample) throw new Error(sample.violation.reason);
    const { values, sizes } = sample;
    const rng = createRng(6);
    const evaluations = new Map(xs.map((x) => [x, new PointEvaluation(y, [valueKey(x)], values, sizes)]));
    for (const x of [xs[0]!, xs[1]!, xs[0]!, xs[2]!, xs[1]!]) {
      const key = valueKey(x);
      // A value of the wrong shape fails partway through the moving steps; the base must be whole afterwards.
      expect(() => evaluations.get(x)!.at(new Map([[key, M.zeros(5, 1)]]))).toThrow();
      const moved = M.addScaled(values.get(key)!, 1e-3, randomNormal(rng, 3, 1));
      const want = evaluate(y, new Map(values).set(key, moved), sizes);
      expect(Array.from(evaluations.get(x)!.at(new Map([[key, moved]])).data), x.name).toEqual(Array.from(want.data));
      expect(Array.from(evaluate(y, values, sizes).data)).toEqual(Array.from(sample.rootValues[0]!.data));
    }
  });

  it("a wide sum keeps the fold of its leading fixed terms: the moving term anywhere in 40 gives the numbers of an evaluation from scratch", () => {
    const g = newGraph();
    const shape = { rows: { coef: 1, syms: ["n"] }, cols: { coef: 1, syms: [] } };
    const A = g.variable("A", { rows: shape.rows, cols: shape.rows });
    const xs = Array.from({ length: 40 }, (_, i) => g.variable(`x${i}`, shape));
    const y = g.op("add", xs.map((x) => g.op("tanh", [g.op("matmul", [A, x])])));
    const sample = sampleInstance([y], createRng(9), { dims: new Map([["n", 3]]) });
    if ("violation" in sample) throw new Error(sample.violation.reason);
    const { values, sizes } = sample;
    const rng = createRng(10);
    for (const x of [xs[0]!, xs[1]!, xs[2]!, xs[17]!, xs[39]!, A]) {
      const key = valueKey(x);
      const points = new PointEvaluation(y, [key], values, sizes);
      for (let p = 0; p < 3; p++) {
        const moved = M.addScaled(values.get(key)!, 10 ** -p, randomNormal(rng, values.get(key)!.rows, values.get(key)!.cols));
        const want = evaluate(y, new Map(values).set(key, moved), sizes);
        expect(Array.from(points.at(new Map([[key, moved]])).data), x.name).toEqual(Array.from(want.data));
      }
    }
  });

  it("every operator that folds from the left gives, from the fold of any leading arguments, the bits of the whole fold", () => {
    const rng = createRng(12);
    const folding = allStanzas().filter((st) => st.foldsLeft);
    expect(folding.map((st) => st.op)).toContain("add");
    for (const stanza of folding) {
      for (const [rows, cols] of [[1, 1], [3, 2]] as const) {
        const args = Array.from({ length: 20 }, () => M.scale(10 ** (rng.next() * 8 - 4), randomNormal(rng, rows, cols)));
        const node = { op: stanza.op } as unknown as OpNode;
        const whole = stanza.evaluate(args, node, new Map());
        for (let k = 2; k < args.length; k++) {
          const fold = stanza.evaluate(args.slice(0, k), node, new Map());
          expect(Array.from(stanza.evaluate([fold, ...args.slice(k)], node, new Map()).data), `${stanza.op} from ${k} of ${rows}×${cols}`).toEqual(Array.from(whole.data));
        }
      }
    }
  });

  it("the slots that move with an input are those a pass over the plan marks, and in dependency order", () => {
    const d = deriveProgram("a = tanh(W*x + b)\nc = a .* (U*a) + x\ny = sum(c .* c) + sum(U*b)", { wrt: ["W"] });
    const plan = planOf(d.derivatives[0]!.result);
    for (const key of new Set(plan.keys.filter((k) => k !== ""))) {
      const want = new Uint8Array(plan.nodes.length);
      for (let i = 0; i < plan.nodes.length; i++) {
        if (plan.nodes[i]!.kind === "var") want[i] = plan.keys[i] === key ? 1 : 0;
        else for (let k = plan.argStart[i]!; k < plan.argStart[i + 1]!; k++) want[i] |= want[plan.argSlots[k]!]!;
      }
      const { moves, steps } = movingSlots(plan, [key]);
      expect(Array.from(moves), key).toEqual(Array.from(want));
      expect(Array.from(steps), key).toEqual(Array.from(want.keys()).filter((i) => want[i]));
    }
  });
});

describe("unit directions only where their points are cheap", () => {
  it("a small X under a Kronecker product of millions of entries is checked along random directions", () => {
    const y = deriveProgram("sum(kron(X, ones(600, 600)))", { wrt: ["X"], shapes: ["X: 3 x 3"] }).y;
    const sample = sampleInstance([y], createRng(2), {});
    if ("violation" in sample) throw new Error(sample.violation.reason);
    const points = new PointEvaluation(y, ["X"], sample.values, sample.sizes);
    // 9 unit directions, 2 points each, of 3.2 million entries: past the entries a trial's points may compute.
    expect(points.affords(18, 400_000)).toBe(false);
    const small = deriveProgram("sum(kron(X, ones(6, 6)))", { wrt: ["X"], shapes: ["X: 3 x 3"] }).y;
    const smallSample = sampleInstance([small], createRng(2), {});
    if ("violation" in smallSample) throw new Error(smallSample.violation.reason);
    expect(new PointEvaluation(small, ["X"], smallSample.values, smallSample.sizes).affords(18, 400_000)).toBe(true);
  });
});

describe("sumOf adds terms left to right into one result", () => {
  it("gives the bits of adding pairs in turn, for one, two and many terms", () => {
    const rng = createRng(8);
    for (const [rows, cols] of [[3, 2], [1, 1]] as const) {
      for (const count of [1, 2, 3, 17, 500]) {
        const terms = Array.from({ length: count }, () => M.scale(10 ** (rng.next() * 8 - 4), randomNormal(rng, rows, cols)));
        const want = terms.reduce((a, b) => M.add(a, b));
        expect(Array.from(M.sumOf(terms).data), `${count} terms of ${rows}×${cols}`).toEqual(Array.from(want.data));
      }
    }
    // a third term of another shape is refused too, not only the first pair (scalars added in a local included)
    expect(() => M.sumOf([M.zeros(2, 2), M.zeros(2, 2), M.zeros(2, 3)])).toThrow(/add/);
    expect(() => M.sumOf([M.zeros(1, 1), M.zeros(1, 1), M.zeros(1, 1), M.zeros(2, 1)])).toThrow(/add/);
  });
});

describe("a check that would cost too much is refused before anything is drawn", () => {
  it("inv at n = 1,500 in grad form", async () => {
    const r = await run(["derive", "inv(X)", "--shape", "X: n x n", "--wrt", "X", "--form", "grad", "--dims", "n=1500", "--check"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the check is too large at these sizes: at n=1500, one evaluation costs about \d\.\de\+10 multiply-adds or their like \(the largest step: inv of a 1500×1500 matrix/);
    expect(r.err).toMatch(/help: check at smaller sizes \(--dims, or the sizes in --shape/);
  });

  it("a sum of 600 products whose 1,200 distinct dimensions need 1,200 distinct sizes", async () => {
    const expr = Array.from({ length: 600 }, (_, i) => `sum(W${i}*v${i})`).join(" + ");
    const r = await run(["derive", expr, "--wrt", "W0,W1", "--check"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/at the sizes drawn for its 1200 dimensions, one evaluation costs about/);
  });

  it("numeric shapes: the message names no sizes", async () => {
    const r = await run(["derive", "sum(X*X)", "--shape", "X: 1800 x 1800", "--wrt", "X", "--form", "grad", "--check"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the check is too large at these sizes: one evaluation costs about \d\.\de\+10 multiply-adds or their like \(the largest step: matmul of a 1800×1800 matrix/);
  });

  it("the same derivatives at sizes a check affords pass", async () => {
    const r = await run(["derive", "inv(X)", "--shape", "X: n x n", "--wrt", "X", "--form", "grad", "--dims", "n=200", "--check"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("check ✓");
  });
});

describe("--wrt intermediates evaluate only the definitions their check reads", () => {
  it("each name of a chain of statements draws its own definition, not every name's", () => {
    const program = ["a0 = W*x", ...Array.from({ length: 30 }, (_, i) => `a${i + 1} = tanh(a${i})`), "y = sum(a30)"].join("\n");
    const wrt = ["a3", "a7", "a20"];
    const d = deriveProgram(program, { wrt, form: "grad" });
    const options = numericOptions(d, {});
    expect([...options.bound!.keys()].map((v) => v.name)).toEqual(wrt);
    for (const r of d.derivatives) {
      // One name's y is the program cut at that name: its variable is the only intermediate it reads.
      expect(boundAmong([r.y, r.result, r.variable], options.bound).map(([v]) => v.name)).toEqual([r.wrt]);
    }
    // All of them together read all three.
    expect(boundAmong(d.derivatives.flatMap((r) => [r.y, r.result, r.variable]), options.bound)).toHaveLength(3);
    expect(checkDerivation(d).every((r) => r.ok)).toBe(true);
  });
});
