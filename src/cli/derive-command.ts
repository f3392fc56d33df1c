/** `matdiff derive`: print the derivative in the requested format; with --check, verify it (exit 1 on a mismatch). */
import { derive, type Derivation, guarded } from "../api/derive.js";
import { type CodeFormat, type Format, STEPS_FORMATS } from "../api/options.js";
import type { CheckReport } from "../numeric/check.js";
import type { CliIO } from "./io.js";
import type { Settings } from "./request.js";
import { reportDiagnostics } from "./report.js";
import type { Styles } from "./style.js";

type Printer = (d: Derivation, s: Settings, styles: Styles, checks: readonly CheckReport[] | undefined) => string;

/** A code back-end's module (or, with --bare, the function alone). */
async function codePrinter(format: CodeFormat): Promise<Printer> {
  const { formatCode } = await import("../print/codegen/index.js");
  return (d, s) => formatCode(d, format, { bare: s.bare });
}

/**
 * One printer per format; an output format is one entry here. Each loads its
 * modules when used, so a run initialises only the printer it prints with
 * (and the numeric code only with --check).
 */
const PRINTERS: Record<Format, (s: Settings) => Promise<Printer>> = {
  text: async (s) => {
    if (s.steps) {
      const { formatSteps } = await import("../print/steps.js");
      return (d, _s, styles) => `${formatSteps(d, "text", styles.text)}\n`;
    }
    const { formatDerivationText } = await import("../print/text.js");
    return (d, _s, styles) => `${formatDerivationText(d, styles.text)}\n`;
  },
  latex: async () => {
    const { formatLatex, formatLatexSteps } = await import("../print/latex.js");
    return (d, s) => `${s.steps ? formatLatexSteps(d, { standalone: s.standalone }) : formatLatex(d, { standalone: s.standalone })}\n`;
  },
  markdown: async () => {
    const { formatMarkdown } = await import("../print/markdown.js");
    return (d, s) => `${formatMarkdown(d, { steps: s.steps })}\n`;
  },
  json: async () => {
    const { derivationJson } = await import("../print/json.js");
    return (d, _s, _styles, checks) => `${JSON.stringify(derivationJson(d, checks), null, 2)}\n`;
  },
  numpy: async () => codePrinter("numpy"),
  torch: async () => codePrinter("torch"),
  jax: async () => codePrinter("jax"),
};

/** Formats whose output is a document a person reads: the check's verdict follows it on stdout; otherwise it goes to stderr. */
const READ_BY_PEOPLE: ReadonlySet<Format> = new Set(STEPS_FORMATS);

export async function runDerive(expr: string, s: Settings, io: CliIO, styles: Styles): Promise<number> {
  const printer = await PRINTERS[s.format](s);
  const r = derive({ expr, wrt: s.wrt, shapes: s.shapes, layout: s.layout, form: s.form, gradName: s.gradName, assume: s.assume, order: s.order,
    of: s.of, functions: s.functions, strict: s.strict });
  if (!r.ok) return reportDiagnostics(r.diagnostics, s.format, io, styles);
  const d = r.value;
  if (!s.check) {
    io.stdout(printer(d, s, styles, undefined));
    return 0;
  }
  const [{ checkDerivation }, { checkSentence }, { domainDiagnostic }] = await Promise.all([
    import("../api/check-derivation.js"), import("../api/verdict.js"), import("../api/domain.js"),
  ]);
  const checked = guarded(() => checkDerivation(d, { trials: s.trials, tol: s.tol, seed: s.seed, dims: s.dims }));
  if (!checked.ok) return reportDiagnostics(checked.diagnostics, s.format, io, styles);
  const checks = checked.value;
  const outOfDomain = checks.find((c) => c.domain);
  if (outOfDomain) return reportDiagnostics([domainDiagnostic(outOfDomain.domain!, d.program)], s.format, io, styles);
  io.stdout(printer(d, s, styles, checks));
  const failed = checks.some((c) => !c.ok);
  const lines = checks.map((c, k) => {
    const line = `check ${d.derivatives.length > 1 ? `(${d.derivatives[k]!.wrt}) ` : ""}${c.ok ? "✓" : "✗"} ${checkSentence(c)}`;
    return c.ok ? styles.pass(line) : styles.fail(line);
  });
  if (failed) lines.push(styles.fail("this is a matdiff bug: its own derivative disagrees with finite differences; please report the command"));
  (READ_BY_PEOPLE.has(s.format) ? io.stdout : io.stderr)(`${lines.join("\n")}\n`);
  return failed ? 1 : 0;
}
