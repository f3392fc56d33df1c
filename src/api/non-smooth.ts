/**
 * The notes a derivation carries for operators that are not differentiable
 * everywhere (|x|, max, a norm at 0, …), read off each operator's stanza.
 */
import type { Expr } from "../expr/node.js";
import { CountById } from "../expr/by-id.js";
import { topoOrder } from "../expr/traverse.js";
import { stanzaOf } from "../ops/registry.js";

/** One line per operator in Y that is not differentiable everywhere. */
export function nonSmoothNotes(y: Expr): string[] {
  const notes = new Set<string>();
  const nodes = topoOrder([y]);
  // ‖x‖² (and any even power of a norm) is smooth at 0: a norm used only squared adds no note. The nodes used
  // otherwise than as the base of an even power, found in one pass over every use.
  const usedOtherwise = new CountById();
  for (let k = 0; k < nodes.length; k++) {
    const p = nodes[k]!;
    if (p.kind !== "op") continue;
    const evenPower = p.op === "power" && p.args[1]!.kind === "num" && p.args[1]!.value % 2 === 0 && p.args[1]!.value > 0;
    for (let i = evenPower ? 1 : 0; i < p.args.length; i++) usedOtherwise.add(p.args[i]!.id);
  }
  const onlySquared = (n: Expr): boolean => n !== y && !usedOtherwise.has(n.id);
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k]!;
    if (node.kind !== "op") continue;
    const note = stanzaOf(node.op).nonSmooth;
    if (note && !(node.op === "norm2" && onlySquared(node))) notes.add(note);
  }
  return [...notes];
}
