/**
 * Checking the derivatives of one derivation together (one per --wrt name) on shared random instances
 * (shared-trials.ts): y and every result are evaluated once per instance, and each derivative then re-evaluates
 * only the part of y that moves with its variable (PointEvaluation shares the rest). A single target is checked
 * on its own.
 */
import { type CheckOptions, type CheckReport, type CheckTarget, checkDerivative, compareOnInstance, symbolsToSample } from "./check.js";
import { checkTogether } from "./shared-trials.js";

export function checkDerivatives(targets: readonly CheckTarget[], options: CheckOptions = {}): CheckReport[] {
  if (targets.length < 2) return targets.map((t) => checkDerivative(t, options));
  // The steps every unit direction may take are shared by the derivatives compared on each instance.
  const shared: CheckOptions = { ...options, sharedBy: targets.length };
  return checkTogether(targets, {
    roots: (t) => [t.y, t.result, t.x],
    symbols: symbolsToSample,
    compare: (t, instance, rng) => compareOnInstance(t, instance.sizes, instance.values, rng, shared, {
      y: instance.valueOf(t.y), result: t.form === "differential" ? undefined : instance.valueOf(t.result),
    }),
    alone: (t) => checkDerivative(t, options),
  }, options);
}
