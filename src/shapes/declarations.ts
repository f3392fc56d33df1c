/**
 * Declared shapes (--shape, `where`) and the default shape of an
 * undeclared name, following matrixcalculus.org's habit: names starting with
 * a…g and Greek lowercase names are scalars, other lowercase names column
 * vectors, uppercase names matrices. Dimensions left open are unknowns
 * for unification.
 */
import type { ShapeDecl } from "../syntax/ast.js";
import type { Span } from "../diagnostics/span.js";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import { type Dim, ONE, dimInt, dimSym, isOne } from "./dim.js";
import { SCALAR, type Shape, shapeEq, shapeToString } from "./shape.js";
import type { Unifier } from "./unify.js";

/** Names the language reserves for constants whose size is inferred. */
export const CONSTANT_NAMES: ReadonlySet<string> = new Set(["I", "eye", "ones"]);

/** What a constant name stands for, in a message. */
export const constantMeaning = (name: string): string => (name === "ones" ? "a column of ones" : "the identity matrix");

const GREEK_LOWER = new Set([
  "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
  "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
]);

export interface Declared {
  readonly shape: Shape;
  readonly span: Span;
  readonly text: string;
  readonly origin: string;
}

export interface DeclarationSource {
  readonly decls: readonly ShapeDecl[];
  readonly text: string;
  readonly origin: string;
}

function dimOf(d: ShapeDecl["dims"][number]): Dim {
  return d.kind === "int" ? dimInt(d.value) : dimSym(d.name);
}

export function declaredShape(decl: ShapeDecl): Shape {
  if (decl.dims.length === 0) return SCALAR;
  if (decl.dims.length === 1) return { rows: dimOf(decl.dims[0]!), cols: ONE };
  return { rows: dimOf(decl.dims[0]!), cols: dimOf(decl.dims[1]!) };
}

/** Merge every declaration source; the same name declared twice must agree. */
export function collectDeclarations(sources: readonly DeclarationSource[]): Map<string, Declared> {
  const out = new Map<string, Declared>();
  for (const src of sources) {
    for (const decl of src.decls) {
      const where = { span: decl.span, text: src.text, origin: src.origin };
      if (CONSTANT_NAMES.has(decl.name)) {
        throw new DiagnosticError(error("bad-declaration",
          `${decl.name} is a constant (${constantMeaning(decl.name)}) whose size is inferred; it cannot be declared`, where));
      }
      const shape = declaredShape(decl);
      const prior = out.get(decl.name);
      if (prior && !shapeEq(prior.shape, shape)) {
        throw new DiagnosticError(error("bad-declaration",
          `${decl.name} is declared twice, as ${shapeToString(prior.shape)} and as ${shapeToString(shape)}`, where,
          [{ message: `first declared as ${shapeToString(prior.shape)} here`, span: prior.span }]));
      }
      out.set(decl.name, { shape, ...where });
    }
  }
  return out;
}

export type DefaultKind = "scalar" | "vector" | "matrix";

export function defaultKind(name: string): DefaultKind {
  const first = name[0]!;
  if (GREEK_LOWER.has(name.toLowerCase().replace(/[_0-9].*$/, "")) && first === first.toLowerCase()) return "scalar";
  if (/[α-ω]/.test(first)) return "scalar";
  if (/[a-g]/.test(first)) return "scalar";
  if (/[a-z]/.test(first)) return "vector";
  return "matrix";
}

/** Each default rule: its mark in headers and reports, and what it says, for notes. */
const RULES = {
  letters: { mark: "default for a–g", words: "names starting a–g are scalars" },
  greek: { mark: "default for Greek letters", words: "Greek-letter names are scalars" },
  vector: { mark: "default for lowercase names", words: "lowercase names are column vectors" },
  matrix: { mark: "default for uppercase names", words: "uppercase names are matrices" },
};

function ruleOf(name: string): (typeof RULES)[keyof typeof RULES] {
  const kind = defaultKind(name);
  return kind === "scalar" ? (/^[a-g]/.test(name) ? RULES.letters : RULES.greek) : RULES[kind];
}

/** The rule a default shape came from, as the header and batch reports mark it: "default for a–g". */
export const defaultRule = (name: string): string => ruleOf(name).mark;

/** What that rule says, in words: "names starting a–g are scalars". */
export const defaultRuleWords = (name: string): string => ruleOf(name).words;

/**
 * Where an input's shape came from: a declaration; a default rule (the
 * shape is the rule's: a scalar, a column, a matrix, with sizes inferred);
 * or the expression, which forced a shape the rule would not give (x a
 * scalar in sum(x^2), W a vector).
 */
export type ShapeOrigin =
  | { readonly kind: "declared" }
  | { readonly kind: "default"; readonly rule: string }
  | { readonly kind: "forced"; readonly rule: string };

export function shapeOrigin(name: string, shape: Shape, declared: boolean): ShapeOrigin {
  if (declared) return { kind: "declared" };
  const rows1 = isOne(shape.rows);
  const cols1 = isOne(shape.cols);
  const fits = { scalar: rows1 && cols1, vector: cols1 && !rows1, matrix: !rows1 && !cols1 }[defaultKind(name)];
  return { kind: fits ? "default" : "forced", rule: defaultRule(name) };
}

/** "default for a–g", "forced by the expression", or null for a declared shape. */
export function originText(o: ShapeOrigin): string | null {
  return o.kind === "declared" ? null : o.kind === "default" ? o.rule : "forced by the expression";
}

export function defaultShape(name: string, u: Unifier): Shape {
  switch (defaultKind(name)) {
    case "scalar":
      return SCALAR;
    case "vector":
      return { rows: u.fresh(), cols: ONE };
    case "matrix":
      return { rows: u.fresh(), cols: u.fresh() };
  }
}
