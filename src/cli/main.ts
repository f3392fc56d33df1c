/**
 * The command line: a thin layer over the library. Commander is built from
 * the options table; main() returns the exit code (0 ok, 1 a claim or check
 * failed, 2 bad input, 3 a matdiff bug) and never lets an exception escape
 * as a stack trace. The engine is imported only when a command runs, so
 * --version and --help load nothing but this file and commander.
 */
import { Command, CommanderError, Option } from "commander";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import { VERSION } from "../version.js";
import { DEFAULTS } from "../api/options.js";
import { type CliIO, processIO } from "./io.js";
import { type CommandName, OPTIONS, attributeName, flagOf } from "./options.js";
import { readSettings, reportingFormat } from "./request.js";
import { makeStyles, useColour } from "./style.js";
import { SizeLimit, resourceLimitMessage } from "../diagnostics/resource-limit.js";

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

/** The expression or program: the argument, standard input (-) or --input's file. */
async function expressionArgument(expr: string | undefined, inputFile: string | undefined, io: CliIO): Promise<string | undefined> {
  if (inputFile !== undefined) {
    if (expr !== undefined) throw new DiagnosticError(error("bad-option", "give either an expression or --input, not both"));
    try {
      return inputText(await io.readFile(inputFile));
    } catch (e) {
      throw new DiagnosticError(error("bad-option", `--input: cannot read ${inputFile}: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  if (expr === "-") return inputText(await io.readStdin());
  return expr;
}

/** A file's or standard input's text as an input: without the byte-order mark some editors write first, or trailing blanks. */
const inputText = (text: string): string => text.replace(/^\uFEFF/, "").trimEnd();

/**
 * An expression may start with a minus ("-t'*log(s)"), which commander would
 * take for an option. An argument after the command that starts with "-" but
 * is not shaped like a flag is moved after "--", where it is positional.
 */
export function protectExpressions(argv: readonly string[]): string[] {
  const commandAt = argv.findIndex((a) => a === "derive" || a === "check");
  if (commandAt < 0 || argv.includes("--")) return [...argv];
  const flag = /^--?[A-Za-z][A-Za-z-]*(=.*)?$/;
  const takingValues = new Set(OPTIONS.filter((o) => o.flags.includes("<")).map(flagOf));
  const out: string[] = [];
  const moved: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const takesValue = takingValues.has(argv[i - 1] ?? "");
    if (i > commandAt && a.startsWith("-") && a !== "-" && !flag.test(a) && !takesValue) moved.push(a);
    else out.push(a);
  }
  return moved.length ? [...out, "--", ...moved] : out;
}

const BUG = "this is a matdiff bug; please report it with the command that caused it";

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let code = 0;
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

  const run = async (name: CommandName, expr: string | undefined, cmd: Command) => {
    const raw = cmd.opts();
    const format = reportingFormat(raw);
    const plain = makeStyles(false);
    const given = new Set(OPTIONS.map(attributeName).filter((k) => cmd.getOptionValueSource(k) === "cli"));
    try {
      const settings = readSettings(name, raw, given, expr !== undefined);
      const styles = makeStyles(useColour(io, settings.color));
      const input = await expressionArgument(expr, settings.input, io);
      if (name === "derive") {
        if (input === undefined || input.trim() === "") {
          const { reportDiagnostics } = await import("./report.js");
          code = reportDiagnostics([error("bad-option", "give an expression to differentiate", undefined, [],
            'usage: matdiff derive "<expr>" --wrt <name> [options]   (use - to read it from standard input)')], format, io, styles);
          return;
        }
        code = await (await import("./derive-command.js")).runDerive(input, settings, io, styles);
      } else {
        code = await (await import("./check-command.js")).runCheck(input, settings, io, styles);
      }
    } catch (e) {
      if (e instanceof DiagnosticError) code = (await import("./report.js")).reportDiagnostics([e.diagnostic], format, io, plain);
      else throw e;
    }
  };

  // Only the command being run needs its options built (about 20 per command): when the first
  // word that is not an option names a command, the other command gets none.
  const invoked = argv.find((a) => !a.startsWith("-"));
  for (const [name, description, argument] of [
    ["derive", "differentiate an expression", 'the expression, e.g. "tanh(W*x + b)"; - reads standard input'],
    ["check", "check a claimed derivative, or a batch of claims (YAML, JSON, or a Markdown file's matdiff blocks)", "the expression the claim is about; - reads standard input"],
  ] as const) {
    const cmd = program.command(name).description(description).argument("[expr]", argument).addHelpText("after", examplesText([name]));
    if (invoked === name || (invoked !== "derive" && invoked !== "check")) addOptions(cmd, name);
    cmd.action((expr: string | undefined, _opts: unknown, self: Command) => run(name, expr, self));
  }

  program
    .command("playground")
    .description("serve the playground page on 127.0.0.1 (or open dist/playground/index.html directly); Ctrl-C stops it")
    .addOption(new Option("--port <n>", `the port to listen on [${DEFAULTS.port}]`))
    .addHelpText("after", examplesText(["playground"]))
    .action(async (opts: { port?: string }) => {
      code = await (await import("./playground-command.js")).runPlayground(opts.port, io);
    });

  try {
    await program.parseAsync(protectExpressions(argv), { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      const message = e.message.replace(/^error:\s*/, "");
      io.stderr(`error: ${message}\n${helpText.filter((t) => !t.startsWith("error:")).join("")}`);
      if (["commander.missingArgument", "commander.unknownOption", "commander.unknownCommand", "commander.excessArguments", "commander.optionMissingArgument"].includes(e.code)) {
        io.stderr("run matdiff --help for usage\n");
      }
      return 2;
    }
    if (e instanceof RangeError) {
      // The engine ran out of a resource (stack, string length, memory) on a pathological input: said as such.
      io.stderr(`error: ${resourceLimitMessage(e)}\n${e instanceof SizeLimit ? `  help: ${e.help}\n` : ""}`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`error: internal error: ${message}\n${BUG}\n`);
    return 3;
  }
}

/** Entry point used by bin/matdiff.js. */
export async function run(): Promise<void> {
  const io = processIO();
  const code = await main(process.argv.slice(2), io);
  // When every byte went to its descriptor with a synchronous write, the process exits at once: left to end by
  // itself, it would first run the work V8 scheduled for later, such as a collection of the young generation,
  // in a process that has nothing left to do.
  if (io.allWritten()) process.exit(code);
  process.exitCode = code;
}
