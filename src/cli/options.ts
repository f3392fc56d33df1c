/**
 * Every command-line option, as data: this one table drives commander, the
 * --help text and the README's option table (scripts/options-table.js).
 */
export type CommandName = "derive" | "check";

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

export const OPTIONS: readonly OptionSpec[] = [
  { flags: "--wrt <names>", description: "differentiate with respect to these names (comma-separated)", commands: ["derive", "check"] },
  { flags: "--shape <decls>", description: 'declare shapes, e.g. "h: N x H, Whh: H x H" (x or ×; "a: scalar"; "x: n" is n×1)', commands: ["derive", "check"], repeatable: true },
  { flags: "--layout <layout>", description: "Jacobian layout convention", commands: ["derive", "check"], defaultValue: "mixed", choices: ["numerator", "denominator", "mixed"] },
  { flags: "--form <form>", description: "what to print: the Jacobian, the backprop gradient, the differential, or index notation with Kronecker deltas", commands: ["derive", "check"], defaultValue: "jacobian", choices: ["jacobian", "grad", "differential", "index"] },
  { flags: "--format <format>", description: "output format", commands: ["derive", "check"], defaultValue: "text", choices: ["text", "latex", "json", "numpy"] },
  { flags: "--steps", description: "print the derivation step by step", commands: ["derive"] },
  { flags: "--check", description: "verify the result against finite differences and report the error", commands: ["derive"] },
  { flags: "--claim <expr>", description: "a hand derivation to check, in the same language (may use G and d<wrt>)", commands: ["check"] },
  { flags: "--file <path>", description: "run a batch of checks from a YAML or JSON file", commands: ["check"] },
  { flags: "--assume <facts>", description: 'domain facts, e.g. "A: spd, x: positive, S: symmetric"', commands: ["derive", "check"], repeatable: true },
  { flags: "--seed <int>", description: "seed for random sizes and values (runs are reproducible)", commands: ["derive", "check"], defaultValue: "1" },
  { flags: "--trials <int>", description: "number of random instances in a numeric check", commands: ["derive", "check"], defaultValue: "3" },
  { flags: "--tol <float>", description: "relative tolerance of a numeric check", commands: ["derive", "check"], defaultValue: "1e-6" },
  { flags: "--dims <sizes>", description: 'fix sizes of dimension symbols in checks, e.g. "N=3,H=4"', commands: ["derive", "check"] },
  { flags: "--grad-name <name>", description: "name of the upstream gradient in --form grad", commands: ["derive", "check"], defaultValue: "G" },
  { flags: "--order <n>", description: "2 gives the Hessian of a scalar expression", commands: ["derive"], defaultValue: "1", choices: ["1", "2"] },
  { flags: "--standalone", description: "with --format latex: a complete document that compiles on its own", commands: ["derive"] },
  { flags: "--no-color", description: "plain output (also when stdout is not a terminal or NO_COLOR is set)", commands: ["derive", "check"] },
];

/** The option's long name as commander stores it: --grad-name → gradName, --no-color → color. */
export function attributeName(spec: OptionSpec): string {
  const long = /--(?:no-)?([a-z-]+)/.exec(spec.flags)![1]!;
  return long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
