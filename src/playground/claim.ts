/**
 * The claim box's words: a verdict for check()'s diagnosis (the claim holds,
 * is the other layout's answer, is transposed, has the wrong shape, is right
 * only for symmetric matrices, is off by a factor, lacks the upstream
 * gradient, or matches nothing) and the numeric evidence behind it.
 */
import { type ClaimReport, type Shape, errorText } from "../index.js";

/** m×n, with a product dimension in parentheses: (H·N)×1. src/index.ts does not export shapeToString. */
function shapeWords(s: Shape): string {
  const dim = (d: Shape["rows"]) => {
    const power = (s: string, k: number): string => (d.exps?.[k] ?? 1) === 1 ? s : s + String(d.exps![k]).replace(/\d/g, (c) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(c)]!);
    const factors = [...(d.coef !== 1 || d.syms.length === 0 ? [String(d.coef)] : []), ...d.syms.map(power)];
    return factors.length > 1 ? `(${factors.join("·")})` : factors[0]!;
  };
  return `${dim(s.rows)}×${dim(s.cols)}`;
}

function evidence(r: ClaimReport): string {
  const trials = r.numeric.trials;
  if (trials.length === 0) return "not evaluated: the shapes differ";
  const sizes = [...new Set(trials.map((t) => Object.entries(t.sizes).map(([k, v]) => `${k}=${v}`).join(", ") || "fixed sizes"))];
  return `max relative error ${errorText(r.numeric.maxRelError)} against finite differences on ${trials.length} random instance${trials.length === 1 ? "" : "s"} (${sizes.join("; ")})`;
}

function verdict(r: ClaimReport): string {
  const d = r.derivation;
  const where = d.form === "jacobian" ? `${d.layout} layout` : `${d.form} form`;
  const dx = r.diagnosis;
  switch (dx.kind) {
    case "holds":
      return `Right: the claim is the ${where} derivative.`;
    case "other-layout":
      return `Wrong for the ${d.layout} layout: it is the ${dx.layouts.join(" and the ")}-layout answer.`;
    case "transpose":
      return `Wrong: the claim is the transpose of the ${where} answer.`;
    case "wrong-shape":
      return `Wrong shape: the claim is ${shapeWords(dx.got)}, but the ${where} answer is ${shapeWords(dx.expected)}.`;
    case "symmetric-only": {
      const names = dx.names.length === 1 ? `${dx.names[0]} is` : `${dx.names.join(" and ")} are`;
      const then = dx.layout ? `, and then it is the ${dx.layout}-layout answer` : "";
      return `Wrong in general: right only if ${names} symmetric${then}.`;
    }
    case "scaled":
      return Math.abs(dx.factor + 1) < 1e-9
        ? "Wrong sign: the claim is −1 times the right answer."
        : `Off by a constant factor: the claim is ${Number(dx.factor.toPrecision(6))} times the right answer.`;
    case "missing-upstream":
      return `Wrong: the claim leaves out the upstream gradient ${d.upstream?.name ?? "G"} (for a scalar ${d.yName}, ∂ℓ/∂${r.truth.wrt} = ${d.upstream?.name ?? "G"} · ∂${d.yName}/∂${r.truth.wrt}).`;
    case "cookbook-symmetric":
      return "Another convention: this is the Matrix Cookbook's gradient for symmetric matrices, ∇ + ∇ᵀ − ∇ ⊙ I; matdiff gives sym(∇) = (∇ + ∇ᵀ)/2.";
    case "mismatch":
      return "Wrong: the claim matches nothing matdiff tried (other layouts, the transpose, symmetric matrices, a constant factor).";
    case "undiagnosed":
      return "Wrong: the claim disagrees with finite differences; how, matdiff did not try at these sizes (it would cost more than a check may spend).";
  }
}

export function describeClaim(r: ClaimReport): { ok: boolean; verdict: string; evidence: string } {
  return { ok: r.ok, verdict: verdict(r), evidence: evidence(r) };
}
