/**
 * A program's structure before any shape is inferred :
 * which names are assigned (intermediates) and which are inputs, which
 * statement is differentiated (the last, or --of), and what is wrong with
 * the order of the statements. Every problem is a diagnostic that points at
 * the statement: a name assigned twice, a name used before its statement, a
 * cycle, an assignment to a name declared as an input's shape; a statement
 * the differentiated one does not use becomes a note.
 * Also: which declarations are generic functions (`f: elementwise`, or
 * `g: scalar` for a name called as a function) rather than shapes.
 */
import type { Node, Program, ShapeDecl, Statement } from "../syntax/ast.js";
import type { Span } from "../diagnostics/span.js";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import { nearest } from "../diagnostics/suggest.js";
import { CONSTANT_NAMES, type DeclarationSource, type Declared, constantMeaning } from "../shapes/declarations.js";
import { isBuiltInName } from "../ops/registry.js";
import type { GenericKind } from "../ops/generic.js";

export interface ProgramPlan {
  /** Statement index of each assigned name. */
  readonly assigned: ReadonlyMap<string, number>;
  /** The statement that is differentiated. */
  readonly target: number;
  /** The statements the differentiated one reads, directly or through others (itself included). */
  readonly used: ReadonlySet<number>;
  /** One line for each statement the differentiated one does not use. */
  readonly unusedNotes: readonly string[];
}

export interface GenericDecl {
  readonly kind: GenericKind;
  readonly span: Span;
  readonly text: string;
  readonly origin: string;
}

/**
 * Visit every node of a tree, parents first (no recursion: trees may be deep), without listing them: a list of a
 * deep tree's nodes grows past a hundred thousand entries, copied at each growth into freshly mapped memory.
 */
export function forEachNode(root: Node, visit: (n: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    visit(n);
    switch (n.kind) {
      case "binary":
        stack.push(n.right, n.left);
        break;
      case "neg":
      case "transpose":
        stack.push(n.arg);
        break;
      case "call":
        for (let i = n.args.length - 1; i >= 0; i--) stack.push(n.args[i]!);
        break;
      default:
        break;
    }
  }
}

/** The names a statement reads, with the first place each is read. */
function namesRead(s: Statement): Map<string, Span> {
  const out = new Map<string, Span>();
  forEachNode(s.expr, (n) => {
    if (n.kind === "name" && !out.has(n.name)) out.set(n.name, n.span);
  });
  return out;
}

/** Function names called anywhere in the program. */
export function calledNames(program: Program): Set<string> {
  const out = new Set<string>();
  for (const s of program.statements) {
    forEachNode(s.expr, (n) => {
      if (n.kind === "call") out.add(n.fn);
    });
  }
  return out;
}

/**
 * Split declarations into shapes and generic functions: `f: elementwise`
 * always declares a function; `g: scalar` does when g is called (`g(X)`),
 * and is a scalar's shape otherwise.
 */
export function splitDeclarations(sources: readonly DeclarationSource[], called: ReadonlySet<string>, functions: readonly DeclarationSource[] = []): {
  shapes: DeclarationSource[];
  generics: Map<string, GenericDecl>;
} {
  const generics = new Map<string, GenericDecl>();
  for (const src of functions) {
    for (const d of src.decls) {
      if (!d.elementwise && d.dims.length > 0) {
        throw new DiagnosticError(error("bad-declaration", `--function declares functions, but ${d.name} is given a shape`,
          { span: d.span, text: src.text, origin: src.origin }, [], `write ${d.name}: elementwise or ${d.name}: scalar, and declare shapes with --shape`));
      }
    }
  }
  const isFunction = (d: ShapeDecl, src: DeclarationSource): boolean =>
    d.elementwise === true || (d.dims.length === 0 && (called.has(d.name) || functions.includes(src)));
  const shapes = [...functions, ...sources].map((src) => {
    for (const d of src.decls) {
      if (!isFunction(d, src)) continue;
      const kind: GenericKind = d.elementwise ? "elementwise" : "scalar";
      // A built-in name would silently stand for the declared function instead (tanh′ for 1 − tanh²; eye(x) for I).
      if (isBuiltInName(d.name)) {
        throw new DiagnosticError(error("bad-declaration", `${d.name} is built in, so it cannot be declared a generic function`,
          { span: d.span, text: src.text, origin: src.origin }, [], `give the generic function a name of its own, such as f or ${d.name}_`));
      }
      const prior = generics.get(d.name);
      if (prior && prior.kind !== kind) {
        throw new DiagnosticError(error("bad-declaration", `${d.name} is declared twice, as ${prior.kind} and as ${kind}`,
          { span: d.span, text: src.text, origin: src.origin }, [{ message: `first declared ${prior.kind} here`, span: prior.span }]));
      }
      generics.set(d.name, { kind, span: d.span, text: src.text, origin: src.origin });
    }
    return { ...src, decls: src.decls.filter((d) => !isFunction(d, src)) };
  });
  return { shapes, generics };
}

/** x^T is a transpose; where T is also a name of the expression, it could as well be the power x^(T), so it is refused. */
export function refuseCaretT(roots: readonly Node[], where: (span: Span) => { span: Span; text: string; origin: string }): void {
  for (const root of roots) {
    forEachNode(root, (n) => {
      if (n.kind !== "transpose" || !n.caretT) return;
      throw new DiagnosticError(error("bad-program", "^T is read as a transpose, but T is also a name of this expression",
        where(n.span), [], "write x' (or xᵀ) for the transpose, and x^(T) for the power"));
    });
  }
}

/** A constant's name is read as the constant wherever it is used (I = 2*x; y = sum(I) sums an identity): it names no statement, of the expression or of a claim. */
export function refuseConstantName(name: string, span: Span, text: string, origin: string): void {
  if (!CONSTANT_NAMES.has(name)) return;
  throw new DiagnosticError(error("bad-program", `${name} is a constant (${constantMeaning(name)}), so it cannot name a statement`, { span, text, origin }, [], "give the value a name of its own"));
}

/**
 * Statement i reads statement j's name: j → i. The statements on a way from `start` back to itself through such
 * reads, or null. Depth first with an explicit stack, so a chain of any length costs no call stack.
 */
function cycleThrough(start: number, reads: readonly Map<string, Span>[], assigned: ReadonlyMap<string, number>, names: readonly string[]): string[] | null {
  const seen = new Set<number>();
  // The statements walked into after start, and for start and each of them the reads not yet followed.
  const path: number[] = [];
  const pending: Iterator<string>[] = [reads[start]!.keys()];
  while (pending.length > 0) {
    const read = pending[pending.length - 1]!.next();
    if (read.done) {
      pending.pop();
      path.pop();
      continue;
    }
    const j = assigned.get(read.value);
    if (j === undefined) continue;
    if (j === start) return [start, ...path, j].map((k) => names[k]!).reverse();
    if (seen.has(j)) continue;
    seen.add(j);
    path.push(j);
    pending.push(reads[j]!.keys());
  }
  return null;
}

export function planProgram(program: Program, text: string, of: string | undefined, declared: ReadonlyMap<string, Declared>): ProgramPlan {
  const where = (span: Span) => ({ span, text, origin: "expression" });
  const fail = (message: string, span: Span, notes: { message: string; span?: Span }[] = [], help?: string): never => {
    throw new DiagnosticError(error("bad-program", message, where(span), notes, help));
  };
  const statements = program.statements;
  const assigned = new Map<string, number>();
  statements.forEach((s, i) => {
    if (!s.name) return;
    const prior = assigned.get(s.name.name);
    if (prior !== undefined) {
      fail(`${s.name.name} is assigned twice`, s.name.span, [{ message: "first assigned here", span: statements[prior]!.name!.span }],
        "give each value its own name (h1, h2, …)");
    }
    refuseConstantName(s.name.name, s.name.span, text, "expression");
    const decl = declared.get(s.name.name);
    if (decl) {
      fail(`${s.name.name} is assigned here, so it is not an input, but it also has a declared shape`, s.name.span,
        decl.origin === "expression" ? [{ message: "declared here", span: decl.span }] : [],
        `its shape follows from its statement: remove ${s.name.name} from ${decl.origin === "expression" ? "the where clause" : decl.origin}`);
    }
    assigned.set(s.name.name, i);
  });
  const reads = statements.map(namesRead);
  if (assigned.has("T") || declared.has("T") || reads.some((r) => r.has("T"))) refuseCaretT(statements.map((s) => s.expr), where);
  const stmtNames = statements.map((s, i) => s.name?.name ?? `statement ${i + 1}`);
  reads.forEach((r, i) => {
    for (const [name, span] of r) {
      const j = assigned.get(name);
      if (j === undefined || j < i) continue;
      const cycle = cycleThrough(i, reads, assigned, stmtNames);
      if (cycle) {
        // A long cycle is named by its ends: the whole of one through 12,000 statements is a line of 100 KB.
        const shown = cycle.length <= 12 ? cycle.join(" → ") : `${cycle.slice(0, 5).join(" → ")} → … → ${cycle.slice(-5).join(" → ")} (${cycle.length - 1} statements)`;
        fail(j === i ? `${name} is defined in terms of itself` : `these statements form a cycle: ${shown}`, span,
          j === i ? [] : [{ message: `${name} is assigned here`, span: statements[j]!.name!.span }],
          "a program is a sequence of definitions; give the new value a new name");
      }
      fail(`${name} is used before it is assigned`, span, [{ message: `${name} is assigned later, here`, span: statements[j]!.name!.span }],
        `move the statement ${name} = … above this one`);
    }
  });

  let target = statements.length - 1;
  if (of !== undefined) {
    const found = assigned.get(of);
    if (found === undefined) {
      const names = [...assigned.keys()];
      const suggestion = nearest(of, names);
      throw new DiagnosticError(error("unknown-name", `--of ${of}: no statement assigns ${of}`, undefined, [],
        suggestion ? `did you mean ${suggestion}?` : names.length ? `the statements assign ${names.join(", ")}` : "the input has no named statements"));
    }
    target = found;
  }
  // The statements the target reads, directly or through others.
  const used = new Set<number>([target]);
  const pending = [target];
  while (pending.length) {
    for (const name of reads[pending.pop()!]!.keys()) {
      const j = assigned.get(name);
      if (j !== undefined && !used.has(j)) {
        used.add(j);
        pending.push(j);
      }
    }
  }
  const targetName = stmtNames[target]!;
  const unusedNotes = statements.flatMap((s, i) => used.has(i) ? [] :
    [`the statement ${s.name?.name ?? `${i + 1}`} = ${oneLine(text.slice(s.expr.span.start, s.expr.span.end))} is not used by ${targetName}`]);
  return { assigned, target, used, unusedNotes };
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length <= 40 ? t : `${t.slice(0, 37)}…`;
}
