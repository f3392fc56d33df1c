/**
 * Index terms in their simplest entries: an entry of a structured matrix is
 * read through its operator's `entry` rule — (Aᵀ)_ij = A_ji, I_ij = δ_ij,
 * 𝟏_ij = 1, (cA)_ij = c A_ij, (AB)_ij = Σ_r A_ir B_rj, (A ⊙ B)_ij = A_ij B_ij —
 * and the terms are simplified again (deltas eliminated, equal terms collected).
 */
import type { Entry, Factor, Idx, Term } from "../ops/index-terms.js";
import { stanzaOf } from "../ops/registry.js";
import { INDEX_FACTOR_BUDGET, type IndexForm, idxNames, indexTooLarge, simplifyTerms } from "./index.js";

const SUMMED = ["r", "s", "t", "u", "v", "w", "p", "q"];

function normaliseTerm(t: Term, used: Set<string>, budget: { left: number }): Term {
  let coef = t.coef;
  const sums = [...t.sums];
  const out: Factor[] = [];
  // The names r, s, …, q, r1, r2, … in order; `used` only grows, so the search goes on from the last name taken
  // (started from r each time, a product of k matrices took k² tests).
  let next = 0;
  const freshIndex = (): string => {
    for (; ; next++) {
      const name = next < SUMMED.length ? SUMMED[next]! : `r${next - SUMMED.length + 1}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  // The factors still to read, the next one last: a stack, so that taking one and putting back its expansion cost
  // their own length, not the length of what waits (shift and unshift move every entry).
  const pending: Factor[] = [...t.factors].reverse();
  while (pending.length) {
    if (--budget.left < 0) indexTooLarge();
    const f = pending.pop()!;
    if (f.kind === "delta") {
      out.push(f);
      continue;
    }
    const e = f.of;
    if (e.kind === "num") {
      coef *= f.power === 1 ? e.value : 1 / e.value;
      continue;
    }
    const rule = e.kind === "op" ? stanzaOf(e.op).entry : undefined;
    const x = rule ? rule(f as Entry & { of: typeof e & { kind: "op" } }, freshIndex) : null;
    if (!x) {
      out.push(f);
      continue;
    }
    if (x.coef !== undefined) coef *= x.coef;
    if (x.sum !== undefined) sums.push(x.sum);
    out.push(...(x.emit ?? []));
    const expand = x.expand ?? [];
    for (let i = expand.length - 1; i >= 0; i--) pending.push(expand[i]!);
  }
  return { coef, sums, factors: out };
}

export function normaliseIndexForm(form: IndexForm): IndexForm {
  const free = [...form.yIndex, ...form.xIndex].flatMap(idxNames);
  // Reading entries through their operators can multiply the factors (an entry of a ⊙ a is two entries of a, and so on
  // down a chain of doublings): the factors read are counted against the index form's budget.
  const budget = { left: INDEX_FACTOR_BUDGET };
  return {
    ...form,
    terms: simplifyTerms(form.terms.map((t) => {
      const used = new Set<string>([...free, ...t.sums]);
      for (const f of t.factors) for (const i of f.kind === "delta" ? [f.a, f.b] : [f.i, f.j]) idxNames(i).forEach((n) => used.add(n));
      return normaliseTerm(t, used, budget);
    })),
  };
}

/** Whether the form uses computed indices (then indices count from 0, as a note says). */
export function usesComputedIndices(form: IndexForm): boolean {
  const computed = (i: Idx): boolean => typeof i === "object";
  return [...form.yIndex, ...form.xIndex].some(computed) ||
    form.terms.some((t) => t.factors.some((f) => (f.kind === "delta" ? [f.a, f.b] : [f.i, f.j]).some(computed)));
}

