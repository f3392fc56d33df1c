/**
 * The shared subexpressions of a derivation's printed results, named once
 * for every printer of a format: the results themselves, or in index form
 * the matrices whose entries the terms use; the input, when it recurs,
 * takes the output's name.
 */
import type { Derivation } from "../api/derive.js";
import { type Naming, chooseNames } from "./naming.js";
import { type MathFormat, mathDialect } from "./dialect.js";
import { indexEntries } from "./index-notation.js";

export function nameDerivation(d: Derivation, format: MathFormat): Naming {
  const dialect = mathDialect(format);
  const spell = dialect.name;
  const index = d.derivatives.some((r) => r.index);
  return chooseNames(d.derivatives.flatMap((r) => (r.index ? indexEntries(r.index) : [r.result])), {
    temporary: dialect.temporary,
    nameRoots: index,
    output: { node: d.y, name: spell(d.yName) },
    taken: new Set([...d.program.variables.keys(), d.yName].map(spell)),
  });
}
