/**
 * From a parsed program to the typed graph: collect declarations, infer
 * shapes, name the dimensions nothing named (m, n, p, … in order of first
 * appearance), then lower. Also types a second expression (a claim) against
 * the shapes of the first.
 */
import type { Node, Program, Statement } from "../syntax/ast.js";
import type { Span } from "../diagnostics/span.js";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import { nearest } from "../diagnostics/suggest.js";
import type { Expr, Graph, VarRole } from "../expr/node.js";
import { functionNamed, newGraph } from "../ops/registry.js";
import { SCALAR, type Shape } from "../shapes/shape.js";
import { type Dim, dimSym } from "../shapes/dim.js";
import { Unifier } from "../shapes/unify.js";
import { type DeclarationSource, type Declared, type ShapeOrigin, collectDeclarations, defaultKind, defaultRule, defaultShape } from "../shapes/declarations.js";
import { defaultShapes } from "./defaults.js";
import { type GenericScope, ShapeInference } from "./infer.js";
import { type GenericDecl, calledNames, planProgram, refuseCaretT, refuseConstantName, splitDeclarations } from "./program.js";
import { substitute } from "../ops/make.js";
import { Lowering } from "./lower.js";
import { CountById } from "../expr/by-id.js";
import { zeros } from "../ops/make.js";

export interface TypedProgram {
  /** The value differentiated: the last statement's, or --of's. */
  readonly root: Expr;
  /** The name given to the result (`a = …`), if any. */
  readonly output: string | null;
  /** Final shapes of the inputs (names never assigned), in order of first appearance. */
  readonly variables: ReadonlyMap<string, Shape>;
  /** Declared shapes, including names the expression does not use. */
  readonly declared: ReadonlyMap<string, Declared>;
  /** Where each graph node came from in `text`, by node id. */
  readonly spans: { get(id: number): Span | undefined };
  readonly text: string;
  /** The named statements, in order, as graph nodes in terms of the inputs. */
  readonly statements: readonly ProgramStatement[];
  /** The generic functions declared (where f: elementwise, --function). */
  readonly generics: ReadonlyMap<string, GenericDecl>;
  /** Statements the differentiated one does not use. */
  readonly notes: readonly string[];
  /** Where each input's shape came from: declared, a default rule, or forced by the expression. */
  readonly origins: ReadonlyMap<string, ShapeOrigin>;
  /** Surprising consequences of default shapes (typing/defaults.ts). */
  readonly shapeNotes: readonly string[];
}

export interface ProgramStatement {
  readonly name: string;
  readonly node: Expr;
  readonly span: Span;
  /** Whether the differentiated statement uses it (or is it). */
  readonly used: boolean;
  /**
   * Whether its value is not its own: another name for an input or a statement (k = h), or a value also written out
   * without its name (k = tanh(x); y = k ⊙ tanh(x)). Equal values are one node, so cutting it loose would cut all of them.
   */
  readonly notOwn?: "another name" | "written again";
}

const DIM_NAMES = ["m", "n", "p", "q", "r", "s", "k", "l", "u", "v", "w"];

function namesInOrder(node: Node, out: Set<string>): void {
  // Left to right, each name as it is first met (nothing is listed first: a list of a deep input's nodes is as long as
  // the input).
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    switch (n.kind) {
      case "name":
        if (n.name !== "I" && n.name !== "eye" && n.name !== "ones") out.add(n.name);
        break;
      case "number":
        break;
      case "neg":
      case "transpose":
        stack.push(n.arg);
        break;
      case "binary":
        stack.push(n.right, n.left);
        break;
      case "call":
        // The arguments of I(n), ones(m, n)… are sizes, not names of the expression.
        if (!functionNamed(n.fn)?.sized) for (let i = n.args.length - 1; i >= 0; i--) stack.push(n.args[i]!);
        break;
    }
  }
}

/**
 * A second expression typed together with the program (a claim about its
 * derivative): it may use the program's names, plus `upstream` (G, shaped
 * like the result) and `differentialOf` (d<x>, shaped like x). Shapes the
 * program leaves open are settled by both together.
 */
export interface Companion {
  /** The shape the companion should have, from the program's result and variable shapes; its own open sizes settle to it. */
  readonly expectedShape?: (result: Shape, variable: Shape | null) => Shape;
  readonly node: Node;
  /** Statements `name = value` before the node (a claim written as a program); each name reads its value after it. */
  readonly statements?: readonly Statement[];
  readonly text: string;
  readonly origin: string;
  readonly upstream: string | null;
  readonly differentialOf: string | null;
  /** The variable the companion is a derivative with respect to. */
  readonly wrt: string | null;
}

/** What a program is typed with besides its own text: --shape, --function, --of. */
export interface ProgramOptions {
  readonly shapes: readonly DeclarationSource[];
  readonly functions?: readonly DeclarationSource[];
  readonly of?: string;
  /** --strict: every input must be declared; a default shape is an error. */
  readonly strict?: boolean;
}

export function typeProgram(program: Program, text: string, extra: readonly DeclarationSource[], graph: Graph = newGraph()): TypedProgram {
  return typeProgramWith(program, text, { shapes: extra }, null, graph).program;
}

/** Type a program (and a companion claim) into `graph`, the graph of one derivation. */
export function typeProgramWith(
  program: Program, text: string, options: ProgramOptions, companion: Companion | null, graph: Graph,
): { program: TypedProgram; companion: Expr | null } {
  const sources = [...options.shapes, { decls: program.shapes, text, origin: "expression" }];
  const { shapes: shapeSources, generics } = splitDeclarations(sources, calledNames(program), options.functions ?? []);
  const declared = collectDeclarations(shapeSources);
  const plan = planProgram(program, text, options.of, declared);
  const u = new Unifier();
  const nameShapes = new Map<string, Shape>();
  const statementShapes = new Map<string, Shape>();
  const scope: GenericScope = { kinds: new Map([...generics].map(([n, g]) => [n, g.kind])), argumentShapes: new Map() };
  const inference = new ShapeInference(u, text, "expression", (name, span) => {
    const assigned = statementShapes.get(name);
    if (assigned) return assigned;
    let s = nameShapes.get(name);
    if (!s) {
      if (options.strict && !declared.has(name)) refuseDefault(name, span, text);
      s = declared.get(name)?.shape ?? defaultShape(name, u);
      nameShapes.set(name, s);
    }
    return s;
  }, scope);
  for (const st of program.statements) {
    const shape = inference.infer(st.expr);
    if (st.name) statementShapes.set(st.name.name, shape);
  }
  const rootNode = program.statements[plan.target]!;
  const rootShape = inference.shapes.get(rootNode.expr)!;

  const companionNames = new Map<string, { shape: Shape; role: VarRole; dimension?: boolean }>();
  let zeroShape: Shape | null = null;
  let companionInference: ShapeInference | null = null;
  if (companion) {
    for (const [n, sh] of nameShapes) companionNames.set(n, { shape: sh, role: "input" });
    for (const [n, sh] of statementShapes) companionNames.set(n, { shape: sh, role: "input" });
    if (companion.upstream) companionNames.set(companion.upstream, { shape: rootShape, role: "upstream" });
    const differentiated = companion.differentialOf ? nameShapes.get(companion.differentialOf) ?? statementShapes.get(companion.differentialOf) : undefined;
    if (companion.differentialOf && differentiated) {
      companionNames.set(`d${companion.differentialOf}`, { shape: differentiated, role: "differential" });
    }
    // A claim may name a declared dimension as a scalar (the n of mean's gradient G 𝟏ᵀ / n).
    for (const d of declared.values()) for (const sym of [...d.shape.rows.syms, ...d.shape.cols.syms]) {
      if (!companionNames.has(sym)) companionNames.set(sym, { shape: SCALAR, role: "input", dimension: true });
    }
    // x^T in a claim is refused where T is a name the claim may mean (an input, a statement, G), as in the expression.
    if (companionNames.has("T") || declared.has("T")) {
      refuseCaretT([...(companion.statements ?? []).map((s) => s.expr), companion.node], (span) => ({ span, text: companion.text, origin: companion.origin }));
    }
    companionInference = new ShapeInference(u, companion.text, companion.origin, strictResolver(companionNames, companion.text, companion.origin), scope);
    for (const st of companion.statements ?? []) {
      refuseConstantName(st.name!.name, st.name!.span, companion.text, companion.origin);
      companionNames.set(st.name!.name, { shape: companionInference.infer(st.expr), role: "input" });
    }
    const own = companionInference.infer(companion.node);
    if (companion.expectedShape) {
      // Sizes only the companion mentions (from I or ones) take the expected shape's.
      const programUnknowns = new Set([...nameShapes.values()].flatMap((sh) => [...u.unknownsIn(sh.rows), ...u.unknownsIn(sh.cols)]));
      // x as the expression uses it, or as declared when the expression does not use it (the derivative is then 0).
      const xShape = companion.wrt ? nameShapes.get(companion.wrt) ?? statementShapes.get(companion.wrt) ?? declared.get(companion.wrt)?.shape ?? null : null;
      const expected = companion.expectedShape(u.resolveShape(rootShape), xShape ? u.resolveShape(xShape) : null);
      for (const [mine, want] of [[own.rows, expected.rows], [own.cols, expected.cols]] as const) {
        const open = u.unknownsIn(mine);
        // Products too: kron(I, I) takes a (k·k)×(k·k) answer's sizes.
        if (open.length >= 1 && open.every((o) => !programUnknowns.has(o))) u.unify(mine, want);
      }
      // A bare 0 is the zero of whatever shape the answer has.
      if (isZeroLiteral(companion.node)) zeroShape = expected;
    }
  }

  const order = new Set<string>();
  for (const st of program.statements) namesInOrder(st.expr, order);
  for (const name of statementShapes.keys()) order.delete(name);
  const taken = new Set<string>([...order, ...statementShapes.keys()]);
  for (const d of declared.values()) for (const dim of [d.shape.rows, d.shape.cols]) dim.syms.forEach((s) => taken.add(s));
  // So are the sizes the expression's shapes hold by name (ones(m, 1), I(n), or a claim's m that one of them took):
  // a default named like one would make two sizes one, drawn equal by every check. A size only the claim names is
  // not taken: it may name a default the user read off (W: m×n).
  inference.shapes.forEach((sh) => {
    const r = u.resolveShape(sh);
    // indexed, not for…of: one call per node of a deep input, and an unoptimised for…of allocates per step
    for (let k = 0; k < r.rows.syms.length; k++) taken.add(r.rows.syms[k]!);
    for (let k = 0; k < r.cols.syms.length; k++) taken.add(r.cols.syms[k]!);
  });
  const pool = DIM_NAMES.filter((n) => !taken.has(n));
  let extraIndex = 1;
  const freshName = (): string => {
    const next = pool.shift();
    if (next) return next;
    while (taken.has(`d${extraIndex}`)) extraIndex++;
    return `d${extraIndex++}`;
  };
  const nameIn = (d: Dim) => {
    const unknowns = u.unknownsIn(d);
    // Re-read after each naming: naming one unknown can resolve others bound to it.
    for (let i = 0; i < unknowns.length; i++) if (u.unknownsIn(d).includes(unknowns[i]!)) u.name(unknowns[i]!, freshName());
  };
  const nameAll = (s: Shape) => {
    nameIn(s.rows);
    nameIn(s.cols);
  };
  for (const name of order) nameAll(nameShapes.get(name)!);
  // forEach, not for…of: one call per shape, no iterator result per step (a deep input has a shape per node).
  inference.shapes.forEach(nameAll);
  companionInference?.shapes.forEach(nameAll);

  const variables = new Map<string, Shape>();
  for (const name of order) variables.set(name, u.resolveShape(nameShapes.get(name)!));
  for (const [name, d] of declared) if (!variables.has(name)) variables.set(name, d.shape);

  // Statements in order: a name that is assigned stands for its statement's node.
  const bound = new Map<string, Expr>();
  const lowering = new Lowering(inference, graph, (name, shape) => bound.get(name) ?? graph.variable(name, shape));
  const statements: ProgramStatement[] = [];
  let root: Expr | null = null;
  program.statements.forEach((st, i) => {
    const node = lowering.lower(st.expr);
    if (i === plan.target) root = node;
    if (!st.name) return;
    bound.set(st.name.name, node);
    graph.nameStatement(st.name.name);
    statements.push({ name: st.name.name, node, span: st.span, used: plan.used.has(i) });
  });
  const perNode = new CountById();
  for (const s of statements) perNode.add(s.node.id);
  statements.forEach((s, i) => {
    if (s.node.kind !== "op" || perNode.get(s.node.id) > 1) statements[i] = { ...s, notOwn: "another name" };
    else if (lowering.writtenOut.get(s.node.id) > 1) statements[i] = { ...s, notOwn: "written again" };
  });
  const defaults = defaultShapes(program, inference, variables, declared, (sh) => u.resolveShape(sh));
  const typed: TypedProgram = {
    root: root!, output: rootNode.name?.name ?? null, variables, declared, spans: lowering.spans, text,
    statements, generics, notes: plan.unusedNotes, origins: defaults.origins, shapeNotes: defaults.notes,
  };
  if (!companion || !companionInference) return { program: typed, companion: null };
  const claimBound = cutBindings(typed, companion.wrt);
  const lowerCompanion = new Lowering(companionInference, graph, (name, shape) =>
    claimBound.get(name) ?? (companionNames.get(name)!.dimension ? graph.op("dimSize", [], { dims: [dimSym(name)] }) : graph.variable(name, shape, companionNames.get(name)!.role)));
  for (const st of companion.statements ?? []) claimBound.set(st.name!.name, lowerCompanion.lower(st.expr));
  const zero = zeroShape && u.resolveShape(zeroShape);
  return { program: typed, companion: zero ? zeros(graph, zero) : lowerCompanion.lower(companion.node) };
}

/** --strict: an undeclared name is an error at its first use, saying what the default would have been. */
function refuseDefault(name: string, span: Span, text: string): never {
  const kind = defaultKind(name);
  const example = { scalar: `${name}: scalar`, vector: `${name}: n`, matrix: `${name}: m x n` }[kind];
  const would = { scalar: "a scalar", vector: "a column vector", matrix: "a matrix" }[kind];
  throw new DiagnosticError(error("unknown-name", `${name} has no declared shape, and --strict refuses default shapes`, { span, text, origin: "expression" }, [],
    `declare it, e.g. --shape "${example}" (without --strict it would be ${would}: ${defaultRule(name)})`));
}

const isZeroLiteral = (n: Node): boolean => (n.kind === "number" && n.value === 0) || (n.kind === "neg" && isZeroLiteral(n.arg));

const statementsByName = new WeakMap<TypedProgram, ReadonlyMap<string, ProgramStatement>>();

/**
 * The first statement named `name`, or undefined for an input. Looked up in a table made once per program: a
 * request asks it once per --wrt name, and 5,000 names of a 5,000-statement program searched the list 5,000 times.
 */
export function statementNamed(program: TypedProgram, name: string): ProgramStatement | undefined {
  let byName = statementsByName.get(program);
  if (!byName) {
    const table = new Map<string, ProgramStatement>();
    for (const s of program.statements) if (!table.has(s.name)) table.set(s.name, s);
    statementsByName.set(program, (byName = table));
  }
  return byName.get(name);
}

/**
 * The statements' values when `cut` (an intermediate) is treated as a
 * variable where it is defined: every later value reads the variable `cut`
 * instead of its statement. With no cut (or an input), the values as typed.
 */
export function cutBindings(program: TypedProgram, cut: string | null): Map<string, Expr> {
  const out = new Map<string, Expr>();
  const at = cut === null ? undefined : statementNamed(program, cut);
  if (at?.notOwn) {
    const why = at.notOwn === "another name" ? `${at.name} is another name for a value the program has already` : `${at.name}'s value is written out again elsewhere in the program`;
    throw new DiagnosticError(error("bad-option", `${at.name} cannot be cut loose for --wrt: ${why}, and matdiff keeps equal values as one, so it cannot tell the uses of ${at.name} from the others`,
      { span: at.span, text: program.text }, [], `write ${at.name} wherever you mean it and differentiate with respect to it, or differentiate with respect to an input`));
  }
  const replace = new Map<number, Expr>();
  if (at) replace.set(at.node.id, at.node.graph.variable(at.name, at.node.shape));
  // Each statement's value, once rebuilt, stands for its node in the later ones, so each walk stops at the earlier
  // statements (the same values as rebuilding each from scratch, linear in the program instead of quadratic).
  for (const s of program.statements) {
    const value = at ? substitute(s.node, replace) : s.node;
    out.set(s.name, value);
    if (at && !replace.has(s.node.id)) replace.set(s.node.id, value);
  }
  if (at) out.set(at.name, replace.get(at.node.id)!);
  return out;
}

function strictResolver(names: ReadonlyMap<string, { shape: Shape }>, text: string, origin: string) {
  return (name: string, span: Span): Shape => {
    const known = names.get(name);
    if (known) return known.shape;
    const suggestion = nearest(name, [...names.keys()]);
    throw new DiagnosticError(error("unknown-name", `${name} is not a name of the expression`, { span, text, origin }, [],
      suggestion ? `did you mean ${suggestion}?` : `the names are: ${[...names.keys()].join(", ")}`));
  };
}

/** A name the second expression may use, with its role (G is the upstream gradient, dX a differential). */
export interface ClaimName {
  readonly shape: Shape;
  readonly role: VarRole;
}

/** Type an expression that may use only the given names (a claim about a derivative), in `graph` (by default a graph of its own). */
export function typeAgainst(node: Node, text: string, origin: string, names: ReadonlyMap<string, ClaimName>, graph: Graph = newGraph()): Expr {
  const u = new Unifier();
  const inference = new ShapeInference(u, text, origin, strictResolver(names, text, origin));
  inference.infer(node);
  inference.shapes.forEach((s) => {
    for (const d of [s.rows, s.cols]) for (const unknown of u.unknownsIn(d)) u.name(unknown, `_${unknown.slice(1)}`);
  });
  const lowering = new Lowering(inference, graph, (name, shape) => graph.variable(name, shape, names.get(name)!.role));
  return lowering.lower(node);
}
