/**
 * check(): is a hand derivation right, and if not, how is it wrong? The
 * claim is typed against the expression's names (plus G in grad form and
 * d<wrt> in differential form), checked against finite differences, and on
 * failure compared, on the same random instances, with matdiff's own answer
 * in every layout, transposed, with symmetric matrices, and up to a factor.
 */
import { DiagnosticError, type Result, error } from "../diagnostics/diagnostic.js";
import { domainDiagnostic } from "./domain.js";
import type { Expr, Graph, VarNode } from "../expr/node.js";
import { type Layout, LAYOUTS, differentialVariable, identify, resultShape, upstreamVariable } from "../calculus/layout.js";
import { simplify } from "../simplify/engine.js";
import { DEFAULT_RULES } from "../simplify/catalogue.js";
import { type Shape, isScalarShape, isSquareMatrixShape, shapeEq } from "../shapes/shape.js";
import type { ClaimName } from "../typing/typing.js";
import { type CheckReport, sampleInstance, type CheckOptions } from "../numeric/check.js";
import { checkDerivative } from "../numeric/check-many.js";
import { type Fact, isSymmetricFact } from "../numeric/instance.js";
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import { createRng } from "../numeric/random.js";
import { DiagnosisBudget, TooLargeError } from "../numeric/work.js";
import { type Derivation, type Derivative, deriveWithCompanion, guarded } from "./derive.js";
import { inconclusiveDiagnostic, numericOptions } from "./check-derivation.js";
import { type CommonOptions, DEFAULTS, type NumericOptions } from "./options.js";
import { checkHessian } from "../numeric/hessian.js";
import { checkHvp } from "../numeric/hvp.js";
import { cookbookSymmetric } from "./symmetric.js";
import { validRequest } from "./request-fields.js";
import { newGraph } from "../ops/registry.js";

export type { NumericOptions };

export interface CheckRequest extends CommonOptions, NumericOptions {
  readonly expr: string;
  readonly wrt: string;
  readonly claim: string;
}

export type Diagnosis =
  | { readonly kind: "holds" }
  | { readonly kind: "other-layout"; readonly layouts: readonly Layout[] }
  | { readonly kind: "transpose" }
  | { readonly kind: "wrong-shape"; readonly expected: Shape; readonly got: Shape }
  | { readonly kind: "symmetric-only"; readonly names: readonly string[]; readonly layout: Layout | null }
  | { readonly kind: "scaled"; readonly factor: number }
  /** Grad form of a scalar y: the claim is ∂y/∂X, without the upstream factor G. */
  | { readonly kind: "missing-upstream" }
  /** X symmetric: the claim is the Matrix Cookbook's ∇ + ∇ᵀ − ∇ ⊙ I, not sym(∇) (api/symmetric.ts). */
  | { readonly kind: "cookbook-symmetric" }
  | { readonly kind: "mismatch" }
  /** Wrong, and explaining how would cost more than a check may spend at these sizes (`reason`). */
  | { readonly kind: "undiagnosed"; readonly reason: string };

export interface ClaimReport {
  readonly ok: boolean;
  readonly diagnosis: Diagnosis;
  readonly derivation: Derivation;
  /** matdiff's own answer in the requested form and layout. */
  readonly truth: Derivative;
  readonly claim: Expr;
  readonly numeric: CheckReport;
}

/** Names a claim may use: the expression's, G (grad form), d<wrt> (differential form). */
export function claimNames(d: Derivation, x: VarNode): Map<string, ClaimName> {
  const names = new Map<string, ClaimName>();
  for (const [n, s] of d.program.variables) names.set(n, { shape: s, role: "input" });
  for (const s of d.program.statements) names.set(s.name, { shape: s.node.shape, role: "input" });
  if (d.form === "grad" && d.upstream) names.set(d.upstream.name, { shape: d.upstream.shape, role: "upstream" });
  if (d.form === "differential") names.set(`d${x.name}`, { shape: x.shape, role: "differential" });
  return names;
}

/**
 * Two formulas' values agree (both exact evaluations, no finite differences): to 10⁻⁹, well inside the check's
 * tolerance, so that a claim the check rejected by a small margin (it leaves out a term 10⁻⁸ of the rest) is not
 * explained as another layout or a factor of 1.
 */
const AGREE = 1e-9;
const close = (a: Mat, b: Mat): boolean =>
  a.rows === b.rows && a.cols === b.cols && M.relativeError(a, b) <= AGREE;

/** Evaluate graphs on shared random instances; null when any cannot be evaluated there. */
function onInstances(graphs: readonly Expr[], options: CheckOptions, count = 2): Mat[][] | null {
  const rng = createRng((options.seed ?? 1) + 7919);
  const out: Mat[][] = [];
  for (let k = 0; k < count; k++) {
    const sample = sampleInstance(graphs, rng, options);
    if ("violation" in sample || sample.underflow) return null;
    // the sampler evaluated every graph there already, inside its domain
    out.push(sample.rootValues);
  }
  return out;
}

/** k with claim = k · truth on every instance, or null. */
function constantFactor(values: readonly Mat[][] | null, claimAt: number, truthAt: number): number | null {
  if (!values) return null;
  const ks = values.map((v) => M.inner(v[claimAt]!, v[truthAt]!) / Math.max(M.inner(v[truthAt]!, v[truthAt]!), 1e-300));
  const k = ks[0]!;
  const fits = values.every((v) => M.relativeError(v[claimAt]!, M.scale(k, v[truthAt]!)) <= AGREE) && ks.every((x) => Math.abs(x - k) <= AGREE * Math.abs(k));
  // A factor of 1 is no explanation: the claim is the answer within the comparison, and the check still rejected it.
  return fits && Math.abs(k) > 1e-12 && Math.abs(k - 1) > 1e-6 ? k : null;
}

/**
 * At most this many square inputs are tried symmetric one at a time when a claim is diagnosed; all of them are then
 * tried together. Each try evaluates the whole expression, so trying every one of k inputs costs k evaluations of an
 * expression that holds all k: a wrong claim about a product of 1,000 square matrices took 85 s.
 */
const MAX_SYMMETRIC_TRIES = 8;

/** The check's facts with `symmetric` added for each of `names`. */
function assumingSymmetric(options: CheckOptions, names: readonly string[]): Map<string, ReadonlySet<Fact>> {
  const assume = new Map(options.assume ?? []);
  for (const n of names) assume.set(n, new Set<Fact>([...(assume.get(n) ?? []), "symmetric"]));
  return assume;
}

/**
 * A Hessian is symmetric and the same in every layout: it can have the wrong shape, hold only where some square
 * matrix is symmetric (the textbook's −X⁻¹ ⊗ X⁻¹ for logdet along symmetric directions of X, without K; 2A for
 * ∇²(xᵀAx) = A + Aᵀ), or be off by a factor. Each square input is tried symmetric alone (the first
 * MAX_SYMMETRIC_TRIES), then all together, as first derivatives are (Hessian–vector products too).
 */
function diagnoseHessian(d: Derivation, truth: Derivative, claim: Expr, options: CheckOptions): Diagnosis {
  if (!shapeEq(claim.shape, truth.shape)) return { kind: "wrong-shape", expected: truth.shape, got: claim.shape };
  const x = truth.variable;
  const holdsWhenSymmetric = (names: readonly string[]): boolean => {
    const opts = { ...options, assume: assumingSymmetric(options, names) };
    return truth.hvp ? checkHvp(truth.y, x, differentialVariable(x), claim, opts).ok : checkHessian(truth.y, x, claim, opts, x, d.layout === "denominator").ok;
  };
  const square = [...d.program.variables].filter(([n, s]) => isSquareMatrixShape(s) && !isSymmetricFact(options.assume?.get(n))).map(([n]) => n);
  const single = square.slice(0, MAX_SYMMETRIC_TRIES).filter((n) => holdsWhenSymmetric([n]));
  if (single.length) return { kind: "symmetric-only", names: single, layout: null };
  if (square.length > 1 && holdsWhenSymmetric(square)) return { kind: "symmetric-only", names: square, layout: null };
  const k = constantFactor(onInstances([truth.y, truth.variable, claim, truth.result], options), 2, 3);
  return k === null ? { kind: "mismatch" } : { kind: "scaled", factor: k };
}

function diagnose(d: Derivation, truth: Derivative, claim: Expr, dX: VarNode, upstream: VarNode, options: CheckOptions): Diagnosis {
  const y = truth.y;
  // the answer in each layout, identified and simplified once however many candidates ask for it
  const answers = new Map<Layout, Expr>();
  const truthIn = (layout: Layout): Expr => {
    let answer = answers.get(layout);
    if (!answer) {
      answer = simplify(identify(truth.differential, y.shape, dX, d.form, layout, upstream).result, DEFAULT_RULES).result;
      answers.set(layout, answer);
    }
    return answer;
  };
  const base = [y, truth.variable];
  if (truth.symmetric && shapeEq(claim.shape, truth.shape)) {
    const v = onInstances([...base, claim, truth.result], options);
    if (v && v.every((x) => close(x[2]!, cookbookSymmetric(x[3]!)))) return { kind: "cookbook-symmetric" };
  }
  // The answer in another layout (Jacobian form only), when that answer differs from the requested one. A layout
  // whose answer has another shape than the claim cannot match it, and is not identified (a whole simplification).
  const claimFits = (layout: Layout): boolean => shapeEq(resultShape("jacobian", layout, y.shape, truth.variable.shape), claim.shape);
  const others = d.form === "jacobian" ? LAYOUTS.filter((l) => l !== d.layout && claimFits(l)) : [];
  if (d.form === "jacobian") {
    const values = others.length ? onInstances([...base, claim, truth.result, ...others.map(truthIn)], options) : null;
    if (values) {
      // v = [y, x, claim, requested answer, answer in each other layout…]
      const real = others.filter((_, i) =>
        values.every((v) => close(v[2]!, v[4 + i]!)) && !values.every((v) => close(v[3]!, v[4 + i]!)));
      if (real.length) return { kind: "other-layout", layouts: real };
    }
  }
  const values = onInstances([...base, claim, truth.result, upstream], options);
  if (values && values.every((v) => close(M.transpose(v[2]!), v[3]!))) return { kind: "transpose" };
  // ∂ℓ/∂X = G ∂y/∂X for a scalar y: a claim without G matches truth / G.
  if (values && d.form === "grad" && isScalarShape(truth.y.shape) && values.every((v) => close(M.scale(M.scalarValue(v[4]!), v[2]!), v[3]!))) {
    return { kind: "missing-upstream" };
  }
  if (!shapeEq(claim.shape, truth.shape)) return { kind: "wrong-shape", expected: truth.shape, got: claim.shape };
  // Right only for symmetric matrices: symmetrise one square input at a time (the first MAX_SYMMETRIC_TRIES), then all together.
  const square = [...d.program.variables].filter(([, s]) => isSquareMatrixShape(s)).map(([n]) => n);
  const layouts: (Layout | null)[] = d.form === "jacobian" ? [d.layout, ...others] : [null];
  const holdsWhenSymmetric = (names: readonly string[]): Layout | null | undefined => {
    const opts = { ...options, assume: assumingSymmetric(options, names) };
    for (const layout of layouts) {
      const answer = layout === null || layout === d.layout ? truth.result : truthIn(layout);
      const v = onInstances([...base, claim, answer], opts);
      if (v && v.every((x) => close(x[2]!, x[3]!))) return layout;
    }
    return undefined;
  };
  const single = square.slice(0, MAX_SYMMETRIC_TRIES).map((n) => [n, holdsWhenSymmetric([n])] as const).filter(([, l]) => l !== undefined);
  if (single.length) return { kind: "symmetric-only", names: single.map(([n]) => n), layout: single[0]![1] === d.layout ? null : single[0]![1]! };
  if (square.length > 1) {
    const all = holdsWhenSymmetric(square);
    if (all !== undefined) return { kind: "symmetric-only", names: square, layout: all === d.layout ? null : all };
  }
  // Off by a sign or a constant factor: claim = k · truth.
  const k = constantFactor(values, 2, 3);
  return k === null ? { kind: "mismatch" } : { kind: "scaled", factor: k };
}

export function checkClaimProgram(request: CheckRequest, graph: Graph = newGraph()): ClaimReport {
  if (request.form === "index") {
    throw new DiagnosticError(error("bad-option", "a claim is checked in the jacobian, grad or differential form, not the index form", undefined, [],
      "write the claim as a matrix and use --form jacobian (with its --layout), grad or differential"));
  }
  const { derivation, companion } = deriveWithCompanion(request.expr, { ...request, wrt: [request.wrt] }, { text: request.claim }, graph);
  const truth = derivation.derivatives[0]!;
  const x = truth.variable;
  const claim = companion!;
  const options = numericOptions(derivation, request);
  const dX = differentialVariable(x);
  const upstream = derivation.upstream ?? upstreamVariable(derivation.y.graph, request.gradName ?? DEFAULTS.gradName, derivation.y.shape);
  // matdiff's own answer tells an instance where every claim as small as the differences would agree from one where the derivative is 0.
  const target = { y: truth.y, x, form: derivation.form, layout: derivation.layout, result: claim, reference: truth.result, dX, upstream };
  // A claimed Hessian is checked against four-point second differences of y.
  const numeric = shapeEq(claim.shape, truth.shape)
    ? truth.hvp ? checkHvp(truth.y, x, dX, claim, options, truth.result)
    : derivation.order === 2 ? checkHessian(truth.y, x, claim, options, x, derivation.layout === "denominator", undefined, { expr: truth.result }) : checkDerivative(target, options)
    : { ok: false, trials: [], maxRelError: Infinity, tol: options.tol ?? 1e-6 };
  if (numeric.ok) return { ok: true, diagnosis: { kind: "holds" }, derivation, truth, claim, numeric };
  if (numeric.domain) throw new DiagnosticError(domainDiagnostic(numeric.domain, derivation.program));
  if (numeric.inconclusive) throw new DiagnosticError(inconclusiveDiagnostic(numeric.inconclusive));
  // Explaining a wrong claim spends nothing of a batch's budget, arithmetic or nodes: the verdict is in, and it must not
  // become "not checked". It has a budget of its own, so that its tries together cost at most what one check may.
  const unbudgeted = { ...options, budget: new DiagnosisBudget() };
  graph.liftLimit();
  let diagnosis: Diagnosis;
  try {
    diagnosis = derivation.order === 2 ? diagnoseHessian(derivation, truth, claim, unbudgeted) : diagnose(derivation, truth, claim, dX, upstream, unbudgeted);
  } catch (e) {
    // The verdict is in; only the explanation, which evaluates matdiff's own answer too, is past what a check may
    // spend (a wrong claim G for layer norm at 2,000 × 2,000 was refused as too large after 17 s of checking).
    if (!(e instanceof TooLargeError)) throw e;
    diagnosis = { kind: "undiagnosed", reason: e.message };
  }
  return { ok: false, diagnosis, derivation, truth, claim, numeric };
}

export function check(request: CheckRequest): Result<ClaimReport> {
  return guarded(() => {
    validRequest("check()", request);
    // A batch's entries share a budget of the nodes they build (numeric/work.ts RUN_NODES), charged whatever the outcome.
    const graph = newGraph(request.budget?.graphLimit());
    try {
      return checkClaimProgram(request, graph);
    } finally {
      request.budget?.chargeNodes(graph.size);
    }
  });
}

