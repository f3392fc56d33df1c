/**
 * The sentences of a verdict, in plain words: what a numeric check found,
 * and how a claim is wrong. The CLI adds colour and ✓/✗; the words are here
 * so that a program using the library can print the same report.
 */
import { shapeToString } from "../shapes/shape.js";
import type { CheckReport } from "../numeric/check.js";
import type { ClaimReport } from "./check.js";

export function sizesText(sizes: Readonly<Record<string, number>>): string {
  const parts = Object.entries(sizes).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(", ") : "no dimension symbols";
}

export function errorText(e: number): string {
  return Number.isFinite(e) ? e.toExponential(1) : "∞";
}

/** "agrees with finite differences on 3 random instances (m=3, n=5); max relative error 2.1e-12 (tol 1e-6)" */
export function checkSentence(r: CheckReport): string {
  if (r.domain) return `no random instance inside the domain: ${r.domain.reason}`;
  if (r.inconclusive) return `cannot decide: ${r.inconclusive}`;
  const distinct = [...new Set(r.trials.map((t) => sizesText(t.sizes)))];
  const where = `${r.trials.length} random instance${r.trials.length === 1 ? "" : "s"} (${distinct.join("; ")})`;
  return `${r.ok ? "agrees" : "disagrees"} with finite differences on ${where}; max relative error ${errorText(r.maxRelError)} (tol ${r.tol.toExponential(0)})`;
}

/** The diagnosis of a claim in one plain sentence. */
export function claimSentence(r: ClaimReport): string {
  const d = r.derivation;
  const where = d.order === 2 ? "Hessian" : d.form === "jacobian" ? `${d.layout} layout` : `${d.form} form`;
  const dx = r.diagnosis;
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
    case "cookbook-symmetric":
      return `this is the Matrix Cookbook's convention for symmetric matrices, ∇ + ∇ᵀ − ∇ ⊙ I (a derivative with respect to the independent entries); matdiff prints sym(∇) = (∇ + ∇ᵀ)/2, the gradient along symmetric directions: the claim equals 2 sym(∇) − sym(∇) ⊙ I`;
    case "mismatch":
      return `the claim matches nothing matdiff tried (other layouts, transpose, symmetric matrices, a constant factor); max relative error ${errorText(r.numeric.maxRelError)}`;
    case "undiagnosed":
      return `the claim disagrees with finite differences (max relative error ${errorText(r.numeric.maxRelError)}); trying other layouts, the transpose, symmetric matrices and a constant factor would cost more than a check may spend at these sizes (${dx.reason})`;
  }
}
