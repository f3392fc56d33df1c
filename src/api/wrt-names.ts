/**
 * The --wrt names a request can be answered for: at least one, and, for a Hessian, a value the program computes
 * only on its own. Its first derivative backpropagates to the value cut loose where it is defined, so a mixed block
 * with another name would have two meanings: through the value (the x block of the same Hessian goes through it),
 * or holding it fixed (then 0 where y reads x only through it).
 */
import type { TypedProgram } from "../typing/typing.js";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";

export function refuseUnanswerableWrt(program: TypedProgram, wrt: readonly string[], hessian: boolean): void {
  if (wrt.length === 0) throw new DiagnosticError(error("bad-option", "say which variable to differentiate with respect to: --wrt <name>"));
  if (!hessian) return;
  const names = [...new Set(wrt)];
  const computed = new Set(program.statements.map((s) => s.name));
  const cut = names.find((n) => computed.has(n));
  if (cut === undefined || names.length < 2) return;
  const others = names.filter((n) => n !== cut);
  throw new DiagnosticError(error("bad-option",
    `--order 2 with respect to ${cut}, a value the program computes, and ${others.join(", ")}: their mixed block has two meanings (through ${cut}, or holding ${cut} fixed where it is defined), so matdiff does not pick one`,
    undefined, [], `ask for the Hessian in ${cut} on its own (--wrt ${cut} --order 2), and in ${others.join(", ")} in another request`));
}
