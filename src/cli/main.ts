/**
 * The command line: a thin layer over the library. Commander is built from
 * the options table; main() returns the exit code (0 ok, 1 a claim or check
 * failed, 2 bad input) and never lets an exception escape as a stack trace.
 */
import { Command, CommanderError, Option } from "commander";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import { VERSION } from "../version.js";
import { type CliIO, processIO } from "./io.js";
import { type CommandName, OPTIONS } from "./options.js";
import { type OutputFormat, readSettings } from "./request.js";
import { makeStyles, useColour } from "./style.js";
import { reportDiagnostics } from "./report.js";
import { runDerive } from "./derive-command.js";
import { runCheck } from "./check-command.js";

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function addOptions(cmd: Command, name: CommandName): void {
  for (const spec of OPTIONS.filter((o) => o.commands.includes(name))) {
    const choices = spec.choices ? ` (${spec.choices.join(", ")})` : "";
    const opt = new Option(spec.flags, spec.description + choices);
    if (spec.defaultValue !== undefined) opt.default(spec.defaultValue);
    if (spec.repeatable) opt.argParser(collect);
    cmd.addOption(opt);
  }
}

async function expressionArgument(expr: string | undefined, io: CliIO): Promise<string | undefined> {
  if (expr === "-") return (await io.readStdin()).replace(/\s+$/, "");
  return expr;
}

/**
 * An expression may start with a minus ("-t'*log(s)"), which commander would
 * take for an option. An argument after the command that starts with "-" but
 * is not shaped like a flag is moved after "--", where it is positional.
 */
export function protectExpressions(argv: readonly string[]): string[] {
  const commandAt = argv.findIndex((a) => a === "derive" || a === "check");
  if (commandAt < 0 || argv.includes("--")) return [...argv];
  const flag = /^--?[A-Za-z][A-Za-z-]*(=.*)?$/;
  const out: string[] = [];
  const moved: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const previous = argv[i - 1] ?? "";
    const takesValue = OPTIONS.some((o) => o.flags.includes("<") && o.flags.split(" ")[0] === previous);
    if (i > commandAt && a.startsWith("-") && a !== "-" && !flag.test(a) && !takesValue) moved.push(a);
    else out.push(a);
  }
  return moved.length ? [...out, "--", ...moved] : out;
}

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let code = 0;
  const helpText: string[] = [];
  const program = new Command("matdiff")
    .description("Differentiate matrix expressions in the layout you choose, show the derivation, and check any result numerically.")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => helpText.push(s), outputError: () => undefined })
    .showSuggestionAfterError(true)
    .addHelpText("after", [
      "",
      "Examples:",
      '  matdiff derive "tanh(W*x + b)" --wrt x --layout numerator',
      '  matdiff derive "tanh(h*Whh + x*Wxh + b)" --shape "h: N x H, x: N x D, b: 1 x H" --wrt h --form grad --steps',
      "  matdiff derive \"x'*A*x\" --wrt x --order 2 --check",
      "  matdiff check \"tanh(W*x + b)\" --wrt x --claim \"W'*diag(1 - tanh(W*x + b).^2)\" --layout denominator",
      "  matdiff check --file checks.yaml",
      "",
      "Exit codes: 0 success, 1 a claim or check failed, 2 the input is wrong.",
    ].join("\n"));

  const run = async (name: CommandName, expr: string | undefined, raw: Record<string, unknown>) => {
    // The format for reporting errors, even when another option is bad: any valid --format, else text.
    const formats = OPTIONS.find((o) => o.flags.startsWith("--format"))!.choices!;
    const format = typeof raw.format === "string" && formats.includes(raw.format) ? (raw.format as OutputFormat) : "text";
    const fallbackStyles = makeStyles(false);
    try {
      const settings = readSettings(raw);
      const styles = makeStyles(useColour(io, settings.color));
      const input = await expressionArgument(expr, io);
      if (name === "derive") {
        if (input === undefined || input.trim() === "") {
          code = reportDiagnostics([error("bad-option", "give an expression to differentiate", undefined, [],
            'usage: matdiff derive "<expr>" --wrt <name> [options]   (use - to read it from standard input)')], format, io, styles);
          return;
        }
        code = await runDerive(input, settings, io, styles);
      } else {
        code = await runCheck(input, settings, io, styles);
      }
    } catch (e) {
      if (e instanceof DiagnosticError) code = reportDiagnostics([e.diagnostic], format, io, fallbackStyles);
      else throw e;
    }
  };

  const derive = program.command("derive").description("differentiate an expression").argument("[expr]", 'the expression, e.g. "tanh(W*x + b)"; - reads standard input');
  addOptions(derive, "derive");
  derive.action((expr: string | undefined, opts: Record<string, unknown>) => run("derive", expr, opts));

  const check = program.command("check").description("check a claimed derivative, or a batch file of claims").argument("[expr]", "the expression the claim is about");
  addOptions(check, "check");
  check.action((expr: string | undefined, opts: Record<string, unknown>) => run("check", expr, opts));

  try {
    await program.parseAsync(protectExpressions(argv), { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      if (e.exitCode === 0) return 0;
      const message = e.message.replace(/^error:\s*/, "");
      io.stderr(`error: ${message}\n${helpText.filter((t) => !t.startsWith("error:")).join("")}`);
      if (e.code === "commander.missingArgument" || e.code === "commander.unknownOption" || e.code === "commander.unknownCommand" || e.code === "commander.excessArguments" || e.code === "commander.optionMissingArgument") {
        io.stderr("run matdiff --help for usage\n");
      }
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`error: internal error: ${message}\nthis is a matdiff bug; please report it with the command that caused it\n`);
    return e instanceof RangeError ? 2 : 1;
  }
}

/** Entry point used by bin/matdiff.js. */
export async function run(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2));
}
