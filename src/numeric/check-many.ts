/**
 * Checking first derivatives: one on instances of its own (checkDerivative), or those of one derivation together,
 * one per --wrt name, on shared random instances (checkDerivatives, shared-trials.ts): y and every result are
 * evaluated once per instance, and each derivative then re-evaluates only the part of y that moves with its
 * variable (PointEvaluation shares the rest). A single target is checked on its own.
 */
import { type CheckOptions, type CheckReport, type CheckTarget, compareOnInstance, symbolsToSample } from "./check.js";
import { type InstanceCheck, checkAlone, checkTogether } from "./shared-trials.js";

/** A first derivative's check (compareOnInstance), with the values of y and the result the instance already has. */
export const derivativeCheck = (options: CheckOptions): InstanceCheck<CheckTarget> => ({
  roots: (t) => [t.y, t.result, t.x],
  symbols: symbolsToSample,
  compare: (t, instance, rng) => compareOnInstance(t, instance.sizes, instance.values, rng, options, {
    y: instance.valueOf(t.y), result: t.form === "differential" ? undefined : instance.valueOf(t.result),
  }),
});

export function checkDerivative(t: CheckTarget, options: CheckOptions = {}): CheckReport {
  return checkAlone(t, derivativeCheck(options), options);
}


export function checkDerivatives(targets: readonly CheckTarget[], options: CheckOptions = {}): CheckReport[] {
  if (targets.length < 2) return targets.map((t) => checkDerivative(t, options));
  // The steps every unit direction may take are shared by the derivatives compared on each instance.
  const shared: CheckOptions = { ...options, sharedBy: targets.length };
  return checkTogether(targets, { ...derivativeCheck(shared), alone: (t) => checkDerivative(t, options) }, options);
}
