/**
 * `matdiff check`: one claim (--claim) or a batch file (--file). A claim
 * that holds exits 0, a wrong one 1 with the diagnosis in plain words, bad
 * input 2. The reports themselves come from the library (api/, print/report/).
 */
import { check } from "../api/check.js";
import { batchExitCode, checkBatch } from "../api/batch/run.js";
import { error } from "../diagnostics/diagnostic.js";
import { claimJson, formatClaimText } from "../print/report/claim.js";
import { formatBatch, formatFileError } from "../print/report/batch.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { CliIO } from "./io.js";
import type { Settings } from "./request.js";
import { reportDiagnostics } from "./report.js";
import type { Styles } from "./style.js";

export async function runCheck(expr: string | undefined, s: Settings, io: CliIO, styles: Styles): Promise<number> {
  if (s.file !== undefined) return runBatch(s.file, s, io, styles);
  const usage = 'usage: matdiff check "<expr>" --wrt <name> --claim "<expr>"   or   matdiff check --file checks.yaml';
  const missing = expr === undefined ? "the expression" : s.wrt.length === 0 ? "--wrt" : s.claim === undefined ? "--claim" : null;
  if (missing) return reportDiagnostics([error("bad-option", `check needs ${missing}`, undefined, [], usage)], s.format, io, styles);
  if (s.wrt.length > 1) return reportDiagnostics([error("bad-option", "check takes one --wrt name per claim")], s.format, io, styles);
  const r = check({
    expr: expr!, wrt: s.wrt[0]!, claim: s.claim!, shapes: s.shapes, layout: s.layout, form: s.form, gradName: s.gradName,
    assume: s.assume, order: s.order, trials: s.trials, tol: s.tol, seed: s.seed, dims: s.dims,
  });
  if (!r.ok) return reportDiagnostics(r.diagnostics, s.format, io, styles);
  io.stdout(s.format === "json" ? `${JSON.stringify(claimJson(r.value), null, 2)}\n` : `${formatClaimText(r.value, styles)}\n`);
  return r.value.ok ? 0 : 1;
}

async function runBatch(path: string, s: Settings, io: CliIO, styles: Styles): Promise<number> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const d = error("bad-option", code === "ENOENT" ? `no such file: ${path}` : `cannot read ${path}: ${(e as Error).message}`);
    return fileError(path, d, s, io, styles);
  }
  const defaults = { layout: s.layout, form: s.form, gradName: s.gradName, trials: s.trials, tol: s.tol, seed: s.seed, dims: s.dims };
  const batch = await checkBatch(text, path, defaults);
  if (!batch.ok) return fileError(path, batch.diagnostics[0]!, s, io, styles);
  io.stdout(formatBatch(batch.value, s.reporter, styles));
  return batchExitCode(batch.value);
}

/** The batch file itself is unusable: exit 2, reported in the reporter's form (text on stderr). */
function fileError(path: string, d: Diagnostic, s: Settings, io: CliIO, styles: Styles): number {
  const out = formatFileError(path, d, s.reporter, styles);
  (s.reporter === "text" ? io.stderr : io.stdout)(out);
  return 2;
}
