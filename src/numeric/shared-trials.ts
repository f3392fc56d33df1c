/**
 * The trials of checks on random instances, for first derivatives (check-many.ts) and Hessian blocks (hessian.ts):
 * one check on instances of its own (checkAlone), or several on shared instances (checkTogether), the first
 * derivatives of one derivation (one per --wrt name) or the blocks of one Hessian. Each trial draws one instance for all the
 * checks still waiting, where every root (y, each result, each variable) is evaluated once; each check then
 * compares on it. Checked one by one, n checks of a y whose size grows with n cost n² evaluations, and each drew
 * its own instances (a 300×300 A for each of 465 Hessian blocks took 28 s).
 *
 * A check whose trial cannot be trusted on a shared instance waits for the next one, drawn at the next sampling
 * strategy, and has no verdict after as many untrusted trials as a check alone allows; an instance where every
 * root underflows is drawn again for all of them the same way. The checks still waiting are made each alone (with
 * the redraws, verdicts and refusals that has) when too many shared instances underflow, when evaluating all of
 * them at once would cost more than a check may spend, or when no shared instance suits every root, except that
 * when the first of them, alone, finds no instance in the domain of y itself, the others share its verdict (they
 * share y).
 *
 * One random stream serves them all, so a check's sizes and directions depend on which others are made with it:
 * a failure seen with --wrt x,y is reproduced with the same --wrt list and --seed.
 */
import type { Expr } from "../expr/node.js";
import type { Mat } from "../kernels/mat.js";
import { createRng, type Rng } from "./random.js";
import { type CheckOptions, type CheckReport, type Sample, type Trial, afterUntrusted, reportOf, sampleInstance } from "./check.js";
import { TooLargeError } from "./work.js";
import { planOf } from "./plan.js";
import { CHECK_DEFAULTS } from "./defaults.js";

/** What a check of one kind needs on an instance: the graphs it evaluates there (y first), the size symbols it draws beyond theirs, and one trial. */
export interface InstanceCheck<T> {
  roots(t: T): readonly Expr[];
  symbols(t: T): readonly string[];
  compare(t: T, instance: DrawnInstance, rng: Rng): Trial;
}

/** An instance drawn for some checks: its sizes and input values, and each root's value there. */
export interface DrawnInstance {
  readonly sizes: Map<string, number>;
  readonly values: Map<string, Mat>;
  valueOf(root: Expr): Mat | undefined;
}

/**
 * One check on instances of its own: `options.trials` trials, each on a fresh instance. An instance where every
 * root underflows, or whose trial cannot be trusted, is drawn again at the next sampling strategy, and after
 * UNTRUSTED_ATTEMPTS of them the check cannot decide; no instance in the domain ends it too.
 */
export function checkAlone<T>(t: T, kind: InstanceCheck<T>, options: CheckOptions): CheckReport {
  const rng = createRng(options.seed ?? CHECK_DEFAULTS.seed);
  const tol = options.tol ?? CHECK_DEFAULTS.tol;
  const trials: Trial[] = [];
  const roots = kind.roots(t);
  const extra = kind.symbols(t);
  const used = new Set<string>();
  const escalated = new Map<string, number>();
  let untrusted = 0;
  for (let k = 0; k < (options.trials ?? CHECK_DEFAULTS.trials); k++) {
    const sample = sampleInstance(roots, rng, options, extra, used, escalated);
    if ("violation" in sample) return { ok: false, trials, maxRelError: NaN, tol, domain: sample.violation };
    const trial = sample.underflow
      ? { sizes: Object.fromEntries(sample.sizes), relError: NaN, ok: false, untrusted: sample.underflow }
      : kind.compare(t, drawnInstance(roots, sample), rng);
    if (trial.untrusted) {
      const verdict = afterUntrusted(trial.untrusted, ++untrusted, sample.sizes, escalated);
      if (verdict) return { ok: false, trials, maxRelError: NaN, tol, inconclusive: verdict };
      k--;
      continue;
    }
    trials.push(trial);
    // A trusted disagreement is the verdict: later trials could not undo it (a wrong claim at 2,000 × 2,000 spent
    // 8 s more on two).
    if (!trial.ok) break;
  }
  return reportOf(trials, options);
}

/** The instance of a sample drawn for `roots`, each root's value looked up by its node. */
export function drawnInstance(roots: readonly Expr[], sample: Sample): DrawnInstance {
  const values = new Map(roots.map((r, k) => [r, sample.rootValues[k]!]));
  return { sizes: sample.sizes, values: sample.values, valueOf: (root) => values.get(root) };
}

/** What the driver needs of one kind of check: how it compares on an instance, and how it is made alone. */
export interface SharedCheck<T> extends InstanceCheck<T> {
  alone(t: T): CheckReport;
}

export function checkTogether<T>(targets: readonly T[], kind: SharedCheck<T>, options: CheckOptions): CheckReport[] {
  const rng = createRng(options.seed ?? CHECK_DEFAULTS.seed);
  const wanted = options.trials ?? CHECK_DEFAULTS.trials;
  const tol = options.tol ?? CHECK_DEFAULTS.tol;
  const trials = targets.map((): Trial[] => []);
  /** Each check's untrusted trials so far, and its report once it has one (trials enough, or too many untrusted). */
  const untrusted = targets.map(() => 0);
  const reports: (CheckReport | undefined)[] = targets.map(() => undefined);
  const used = new Set<string>();
  const escalated = new Map<string, number>();
  let underflows = 0;
  const pending = (): number[] => targets.flatMap((_, i) => (reports[i] === undefined ? [i] : []));
  const alone = (checks: readonly number[]) => {
    for (const i of checks) reports[i] = kind.alone(targets[i]!);
  };
  for (let waiting = pending(); waiting.length > 0; waiting = pending()) {
    const now = waiting.map((i) => targets[i]!);
    const roots = [...new Set(now.flatMap((t) => kind.roots(t)))];
    let sample: ReturnType<typeof sampleInstance>;
    try {
      sample = sampleInstance(roots, rng, options, [...new Set(now.flatMap((t) => kind.symbols(t)))], used, escalated);
    } catch (e) {
      // All of them at once are too costly to evaluate; each alone may not be.
      if (e instanceof TooLargeError && e.lead !== "not checked") {
        alone(waiting);
        continue;
      }
      throw e;
    }
    if ("violation" in sample) {
      // Rather than the same failing draws made again for each (200 names of a program whose y underflowed, 41 s).
      alone(waiting.slice(0, 1));
      const first = reports[waiting[0]!]!;
      if (first.domain && sharedY(now.map((t) => kind.roots(t)[0]!), first.domain.node)) for (const i of waiting) reports[i] ??= first;
      else alone(waiting);
      continue;
    }
    if (sample.underflow) {
      // Every root underflows here, which tells nothing of any check (100 names of a 1,000-factor product, each then
      // checked alone from the start, took 12 s).
      if (afterUntrusted(sample.underflow, ++underflows, sample.sizes, escalated) !== null) alone(waiting);
      continue;
    }
    const instance = drawnInstance(roots, sample);
    for (const i of waiting) {
      const trial = kind.compare(targets[i]!, instance, rng);
      if (trial.untrusted) {
        // 200 names whose differences did not settle, each then checked alone, took 97 s.
        const verdict = afterUntrusted(trial.untrusted, ++untrusted[i]!, sample.sizes, escalated);
        if (verdict) reports[i] = { ok: false, trials: trials[i]!, maxRelError: NaN, tol, inconclusive: verdict };
        continue;
      }
      trials[i]!.push(trial);
      // Trials enough, or a trusted disagreement, which later trials could not undo.
      if (trials[i]!.length === wanted || !trial.ok) reports[i] = reportOf(trials[i]!, options);
    }
  }
  return reports.map((r) => r!);
}

/** Whether the checks share one y and `node` is part of it. */
function sharedY(ys: readonly Expr[], node: Expr): boolean {
  return ys.every((y) => y === ys[0]) && planOf(ys[0]!).slotOf.has(node.id);
}
