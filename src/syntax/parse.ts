/**
 * Parsing entry points over the generated parser (grammar/matdiff.peggy).
 * They never throw: every outcome is a Result, and every failure is a
 * Diagnostic whose span points into `text` and whose `origin` names the input.
 *
 * The one limit is on size, checked before the grammar runs: at most
 * MAX_INPUT_LENGTH characters ("input-too-large"). Depth is not limited:
 * nesting.ts hands the generated parser a bounded number of parenthesis
 * levels at a time, and no later pass recurses on the tree's depth.
 */
import { SyntaxError as GeneratedSyntaxError } from "./generated/parser.js";
import type { Expectation } from "./generated/parser.js";
import type { AssumeDecl, Node, Program, ShapeDecl } from "./ast.js";
import { type StartRule, type Unbalanced, parseNested } from "./nesting.js";
import { span } from "../diagnostics/span.js";
import type { Span } from "../diagnostics/span.js";
import { error } from "../diagnostics/diagnostic.js";
import type { Diagnostic, Note, Result } from "../diagnostics/diagnostic.js";
import { nearest } from "../diagnostics/suggest.js";

export const MAX_INPUT_LENGTH = 400_000;

interface Source {
  readonly text: string;
  readonly origin: string;
}

export function parseProgram(text: string, origin = "expression"): Result<Program> {
  return parseWith<Program>("Program", { text, origin }, "the expression is empty", (program, source) => [
    ...unnamedStatements(program, source),
    ...shapeProblems(program.shapes, source),
  ]);
}

export function parseExpression(text: string, origin = "expression"): Result<Node> {
  return parseWith<Node>("Expression", { text, origin }, "the expression is empty", () => []);
}

export function parseShapeList(text: string, origin = "--shape"): Result<ShapeDecl[]> {
  // The same list declares generic functions (--function): the message names what was empty.
  return parseWith<ShapeDecl[]>("ShapeList", { text, origin }, origin === "--function" ? "the function list is empty" : "the shape list is empty", shapeProblems);
}

export function parseAssumeList(text: string, origin = "--assume"): Result<AssumeDecl[]> {
  return parseWith<AssumeDecl[]>("AssumeList", { text, origin }, "the assumption list is empty", () => []);
}

function parseWith<T>(
  startRule: StartRule,
  source: Source,
  emptyMessage: string,
  validate: (value: T, source: Source) => Diagnostic[],
): Result<T> {
  try {
    const tooLarge = sizeProblem(source);
    if (tooLarge) return failure([tooLarge]);
    if (source.text.trim() === "") return failure([at(source, "syntax", emptyMessage, span(0, 0))]);
    const parsed = parseNested(source.text, startRule);
    if ("unbalanced" in parsed) return failure([unbalanced(parsed.unbalanced, source)]);
    const value = parsed.tree as T;
    const problems = validate(value, source);
    return problems.length > 0 ? failure(problems) : { ok: true, value };
  } catch (thrown) {
    return failure([diagnoseException(thrown, source)]);
  }
}

function failure<T>(diagnostics: Diagnostic[]): Result<T> {
  return { ok: false, diagnostics };
}

function at(source: Source, code: Diagnostic["code"], message: string, where: Span, notes: Note[] = []): Diagnostic {
  return error(code, message, { span: where, text: source.text, origin: source.origin }, notes);
}

// ---------------------------------------------------------------- limits

function sizeProblem(source: Source): Diagnostic | undefined {
  const { text } = source;
  if (text.length <= MAX_INPUT_LENGTH) return undefined;
  return at(
    source,
    "input-too-large",
    `the input is ${text.length} characters long; matdiff handles up to ${MAX_INPUT_LENGTH}`,
    span(MAX_INPUT_LENGTH, MAX_INPUT_LENGTH + 1),
  );
}

/** A bracket that does not pair, in an input too deep for the grammar to find it. */
function unbalanced(problem: Unbalanced, source: Source): Diagnostic {
  if (problem.kind === "stray-close") return at(source, "syntax", "')' has no matching '('", span(problem.offset, problem.offset + 1));
  const end = source.text.length;
  return at(source, "syntax", "expected ')' to close the '(' opened here", span(end, end), [
    { message: "'(' opened here", span: span(problem.offset, problem.offset + 1) },
  ]);
}

/** Every statement but the last must name its value: the others would be lost. */
function unnamedStatements(program: Program, source: Source): Diagnostic[] {
  return program.statements.slice(0, -1).filter((s) => s.name === null).map((s) =>
    error("syntax", "only the last statement may be an expression without a name", { span: s.expr.span, text: source.text, origin: source.origin }, [],
      "name its value, e.g. h = …, and use the name in a later statement"));
}

// ---------------------------------------------------------------- declarations

/** `NxH` lexes as one name; a single letter, `x`, then a letter or digits is almost surely a shape. */
const RUN_TOGETHER_SHAPE = /^([A-Za-z\u0391-\u03A9\u03B1-\u03C9])[xX]([A-Za-z\u0391-\u03A9\u03B1-\u03C9]|[0-9]+)$/;

function shapeProblems(decls: readonly ShapeDecl[], source: Source): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const decl of decls) {
    for (const dim of decl.dims) {
      if (dim.kind === "int") {
        if (dim.value < 1) {
          problems.push(at(source, "bad-declaration", `a dimension must be a positive integer, not ${dim.value}`, dim.span));
        } else if (!Number.isSafeInteger(dim.value)) {
          problems.push(at(source, "bad-declaration", `the dimension ${source.text.slice(dim.span.start, dim.span.end)} is too large`, dim.span));
        }
        continue;
      }
      const runTogether = RUN_TOGETHER_SHAPE.exec(dim.name);
      if (runTogether) {
        const [, rows, columns] = runTogether;
        problems.push(
          at(
            source,
            "bad-declaration",
            `'${dim.name}' is a single name; write '${rows} x ${columns}' to declare ${rows} rows and ${columns} columns`,
            dim.span,
          ),
        );
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------- exceptions

function diagnoseException(thrown: unknown, source: Source): Diagnostic {
  if (thrown instanceof GeneratedSyntaxError) return diagnoseSyntaxError(thrown, source);
  if (thrown instanceof RangeError) {
    return at(
      source,
      "input-too-large",
      "the expression is too deeply nested for matdiff to parse",
      span(0, Math.min(source.text.length, 1)),
    );
  }
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return error("internal", `internal error while parsing: ${detail}`, { text: source.text, origin: source.origin });
}

// ---------------------------------------------------------------- syntax messages

const NAME_START = "A-Za-z\\u0391-\\u03A9\\u03B1-\\u03C9";
const NAME_CHARS = `${NAME_START}0-9_`;
const TOKEN_AT = new RegExp(
  `[${NAME_START}][${NAME_CHARS}]*|[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\\.[*/^]|[\\s\\S]`,
  "uy",
);
const TOKEN_BEFORE = new RegExp(`(?:[${NAME_CHARS}]+|\\.[*/^]|[\\s\\S])$`, "u");
const STARTS_OPERAND = new RegExp(`^[${NAME_CHARS}(]`);

/** The token starting at `offset`, or undefined at the end of the input. */
function tokenAt(text: string, offset: number): string | undefined {
  if (offset >= text.length) return undefined;
  TOKEN_AT.lastIndex = offset;
  return TOKEN_AT.exec(text)?.[0] ?? text[offset];
}

/** The last token that ends at or before `offset`, skipping whitespace. */
function tokenBefore(text: string, offset: number): string | undefined {
  let end = offset;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  if (end === 0) return undefined;
  return TOKEN_BEFORE.exec(text.slice(Math.max(0, end - 64), end))?.[0];
}

function quote(token: string | undefined): string {
  if (token === undefined) return "end of input";
  if (token === "\n" || token === "\r") return "a line break";
  if (/^\s$/.test(token)) return "whitespace";
  if (/^\p{C}$/u.test(token)) return `the character U+${token.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  const shown = token.length > 30 ? `${token.slice(0, 30)}…` : token;
  return `'${shown}'`;
}

function expects(expected: readonly Expectation[], char: string): boolean {
  return expected.some((item) => {
    if (item.type === "literal") return item.text === char;
    if (item.type !== "class") return false;
    const inParts = item.parts.some((part) =>
      typeof part === "string" ? part === char : part[0] <= char && char <= part[1],
    );
    return inParts !== item.inverted;
  });
}

function expectsRule(expected: readonly Expectation[], description: string): boolean {
  return expected.some((item) => item.type === "other" && item.description === description);
}

/** Offset of the innermost '(' still open at `offset`, if any. */
function unclosedParen(text: string, offset: number): number | undefined {
  const open: number[] = [];
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "(") open.push(i);
    else if (text[i] === ")") open.pop();
  }
  return open.length > 0 ? open[open.length - 1] : undefined;
}

function diagnoseSyntaxError(thrown: GeneratedSyntaxError, source: Source): Diagnostic {
  const { text } = source;
  const offset = thrown.location.start.offset;
  const expected: readonly Expectation[] | null = thrown.expected;
  if (!expected) {
    return at(source, "syntax", thrown.message, span(offset, Math.max(thrown.location.end.offset, offset + 1)));
  }
  const found = tokenAt(text, offset);
  const where = span(offset, offset + (found?.length ?? 0));
  const previous = tokenBefore(text, offset);
  const fail = (message: string, notes: Note[] = []) => at(source, "syntax", message, where, notes);

  const inExpression = expects(expected, "⊗");
  const foundOperand = found !== undefined && STARTS_OPERAND.test(found);

  if (expectsRule(expected, "a number")) {
    if (previous === "^" || previous === ".^") return fail(`expected an exponent after '${previous}', found ${quote(found)}`);
    return fail(`expected an expression, found ${quote(found)}`);
  }
  if (inExpression && foundOperand) {
    if (expected.some((item) => item.type === "literal" && item.text === "where") && nearest(found, ["where"]) === "where") {
      return fail(`unexpected ${quote(found)} after a complete expression: did you mean 'where'?`);
    }
    return fail(`unexpected ${quote(found)} after a complete expression: did you mean '*'?`);
  }
  const openParen = expects(expected, ")") ? unclosedParen(text, offset) : undefined;
  if (openParen !== undefined) {
    return fail("expected ')' to close the '(' opened here", [{ message: "'(' opened here", span: span(openParen, openParen + 1) }]);
  }
  if (inExpression && found === ")") return fail("')' has no matching '('");
  if (inExpression) return fail(`unexpected ${quote(found)} after a complete expression`);

  if (expectsRule(expected, "a dimension")) {
    if (previous !== undefined && ["x", "X", "×", "*"].includes(previous)) return fail(`expected a dimension after '${previous}'`);
    if (previous === ":") return fail("expected a dimension or 'scalar' after ':'");
    return fail(`expected a dimension, found ${quote(found)}`);
  }
  if (expectsRule(expected, "a name to declare")) return fail(`expected a name to declare, found ${quote(found)}`);
  if (expects(expected, ":")) return fail(`expected ':' after ${quote(previous)}, found ${quote(found)}`);
  if (expectsRule(expected, "a fact")) return fail("expected a fact such as 'spd' or 'positive' after ':'");
  if (expects(expected, ";")) {
    const advice = expects(expected, "×")
      ? "separate dimensions with 'x' and declarations with ','"
      : "separate declarations with ','";
    return fail(`unexpected ${quote(found)}: ${advice}`);
  }
  return fail(`unexpected ${quote(found)}`);
}
