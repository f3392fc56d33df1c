/**
 * derive(): the whole pipeline for one request, as a value: parse → shapes → differential (per --wrt) → identify → simplify.
 * Errors come back as diagnostics; nothing here prints or exits.
 */
import { listed, shortName } from "../diagnostics/listing.js";
import { DiagnosticError, type Result, error } from "../diagnostics/diagnostic.js";
import { nearest } from "../diagnostics/suggest.js";
import type { Expr, Graph, VarNode } from "../expr/node.js";
import { differential } from "../calculus/differential.js";
import { type Form, type IdentifyTrace, type Identified, type Layout, claimShape, differentialVariable, emptyTrace, identify, resultShape, upstreamVariable } from "../calculus/layout.js";
import { newGraph } from "../ops/registry.js";
import { type Shape, isScalarShape, shapeToString, sizeOf } from "../shapes/shape.js";
import { adjoint } from "../calculus/adjoint.js";
import { vecJacobian } from "../calculus/vecjacobian.js";
import { substitute, transpose, zeros } from "../ops/make.js";
import { hessianVectorProduct } from "../calculus/hvp.js";
import { type IndexForm, indexForm } from "../calculus/index.js";
import { normaliseIndexForm, usesComputedIndices } from "../calculus/index-normal.js";
import { type TypedProgram, cutBindings, statementNamed, typeProgramWith } from "../typing/typing.js";
import { affordableRequest } from "./budgets.js";
import { refuseUnanswerableWrt } from "./wrt-names.js";
import { nonSmoothNotes } from "./non-smooth.js";
import type { Node, Statement } from "../syntax/ast.js";
import { type DeclarationSource, originText } from "../shapes/declarations.js";
import { parseExpression, parseProgram, parseShapeList } from "../syntax/parse.js";
import { type FinalsOf, type Rule, type Step, finalsPerCatalogue, simplify } from "../simplify/engine.js";
import { assumptionRules, directionalFacts } from "../simplify/rules/assumptions.js";
import { DEFAULT_RULES } from "../simplify/catalogue.js";
import { prepareRules } from "../simplify/rules/prepare.js";
import { explicitBroadcast } from "../simplify/rules/algebra.js";
import { printsSymmetricGradient, symmetrise } from "./symmetric.js";
import { TooLargeError } from "../numeric/work.js";
import { type CommonOptions, DEFAULTS } from "./options.js";
import { readAssumptions } from "./assumptions.js";
import type { Fact } from "../numeric/instance.js";
import { type ChainLink, type StepsRecord, chainLength, recordChain, recordSteps } from "./steps-record.js";
import { SizeLimit, resourceLimitMessage } from "../diagnostics/resource-limit.js";
import { validRequest } from "./request-fields.js";
import { outputName, reserveGradName } from "./given-names.js";

export interface DeriveRequest extends CommonOptions {
  readonly expr: string;
  readonly wrt: readonly string[];
}

export interface Derivative {
  readonly wrt: string;
  readonly variable: VarNode;
  /**
   * The function differentiated: Y itself, or for an intermediate h of a
   * program, Y with h cut loose as a variable where it is defined.
   */
  readonly y: Expr;
  /** dY, linear in d<wrt>; null when Y does not depend on it. */
  readonly differential: Expr | null;
  /** How the printed object was obtained from dY. */
  readonly route: Identified["route"];
  /** The printed object before simplification. */
  readonly raw: Expr;
  /** The printed object. */
  readonly result: Expr;
  readonly shape: Shape;
  /** True when Y does not depend on this variable. */
  readonly zero: boolean;
  /** Every rewrite the simplifier made. */
  readonly steps: readonly Step[];
  /** What the identification (adjoint or vec rules) did. */
  readonly trace: IdentifyTrace;
  /** With --order 2: the gradient whose Jacobian is the Hessian. */
  readonly gradient?: Expr;
  /** With --order 2 --form differential: the result is the Hessian–vector product H·dX = d(∇y), in X's shape. */
  readonly hvp?: boolean;
  /** With --order 2 and several --wrt: the variable of the columns of a mixed block ∂²y/∂x∂zᵀ. */
  readonly second?: VarNode;
  /** With --form index: ∂Y_ij/∂X_kl as terms (result then holds the numerator Jacobian they describe). */
  readonly index?: IndexForm;
  /** What --steps prints: dY, the identification moves and the result, simplified as shown. */
  readonly record: StepsRecord;
  /** The variable is assumed symmetric and the result is the symmetric gradient sym(∇) = (∇ + ∇ᵀ)/2. */
  readonly symmetric?: boolean;
}

export interface Derivation {
  readonly input: string;
  readonly program: TypedProgram;
  /** Y, the expression being differentiated. */
  readonly y: Expr;
  /** The name Y is shown by (the user's `a = …`, else Y for a matrix, y otherwise). */
  readonly yName: string;
  readonly layout: Layout;
  readonly form: Form;
  /** G in the grad form. */
  readonly upstream: VarNode | null;
  readonly derivatives: readonly Derivative[];
  /** One-line remarks: non-differentiable points, zero derivatives. */
  readonly notes: readonly string[];
  /** --assume facts per name. */
  readonly assumptions: ReadonlyMap<string, ReadonlySet<Fact>>;
  /** 1 for derivatives, 2 for Hessians. */
  readonly order: 1 | 2;
  /** Y's intermediate values and the differential of each, for --steps. */
  readonly chain: readonly ChainLink[];
  /** The chain's length, counted without building it (--steps refuses a derivation too long to print before building it). */
  readonly chainLength: number;
  /** The program's own names for values (node id → name), in every derivative's graph: printers show these before inventing t₀. */
  readonly names: ReadonlyMap<number, string>;
}

export function parseShapeOptions(shapes: readonly string[] | undefined, origin = "--shape"): DeclarationSource[] {
  return (shapes ?? []).map((text) => {
    const parsed = parseShapeList(text, origin);
    if (!parsed.ok) throw new DiagnosticError(parsed.diagnostics[0]!);
    return { decls: parsed.value, text, origin };
  });
}

/**
 * Why an expression meant for --order 2 is not a scalar: the default
 * shapes' notes (b a scalar by default, so b'x is a vector), else the
 * shapes of the inputs that were not declared.
 */
function nonScalarCauses(program: TypedProgram): { message: string }[] {
  if (program.shapeNotes.length) return program.shapeNotes.map((message) => ({ message }));
  const undeclared = [...program.variables].filter(([n]) => program.origins.get(n)?.kind !== "declared");
  if (!undeclared.length) return [];
  return [{ message: `shapes nobody declared: ${undeclared.map(([n, s]) => `${n}: ${shapeToString(s)} (${originText(program.origins.get(n)!)})`).join(", ")}; declare them with --shape` }];
}

export function wrtVariable(program: TypedProgram, name: string, gradName: string): VarNode {
  const shape = program.variables.get(name) ?? statementNamed(program, name)?.node.shape;
  if (!shape) {
    const known = [...program.variables.keys(), ...program.statements.map((s) => s.name)];
    const suggestion = nearest(name, known);
    throw new DiagnosticError(error("unknown-name", `${shortName(name)} does not appear in the expression`, { text: program.text, origin: "expression" }, [],
      suggestion ? `did you mean ${suggestion}?` : known.length ? `the expression's names are: ${listed(known)}` : undefined));
  }
  if (name === gradName) {
    throw new DiagnosticError(error("bad-option", `${name} is both a variable and the name of the upstream gradient`, undefined, [],
      `choose another name with --grad-name`));
  }
  return program.root.graph.variable(name, shape);
}

export function deriveProgram(input: string, request: Omit<DeriveRequest, "expr">): Derivation {
  return deriveWithCompanion(input, request, null).derivation;
}

/**
 * Derive, typing a second expression (a claim) together with the input so
 * that shapes the input leaves open are settled by both.
 */
export function deriveWithCompanion(
  input: string, request: Omit<DeriveRequest, "expr">, companion: { text: string } | null, graph: Graph = newGraph(),
): { derivation: Derivation; companion: Expr | null } {
  const layout = request.layout ?? DEFAULTS.layout;
  const form = request.form ?? DEFAULTS.form;
  const gradName = request.gradName ?? DEFAULTS.gradName;
  const parsed = parseProgram(input);
  if (!parsed.ok) throw new DiagnosticError(parsed.diagnostics[0]!);
  let companionNode: Node | null = null;
  let companionStatements: readonly Statement[] = [];
  if (companion) {
    const c = parseExpression(companion.text, "claim");
    // A claim may also be a program, `t0 = …; t1 = …; value` (as JSON's source is when inlining would repeat shared parts).
    const p = c.ok ? null : parseProgram(companion.text, "claim");
    if (p?.ok && p.value.statements.length > 1 && p.value.shapes.length === 0 && p.value.output === null) {
      companionStatements = p.value.statements.slice(0, -1);
      companionNode = p.value.expr;
    } else if (!c.ok) throw new DiagnosticError(c.diagnostics[0]!);
    else companionNode = c.value;
  }
  const options = { shapes: parseShapeOptions(request.shapes), functions: parseShapeOptions(request.functions, "--function"), of: request.of, strict: request.strict };
  const typed = typeProgramWith(parsed.value, input, options, companionNode && {
    node: companionNode,
    statements: companionStatements,
    text: companion!.text,
    origin: "claim",
    upstream: form === "grad" ? gradName : null,
    differentialOf: form === "differential" && request.wrt.length === 1 ? request.wrt[0]! : null,
    wrt: request.wrt.length === 1 ? request.wrt[0]! : null,
    expectedShape: (y, x) => (x ? claimShape(form, layout, request.order ?? 1, y, x) : y),
  }, graph);
  const program = typed.program;
  const y = program.root;
  const assumptions = readAssumptions(request.assume ?? [], program.variables, new Set(program.statements.map((s) => s.name)));
  if (form === "grad") reserveGradName(program, gradName);
  const order = request.order ?? 1;
  if (order === 2 && !isScalarShape(y.shape)) {
    throw new DiagnosticError(error("bad-option", `--order 2 (the Hessian) needs a scalar expression, but it is ${shapeToString(y.shape)}`,
      { span: parsed.value.expr.span, text: input, origin: "expression" }, nonScalarCauses(program), "for a vector or matrix, take sum(…) or an inner product first"));
  }
  if (order === 2 && form !== "jacobian" && form !== "differential") {
    throw new DiagnosticError(error("bad-option", `--order 2 goes with --form jacobian (the Hessian matrix) or --form differential (the Hessian–vector product), not --form ${form}`));
  }
  refuseUnanswerableWrt(program, request.wrt, order === 2 && form === "jacobian");
  affordableRequest(program, request.wrt, order === 2 && form === "jacobian", (name) => wrtVariable(program, name, gradName));
  const upstream = form === "grad" ? upstreamVariable(graph, gradName, y.shape) : null;
  const rules = withRules(assumptionRules(assumptions));
  // A gradient differentiated again (--order 2) is simplified only with the facts that hold along the directions the
  // --wrt variables move in (Q⁻¹ = Qᵀ holds at an orthogonal Q, not near it); the Hessian itself, a value at the
  // point, with all.
  const gradientRules = order === 2 ? withRules(assumptionRules(directionalFacts(assumptions, request.wrt))) : rules;
  // What one derivative's simplification found already simple, the next takes as it is (engine.ts, finals).
  const finalsOf = finalsPerCatalogue();
  const notes = [...program.shapeNotes, ...program.notes, ...nonSmoothNotes(y)];
  const seen = new Set<string>();
  const names = programNames(program, request.wrt);
  // The prepared expression, once per distinct expression being differentiated (every input of a
  // program shares one: with many --wrt names, preparing it again for each would cost their product).
  const preparedOf = new Map<number, Expr>();
  const derivatives = request.wrt.map((name): Derivative => {
    if (seen.has(name)) throw new DiagnosticError(error("bad-option", `--wrt names ${name} twice`));
    seen.add(name);
    const x = wrtVariable(program, name, gradName);
    // ∂Y/∂h for an intermediate h: Y with h a variable where it is defined (the backpropagated gradient).
    const yCut = cutRoot(program, name);
    const dX = differentialVariable(x);
    // The expression in the equal form a textbook differentiates (det(Xᵏ) = det(X)ᵏ, ‖x‖² = xᵀx, …).
    const prepared = preparedOf.get(yCut.id) ?? simplify(yCut, prepareRules).result;
    preparedOf.set(yCut.id, prepared);
    const dY = differential(prepared, x, dX);
    const trace = emptyTrace();
    if (order === 2) {
      return form === "differential" ? hvpDerivative(prepared, x, dY, rules, gradientRules, finalsOf) : hessianBlock(prepared, x, dY, x, layout, trace, rules, gradientRules, finalsOf);
    }
    // The index form's entries ∂Y_ij/∂X_kl are those of J = ∂vec(Y)/∂vec(X)ᵀ, kept as the result (what its code returns).
    const identified: Identified = form === "index"
      ? { result: vecJacobian(dY, dX, y.shape, (s) => void trace.vec.push(s)), route: "vec-kronecker" }
      : identify(dY, y.shape, dX, form, layout, upstream ?? upstreamVariable(graph, gradName, y.shape), trace);
    // A gradient with respect to a symmetric X is printed as its symmetric representative sym(∇) (api/symmetric.ts).
    const symmetric = order === 1 && printsSymmetricGradient(x, y, form, assumptions);
    const simplified = simplify(symmetric ? symmetrise(identified.result) : identified.result, rules, finalsOf(rules));
    const index = form === "index" ? normaliseIndexForm(indexForm(dY && simplify(dY, rules, finalsOf(rules)).result, y.shape, dX)) : undefined;
    if (index && usesComputedIndices(index)) {
      notes.push("in ⌊i/p⌋ (block), i mod p (offset) and i + m·j (position in vec), indices count from 0");
    }
    if (dY === null) notes.push(`the expression does not depend on ${name}: its derivative is zero`);
    if (form === "differential" && x.graph.hasInput(`d${name}`)) {
      notes.push(`d${name} is ${program.variables.has(`d${name}`) ? "an input" : "a statement"} here, so the differential of ${name} is written d(${name})`);
    }
    const result = explicitBroadcast(simplified.result);
    return withLazy({
      wrt: name,
      variable: x,
      y: yCut,
      differential: dY,
      route: identified.route,
      raw: identified.result,
      result,
      shape: form === "index" ? { rows: sizeOf(y.shape), cols: sizeOf(x.shape) } : resultShape(form, layout, y.shape, x.shape),
      zero: dY === null,
      steps: simplified.steps,
      trace,
      index,
      symmetric,
    }, "record", () => recordSteps(dY, trace, result));
  });
  if (order === 2 && form === "jacobian") {
    // Mixed blocks ∂²y/∂xᵢ∂xⱼᵀ for i < j; the blocks below the diagonal are their transposes.
    const diagonal = [...derivatives];
    for (let i = 0; i < diagonal.length; i++) {
      for (let j = i + 1; j < diagonal.length; j++) {
        const d = diagonal[i]!;
        derivatives.push(hessianBlock(d.y, d.variable, d.differential, diagonal[j]!.variable, layout, emptyTrace(), rules, gradientRules, finalsOf, d.gradient));
      }
    }
  }
  const yName = outputName(program, y);
  // --steps follows the function differentiated: with --wrt an intermediate, Y with it cut loose (when all agree).
  const chainY = derivatives.length > 0 && derivatives.every((r) => r.y === derivatives[0]!.y) ? derivatives[0]!.y : y;
  const vars = derivatives.map((r) => r.variable);
  const derivation = withLazy(withLazy({ input, program, y, yName, layout, form, upstream, derivatives, notes, assumptions, order, names },
    "chain", () => recordChain(chainY, yName, vars, [...program.variables.keys(), ...program.statements.map((s) => s.name)], gradName, names)),
  "chainLength", () => chainLength(chainY, vars, names));
  return { derivation, companion: typed.companion };
}

/**
 * A block of the Hessian of a scalar y, ∂²y/∂vec(X)∂vec(Z)ᵀ: the Jacobian,
 * with respect to Z, of the gradient ∇ = ∂y/∂X (X's shape), by the same
 * linearise-then-vectorise passes. The diagonal blocks (Z = X) are
 * symmetric; the denominator layout prints the transpose of the numerator one.
 */
function hessianBlock(
  y: Expr, x: VarNode, dY: Expr | null, z: VarNode, layout: Layout, trace: IdentifyTrace, rules: readonly Rule[], gradientRules: readonly Rule[],
  finalsOf: FinalsOf,
  /** ∇ when a diagonal block already has it (a mixed block reuses it). */
  known?: Expr,
): Derivative {
  const dX = differentialVariable(x);
  const dZ = differentialVariable(z);
  const gradient = known ?? simplify(adjoint(dY, x.graph.num(1), dX), gradientRules, finalsOf(gradientRules)).result;
  const dG = differential(gradient, z, dZ);
  const J = vecJacobian(dG, dZ, gradient.shape, (s) => void trace.vec.push(s));
  const raw = layout === "denominator" ? transpose(J) : J;
  const simplified = simplify(raw, rules, finalsOf(rules));
  const rows = sizeOf(x.shape);
  const cols = sizeOf(z.shape);
  return withLazy({
    wrt: z === x ? x.name : `${x.name},${z.name}`, variable: x, y, differential: dY, route: "vec-kronecker", raw, result: simplified.result,
    shape: layout === "denominator" ? { rows: cols, cols: rows } : { rows, cols }, zero: dG === null, steps: simplified.steps, trace, gradient,
    second: z === x ? undefined : z,
  }, "record", () => recordSteps(dY, trace, simplified.result, dG));
}

/** Y with the intermediate `cut` a variable where it is defined (Y itself when `cut` is an input). */
function cutRoot(program: TypedProgram, cut: string): Expr {
  const at = statementNamed(program, cut);
  if (!at) return program.root;
  return substitute(program.root, new Map([[at.node.id, at.node.graph.variable(at.name, at.node.shape)]]));
}

/**
 * The program's names for values, in the original graph and in every cut
 * one (∂Y/∂h reads h as a variable, so later values are other nodes with
 * the same names). The first statement to name a value wins.
 */
function programNames(program: TypedProgram, wrt: readonly string[]): Map<number, string> {
  const names = new Map<number, string>();
  // An input cuts nothing: its bindings are the program's as typed (the null cut), so only intermediates are cut.
  for (const cut of [null, ...new Set(wrt.filter((w) => statementNamed(program, w) !== undefined))]) {
    for (const [name, node] of cutBindings(program, cut)) {
      // The differentiated value keeps its own rule (named where it recurs), as for a single expression.
      if (node.kind === "op" && !names.has(node.id) && name !== program.output) names.set(node.id, name);
    }
  }
  return names;
}

/**
 * --order 2 --form differential: the Hessian–vector product H·dX = d(∇y) in
 * X's shape, never forming H (calculus/hvp.ts).
 */
function hvpDerivative(y: Expr, x: VarNode, dY: Expr | null, rules: readonly Rule[], gradientRules: readonly Rule[], finalsOf: FinalsOf): Derivative {
  const dX = differentialVariable(x);
  const { gradient, product } = hessianVectorProduct(dY, x, dX, (e) => simplify(e, gradientRules, finalsOf(gradientRules)).result);
  const raw = product ?? zeros(x.graph, x.shape);
  const simplified = simplify(raw, rules, finalsOf(rules));
  return withLazy({
    wrt: x.name, variable: x, y, differential: dY, route: "vec-kronecker", raw, result: simplified.result, shape: x.shape, zero: product === null,
    steps: simplified.steps, trace: emptyTrace(), gradient, hvp: true,
  }, "record", () => recordSteps(dY, emptyTrace(), simplified.result, product));
}

/** The catalogue after the assumptions' rules: the catalogue itself without any, so simplifiers share its tables. */
const withRules = (first: readonly Rule[]): readonly Rule[] => (first.length === 0 ? DEFAULT_RULES : [...first, ...DEFAULT_RULES]);

/**
 * `obj` with `key` computed on its first read and kept: the --steps records (the chain of intermediate values, each
 * derivative's record) take a few milliseconds, and only the steps printers read them.
 */
function withLazy<T extends object, K extends string, V>(obj: T, key: K, compute: () => V): T & { readonly [P in K]: V } {
  let value: { readonly v: V } | undefined;
  return Object.defineProperty(obj, key, { enumerable: true, get: () => (value ??= { v: compute() }).v }) as T & { readonly [P in K]: V };
}

/** Run a pass that may throw a DiagnosticError (or overflow the stack) and return a Result. */
export function guarded<T>(run: () => T): Result<T> {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    if (e instanceof DiagnosticError) return { ok: false, diagnostics: [e.diagnostic] };
    if (e instanceof TooLargeError) {
      return { ok: false, diagnostics: [error("input-too-large", `${e.lead}: ${e.message}`, undefined, [], e.help)] };
    }
    if (e instanceof SizeLimit) return { ok: false, diagnostics: [error("input-too-large", e.message, undefined, [], e.help)] };
    if (e instanceof RangeError) return { ok: false, diagnostics: [error("input-too-large", resourceLimitMessage(e))] };
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, diagnostics: [error("internal", `internal error: ${message} (this is a matdiff bug; please report it with the command that caused it)`)] };
  }
}

/** One derivation, in a graph of its own: derivations share nothing. */
export function derive(request: DeriveRequest): Result<Derivation> {
  return guarded(() => (validRequest("derive()", request), deriveProgram(request.expr, request)));
}

