/**
 * `matdiff check`: one claim (--claim) or a batch file (--file). A claim
 * that holds exits 0, a wrong one 1 with the diagnosis in plain words, bad
 * input 2. The reports themselves come from the library (api/, print/report/).
 */
import { check } from "../api/check.js";
import { MAX_BATCH_ENTRIES, MAX_BATCH_TEXT, type BatchReport, batchTextTooLarge, type ReadBatch, batchExitCode, checkReadBatch, mergeBatchReports, readBatch, runBudget, unreadableBatch } from "../api/batch/run.js";
import { error } from "../diagnostics/diagnostic.js";
import { claimJson, formatClaimText } from "../print/report/claim.js";
import { formatBatch } from "../print/report/batch.js";
import type { CliIO } from "./io.js";
import type { Settings } from "./request.js";
import { reportDiagnostics } from "./report.js";
import type { Styles } from "./style.js";

export async function runCheck(expr: string | undefined, s: Settings, io: CliIO, styles: Styles): Promise<number> {
  if (s.files.length) return runBatch(s.files, s, io, styles);
  const usage = 'usage: matdiff check "<expr>" --wrt <name> --claim "<expr>"   or   matdiff check --file checks.yaml';
  const missing = expr === undefined ? "the expression" : s.wrt.length === 0 ? "--wrt" : s.claim === undefined ? "--claim" : null;
  if (missing) return reportDiagnostics([error("bad-option", `check needs ${missing}`, undefined, [], usage)], s.format, io, styles);
  if (s.wrt.length > 1) return reportDiagnostics([error("bad-option", "check takes one --wrt name per claim")], s.format, io, styles);
  const r = check({
    expr: expr!, wrt: s.wrt[0]!, claim: s.claim!, shapes: s.shapes, layout: s.layout, form: s.form, gradName: s.gradName,
    assume: s.assume, order: s.order, trials: s.trials, tol: s.tol, seed: s.seed, dims: s.dims, of: s.of, functions: s.functions, strict: s.strict,
  });
  if (!r.ok) return reportDiagnostics(r.diagnostics, s.format, io, styles);
  io.stdout(s.format === "json" ? `${JSON.stringify(claimJson(r.value), null, 2)}\n` : `${formatClaimText(r.value, styles)}\n`);
  return r.value.ok ? 0 : 1;
}

/** Every file's entries are checked; a file that cannot be read is reported as an entry that could not be checked (exit 2). */
async function runBatch(paths: readonly string[], s: Settings, io: CliIO, styles: Styles): Promise<number> {
  const defaults = { layout: s.layout, form: s.form, gradName: s.gradName, trials: s.trials, tol: s.tol, seed: s.seed, defaultDims: s.dims, strict: s.strict };
  // Every file is read first, so that a run past MAX_BATCH_ENTRIES is refused before any entry is checked.
  const read: (ReadBatch | BatchReport)[] = [];
  let chars = 0;
  let filesRead = 0;
  for (const path of paths) {
    let text: string;
    try {
      text = await io.readFile(path);
    } catch (e) {
      const code = (e as { code?: string }).code;
      read.push(unreadableBatch(path, error("bad-option", code === "ENOENT" ? `no such file: ${path}` : `cannot read ${path}: ${(e as Error).message}`)));
      continue;
    }
    filesRead++;
    if ((chars += text.length) > MAX_BATCH_TEXT) return reportDiagnostics([batchTextTooLarge(chars, filesRead)], s.format, io, styles);
    const batch = await readBatch(text, path, defaults);
    read.push(batch.ok ? batch.value : unreadableBatch(path, batch.diagnostics[0]!));
  }
  const entries = read.reduce((n, r) => n + ("entries" in r ? r.entries.length : 0), 0);
  if (entries > MAX_BATCH_ENTRIES) {
    return reportDiagnostics([error("input-too-large", `the batch holds ${entries} entries in ${paths.length} file${paths.length === 1 ? "" : "s"}, more than one run checks (${MAX_BATCH_ENTRIES})`,
      undefined, [], `split it into runs of at most ${MAX_BATCH_ENTRIES} entries`)], s.format, io, styles);
  }
  // One work budget for the whole run, whatever the number of files.
  const budget = runBudget();
  const merged = mergeBatchReports(read.map((r) => ("entries" in r ? checkReadBatch(r, budget) : r)));
  io.stdout(formatBatch(merged, s.reporter, styles));
  return batchExitCode(merged);
}
