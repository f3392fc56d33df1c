/**
 * Every operator and function of the README, applied to the differentiated
 * variable in a non-trivial context with distinct non-square shapes, checked
 * numerically in the five combinations jacobian × {numerator, denominator,
 * mixed}, grad and differential; the nine cells of the table (both
 * vector orientations); broadcasting; several --wrt names; derivatives that
 * are zero; a variable used several times; and wrong claims that the oracle
 * must reject.
 *
 * Shapes use distinct symbols (m, n, p, q) and the sampler gives them
 * distinct sizes, so a missing transpose cannot hide behind a square matrix.
 */
import { describe, expect, it } from "vitest";
import {
  COMBOS, type Combo, comboName, deriveOrThrow, expectClaimRight, expectCorrect, expectWrong, type ExpectOptions,
} from "./helpers/derivative-check.js";
import { shapeToString } from "../src/shapes/shape.js";
import { differentialVariable } from "../src/calculus/layout.js";
import { compareOnInstance } from "../src/numeric/check.js";
import { checkDerivative } from "../src/numeric/check-many.js";
import { fromRows } from "../src/kernels/mat.js";
import { createRng } from "../src/numeric/random.js";

interface Case {
  readonly expr: string;
  readonly wrt: readonly string[];
  readonly shapes?: string;
  readonly opts?: ExpectOptions;
}

interface Row extends Case, Combo {
  readonly name: string;
}

const c = (expr: string, wrt: string | readonly string[], shapes?: string, opts?: ExpectOptions): Case => ({
  expr, wrt: typeof wrt === "string" ? [wrt] : wrt, ...(shapes ? { shapes } : {}), ...(opts ? { opts } : {}),
});

/** One row per case and combination, named by expression, wrt, shapes, form and layout. */
function rows(cases: readonly Case[]): Row[] {
  return cases.flatMap((k) =>
    COMBOS.map((combo) => ({
      ...k,
      ...combo,
      name: `${k.expr}  wrt ${k.wrt.join(",")}${k.shapes ? `  [${k.shapes}]` : ""}  ${comboName(combo)}`,
    })),
  );
}

const run = (r: Row) => expectCorrect(r.expr, r.wrt, r.shapes ? [r.shapes] : [], r.form, r.layout, r.opts);

/**
 * Rows that fail today because of a src bug, keyed by `expr|combo`; each is
 * registered as it.fails with the bug named (and reported), so the suite
 * stays green and turns red the day the bug is fixed, to be moved back.
 */
const KNOWN_BUGS: Readonly<Record<string, string>> = {
};

/** One test per row; a row of KNOWN_BUGS is it.fails. */
function register(list: readonly Row[]): void {
  for (const r of list) {
    const bug = KNOWN_BUGS[`${r.expr}|${comboName(r)}`];
    if (bug) it.fails(`${r.name}  (fails: ${bug})`, () => run(r));
    else it(r.name, () => run(r));
  }
}

const AXB = "A: m x n, X: n x p, B: p x q";

// ───────────────────────────── each operator of the README

const operatorCases: Case[] = [
  // +  and  -
  c("A*X + C", "X", "A: m x n, X: n x p, C: m x p"),
  c("A*X - X*B", "X", "A: n x n, X: n x p, B: p x p"),
  // *  (matrix product, and a scalar times a matrix)
  c("A*X*B", "X", AXB),
  c("a*(A*X*B)", ["a", "X"], AXB),
  // /  (division by a scalar)
  c("A*X*B / c", ["X", "c"], AXB),
  c("A*X*B / (c*c + 0.5)", ["X", "c"], AXB),
  c("A*X / (x'*x)", ["X", "x"], "A: m x n, X: n x p, x: q"),
  // .*  ⊙  (Hadamard)
  c("(A*X) .* C", ["X", "C"], "A: m x n, X: n x p, C: m x p"),
  c("(A*X) ⊙ (A*X)", "X", "A: m x n, X: n x p"),
  // ./  ⊘  (elementwise division)
  c("(A*X) ./ (C .* C + 1)", ["X", "C"], "A: m x n, X: n x p, C: m x p"),
  c("C ⊘ exp(A*X)", ["X", "C"], "A: m x n, X: n x p, C: m x p"),
  // .^  (elementwise power, constant and variable exponent)
  c("(A*X*B).^3", "X", AXB),
  c("exp(A*X).^c", ["X", "c"], "A: m x n, X: n x p"),
  // ⊗ / kron
  c("kron(A, X)", "X", "A: m x n, X: p x q"),
  c("X ⊗ B", "X", "X: m x n, B: p x q"),
  c("kron(A*x, B)", "x", "A: m x n, x: n, B: p x q"),
  // ^  (scalar power; integer power of a square matrix)
  c("(x'*A*x)^2", "x", "x: n, A: n x n"),
  c("(x'*x)^c", ["x", "c"], "x: n"),
  c("A*X^3*B", "X", "A: m x n, X: n x n, B: n x q"),
  c("A*(X'*X)^2*B", "X", "A: m x n, X: p x n, B: n x q"),
  // '  ᵀ  (transpose)
  c("A*X'*B", "X", "A: m x p, X: n x p, B: n x q"),
  c("(X*B)ᵀ*A", "X", "X: m x n, B: n x p, A: m x q"),
  // unary minus
  c("-(A*X)*B", "X", AXB),
  c("A*X - -X*B", "X", "A: n x n, X: n x p, B: p x p"),
  // elementwise functions
  c("exp(A*X*B)", "X", AXB),
  c("log(A*X*B)", "X", AXB),
  c("sin(A*X*B)", "X", AXB),
  c("cos(A*X*B)", "X", AXB),
  c("tan(A*X*B / 10)", "X", AXB),
  c("tanh(A*X*B)", "X", AXB),
  c("sigmoid(A*X*B)", "X", AXB),
  c("σ(A*X + C)", ["X", "C"], "A: m x n, X: n x p, C: m x p"),
  c("relu(A*X*B)", "X", AXB),
  c("softplus(A*X*B)", "X", AXB),
  c("sqrt(A*X*B)", "X", AXB),
  c("abs(A*X*B)", "X", AXB),
  // |xxᵀ| is not xxᵀ: only a 1×1 uᵀu is never negative
  c("sum(exp(abs(x*x'))) + sum(exp(abs(X'*X))) + abs(x'*x)", ["x", "X"], "x: n, X: m x n"),
  // sum  tr  diag  vec
  c("sum(A*X*B)", "X", AXB),
  c("sum(tanh(X))", "X", "X: m x n"),
  c("tr(A*X*B)", "X", "A: m x n, X: n x p, B: p x m"),
  c("A*diag(x)*B", "x", "A: m x n, x: n, B: n x q"),
  // diag(y) 𝟏_(m×n) is y 𝟏ᵀ, not y: each column of the product is y
  c("sum(diag(y)*X) + sum(X'*diag(y)) + sum(X)", ["X", "y"], "X: m x n, y: m"),
  c("A*diag(r)*B", "r", "A: m x n, r: 1 x n, B: n x q"),
  c("diag(A*X*B)", "X", "A: m x n, X: n x p, B: p x m"),
  c("vec(A*X*B)", "X", AXB),
  c("vec(X)'*vec(X .* C)", "X", "X: m x n, C: m x n"),
  // inv  det  logdet
  c("A*inv(X'*X + I)*B", "X", "A: p x n, X: m x n, B: n x q"),
  c("u'*inv(X)*v", "X", "u: n, X: n x n, v: n"),
  c("det(A*X*B)", "X", "A: m x n, X: n x p, B: p x m"),
  c("det(X)", "X", "X: n x n"),
  c("det(u'*X*v) + det(det(X)^2*X)", "X", "u: n, X: n x n, v: n"),
  c("logdet(X'*X + I)", "X", "X: m x n"),
  c("logdet(A*X*X'*A' + I)", "X", "A: m x n, X: n x p"),
  // norm2  norm1
  c("norm2(A*X - C)", "X", "A: m x n, X: n x p, C: m x p"),
  c("norm2(x - u)", "x", "x: n, u: n"),
  c("norm1(A*X*B)", "X", AXB),
  // softmax  logsumexp
  c("softmax(W*x + b)", ["W", "x", "b"], "W: m x n, x: n, b: m"),
  // reductions over slices of one entry (max of a 1×1, mean of a column along its rows) are the identity
  c("max(max(max(X, 1)', 1), 2) + sum(mean(X*v, 2), 1)", "X", "X: m x n, v: n"),
  c("logsumexp(W*x + b)", ["W", "x"], "W: m x n, x: n, b: m"),
  // constants I, ones, numbers
  c("A*(X + 2*I)*B", "X", "A: m x n, X: n x n, B: n x q"),
  c("X*ones", "X", "X: m x n"),
  c("ones'*X*B", "X", "X: m x n, B: n x q"),
  c("2.5*X*B - 1e-3*X*C + 0.5", "X", "X: m x n, B: n x p, C: n x p"),
];

describe("each operator applied to the variable", () => {
  register(rows(operatorCases));
});

// ───────────────────────────── the nine cells of the table, both vector orientations

const tableCases: Case[] = [
  // scalar y
  c("sin(a*b) + a^2*b", "a"), //                                       ∂scalar/∂scalar
  c("u'*tanh(W*x)", "x", "u: m, W: m x n, x: n"), //                     ∂scalar/∂column
  c("x*A*u", "x", "x: 1 x n, A: n x m, u: m"), //                        ∂scalar/∂row
  c("u'*tanh(X)*v", "X", "u: m, X: m x n, v: n"), //                     ∂scalar/∂matrix
  // vector y
  c("tanh(a*u + v)", "a", "u: m, v: m"), //                              ∂column/∂scalar
  c("exp(a*r)*A", "a", "r: 1 x m, A: m x n"), //                         ∂row/∂scalar
  c("tanh(W*x + b)", "x", "W: m x n, x: n, b: m"), //                    ∂column/∂column
  c("A*tanh(x)'", "x", "A: m x n, x: 1 x n"), //                         ∂column/∂row
  c("tanh(x)'*A", "x", "x: n, A: n x m"), //                             ∂row/∂column
  c("sigmoid(x*A)", "x", "x: 1 x n, A: n x m"), //                       ∂row/∂row
  c("tanh(X*v)", "X", "X: m x n, v: n"), //                              ∂column/∂matrix
  c("u'*X*B", "X", "u: m, X: m x n, B: n x p"), //                       ∂row/∂matrix
  // matrix Y
  c("exp(a*A)*B", "a", "A: m x n, B: n x p"), //                         ∂matrix/∂scalar
  c("tanh(x*r)", "x", "x: m, r: 1 x n"), //                              ∂matrix/∂column
  c("u*x", "x", "u: m, x: 1 x n"), //                                    ∂matrix/∂row
  c("tanh(A*X*B)", "X", AXB), //                                         ∂matrix/∂matrix
];

describe("the nine cells of the table", () => {
  register(rows(tableCases));
});

// ───────────────────────────── broadcasting a scalar, a row and a column

const broadcastCases: Case[] = [
  c("A*X + c", ["X", "c"], "A: m x n, X: n x p"),
  c("A*X + r", ["X", "r"], "A: m x n, X: n x p, r: 1 x p"),
  c("A*X + s", ["X", "s"], "A: m x n, X: n x p, s: m"),
  c("c - A*X", ["X", "c"], "A: m x n, X: n x p"),
  c("r - tanh(A*X)", ["X", "r"], "A: m x n, X: n x p, r: 1 x p"),
  c("s - A*X", ["X", "s"], "A: m x n, X: n x p, s: m"),
  c("(A*X) .* c", ["X", "c"], "A: m x n, X: n x p"),
  c("(A*X) .* r", ["X", "r"], "A: m x n, X: n x p, r: 1 x p"),
  c("(A*X) .* s", ["X", "s"], "A: m x n, X: n x p, s: m"),
  c("(A*X) ./ exp(c)", ["X", "c"], "A: m x n, X: n x p"),
  c("(A*X) ./ exp(r)", ["X", "r"], "A: m x n, X: n x p, r: 1 x p"),
  c("(A*X) ./ exp(s)", ["X", "s"], "A: m x n, X: n x p, s: m"),
  c("c ./ (A*X .* (A*X) + 1)", ["X", "c"], "A: m x n, X: n x p"),
  c("tanh(h*Whh + x*Wxh + b)", ["Whh", "h", "b"], "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"),
];

describe("broadcasting in + - .* ./", () => {
  register(rows(broadcastCases));
});

// ───────────────────────────── several --wrt names at once

const multiCases: Case[] = [
  c("tanh(W*x + b)", ["W", "x", "b"], "W: m x n, x: n, b: m"),
  c("A*X*B", ["A", "X", "B"], AXB),
  c("tanh(h*Whh + x*Wxh + b)", ["h", "Whh", "x", "Wxh", "b"], "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"),
  c("x'*A*x + a*sum(x)", ["x", "A", "a"], "x: n, A: n x n"),
];

describe("several --wrt names", () => {
  register(rows(multiCases));
});

// ───────────────────────────── derivatives that are zero

const zeroCases: Case[] = [
  c("A*u", "X", "A: m x n, u: n, X: p x q", { zero: true }),
  c("tanh(A*B)", "x", "A: m x n, B: n x p, x: q", { zero: true }),
  c("u'*v + a", "b", "u: m, v: m, a: 1, b: 1", { zero: true }),
  c("sum(A*B)", "C", "A: m x n, B: n x p, C: p x m", { zero: true }),
];

describe("expressions that do not depend on the variable", () => {
  it.each(rows(zeroCases))("$name", (r) => {
    const d = run(r);
    for (const k of d.derivatives) {
      expect(k.zero).toBe(true);
      const isZero = (k.result.kind === "op" && k.result.op === "zeros") || (k.result.kind === "num" && k.result.value === 0);
      expect(isZero, `the result of ${r.name} should be a zeros node (or the number 0 for a scalar)`).toBe(true);
      expect(shapeToString(k.result.shape)).toBe(shapeToString(k.shape));
    }
    expect(d.notes.some((n) => n.includes("does not depend on"))).toBe(true);
  });

  it.each(COMBOS)("A*X*B wrt X (depends) and C (does not) together: $form/$layout", (combo) => {
    const d = expectCorrect("A*X*B", ["X", "C"], [`${AXB}, C: r x s`], combo.form, combo.layout);
    expect(d.derivatives.map((k) => k.zero)).toEqual([false, true]);
  });
});

// ───────────────────────────── a variable used several times

const repeatedCases: Case[] = [
  c("X'*A*X", "X", "X: n x p, A: n x n"),
  c("tanh(X)*X'", "X", "X: m x n"),
  c("X .* sin(X) + X*B*X", "X", "X: n x p, B: p x n"),
  c("x'*x*exp(u'*x)", "x", "x: n, u: n"),
  c("A*X*B*X*C", "X", "A: m x n, X: n x p, B: p x n, C: p x q"),
  c("logdet(X'*X + I) + tr(X'*X)*norm2(X)", "X", "X: m x n"),
  c("softmax(W*tanh(W'*x))", "W", "W: m x n, x: m"),
];

describe("a variable used several times", () => {
  register(rows(repeatedCases));
});

// ───────────────────────────── wrong answers must fail (the oracle discriminates)

interface ClaimCase {
  readonly what: string;
  readonly expr: string;
  readonly wrt: string;
  readonly shapes: string;
  readonly form: Combo["form"];
  readonly layout: Combo["layout"];
  readonly right: string;
  readonly wrong: string;
}

const DENSE = "W: m x n, x: n, b: m";
const RNN = "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H";
const claimCases: ClaimCase[] = [
  {
    what: "dense layer, numerator Jacobian vs the denominator one", expr: "tanh(W*x + b)", wrt: "x", shapes: DENSE,
    form: "jacobian", layout: "numerator",
    right: "diag(1 - tanh(W*x + b).^2)*W", wrong: "W'*diag(1 - tanh(W*x + b).^2)",
  },
  {
    what: "dense layer, denominator Jacobian vs the numerator one", expr: "tanh(W*x + b)", wrt: "x", shapes: DENSE,
    form: "jacobian", layout: "denominator",
    right: "W'*diag(1 - tanh(W*x + b).^2)", wrong: "diag(1 - tanh(W*x + b).^2)*W",
  },
  {
    what: "Pascanu et al. (2013) eq. (5): the transposed W_rec is wrong", expr: "W*sigmoid(x) + U*sigmoid(u) + b", wrt: "x",
    shapes: "W: n x n, x: n, U: n x m, u: m, b: n", form: "jacobian", layout: "numerator",
    right: "W*diag(sigmoid(x) .* (1 - sigmoid(x)))", wrong: "W'*diag(sigmoid(x) .* (1 - sigmoid(x)))",
  },
  {
    what: "RNN backprop into h: the missing transpose of Whh", expr: "tanh(h*Whh + x*Wxh + b)", wrt: "h", shapes: RNN,
    form: "grad", layout: "mixed",
    right: "(G .* (1 - tanh(h*Whh + x*Wxh + b).^2))*Whh'", wrong: "(G .* (1 - tanh(h*Whh + x*Wxh + b).^2))*Whh",
  },
  {
    what: "RNN backprop into Whh", expr: "tanh(h*Whh + x*Wxh + b)", wrt: "Whh", shapes: RNN, form: "grad", layout: "mixed",
    right: "h'*(G .* (1 - tanh(h*Whh + x*Wxh + b).^2))", wrong: "(G .* (1 - tanh(h*Whh + x*Wxh + b).^2))'*h",
  },
  {
    what: "quadratic form: 2Ax holds only for symmetric A", expr: "x'*A*x", wrt: "x", shapes: "x: n, A: n x n",
    form: "jacobian", layout: "mixed", right: "(A + A')*x", wrong: "2*A*x",
  },
  {
    what: "quadratic form, numerator layout is a row", expr: "x'*A*x", wrt: "x", shapes: "x: n, A: n x n",
    form: "jacobian", layout: "numerator", right: "x'*(A + A')", wrong: "(A + A')*x",
  },
  {
    what: "tr(AX) with a square X: A instead of Aᵀ", expr: "tr(A*X)", wrt: "X", shapes: "A: n x n, X: n x n",
    form: "jacobian", layout: "mixed", right: "A'", wrong: "A",
  },
  {
    what: "tr(AX), numerator layout is Xᵀ-shaped", expr: "tr(A*X)", wrt: "X", shapes: "A: n x n, X: n x n",
    form: "jacobian", layout: "numerator", right: "A", wrong: "A'",
  },
  {
    what: "AXB: Bᵀ⊗A, not B⊗A", expr: "A*X*B", wrt: "X", shapes: "A: m x n, X: n x n, B: n x n",
    form: "jacobian", layout: "numerator", right: "kron(B', A)", wrong: "kron(B, A)",
  },
  {
    what: "AXB: denominator is (Bᵀ⊗A)ᵀ", expr: "A*X*B", wrt: "X", shapes: AXB,
    form: "jacobian", layout: "denominator", right: "kron(B, A')", wrong: "kron(B', A)",
  },
  {
    what: "AXB grad: AᵀGBᵀ, not GᵀA", expr: "A*X*B", wrt: "X", shapes: "A: n x n, X: n x n, B: n x n",
    form: "grad", layout: "mixed", right: "A'*G*B'", wrong: "A*G*B",
  },
  {
    what: "differential of X⁻¹: the sign matters", expr: "inv(X)", wrt: "X", shapes: "X: n x n",
    form: "differential", layout: "mixed", right: "-inv(X)*dX*inv(X)", wrong: "inv(X)*dX*inv(X)",
  },
  {
    what: "differential of XᵀX: both terms", expr: "X'*X", wrt: "X", shapes: "X: m x n",
    form: "differential", layout: "mixed", right: "dX'*X + X'*dX", wrong: "2*X'*dX",
  },
  {
    what: "broadcast row: the gradient is a column sum", expr: "A*X + r", wrt: "r", shapes: "A: m x n, X: n x p, r: 1 x p",
    form: "grad", layout: "mixed", right: "ones'*G", wrong: "sum(G)*ones'",
  },
  {
    what: "scalar by column: numerator p×1 vs denominator 1×p", expr: "tanh(a*u + v)", wrt: "a", shapes: "u: m, v: m",
    form: "jacobian", layout: "denominator", right: "((1 - tanh(a*u + v).^2) .* u)'", wrong: "(1 - tanh(a*u + v).^2) .* u",
  },
];

describe("claims: the right one passes, the wrong one fails", () => {
  it.each(claimCases)("$what: $expr wrt $wrt $form/$layout, right $right", (k) => {
    expectClaimRight(k.expr, k.wrt, k.shapes, k.form, k.layout, k.right);
  });
  it.each(claimCases)("$what: $expr wrt $wrt $form/$layout, wrong $wrong", (k) => {
    expectWrong(k.expr, k.wrt, k.shapes, k.form, k.layout, k.wrong);
  });
});

// ───────────────────────────── the derivative's reported shape follows the layout table (symbolically)

describe("reported shapes (table, symbolic)", () => {
  const table: [string, string, string, Combo["layout"], string][] = [
    ["u'*X*v", "X", "u: m, X: m x n, v: n", "numerator", "n×m"],
    ["u'*X*v", "X", "u: m, X: m x n, v: n", "denominator", "m×n"],
    ["u'*X*v", "X", "u: m, X: m x n, v: n", "mixed", "m×n"],
    ["x*A*u", "x", "x: 1 x n, A: n x m, u: m", "mixed", "1×n"],
    ["x*A*u", "x", "x: 1 x n, A: n x m, u: m", "denominator", "n×1"],
    ["exp(a*r)*A", "a", "r: 1 x m, A: m x n", "numerator", "n×1"],
    ["exp(a*r)*A", "a", "r: 1 x m, A: m x n", "denominator", "1×n"],
    ["exp(a*A)*B", "a", "A: m x n, B: n x p", "denominator", "p×m"],
    ["tanh(W*x + b)", "x", DENSE, "numerator", "m×n"],
    ["tanh(W*x + b)", "x", DENSE, "denominator", "n×m"],
  ];
  it.each(table)("%s wrt %s [%s] jacobian/%s is %s", (expr, wrt, shapes, layout, want) => {
    const d = deriveOrThrow(expr, wrt, shapes, "jacobian", layout);
    expect(shapeToString(d.derivatives[0]!.shape)).toBe(want);
  });
});

// ───────────────────────────── regressions, and known src bugs (each it.fails states the right behaviour)

describe("regressions: scalar products inside matrix chains", () => {
  // simplify/rules/util.ts productFactors once flattened the scalar of a scaling (t·dw, Gᵀu) into the
  // matrix chain, and factor-left then took t (or Gᵀ) out of it: "dy = t (dw w + w dw)", with dw w a
  // p×1 times p×1 product. These pin the fix, in every form.
  const cases: Case[] = [
    c("w*(t*w)", "w", "t: 1 x p, w: p"),
    c("u .* logdet(A'*A + I)", "A", "A: m x n, u: m"),
    c("r * det(C'*C + I)", "C", "C: m x p, r: 1 x m"),
    c("softmax(logdet(A'*A + I) .* v)", "A", "A: m x n, v: n"),
  ];
  register(rows(cases));
});

describe("regressions: bugs found and fixed", () => {
  // BUG simplify/rules/collect.ts factor-right: when what remains of a term is a scalar, the factored sum
  // adds a scalar to a matrix. tr(X²) in the grad form (Cookbook eq. 107): raw XᵀGI + GIXᵀ is right, the
  // result prints "∂ℓ/∂X = (G + G I_n) Xᵀ" (G is 1×1, G I_n is n×n) and evaluating it throws
  // "add: shapes differ (1×1 vs 3×3)".
  it("tr(X*X) wrt X [X: n x n] grad: result (G + G I_n) Xᵀ adds a scalar to a matrix", () => {
    expectCorrect("tr(X*X)", "X", "X: n x n", "grad", "mixed");
  });
  // The smallest case: dY = a dX + A dX is factored to "dY = (a + A) dX", which under matdiff's own
  // broadcasting reads as A + a𝟏𝟏ᵀ, a different (wrong) formula; the grad form prints "(Aᵀ + a) G".
  // Both throw "add: shapes differ (1×1 vs 5×5)" when evaluated. (X*a + X*A is right: "a dX + dX A".)
  it("a*X + A*X wrt X [X: n x m, A: n x n] differential: result (a + A) dX should be (aI + A) dX", () => {
    expectCorrect("a*X + A*X", "X", "X: n x m, A: n x n", "differential", "mixed");
  });
  it("a*X + A*X wrt X [X: n x m, A: n x n] grad: result (Aᵀ + a) G should be (Aᵀ + aI) G", () => {
    expectCorrect("a*X + A*X", "X", "X: n x m, A: n x n", "grad", "mixed");
  });
  // BUG simplify/rules/collect.ts factor-right: when the rest of one term is only a scalar, the factored
  // sum adds a scalar to a matrix: raw a·diag(1 − t²) − diag(σ′)·diag(1 − t²) becomes
  // "(a − diag(t₁ ⊙ (1 − t₁))) diag(1 − t₀ ⊙ t₀)" (should be (aI − …)); evaluating it throws
  // "add: shapes differ (1×1 vs 5×5)".
  it("a*tanh(w) - sigmoid(tanh(w)) wrt w [w: p] jacobian/numerator: result adds scalar a to a matrix", () => {
    expectCorrect("a*tanh(w) - sigmoid(tanh(w))", "w", "w: p", "jacobian", "numerator");
  });
  // Same rule: (r u)(r A) gives u(rA) + (ru)A, printed "(ur + ru) A": ur is m×m, ru is 1×1.
  it("(r*u) ⊗ (r*A) wrt r [A: m x n, r: 1 x m, u: m] jacobian/denominator: result (ur + ru) A is ill-shaped", () => {
    expectCorrect("(r*u) ⊗ (r*A)", "r", "A: m x n, r: 1 x m, u: m", "jacobian", "denominator");
  });

  // BUG numeric/check.ts stackedError: the relative error's floor is a fixed 1e-6, so a derivative that
  // is exactly 0 is compared with pure finite-difference roundoff and declared wrong: for
  // (v + a + v − a)ᵀ wrt a (v: n), whose derivative is 0_(n×1), checkDerivative with default options
  // fails on 88 of the seeds 1…300 (worst relative error 2.7e-6 > 1e-6), so `--check` exits 1 on a
  // correct result depending on the seed. The floor should scale with ‖Y‖ (roundoff ≈ ε‖Y‖/h).
  it("check.ts: an exactly-zero derivative is not judged by roundoff: (v + a + v - a)' wrt a, seeds 1…40", () => {
    const d = deriveOrThrow("(v + a + v - a)'", "a", "v: n, a: 1", "jacobian", "numerator");
    const k = d.derivatives[0]!;
    const target = { y: d.y, x: k.variable, form: "jacobian", layout: "numerator", result: k.result, dX: differentialVariable(k.variable) } as const;
    const failing = Array.from({ length: 40 }, (_, i) => i + 1).filter((seed) => !checkDerivative(target, { seed }).ok);
    expect(failing, "seeds on which check.ts rejects the exact zero").toEqual([]);
  });
});

describe("regressions: the oracle near a pole", () => {
  // numeric/check.ts once stepped by h = 1e-3·max(1, max|X|) whatever the entry, so for AXB / c at
  // c = 0.02 the O((h/c)⁴) truncation error (1.6e-6) exceeded the tolerance on the exact −AXB/c².
  it("check.ts accepts the exact derivative of A*X*B / c wrt c at c = 0.02 and c = 0.01", () => {
    const d = deriveOrThrow("A*X*B / c", "c", AXB, "differential", "mixed");
    const k = d.derivatives[0]!;
    const fill = (r: number, cols: number) =>
      fromRows(Array.from({ length: r }, (_, i) => Array.from({ length: cols }, (_, j) => Math.sin(1 + 7 * i + 3 * j))));
    for (const cValue of [0.02, 0.01]) {
      const values = new Map([["A", fill(2, 3)], ["X", fill(3, 4)], ["B", fill(4, 5)], ["c", fromRows([[cValue]])]]);
      const trial = compareOnInstance(
        { y: d.y, x: k.variable, form: "differential", layout: "mixed", result: k.result, dX: differentialVariable(k.variable) },
        new Map([["m", 2], ["n", 3], ["p", 4], ["q", 5]]), values, createRng(3), {},
      );
      expect(trial.ok, `c = ${cValue}: relError ${trial.relError}`).toBe(true);
    }
  });
});

describe("regressions: shapes", () => {
  // BUG shapes/unify.ts: a product dimension with one unknown factor is not solved: in
  // vec(ones*t)ᵀ vec(Fᵀ) (t: 1×p, F: p×m) the length of ones must be m from k·p = m·p, but derive fails
  // with "inner dimensions ?1·p and m·p differ" (and shows the internal name ?1 to the user).
  it("vec(ones*t)'*vec(F') wrt t [F: p x m, t: 1 x p]: k·p = m·p is solved by k = m", () => {
    expectCorrect("vec(ones*t)'*vec(F')", "t", "F: p x m, t: 1 x p", "grad", "mixed");
  });
});
