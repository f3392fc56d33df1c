/**
 * The CLI run in memory through main(argv, io): output, exit codes,
 * colour rules, standard input, batch files, and hostile input.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { memoryIO } from "../src/cli/io.js";
import { VERSION } from "../src/version.js";

async function run(args: string[], options: Parameters<typeof memoryIO>[0] = {}) {
  const m = memoryIO(options);
  const code = await main(args, m.io);
  return { code, out: m.stdout(), err: m.stderr() };
}

const RNN = ["--shape", "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"];
const ANSI = /\u001b\[/;
const STACK = /\n\s+at .*\(.*:\d+:\d+\)/;

describe("derive", () => {
  it("prints the header, the expression and the derivative", async () => {
    const r = await run(["derive", "tanh(W*x + b)", "--wrt", "x", "--shape", "W: m x n, x: n, b: m", "--layout", "numerator"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatchInlineSnapshot(`
      "numerator layout · Jacobian form · W: m×n, x: n×1, b: m×1
      y = tanh(Wx + b)
      ∂y/∂x = diag(1 − y ⊙ y) W    (m×n)
      "
    `);
  });

  it("--check appends a verdict and exits 0", async () => {
    const r = await run(["derive", "x'*A*x", "--wrt", "x", "--check"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/check ✓ agrees with finite differences on 3 random instances/);
  });

  it("reads the expression from standard input with -", async () => {
    const r = await run(["derive", "-", "--wrt", "x"], { stdin: "x'*x\n" });
    expect(r.code).toBe(0);
    expect(r.out).toContain("∂y/∂x = 2x");
  });

  it("reads input that starts with a byte-order mark (as some editors save files)", async () => {
    const r = await run(["derive", "-", "--wrt", "x"], { stdin: "\uFEFFx'*x\r\n" });
    expect(r.code).toBe(0);
    expect(r.out).toContain("∂y/∂x = 2x");
  });

  it("--format json prints one parseable object", async () => {
    const r = await run(["derive", "tanh(h*Whh + x*Wxh + b)", ...RNN, "--wrt", "h", "--form", "grad", "--format", "json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.results[0].text).toBe("(G ⊙ (1 − Y ⊙ Y)) Whhᵀ");
    expect(j.results[0].shape).toEqual({ rows: "N", cols: "H", text: "N×H" });
  });

  it("--format numpy prints a module defining derivative(**inputs)", async () => {
    const r = await run(["derive", "x'*A*x", "--wrt", "x", "--format", "numpy"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("def derivative(**inputs):");
  });

  it("an expression that starts with a minus is not taken for an option", async () => {
    const r = await run(["derive", "-t'*log(softmax(W*x))", "--wrt", "x", "--shape", "W: k x n, x: n, t: k"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("y = −tᵀ log(softmax(Wx))");
  });

  it("--order 2 prints the Hessian", async () => {
    const r = await run(["derive", "x'*A*x", "--wrt", "x", "--order", "2", "--check"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("∂²y/∂x∂xᵀ = Aᵀ + A");
  });
});

describe("bad input exits 2 with a pointed message and no stack trace", () => {
  const cases: [string, string[], RegExp][] = [
    ["syntax", ["derive", "tanh(h*x + ", "--wrt", "x"], /error: .*\n\s+tanh\(h\*x \+ \n\s+\^/],
    ["unknown function", ["derive", "tahn(x)", "--wrt", "x"], /unknown function tahn[\s\S]*did you mean tanh\?/],
    ["shape mismatch", ["derive", "tanh(h*x + b)", "--shape", "h: N x H, x: N x D", "--wrt", "x"],
      /error: cannot multiply h \(N×H\) by x \(N×D\): inner dimensions H and N differ\n {2}tanh\(h\*x \+ b\)\n {7}\^\^\^/],
    ["unknown --wrt", ["derive", "W*x", "--wrt", "z"], /z does not appear in the expression/],
    // a size the expression does not have was ignored, and still listed among the sizes checked
    ["a --dims name that is no dimension, with --check", ["derive", "W*x", "--wrt", "x", "--check", "--dims", "N=3"],
      /error: the sizes given \(--dims\) name N, which is no dimension of the expression \(its dimensions: m, n\)\n +help: did you mean n=3\?/],
    ["a --dims name that is no dimension, in a check", ["check", "W*x", "--wrt", "x", "--claim", "W", "--dims", "n=3,q=2"],
      /error: the sizes given \(--dims\) name q, which is no dimension of the expression \(its dimensions: m, n\)/],
    ["missing --wrt", ["derive", "W*x"], /--wrt/],
    ["bad layout", ["derive", "W*x", "--wrt", "x", "--layout", "row"], /--layout must be one of numerator, denominator, mixed/],
    ["bad trials", ["derive", "W*x", "--wrt", "x", "--trials", "many"], /--trials takes a whole number/],
    ["unknown option", ["derive", "W*x", "--wrt", "x", "--colour"], /unknown option/],
    ["Hessian of a vector", ["derive", "W*x", "--wrt", "x", "--order", "2"], /needs a scalar expression/],
    ["index form of a claim", ["check", "x'*x", "--wrt", "x", "--claim", "2*x", "--form", "index"], /not the index form/],
    ["no expression", ["derive", "--wrt", "x"], /give an expression/],
    ["bad shape declaration", ["derive", "W*x", "--wrt", "x", "--shape", "W: m x"], /in --shape/],
    ["out of domain", ["derive", "log(-exp(x))", "--wrt", "x", "--check"], /no random instance keeps every operation in its domain: log/],
  ];
  it.each(cases)("%s", async (_name, args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(STACK);
  });

  it("reports errors as a JSON object on stdout with --format json", async () => {
    const r = await run(["derive", "tahn(x)", "--wrt", "x", "--format", "json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toEqual({
      error: { code: "unknown-function", message: "unknown function tahn", span: { start: 0, end: 4 }, origin: "expression", notes: [], help: "did you mean tanh?" },
    });
  });

  const hostile: [string, string][] = [
    ["10,000 nested parentheses", `${"(".repeat(10_000)}x${")".repeat(10_000)}`],
    ["a megabyte of text", "x+".repeat(500_000) + "x"],
    ["garbage", "@#$%^&*!~`"],
    ["control characters", "x\u0000\u0007y"],
    ["only operators", "+-*/.^'"],
    ["a long flat sum", Array.from({ length: 1500 }, (_, i) => `a${i}`).join("+")],
  ];
  it.each(hostile)("%s ends with a message and exit code 0, 1 or 2", async (_name, expr) => {
    const r = await run(["derive", expr, "--wrt", "x"]);
    expect([0, 1, 2]).toContain(r.code);
    expect(r.out + r.err).not.toMatch(STACK);
    expect((r.out + r.err).length).toBeGreaterThan(0);
  });
});

describe("check", () => {
  it("the dense-layer claim holds in denominator layout and is diagnosed in numerator layout", async () => {
    const args = ["check", "tanh(W*x + b)", "--wrt", "x", "--claim", "W'*diag(1 - tanh(W*x + b).^2)"];
    const den = await run([...args, "--layout", "denominator"]);
    expect(den.code).toBe(0);
    expect(den.out).toMatch(/^✓ the claim holds \(denominator layout\)/);
    const num = await run([...args, "--layout", "numerator"]);
    expect(num.code).toBe(1);
    expect(num.out).toMatch(/^✗ this is the denominator-layout result, not the numerator-layout one/);
  });

  it.each(["numerator", "denominator"])("the RNN paper's claim fails in %s layout: right only if Wrec is symmetric", async (layout) => {
    const r = await run(["check", "Wrec*sigmoid(x) + Win*sigmoid(u) + b", "--wrt", "x", "--claim", "Wrec'*diag(sigmoid(x).*(1 - sigmoid(x)))", "--layout", layout]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^✗ right only if Wrec is symmetric/);
  });

  it("the batch-rows RNN claim passes in grad form", async () => {
    const r = await run(["check", "tanh(h*Whh + x*Wxh + b)", ...RNN, "--wrt", "h", "--form", "grad", "--claim", "(G .* (1 - tanh(h*Whh + x*Wxh + b).^2)) * Whh'"]);
    expect(r.code).toBe(0);
  });

  it("needs --claim, and names not in the expression are errors", async () => {
    expect((await run(["check", "x'*A*x", "--wrt", "x"])).code).toBe(2);
    const r = await run(["check", "x'*A*x", "--wrt", "x", "--claim", "B*x"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/B is not a name of the expression/);
  });

  const batch = `
- name: quadratic form
  expr: x'*A*x
  wrt: x
  claim: (A + A')*x
- name: forgot a transpose
  expr: x'*A*x
  wrt: x
  claim: 2*A*x
- name: broken entry
  expr: x'*A*(x
  wrt: x
  claim: x
- name: missing claim
  expr: x
  wrt: x
`;
  it("runs a YAML batch: file:line per claim, the shapes used, then N passed, M failed; a broken entry does not stop the others and exits 2", async () => {
    const r = await run(["check", "--file", "checks.yaml"], { files: { "checks.yaml": batch } });
    expect(r.code).toBe(2);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("✓ checks.yaml:2 quadratic form");
    expect(lines[1]).toMatch(/^ {4}shapes: x: m×1 \(default for lowercase names\), A: m×m \(default for uppercase names\)$/);
    expect(lines[2]).toMatch(/^✗ checks.yaml:6 forgot a transpose: right only if A is symmetric/);
    expect(r.out).toMatch(/matdiff's answer:\n.*\n.*\n {6}∂y\/∂x = \(Aᵀ \+ A\) x/);
    expect(r.out).toMatch(/✗ checks.yaml:10 broken entry: could not be checked\n {4}error: expected '\)'/);
    expect(r.out).toMatch(/✗ checks.yaml:14 missing claim: could not be checked\n {4}error: entry "missing claim": needs "claim"/);
    // Each message once.
    expect(r.out.match(/needs "claim"/g)).toHaveLength(1);
    expect(r.out.trimEnd().split("\n").at(-1)).toBe("1 passed, 3 failed (2 could not be checked)");
  });

  it("runs a JSON batch and reports JSON with --reporter json", async () => {
    const json = JSON.stringify({ checks: [{ name: "sum", expr: "sum(x)", wrt: "x", claim: "ones" }] });
    const r = await run(["check", "--file", "c.json", "--reporter", "json"], { files: { "c.json": json } });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ passed: 1, failed: 0, errors: 0, results: [{ name: "sum", file: "c.json", line: 1, ok: true, verdict: "holds" }] });
  });

  it("a missing batch file is exit 2", async () => {
    const r = await run(["check", "--file", "nope.yaml"]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/✗ nope.yaml:1 nope.yaml: could not be checked\n    error: no such file: nope.yaml/);
  });
});

describe("colour, version, help, seeds", () => {
  const args = ["derive", "tanh(W*x + b)", "--wrt", "x"];
  it("is off when stdout is not a terminal", async () => {
    expect((await run(args)).out).not.toMatch(ANSI);
  });
  it("is on for a terminal, and off again with NO_COLOR or --no-color", async () => {
    expect((await run(args, { isTTY: true })).out).toMatch(ANSI);
    expect((await run(args, { isTTY: true, env: { NO_COLOR: "1" } })).out).not.toMatch(ANSI);
    expect((await run([...args, "--no-color"], { isTTY: true })).out).not.toMatch(ANSI);
  });
  it("--version prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(VERSION).toBe(pkg.version);
    const r = await run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(VERSION);
  });
  it("--help lists the commands and exits 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/derive/);
    expect(r.out).toMatch(/check/);
  });
  it("the same seed gives the same check report; another seed other sizes", async () => {
    const a = await run([...args, "--check", "--seed", "7"]);
    const b = await run([...args, "--check", "--seed", "7"]);
    const c = await run([...args, "--check", "--seed", "8"]);
    expect(a.out).toBe(b.out);
    expect(a.out).not.toBe(c.out);
  });
});

describe("colour carries structure only", () => {
  const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");
  it.each([
    ["derive", "tanh(h*Whh + x*Wxh + b)", ...RNN, "--wrt", "h,b", "--form", "grad", "--check"],
    ["derive", "x'*A*x", "--wrt", "x", "--steps"],
    ["derive", "X*A", "--wrt", "X", "--form", "index"],
    ["check", "tanh(W*x + b)", "--wrt", "x", "--claim", "W'*diag(1 - tanh(W*x + b).^2)", "--layout", "numerator"],
    ["derive", "tanh(h*x + b)", "--shape", "h: N x H, x: N x D", "--wrt", "x"],
  ])("%s %s: the coloured output without its escape codes is the plain output", async (...args) => {
    const coloured = await run(args, { isTTY: true });
    const plain = await run(args);
    expect(coloured.out + coloured.err).toMatch(ANSI);
    expect(strip(coloured.out)).toBe(plain.out);
    expect(strip(coloured.err)).toBe(plain.err);
    expect(coloured.code).toBe(plain.code);
  });
});

describe("long results wrap at top-level sums, in colour as in plain text", () => {
  const args = ["derive", "sum(exp(A*X*B)) + tr(X'*C*X) + norm2(X - D)^2 + logdet(X'*X + I) + sum(log(1 + exp(X*w))) + sum(sin(X*E)) + sum(cos(F*X))", "--wrt", "X"];
  it("breaks the line and keeps the pieces identical", async () => {
    const plain = await run(args);
    const coloured = await run(args, { isTTY: true });
    const line = plain.out.split("\n").findIndex((l) => l.startsWith("∂y/∂X = "));
    expect(plain.out.split("\n")[line]!.length).toBeLessThanOrEqual(100);
    expect(plain.out.split("\n")[line + 1]).toMatch(/^ {8}[+−] /);
    expect(coloured.out.replace(/\u001b\[[0-9;]*m/g, "")).toBe(plain.out);
  });
});

describe("a long input tells the process before any work on it (io.expectLongRun tunes the engine)", () => {
  const recurrence = (T: number) => "tanh(W*".repeat(T) + "h" + " + U*x)".repeat(T);
  const told = async (args: string[]) => {
    const m = memoryIO();
    let calls = 0;
    const code = await main(args, { ...m.io, expectLongRun: () => void calls++ });
    return { code, calls };
  };
  it("a 200-step recurrence (2,800 characters) is long; the motivating cases are not", async () => {
    expect(await told(["derive", recurrence(200), "--wrt", "W"])).toEqual({ code: 0, calls: 1 });
    expect(await told(["derive", recurrence(100), "--wrt", "W"])).toEqual({ code: 0, calls: 0 });
    expect(await told(["derive", "tanh(h*Whh + x*Wxh + b)", ...RNN, "--wrt", "h", "--form", "grad"])).toEqual({ code: 0, calls: 0 });
  });
  it("for check too, and before a refusal of the input", async () => {
    expect((await told(["check", recurrence(200), "--wrt", "W", "--claim", "W"])).calls).toBe(1);
    expect(await told(["derive", `${recurrence(200)} +`, "--wrt", "W"])).toEqual({ code: 2, calls: 1 });
  });
});
