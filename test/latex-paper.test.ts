/**
 * --steps in LaTeX and Markdown (issue 14): a derivation set as in
 * a paper. The standalone documents of the three motivating cases
 * and of a ten-value chain compile with pdflatex without an overfull line
 * wider than 1 pt, their displays and inline math render in KaTeX, and the
 * Markdown form is $$ … $$ displays between sentences.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type DeriveRequest, derive } from "../src/api/derive.js";
import { formatLatexSteps } from "../src/print/latex.js";
import { latexWidth } from "../src/print/latex-prose.js";
import { formatMarkdown } from "../src/print/markdown.js";
import { katexOk, mathOf } from "./helpers/paper-math.js";

const RNN = ["h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"];
/** Ten intermediate values: four layers, a sigmoid, a log and a sum. */
const DEEP = "sum(log(sigmoid(W4*tanh(W3*tanh(W2*tanh(W1*x + b1) + b2) + b3) + b4)))";

const PAPERS: readonly (readonly [string, DeriveRequest])[] = [
  ["rnn-grad", { expr: "tanh(h*Whh + x*Wxh + b)", wrt: ["h"], shapes: RNN, form: "grad" }],
  ["rnn-jacobian", { expr: "tanh(h*Whh + x*Wxh + b)", wrt: ["Whh"], shapes: RNN, layout: "numerator" }],
  ["dense", { expr: "a = tanh(W*x + b)", wrt: ["x"], shapes: ["W: m x n, x: n, b: m"], layout: "denominator" }],
  ["pascanu", { expr: "Wrec*sigmoid(x) + Win*sigmoid(u) + b", wrt: ["x"], layout: "numerator" }],
  ["ten-values", { expr: DEEP, wrt: ["W1"], form: "grad" }],
  ["ten-values-jacobian", { expr: DEEP, wrt: ["x"], layout: "denominator" }],
];

const derived = (req: DeriveRequest) => {
  const r = derive(req);
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  return r.value;
};

describe("--steps as a paper's derivation", () => {
  it.each(PAPERS)("%s: LaTeX displays and inline math render in KaTeX", (_name, req) => {
    const { displays, inline } = mathOf(formatLatexSteps(derived(req)));
    expect(displays.length).toBeGreaterThan(3);
    expect(inline.length).toBeGreaterThan(3);
    for (const m of displays) expect(() => katexOk(m, true), m).not.toThrow();
    for (const m of inline) expect(() => katexOk(m, false), m).not.toThrow();
  });

  it.each(PAPERS)("%s: Markdown is sentences and $$ displays that render in KaTeX", (_name, req) => {
    const md = formatMarkdown(derived(req), { steps: true });
    expect(md).toMatch(/^\*\*Derivation\*\* \(/);
    expect(md).not.toMatch(/\\begin\{align\*\}|\\noindent/);
    const { displays, inline } = mathOf(md);
    expect(displays.length).toBeGreaterThan(3);
    for (const m of [...displays]) expect(() => katexOk(m, true), m).not.toThrow();
    for (const m of inline) expect(() => katexOk(m, false), m).not.toThrow();
  });

  it("sets the reasons as sentences with their mathematics in math mode", () => {
    const tex = formatLatexSteps(derived(PAPERS[0]![1]));
    expect(tex).toContain("{\\small\\raggedright moving $W_{hh}$ across the Frobenius product transposes it: $\\langle G, A dX B\\rangle = \\langle A^{\\top}GB^{\\top}, dX\\rangle$\\par}");
    expect(tex).toContain("Differentiate each (only $h$ varies)");
  });

  const tex = spawnSync("pdflatex", ["--version"]).status === 0;
  it.skipIf(!tex).each(PAPERS)("%s: the standalone document compiles with no line overfull by more than 1 pt", (name, req) => {
    const dir = process.env.MATDIFF_PAPER_DIR ?? mkdtempSync(join(tmpdir(), "matdiff-paper-"));
    mkdirSync(dir, { recursive: true });
    const doc = formatLatexSteps(derived(req), { standalone: true });
    expect(doc).toContain("\\allowdisplaybreaks");
    writeFileSync(join(dir, `${name}.tex`), doc);
    execFileSync("pdflatex", ["-interaction=nonstopmode", "-halt-on-error", `${name}.tex`], { cwd: dir, stdio: "ignore" });
    const log = readFileSync(join(dir, `${name}.log`), "utf8");
    const overfull = [...log.matchAll(/Overfull \\hbox \(([\d.]+)pt too wide\)/g)].map((m) => Number(m[1]));
    expect(overfull.filter((pt) => pt > 1), log.split("\n").filter((l) => l.startsWith("Overfull")).join("\n")).toEqual([]);
  });
});

describe("the width of typeset math", () => {
  it("reads nested fractions and scripts at any depth, each character once", () => {
    // a fraction is as wide as its wider part, plus 0.4 for the bar; a script counts 0.7 of its width
    expect(latexWidth("\\frac{ab}{c}")).toBeCloseTo(2.4);
    expect(latexWidth("x^{2}")).toBeCloseTo(1.7);
    expect(latexWidth("\\mathrm{d}X")).toBeCloseTo(2);
    // 100,000 nested fractions: recursing on them ran out of call stack, and finding each group's brace was quadratic
    const deep = "\\frac{".repeat(100_000) + "x" + "}{y}".repeat(100_000);
    expect(latexWidth(deep)).toBeCloseTo(1 + 0.4 * 100_000, 3);
    const scripts = "x^{".repeat(100_000) + "y" + "}".repeat(100_000);
    // each level adds its letter at 0.7 of the scale of the one around it: 1 + 0.7 + 0.7² + … = 10/3
    expect(latexWidth(scripts)).toBeCloseTo(10 / 3, 3);
  });
});
