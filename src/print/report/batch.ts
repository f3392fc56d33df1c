/**
 * A batch report (api/batch/run.ts) for people and for CI systems:
 *   text    one line per entry with file:line, the shapes used, and under a
 *           failure the diagnosis, the claim and matdiff's answer
 *   json    the whole report as one object
 *   junit   JUnit XML: a testcase per entry, <failure> or <error>
 *   github  GitHub Actions workflow commands: ::error file=…,line=…::
 * Each ends with (or holds) the count `N passed, M failed`.
 */
import type { BatchReport, BatchResult } from "../../api/batch/run.js";
import { REPORTERS, type Reporter } from "../../api/options.js";
import { readChoice } from "../../api/option-values.js";
import { assertNever } from "../../syntax/ast.js";
import { shapesUsedText } from "../../api/shapes-used.js";
import { claimSentence } from "../../api/verdict.js";
import { formatDiagnostic } from "../../diagnostics/format.js";
import { diagnosticJson } from "../json.js";
import { type ReportStyle, claimDetails, claimJson, indent, jsonShapesUsed, plainReportStyle } from "./claim.js";

const where = (r: BatchResult): string => `${r.file}:${r.line}`;

/** "3 passed, 2 failed (1 could not be checked)": failed counts every entry that did not pass. */
export function summaryLine(b: BatchReport): string {
  return `${b.passed} passed, ${b.failed + b.errors} failed${b.errors ? ` (${b.errors} could not be checked)` : ""}`;
}

/** What went wrong with an entry, in plain text (the diagnosis, or the error). */
function problem(r: BatchResult): string {
  if (r.error) return formatDiagnostic(r.error);
  return [claimSentence(r.report!), ...claimDetails(r.report!)].join("\n");
}

function text(b: BatchReport, style: ReportStyle): string {
  const lines: string[] = [];
  for (const r of b.results) {
    if (r.report) {
      const head = `${r.report.ok ? "✓" : "✗"} ${where(r)} ${r.name}${r.report.ok ? "" : `: ${claimSentence(r.report)}`}`;
      lines.push(r.report.ok ? style.pass(head) : style.fail(head));
      lines.push(`    shapes: ${shapesUsedText(r.shapes ?? [])}`);
      if (!r.report.ok) lines.push(...claimDetails(r.report, style).map((l) => indent(l, "    ")));
    } else {
      lines.push(style.fail(`✗ ${where(r)} ${r.name}: could not be checked`));
      lines.push(indent(formatDiagnostic(r.error!, style.diagnostics), "    "));
    }
  }
  lines.push(summaryLine(b));
  return `${lines.join("\n")}\n`;
}

function json(b: BatchReport): string {
  const results = b.results.map((r) => ({
    name: r.name,
    file: r.file,
    line: r.line,
    ...(r.report ? { ...claimJson(r.report), shapes: jsonShapesUsed(r.shapes ?? []) } : { ok: false, verdict: "error", ...diagnosticJson(r.error!) }),
  }));
  return `${JSON.stringify({ file: b.file, results, passed: b.passed, failed: b.failed, errors: b.errors, summary: summaryLine(b) }, null, 2)}\n`;
}

/** XML 1.0 text: escaped, without the characters XML forbids (controls, U+FFFE, U+FFFF, a surrogate without its pair). */
const xml = (s: string): string =>
  s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function junit(b: BatchReport): string {
  const count = `tests="${b.results.length}" failures="${b.failed}" errors="${b.errors}"`;
  const cases = b.results.map((r) => {
    const attrs = `name="${xml(r.name)}" classname="${xml(r.file)}" file="${xml(r.file)}" line="${r.line}"`;
    const shapes = r.shapes ? `\n      <system-out>${xml(`shapes: ${shapesUsedText(r.shapes)}`)}</system-out>` : "";
    if (r.report?.ok) return `    <testcase ${attrs}>${shapes}\n    </testcase>`;
    const tag = r.error ? "error" : "failure";
    const message = r.error ? r.error.message : claimSentence(r.report!);
    const type = r.error ? r.error.code : r.report!.diagnosis.kind;
    return `    <testcase ${attrs}>\n      <${tag} message="${xml(message)}" type="${xml(type)}">${xml(`${where(r)}\n${problem(r)}`)}</${tag}>${shapes}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="matdiff" ${count}>`,
    `  <testsuite name="${xml(b.file)}" ${count}>`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

/** Workflow command escaping: data escapes % CR LF; properties also : and ,. */
const ghData = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const ghProperty = (s: string): string => ghData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

function github(b: BatchReport): string {
  const lines = b.results.filter((r) => !r.report?.ok).map((r) =>
    `::error file=${ghProperty(r.file)},line=${r.line},title=${ghProperty(`matdiff: ${r.name}`)}::${ghData(problem(r))}`);
  lines.push(summaryLine(b));
  return `${lines.join("\n")}\n`;
}

export function formatBatch(b: BatchReport, reporter: Reporter, style: ReportStyle = plainReportStyle): string {
  // A JavaScript caller's misspelt reporter is refused (bad-option) with the nearest one.
  readChoice("formatBatch()'s reporter", reporter, REPORTERS, (g) => `"${g}"`);
  switch (reporter) {
    case "text":
      return text(b, style);
    case "json":
      return json(b);
    case "junit":
      return junit(b);
    case "github":
      return github(b);
    default:
      return assertNever(reporter);
  }
}

