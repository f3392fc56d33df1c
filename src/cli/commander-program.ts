/**
 * The command line as commander reads it: the commands, every option from the table, --help with its examples,
 * --version, and commander's own messages for a line that is wrong. main() sends here each line that the plain
 * reader (plain-argv.ts) leaves to commander, and loads this module (and commander) only then.
 */
import { Command, CommanderError, Option } from "commander";
import { VERSION } from "../version.js";
import { DEFAULTS } from "../api/options.js";
import type { CliIO } from "./io.js";
import { type CommandName, OPTIONS, attributeName } from "./options.js";

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const EXAMPLES: Record<CommandName, readonly string[]> = {
  derive: [
    'matdiff derive "tanh(W*x + b)" --shape "W: m x n, x: n, b: m" --wrt x --layout numerator',
    'matdiff derive "tanh(h*Whh + x*Wxh + b)" --shape "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H" --wrt h --form grad --steps',
    "matdiff derive \"x'*A*x\" --wrt x --order 2 --check",
    'matdiff derive "logsumexp(W*x) - t\'*W*x" --shape "W: k x n, x: n, t: k" --wrt W --form grad --format numpy',
  ],
  check: [
    "matdiff check \"tanh(W*x + b)\" --shape \"W: m x n, x: n, b: m\" --wrt x --claim \"W'*diag(1 - tanh(W*x + b).^2)\" --layout denominator",
    "matdiff check \"x'*A*x\" --wrt x --claim \"(A + A')*x\"",
    "matdiff check --file checks.yaml --reporter junit > matdiff.xml",
    "matdiff check --file notes.md --reporter github",
  ],
  playground: ["matdiff playground", "matdiff playground --port 9000"],
};

const EXIT_CODES = "Exit codes: 0 success, 1 a claim or check failed, 2 the input is wrong, 3 a matdiff bug.";

const examplesText = (names: readonly CommandName[]): string =>
  ["", "Examples:", ...names.flatMap((n) => EXAMPLES[n].map((e) => `  ${e}`)), "", EXIT_CODES].join("\n");

/** Every option goes on every command (so a misplaced one gets a reason, not "unknown option"); help shows the command's own. */
function addOptions(cmd: Command, name: CommandName): void {
  for (const spec of OPTIONS) {
    const choices = spec.choices ? ` (${spec.choices.join(", ")})` : "";
    const opt = new Option(spec.flags, spec.description + choices);
    if (spec.defaultValue !== undefined) opt.default(spec.defaultValue);
    if (spec.repeatable) opt.argParser(collect);
    if (!spec.commands.includes(name)) opt.hideHelp();
    cmd.addOption(opt);
  }
}

/** What a command does once its line is read: the options' values (with defaults) and those the line set. */
export type CommandAction = (name: "derive" | "check", expr: string | undefined, raw: Record<string, unknown>, given: ReadonlySet<string>) => Promise<void>;

/** Commander's errors that a pointer to --help follows. */
const USAGE_ERRORS = ["commander.missingArgument", "commander.unknownOption", "commander.unknownCommand", "commander.excessArguments", "commander.optionMissingArgument"];

/**
 * Reads `argv` with commander and runs the command it names. Returns the exit code when commander answered by itself
 * (0 after --help or --version, 2 with its message for a wrong line), or undefined when a command ran.
 */
export async function parseWithCommander(
  argv: readonly string[], io: CliIO, action: CommandAction, playground: (port: string | undefined) => Promise<void>,
): Promise<number | undefined> {
  const helpText: string[] = [];
  const program = new Command("matdiff")
    .description("Differentiate matrix expressions in the layout you choose, show the derivation, and check any result numerically.")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => helpText.push(s),
      outputError: () => undefined,
      // commander's own answers read process.stdout, whose creation costs more than the rest of --help.
      getOutHelpWidth: () => (io.isTTY ? process.stdout.columns : undefined) ?? 80,
      getOutHasColors: () => io.isTTY && (process.stdout.hasColors?.() ?? false),
    })
    .showSuggestionAfterError(true)
    .addHelpText("after", examplesText(["derive", "check"]));

  // Only the command being run needs its options built (about 20 per command): when the first
  // word that is not an option names a command, the other command gets none.
  const invoked = argv.find((a) => !a.startsWith("-"));
  for (const [name, description, argument] of [
    ["derive", "differentiate an expression", 'the expression, e.g. "tanh(W*x + b)"; - reads standard input'],
    ["check", "check a claimed derivative, or a batch of claims (YAML, JSON, or a Markdown file's matdiff blocks)", "the expression the claim is about; - reads standard input"],
  ] as const) {
    const cmd = program.command(name).description(description).argument("[expr]", argument).addHelpText("after", examplesText([name]));
    if (invoked === name || (invoked !== "derive" && invoked !== "check")) addOptions(cmd, name);
    cmd.action((expr: string | undefined, _opts: unknown, self: Command) =>
      action(name, expr, self.opts(), new Set(OPTIONS.map(attributeName).filter((k) => self.getOptionValueSource(k) === "cli"))));
  }

  program
    .command("playground")
    .description("serve the playground page on 127.0.0.1 (or open dist/playground/index.html directly); Ctrl-C stops it")
    .addOption(new Option("--port <n>", `the port to listen on [${DEFAULTS.port}]`))
    .addHelpText("after", examplesText(["playground"]))
    .action(async (opts: { port?: string }) => playground(opts.port));

  try {
    await program.parseAsync(argv, { from: "user" });
    return undefined;
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.exitCode === 0) return 0;
    const message = e.message.replace(/^error:\s*/, "");
    io.stderr(`error: ${message}\n${helpText.filter((t) => !t.startsWith("error:")).join("")}`);
    if (USAGE_ERRORS.includes(e.code)) io.stderr("run matdiff --help for usage\n");
    return 2;
  }
}
