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
import { latexWidth } from "../src/print/latex-width.js";
import { prose } from "../src/print/latex-prose.js";
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
  // a note with ⌊i/p⌋ and "i mod p", which pdflatex refused as raw Unicode in text mode
  ["kron-index", { expr: "kron(A, X)", wrt: ["X"], form: "index" }],
  // m²×m² as a shape: TeX drops a ² in math mode (the PDF read m × m)
  ["inverse-denominator", { expr: "inv(X)", wrt: ["X"], layout: "denominator" }],
  // a note that names an option, --shape "c: m", and a Greek name, λ
  ["default-scalar", { expr: "λ*x + c", wrt: ["x"] }],
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
    // a character TeX drops or replaces in math mode (m² set as \texttwosuperior) is lost from the PDF without an error
    expect(log.split("\n").filter((l) => /invalid in math mode|not set up for use with LaTeX/.test(l))).toEqual([]);
  });

  it.each(PAPERS)("%s: no superscript digit or Unicode symbol is left for TeX to read in math or in text", (_name, req) => {
    const d = derived(req);
    for (const doc of [formatLatexSteps(d), formatMarkdown(d, { steps: true })]) {
      // what pdflatex sets in text mode from UTF-8: Latin-1 and the dashes, quotes and ellipsis
      expect(doc.replace(/^%.*$/gm, "").match(/[^\x00-\xFF\u2013\u2014\u2018\u2019\u201C\u201D\u2026]|[²³¹·×]/gu) ?? [], doc).toEqual([]);
    }
  });
});

describe("sentences of the steps print as written", () => {
  it("each formula of a reason is one math span: the Kronecker vec rule", () => {
    const d = derived({ expr: "kron(X, X)", wrt: ["X"] });
    const rule = "$\\operatorname{vec}(A \\otimes B) = (I \\otimes K \\otimes I)(\\operatorname{vec} A \\otimes \\operatorname{vec} B)$, with $K$ the commutation matrix";
    expect(formatLatexSteps(d)).toContain(`{\\small\\raggedright ${rule}\\par}`);
    expect(formatMarkdown(d, { steps: true })).toContain(`> ${rule}`);
  });

  it("English inside a formula's brackets is \\text, and a colon ends a formula", () => {
    expect(prose("⟨g, sum(dX, d)⟩ = ⟨g stretched along d, dX⟩", "latex"))
      .toBe("$\\langle g, \\operatorname{sum}(dX, d)\\rangle = \\langle g \\text{ stretched along } d, dX\\rangle$");
    expect(prose("⟨G, dX / s⟩ = ⟨G / s, dX⟩", "latex")).toBe("$\\langle G, dX / s\\rangle = \\langle G / s, dX\\rangle$");
    expect(prose("pairs each block of G with B: [⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ", "latex"))
      .toBe("pairs each block of $G$ with $B$: $[\\langle G_{(ij)}, B\\rangle ]_{ij}$");
  });

  it("a sentence set again, from the cache or after it was emptied, reads the same, per target", () => {
    const sentence = "pairs each block of G with B: [⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ";
    const latex = "pairs each block of $G$ with $B$: $[\\langle G_{(ij)}, B\\rangle ]_{ij}$";
    expect(prose(sentence, "latex")).toBe(latex);
    // each target its own: TeX's escapes are not Markdown's
    const escaped = "$x > 0$ \\textbar{} a\\textless{}b";
    expect(prose("x > 0 | a<b", "latex")).toBe(escaped);
    expect(prose("x > 0 | a<b", "markdown")).not.toBe(escaped);
    const markdown = prose(sentence, "markdown");
    // enough other sentences to fill the cache past its size, so it is emptied on the way
    for (let k = 0; k < 1500; k++) expect(prose(`x > ${k} | a<b`, "latex")).toBe(`$x > ${k}$ \\textbar{} a\\textless{}b`);
    expect(prose(sentence, "latex")).toBe(latex);
    expect(prose(sentence, "markdown")).toBe(markdown);
  });

  it("a note's floor and mod are mathematics", () => {
    const tex = formatLatexSteps(derived({ expr: "kron(A, X)", wrt: ["X"], form: "index" }));
    expect(tex).toContain("Note: in $\\lfloor i/p\\rfloor$ (block), $i \\bmod p$ (offset) and $i + m\\cdot j$ (position in vec), indices count from 0");
  });

  it("an option in a note is code: --shape \"c: m\" keeps its two hyphens and straight quotes", () => {
    const d = derived({ expr: "a*x + c", wrt: ["x"] });
    const tex = formatLatexSteps(d);
    expect(tex).toContain("declare its shape (e.g. \\texttt{-{}-shape \"c: m\"}) if it is a vector");
    // outside typewriter type, TeX would set -- as an en dash and " as a closing quote
    expect(tex.replace(/\\texttt\{(?:[^{}]|\{\})*\}/g, "")).not.toMatch(/--|"/);
    expect(formatMarkdown(d, { steps: true })).toContain("declare its shape (e.g. `--shape \"c: m\"`) if it is a vector");
  });

  it("text that TeX would misprint is escaped, and a Greek name is mathematics", () => {
    // OT1 roman sets < as ¡ and | as an em dash
    expect(prose("x > 0 | a<b", "latex")).toBe("$x > 0$ \\textbar{} a\\textless{}b");
    expect(prose("λ was taken as a scalar (e.g. --shape \"λ: m\")", "latex"))
      .toBe("$\\lambda$ was taken as a scalar (e.g. \\texttt{-{}-shape \"$\\lambda$: m\"})");
    expect(prose("the statement h = W*x + b is not used by y", "latex")).toBe("the statement $h = W\\ast x + b$ is not used by $y$");
  });

  it("a formula with no = (a vec move whose factor is the scalar) is written once", () => {
    const tex = formatLatexSteps(derived({ expr: "a*x + c", wrt: ["x"] }));
    expect(tex).toContain("\\begin{align*}\n  &\\operatorname{vec}(a \\mathrm{d}x)\n\\end{align*}");
  });

  it("a shape is typeset with LaTeX powers, m^{2}, in LaTeX and Markdown", () => {
    const d = derived({ expr: "inv(X)", wrt: ["X"], layout: "denominator" });
    expect(formatLatexSteps(d)).toContain("{\\small\\raggedright $m^{2} \\times m^{2}$; denominator layout is the transpose of numerator layout\\par}");
    expect(formatMarkdown(d, { steps: true })).toContain("> $m^{2} \\times m^{2}$; denominator layout is the transpose of numerator layout");
    const k = formatLatexSteps(derived({ expr: "kron(X, X)", wrt: ["X"] }));
    expect(k).toContain("$(m^{2} n^{2}) \\times (m n)$; mixed layout is $J$ itself");
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
