/**
 * Checking the derivatives of one derivation together (one per --wrt name) on shared random instances: see
 * checkDerivatives.
 */
import { createRng } from "./random.js";
import { type CheckOptions, type CheckReport, type CheckTarget, type Trial, afterUntrusted, checkDerivative, compareOnInstance, reportOf, sampleInstance, symbolsToSample } from "./check.js";
import { TooLargeError } from "./work.js";
import { CHECK_DEFAULTS } from "./defaults.js";

/**
 * Several derivatives (one per --wrt name) checked on shared random instances: each trial draws one instance for
 * all of them, where y and every result are evaluated once, and each derivative then re-evaluates only the part
 * of y that moves with its variable (PointEvaluation shares the rest). Checked one by one, n names of a y whose
 * size grows with n (a sum of n terms) cost n² evaluations. A derivative whose trial cannot be trusted there, or
 * every one when no shared instance lies in the domain of all the results or when evaluating all of them at once
 * would cost more than a check may spend, is checked on its own instead (checkDerivative), with the redraws,
 * verdicts and refusals that has. A single target is checked on its own.
 *
 * One random stream serves all the names, so a name's sizes and directions depend on which other names are
 * checked with it: a failure seen with --wrt x,y is reproduced with the same --wrt list and --seed.
 */
export function checkDerivatives(targets: readonly CheckTarget[], options: CheckOptions = {}): CheckReport[] {
  if (targets.length < 2) return targets.map((t) => checkDerivative(t, options));
  const rng = createRng(options.seed ?? CHECK_DEFAULTS.seed);
  const roots = [...new Set(targets.flatMap((t) => [t.y, t.result, t.x]))];
  const extra = [...new Set(targets.flatMap(symbolsToSample))];
  const trials = targets.map((): Trial[] | null => []);
  const used = new Set<string>();
  const escalated = new Map<string, number>();
  let underflows = 0;
  // The steps every unit direction may take are shared by the derivatives compared on each instance.
  const shared: CheckOptions = { ...options, sharedBy: targets.length };
  for (let k = 0; k < (options.trials ?? CHECK_DEFAULTS.trials); k++) {
    let sample: ReturnType<typeof sampleInstance>;
    try {
      sample = sampleInstance(roots, rng, options, extra, used, escalated);
    } catch (e) {
      // All of them at once are too costly to evaluate; each alone may not be.
      if (e instanceof TooLargeError && e.lead !== "not checked") return targets.map((t) => checkDerivative(t, options));
      throw e;
    }
    if ("violation" in sample) return targets.map((t) => checkDerivative(t, options));
    if (sample.underflow) {
      // y and every result underflow here, which tells nothing of any of them: the next instance for all of them is
      // drawn at the next sampling strategy, as a check of one derivative redraws. Each name is checked on its own
      // only once too many instances underflowed (each alone had repeated every draw and evaluation of y: 100 names
      // of a 1,000-factor product took 12 s).
      if (afterUntrusted(sample.underflow, ++underflows, sample.sizes, escalated) !== null) return targets.map((t) => checkDerivative(t, options));
      k--;
      continue;
    }
    const valueOf = new Map(roots.map((r, i) => [r, sample.rootValues[i]!]));
    targets.forEach((t, i) => {
      const own = trials[i];
      if (own === null) return;
      const known = { y: valueOf.get(t.y), result: t.form === "differential" ? undefined : valueOf.get(t.result) };
      const trial = compareOnInstance(t, sample.sizes, sample.values, rng, shared, known);
      if (trial.untrusted) trials[i] = null;
      else own.push(trial);
    });
  }
  return targets.map((t, i) => {
    const own = trials[i];
    return own === null ? checkDerivative(t, options) : reportOf(own, options);
  });
}
