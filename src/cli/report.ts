/** Shared pieces of CLI output: diagnostics in text or JSON, and a check verdict line. */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostics } from "../diagnostics/format.js";
import type { CheckReport } from "../numeric/check.js";
import { diagnosticJson } from "../print/json.js";
import type { OutputFormat } from "./request.js";
import type { CliIO } from "./io.js";
import type { Styles } from "./style.js";

export function reportDiagnostics(ds: readonly Diagnostic[], format: OutputFormat, io: CliIO, styles: Styles): number {
  if (format === "json") io.stdout(`${JSON.stringify(diagnosticJson(ds[0]!), null, 2)}\n`);
  else io.stderr(`${formatDiagnostics(ds, styles.diagnostics)}\n`);
  return 2;
}

export function sizesText(sizes: Readonly<Record<string, number>>): string {
  const parts = Object.entries(sizes).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(", ") : "no dimension symbols";
}

export function errorText(e: number): string {
  return Number.isFinite(e) ? e.toExponential(1) : "∞";
}

/** "✓ agrees with finite differences on 3 random instances (m=3, n=5); max relative error 2.1e-12" */
export function verdictLine(r: CheckReport, styles: Styles): string {
  if (r.domain) return styles.fail(`✗ no random instance inside the domain: ${r.domain.reason}`);
  const sizes = r.trials.map((t) => sizesText(t.sizes));
  const distinct = [...new Set(sizes)];
  const where = `${r.trials.length} random instance${r.trials.length === 1 ? "" : "s"} (${distinct.join("; ")})`;
  if (r.ok) return styles.pass(`✓ agrees with finite differences on ${where}; max relative error ${errorText(r.maxRelError)} (tol ${r.tol.toExponential(0)})`);
  return styles.fail(`✗ disagrees with finite differences on ${where}; max relative error ${errorText(r.maxRelError)} (tol ${r.tol.toExponential(0)})`);
}
