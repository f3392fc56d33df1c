/**
 * Runs the library for one playground state and returns everything the page
 * shows, as plain data (strings, never HTML): the derivation's LaTeX, its
 * steps, the shapes used, the generated code, and the claim's verdict. Bad
 * input comes back as caret diagnostics attached to the field they point at.
 * This is the only file of the playground that calls the engine.
 */
import {
  CODE_FORMATS, type ClaimReport, type CodeFormat, type Derivation, type Diagnostic, check, derive, formatCode,
  formatDiagnostic, formatLatex, formatMarkdown, formatText, toJson, DiagnosticError, SizeLimit,
} from "../index.js";
import { describeClaim } from "./claim.js";
import { type PlaygroundState, wrtList } from "./state.js";

/** The input fields a diagnostic can point at. */
export type Field = "expr" | "shapes" | "wrt" | "assume" | "functions" | "claim";

export interface Problem {
  readonly field: Field;
  /** The diagnostic with its caret lines, as the CLI prints it. */
  readonly text: string;
}

export interface CodeOutput {
  readonly format: CodeFormat;
  /** The source, or why this back-end cannot print this derivation. */
  readonly source: string;
  readonly available: boolean;
}

export interface DerivationView {
  /** "numerator layout · Jacobian form" */
  readonly description: string;
  readonly shapes: readonly { readonly name: string; readonly shape: string }[];
  readonly latex: string;
  readonly text: string;
  /** The steps as Markdown with $$ displays (the library's formatMarkdown); null when the printer refused them. */
  readonly steps: string | null;
  /** Why there are no steps: the printer's refusal (a derivation too long to write out step by step). */
  readonly stepsRefused: string | null;
  readonly code: readonly CodeOutput[];
  readonly notes: readonly string[];
}

export interface ClaimView {
  readonly ok: boolean;
  /** One sentence: the verdict, and how a wrong claim is wrong. */
  readonly verdict: string;
  /** The numeric evidence, e.g. "max relative error 3.1e-11 on 3 random instances (n=4, k=2)". */
  readonly evidence: string;
  /** matdiff's own answer, in the claim's form and layout (LaTeX). */
  readonly answerLatex: string;
}

export interface View {
  readonly derivation: DerivationView | null;
  readonly claim: ClaimView | null;
  readonly problems: readonly Problem[];
}

/**
 * One printer per code back-end. A back-end added to the library's format
 * list without a printer here fails to compile, so the page cannot silently
 * miss it.
 */
const FIELD_OF_ORIGIN: Record<string, Field> = { "--shape": "shapes", "--assume": "assume", "--function": "functions", claim: "claim", expression: "expr" };

function fieldOf(d: Diagnostic, fallback: Field): Field {
  // A --wrt name that is not in the expression points at no span of it.
  if (!d.span && (/does not appear in the expression/.test(d.message) || /--wrt/.test(d.message))) return "wrt";
  if (d.origin && Object.prototype.hasOwnProperty.call(FIELD_OF_ORIGIN, d.origin)) return FIELD_OF_ORIGIN[d.origin]!;
  return fallback;
}

function problems(ds: readonly Diagnostic[], fallback: Field): Problem[] {
  return ds.map((d) => ({ field: fieldOf(d, fallback), text: formatDiagnostic(d) }));
}

/**
 * A printer that refuses this derivation (code for an option it does not support, steps too long to write out)
 * explains why instead of breaking the page; anything else it throws is a bug, reported as one by run.
 */
function attempt(print: () => string): { text: string; ok: boolean } {
  try {
    return { text: print(), ok: true };
  } catch (e) {
    if (e instanceof DiagnosticError) return { text: formatDiagnostic(e.diagnostic), ok: false };
    if (e instanceof SizeLimit) return { text: `error: ${e.message}\n  help: ${e.help}`, ok: false };
    throw e;
  }
}

function describeDerivation(d: Derivation): DerivationView {
  const json = toJson(d);
  const steps = attempt(() => formatMarkdown(d, { steps: true }));
  return {
    description: json.description,
    shapes: Object.entries(json.shapes).map(([name, s]) => ({ name, shape: s.text })),
    latex: formatLatex(d),
    text: formatText(d),
    steps: steps.ok ? steps.text : null,
    stepsRefused: steps.ok ? null : steps.text,
    code: CODE_FORMATS.map((format) => {
      const out = attempt(() => formatCode(d, format));
      return { format, source: out.text, available: out.ok };
    }),
    notes: json.notes,
  };
}

function common(s: PlaygroundState) {
  return {
    shapes: s.shapes.trim() ? [s.shapes] : [],
    assume: s.assume.trim() ? [s.assume] : [],
    functions: s.functions.trim() ? [s.functions] : [],
    layout: s.layout,
    form: s.form,
    order: s.order === "2" ? (2 as const) : (1 as const),
  };
}

function describeCheck(r: ClaimReport): ClaimView {
  const truth = formatLatex(r.derivation);
  return { ...describeClaim(r), answerLatex: truth };
}

/** Everything the page shows for a state. Never throws: the library returns diagnostics, and a bug becomes a problem too. */
export function run(s: PlaygroundState): View {
  if (s.expr.trim() === "") return { derivation: null, claim: null, problems: [] };
  try {
    const wrt = wrtList(s.wrt);
    const derived = derive({ ...common(s), expr: s.expr, wrt });
    if (!derived.ok) return { derivation: null, claim: null, problems: problems(derived.diagnostics, "expr") };
    const derivation = describeDerivation(derived.value);
    if (s.claim.trim() === "") return { derivation, claim: null, problems: [] };
    if (wrt.length !== 1) {
      return { derivation, claim: null, problems: [{ field: "claim", text: "error: a claim is checked against one variable: name exactly one in “with respect to”" }] };
    }
    const checked = check({ ...common(s), expr: s.expr, wrt: wrt[0]!, claim: s.claim });
    if (!checked.ok) return { derivation, claim: null, problems: problems(checked.diagnostics, "claim") };
    return { derivation, claim: describeCheck(checked.value), problems: [] };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { derivation: null, claim: null, problems: [{ field: "expr", text: `internal error: ${message} (this is a matdiff bug; please report it with the link to this page)` }] };
  }
}
