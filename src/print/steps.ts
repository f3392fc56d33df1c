/**
 * --steps: the derivation as it is written on paper, read from the records
 * the passes kept (Derivation.chain, Derivative.record) — the intermediate
 * values of Y, the differential of each, the chain, then the
 * identification (adjoint moves or vec rules, each with the reason a
 * transpose appears), the layout, and the simplifier's rules. This module
 * builds the sections; steps-layout.ts sets them as text, LaTeX or Markdown.
 */
import type { Derivation, Derivative } from "../api/derive.js";
import { type Format, STEPS_FORMATS } from "../api/options.js";
import { readChoice } from "../api/option-values.js";
import type { Expr, OpNode } from "../expr/node.js";
import { stanzaOf } from "../ops/registry.js";
import { type Shape, shapeToString } from "../shapes/shape.js";
import { type NameLookup, Renderer } from "./render.js";
import { topoOrder } from "../expr/traverse.js";
import { type Naming, chooseNames, overlaidNames } from "./naming.js";
import { unfoldedSize } from "./source.js";
import { type MathFormat, mathDialect } from "./dialect.js";
import { hessianSymbol, resultLabel } from "./labels.js";
import { spelledNames } from "./derivation-naming.js";
import { indexLabel, renderIndexTerms } from "./index-notation.js";
import { type TextStyle, plainTextStyle, themeOf } from "./text-style.js";
import { stylesAny, unmarkedLength } from "./doc.js";
import { latexShape } from "./latex-shape.js";
import { SizeLimit } from "../diagnostics/resource-limit.js";
import { IdMap } from "../expr/by-id.js";
import { type Line, type Piece, type Section, layoutLatexSteps, layoutMarkdownSteps, layoutTextSteps } from "./steps-layout.js";

const words = (s: string): Piece => ({ words: s });
const math = (s: string): Piece => ({ math: s });

/**
 * The most characters of formulas a derivation step by step may print, counted as they show, without colour (the
 * lines' text, reasons and layout add one to three times as much again), by notation: LaTeX spells the same formula
 * in about 1.7 times the characters of text (\mathrm{d}X for dX). The 10,000-step recurrence prints about 2.8 million
 * in text and 4.7 million in LaTeX; tanh 45,000 deep would print 5.5 and 9.8 million, 19 and 27 MB in 5–6 s, and
 * nests of 60,000–400,000 levels 25–50 MB that no one reads, in 5–20 s. Past it the printout stops with exit 2, after
 * a second or two of writing.
 */
export const MAX_STEPS_TEXT: { readonly [F in MathFormat]: number } = { text: 4_000_000, latex: 6_000_000 };

/**
 * The most steps (the chain's intermediate values and the identification's moves, each at least one line) a
 * derivation step by step may take, counted before any is built: the 10,000-step recurrence takes 70,000, and past
 * 100,000 the printout would pass MAX_STEPS_TEXT only after seconds of building records it then could not print.
 */
export const MAX_STEPS = 100_000;

/** Refuse, before building any record, a derivation with more steps than MAX_STEPS. */
function refuseLongSteps(d: Derivation): void {
  // The chain and the longest derivative's moves: with many --wrt names each derivative's section is short, and the
  // printout's whole length is left to MAX_STEPS_TEXT (counting every section refused printouts that fit).
  let moves = 0;
  for (const r of d.derivatives) moves = Math.max(moves, r.trace.adjoint.length + r.trace.vec.length);
  const steps = d.chainLength + moves;
  if (steps <= MAX_STEPS) return;
  throw new SizeLimit(`the derivation step by step would take ${steps.toLocaleString("en-US")} steps (intermediate values and moves), more than the ${MAX_STEPS.toLocaleString("en-US")} one printout may hold`,
    "print the result without --steps, or ask for --steps on fewer levels of nesting (a 10,000-step recurrence takes 70,000)");
}

class Writer {
  private readonly dialect;
  /** Characters of formulas written so far (see MAX_STEPS_TEXT). */
  private written = 0;
  /** `unmarked`: the printout is plain text, so its renderers write no spans (see Renderer). */
  constructor(readonly format: MathFormat, d?: Derivation, private readonly unmarked = false) {
    this.dialect = mathDialect(format, d?.y.graph);
  }
  /** A renderer of this printout's notation, printing the nodes `names` holds by those names. */
  renderer(names: NameLookup): Renderer {
    return new Renderer(this.format, names, {}, this.unmarked);
  }
  /** `e` as `renderer` prints it (`define`: by its definition, not its name), counted against MAX_STEPS_TEXT. */
  show(renderer: Renderer, e: Expr, define = false): string {
    // A formula far past what is left is refused before it is written out: its length counts its spans' marks too,
    // at most a few per visible character (the differential of X^(10⁹) would be a billion characters).
    if (renderer.docLength(e, define) > 4 * (MAX_STEPS_TEXT[this.format] - this.written)) this.tooLong();
    return this.counted(renderer.renderDoc(e, define));
  }
  /** `text`, counted against MAX_STEPS_TEXT by its visible characters (a coloured printout's spans do not count). */
  counted(text: string): string {
    if ((this.written += this.unmarked ? text.length : unmarkedLength(text)) > MAX_STEPS_TEXT[this.format]) this.tooLong();
    return text;
  }
  private tooLong(): never {
    throw new SizeLimit(`the derivation step by step would print more than ${MAX_STEPS_TEXT[this.format].toLocaleString("en-US")} characters of formulas, more than one printout may hold`,
      "print the result without --steps, or ask for --steps on fewer levels of nesting (a 10,000-step recurrence prints about 3 million in text, 5 million in LaTeX)");
  }
  get latex(): boolean {
    return this.format === "latex";
  }
  name(s: string): string {
    return this.dialect.name(s);
  }
  /** A name inside a sentence: as typed in text, typeset in LaTeX. */
  nameInWords(s: string): Piece {
    return math(this.latex ? this.name(s) : s);
  }
  shape(sh: Shape): string {
    return this.latex ? latexShape(sh) : shapeToString(sh);
  }
  frob(a: string, b: string): string {
    return this.latex ? `\\left\\langle ${a},\\ ${b}\\right\\rangle` : `⟨${a}, ${b}⟩`;
  }
  d(s: string): string {
    return this.latex ? `\\mathrm{d}${s}` : `d${s}`;
  }
  vec(s: string): string {
    return this.latex ? `\\operatorname{vec}(${s})` : `vec(${s})`;
  }
}

/** The stanza's one-sentence reason for an adjoint or vec move, with {other} the factor that moved. */
function why(node: OpNode, argIndex: number, kind: "adjoint" | "vec", other: Expr | null, show: (e: Expr) => string): Piece[] | undefined {
  const given = stanzaOf(node.op).why?.[kind];
  if (!given) return undefined;
  const text = typeof given === "function" ? given(argIndex) : given;
  const [before, after] = text.split("{other}") as [string, string | undefined];
  if (after === undefined) return [words(before)];
  return [words(before), math(other ? show(other) : ""), words(after)];
}

/** Where a transpose appears in the layout, as a sentence. */
function layoutSentence(d: Derivation, r: Derivative, w: Writer): Piece[] {
  if (d.form !== "jacobian") return [];
  if (r.gradient) {
    if (r.second) return d.layout === "denominator" ? [words("denominator layout prints the transpose of this block")] : [];
    return [words("a Hessian is symmetric, so every layout prints the same matrix")];
  }
  if (r.route === "adjoint") {
    if (d.layout === "numerator") {
      return [words("numerator layout writes the gradient transposed (a row for a vector, "), w.nameInWords(r.wrt), words(w.latex ? "'s transpose's shape for a matrix)" : "ᵀ's shape for a matrix)")];
    }
    return [words(`${d.layout} layout writes the gradient in `), w.nameInWords(r.wrt), words(`'s shape${d.layout === "denominator" ? " (a column for a vector)" : ""}`)];
  }
  if (d.layout === "denominator") return [words("denominator layout is the transpose of numerator layout")];
  return [words(`${d.layout} layout is J itself`)];
}

function derivativeSections(
  d: Derivation, r: Derivative, w: Writer, chainNames: ReadonlyMap<number, string>, given: ReadonlyMap<number, string>, taken: ReadonlySet<string>,
): Section[] {
  const sections: Section[] = [];
  // The variable of the first derivative (a mixed Hessian block's wrt is "W,x": W is its gradient's variable).
  const x = w.name(r.variable.name);
  const dY = w.d(w.name(d.yName));
  const rec = r.record;
  if (rec.differential === null) {
    sections.push({ title: [math(w.name(d.yName)), words(" does not depend on "), math(x)], lines: [{ math: `${dY} = 0` }] });
    return sections;
  }
  // A long derivation names what its lines share (t₀, t₁, …, defined under "where"), so its size stays linear in the input's.
  const shared = sharedNames(r, w, chainNames, given, taken);
  // shared.names holds the given names too
  const named = shared?.names ?? given;
  const renderer = w.renderer(named.size ? overlaidNames(chainNames, named) : chainNames);
  const show = (e: Expr): string => w.show(renderer, e);
  sections.push({ title: [words("Chain them")], lines: [{ math: `${dY} = ${show(rec.differential)}` }] });
  const skip = new Set(["add", "neg"]);
  if (r.route === "adjoint") {
    const G = w.name(d.upstream?.name ?? "G");
    const ell = w.latex ? "\\ell" : "ℓ";
    const dx = w.d(x);
    const title = d.form === "grad"
      ? [words("Identify the gradient: "), math(`${w.d(ell)} = ${w.frob(G, dY)}`), words(" with "),
        math(`${G} = ${w.latex ? `\\partial ${ell}/\\partial ${w.name(d.yName)}` : `∂ℓ/∂${d.yName}`}`), words("; move every factor off "), math(dx)]
      : [words("Identify the gradient: "), math(`${dY} = ${w.frob(w.latex ? "\\nabla" : "∇", dx)}`), words(" defines the gradient (shaped like "),
        w.nameInWords(r.wrt), words("); move every factor off "), math(dx)];
    const lines: Line[] = rec.adjoint.filter((s) => !skip.has(s.node.op)).map((s) => ({
      math: `${w.frob(show(s.ct), show(s.shownNode))} = ${w.frob(show(s.out), show(s.arg))}`,
      why: why(s.node, s.argIndex, "adjoint", s.other, show),
    }));
    sections.push({ title, lines });
  } else if (r.route === "vec-kronecker" && r.gradient) {
    // A Hessian: identify the gradient, differentiate it, then vectorise that.
    const nabla = w.latex ? "\\nabla" : "∇";
    const second = r.second ?? r.variable;
    const dG = rec.gradientDifferential;
    sections.push({
      title: [words("The gradient, from "), math(`${dY} = ${w.frob(nabla, w.d(x))}`), words(":")],
      lines: [{ math: `${nabla} = ${show(r.gradient)}` }],
    });
    sections.push({
      title: [words("Differentiate the gradient (only "), math(w.name(second.name)), words(" varies):")],
      lines: [{ math: `${w.d(nabla)} = ${dG ? show(dG) : "0"}` }],
    });
    const lines: Line[] = rec.vec.filter((s) => !skip.has(s.node.op)).flatMap((s) => {
      const reason = why(s.node, s.argIndex, "vec", s.other, show);
      return reason ? [{ math: "", why: reason }] : [];
    });
    const H = w.latex ? `${hessianSymbol(d, "latex")} = \\partial ${w.vec(nabla)} / \\partial ${w.vec(w.name(second.name))}^\\top` : `${hessianSymbol(d, "text")} = ∂vec(∇)/∂vec(${second.name})ᵀ`;
    // A Hessian–vector product is d∇ itself: nothing to vectorise.
    if (!r.hvp) sections.push({ title: [words("Vectorise: the Hessian is "), math(H)], lines });
  } else if (r.route === "vec-kronecker") {
    const lines: Line[] = rec.vec.filter((s) => !skip.has(s.node.op)).map((s) => {
      const shown = s.factor && show(s.factor);
      // A Kronecker product or a sum is one factor here: (Aᵀ ⊗ I) vec(dX).
      const loose = s.factor?.kind === "op" && ["kron", "add", "hadamard", "hdiv", "neg", "scale"].includes(s.factor.op);
      const factor = shown && (loose ? (w.latex ? `\\left(${shown}\\right)` : `(${shown})`) : shown);
      return {
        math: factor === null ? w.vec(show(s.shownNode)) : `${w.vec(show(s.shownNode))} = ${factor} ${w.vec(show(s.arg))}`,
        why: why(s.node, s.argIndex, "vec", s.other, show),
      };
    });
    const J = w.latex ? `J = \\partial ${w.vec(w.name(d.yName))} / \\partial ${w.vec(x)}^\\top` : `J = ∂vec(${d.yName})/∂vec(${r.wrt})ᵀ`;
    sections.push({ title: [words("Vectorise (columns stacked): "), math(J)], lines });
  } else if (r.route === "substitution") {
    sections.push({ title: [math(x), words(" is a scalar: "), math(`${dY} = D${w.latex ? "\\," : " "}${w.d(x)}`), words(", and D is the derivative")], lines: [] });
  }
  const layoutWords = layoutSentence(d, r, w);
  const result: Line[] = r.index
    ? [
        { math: `J = ${show(rec.result)}`, why: [math(w.shape(r.shape)), words("; entry by entry:")] },
        { math: `${indexLabel(r.index, d.yName, r.wrt, w.format, d.y.graph)} = ${w.counted(renderIndexTerms(r.index, w.format, w.renderer(chainNames)))}` },
      ]
    : [{ math: `${resultLabel(d, r, w.format)} = ${show(rec.result)}`, why: [math(w.shape(r.shape)), ...(layoutWords.length ? [words("; "), ...layoutWords] : [])] }];
  const used = new Map<string, number>();
  for (const s of r.steps) used.set(s.reason, (used.get(s.reason) ?? 0) + 1);
  const simplifiedWith = used.size ? [words(`simplified with: ${[...used].map(([k, n]) => (n > 1 ? `${k} (×${n})` : k)).join("; ")}`)] : undefined;
  sections.push({ title: [words("Result")], lines: result, footnote: simplifiedWith });
  if (shared) sections.push({ title: [words("where")], lines: shared.order.map((n) => ({ math: `${shared.names.get(n.id)} = ${w.show(renderer, n, true)}` })) });
  return sections;
}

/** Moves beyond which a derivative's lines name their shared subexpressions (a short derivation prints them in full). */
const NAME_SHARED_AFTER = 24;

/** The names every printout of the derivation keeps clear of: the chain's, the inputs', the output's and G. */
function takenNames(d: Derivation, w: Writer, chainNames: ReadonlyMap<number, string>): Set<string> {
  // Added one by one: the chain's names are tens of thousands at T = 10,000, and a spread list of them is one more copy.
  const taken = new Set<string>(chainNames.values());
  for (const n of d.program.variables.keys()) taken.add(w.name(n));
  taken.add(w.name(d.yName));
  taken.add(w.name(d.upstream?.name ?? "G"));
  return taken;
}

/** Nodes beyond which the lines of "Differentiate each" name the subexpressions they share. */
const NAME_DIFFERENTIALS_AFTER = 400;

/** Names for what the differentials of the chain share, when they are long (d(X·X·…·X) repeats its prefix products). */
function differentialNames(d: Derivation, w: Writer, taken: ReadonlySet<string>, programNames: ReadonlyMap<number, string>): Naming | null {
  const roots = d.chain.flatMap((link) => (link.differential === null ? [] : [link.differential]));
  if (topoOrder(roots).length <= NAME_DIFFERENTIALS_AFTER) return null;
  return chooseNames(roots, { temporary: mathDialect(w.format).temporary, taken, given: programNames });
}

/** Printed size (operators and leaves, each shared part counted at every use) up to which a derivative's few lines print in full. */
const UNFOLDED_IN_FULL = 1000;

/** The printed sizes of `roots` added up, stopping past `cap`. */
function unfoldedTotal(roots: readonly Expr[], cap: number): number {
  let total = 0;
  for (const e of roots) if ((total += unfoldedSize(e, cap + 1)) > cap) break;
  return total;
}

/** Names for what a derivative's lines share; `given`: names the differentials' lines defined already. */
function sharedNames(
  r: Derivative, w: Writer, chainNames: ReadonlyMap<number, string>, given: ReadonlyMap<number, string>, taken: ReadonlySet<string>,
): Naming | null {
  const rec = r.record;
  // every expression the lines show, in one list (a long derivation has tens of thousands of moves)
  const roots: Expr[] = [];
  const collect = (e: Expr | null | undefined): void => {
    if (e != null && !chainNames.has(e.id)) roots.push(e);
  };
  collect(rec.differential);
  collect(rec.result);
  // a Hessian's lines: the gradient and its differential
  collect(r.gradient);
  collect(rec.gradientDifferential);
  for (const s of rec.adjoint) {
    collect(s.ct);
    collect(s.shownNode);
    collect(s.out);
    collect(s.arg);
    collect(s.other);
  }
  for (const s of rec.vec) {
    collect(s.shownNode);
    collect(s.arg);
    collect(s.factor);
    collect(s.other);
  }
  // Few moves over short expressions print in full; a Hessian of a recurrence has few moves but lines that share
  // everything, and printed in full they grew with the square of its depth (78 MB at 100 steps).
  if (rec.adjoint.length + rec.vec.length <= NAME_SHARED_AFTER && unfoldedTotal(roots, UNFOLDED_IN_FULL) <= UNFOLDED_IN_FULL) return null;
  // The chain's and the program's names stand for their values here too: no temporary renames them.
  return chooseNames(roots, { temporary: mathDialect(w.format).temporary, taken, nameRoots: true, given: overlaidNames(chainNames, given) });
}

/** The sections of a derivation, in the notation of `format`. */
function stepSections(d: Derivation, format: MathFormat, unmarked = false): { common: Section[]; perWrt: { r: Derivative; sections: Section[] }[] } {
  const w = new Writer(format, d, unmarked);
  // The chain's names, and the program's for the values outside the chain (with --wrt an intermediate, the chain
  // starts there, and the statements before it would otherwise be written out in full, doubling with each one).
  const programNames = spelledNames(d, (n) => w.name(n));
  // By id: one name per link of the chain (20,000 at T = 10,000).
  const chainNames = new IdMap<string>();
  for (const [id, name] of programNames) chainNames.set(id, name);
  for (const link of d.chain) chainNames.set(link.node.id, w.name(link.name));
  // Each value by its definition (its own name not used for itself), the others by name: one renderer for all, so linear in the chain.
  const chainRenderer = w.renderer(chainNames);
  const defs: Line[] = d.chain.map((link) => ({
    math: `${w.name(link.name)} = ${w.show(chainRenderer, link.node, true)}`, why: [math(w.shape(link.node.shape))],
  }));
  const common: Section[] = [{ title: [words("Name the intermediate values")], lines: defs }];
  // d of each intermediate, with the earlier ones as variables u and their differentials du; each line prints its own
  // value by name, the program's values that do not vary by theirs, and long lines the subexpressions they share by
  // the names defined under them.
  // Made once, and read by every naming of this printout.
  const taken = takenNames(d, w, chainNames);
  const shared = differentialNames(d, w, taken, programNames);
  const sharedNames: ReadonlyMap<number, string> = shared?.names ?? new Map();
  const diffLines: Line[] = d.chain.flatMap((link) => {
    if (link.differential === null) return [];
    const own = w.name(link.name);
    const nameOf = (id: number): string | undefined => (id === link.local.id ? own : sharedNames.get(id) ?? programNames.get(id));
    const names: NameLookup = { get: nameOf, has: (id) => nameOf(id) !== undefined };
    return [{ math: `${w.d(own)} = ${w.show(w.renderer(names), link.differential)}` }];
  });
  // Each variable once (a mixed Hessian block varies the two its diagonal blocks do).
  const variables = [...new Set(d.derivatives.map((r) => r.variable.name))];
  const varying: Piece[] = variables.length === 1
    ? [words("only "), w.nameInWords(variables[0]!), words(" varies")]
    : [...variables.flatMap((name, k) => [...(k ? [words(", ")] : []), w.nameInWords(name)]), words(" vary")];
  common.push({ title: [words("Differentiate each ("), ...varying, words(")")], lines: diffLines });
  if (shared?.order.length) {
    const defining = w.renderer(sharedNames);
    common.push({ title: [words("where")], lines: shared.order.map((n) => ({ math: `${sharedNames.get(n.id)} = ${w.show(defining, n, true)}` })) });
  }
  return { common, perWrt: d.derivatives.map((r) => ({ r, sections: derivativeSections(d, r, w, chainNames, sharedNames, taken) })) };
}

/** The derivation as text (styled last), a LaTeX document body, or Markdown with $$ displays. */
export function formatSteps(d: Derivation, format: Extract<Format, "text" | "latex" | "markdown">, style: TextStyle = plainTextStyle): string {
  // A format other than these three is refused (bad-option) with the nearest one.
  readChoice("formatSteps()'s format", format, STEPS_FORMATS, (g) => `"${g}"`);
  refuseLongSteps(d);
  // Plain text (no colour) is written without spans from the start: a printout of megabytes is not marked only to
  // be copied again without its marks.
  if (format === "text") return layoutTextSteps(d, stepSections(d, "text", !stylesAny(themeOf(style))), style);
  const sections = stepSections(d, "latex");
  return format === "latex" ? layoutLatexSteps(d, sections) : layoutMarkdownSteps(d, sections);
}
