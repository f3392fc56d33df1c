/**
 * check --file as a library call: read a batch (YAML, JSON or Markdown),
 * check every entry, and keep each outcome with its file:line and the
 * shapes used. An entry that cannot be checked is reported under its name
 * and the others still run; the exit code says which happened.
 */
import { type Diagnostic, type Result, error } from "../../diagnostics/diagnostic.js";
import { lineFinder } from "../../diagnostics/span.js";
import { type ClaimReport, check } from "../check.js";
import { type ShapeUsed, shapesUsed } from "../shapes-used.js";
import { type BatchEntry, type EntryDefaults, readBatchEntries } from "./entries.js";
import { readEntries } from "./sources.js";
import { WorkBudget } from "../../numeric/work.js";

export interface BatchResult {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** Set when the entry was checked. */
  readonly report?: ClaimReport;
  readonly shapes?: readonly ShapeUsed[];
  /** Set when the entry could not be checked (syntax, shape or field error). */
  readonly error?: Diagnostic;
}

export interface BatchReport {
  readonly file: string;
  readonly results: readonly BatchResult[];
  readonly passed: number;
  /** Claims checked and found wrong. */
  readonly failed: number;
  /** Entries that could not be checked. */
  readonly errors: number;
}

/** A batch file read and its entries made into requests, not yet checked. */
export interface ReadBatch {
  readonly file: string;
  readonly entries: readonly BatchEntry[];
}

/**
 * The most entries one run checks, across its files: each is a derivation and a check (about a millisecond for a
 * small one on a 2-core machine, a wrong claim's explanation included; far more at large --dims), and a run keeps
 * every outcome until it reports. 10,000 small entries took 9–12 s.
 */
export const MAX_BATCH_ENTRIES = 2_000;

/**
 * The most characters the batch files of one run may hold together: reading is linear, but a 25 MB Markdown file of
 * nested lists took 5 s to read before any entry was checked. 2,000 entries of a few lines each fill a tenth of it.
 */
export const MAX_BATCH_TEXT = 4_000_000;

/** The refusal of a run's files past MAX_BATCH_TEXT characters together. */
export const batchTextTooLarge = (chars: number, files: number): Diagnostic =>
  error("input-too-large", `the batch's ${files === 1 ? "file holds" : `${files} files hold`} ${chars.toLocaleString("en-US")} characters, more than one run reads (${MAX_BATCH_TEXT.toLocaleString("en-US")})`,
    undefined, [], "split the claims into smaller files, checked in separate runs");

/** A batch file's entries; the Result fails only when the file itself cannot be read. */
export async function readBatch(text: string, file: string, defaults: EntryDefaults = {}): Promise<Result<ReadBatch>> {
  if (text.length > MAX_BATCH_TEXT) return { ok: false, diagnostics: [batchTextTooLarge(text.length, 1)] };
  const sources = await readEntries(text, file);
  if (!sources.ok) return sources;
  return { ok: true, value: { file, entries: readBatchEntries(sources.value, defaults) } };
}

/**
 * Check every entry of a batch that was read. `budget`: the work the run may still spend (share one across the files
 * of a run); an entry whose check would pass it is reported as not checked, and the entries after it still run.
 */
export function checkReadBatch({ file, entries }: ReadBatch, budget: WorkBudget = new WorkBudget()): BatchReport {
  const results = entries.map((e): BatchResult => {
    const at = { name: e.name, file, line: e.line };
    if (!e.request) return { ...at, error: e.error! };
    if (budget.exhausted) {
      const { message, help } = budget.exhaustedRefusal();
      return { ...at, error: error("input-too-large", `not checked: ${message}`, undefined, [], help) };
    }
    budget.startCheck();
    const r = check({ ...e.request, budget });
    return r.ok ? { ...at, report: r.value, shapes: shapesUsed(r.value.derivation) } : { ...at, error: r.diagnostics[0]! };
  });
  const passed = results.filter((r) => r.report?.ok).length;
  const errors = results.filter((r) => r.error).length;
  return { file, results, passed, failed: results.length - passed - errors, errors };
}

/** The work budget the entries of one run share, whatever the number of its files. */
export const runBudget = (): WorkBudget => new WorkBudget();

/** Check every entry of a batch file's text; the Result fails only when the file itself cannot be read. */
export async function checkBatch(text: string, file: string, defaults: EntryDefaults = {}, budget?: WorkBudget): Promise<Result<BatchReport>> {
  const read = await readBatch(text, file, defaults);
  return read.ok ? { ok: true, value: checkReadBatch(read.value, budget) } : read;
}

/** A file that cannot be read or parsed, as a report of one entry that could not be checked. */
export function unreadableBatch(file: string, error: Diagnostic): BatchReport {
  const line = error.span && error.text !== undefined ? lineFinder(error.text)(error.span.start) : 1;
  return { file, results: [{ name: file, file, line, error }], passed: 0, failed: 0, errors: 1 };
}

/** Several files' reports as one: the results in order, the counts summed. */
export function mergeBatchReports(reports: readonly BatchReport[]): BatchReport {
  const sum = (k: "passed" | "failed" | "errors") => reports.reduce((n, r) => n + r[k], 0);
  return { file: reports.map((r) => r.file).join(", "), results: reports.flatMap((r) => r.results), passed: sum("passed"), failed: sum("failed"), errors: sum("errors") };
}

/** 2 when an entry could not be checked, else 1 when a claim is wrong, else 0. */
export function batchExitCode(r: BatchReport): 0 | 1 | 2 {
  return r.errors > 0 ? 2 : r.failed > 0 ? 1 : 0;
}
