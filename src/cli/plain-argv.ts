/**
 * The command lines most starts are: `derive` or `check`, one expression, and long options from the table, each
 * value a separate word. Such a line is read here straight from the option table, as commander reads it (the same
 * option values, defaults included, and the same set of options given), so a start does not load and build
 * commander for it. Anything else, which includes every line that asks for help, spells an option another way,
 * repeats the expression or makes a mistake, is left to commander (null), whose messages stay the only ones.
 * test/plain-argv.test.ts holds the two readers to the same result on random command lines.
 */
import { type OptionSpec, OPTIONS, attributeName, flagOf } from "./options.js";

export interface ParsedCommand {
  readonly name: "derive" | "check";
  /** The expression argument, if any. */
  readonly expr: string | undefined;
  /** Option values by attribute name, as commander's opts() gives them: defaults, then what the line sets. */
  readonly raw: Record<string, unknown>;
  /** The attribute names the line itself set. */
  readonly given: ReadonlySet<string>;
}

interface Flag {
  readonly attribute: string;
  /** --wrt <names>: the next word is its value. */
  readonly takesValue: boolean;
  readonly repeatable: boolean;
  /** --no-color sets color to false. */
  readonly negated: boolean;
  /** commander's variadic --file <paths...> takes words up to the next option: left to commander. */
  readonly variadic: boolean;
}

const flagTable = (): ReadonlyMap<string, Flag> =>
  new Map(OPTIONS.map((spec: OptionSpec) => [flagOf(spec), {
    attribute: attributeName(spec),
    takesValue: spec.flags.includes("<"),
    repeatable: spec.repeatable === true,
    negated: flagOf(spec).startsWith("--no-"),
    variadic: spec.flags.includes("..."),
  }] as const));

let flags: ReadonlyMap<string, Flag> | undefined;

/** The options commander sets before reading the line: each default, and true for a negatable flag (--no-color). */
function defaults(): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const spec of OPTIONS) {
    if (spec.defaultValue !== undefined) raw[attributeName(spec)] = spec.defaultValue;
    else if (flagOf(spec).startsWith("--no-")) raw[attributeName(spec)] = true;
  }
  return raw;
}

/** The line read, or null when commander should read it (see the module comment). */
export function readPlainCommandLine(argv: readonly string[]): ParsedCommand | null {
  const name = argv[0];
  if (name !== "derive" && name !== "check") return null;
  flags ??= flagTable();
  const raw = defaults();
  const given = new Set<string>();
  let expr: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith("-") || word === "-") {
      // A second expression is commander's "too many arguments".
      if (expr !== undefined) return null;
      expr = word;
      continue;
    }
    const flag = flags.get(word);
    // --help, -h, --flag=value, "--", a misspelt or unknown option, a variadic one: commander's to read.
    if (flag === undefined || flag.variadic) return null;
    given.add(flag.attribute);
    if (!flag.takesValue) {
      raw[flag.attribute] = !flag.negated;
      continue;
    }
    const value = argv[i + 1];
    // A missing value, or one that looks like an option: commander decides what it means.
    if (value === undefined || value.startsWith("-")) return null;
    i++;
    if (!flag.repeatable) raw[flag.attribute] = value;
    // commander's collect: the values given so far, then this one (a repeatable option has no default)
    else raw[flag.attribute] = [...((raw[flag.attribute] as string[] | undefined) ?? []), value];
  }
  return { name, expr, raw, given };
}
