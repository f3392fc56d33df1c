/** --assume "A: spd, x: positive" → facts per name, validated against the expression's names and shapes. */
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import { nearest } from "../diagnostics/suggest.js";
import { type Fact, FACTS } from "../numeric/instance.js";
import { isSquareShape, shapeToString, type Shape } from "../shapes/shape.js";
import { parseAssumeList } from "../syntax/parse.js";

const ALIASES: Readonly<Record<string, Fact>> = Object.assign(Object.create(null) as Record<string, Fact>, {
  spd: "spd", pd: "spd", positive: "positive", symmetric: "symmetric", sym: "symmetric", orthogonal: "orthogonal",
  stochastic: "stochastic", "rows sum to 1": "stochastic", "row stochastic": "stochastic",
});
/** Facts about a square matrix; the others (positive, stochastic) hold for any shape. */
const SQUARE_ONLY: ReadonlySet<Fact> = new Set(["spd", "symmetric", "orthogonal"]);

export function readAssumptions(texts: readonly string[], variables: ReadonlyMap<string, Shape>, computed: ReadonlySet<string> = new Set()): Map<string, Set<Fact>> {
  const out = new Map<string, Set<Fact>>();
  for (const text of texts) {
    const parsed = parseAssumeList(text, "--assume");
    if (!parsed.ok) throw new DiagnosticError(parsed.diagnostics[0]!);
    for (const a of parsed.value) {
      const where = { span: a.factSpan, text, origin: "--assume" };
      const fact = ALIASES[a.fact.replace(/\s+/g, " ").toLowerCase()];
      if (!fact) {
        const s = nearest(a.fact, Object.keys(ALIASES));
        throw new DiagnosticError(error("bad-declaration", `unknown fact "${a.fact}"`, where, [],
          s ? `did you mean ${s}? (facts: ${FACTS.join(", ")})` : `facts: ${FACTS.join(", ")}`));
      }
      const shape = variables.get(a.name);
      if (!shape && computed.has(a.name)) {
        throw new DiagnosticError(error("unknown-name", `${a.name} is a value the program computes, and facts are given for its inputs (a computed value has what follows from theirs)`,
          { span: a.nameSpan, text, origin: "--assume" }, [], `state the fact for the inputs ${a.name} is computed from`));
      }
      if (!shape) {
        const s = nearest(a.name, [...variables.keys()]);
        throw new DiagnosticError(error("unknown-name", `${a.name} is not a name of the expression`, { span: a.nameSpan, text, origin: "--assume" }, [],
          s ? `did you mean ${s}?` : undefined));
      }
      if (SQUARE_ONLY.has(fact) && !isSquareShape(shape)) {
        throw new DiagnosticError(error("bad-declaration", `${a.name} is ${shapeToString(shape)}, so it cannot be ${fact}: that needs a square matrix`, where));
      }
      const set = out.get(a.name) ?? new Set<Fact>();
      set.add(fact);
      if (fact === "spd") set.add("symmetric");
      out.set(a.name, set);
    }
  }
  return out;
}
