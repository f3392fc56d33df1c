/**
 * The command line: a thin layer over the library. main() returns the exit
 * code (0 ok, 1 a claim or check failed, 2 bad input, 3 a matdiff bug) and
 * never lets an exception escape as a stack trace. A usual line is read
 * straight from the options table (plain-argv.ts); any other, --help and
 * --version included, by commander (commander-program.ts), loaded only then.
 * The engine is imported only when a command runs, so --version and --help
 * load nothing but these files and commander.
 */
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import { type CliIO, processIO } from "./io.js";
import { OPTIONS, flagOf } from "./options.js";
import type { CommandAction } from "./commander-program.js";
import { readPlainCommandLine } from "./plain-argv.js";
import { readSettings, reportingFormat } from "./request.js";
import { makeStyles, useColour } from "./style.js";
import { SizeLimit, resourceLimitMessage } from "../diagnostics/resource-limit.js";

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

/** Characters of input from which a run is long enough to tune the engine for (io.expectLongRun): a 150-step recurrence. */
const LONG_INPUT = 2000;

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
  const run: CommandAction = async (name, expr, raw, given) => {
    const format = reportingFormat(raw);
    const plain = makeStyles(false);
    try {
      const settings = readSettings(name, raw, given, expr !== undefined);
      const styles = makeStyles(useColour(io, settings.color));
      const input = await expressionArgument(expr, settings.input, io);
      if (input !== undefined && input.length >= LONG_INPUT) io.expectLongRun?.();
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

  try {
    const line = protectExpressions(argv);
    // The usual line (a command, its expression, long options) is read from the option table; the rest, help and
    // mistakes included, by commander, which is loaded only then.
    const plainLine = readPlainCommandLine(line);
    if (plainLine) {
      await run(plainLine.name, plainLine.expr, plainLine.raw, plainLine.given);
      return code;
    }
    const { parseWithCommander } = await import("./commander-program.js");
    const answered = await parseWithCommander(line, io, run, async (port) => {
      code = await (await import("./playground-command.js")).runPlayground(port, io);
    });
    return answered ?? code;
  } catch (e) {
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
