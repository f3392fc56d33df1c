/** What a numeric check is told besides its target: its trials, tolerance and seed, fixed sizes, facts, and budget. */
import type { Expr, VarNode } from "../expr/node.js";
import type { Assumptions } from "./instance.js";
import type { WorkBudget } from "./work.js";

export interface CheckOptions {
  readonly trials?: number;
  readonly tol?: number;
  readonly seed?: number;
  /** Fixed sizes for some dimension symbols (--dims N=3). */
  readonly dims?: ReadonlyMap<string, number>;
  readonly assume?: Assumptions;
  readonly range?: readonly [number, number];
  /** Largest X (entries) for which every unit direction is used. */
  readonly fullBelow?: number;
  /**
   * How many checks share the instance this comparison is one of (the derivatives of one derivation, one per --wrt
   * name, or the blocks of one Hessian): the evaluation steps that unit directions, or unit pairs of them, may take
   * (UNIT_DIRECTION_BUDGET in check.ts, UNIT_PAIR_BUDGET in hessian.ts) are shared among them.
   */
  readonly sharedBy?: number;
  /** The work left to the run this check belongs to (a batch), charged as instances are drawn. */
  readonly budget?: WorkBudget;
  /**
   * A program's intermediates cut loose for --wrt, each with its definition: on every instance each takes the value
   * its definition has there, not a random one, since a gradient with respect to h is taken where h is computed
   * (u = X'X is then symmetric, and a claim may write h's value from the inputs).
   */
  readonly bound?: ReadonlyMap<VarNode, Expr>;
}
