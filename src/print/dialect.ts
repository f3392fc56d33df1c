/**
 * A dialect is everything the renderer needs to spell an expression in one
 * output format: each operator's notation, leaves (names, numbers), sizes,
 * brackets, and whether names, functions and operators are marked as
 * document spans for colour. The text and LaTeX dialects read the stanzas'
 * own notation; code back-ends bring their own table (codegen/).
 */
import type { Graph, NumNode, VarNode } from "../expr/node.js";
import type { OpName } from "../expr/names.js";
import type { Notation } from "../ops/stanza.js";
import { stanzaOf } from "../ops/registry.js";
import { type Dim, formatDim, superscript } from "../shapes/dim.js";
import type { Format } from "../api/options.js";
import { formatNumber, fractionOf, latexName, namedConstant, textName } from "./leaves.js";
import { latexTemporary, textTemporary } from "./naming.js";
import { spellerOf } from "./spelling.js";

export interface Dialect {
  notation(op: OpName): Notation;
  /** A name or number as printed (a differential dX as dX, \mathrm{d}X, …). */
  leaf(node: VarNode | NumNode): string;
  /** A size such as 2·n. */
  dim(d: Dim): string;
  /** Parentheses around a printed operand. */
  paren(s: string): string;
  /** Whether names, functions and operators become document spans (for colour). */
  readonly marks: boolean;
  /** How a name is spelled (sizes, the output's name). */
  name(s: string): string;
  /** The k-th temporary's name (t₀, t_{0}, t0). */
  temporary(k: number): string;
}

/** The formats that print mathematics with the stanzas' own notation; Markdown's math is LaTeX. */
export type MathFormat = Extract<Format, "text" | "latex">;

function dimWith(name: (s: string) => string, separator: string, power: (base: string, exp: number) => string): (d: Dim) => string {
  return (d) => formatDim(d, { name, times: separator, power });
}

/**
 * A differential variable is named d<name>: its base name, whether it is
 * one, and whether an input has that name too (an input dx with --wrt x):
 * then the differential prints as d(x), never as a second dx.
 */
export function differentialParts(node: VarNode): { base: string; isDiff: boolean; clash: boolean } {
  const isDiff = node.role === "differential";
  return { base: isDiff ? node.name.slice(1) : node.name, isDiff, clash: isDiff && node.graph.hasInput(node.name) };
}

export const TEXT: Dialect = {
  notation: (op) => stanzaOf(op).text,
  leaf: (node) => {
    if (node.kind === "num") {
      const c = namedConstant(node.value);
      if (c) return (c.negative ? "−" : "") + c.text;
      const f = fractionOf(node.value);
      return (f ? `${f.p}/${f.q}` : formatNumber(node.value)).replace("-", "−");
    }
    const { base, isDiff, clash } = differentialParts(node);
    const name = spellerOf(node.graph, "text")(base);
    return clash ? `d(${name})` : (isDiff ? "d" : "") + name;
  },
  dim: dimWith(textName, "·", superscript),
  paren: (s) => `(${s})`,
  marks: true,
  name: textName,
  temporary: textTemporary,
};

export const LATEX: Dialect = {
  notation: (op) => stanzaOf(op).latex,
  leaf: (node) => {
    if (node.kind === "num") {
      const c = namedConstant(node.value);
      if (c) return (c.negative ? "-" : "") + c.latex;
      const f = fractionOf(node.value);
      // exponent notation as one token, its sign unary: 1\mathrm{e}{-7}, not 1e-7 (a difference: "1e − 7")
      return f ? `${f.p < 0 ? "-" : ""}\\tfrac{${Math.abs(f.p)}}{${f.q}}` : formatNumber(node.value).replace(/e([+-]\d+)$/, "\\mathrm{e}{$1}");
    }
    const { base, isDiff, clash } = differentialParts(node);
    const name = spellerOf(node.graph, "latex")(base);
    return clash ? `\\mathrm{d}(${name})` : (isDiff ? "\\mathrm{d}" : "") + name;
  },
  dim: dimWith(latexName, " ", (b, e) => `${b}^{${e}}`),
  paren: (s) => `\\left(${s}\\right)`,
  marks: false,
  name: latexName,
  temporary: latexTemporary,
};

/**
 * The dialect of a format. With the graph of a derivation, its `name` spells that derivation's names apart
 * (spelling.ts), as its leaves always are; a Renderer takes the format itself.
 */
export function mathDialect(format: MathFormat, graph?: Graph): Dialect {
  const dialect = format === "latex" ? LATEX : TEXT;
  return graph ? { ...dialect, name: spellerOf(graph, format) } : dialect;
}
