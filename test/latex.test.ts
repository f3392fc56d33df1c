/**
 * LaTeX output: every corpus expression, in every layout and form
 * and the displays and inline math of --steps, render in KaTeX in strict mode; names are typeset the way
 * papers do; --standalone is a whole document (compiled when a TeX
 * installation is present).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import katex from "katex";
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { formatLatex } from "../src/print/latex.js";
import { formatSteps } from "../src/print/steps.js";
import { latexName } from "../src/print/leaves.js";
import { CORPUS } from "./corpus.js";
import { katexOk, mathOf } from "./helpers/paper-math.js";

const SETTINGS = [
  { form: "jacobian", layout: "numerator" }, { form: "jacobian", layout: "denominator" }, { form: "jacobian", layout: "mixed" },
  { form: "grad", layout: "mixed" }, { form: "differential", layout: "mixed" }, { form: "index", layout: "mixed" },
] as const;

const render = (tex: string) => katex.renderToString(tex, { displayMode: true, throwOnError: true, strict: "error" });

describe("every corpus entry renders in KaTeX", () => {
  const cases = CORPUS.flatMap((c) => SETTINGS.map((s) => [`${c.expr} wrt ${c.wrt}, ${s.form}/${s.layout}`, c, s] as const));
  it.each(cases)("%s", (_name, c, s) => {
    const r = derive({ expr: c.expr, wrt: [c.wrt], shapes: c.shapes, form: s.form, layout: s.layout });
    if (!r.ok && s.form === "index" && /cannot show (kron|vec|unvec)/.test(r.diagnostics[0]!.message)) return;
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    expect(() => render(formatLatex(r.value))).not.toThrow();
    const steps = mathOf(formatSteps(r.value, "latex"));
    for (const m of steps.displays) expect(() => katexOk(m, true), m).not.toThrow();
    for (const m of steps.inline) expect(() => katexOk(m, false), m).not.toThrow();
  });
});

describe("names are typeset as papers do", () => {
  it.each([
    ["Whh", "W_{hh}"], ["W_hh", "W_{hh}"], ["h_prev", "h_{\\mathrm{prev}}"], ["x1", "x_{1}"], ["alpha", "\\alpha"],
    ["sigma", "\\sigma"], ["Sigma", "\\Sigma"], ["sigma_1", "\\sigma_{1}"], ["bias", "\\mathrm{bias}"], ["W", "W"],
  ])("%s → %s", (name, tex) => {
    expect(latexName(name)).toBe(tex);
  });
});

describe("--standalone", () => {
  const r = derive({ expr: "a = tanh(W*x + b)", wrt: ["x"], shapes: ["W: m x n, x: n, b: m"], layout: "numerator" });
  const doc = r.ok ? formatLatex(r.value, { standalone: true }) : "";
  it("is a whole amsmath document", () => {
    expect(doc).toMatch(/^\\documentclass\{article\}\n\\usepackage\{amsmath,amssymb\}\n\\begin\{document\}/);
    expect(doc.trimEnd()).toMatch(/\\end\{document\}$/);
  });
  const tex = spawnSync("pdflatex", ["--version"]).status === 0;
  it.skipIf(!tex)("compiles with pdflatex", () => {
    const dir = mkdtempSync(join(tmpdir(), "matdiff-tex-"));
    writeFileSync(join(dir, "d.tex"), doc);
    execFileSync("pdflatex", ["-interaction=nonstopmode", "-halt-on-error", "d.tex"], { cwd: dir });
  });
});

describe("Hessians render in KaTeX", () => {
  it.each([["x'*A*x", ["x"]], ["logdet(X)", ["X"]], ["x'*A*y + sum(exp(x*y'))", ["x", "y"]], ["logsumexp(z)", ["z"]]] as const)("%s", (expr, wrt) => {
    const r = derive({ expr, wrt: [...wrt], order: 2 });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    const tex = formatLatex(r.value);
    expect(tex).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(tex).toMatch(/\\frac\{\\partial\^2 /);
    expect(() => render(tex)).not.toThrow();
  });
});
