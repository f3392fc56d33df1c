/** `matdiff derive`: print the derivative in the requested format; with --check, verify it (exit 1 on a mismatch). */
import { derive, type Derivation, guarded } from "../api/derive.js";
import { differentialVariable } from "../calculus/layout.js";
import { type CheckReport, checkDerivative } from "../numeric/check.js";
import { checkHessian } from "../numeric/hessian.js";
import { formatDerivationText } from "../print/text.js";
import { formatLatex, formatLatexSteps } from "../print/latex.js";
import { derivationJson } from "../print/json.js";
import { formatNumpy } from "../print/numpy.js";
import { formatSteps } from "../print/steps.js";
import { indexEvaluator } from "../print/index-notation.js";
import { domainDiagnostic } from "../api/domain.js";
import type { CliIO } from "./io.js";
import type { Settings } from "./request.js";
import { reportDiagnostics, verdictLine } from "./report.js";
import type { Styles } from "./style.js";

export function checkAll(d: Derivation, s: Settings): CheckReport[] {
  const options = { trials: s.trials, tol: s.tol, seed: s.seed, dims: s.dims, assume: d.assumptions };
  return d.derivatives.map((r) =>
    // A Hessian is checked against four-point second differences of y itself.
    r.gradient ? checkHessian(d.y, r.variable, r.result, options, r.second, d.layout === "denominator") : checkDerivative(
      // Index notation is checked entry by entry as the numerator-layout Jacobian it describes.
      r.index
        ? { y: d.y, x: r.variable, form: "jacobian", layout: "numerator", result: r.result, evaluateJacobian: indexEvaluator(r.index, d.y, r.variable) }
        : { y: d.y, x: r.variable, form: d.form, layout: d.layout, result: r.result, dX: differentialVariable(r.variable), upstream: d.upstream ?? undefined },
      options,
    ),
  );
}

export async function runDerive(expr: string, s: Settings, io: CliIO, styles: Styles): Promise<number> {
  const r = derive({ expr, wrt: s.wrt, shapes: s.shapes, layout: s.layout, form: s.form, gradName: s.gradName, assume: s.assume, order: s.order });
  if (!r.ok) return reportDiagnostics(r.diagnostics, s.format, io, styles);
  const d = r.value;
  const checked = s.check ? guarded(() => checkAll(d, s)) : undefined;
  if (checked && !checked.ok) return reportDiagnostics(checked.diagnostics, s.format, io, styles);
  const checks = checked?.value;
  const outOfDomain = checks?.find((c) => c.domain);
  if (outOfDomain) return reportDiagnostics([domainDiagnostic(outOfDomain.domain!, d.program)], s.format, io, styles);
  switch (s.format) {
    case "json":
      io.stdout(`${JSON.stringify(derivationJson(d, checks), null, 2)}\n`);
      break;
    case "numpy":
      io.stdout(formatNumpy(d));
      break;
    case "latex":
      io.stdout(`${s.steps ? formatLatexSteps(d, { standalone: s.standalone }) : formatLatex(d, { standalone: s.standalone })}\n`);
      break;
    case "text":
      io.stdout(`${s.steps ? formatSteps(d, "text", styles.text) : formatDerivationText(d, styles.text)}\n`);
      break;
  }
  if (!checks) return 0;
  const failed = checks.some((c) => !c.ok);
  const lines = checks.map((c, k) => `check ${d.derivatives.length > 1 ? `(${d.derivatives[k]!.wrt}) ` : ""}${verdictLine(c, styles)}`);
  if (failed) lines.push(styles.fail("this is a matdiff bug: its own derivative disagrees with finite differences; please report the command"));
  const out = `${lines.join("\n")}\n`;
  if (s.format === "text" || s.format === "latex") io.stdout(out);
  else io.stderr(out);
  return failed ? 1 : 0;
}
