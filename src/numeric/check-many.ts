/**
 * Checking the derivatives of one derivation together (one per --wrt name) on shared random instances: see
 * checkDerivatives.
 */
import { createRng } from "./random.js";
import { type CheckOptions, type CheckReport, type CheckTarget, type Trial, afterUntrusted, checkDerivative, compareOnInstance, reportOf, sampleInstance, symbolsToSample } from "./check.js";
import { TooLargeError } from "./work.js";
import { planOf } from "./plan.js";
import type { Expr } from "../expr/node.js";
import { CHECK_DEFAULTS } from "./defaults.js";

/**
 * Several derivatives (one per --wrt name) checked on shared random instances: each trial draws one instance for
 * all of them, where y and every result are evaluated once, and each derivative then re-evaluates only the part
 * of y that moves with its variable (PointEvaluation shares the rest). Checked one by one, n names of a y whose
 * size grows with n (a sum of n terms) cost n² evaluations. A derivative whose trial cannot be trusted there waits
 * for the next shared instance, drawn at the next sampling strategy, and has no verdict after as many untrusted
 * trials as a check of one derivative allows. Every name still waiting is checked on its own (checkDerivative,
 * with the redraws, verdicts and refusals that has) when no shared instance lies in the domain of all their
 * results (unless the first of them, alone, fails in y itself: then all do), when too many shared instances
 * underflow, or when evaluating all of them at once would cost more than a check may spend. A single target is
 * checked on its own.
 *
 * One random stream serves all the names, so a name's sizes and directions depend on which other names are
 * checked with it: a failure seen with --wrt x,y is reproduced with the same --wrt list and --seed.
 */
export function checkDerivatives(targets: readonly CheckTarget[], options: CheckOptions = {}): CheckReport[] {
  if (targets.length < 2) return targets.map((t) => checkDerivative(t, options));
  const rng = createRng(options.seed ?? CHECK_DEFAULTS.seed);
  const wanted = options.trials ?? CHECK_DEFAULTS.trials;
  const trials = targets.map((): Trial[] => []);
  /** Each name's untrusted trials so far, and its report once it has one (trials enough, or too many untrusted). */
  const untrusted = targets.map(() => 0);
  const reports: (CheckReport | undefined)[] = targets.map(() => undefined);
  const used = new Set<string>();
  const escalated = new Map<string, number>();
  let underflows = 0;
  // The steps every unit direction may take are shared by the derivatives compared on each instance.
  const shared: CheckOptions = { ...options, sharedBy: targets.length };
  /** The names still waiting for trials, each checked on its own instead (the remedies below). */
  const pending = (): number[] => targets.flatMap((_, i) => (reports[i] === undefined ? [i] : []));
  const alone = (names: readonly number[]) => {
    for (const i of names) reports[i] = checkDerivative(targets[i]!, options);
  };
  for (let waiting = pending(); waiting.length > 0; waiting = pending()) {
    const now = waiting.map((i) => targets[i]!);
    const roots = [...new Set(now.flatMap((t) => [t.y, t.result, t.x]))];
    let sample: ReturnType<typeof sampleInstance>;
    try {
      sample = sampleInstance(roots, rng, options, [...new Set(now.flatMap(symbolsToSample))], used, escalated);
    } catch (e) {
      // All of them at once are too costly to evaluate; each alone may not be.
      if (e instanceof TooLargeError && e.lead !== "not checked") {
        alone(waiting);
        continue;
      }
      throw e;
    }
    if ("violation" in sample) {
      // No instance suits them all. Where the first alone fails in y too, every name would (they share y): its report
      // is theirs, rather than the same failing draws made again for each (200 names of a program whose y
      // underflowed took 41 s).
      alone(waiting.slice(0, 1));
      const first = reports[waiting[0]!]!;
      if (first.domain && sharedY(now, first.domain.node)) for (const i of waiting) reports[i] ??= first;
      else alone(waiting);
      continue;
    }
    if (sample.underflow) {
      // y and every result underflow here, which tells nothing of any of them: the next instance for all of them is
      // drawn at the next sampling strategy, as a check of one derivative redraws. Each name is checked on its own
      // only once too many instances underflowed (each alone had repeated every draw and evaluation of y: 100 names
      // of a 1,000-factor product took 12 s).
      if (afterUntrusted(sample.underflow, ++underflows, sample.sizes, escalated) !== null) alone(waiting);
      continue;
    }
    const valueOf = new Map(roots.map((r, k) => [r, sample.rootValues[k]!]));
    for (const i of waiting) {
      const t = targets[i]!;
      const known = { y: valueOf.get(t.y), result: t.form === "differential" ? undefined : valueOf.get(t.result) };
      const trial = compareOnInstance(t, sample.sizes, sample.values, rng, shared, known);
      if (trial.untrusted) {
        // As a check of one derivative does: the next instance at the next strategy, and after too many, no verdict.
        // The names that trust this instance take their trial from it all the same (200 names whose differences did
        // not settle each repeated every draw alone: 97 s).
        const verdict = afterUntrusted(trial.untrusted, ++untrusted[i]!, sample.sizes, escalated);
        if (verdict) reports[i] = { ok: false, trials: trials[i]!, maxRelError: NaN, tol: options.tol ?? CHECK_DEFAULTS.tol, inconclusive: verdict };
        continue;
      }
      trials[i]!.push(trial);
      if (trials[i]!.length === wanted) reports[i] = reportOf(trials[i]!, options);
    }
  }
  return reports.map((r) => r!);
}

/** Whether the targets share one y and `node` is part of it. */
function sharedY(targets: readonly CheckTarget[], node: Expr): boolean {
  const y = targets[0]!.y;
  return targets.every((t) => t.y === y) && planOf(y).slotOf.has(node.id);
}
