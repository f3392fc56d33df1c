/**
 * Linear at any depth and width. Sharing keeps derivatives of deep
 * expressions linear in size: the gradient of a T-step unrolled RNN
 * h_T = tanh(W h_{T−1} + U x) with respect to W has a graph whose node count
 * grows linearly in T, and every printer's output grows linearly too (no
 * pass recurses on depth, so T = 10,000 runs). Sizes are counted, not timed
 * (timings live in npm run bench).
 */
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { topoOrder } from "../src/expr/traverse.js";
import { formatDerivationText } from "../src/print/text.js";
import { formatSteps } from "../src/print/steps.js";
import { formatLatex } from "../src/print/latex.js";

const RNN_SHAPES = ["W: n x n, h: n, U: n x k, x: k"];

function unrolled(T: number): string {
  let h = "h";
  for (let t = 0; t < T; t++) h = `tanh(W*${h} + U*x)`;
  return h;
}

function rnn(T: number, form: "grad" | "jacobian") {
  const r = derive({ expr: unrolled(T), wrt: ["W"], form, shapes: RNN_SHAPES });
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  return r.value;
}

const gradientSize = (T: number, form: "grad" | "jacobian"): number => topoOrder([rnn(T, form).derivatives[0]!.result]).length;

/** f(T) grows linearly: equal increments per added step (up to 20%: names such as h199, t₁₀₀ grow a digit), far from doubling. */
function expectLinear(f: (T: number) => number, [a, b, c]: readonly [number, number, number]): void {
  const [fa, fb, fc] = [a, b, c].map(f) as [number, number, number];
  const perStep1 = (fb - fa) / (b - a);
  const perStep2 = (fc - fb) / (c - b);
  expect(perStep2).toBeLessThanOrEqual(perStep1 * 1.2 + 1);
  expect(fc).toBeLessThan((c / a) * 1.2 * fa);
}

describe("unrolled RNN", () => {
  it.each(["grad", "jacobian"] as const)("%s form: node count grows linearly in T", (form) => {
    expectLinear((T) => gradientSize(T, form), [10, 20, 40]);
  });

  it("text, LaTeX and --steps output grow linearly in T", () => {
    expectLinear((T) => formatDerivationText(rnn(T, "grad")).length, [50, 100, 200]);
    expectLinear((T) => formatLatex(rnn(T, "grad")).length, [50, 100, 200]);
    expectLinear((T) => formatSteps(rnn(T, "grad"), "text").length, [50, 100, 200]);
  });

  it("T = 10,000 nested as one expression derives and prints", () => {
    const d = rnn(10_000, "grad");
    const text = formatDerivationText(d);
    // Y printed in full, 10,000 tanh deep, and the gradient's definitions after it.
    expect(text.split("\n")[1]!.split("tanh(").length - 1).toBe(10_000);
    expect(text).toMatch(/^∂ℓ\/∂W = /m);
  }, 120_000);
});

describe("the recurrence as a chain of statements", () => {
  const chain = (T: number): string =>
    ["h0 = h", ...Array.from({ length: T }, (_, t) => `h${t + 1} = tanh(W*h${t} + U*x)`), "where W: n x n, h: n, U: n x k, x: k"].join("\n");
  const printed = (T: number): number => {
    const r = derive({ expr: chain(T), wrt: ["W"], form: "grad" });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    return formatDerivationText(r.value).length;
  };

  it("output grows linearly in T", () => expectLinear(printed, [50, 100, 200]));

  it("T = 10,000 statements derive and print", () => expect(printed(10_000)).toBeGreaterThan(10_000 * 20), 120_000);
});

describe("wide and long inputs", () => {
  it("a flat sum of 10,000 terms derives and prints", () => {
    const expr = Array.from({ length: 10_000 }, (_, i) => `a${i}*x`).join(" + ");
    const r = derive({ expr, wrt: ["x"], form: "grad" });
    expect(r.ok).toBe(true);
    if (r.ok) expect(formatDerivationText(r.value).length).toBeGreaterThan(10_000 * 4);
  }, 60_000);

  // The derivatives of one derivation share what their simplification found already simple (and the passes over
  // a differential stop at the nodes built before it): each --wrt name walks its own part, not the whole sum again.
  // Sharing must not change any result: each derivative is the one derived alone.
  it("many --wrt names of one long sum give each the derivative it has alone", () => {
    const expr = `sum(tanh(${Array.from({ length: 300 }, (_, i) => `W${i}*x`).join(" + ")}))`;
    const names = ["x", "W0", "W7", "W150", "W299"];
    for (const form of ["jacobian", "grad"] as const) {
      const together = derive({ expr, wrt: names, form });
      if (!together.ok) throw new Error(together.diagnostics[0]!.message);
      names.forEach((name, k) => {
        const alone = derive({ expr, wrt: [name], form });
        if (!alone.ok) throw new Error(alone.diagnostics[0]!.message);
        const line = (d: typeof alone.value, i: number) => formatDerivationText({ ...d, derivatives: [d.derivatives[i]!] });
        expect(line(together.value, k)).toBe(line(alone.value, 0));
      });
    }
  });

  // Reasons line up after the widest line that has its reason beside it: one line of a hundred thousand symbols does
  // not pad every short line of its section to its width.
  it("--steps pads no line past the lines whose reasons stand beside them", () => {
    let e = "X";
    for (let i = 0; i < 200; i++) e = `logdet(I + ${e}*X')*X`;
    const r = derive({ expr: e, wrt: ["X"], form: "grad" });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    const longestBlank = Math.max(...formatSteps(r.value, "text").split("\n").map((l) => Math.max(0, ...(l.match(/ {2,}/g) ?? []).map((b) => b.length))));
    expect(longestBlank).toBeLessThan(110);
  });

  // Each input's derivative works through the part of y that depends on it: 1,000 weights of a 1,000-statement chain,
  // each reaching every later statement, are about 2 million nodes, refused up front with how many fit; names that
  // share little pass however many they are.
  it("many --wrt inputs that each reach most of a long program are refused up front, saying how many fit", () => {
    const chain = (L: number) => ["a0 = tanh(W0*x)", ...Array.from({ length: L - 1 }, (_, i) => `a${i + 1} = tanh(W${i + 1}*a${i}) + a${i}`), `y = sum(a${L - 1})`].join("\n");
    const names = (L: number) => Array.from({ length: L }, (_, i) => `W${i}`);
    const refused = derive({ expr: chain(1000), wrt: names(1000), form: "grad" });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.diagnostics[0]!.help).toMatch(/the first \d+ fit in one request/);
    expect(derive({ expr: chain(200), wrt: names(200), form: "grad" }).ok).toBe(true);
    const sum = Array.from({ length: 5000 }, (_, i) => `x${i}'*A*x${i}`).join(" + ");
    expect(derive({ expr: sum, wrt: Array.from({ length: 5000 }, (_, i) => `x${i}`), form: "grad" }).ok).toBe(true);
  }, 60_000);

  it("the lowered sum is one flat node, whatever the grouping", () => {
    const terms = Array.from({ length: 2000 }, (_, i) => `a${i}`);
    for (const expr of [terms.join(" + "), terms.reduceRight((acc, t) => `(${t} + ${acc})`)]) {
      const r = derive({ expr, wrt: ["a0"], form: "grad" });
      expect(r.ok && r.value.y.kind === "op" && r.value.y.args.length).toBe(2000);
    }
  });

  it("the graph of a long product grows linearly in its length", () => {
    const size = (L: number): number => {
      const r = derive({ expr: `x'*${Array(L).fill("A").join("*")}*x`, wrt: ["x"] });
      if (!r.ok) throw new Error(r.diagnostics[0]!.message);
      return r.value.y.graph.size;
    };
    expectLinear(size, [100, 200, 400]);
  });

  // inv(X·inv(P)) = inv(X·X·inv(…)): each level's product ends in the one before, shared. Listed, such a product has
  // as many factors as the leaves of its tree (a triangle of them): the rules that cancel X X⁻¹ or move a sign work at
  // its ends and rebuild only its spine.
  it("a nest of products that share their parts, inv(X·inv(…)), keeps a graph and text linear in its depth", () => {
    const nest = (L: number): string => {
      let e = "X";
      for (let i = 0; i < L; i++) e = `inv(X*inv(${e}))`;
      return `sum(${e})`;
    };
    const derived = (L: number) => {
      const r = derive({ expr: nest(L), wrt: ["X"] });
      if (!r.ok) throw new Error(r.diagnostics[0]!.message);
      return r.value;
    };
    // Past 256 levels (a sum of more terms than factor-right takes), where the listing dominated.
    expectLinear((L) => derived(L).y.graph.size, [300, 600, 1200]);
    expectLinear((L) => formatDerivationText(derived(L)).length, [300, 600, 1200]);
  }, 30_000);
});

describe("programs whose every statement reuses the one before (residual connections)", () => {
  const program = (L: number, statement: (i: number) => string, first: string): string =>
    [first, ...Array.from({ length: L }, (_, k) => statement(k + 1)), `y = sum(a${L})`].join("\n");
  const PROGRAMS: readonly [string, (L: number) => string, string][] = [
    // the differential daᵢ and the cotangent āᵢ of a value used twice are sums used twice: kept whole, not copied in
    ["aᵢ = tanh(W aᵢ₋₁) + aᵢ₋₁, wrt W", (L) => program(L, (i) => `a${i} = tanh(W*a${i - 1}) + a${i - 1}`, "a0 = x"), "W"],
    // and a shared sum keeps its transpose outside: aᵢᵀ is not opened into i terms
    ["sᵢ = softmax(aᵢ₋₁ Wq aᵢ₋₁ᵀ, 2), aᵢ = sᵢ aᵢ₋₁ + aᵢ₋₁, wrt Wq", (L) => program(L, (i) => `s${i} = softmax(a${i - 1}*Wq*a${i - 1}', 2)\na${i} = s${i}*a${i - 1} + a${i - 1}`, "a0 = X"), "Wq"],
  ];
  it.each(PROGRAMS)("%s: the gradient's text grows linearly in the number of statements (it grew with its square)", (_, text, wrt) => {
    const printed = (L: number): number => {
      const r = derive({ expr: text(L), wrt: [wrt], form: "grad" });
      if (!r.ok) throw new Error(r.diagnostics[0]!.message);
      return formatDerivationText(r.value).length;
    };
    expectLinear(printed, [50, 100, 200]);
  });

  it.each(PROGRAMS)("%s: --steps and the Hessian (--order 2) grow linearly too", (_, text, wrt) => {
    const printed = (L: number): number => {
      const r = derive({ expr: text(L), wrt: [wrt], form: "grad" });
      const h = derive({ expr: text(L), wrt: [wrt], order: 2 });
      if (!r.ok || !h.ok) throw new Error("not derived");
      return formatSteps(r.value, "text").length + formatDerivationText(h.value).length;
    };
    expectLinear(printed, [25, 50, 100]);
  }, 30_000);

  // The simplifier's 2C(A + B) + 2C(…) = 2C(A + B + …) (common-number, factor-left) keeps A + B, the inner sum of a
  // shared value, whole, so each level's second-order terms are not copied into the next.
  it.each([
    ["aᵢ = tanh(W aᵢ₋₁) + aᵢ₋₁", "x", PROGRAMS[0]![1]],
    ["sᵢ = softmax(aᵢ₋₁ Wq aᵢ₋₁ᵀ, 2), aᵢ = sᵢ aᵢ₋₁ + aᵢ₋₁", "X", PROGRAMS[1]![1]],
  ] as const)("%s: the Hessian in the input %s grows linearly", (_, wrt, text) => {
    const printed = (L: number): number => {
      const h = derive({ expr: text(L), wrt: [wrt], order: 2 });
      if (!h.ok) throw new Error(h.diagnostics[0]!.message);
      return formatDerivationText(h.value).length;
    };
    expectLinear(printed, [25, 50, 100]);
  }, 30_000);

  // Each level's scalar det(aᵢ₋₁) multiplies the product of all the earlier ones: a 1×1 factor c₁(c₂(…)) of a matrix
  // product scales it whole, where peeling its coefficients off one at a time rebuilt the product once per coefficient
  // (400 statements built 408,000 nodes, and about 700 reached the node limit).
  it("aᵢ = det(aᵢ₋₁) aᵢ₋₁: the Hessian's graph grows linearly in the number of statements", () => {
    const chain = (L: number): string => program(L, (i) => `a${i} = det(a${i - 1})*a${i - 1}`, "a0 = X").replace(/sum\((a\d+)\)$/, "tr($1)");
    const nodes = (L: number): number => {
      const h = derive({ expr: chain(L), wrt: ["X"], order: 2 });
      if (!h.ok) throw new Error(h.diagnostics[0]!.message);
      return h.value.y.graph.size;
    };
    expectLinear(nodes, [50, 100, 200]);
  }, 30_000);

  it("the residual chain's gradient is backpropagation written out: each āᵢ₋₁ = āᵢ + Wᵀ(āᵢ ⊙ (1 − tᵢ ⊙ tᵢ)) is named once", () => {
    const r = derive({ expr: program(4, (i) => `a${i} = tanh(W*a${i - 1}) + a${i - 1}`, "a0 = x"), wrt: ["W"], form: "grad" });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    const t = formatDerivationText(r.value);
    expect(t).toContain("t₅ = G + GWᵀ t₄");
    expect(t).toContain("t₇ = t₅ + Wᵀ t₆");
  });
});

describe("a chain that adds one term per statement", () => {
  // vᵢ = vᵢ₋₁ + x: each dvᵢ = dvᵢ₋₁ + dx copied every earlier term in, so the argument lists summed to n²/2 slots
  // (32 million at n = 8,000: 2.6 s and 700 MB). Sums past 256 terms now stay one term of the next.
  it("keeps the graph's argument slots linear in the statements, and derives n + 1", () => {
    const n = 4000;
    const program = [...Array.from({ length: n }, (_, i) => `v${i + 1} = ${i === 0 ? "x" : `v${i}`} + x`), `y = sum(v${n})`].join("\n");
    const r = derive({ expr: program, wrt: ["x"], form: "grad" });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    const graph = r.value.y.graph;
    let slots = 0;
    for (let id = 1; id <= graph.size; id++) slots += graph.structure.arity(id);
    expect(slots).toBeLessThan(200 * n); // chunks of up to 256 terms: about 130 a statement, against n/2 = 2,000 before
    expect(formatDerivationText(r.value)).toContain(`∂ℓ/∂x = ${n + 1}G 𝟏_m`);
  });
});
