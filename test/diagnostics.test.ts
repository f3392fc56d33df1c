/**
 * Diagnostics pin code, message and span: syntax errors, the size
 * limits that keep any input from crashing or hanging the parser, bad shape
 * declarations, and the caret formatter's output.
 */
import { describe, it, expect } from "vitest";
import { parseAssumeList, parseExpression, parseProgram, parseShapeList } from "../src/syntax/parse.js";
import { formatDiagnostic, formatDiagnostics, plainStyle } from "../src/diagnostics/format.js";
import type { Style } from "../src/diagnostics/format.js";
import { error } from "../src/diagnostics/diagnostic.js";
import type { Diagnostic, Result } from "../src/diagnostics/diagnostic.js";

function only<T>(result: Result<T>): Diagnostic {
  if (result.ok) throw new Error("expected a diagnostic");
  expect(result.diagnostics).toHaveLength(1);
  return result.diagnostics[0];
}

function pinned(d: Diagnostic) {
  return { code: d.code, message: d.message, span: d.span };
}

describe("syntax errors", () => {
  it.each([
    ["tanh(h*x + ", "expected an expression, found end of input", 11, 11],
    ["a + * b", "expected an expression, found '*'", 4, 5],
    ["f(x, )", "expected an expression, found ')'", 5, 6],
    ["2x", "unexpected 'x' after a complete expression: did you mean '*'?", 1, 2],
    ["2 Wx", "unexpected 'Wx' after a complete expression: did you mean '*'?", 2, 4],
    ["W (x+b) c", "unexpected 'c' after a complete expression: did you mean '*'?", 8, 9],
    ["a)", "')' has no matching '('", 1, 2],
    ["a $ b", "unexpected '$' after a complete expression", 2, 3],
    ["x^", "expected an exponent after '^', found end of input", 2, 2],
    ["x.^)", "expected an exponent after '.^', found ')'", 3, 4],
    ["\u0000", "expected an expression, found the character U+0000", 0, 1],
  ])("%j", (text, message, start, end) => {
    const d = only(parseExpression(text));
    expect(pinned(d)).toEqual({ code: "syntax", message, span: { start, end } });
    expect(d.text).toBe(text);
    expect(d.origin).toBe("expression");
  });

  it("an unclosed parenthesis points back at the '('", () => {
    const d = only(parseExpression("(a+b"));
    expect(pinned(d)).toEqual({ code: "syntax", message: "expected ')' to close the '(' opened here", span: { start: 4, end: 4 } });
    expect(d.notes).toEqual([{ message: "'(' opened here", span: { start: 0, end: 1 } }]);
  });

  it("an unclosed call names the innermost open parenthesis", () => {
    const d = only(parseExpression("tanh(W*(x + b)"));
    expect(d.message).toBe("expected ')' to close the '(' opened here");
    expect(d.notes[0].span).toEqual({ start: 4, end: 5 });
  });

  it("empty input", () => {
    for (const text of ["", "   \n\t"]) {
      expect(pinned(only(parseExpression(text)))).toEqual({ code: "syntax", message: "the expression is empty", span: { start: 0, end: 0 } });
    }
    expect(only(parseProgram("")).message).toBe("the expression is empty");
    expect(only(parseShapeList(" ")).message).toBe("the shape list is empty");
    expect(only(parseAssumeList("")).message).toBe("the assumption list is empty");
  });

  it("a number too large for a double", () => {
    expect(pinned(only(parseExpression("1e999 + x")))).toEqual({
      code: "syntax",
      message: "the number 1e999 is too large",
      span: { start: 0, end: 5 },
    });
  });

  it("a nonzero number too small for a double, which would read as 0 and drop its term", () => {
    expect(pinned(only(parseExpression("x + 1e-400*x")))).toEqual({
      code: "syntax",
      message: "the number 1e-400 is too small: it is below the smallest double (about 5e-324) and would read as 0",
      span: { start: 4, end: 10 },
    });
    expect(parseExpression("0e-400*x + 5e-324*x").ok).toBe(true);
  });

  it("programs: output naming and where-clauses", () => {
    expect(pinned(only(parseProgram("a = ")))).toEqual({ code: "syntax", message: "expected an expression, found end of input", span: { start: 4, end: 4 } });
    expect(pinned(only(parseProgram("x wehre x: n")))).toEqual({
      code: "syntax",
      message: "unexpected 'wehre' after a complete expression: did you mean 'where'?",
      span: { start: 2, end: 7 },
    });
    expect(pinned(only(parseProgram("x where")))).toEqual({ code: "syntax", message: "expected a name to declare, found end of input", span: { start: 7, end: 7 } });
    expect(pinned(only(parseProgram("x where W m")))).toEqual({ code: "syntax", message: "expected ':' after 'W', found 'm'", span: { start: 10, end: 11 } });
  });

  it("uses the origin it is given", () => {
    expect(only(parseExpression("W'*", "claim")).origin).toBe("claim");
    expect(only(parseShapeList("W: m x")).origin).toBe("--shape");
    expect(only(parseAssumeList("A:")).origin).toBe("--assume");
  });
});

describe("declarations", () => {
  it.each([
    ["W: m x", "expected a dimension after 'x'", 6, 6],
    ["W: m ×", "expected a dimension after '×'", 6, 6],
    ["W: m x, x: n", "expected a dimension after 'x'", 6, 7],
    ["W: ", "expected a dimension or 'scalar' after ':'", 3, 3],
    ["W: m n", "unexpected 'n': separate dimensions with 'x' and declarations with ','", 5, 6],
    ["W m", "expected ':' after 'W', found 'm'", 2, 3],
    [": n", "expected a name to declare, found ':'", 0, 1],
    // A third dimension is named as one, with any separator (it was "unexpected '*': separate declarations with ','").
    ["x: n*m*k", "a shape has two dimensions, rows x columns; a third has no place", 3, 8],
    ["x: n x m x k", "a shape has two dimensions, rows x columns; a third has no place", 3, 12],
  ])("%j", (text, message, start, end) => {
    expect(pinned(only(parseShapeList(text)))).toEqual({ code: "syntax", message, span: { start, end } });
  });

  it("a zero dimension", () => {
    expect(pinned(only(parseShapeList("W: m x 0")))).toEqual({
      code: "bad-declaration",
      message: "a dimension must be a positive integer, not 0",
      span: { start: 7, end: 8 },
    });
    expect(only(parseProgram("W*x where W: 0 x n")).span).toEqual({ start: 13, end: 14 });
  });

  it("dimensions run together into one name", () => {
    expect(pinned(only(parseShapeList("W: NxH")))).toEqual({
      code: "bad-declaration",
      message: "'NxH' is a single name; write 'N x H' to declare N rows and H columns",
      span: { start: 3, end: 6 },
    });
  });

  it("assume lists", () => {
    expect(pinned(only(parseAssumeList("A: ")))).toEqual({ code: "syntax", message: "expected a fact such as 'spd' or 'positive' after ':'", span: { start: 3, end: 3 } });
    expect(pinned(only(parseAssumeList("A: spd x: positive")))).toEqual({
      code: "syntax",
      message: "unexpected 'x': separate declarations with ','",
      span: { start: 7, end: 8 },
    });
  });
});

describe("limits: depth is free, size is bounded, nothing crashes the parser", () => {
  it("10,000 nested parentheses parse (the parser is given 200 levels at a time)", () => {
    const text = "(".repeat(10_000) + "x" + ")".repeat(10_000);
    expect(parseExpression(text)).toMatchObject({ ok: true, value: { kind: "name", name: "x", span: { start: 0, end: 20_001 } } });
  });

  it("deep and shallow parses give the same tree, spans included", () => {
    // Calls with several arguments, transposes and powers around the split levels.
    let deep = "h";
    for (let t = 0; t < 450; t++) deep = t % 3 === 0 ? `tanh(W*${deep} + U*x)` : t % 3 === 1 ? `f( a , (${deep})' , b)` : `((${deep}))^2`;
    const outcome = parseExpression(deep);
    expect(outcome.ok).toBe(true);
    // Re-parse the innermost 150 levels alone: the subtree found at that position is the same.
    let inner = "h";
    for (let t = 0; t < 150; t++) inner = t % 3 === 0 ? `tanh(W*${inner} + U*x)` : t % 3 === 1 ? `f( a , (${inner})' , b)` : `((${inner}))^2`;
    const offset = deep.indexOf(inner);
    const alone = parseExpression(inner);
    // Node ids number the nodes of one parse, so the two parses number them differently: compared without them.
    const shift = (v: unknown): unknown => JSON.parse(JSON.stringify(v), (k, x) => (k === "id" ? undefined : typeof x === "number" && /^(start|end)$/.test(k) ? x + offset : x));
    const withoutIds = (v: unknown): string => JSON.stringify(v, (k, x) => (k === "id" ? undefined : x));
    const find = (n: unknown): unknown => {
      const stack = [n];
      while (stack.length) {
        const m = stack.pop() as Record<string, unknown>;
        if ((m.span as { start: number; end: number } | undefined)?.start === offset && (m.span as { end: number }).end === offset + inner.length) return m;
        for (const v of Object.values(m)) if (typeof v === "object" && v !== null) stack.push(v);
      }
      return undefined;
    };
    expect(alone.ok && outcome.ok && withoutIds(find(outcome.value))).toBe(alone.ok && JSON.stringify(shift(alone.value)));
  });

  it("every node of a deep parse has an id of its own, across the separately parsed pieces", () => {
    let deep = "h";
    for (let t = 0; t < 900; t++) deep = t % 2 === 0 ? `tanh(W*${deep} + U*x)` : `f(a, (${deep})', b)`;
    const outcome = parseExpression(deep);
    expect(outcome.ok).toBe(true);
    const ids = new Map<number, unknown>();
    const stack: unknown[] = [outcome.ok && outcome.value];
    let nodes = 0;
    while (stack.length) {
      const n = stack.pop() as { kind: string; id: number; [k: string]: unknown };
      nodes++;
      expect(Number.isInteger(n.id)).toBe(true);
      expect(ids.get(n.id) ?? n).toBe(n);
      ids.set(n.id, n);
      for (const k of ["left", "right", "arg"]) if (n[k]) stack.push(n[k]);
      if (n.kind === "call") stack.push(...(n.args as unknown[]));
    }
    expect(nodes).toBeGreaterThan(900 * 5);
  });

  it("an unclosed bracket in 10,000 nested calls", () => {
    expect(pinned(only(parseProgram("f(".repeat(10_000) + "x")))).toEqual({
      code: "syntax",
      message: "expected ')' to close the '(' opened here",
      span: { start: 20_001, end: 20_001 },
    });
  });

  it("a stray ')' after 10,000 nested parentheses", () => {
    const text = "(".repeat(10_000) + "x" + ")".repeat(10_001);
    expect(pinned(only(parseExpression(text)))).toEqual({ code: "syntax", message: "')' has no matching '('", span: { start: 20_001, end: 20_002 } });
  });

  it("a syntax error deep inside is reported where it is", () => {
    const text = "tanh(".repeat(1000) + "x +" + ")".repeat(1000);
    const d = only(parseExpression(text));
    expect(d.code).toBe("syntax");
    expect(d.span).toEqual({ start: 5003, end: 5004 });
  });

  it("a 1,000,000-character input", () => {
    const text = "x + ".repeat(250_000);
    const d = only(parseProgram(text));
    expect(pinned(d)).toEqual({
      code: "input-too-large",
      message: "the input is 1000000 characters long; matdiff handles up to 400000",
      span: { start: 400_000, end: 400_001 },
    });
  });

  it("a 100,000-term sum parses", () => {
    expect(parseExpression(Array(100_000).fill("a").join("+")).ok).toBe(true);
  });

  it("long chains of signs and transposes parse", () => {
    expect(parseExpression("-".repeat(99_999) + "x").ok).toBe(true);
    expect(parseExpression("x" + "'".repeat(99_999)).ok).toBe(true);
  });

  it("garbage", () => {
    for (const text of ["@#$%", "\ud800", "😀 + x", ")(", "((((", "''''", "x^^^", "where", "...", "1..2"]) {
      const outcome = parseProgram(text);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.diagnostics[0].code).toBe("syntax");
    }
  });
});

describe("formatDiagnostic", () => {
  it("a span in the middle, with notes and help", () => {
    const d = error(
      "shape-mismatch",
      "cannot multiply h (N×H) by x (N×D): inner dimensions H and N differ",
      { span: { start: 5, end: 8 }, text: "tanh(h*x + b)", origin: "expression" },
      [{ message: "h is N×H" }, { message: "x is N×D" }],
      "did you mean tanh?",
    );
    expect(formatDiagnostic(d)).toBe(
      [
        "error: cannot multiply h (N×H) by x (N×D): inner dimensions H and N differ",
        "  tanh(h*x + b)",
        "       ^^^",
        "  note: h is N×H",
        "  note: x is N×D",
        "  help: did you mean tanh?",
      ].join("\n"),
    );
  });

  it("at the end of input, a single caret after the last character", () => {
    expect(formatDiagnostics(diagnosticsOf(parseExpression("tanh(h*x +")))).toBe(
      ["error: expected an expression, found end of input", "  tanh(h*x +", "            ^"].join("\n"),
    );
  });

  it("notes with spans show their own source line", () => {
    expect(formatDiagnostics(diagnosticsOf(parseExpression("(a+b")))).toBe(
      [
        "error: expected ')' to close the '(' opened here",
        "  (a+b",
        "      ^",
        "  note: '(' opened here",
        "    (a+b",
        "    ^",
      ].join("\n"),
    );
  });

  it("names an origin other than the expression", () => {
    expect(formatDiagnostics(diagnosticsOf(parseShapeList("W: m x 0")))).toBe(
      ["error: a dimension must be a positive integer, not 0", "  in --shape:", "  W: m x 0", "         ^"].join("\n"),
    );
  });

  it("shows the right line of a multi-line input", () => {
    expect(formatDiagnostics(diagnosticsOf(parseProgram("a = tanh(W*x + b)\r\n  where W: m x 0")))).toBe(
      [
        "error: a dimension must be a positive integer, not 0",
        "  in expression, line 2:",
        "    where W: m x 0",
        "                 ^",
      ].join("\n"),
    );
  });

  it("counts code points, not UTF-16 units, when placing carets", () => {
    const text = "😀 ⊙ Aᵀ ⊙ tahn(x)";
    const start = text.indexOf("tahn");
    const d = error("unknown-function", "unknown function 'tahn'", { span: { start, end: start + 4 }, text }, [], "did you mean tanh?");
    expect(formatDiagnostic(d)).toBe(
      ["error: unknown function 'tahn'", "  😀 ⊙ Aᵀ ⊙ tahn(x)", `  ${" ".repeat(9)}^^^^`, "  help: did you mean tanh?"].join("\n"),
    );
  });

  it("windows a long line around the span", () => {
    const text = "a+".repeat(200) + "tahn(x)" + "+a".repeat(200);
    const start = text.indexOf("tahn");
    const d = error("unknown-function", "unknown function 'tahn'", { span: { start, end: start + 4 }, text });
    const [, source, carets] = formatDiagnostic(d).split("\n");
    expect(source.startsWith("  …")).toBe(true);
    expect(source.endsWith("…")).toBe(true);
    expect(Array.from(source).length).toBeLessThanOrEqual(2 + 1 + 100 + 1);
    expect(carets.trimStart()).toBe("^^^^");
    expect(carets.indexOf("^")).toBe(source.indexOf("tahn"));
  });

  it("windows the end of a long line", () => {
    const text = "x".repeat(500);
    const d = error("syntax", "expected an expression, found end of input", { span: { start: 500, end: 500 }, text });
    const [, source, carets] = formatDiagnostic(d).split("\n");
    expect(source).toBe(`  …${"x".repeat(100)}`);
    expect(carets).toBe(`${" ".repeat(103)}^`);
  });

  it("diagnostics without a span are one line plus notes", () => {
    const d = error("bad-option", "--layout must be numerator, denominator or mixed", undefined, [{ message: "got 'numer'" }], "did you mean numerator?");
    expect(formatDiagnostic(d)).toBe(
      ["error: --layout must be numerator, denominator or mixed", "  note: got 'numer'", "  help: did you mean numerator?"].join("\n"),
    );
  });

  it("warnings, styles and several diagnostics", () => {
    const tag = (name: string) => (s: string) => `<${name}>${s}</${name}>`;
    const style: Style = { error: tag("e"), warning: tag("w"), caret: tag("c"), note: tag("n"), bold: tag("b") };
    const warning: Diagnostic = { severity: "warning", code: "domain", message: "relu is not differentiable at 0", span: { start: 0, end: 4 }, text: "relu(x)", notes: [] };
    const failure = error("syntax", "the expression is empty", { span: { start: 0, end: 0 }, text: "" });
    expect(formatDiagnostics([warning, failure], style)).toBe(
      [
        "<w>warning</w>: <b>relu is not differentiable at 0</b>",
        "  relu(x)",
        "  <c>^^^^</c>",
        "",
        "<e>error</e>: <b>the expression is empty</b>",
        "  ",
        "  <c>^</c>",
      ].join("\n"),
    );
    expect(formatDiagnostic(warning, plainStyle)).toBe(["warning: relu is not differentiable at 0", "  relu(x)", "  ^^^^"].join("\n"));
  });
});

function diagnosticsOf<T>(result: Result<T>): readonly Diagnostic[] {
  if (result.ok) throw new Error("expected diagnostics");
  return result.diagnostics;
}

describe("a resource the engine ran out of is named", () => {
  it("says which: the call stack, the length of a string, or memory for values", async () => {
    const { resourceLimitMessage } = await import("../src/diagnostics/resource-limit.js");
    const stack = (() => {
      const deep = (n: number): number => deep(n + 1) + 1;
      try {
        return deep(0);
      } catch (e) {
        return e as RangeError;
      }
    })() as RangeError;
    expect(resourceLimitMessage(stack)).toMatch(/ran out of call stack/);
    let long: unknown;
    try {
      "x".repeat(2 ** 30).repeat(4);
    } catch (e) {
      long = e;
    }
    expect(resourceLimitMessage(long as RangeError)).toMatch(/too long to print/);
    let big: unknown;
    try {
      new Float64Array(2 ** 53);
    } catch (e) {
      big = e;
    }
    expect(resourceLimitMessage(big as RangeError)).toMatch(/too large to hold in memory/);
  });
});
