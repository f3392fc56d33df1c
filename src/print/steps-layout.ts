/**
 * Setting the sections of --steps (steps.ts) on the page:
 *   text      numbered headings, each line with its reason beside or under it;
 *   LaTeX     a paper's derivation: each step a heading sentence, an align*
 *             display (rows broken to fit an article's text width, pages may
 *             break inside it), and each reason set as a sentence under it;
 *   Markdown  the same with $$ … $$ displays (aligned) for GitHub, Jupyter, KaTeX.
 */
import type { Derivation, Derivative } from "../api/derive.js";
import { spanFor, styledLines, width } from "./doc.js";
import { type TextStyle, themeOf } from "./text-style.js";
import { prose } from "./latex-prose.js";
import { mathDialect } from "./dialect.js";
import { breakAnywhere, fillRows, latexFactors, latexTerms, latexWidth } from "./latex-width.js";

/** A run of words or of mathematics (in the section's notation). */
export type Piece = { readonly words: string } | { readonly math: string };

export interface Line {
  /** `lhs = rhs`, or empty for a line that is only a reason. */
  readonly math: string;
  readonly why?: readonly Piece[];
}

export interface Section {
  readonly title: readonly Piece[];
  readonly lines: readonly Line[];
  /** A closing remark (the simplifier's rules), printed in text only. */
  readonly footnote?: readonly Piece[];
}

export interface StepSections {
  readonly common: readonly Section[];
  readonly perWrt: readonly { readonly r: Derivative; readonly sections: readonly Section[] }[];
}

const formName = (d: Derivation): string => (d.form === "jacobian" ? `${d.layout} layout, Jacobian form` : `${d.form} form`);
const joinPieces = (ps: readonly Piece[]): string => ps.map((p) => ("words" in p ? p.words : p.math)).join("");

/** The variables a derivative's section is about: one, or the two of a mixed Hessian block (its wrt reads "W,x"). */
function blockNames(r: Derivative): string[] {
  return r.second && r.second !== r.variable ? [r.variable.name, r.second.name] : [r.wrt];
}

/** Lines per block of LineBlocks: a block of text lines (80 characters or so, two bytes each) stays below V8's large-object size of 128 KB. */
const BLOCK = 512;

/**
 * A printout's lines, joined a block at a time as they are written: two hundred thousand lines (the 10,000-step
 * recurrence) never make one list, which V8 would copy at each growth into freshly mapped memory, and each block's
 * lines are garbage once joined, instead of living to the end of the printout. Joined with newlines, the blocks are
 * the lines joined with newlines.
 */
export class LineBlocks {
  private readonly blocks: string[] = [];
  private lines: string[] = [];

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length === BLOCK) this.close();
  }

  /** The blocks, the last one closed. */
  done(): string[] {
    this.close();
    return this.blocks;
  }

  private close(): void {
    if (this.lines.length === 0) return;
    this.blocks.push(this.lines.join("\n"));
    this.lines = [];
  }
}

export function layoutTextSteps(d: Derivation, s: StepSections, style: TextStyle): string {
  const theme = themeOf(style);
  const span = spanFor(theme);
  const out = new LineBlocks();
  out.push(span("header", `Derivation (${formName(d)})`));
  let k = 1;
  const section = (sec: Section): void => {
    out.push(span("header", `${k++}. ${joinPieces(sec.title)}`));
    const whys = sec.lines.map((l) => (l.why ? joinPieces(l.why) : ""));
    // Each line's width is counted once, and only beside a reason, the one place it pads: counting reads the line as one
    // string, so a line printed in pieces (the where section's hundred thousand t = …) would be copied whole for nothing.
    const widths = sec.lines.map((l, i) => (whys[i] !== "" ? width(l.math) : 0));
    const besideIt = (i: number): boolean => whys[i] !== "" && widths[i]! + width(whys[i]!) < 110;
    // The reasons beside their lines line up after the widest of those lines only: a line too long for its reason
    // beside it (one of a hundred thousand symbols) does not pad every short one to its width.
    const column = widths.reduce((a, w, i) => (besideIt(i) ? Math.max(a, w) : a), 0);
    const lines = sec.footnote ? [...sec.lines, { math: "", why: sec.footnote }] : sec.lines;
    lines.forEach((l, i) => {
      const why = i < whys.length ? whys[i]! : l.why ? joinPieces(l.why) : "";
      const mathWidth = widths[i] ?? 0;
      if (!l.math) out.push(`     ${span("note", why)}`);
      else if (besideIt(i)) out.push(`     ${l.math}${" ".repeat(column - mathWidth)}   ${span("note", why)}`);
      else {
        out.push(`     ${l.math}`);
        if (why) out.push(`        ${span("note", why)}`);
      }
    });
  };
  s.common.forEach(section);
  for (const { r, sections } of s.perWrt) {
    if (s.perWrt.length > 1) out.push(span("header", `— with respect to ${blockNames(r).map(mathDialect("text", d.y.graph).name).join(" and ")} —`));
    sections.forEach(section);
  }
  for (const n of d.notes) out.push(span("note", `note: ${n}`));
  return styledLines(out.done(), theme);
}

/** How wide a display row may be, in latexWidth units: an article's 345 pt text width with room to spare. */
const ROW_WIDTH = 50;

/** A pieces sentence as LaTeX or Markdown text with inline math. */
function sentence(ps: readonly Piece[], target: "latex" | "markdown"): string {
  return ps.map((p) => ("words" in p ? prose(p.words, target) : p.math.trim() ? `$${p.math}$` : "")).join("").replace(/\$\$/g, "$ $").trim();
}

/** Rows of an aligned display for `lhs = rhs` (or a lone formula), broken at sums, then between factors, to fit. */
export function alignedRows(math: string): string[] {
  const eq = math.indexOf(" = ");
  // a lone formula: its rows after the alignment point (breakRhs writes the formula after `head`)
  if (eq < 0) return breakRhs("", "&", math);
  const lhs = math.slice(0, eq);
  const rhs = math.slice(eq + 3);
  if (latexWidth(lhs) + latexWidth(rhs) + 2.2 <= ROW_WIDTH) return [`${lhs} &= ${rhs}`];
  // A long left side gets a row of its own; the right side continues under it.
  if (latexWidth(lhs) > ROW_WIDTH / 3) {
    const lhsRows = latexWidth(lhs) > ROW_WIDTH ? breakAnywhere(lhs, ROW_WIDTH) : [unwrapFrob(lhs)];
    return [...lhsRows.map((r, k) => (k === 0 ? `&${r}` : `&\\quad ${r}`)), ...breakRhs("", "&= ", rhs)];
  }
  return breakRhs(lhs, `${lhs} &= `, rhs);
}

/** ⟨a, b⟩ typeset with \langle, \rangle so that a row break may fall inside. */
function unwrapFrob(s: string): string {
  return s.replace(/\\left\\langle /g, "\\langle ").replace(/\\right\\rangle/g, "\\rangle");
}

function breakRhs(lhs: string, head: string, rhs: string): string[] {
  const room = ROW_WIDTH - latexWidth(lhs) - 2.2;
  const chunks = latexTerms(rhs).flatMap((t) => (latexWidth(t) > room ? splitLong(t, room) : [t]));
  return fillRows(chunks, room).map((r, k) => (k === 0 ? `${head}${r}` : `&\\quad ${r}`));
}

/** A term too wide for a row: ⟨a, b⟩ split after its comma, anything else between factors. */
function splitLong(t: string, room: number): string[] {
  const frob = /^\\left\\langle (.*),\\ (.*)\\right\\rangle$/.exec(t);
  if (frob && !/\\left\\langle/.test(frob[1]!)) return [...splitLong(`\\langle ${frob[1]},`, room), ...splitLong(`${frob[2]}\\rangle`, room)];
  const factors = latexFactors(t);
  if (factors.length > 1) return factors.flatMap((f) => (latexWidth(f) > room ? breakAnywhere(f, room) : [f]));
  return breakAnywhere(t, room);
}

/** The sections as LaTeX or Markdown blocks: heading sentence, display, reasons. */
function paperBlocks(d: Derivation, s: StepSections, target: "latex" | "markdown"): string[] {
  const blocks: string[] = [];
  const bold = (t: string): string => (target === "latex" ? `\\noindent\\textbf{${t}}` : `**${t}**`);
  const display = (rows: readonly string[]): string =>
    target === "latex"
      ? `\\begin{align*}\n${rows.map((r) => `  ${r}`).join(" \\\\\n")}\n\\end{align*}`
      : `$$\n\\begin{aligned}\n${rows.map((r) => `  ${r}`).join(" \\\\\n")}\n\\end{aligned}\n$$`;
  const reason = (ps: readonly Piece[]): string => (target === "latex" ? `{\\small\\raggedright ${sentence(ps, target)}\\par}` : `> ${sentence(ps, target)}`);
  blocks.push(`${bold("Derivation")} (${formName(d)})`);
  let k = 1;
  const section = (sec: Section): void => {
    blocks.push(`${bold(`${k++}.`)} ${sentence(sec.title, target)}`);
    let rows: string[] = [];
    const flush = (): void => {
      if (rows.length) blocks.push(display(rows));
      rows = [];
    };
    for (const l of sec.lines) {
      const shapeOnly = l.why?.length === 1 && "math" in l.why[0]!;
      if (l.math) {
        const lineRows = alignedRows(l.math);
        // A shape sits beside its row when there is room, as a paper's margin note would.
        if (shapeOnly && lineRows.length === 1 && latexWidth(lineRows[0]!) + latexWidth((l.why![0] as { math: string }).math) + 4 <= ROW_WIDTH) {
          lineRows[0] += ` && ${(l.why![0] as { math: string }).math}`;
        } else if (shapeOnly) lineRows.push(`&\\qquad ${(l.why![0] as { math: string }).math}`);
        // a loop: one long line may wrap into more rows than a call takes arguments
        for (const row of lineRows) rows.push(row);
      }
      if (l.why && !shapeOnly) {
        flush();
        blocks.push(reason(l.why));
      }
    }
    flush();
  };
  s.common.forEach(section);
  for (const { r, sections } of s.perWrt) {
    // the names spelled as every formula spells them (W_{hh}, \lambda), as math in both targets
    const spell = mathDialect("latex", d.y.graph).name;
    if (s.perWrt.length > 1) blocks.push(bold(`With respect to ${blockNames(r).map((n) => `$${spell(n)}$`).join(" and ")}`));
    sections.forEach(section);
  }
  for (const n of d.notes) blocks.push(reason([{ words: `Note: ${n}` }]));
  return blocks;
}

/** The body of a LaTeX document (amsmath): paragraphs and align* displays. */
export function layoutLatexSteps(d: Derivation, s: StepSections): string {
  return paperBlocks(d, s, "latex").join("\n\n");
}

/** Markdown with $$ … $$ displays. */
export function layoutMarkdownSteps(d: Derivation, s: StepSections): string {
  return paperBlocks(d, s, "markdown").join("\n\n");
}
