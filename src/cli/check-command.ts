/**
 * `matdiff check`: one claim (--claim) or a batch file (--file). A claim
 * that holds exits 0, a wrong one 1 with the diagnosis in plain words, bad
 * input 2. A batch prints one line per claim, then `N passed, M failed`.
 */
import { type ClaimReport, type Diagnosis, check } from "../api/check.js";
import { formatDiagnostics } from "../diagnostics/format.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { shapeToString } from "../shapes/shape.js";
import { Renderer } from "../print/render.js";
import { formatDerivationText } from "../print/text.js";
import { derivationJson, diagnosticJson, jsonCheck, jsonShape } from "../print/json.js";
import type { CliIO } from "./io.js";
import type { Settings } from "./request.js";
import { errorText, reportDiagnostics, sizesText } from "./report.js";
import type { Styles } from "./style.js";
import { type BatchEntry, readBatch } from "./batch.js";

/** The diagnosis in one plain sentence. */
export function describeDiagnosis(r: ClaimReport): string {
  const d = r.derivation;
  const where = d.form === "jacobian" ? `${d.layout} layout` : `${d.form} form`;
  const dx: Diagnosis = r.diagnosis;
  switch (dx.kind) {
    case "holds": {
      const sizes = [...new Set(r.numeric.trials.map((t) => sizesText(t.sizes)))].join("; ");
      return `the claim holds (${where}): max relative error ${errorText(r.numeric.maxRelError)} on ${r.numeric.trials.length} random instances (${sizes})`;
    }
    case "other-layout":
      return `this is the ${dx.layouts.join("-layout (and ")}-layout${dx.layouts.length > 1 ? ")" : ""} result, not the ${d.layout}-layout one`;
    case "transpose":
      return `the claim is the transpose of the right answer (${where})`;
    case "wrong-shape":
      return `the claim has shape ${shapeToString(dx.got)}, but the ${where} answer has shape ${shapeToString(dx.expected)}`;
    case "symmetric-only": {
      const names = dx.names.length === 1 ? `${dx.names[0]} is` : `${dx.names.join(" and ")} are`;
      return `right only if ${names} symmetric${dx.layout ? `, and then it is the ${dx.layout}-layout result` : ""}; wrong in general`;
    }
    case "scaled":
      return Math.abs(dx.factor + 1) < 1e-9
        ? "off by a sign: the claim is −1 times the right answer"
        : `off by a constant factor: the claim is ${Number(dx.factor.toPrecision(6))} times the right answer`;
    case "missing-upstream":
      return `the claim leaves out the upstream gradient: for a scalar ${d.yName}, ∂ℓ/∂${r.truth.wrt} = ${d.upstream?.name ?? "G"} · ∂${d.yName}/∂${r.truth.wrt} (or check ∂${d.yName}/∂${r.truth.wrt} itself with --form jacobian --layout mixed)`;
    case "mismatch":
      return `the claim matches nothing matdiff tried (other layouts, transpose, symmetric matrices, a constant factor); max relative error ${errorText(r.numeric.maxRelError)}`;
  }
}

function claimText(r: ClaimReport, styles: Styles): string {
  const lines: string[] = [];
  lines.push(r.ok ? styles.pass(`✓ ${describeDiagnosis(r)}`) : styles.fail(`✗ ${describeDiagnosis(r)}`));
  if (!r.ok) {
    lines.push(`  claim: ${new Renderer("text", new Map(), styles.text).render(r.claim)}    (${shapeToString(r.claim.shape)})`);
    lines.push("  matdiff's answer:");
    lines.push(...formatDerivationText(r.derivation, styles.text).split("\n").map((l) => `    ${l}`));
  }
  return lines.join("\n");
}

function claimJson(r: ClaimReport) {
  return {
    ok: r.ok,
    verdict: r.diagnosis.kind,
    diagnosis: r.diagnosis,
    message: describeDiagnosis(r),
    claim: { text: new Renderer("text").render(r.claim), latex: new Renderer("latex").render(r.claim), shape: jsonShape(r.claim.shape) },
    check: jsonCheck(r.numeric),
    answer: derivationJson(r.derivation),
  };
}

function requestFrom(expr: string, s: Pick<Settings, "shapes" | "layout" | "form" | "gradName" | "assume" | "trials" | "tol" | "seed" | "dims">, wrt: string, claim: string) {
  return { expr, wrt, claim, shapes: s.shapes, layout: s.layout, form: s.form, gradName: s.gradName, assume: s.assume, trials: s.trials, tol: s.tol, seed: s.seed, dims: s.dims };
}

export async function runCheck(expr: string | undefined, s: Settings, io: CliIO, styles: Styles): Promise<number> {
  if (s.file !== undefined) return runBatch(s.file, s, io, styles);
  const usage = 'usage: matdiff check "<expr>" --wrt <name> --claim "<expr>"   or   matdiff check --file checks.yaml';
  const missing = expr === undefined ? "the expression" : s.wrt.length === 0 ? "--wrt" : s.claim === undefined ? "--claim" : null;
  if (missing) {
    return reportDiagnostics([{ severity: "error", code: "bad-option", message: `check needs ${missing}`, notes: [], help: usage }], s.format, io, styles);
  }
  if (s.wrt.length > 1) {
    return reportDiagnostics([{ severity: "error", code: "bad-option", message: "check takes one --wrt name per claim", notes: [] }], s.format, io, styles);
  }
  const r = check(requestFrom(expr!, s, s.wrt[0]!, s.claim!));
  if (!r.ok) return reportDiagnostics(r.diagnostics, s.format, io, styles);
  if (s.format === "json") io.stdout(`${JSON.stringify(claimJson(r.value), null, 2)}\n`);
  else io.stdout(`${claimText(r.value, styles)}\n`);
  return r.value.ok ? 0 : 1;
}

interface BatchOutcome {
  readonly name: string;
  readonly report?: ClaimReport;
  readonly error?: Diagnostic;
}

async function runBatch(path: string, s: Settings, io: CliIO, styles: Styles): Promise<number> {
  const batch = await readBatch(path, io);
  if (!batch.ok) return reportDiagnostics(batch.diagnostics, s.format, io, styles);
  const outcomes: BatchOutcome[] = batch.value.map((e: BatchEntry) => {
    if (e.error) return { name: e.name, error: e.error };
    const settings = { ...s, shapes: e.shapes, layout: e.layout ?? s.layout, form: e.form ?? s.form, assume: e.assume, gradName: e.gradName ?? s.gradName };
    const r = check(requestFrom(e.expr!, settings, e.wrt!, e.claim!));
    return r.ok ? { name: e.name, report: r.value } : { name: e.name, error: r.diagnostics[0]! };
  });
  const passed = outcomes.filter((o) => o.report?.ok).length;
  const failed = outcomes.length - passed;
  if (s.format === "json") {
    const results = outcomes.map((o) => ({ name: o.name, ...(o.report ? claimJson(o.report) : { ok: false, verdict: "error", ...diagnosticJson(o.error!) }) }));
    io.stdout(`${JSON.stringify({ results, passed, failed }, null, 2)}\n`);
  } else {
    for (const o of outcomes) {
      if (o.report) {
        const line = `${o.report.ok ? "✓" : "✗"} ${o.name}${o.report.ok ? "" : `: ${describeDiagnosis(o.report)}`}`;
        io.stdout(`${o.report.ok ? styles.pass(line) : styles.fail(line)}\n`);
      } else {
        io.stdout(`${styles.fail(`✗ ${o.name}: ${o.error!.message}`)}\n`);
        io.stdout(`${formatDiagnostics([o.error!], styles.diagnostics).split("\n").map((l) => `    ${l}`).join("\n")}\n`);
      }
    }
    io.stdout(`${passed} passed, ${failed} failed\n`);
  }
  // A broken entry counts as a failed claim: the batch fails either way.
  return failed > 0 ? 1 : 0;
}
