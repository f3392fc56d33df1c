/**
 * The shared subexpressions of a derivation's printed results, named once
 * for every printer of a format: the results themselves, or in index form
 * the matrices whose entries the terms use; the input, when it recurs,
 * takes the output's name.
 */
import type { Derivation } from "../api/derive.js";
import { type Naming, chooseNames } from "./naming.js";
import { Renderer } from "./render.js";
import { type MathFormat, mathDialect } from "./dialect.js";
import { indexEntries } from "./index-notation.js";

export function nameDerivation(d: Derivation, format: MathFormat): Naming {
  const dialect = mathDialect(format, d.y.graph);
  const spell = dialect.name;
  const index = d.derivatives.some((r) => r.index);
  return chooseNames(d.derivatives.flatMap((r) => (r.index ? indexEntries(r.index) : [r.result])), {
    temporary: dialect.temporary,
    nameRoots: index,
    output: { node: d.y, name: spell(d.yName) },
    taken: new Set([...d.program.variables.keys(), d.yName].map(spell)),
    given: spelledNames(d, spell),
  });
}

/** The program's names for values, spelled for a format. */
export function spelledNames(d: Derivation, spell: (s: string) => string): Map<number, string> {
  return new Map([...d.names].map(([id, n]) => [id, spell(n)]));
}

/**
 * The input as lines `name = value` in a format: a program's statements
 * that the differentiated value uses (each value printed with the earlier
 * names), then Y; a single expression is one line, Y = its value.
 * `doc`: as documents (spans marked, or none when `unmarked`: see Renderer).
 */
export function programLines(d: Derivation, format: MathFormat, doc = false, unmarked = false): { lhs: string; rhs: string }[] {
  const dialect = mathDialect(format, d.y.graph);
  const given = spelledNames(d, dialect.name);
  const named = new Renderer(format, given, {}, unmarked);
  const show = (e: Derivation["y"], define: boolean) => (doc ? named.renderDoc(e, define) : named.render(e, define));
  const lines = d.program.statements
    .filter((s) => s.used && s.node !== d.y && given.get(s.node.id) === dialect.name(s.name))
    .map((s) => ({ lhs: dialect.name(s.name), rhs: show(s.node, true) }));
  return [...lines, { lhs: dialect.name(d.yName), rhs: show(d.y, false) }];
}
