/**
 * The blocks of one Hessian checked together, on shared random instances (shared-trials.ts): each instance is
 * drawn, and y and every block evaluated, once for all the blocks still waiting, which then take their second
 * differences there. The blocks also share the budget of unit pairs of directions (hessian.ts), so many blocks
 * use random pairs. 465 blocks of 30 names at m = 300 each drew a 300×300 A of their own: 28 s.
 */
import type { CheckOptions, CheckReport } from "./check.js";
import { type HessianBlock, blockCheck, checkBlock } from "./hessian.js";
import { checkTogether } from "./shared-trials.js";

export function checkHessianBlocks(blocks: readonly HessianBlock[], options: CheckOptions = {}): CheckReport[] {
  if (blocks.length < 2) return blocks.map((b) => checkBlock(b, options));
  const shared: CheckOptions = { ...options, sharedBy: blocks.length };
  return checkTogether(blocks, { ...blockCheck(shared), alone: (b) => checkBlock(b, shared) }, options);
}
