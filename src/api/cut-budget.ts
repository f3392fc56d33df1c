/**
 * How many of a program's intermediate values one derivation may differentiate with respect to: each costs a
 * derivation of the program from that value on.
 */
import type { TypedProgram } from "../typing/typing.js";
import { topoOrder } from "../expr/traverse.js";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";

/**
 * The most node-derivations that derivatives with respect to a program's intermediate values may take together:
 * each such derivative differentiates a copy of the program from that value on (cutRoot), so k of them over a
 * program of n nodes cost about k·n (30 intermediates of a 3,000-statement program of 6,000 nodes, 180,000, take
 * 3 s to derive and print).
 */
const MAX_CUT_NODES = 200_000;

/** Refuses, before any work, derivatives with respect to so many intermediates of so large a program that they would take minutes. */
export function affordableCuts(program: TypedProgram, wrt: readonly string[]): void {
  const statements = new Set(program.statements.map((s) => s.name));
  const cuts = wrt.filter((name) => statements.has(name)).length;
  if (cuts < 2) return;
  const size = topoOrder([program.root]).length;
  if (cuts * size <= MAX_CUT_NODES) return;
  throw new DiagnosticError(error("input-too-large",
    `--wrt names ${cuts} of the program's intermediate values, and each is differentiated through a copy of the program (${size} nodes): ${cuts * size} nodes in all, more than matdiff takes at once (${MAX_CUT_NODES})`,
    undefined, [], `ask for at most ${Math.max(1, Math.floor(MAX_CUT_NODES / size))} intermediates at a time; the program's inputs cost nothing extra`));
}
