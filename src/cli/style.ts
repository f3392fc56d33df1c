/** Colour for structure (operators, names, verdicts), never the only carrier of meaning. */
import { Chalk } from "chalk";
import type { Style as DiagnosticStyle } from "../diagnostics/format.js";
import type { TextStyle } from "../print/text.js";
import type { CliIO } from "./io.js";

export interface Styles {
  readonly text: TextStyle;
  readonly diagnostics: DiagnosticStyle;
  pass(s: string): string;
  fail(s: string): string;
}

export function useColour(io: CliIO, colorOption: boolean): boolean {
  return colorOption && io.isTTY && io.env.NO_COLOR === undefined;
}

export function makeStyles(colour: boolean): Styles {
  const c = new Chalk({ level: colour ? 1 : 0 });
  return {
    text: { fn: c.cyan, sym: c.yellow, name: c.bold, header: c.dim, note: c.dim },
    diagnostics: { error: (s) => c.bold(c.red(s)), warning: (s) => c.bold(c.yellow(s)), caret: c.red, note: c.cyan, bold: c.bold },
    pass: c.green,
    fail: c.red,
  };
}
