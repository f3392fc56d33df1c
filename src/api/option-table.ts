/**
 * Every command-line option, as data: this one table drives commander, the
 * --help text and the README's option table (scripts/options-table.js).
 * Choices and defaults come from api/options.ts, never restated here.
 */
import { CHECK_FORMATS, DEFAULTS, FORMATS, FORMS, LAYOUTS, ORDERS, REPORTERS } from "./options.js";

export type CommandName = "derive" | "check" | "playground";

export interface OptionSpec {
  /** Commander flag syntax. */
  readonly flags: string;
  readonly description: string;
  readonly commands: readonly CommandName[];
  readonly defaultValue?: string;
  readonly choices?: readonly string[];
  /** May be given several times; values accumulate. */
  readonly repeatable?: boolean;
}

const both: CommandName[] = ["derive", "check"];

export const OPTIONS: readonly OptionSpec[] = [
  { flags: "--wrt <names>", description: "differentiate with respect to these names (comma-separated)", commands: both },
  { flags: "--shape <decls>", description: 'declare shapes, e.g. "h: N x H, Whh: H x H" (x, × or *; "a: scalar"; "x: n" is n×1)', commands: both, repeatable: true },
  { flags: "--layout <layout>", description: "Jacobian layout convention (--form jacobian)", commands: both, defaultValue: DEFAULTS.layout, choices: LAYOUTS },
  { flags: "--form <form>", description: "what to print: the Jacobian, the backprop gradient, the differential, or index notation with Kronecker deltas", commands: both, defaultValue: DEFAULTS.form, choices: FORMS },
  { flags: "--format <format>", description: `output format (check: ${CHECK_FORMATS.join(" or ")})`, commands: both, defaultValue: DEFAULTS.format, choices: FORMATS },
  { flags: "--steps", description: "print the derivation step by step (text, latex, markdown)", commands: ["derive"] },
  { flags: "--check", description: "verify the result against finite differences and report the error", commands: ["derive"] },
  { flags: "--claim <expr>", description: "a hand derivation to check, in the same language (may use G and d<wrt>)", commands: ["check"] },
  { flags: "--file <paths...>", description: "run the checks in YAML, JSON or Markdown files (fenced blocks tagged matdiff)", commands: ["check"] },
  { flags: "--reporter <reporter>", description: "how a batch (--file) is reported", commands: ["check"], defaultValue: DEFAULTS.reporter, choices: REPORTERS },
  { flags: "--assume <facts>", description: 'domain facts, e.g. "A: spd, x: positive, S: symmetric"', commands: both, repeatable: true },
  { flags: "--seed <int>", description: "seed for random sizes and values (runs are reproducible)", commands: both, defaultValue: String(DEFAULTS.seed) },
  { flags: "--trials <int>", description: "number of random instances in a numeric check, 1 to 100", commands: both, defaultValue: String(DEFAULTS.trials) },
  { flags: "--tol <float>", description: "relative tolerance of a numeric check", commands: both, defaultValue: String(DEFAULTS.tol) },
  { flags: "--dims <sizes>", description: 'fix sizes of dimension symbols in checks, e.g. "N=3,H=4"', commands: both },
  { flags: "--grad-name <name>", description: "name of the upstream gradient in --form grad", commands: both, defaultValue: DEFAULTS.gradName },
  { flags: "--order <n>", description: "2 gives the Hessian of a scalar expression", commands: both, defaultValue: String(DEFAULTS.order), choices: ORDERS.map(String) },
  { flags: "--input <path>", description: "read the expression or program from a file", commands: both },
  { flags: "--of <name>", description: "(programs) the statement to differentiate [the last one]", commands: both },
  { flags: "--strict", description: "refuse names whose shape is not declared (no default shapes)", commands: both },
  { flags: "--function <decls>", description: 'declare generic functions, e.g. "f: elementwise, g: scalar"', commands: both, repeatable: true },
  { flags: "--bare", description: "with a code format (numpy, torch, jax): only the function, arrays in and out, no input checks, for pasting", commands: ["derive"] },
  { flags: "--standalone", description: "with --format latex: a complete document that compiles on its own", commands: ["derive"] },
  { flags: "--port <n>", description: `the localhost port the playground listens on [${DEFAULTS.port}]`, commands: ["playground"] },
  { flags: "--no-color", description: "plain output (also when stdout is not a terminal or NO_COLOR is set)", commands: both },
];

/**
 * Each option's attribute and flag, worked out once: reading a command line asks for them option by option several
 * times, and each working-out allocates its match and pieces at start-up.
 */
const ATTRIBUTES = new WeakMap<OptionSpec, string>();
const FLAGS = new WeakMap<OptionSpec, string>();

/** The option's long name as commander stores it: --grad-name → gradName, --no-color → color. */
export function attributeName(spec: OptionSpec): string {
  let name = ATTRIBUTES.get(spec);
  if (name === undefined) {
    const long = /--(?:no-)?([a-z-]+)/.exec(spec.flags)![1]!;
    ATTRIBUTES.set(spec, (name = long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())));
  }
  return name;
}

/** The flag as a user types it: --grad-name, --no-color. */
export function flagOf(spec: OptionSpec): string {
  let flag = FLAGS.get(spec);
  if (flag === undefined) FLAGS.set(spec, (flag = spec.flags.split(" ")[0]!));
  return flag;
}

export function optionByAttribute(name: string): OptionSpec | undefined {
  return OPTIONS.find((o) => attributeName(o) === name);
}
