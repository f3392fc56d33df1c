/** Diagnostics as the CLI prints them: text on stderr, or the JSON error object on stdout with --format json. Exit 2. */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostics } from "../diagnostics/format.js";
import type { Format } from "../api/options.js";
import { diagnosticJson } from "../print/json.js";
import type { CliIO } from "./io.js";
import type { Styles } from "./style.js";

export function reportDiagnostics(ds: readonly Diagnostic[], format: Format, io: CliIO, styles: Styles): number {
  if (format === "json") io.stdout(`${JSON.stringify(diagnosticJson(ds[0]!), null, 2)}\n`);
  else io.stderr(`${formatDiagnostics(ds, styles.diagnostics)}\n`);
  return ds.some((d) => d.code === "internal") ? 3 : 2;
}
