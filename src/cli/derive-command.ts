/** `matdiff derive`: print the derivative in the requested format; with --check, verify it (exit 1 on a mismatch). */
import { derive, type Derivation, guarded } from "../api/derive.js";
import { checkDerivation } from "../api/check-derivation.js";
import { checkSentence } from "../api/verdict.js";
import { domainDiagnostic } from "../api/domain.js";
import type { Format } from "../api/options.js";
import type { CheckReport } from "../numeric/check.js";
import { formatDerivationText } from "../print/text.js";
import { formatLatex, formatLatexSteps } from "../print/latex.js";
import { derivationJson } from "../print/json.js";
import { formatJax, formatNumpy, formatTorch } from "../print/numpy.js";
import { formatSteps } from "../print/steps.js";
import { formatMarkdown } from "../print/markdown.js";
import type { CliIO } from "./io.js";
import type { Settings } from "./request.js";
import { reportDiagnostics } from "./report.js";
import type { Styles } from "./style.js";

type Printer = (d: Derivation, s: Settings, styles: Styles, checks: readonly CheckReport[] | undefined) => string;

/** One printer per format; an output format is one entry here. */
const PRINTERS: Record<Format, Printer> = {
  text: (d, s, styles) => `${s.steps ? formatSteps(d, "text", styles.text) : formatDerivationText(d, styles.text)}\n`,
  latex: (d, s) => `${s.steps ? formatLatexSteps(d, { standalone: s.standalone }) : formatLatex(d, { standalone: s.standalone })}\n`,
  markdown: (d, s) => `${formatMarkdown(d, { steps: s.steps })}\n`,
  json: (d, _s, _styles, checks) => `${JSON.stringify(derivationJson(d, checks), null, 2)}\n`,
  numpy: (d, s) => formatNumpy(d, { bare: s.bare }),
  torch: (d, s) => formatTorch(d, { bare: s.bare }),
  jax: (d, s) => formatJax(d, { bare: s.bare }),
};

/** Formats whose output is a document a person reads: the check's verdict follows it on stdout; otherwise it goes to stderr. */
const READ_BY_PEOPLE: ReadonlySet<Format> = new Set(["text", "latex", "markdown"]);

export async function runDerive(expr: string, s: Settings, io: CliIO, styles: Styles): Promise<number> {
  const printer = PRINTERS[s.format];
  const r = derive({ expr, wrt: s.wrt, shapes: s.shapes, layout: s.layout, form: s.form, gradName: s.gradName, assume: s.assume, order: s.order,
    of: s.of, functions: s.functions });
  if (!r.ok) return reportDiagnostics(r.diagnostics, s.format, io, styles);
  const d = r.value;
  const checked = s.check ? guarded(() => checkDerivation(d, s)) : undefined;
  if (checked && !checked.ok) return reportDiagnostics(checked.diagnostics, s.format, io, styles);
  const checks = checked?.value;
  const outOfDomain = checks?.find((c) => c.domain);
  if (outOfDomain) return reportDiagnostics([domainDiagnostic(outOfDomain.domain!, d.program)], s.format, io, styles);
  io.stdout(printer(d, s, styles, checks));
  if (!checks) return 0;
  const failed = checks.some((c) => !c.ok);
  const lines = checks.map((c, k) => {
    const line = `check ${d.derivatives.length > 1 ? `(${d.derivatives[k]!.wrt}) ` : ""}${c.ok ? "✓" : "✗"} ${checkSentence(c)}`;
    return c.ok ? styles.pass(line) : styles.fail(line);
  });
  if (failed) lines.push(styles.fail("this is a matdiff bug: its own derivative disagrees with finite differences; please report the command"));
  (READ_BY_PEOPLE.has(s.format) ? io.stdout : io.stderr)(`${lines.join("\n")}\n`);
  return failed ? 1 : 0;
}
