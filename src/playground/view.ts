/**
 * Puts a View (engine.ts) on the page: problems under their fields, the
 * result typeset, the shapes used, the steps, the code, the claim's verdict.
 * Text goes in as text; only KaTeX output goes in as markup (math.ts).
 */
import { byId, el, fill } from "./dom.js";
import type { CodeOutput, Field, View } from "./engine.js";
import { renderMath } from "./math.js";
import { renderSteps } from "./steps-view.js";

export const PROBLEM_FIELDS: readonly Field[] = ["expr", "shapes", "wrt", "assume", "functions", "claim"];

/** The formats of the code box: the library's code back-ends, then the LaTeX and text sources. */
export interface Source {
  readonly id: string;
  readonly label: string;
  readonly text: string;
}

const CODE_LABELS: Record<string, string> = { numpy: "NumPy", torch: "PyTorch", jax: "JAX" };

export function sourcesOf(view: View): Source[] {
  const d = view.derivation;
  if (!d) return [];
  const code = d.code.map((c: CodeOutput) => ({
    id: c.format,
    label: CODE_LABELS[c.format] ?? c.format,
    text: c.available ? c.source : `# ${CODE_LABELS[c.format] ?? c.format} is not available for this derivation: ${c.source}`,
  }));
  return [...code, { id: "latex", label: "LaTeX", text: d.latex }, { id: "text", label: "Text", text: d.text }];
}

function showProblems(view: View): void {
  for (const field of PROBLEM_FIELDS) {
    const box = byId<HTMLPreElement>(`${field}-problem`);
    const texts = view.problems.filter((p) => p.field === field).map((p) => p.text);
    box.textContent = texts.join("\n\n");
    box.hidden = texts.length === 0;
    byId(field).setAttribute("aria-invalid", texts.length ? "true" : "false");
  }
}

function showDerivation(view: View): void {
  const d = view.derivation;
  const result = byId("result");
  const stale = view.problems.length > 0 && view.problems.some((p) => p.field !== "claim");
  for (const id of ["result-card", "steps", "code"]) byId(id).classList.toggle("stale", stale);
  if (!d) {
    // Keep the last good result (dimmed) while the input has a mistake; say what to do when there is none.
    if (!result.hasChildNodes() || result.querySelector(".placeholder")) {
      fill(result, el("p", { class: "placeholder" }, view.problems.length ? "Fix the input on the left to see the derivative." : "Type an expression, or pick an example above."));
      fill(byId("steps"), el("p", { class: "placeholder" }, "The derivation, step by step, appears here."));
      fill(byId("description"));
      fill(byId("shapes-used"));
      fill(byId("notes"));
    }
    return;
  }
  byId("description").textContent = d.description;
  renderMath(result, d.latex);
  fill(byId("shapes-used"), ...d.shapes.map((s) => el("li", {}, `${s.name}: ${s.shape}`)));
  fill(byId("notes"), ...d.notes.map((n) => el("li", {}, n)));
  const steps = byId("steps");
  if (d.steps) renderSteps(steps, d.steps);
  else fill(steps, el("p", { class: "placeholder" }, d.stepsRefused ?? "No steps for this derivation."));
}

function showClaim(view: View): void {
  const box = byId("verdict");
  const c = view.claim;
  if (!c) {
    box.hidden = true;
    fill(box);
    return;
  }
  box.hidden = false;
  box.className = `verdict ${c.ok ? "good" : "bad"}`;
  const answer = el("div", { class: "math" });
  renderMath(answer, c.answerLatex);
  fill(box,
    el("p", { class: "sentence" }, `${c.ok ? "✓" : "✗"} ${c.verdict}`),
    el("p", { class: "evidence" }, c.evidence),
    !c.ok && el("p", { class: "answer-title" }, "matdiff's answer:"),
    !c.ok && answer);
}

export function showView(view: View): void {
  showProblems(view);
  showDerivation(view);
  showClaim(view);
}
