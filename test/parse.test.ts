/**
 * The input language of the README: precedence and associativity of every
 * operator (with its Unicode spellings), postfix transposes and powers,
 * spans, output naming, where-clauses, shape lists and assume lists.
 */
import { describe, it, expect } from "vitest";
import { parseAssumeList, parseExpression, parseProgram, parseShapeList } from "../src/syntax/parse.js";
import type { Node } from "../src/syntax/ast.js";
import type { Result } from "../src/diagnostics/diagnostic.js";

/** Prints the tree as an S-expression: (op left right), (neg a), (T a), (f args...). */
function sexp(node: Node): string {
  switch (node.kind) {
    case "name":
      return node.name;
    case "number":
      return node.text;
    case "binary":
      return `(${node.op} ${sexp(node.left)} ${sexp(node.right)})`;
    case "neg":
      return `(neg ${sexp(node.arg)})`;
    case "transpose":
      return `(T ${sexp(node.arg)})`;
    case "call":
      return `(${[node.fn, ...node.args.map(sexp)].join(" ")})`;
  }
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  return result.value;
}

const tree = (text: string): Node => value(parseExpression(text));
const shape = (text: string): string => sexp(tree(text));

describe("binary operators", () => {
  it.each([
    ["a + b", "(+ a b)"],
    ["a - b", "(- a b)"],
    ["a − b", "(- a b)"],
    ["a * b", "(* a b)"],
    ["a · b", "(* a b)"],
    ["a × b", "(* a b)"],
    ["a .* b", "(.* a b)"],
    ["a ⊙ b", "(.* a b)"],
    ["a ∘ b", "(.* a b)"],
    ["a / b", "(/ a b)"],
    ["a ./ b", "(./ a b)"],
    ["a ⊘ b", "(./ a b)"],
    ["a ⊗ b", "(kron a b)"],
    ["2.*x", "(.* 2 x)"],
    ["2./x", "(./ 2 x)"],
  ])("%s is %s", (text, expected) => {
    expect(shape(text)).toBe(expected);
  });

  it.each([
    ["a + b - c + d", "(+ (- (+ a b) c) d)"],
    ["a − b − c", "(- (- a b) c)"],
    ["A * B * C", "(* (* A B) C)"],
    ["a / b / c", "(/ (/ a b) c)"],
    ["A ⊗ B ⊗ C", "(kron (kron A B) C)"],
    ["a * b .* c / d ./ e ⊗ f", "(kron (./ (/ (.* (* a b) c) d) e) f)"],
    ["a ⊙ b · c ⊘ d ∘ e", "(.* (./ (* (.* a b) c) d) e)"],
  ])("left-associative: %s is %s", (text, expected) => {
    expect(shape(text)).toBe(expected);
  });

  it.each([
    ["a + b * c", "(+ a (* b c))"],
    ["a * b + c", "(+ (* a b) c)"],
    ["a - b ⊙ c", "(- a (.* b c))"],
    ["a + b / c", "(+ a (/ b c))"],
    ["a − b ⊘ c", "(- a (./ b c))"],
    ["A ⊗ B + C", "(+ (kron A B) C)"],
    ["(a + b) * c", "(* (+ a b) c)"],
    ["a*(b - c)", "(* a (- b c))"],
  ])("products bind tighter than sums: %s is %s", (text, expected) => {
    expect(shape(text)).toBe(expected);
  });
});

describe("unary minus", () => {
  it.each([
    ["-x", "(neg x)"],
    ["−x", "(neg x)"],
    ["-x^2", "(neg (^ x 2))"],
    ["-x'", "(neg (T x))"],
    ["-a*b", "(* (neg a) b)"],
    ["a * -b", "(* a (neg b))"],
    ["a - -b", "(- a (neg b))"],
    ["- -a", "(neg (neg a))"],
    ["+a", "a"],
    ["a + +b", "(+ a b)"],
  ])("%s is %s", (text, expected) => {
    expect(shape(text)).toBe(expected);
  });
});

describe("postfix transposes and powers", () => {
  it.each([
    ["x'", "(T x)"],
    ["xᵀ", "(T x)"],
    ["x^T", "(T x)"],
    ["x ^ T", "(T x)"],
    ["x''", "(T (T x))"],
    ["xᵀ'", "(T (T x))"],
    ["X^Tx", "(^ X Tx)"],
    ["X^T2", "(^ X T2)"],
    ["A*B'", "(* A (T B))"],
    ["(A*B)'", "(T (* A B))"],
    ["X^-1", "(^ X (neg 1))"],
    ["X^−1", "(^ X (neg 1))"],
    ["x.^-0.5", "(.^ x (neg 0.5))"],
    ["x.^2 .* y", "(.* (.^ x 2) y)"],
    ["a^(b+1)", "(^ a (+ b 1))"],
    ["x^2'", "(T (^ x 2))"],
    ["x^2^3", "(^ (^ x 2) 3)"],
    ["x'^2", "(^ (T x) 2)"],
    ["X^T^-1", "(^ (T X) (neg 1))"],
    ["x^n", "(^ x n)"],
    ["x^f(y)", "(^ x (f y))"],
  ])("%s is %s", (text, expected) => {
    expect(shape(text)).toBe(expected);
  });
});

describe("primaries", () => {
  it.each([
    ["tanh(W*x + b)", "(tanh (+ (* W x) b))"],
    ["kron(A, B)", "(kron A B)"],
    ["σ(x)", "(σ x)"],
    ["tahn(x)", "(tahn x)"],
    ["f()", "(f)"],
    ["f (x)", "(f x)"],
    ["W_hh*h_prev + x1", "(+ (* W_hh h_prev) x1)"],
    ["α*Σ + ω", "(+ (* α Σ) ω)"],
    ["((x))", "x"],
    ["wherever + 1", "(+ wherever 1)"],
  ])("%s is %s", (text, expected) => {
    expect(shape(text)).toBe(expected);
  });

  it.each([
    ["2", 2],
    ["0.5", 0.5],
    ["1e-3", 0.001],
    ["2.5E+4", 25000],
    ["7e2", 700],
  ])("number %s has value %d", (text, expected) => {
    const node = tree(text);
    expect(node).toMatchObject({ kind: "number", value: expected, text });
  });

  it("keeps the spelling of every operator", () => {
    const node = tree("a ⊙ b");
    expect(node).toMatchObject({ kind: "binary", op: ".*", opText: "⊙" });
    expect(tree("a − b")).toMatchObject({ op: "-", opText: "−" });
    expect(tree("a ⊗ b")).toMatchObject({ op: "kron", opText: "⊗" });
    expect(tree("a .^ 2")).toMatchObject({ op: ".^", opText: ".^" });
  });
});

describe("spans", () => {
  it("a binary node spans its operands and records its operator", () => {
    const sum = tree("a + b*c");
    expect(sum).toMatchObject({ span: { start: 0, end: 7 }, opSpan: { start: 2, end: 3 } });
    if (sum.kind !== "binary") throw new Error("expected a sum");
    expect(sum.left.span).toEqual({ start: 0, end: 1 });
    expect(sum.right).toMatchObject({ span: { start: 4, end: 7 }, opSpan: { start: 5, end: 6 } });
  });

  it("ignores surrounding whitespace", () => {
    expect(tree("  x  ").span).toEqual({ start: 2, end: 3 });
  });

  it("a parenthesised expression spans its parentheses", () => {
    const transposed = tree("(a+b)'");
    expect(transposed.span).toEqual({ start: 0, end: 6 });
    if (transposed.kind !== "transpose") throw new Error("expected a transpose");
    expect(transposed.arg).toMatchObject({ kind: "binary", span: { start: 0, end: 5 }, opSpan: { start: 2, end: 3 } });
  });

  it("unary minus and postfix operators", () => {
    const negated = tree("-x^2");
    expect(negated.span).toEqual({ start: 0, end: 4 });
    if (negated.kind !== "neg") throw new Error("expected a negation");
    expect(negated.arg).toMatchObject({ span: { start: 1, end: 4 }, opSpan: { start: 2, end: 3 } });
    expect(tree("x^T").span).toEqual({ start: 0, end: 3 });
    expect(tree("xᵀ").span).toEqual({ start: 0, end: 2 });
    const inverse = tree("X^-1");
    if (inverse.kind !== "binary") throw new Error("expected a power");
    expect(inverse.right).toMatchObject({ kind: "neg", span: { start: 2, end: 4 } });
  });

  it("calls record the function name's span", () => {
    expect(tree("tanh(x, y)")).toMatchObject({
      kind: "call",
      fn: "tanh",
      fnSpan: { start: 0, end: 4 },
      span: { start: 0, end: 10 },
      args: [{ span: { start: 5, end: 6 } }, { span: { start: 8, end: 9 } }],
    });
  });

  it("numbers span their digits", () => {
    expect(tree("x + 2.5e-3").span).toEqual({ start: 0, end: 10 });
    const sum = tree("x + 2.5e-3");
    if (sum.kind !== "binary") throw new Error("expected a sum");
    expect(sum.right.span).toEqual({ start: 4, end: 10 });
  });
});

describe("programs", () => {
  it("an expression alone", () => {
    const program = value(parseProgram("tanh(W*x + b)"));
    expect(program).toMatchObject({ kind: "program", output: null, shapes: [], span: { start: 0, end: 13 } });
    expect(sexp(program.expr)).toBe("(tanh (+ (* W x) b))");
  });

  it("names its output", () => {
    const program = value(parseProgram("a = tanh(W*x + b)"));
    expect(program.output).toEqual({ name: "a", span: { start: 0, end: 1 } });
    expect(sexp(program.expr)).toBe("(tanh (+ (* W x) b))");
    expect(program.span).toEqual({ start: 0, end: 17 });
  });

  it("declares shapes in a where-clause", () => {
    const text = "tanh(W*x + b) where W: m x n, x: n, b: m";
    const program = value(parseProgram(text));
    expect(sexp(program.expr)).toBe("(tanh (+ (* W x) b))");
    expect(program.shapes.map((d) => [d.name, d.dims.map((dim) => (dim.kind === "int" ? dim.value : dim.name))])).toEqual([
      ["W", ["m", "n"]],
      ["x", ["n"]],
      ["b", ["m"]],
    ]);
    expect(program.shapes[0]).toMatchObject({ nameSpan: { start: 20, end: 21 }, span: { start: 20, end: 28 } });
    expect(program.span).toEqual({ start: 0, end: text.length });
  });

  it("combines an output name, a where-clause, ';' separators and line breaks", () => {
    const program = value(parseProgram("h = tanh(h*Whh + x*Wxh + b)\nwhere h: N x H; Whh: H×H; x: N x D; Wxh: D x H; b: 1 x H"));
    expect(program.output?.name).toBe("h");
    expect(program.shapes.map((d) => d.name)).toEqual(["h", "Whh", "x", "Wxh", "b"]);
    expect(program.shapes[4].dims).toMatchObject([{ kind: "int", value: 1 }, { kind: "sym", name: "H" }]);
  });

  it("'where' is a keyword, not a name", () => {
    expect(parseExpression("where").ok).toBe(false);
    expect(parseProgram("where where x: n").ok).toBe(false);
  });
});

describe("shape lists", () => {
  const dims = (text: string) =>
    value(parseShapeList(text)).map((d) => [d.name, ...d.dims.map((dim) => (dim.kind === "int" ? dim.value : dim.name))]);

  it.each([
    ["h: N x H, Whh: H x H", [["h", "N", "H"], ["Whh", "H", "H"]]],
    ["h: N×H", [["h", "N", "H"]]],
    ["h: N * H", [["h", "N", "H"]]],
    ["h: N X H", [["h", "N", "H"]]],
    ["A: 3 x 4", [["A", 3, 4]]],
    ["A: 3x4", [["A", 3, 4]]],
    ["A: 3×4", [["A", 3, 4]]],
    ["a: scalar", [["a"]]],
    ["a: 1", [["a", 1]]],
    ["x: n", [["x", "n"]]],
    ["x: n; y: m", [["x", "n"], ["y", "m"]]],
    ["x: n,", [["x", "n"]]],
    ["  W : m x n ,x:n  ", [["W", "m", "n"], ["x", "n"]]],
    ["x: x", [["x", "x"]]],
    ["W: x x y", [["W", "x", "y"]]],
    ["θ: n", [["θ", "n"]]],
  ])("%s", (text, expected) => {
    expect(dims(text)).toEqual(expected);
  });

  it("records spans of names and dimensions", () => {
    const [decl] = value(parseShapeList("W: m x 12"));
    expect(decl).toMatchObject({
      nameSpan: { start: 0, end: 1 },
      span: { start: 0, end: 9 },
      dims: [
        { kind: "sym", name: "m", span: { start: 3, end: 4 } },
        { kind: "int", value: 12, span: { start: 7, end: 9 } },
      ],
    });
  });
});

describe("assume lists", () => {
  it("reads name: fact pairs separated by ',' or ';'", () => {
    const facts = value(parseAssumeList("A: spd, x: positive; S: symmetric"));
    expect(facts.map((f) => [f.name, f.fact])).toEqual([
      ["A", "spd"],
      ["x", "positive"],
      ["S", "symmetric"],
    ]);
    expect(facts[1]).toMatchObject({ nameSpan: { start: 8, end: 9 }, factSpan: { start: 11, end: 19 }, span: { start: 8, end: 19 } });
  });

  it("does not judge the fact word", () => {
    expect(value(parseAssumeList("Q: orthogonl"))[0].fact).toBe("orthogonl");
  });
});

describe("statements and generic functions", () => {
  const program = (text: string) => {
    const r = parseProgram(text);
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    return r.value;
  };

  it("separates statements by ';' or line breaks, with one where clause after them", () => {
    const p = program("u = W*x + b;  h = tanh(u)\n\nL = sum(h)\nwhere W: m x n, x: n; b: m");
    expect(p.statements.map((s) => s.name?.name ?? null)).toEqual(["u", "h", "L"]);
    expect(p.output?.name).toBe("L");
    expect(p.shapes.map((d) => d.name)).toEqual(["W", "x", "b"]);
  });

  it("continues a sum over a line break, and allows a bare last expression and a trailing ';'", () => {
    const p = program("u = a\n  + b;\nsum(u);");
    expect(p.statements).toHaveLength(2);
    expect(p.statements[0]!.expr.kind).toBe("binary");
    expect(p.statements[1]!.name).toBeNull();
  });

  it("refuses an unnamed statement before the last", () => {
    const r = parseProgram("W*x; y = 2");
    expect(!r.ok && r.diagnostics[0]!.message).toBe("only the last statement may be an expression without a name");
  });

  it("declares elementwise functions in the where clause, and reads f′ and ∇g calls", () => {
    const p = program("f(x) where f: elementwise, x: n");
    expect(p.shapes[0]).toMatchObject({ name: "f", elementwise: true, dims: [] });
    const calls = ["f'(u)", "f''(u)", "f′(u)", "f″(u)", "∇g(X)", "∇²g(X)"].map((t) => {
      const r = parseExpression(t);
      if (!r.ok || r.value.kind !== "call") throw new Error(t);
      return r.value.derivative;
    });
    expect(calls).toEqual([
      { kind: "prime", order: 1 }, { kind: "prime", order: 2 }, { kind: "prime", order: 1 }, { kind: "prime", order: 2 },
      { kind: "nabla", order: 1 }, { kind: "nabla", order: 2 },
    ]);
    expect(parseExpression("x'*y").ok).toBe(true);
  });
});
