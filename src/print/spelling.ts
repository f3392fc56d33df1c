/**
 * Names spelled apart. textName and latexName (leaves.ts) spell one name on
 * its own, as papers do, and two names can come out alike: h1 and h_1 are
 * both h_{1} in LaTeX, Whh and W_hh both W_{hh}, alpha and α both α. Over the
 * names a derivation shows — the ones its graph lists: inputs, statements,
 * the upstream gradient's name, --steps' intermediates — the spelling is
 * one-to-one:
 *   - a name whose spelling no other listed name shares keeps it;
 *   - of names that share one, the name with the fewest readings keeps it
 *     (leaves.ts, Spelt: h_1 keeps h_{1}, W_hh keeps W_{hh}, α keeps α);
 *   - the others, and all of them when the fewest is a tie, are written as
 *     typed: \mathrm{h1}, \mathrm{Whh} in LaTeX (latexAsTyped), alpha in text.
 * Written as typed, a name meets no other name's spelling: in LaTeX, an
 * upright \mathrm{…} of a whole name is only ever that name's; in text, a
 * name spells as another name only by reading a Greek letter off it, and the
 * name typed with that letter then spells it with no reading and keeps it.
 * A name the graph does not list is written as typed when a listed name
 * has its spelling, else spelled on its own.
 */
import type { Graph } from "../expr/node.js";
import { type Spelt, latexAsTyped, latexSpelt, textSpelt } from "./leaves.js";

export type SpelledFormat = "text" | "latex";

interface Rules {
  spelt(name: string): Spelt;
  asTyped(name: string): string;
}

const RULES: { readonly [F in SpelledFormat]: Rules } = {
  text: { spelt: textSpelt, asTyped: (name) => name },
  latex: { spelt: latexSpelt, asTyped: latexAsTyped },
};

/** The listed names that share one spelling, and the one that keeps it (null when the fewest readings are a tie). */
interface Group {
  readonly names: { readonly name: string; readonly readings: number }[];
  owner: string | null;
}

class Speller {
  /** How many of the graph's names have been read into the groups. */
  private seen = 0;
  private readonly groups = new Map<string, Group>();
  /** Each name's spelling, until a new name arrives. */
  private readonly cache = new Map<string, string>();

  constructor(private readonly graph: Graph, private readonly rules: Rules) {}

  spell(name: string): string {
    this.update();
    const known = this.cache.get(name);
    if (known !== undefined) return known;
    const own = this.rules.spelt(name);
    const group = this.groups.get(own.spelling);
    const spelling = !group || group.owner === name ? own.spelling : this.rules.asTyped(name);
    this.cache.set(name, spelling);
    return spelling;
  }

  /** Reads the names the graph listed since the last call (each once). */
  private update(): void {
    const fresh = this.graph.inputNamesFrom(this.seen);
    if (fresh.length === 0) return;
    this.seen += fresh.length;
    this.cache.clear();
    for (const name of fresh) {
      const { spelling, readings } = this.rules.spelt(name);
      const group = this.groups.get(spelling);
      if (!group) {
        this.groups.set(spelling, { names: [{ name, readings }], owner: name });
        continue;
      }
      group.names.push({ name, readings });
      const fewest = Math.min(...group.names.map((n) => n.readings));
      const holders = group.names.filter((n) => n.readings === fewest);
      group.owner = holders.length === 1 ? holders[0]!.name : null;
    }
  }
}

const spellers = new WeakMap<Graph, { [F in SpelledFormat]?: (name: string) => string }>();

/** How `format` spells names in printouts of the derivation that owns `graph`: one-to-one over the names it shows. */
export function spellerOf(graph: Graph, format: SpelledFormat): (name: string) => string {
  let byFormat = spellers.get(graph);
  if (!byFormat) spellers.set(graph, (byFormat = {}));
  let spell = byFormat[format];
  if (!spell) {
    const speller = new Speller(graph, RULES[format]);
    byFormat[format] = spell = (name) => speller.spell(name);
  }
  return spell;
}
