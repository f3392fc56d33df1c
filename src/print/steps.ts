/**
 * --steps: the derivation as it is written on paper, built from the
 * passes' own records — the intermediate values of Y, the differential of
 * each, the chain, then the identification (adjoint moves or vec rules,
 * each with the reason a transpose appears), the layout, and the
 * simplifier's rules.
 */
import type { Derivation, Derivative } from "../api/derive.js";
import type { Expr, OpNode, VarNode } from "../expr/node.js";
import { dependents, topoOrder } from "../expr/traverse.js";
import { substitute } from "../ops/make.js";
import { differentialOf } from "../calculus/differential.js";
import { stanzaOf } from "../ops/registry.js";
import { simplify } from "../simplify/engine.js";
import { DEFAULT_RULES } from "../simplify/catalogue.js";
import { type Shape, shapeToString } from "../shapes/shape.js";
import { Renderer, noStyle } from "./render.js";
import { latexName, textName } from "./leaves.js";
import { resultLabel } from "./labels.js";
import { indexLabel, renderIndexTerms } from "./index-notation.js";
import type { TextStyle } from "./text.js";
import { visibleLength } from "./wrap.js";

type StepsFormat = "text" | "latex";

interface Line {
  readonly math: string;
  readonly why?: string;
}

interface Section {
  /** Already in the output format (LaTeX titles mix \\text{} words and math). */
  readonly title: string;
  readonly lines: Line[];
}

/** Non-leaf values of Y that depend on the variables: arguments and results of non-linear operators, shared values, and Y. */
function intermediates(y: Expr, vars: readonly VarNode[]): Expr[] {
  const varying = new Set<number>();
  for (const v of vars) for (const id of dependents([y], v)) varying.add(id);
  const order = topoOrder([y]);
  const uses = new Map<number, number>();
  const nonlinearArg = new Set<number>();
  for (const n of order) {
    if (n.kind !== "op") continue;
    for (const a of n.args) uses.set(a.id, (uses.get(a.id) ?? 0) + 1);
    if (!stanzaOf(n.op).adjoint) for (const a of n.args) nonlinearArg.add(a.id);
  }
  return order.filter((n) => n === y || (n.kind === "op" && varying.has(n.id) && n.args.length > 0 &&
    (nonlinearArg.has(n.id) || !stanzaOf(n.op).adjoint || (uses.get(n.id) ?? 0) > 1) && !isMarkOnLeaf(n)));
}

/** xᵀ, −x, broadcast x: not worth a name of their own. */
function isMarkOnLeaf(n: OpNode): boolean {
  return ["transpose", "neg", "broadcast"].includes(n.op) && n.args[0]!.kind !== "op";
}

function intermediateNames(count: number, taken: ReadonlySet<string>): string[] {
  const single = ["u", "v", "w", "z", "s"].find((n) => !taken.has(n)) ?? "u";
  if (count === 1) return [single];
  const base = ["u", "v", "w", "z", "s"].find((n) => ![...taken].some((t) => t.startsWith(n))) ?? "u";
  return Array.from({ length: count }, (_, k) => `${base}${k + 1}`);
}

class Writer {
  constructor(readonly format: StepsFormat, readonly style: TextStyle | undefined) {}
  name(s: string): string {
    return this.format === "latex" ? latexName(s) : textName(s);
  }
  show(e: Expr, names: ReadonlyMap<number, string>): string {
    const shown = simplify(e, DEFAULT_RULES).result;
    const styled = this.format === "text" ? (this.style ?? noStyle) : noStyle;
    return new Renderer(this.format, names, styled).render(shown);
  }
  /** Plain words: escaped inside \text{} in LaTeX (non-ASCII symbols dropped there). */
  words(s: string): string {
    if (this.format === "text") return s;
    const clean = s.replace(/[\\{}&%$#_^~]/g, (c) => `\\${c === "\\" ? "textbackslash " : c}`).replace(/[^\x20-\x7E]/g, "");
    return clean.trim() ? `\\text{${clean}}` : "";
  }
  shape(sh: Shape): string {
    return this.format === "latex" ? shapeToString(sh).replace(/·/g, "\\,").replace(/×/g, " \\times ").replace("scalar", "\\text{scalar}") : shapeToString(sh);
  }
  /** A title from alternating pieces: words, math, words, … */
  mix(...pieces: string[]): string {
    return pieces.map((p, i) => (i % 2 === 0 ? this.words(p) : this.format === "latex" ? ` ${p} ` : p)).join("");
  }
  frob(a: string, b: string): string {
    return this.format === "latex" ? `\\left\\langle ${a},\\ ${b}\\right\\rangle` : `⟨${a}, ${b}⟩`;
  }
  d(s: string): string {
    return this.format === "latex" ? `\\mathrm{d}${s}` : `d${s}`;
  }
}

function why(node: OpNode, argIndex: number, kind: "adjoint" | "vec", w: Writer, names: ReadonlyMap<number, string>): string | undefined {
  const given = stanzaOf(node.op).why?.[kind];
  if (!given) return undefined;
  const text = typeof given === "function" ? given(argIndex) : given;
  const other = node.args.length === 2 ? w.show(node.args[1 - argIndex]!, names) : "";
  // LaTeX keeps the sentence, with the moved factor as math, and drops the Unicode formula after the colon.
  const sentence = w.format === "latex" ? text.split(": ")[0]! : text;
  const [before, after] = sentence.split("{other}") as [string, string | undefined];
  return after === undefined ? w.words(before) : `${w.words(before)}${w.format === "latex" ? ` ${other} ` : other}${w.words(after)}`;
}

function derivativeSections(d: Derivation, r: Derivative, w: Writer, chainNames: Map<number, string>): Section[] {
  const sections: Section[] = [];
  const x = w.name(r.wrt);
  const dY = w.d(w.name(d.yName));
  if (r.differential === null) {
    sections.push({ title: w.mix("", w.name(d.yName), " does not depend on ", x), lines: [{ math: `${dY} = 0` }] });
    return sections;
  }
  sections.push({ title: w.words("Chain them"), lines: [{ math: `${dY} = ${w.show(r.differential, chainNames)}` }] });
  const lines: Line[] = [];
  const skip = new Set(["add", "neg"]);
  if (r.route === "adjoint") {
    const latex = w.format === "latex";
    const G = w.name(d.upstream?.name ?? "G");
    const ell = latex ? "\\ell" : "ℓ";
    const dx = w.d(x);
    const title = d.form === "grad"
      ? w.mix("Identify the gradient: ", `${w.d(ell)} = ${w.frob(G, dY)}`, " with ", `${G} = ${latex ? `\\partial ${ell}/\\partial ${w.name(d.yName)}` : `∂ℓ/∂${d.yName}`}`, "; move every factor off ", dx)
      : w.mix("Identify the gradient: ", `${dY} = ${w.frob(latex ? "\\nabla" : "∇", dx)}`, ` defines the gradient (shaped like ${r.wrt}); move every factor off `, dx);
    for (const s of r.trace.adjoint) {
      if (skip.has(s.node.op)) continue;
      lines.push({
        math: `${w.frob(w.show(s.ct, chainNames), w.show(s.node, chainNames))} = ${w.frob(w.show(s.out, chainNames), w.show(s.node.args[s.argIndex]!, chainNames))}`,
        why: why(s.node, s.argIndex, "adjoint", w, chainNames),
      });
    }
    sections.push({ title, lines });
  } else if (r.route === "vec-kronecker" && r.gradient) {
    // A Hessian: identify the gradient, differentiate it, then vectorise that.
    const nabla = w.format === "latex" ? "\\nabla" : "∇";
    const second = r.second ?? r.variable;
    const dZ = second.graph.variable(`d${second.name}`, second.shape, "differential");
    const dG = differentialOf(r.gradient, new Map([[second.id, dZ]]));
    sections.push({
      title: w.mix("The gradient, from ", `${dY} = ${w.frob(nabla, w.d(x))}`, ":"),
      lines: [{ math: `${nabla} = ${w.show(r.gradient, chainNames)}` }],
    });
    sections.push({
      title: w.mix("Differentiate the gradient (only ", w.name(second.name), " varies):"),
      lines: [{ math: `${w.d(nabla)} = ${dG ? w.show(dG, chainNames) : "0"}` }],
    });
    for (const s of r.trace.vec) {
      if (skip.has(s.node.op)) continue;
      lines.push({ math: "", why: why(s.node, s.argIndex, "vec", w, chainNames) });
    }
    const vecOf = (n: string) => (w.format === "latex" ? `\\operatorname{vec}(${n})` : `vec(${n})`);
    sections.push({
      title: w.mix("Vectorise: the Hessian is ", w.format === "latex" ? `H = \\partial ${vecOf(nabla)} / \\partial ${vecOf(w.name(second.name))}^\\top` : `H = ∂vec(∇)/∂vec(${second.name})ᵀ`),
      lines: lines.filter((l) => l.why),
    });
  } else if (r.route === "vec-kronecker") {
    for (const s of r.trace.vec) {
      if (skip.has(s.node.op)) continue;
      const out = s.out;
      const raw = out.kind === "op" && out.op === "matmul" && out.args[1] === s.jArg ? out.args[0]! : null;
      const m = raw && simplify(raw, DEFAULT_RULES).result;
      const shown = m && w.show(m, chainNames);
      // A Kronecker product or a sum is one factor here: (Aᵀ ⊗ I) vec(dX).
      const loose = m?.kind === "op" && ["kron", "add", "hadamard", "hdiv", "neg", "scale"].includes(m.op);
      const factor = shown && (loose ? (w.format === "latex" ? `\\left(${shown}\\right)` : `(${shown})`) : shown);
      const vec = (e: string) => (w.format === "latex" ? `\\operatorname{vec}(${e})` : `vec(${e})`);
      lines.push({
        math: factor === null ? vec(w.show(s.node, chainNames)) : `${vec(w.show(s.node, chainNames))} = ${factor} ${vec(w.show(s.node.args[s.argIndex]!, chainNames))}`,
        why: why(s.node, s.argIndex, "vec", w, chainNames),
      });
    }
    const vecOf = (n: string) => (w.format === "latex" ? `\\operatorname{vec}(${n})` : `vec(${n})`);
    const J = w.format === "latex" ? `J = \\partial ${vecOf(w.name(d.yName))} / \\partial ${vecOf(x)}^\\top` : `J = ∂vec(${d.yName})/∂vec(${r.wrt})ᵀ`;
    sections.push({ title: w.mix("Vectorise (columns stacked): ", J), lines });
  } else if (r.route === "substitution") {
    sections.push({ title: w.mix("", x, " is a scalar: ", `${dY} = D\\,${w.d(x)}`.replace("\\,", w.format === "latex" ? "\\," : " "), ", and D is the derivative"), lines: [] });
  }
  const layoutWords = layoutSentence(d, r);
  const result: Line[] = r.index
    ? [
        { math: `J = ${w.show(r.result, chainNames)}`, why: w.mix("", w.shape(r.shape), "; entry by entry:") },
        { math: `${indexLabel(r.index, d.yName, r.wrt, w.format)} = ${renderIndexTerms(r.index, w.format, new Renderer(w.format, chainNames))}` },
      ]
    : [{ math: `${resultLabel(d, r, w.format)} = ${w.show(r.result, chainNames)}`, why: `${w.shape(r.shape)}${layoutWords ? w.words(`; ${layoutWords}`) : ""}` }];
  const used = new Map<string, number>();
  for (const s of r.steps) used.set(s.reason, (used.get(s.reason) ?? 0) + 1);
  if (used.size && w.format === "text") result.push({ math: "", why: `simplified with: ${[...used].map(([k, n]) => (n > 1 ? `${k} (×${n})` : k)).join("; ")}` });
  sections.push({ title: w.words("Result"), lines: result });
  return sections;
}

function layoutSentence(d: Derivation, r: Derivative): string {
  if (d.form !== "jacobian") return "";
  if (r.gradient) {
    if (r.second) return d.layout === "denominator" ? "denominator layout prints the transpose of this block" : "";
    return "a Hessian is symmetric, so every layout prints the same matrix";
  }
  if (r.route === "adjoint") {
    if (d.layout === "numerator") return `numerator layout writes the gradient transposed (a row for a vector, ${r.wrt}ᵀ's shape for a matrix)`;
    return `${d.layout} layout writes the gradient in ${r.wrt}'s shape${d.layout === "denominator" ? " (a column for a vector)" : ""}`;
  }
  if (d.layout === "denominator") return "denominator layout is the transpose of numerator layout";
  return `${d.layout} layout is J itself`;
}

export function formatSteps(d: Derivation, format: StepsFormat, style?: TextStyle): string {
  const w = new Writer(format, style);
  const vars = d.derivatives.map((r) => r.variable);
  const inter = intermediates(d.y, vars);
  const taken = new Set([...d.program.variables.keys(), d.yName, "G"]);
  const names = intermediateNames(inter.length - 1, taken);
  const chainNames = new Map<number, string>();
  inter.forEach((n, k) => chainNames.set(n.id, k === inter.length - 1 ? d.yName : names[k]!));

  const defs: Line[] = inter.map((n) => {
    const others = new Map([...chainNames].filter(([id]) => id !== n.id));
    return { math: `${w.name(chainNames.get(n.id)!)} = ${new Renderer(format, others).render(n, false)}`, why: w.shape(n.shape) };
  });
  const sections: Section[] = [{ title: w.words("Name the intermediate values"), lines: defs }];

  // d of each intermediate, with the earlier ones as variables u and their differentials du.
  const diffLines: Line[] = [];
  const asVar = new Map<number, Expr>();
  const seeds = new Map<number, Expr>();
  for (const v of vars) seeds.set(v.id, v.graph.variable(`d${v.name}`, v.shape, "differential"));
  for (const n of inter) {
    const local = substitute(n, asVar);
    const dn = differentialOf(local, seeds);
    const name = chainNames.get(n.id)!;
    const localNames = new Map<number, string>([[local.id, name]]);
    if (dn !== null) diffLines.push({ math: `${w.d(w.name(name))} = ${w.show(dn, localNames)}` });
    const u = n.graph.variable(name, n.shape, "input");
    asVar.set(n.id, u);
    seeds.set(u.id, n.graph.variable(`d${name}`, n.shape, "differential"));
  }
  const varying = d.derivatives.length === 1 ? `only ${d.derivatives[0]!.wrt} varies` : `${d.derivatives.map((r) => r.wrt).join(", ")} vary`;
  sections.push({ title: w.words(`Differentiate each (${varying})`), lines: diffLines });

  const perWrt = d.derivatives.map((r) => ({ r, sections: derivativeSections(d, r, w, chainNames) }));
  return format === "latex" ? renderLatex(d, sections, perWrt, w) : renderText(d, sections, perWrt, style);
}

function renderText(d: Derivation, common: Section[], perWrt: { r: Derivative; sections: Section[] }[], style?: TextStyle): string {
  const out: string[] = [];
  const header = style?.header ?? ((s: string) => s);
  const note = style?.note ?? ((s: string) => s);
  let k = 1;
  const section = (s: Section) => {
    out.push(header(`${k++}. ${s.title}`));
    const width = Math.max(0, ...s.lines.map((l) => visibleLength(l.math)));
    for (const l of s.lines) {
      if (!l.math) out.push(`     ${note(l.why ?? "")}`);
      else if (l.why && visibleLength(l.math) + visibleLength(l.why) < 110) out.push(`     ${l.math}${" ".repeat(width - visibleLength(l.math))}   ${note(l.why)}`);
      else {
        out.push(`     ${l.math}`);
        if (l.why) out.push(`        ${note(l.why)}`);
      }
    }
  };
  out.push(header(`Derivation (${d.form === "jacobian" ? `${d.layout} layout, Jacobian form` : `${d.form} form`})`));
  common.forEach(section);
  for (const { r, sections } of perWrt) {
    if (perWrt.length > 1) out.push(header(`— with respect to ${r.wrt} —`));
    sections.forEach(section);
  }
  for (const n of d.notes) out.push(note(`note: ${n}`));
  return out.join("\n");
}

function renderLatex(d: Derivation, common: Section[], perWrt: { r: Derivative; sections: Section[] }[], w: Writer): string {
  const rows: string[] = [];
  const text = (s: string) => w.words(s);
  let k = 1;
  const section = (s: Section) => {
    rows.push(`&${text(`${k++}. `)}${s.title}`);
    for (const l of s.lines) {
      if (!l.math) continue;
      const eq = l.math.indexOf(" = ");
      const body = eq > 0 ? `${l.math.slice(0, eq)} &= ${l.math.slice(eq + 3)}` : `&${l.math}`;
      rows.push(l.why ? `${body} && ${l.why}` : body);
    }
  };
  common.forEach(section);
  for (const { sections } of perWrt) sections.forEach(section);
  void d;
  return `\\begin{aligned}\n${rows.map((r) => `  ${r}`).join(" \\\\\n")}\n\\end{aligned}`;
}
