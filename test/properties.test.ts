/**
 * Property: for a random WELL-SHAPED expression built from the whole
 * operator set of the README, a random variable, form and layout, the derivative
 * matdiff prints agrees numerically with finite differences (result and raw,
 * by src/numeric/check.ts and by the independent oracle of the helper).
 *
 * Expressions are generated together with their shape, so they are valid by
 * construction. Dimensions are the symbols m, n, p (distinct random sizes in
 * every trial) and 1; there is one variable of every shape:
 *
 *   1×1  a b     m×1 u   n×1 v   p×1 w     1×m r   1×n s   1×p t
 *   m×n A   n×p B   m×p C   n×m D   p×n E   p×m F   m×m K   n×n L   p×p M
 *
 * Domains are respected by construction: log, sqrt, ./ and a variable
 * exponent see only positive forms (exp(tanh(e)), e⊙e + 1, 1 + σ(e)); inv,
 * det and logdet see only EᵀE + I (det as det(0.1·(EᵀE + I)), which keeps
 * its value moderate); tan sees 0.5·tanh(e), far from its
 * poles; exp is applied to tanh(e) (exp(exp(…)) or cos(exp(s).^2) would
 * outgrow what central differences resolve to the tolerance).
 * The seed is fixed, so a run is reproducible; a failure prints fast-check's
 * shrunk counterexample as a `matdiff derive` command line.
 */
import fc from "fast-check";
import { describe, it } from "vitest";
import { COMBOS, type Combo, comboName, verifyDerivative } from "./helpers/derivative-check.js";
import { type Derivation, derive } from "../src/api/derive.js";
import { check } from "../src/api/check.js";
import { derivationJson } from "../src/print/json.js";

type Dim = "1" | "m" | "n" | "p";
type Sh = readonly [Dim, Dim];

/** A generated subexpression: its text, whether it needs no parentheses as an operand, the names it uses. */
interface Gen {
  readonly text: string;
  readonly atomic: boolean;
  readonly names: readonly string[];
}

const DIMS: readonly Dim[] = ["1", "m", "n", "p"];
const SYMBOLIC: readonly Dim[] = ["m", "n", "p"];

const VARIABLES: Readonly<Record<string, Sh>> = {
  a: ["1", "1"], b: ["1", "1"],
  u: ["m", "1"], v: ["n", "1"], w: ["p", "1"],
  r: ["1", "m"], s: ["1", "n"], t: ["1", "p"],
  A: ["m", "n"], B: ["n", "p"], C: ["m", "p"], D: ["n", "m"], E: ["p", "n"], F: ["p", "m"],
  K: ["m", "m"], L: ["n", "n"], M: ["p", "p"],
};

const key = (s: Sh): string => `${s[0]}x${s[1]}`;
const isScalar = (s: Sh): boolean => s[0] === "1" && s[1] === "1";
const isSquareMatrix = (s: Sh): boolean => s[0] === s[1] && s[0] !== "1";

const paren = (g: Gen): string => (g.atomic ? g.text : `(${g.text})`);
const merge = (...gs: Gen[]): string[] => [...new Set(gs.flatMap((g) => g.names))];
const compound = (text: string, ...gs: Gen[]): Gen => ({ text, atomic: false, names: merge(...gs) });
const atom = (text: string, ...gs: Gen[]): Gen => ({ text, atomic: true, names: merge(...gs) });
const fn = (name: string) => (g: Gen): Gen => atom(`${name}(${g.text})`, g);

const leavesOf = (s: Sh): Gen[] =>
  Object.entries(VARIABLES).filter(([, vs]) => vs[0] === s[0] && vs[1] === s[1]).map(([name]) => ({ text: name, atomic: true, names: [name] }));

const memo = new Map<string, fc.Arbitrary<Gen>>();

/** A random expression of shape s, at most `depth` operators deep. */
function expr(s: Sh, depth: number): fc.Arbitrary<Gen> {
  const k = `${key(s)}@${depth}`;
  let arb = memo.get(k);
  if (!arb) {
    arb = build(s, depth);
    memo.set(k, arb);
  }
  return arb;
}

/** A positive expression of shape s: safe under log, sqrt, ./ and a variable exponent. */
function positive(s: Sh, depth: number): fc.Arbitrary<Gen> {
  const e = expr(s, depth);
  return fc.oneof(
    e.map((g) => fn("exp")(fn("tanh")(g))),
    e.map((g) => compound(`${paren(g)} .* ${paren(g)} + 1`, g)),
    e.map((g) => compound(`1 + sigmoid(${g.text})`, g)),
  );
}

/** EᵀE + I for a random E with s[1] columns: square, symmetric, eigenvalues ≥ 1. */
function wellConditioned(n: Dim, depth: number): fc.Arbitrary<Gen> {
  return fc.constantFrom(...DIMS).chain((k) =>
    expr([k, n], depth).map((g) => compound(`${paren(g)}'*${paren(g)} + I`, g)),
  );
}

function build(s: Sh, depth: number): fc.Arbitrary<Gen> {
  const leaves = fc.constantFrom(...leavesOf(s));
  if (depth === 0) return leaves;
  const d = depth - 1;
  const same = expr(s, d);
  const [rows, cols] = s;
  const options: { arbitrary: fc.Arbitrary<Gen>; weight: number }[] = [
    { arbitrary: leaves, weight: 3 },
    // elementwise functions
    ...(["sin", "cos", "tanh", "sigmoid", "relu", "softplus", "abs"] as const).map((f) => ({ arbitrary: same.map(fn(f)), weight: 1 })),
    { arbitrary: same.map((g) => fn("exp")(fn("tanh")(g))), weight: 1 },
    // a generic elementwise function (declared f: elementwise; checked with random cubics)
    { arbitrary: same.map(fn("f")), weight: 1 },
    { arbitrary: same.map((g) => atom(`tan(0.5*tanh(${g.text}))`, g)), weight: 1 },
    { arbitrary: positive(s, d).map(fn("log")), weight: 1 },
    // the functions of issue 10; arcsin and arccos see 0.5·tanh(e), inside (−1, 1)
    ...(["erf", "gelu", "arctan"] as const).map((f) => ({ arbitrary: same.map(fn(f)), weight: 1 })),
    ...(["sinh", "cosh", "expm1"] as const).map((f) => ({ arbitrary: same.map((g) => fn(f)(fn("tanh")(g))), weight: 1 })),
    ...(["arcsin", "arccos"] as const).map((f) => ({ arbitrary: same.map((g) => atom(`${f}(0.5*tanh(${g.text}))`, g)), weight: 1 })),
    { arbitrary: positive(s, d).map(fn("log1p")), weight: 1 },
    { arbitrary: positive(s, d).map(fn("sqrt")), weight: 1 },
    // + − ⊙ ⊘ on equal shapes, unary minus, numbers
    { arbitrary: fc.tuple(same, same).map(([x, y]) => compound(`${x.text} + ${y.text}`, x, y)), weight: 2 },
    { arbitrary: fc.tuple(same, same).map(([x, y]) => compound(`${x.text} - ${paren(y)}`, x, y)), weight: 1 },
    { arbitrary: fc.tuple(same, same).map(([x, y]) => compound(`${paren(x)} .* ${paren(y)}`, x, y)), weight: 2 },
    { arbitrary: fc.tuple(same, positive(s, d)).map(([x, y]) => compound(`${paren(x)} ./ (${y.text})`, x, y)), weight: 1 },
    { arbitrary: same.map((g) => compound(`-${paren(g)}`, g)), weight: 1 },
    { arbitrary: same.map((g) => compound(`2.5*${paren(g)} - 0.5`, g)), weight: 1 },
    // .^ with a constant and with a variable exponent
    { arbitrary: same.map((g) => atom(`${paren(g)}.^2`, g)), weight: 1 },
    { arbitrary: fc.tuple(positive(s, d), expr(["1", "1"], 0)).map(([x, e]) => atom(`(${x.text}).^${e.text}`, x, e)), weight: 1 },
    // scaling by a scalar, division by a positive scalar
    { arbitrary: fc.tuple(expr(["1", "1"], d), same).map(([c, x]) => compound(`${paren(c)}*${paren(x)}`, c, x)), weight: 1 },
    { arbitrary: fc.tuple(same, positive(["1", "1"], d)).map(([x, c]) => compound(`${paren(x)} / (${c.text})`, x, c)), weight: 1 },
    // matrix product through a random inner dimension
    {
      arbitrary: fc.constantFrom(...DIMS).chain((k) =>
        fc.tuple(expr([rows, k], d), expr([k, cols], d)).map(([x, y]) => compound(`${paren(x)}*${paren(y)}`, x, y))),
      weight: 4,
    },
    // transpose
    { arbitrary: expr([cols, rows], d).map((g) => atom(`${paren(g)}'`, g)), weight: 2 },
    // kron that keeps the dimension lattice: a column ⊗ a row is rows×cols; a scalar ⊗ anything keeps its shape
    { arbitrary: fc.tuple(expr([rows, "1"], d), expr(["1", cols], d)).map(([x, y]) => atom(`kron(${x.text}, ${y.text})`, x, y)), weight: 1 },
    { arbitrary: fc.tuple(expr(["1", "1"], d), same).map(([c, x]) => compound(`${paren(c)} ⊗ ${paren(x)}`, c, x)), weight: 1 },
  ];
  if (!isScalar(s)) {
    // broadcasting a scalar, a row, a column in + − ⊙ ⊘
    const scalar = expr(["1", "1"], d);
    options.push({ arbitrary: fc.tuple(same, scalar).map(([x, c]) => compound(`${x.text} + ${paren(c)}`, x, c)), weight: 1 });
    options.push({ arbitrary: fc.tuple(scalar, same).map(([c, x]) => compound(`${paren(c)} .* ${paren(x)}`, c, x)), weight: 1 });
    if (rows !== "1") {
      const row = expr(["1", cols], d);
      options.push({ arbitrary: fc.tuple(same, row).map(([x, y]) => compound(`${paren(x)} .* ${paren(y)}`, x, y)), weight: 1 });
      options.push({ arbitrary: fc.tuple(same, row).map(([x, y]) => compound(`${x.text} - ${paren(y)}`, x, y)), weight: 1 });
      options.push({ arbitrary: fc.tuple(same, positive(["1", cols], d)).map(([x, y]) => compound(`${paren(x)} ./ (${y.text})`, x, y)), weight: 1 });
      options.push({ arbitrary: expr(["1", cols], d).map((g) => compound(`ones*${paren(g)}`, g)), weight: 1 });
    }
    if (cols !== "1") {
      const col = expr([rows, "1"], d);
      options.push({ arbitrary: fc.tuple(col, same).map(([y, x]) => compound(`${y.text} + ${x.text}`, x, y)), weight: 1 });
      options.push({ arbitrary: fc.tuple(same, positive([rows, "1"], d)).map(([x, y]) => compound(`${paren(x)} ./ (${y.text})`, x, y)), weight: 1 });
    }
  }
  // reductions and normalisations along an axis (MATLAB's convention)
  const axisCall = (f: string, axis: 1 | 2) => (g: Gen): Gen => atom(`${f}(${g.text}, ${axis})`, g);
  if (cols === "1" && rows !== "1") {
    const wide = fc.constantFrom(...DIMS).chain((k) => expr([rows, k], d));
    for (const f of ["sum", "mean", "max", "logsumexp"]) options.push({ arbitrary: wide.map(axisCall(f, 2)), weight: 1 });
  }
  if (rows === "1" && cols !== "1") {
    const tall = fc.constantFrom(...DIMS).chain((k) => expr([k, cols], d));
    for (const f of ["sum", "mean", "min", "logsumexp"]) options.push({ arbitrary: tall.map(axisCall(f, 1)), weight: 1 });
  }
  if (!isScalar(s)) {
    options.push({ arbitrary: same.map(axisCall("softmax", 2)), weight: 1 }, { arbitrary: same.map(axisCall("softmax", 1)), weight: 1 });
  }
  if (isScalar(s)) {
    const any = fc.constantFrom(...DIMS).chain((r) => fc.constantFrom(...DIMS).chain((c) => expr([r, c], d)));
    const square = fc.constantFrom(...SYMBOLIC).chain((n) => expr([n, n], d));
    const column = fc.constantFrom(...SYMBOLIC).chain((n) => expr([n, "1"], d));
    options.push(
      { arbitrary: any.map(fn("sum")), weight: 2 },
      { arbitrary: square.map(fn("tr")), weight: 1 },
      { arbitrary: any.map(fn("norm2")), weight: 1 },
      { arbitrary: any.map(fn("norm1")), weight: 1 },
      { arbitrary: any.map(fn("mean")), weight: 1 },
      { arbitrary: any.map(fn("max")), weight: 1 },
      { arbitrary: column.map(fn("logsumexp")), weight: 1 },
      // det(EᵀE + I) grows like the product of n eigenvalues; cos(det(…)) would outrun finite differences
      { arbitrary: fc.constantFrom(...SYMBOLIC).chain((n) => wellConditioned(n, d)).map((g) => atom(`det(0.1*(${g.text}))`, g)), weight: 1 },
      { arbitrary: fc.constantFrom(...SYMBOLIC).chain((n) => wellConditioned(n, d)).map(fn("logdet")), weight: 1 },
      {
        // `ones` inside vec would leave its length to a product of dimensions (k·p = m·p), which inference
        // does not solve (see the it.fails test in operators.test.ts)
        arbitrary: fc.constantFrom(...DIMS).chain((r) => fc.constantFrom(...DIMS).chain((c) => fc.tuple(expr([r, c], d), expr([r, c], d))))
          .filter(([x, y]) => !/\bones\b/.test(x.text + y.text))
          .map(([x, y]) => compound(`vec(${x.text})'*vec(${y.text})`, x, y)),
        weight: 1,
      },
      { arbitrary: same.map((g) => atom(`${paren(g)}^3`, g)), weight: 1 },
      { arbitrary: fc.tuple(positive(s, d), expr(s, 0)).map(([x, e]) => atom(`(${x.text})^${e.text}`, x, e)), weight: 1 },
    );
  }
  if (isSquareMatrix(s)) {
    options.push(
      { arbitrary: same.map((g) => atom(`${paren(g)}^2`, g)), weight: 1 },
      { arbitrary: wellConditioned(rows, d).map(fn("inv")), weight: 2 },
      { arbitrary: same.map((g) => compound(`${paren(g)} + 2*I`, g)), weight: 1 },
      { arbitrary: expr([rows, "1"], d).map(fn("diag")), weight: 1 },
      { arbitrary: expr(["1", rows], d).map(fn("diag")), weight: 1 },
    );
  }
  if (cols === "1" && rows !== "1") {
    options.push(
      { arbitrary: expr([rows, rows], d).map(fn("diag")), weight: 1 },
      { arbitrary: same.map(fn("softmax")), weight: 1 },
      { arbitrary: expr(["1", rows], d).map(fn("vec")), weight: 1 },
    );
  }
  return fc.oneof(...options);
}

interface Case {
  readonly expr: string;
  readonly wrt: string;
  readonly shapes: string;
  readonly combo: Combo;
}

const dimText = (d: Dim): string => d;
function shapesOf(names: readonly string[]): string {
  return names
    .map((n) => {
      const [r, c] = VARIABLES[n]!;
      return `${n}: ${isScalar([r, c]) ? "1" : `${dimText(r)} x ${dimText(c)}`}`;
    })
    .join(", ");
}

/** A generated f(…) is a generic elementwise function: declare it. */
const withFunctions = (text: string, shapes: string): string => (/\bf\(/.test(text) ? `${shapes}, f: elementwise` : shapes);

const ROOT_SHAPES: readonly Sh[] = DIMS.flatMap((r) => DIMS.map((c) => [r, c] as const));

const caseArbitrary: fc.Arbitrary<Case> = fc
  .constantFrom(...ROOT_SHAPES)
  .chain((s) => fc.integer({ min: 1, max: 3 }).chain((depth) => expr(s, depth)))
  .chain((g) =>
    fc.record({
      expr: fc.constant(g.text),
      wrt: fc.constantFrom(...g.names),
      shapes: fc.constant(withFunctions(g.text, shapesOf([...g.names].sort()))),
      combo: fc.constantFrom(...COMBOS),
    }),
  )
  .map((c) =>
    Object.assign(c, {
      [fc.toStringMethod]: () =>
        `matdiff derive ${JSON.stringify(c.expr)} --wrt ${c.wrt} --shape ${JSON.stringify(c.shapes)} ${
          c.combo.form === "jacobian" ? `--form jacobian --layout ${c.combo.layout}` : `--form ${c.combo.form}`} (${comboName(c.combo)})`,
    }),
  );

/**
 * Programs: two random expressions of one shape as statements, with
 * intermediates used once and twice; the derivative is taken with respect
 * to an input or an intermediate (the gradient backpropagated to it).
 */
const programArbitrary: fc.Arbitrary<Case> = fc
  .constantFrom(...ROOT_SHAPES)
  .chain((s) => fc.tuple(expr(s, 1), expr(s, 2)))
  .chain(([a, b]) => {
    // hid's value is its own (+ 0.25): a value the program already has, or writes out again, cannot be cut loose for --wrt.
    const program = `hid = ${a.text} + 0.25\nact = tanh(hid) .* (${b.text})\nout = act + f(hid)`;
    return fc.record({
      expr: fc.constant(program),
      wrt: fc.constantFrom(...merge(a, b), "hid", "act"),
      shapes: fc.constant(withFunctions("f(", shapesOf(merge(a, b).sort()))),
      combo: fc.constantFrom(...COMBOS),
    });
  })
  .map((c) => Object.assign(c, { [fc.toStringMethod]: () => `matdiff derive ${JSON.stringify(c.expr)} --wrt ${c.wrt} --shape ${JSON.stringify(c.shapes)} (${comboName(c.combo)})` }));

/**
 * What finite differences cannot settle on one instance, fresh instances do:
 *  - relu, abs and norm1 have kinks: when an argument entry lies within the
 *    finite-difference step of 0 (rare per entry, certain over hundreds of
 *    cases) the central difference straddles the kink;
 *  - a derivative that simplified to an exact 0 (of a − a) meets a finite
 *    difference that is pure roundoff, which check.ts's fixed floor of 1e-6
 *    can turn into a relative error above tolerance (see the it.fails test
 *    in operators.test.ts);
 *  - a nearly right answer (relative error < 1e-3) is typical of a high
 *    curvature (cos of a large argument) where the O(h⁴) truncation error
 *    of the step h = 1e-3·max|X| exceeds the tolerance.
 * A wrong derivative is wrong on every instance, so such a case is
 * re-checked on up to three other seeds and fails only if all of them fail.
 */
const NON_SMOOTH = /\b(?:relu|abs|norm1)\(/;
const RETRY_SEEDS = [2, 3, 4];
function checkCase(c: Case): void {
  const run = (seed: number) => verifyDerivative(c.expr, c.wrt, c.shapes, c.combo.form, c.combo.layout, { trials: 2, seed });
  const first = run(1);
  if (first.ok) return;
  // No instance inside the domain at all (norm2(L − L) is never differentiable): not a test of the derivative.
  fc.pre(!first.domainOnly);
  const retry = NON_SMOOTH.test(c.expr) || isLiteralZero(first.derivation) || first.worst < 1e-3;
  if (retry && RETRY_SEEDS.some((seed) => run(seed).ok)) return;
  throw new Error(first.message);
}

function isLiteralZero(d: Derivation): boolean {
  const r = d.derivatives[0]!.result;
  return (r.kind === "op" && r.op === "zeros") || (r.kind === "num" && r.value === 0);
}

/** Override with MATDIFF_PROPERTY_SEED / MATDIFF_PROPERTY_RUNS to explore further; the default run is fixed. */
export const PROPERTY_SEED = Number(process.env.MATDIFF_PROPERTY_SEED ?? 20240611);
const NUM_RUNS = Number(process.env.MATDIFF_PROPERTY_RUNS ?? 500);

describe("random well-shaped expressions", () => {
  it(`the derivative checks numerically (${NUM_RUNS} expressions, seed ${PROPERTY_SEED})`, () => {
    fc.assert(
      fc.property(caseArbitrary, checkCase),
      { seed: PROPERTY_SEED, numRuns: NUM_RUNS },
    );
  }, 180_000);

  it(`programs: the derivative wrt an input or an intermediate checks numerically (${Math.ceil(NUM_RUNS / 5)} programs)`, () => {
    fc.assert(fc.property(programArbitrary, checkCase), { seed: PROPERTY_SEED, numRuns: Math.ceil(NUM_RUNS / 5) });
  }, 180_000);
});

/**
 * Property: every JSON result's source is in the input
 * language, parses back, and passes `check EXPR --claim SOURCE`, its constants
 * sized wherever they sit (vec(I(n)), kron(ones(n, 1), I(m))).
 */
describe("the JSON source of a result", () => {
  it("parses back and passes check --claim (200 expressions)", () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const form = c.combo.form;
        const r = derive({ expr: c.expr, wrt: [c.wrt], shapes: [c.shapes], form, layout: c.combo.layout });
        fc.pre(r.ok);
        if (!r.ok) return;
        const source = derivationJson(r.value).results[0]!.source;
        // constants in the source carry their sizes (under vec or kron, inference could not fix them); `ones` in the input may not
        fc.pre(!/\bones\b/.test(c.expr));
        const verdict = check({ expr: c.expr, wrt: c.wrt, claim: source, shapes: [c.shapes], form, layout: c.combo.layout });
        // an expression that never leaves a kink or a domain edge (relu(D − D)) cannot be checked at all
        fc.pre(verdict.ok || verdict.diagnostics[0]!.code !== "domain");
        if (!verdict.ok) throw new Error(`source does not parse: ${source}: ${verdict.diagnostics[0]!.message}`);
        if (!verdict.value.ok && !NON_SMOOTH.test(c.expr)) throw new Error(`source fails its check: ${source}`);
      }),
      { seed: PROPERTY_SEED, numRuns: 200 },
    );
  }, 180_000);
});
