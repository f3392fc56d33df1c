/**
 * Colour for structure (operators, names, verdicts), never the only carrier
 * of meaning. On when stdout is a terminal, unless --no-color or a non-empty
 * NO_COLOR (no-color.org); FORCE_COLOR, when set, decides either way
 * ("0" or "false" off, anything else on), as Node's own tools do.
 */
import type { ReportStyle } from "../print/report/claim.js";
import { plainTextStyle } from "../print/text-style.js";
import type { CliIO } from "./io.js";

export type Styles = ReportStyle;

export function useColour(io: CliIO, colorOption: boolean): boolean {
  if (!colorOption) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  return io.isTTY;
}

/** An SGR pair; an inner span that closes with the same code re-opens the outer one, so every escape stays balanced. */
const sgr = (on: number, off: number) => (s: string): string =>
  `\u001b[${on}m${s.split(`\u001b[${off}m`).join(`\u001b[${off}m\u001b[${on}m`)}\u001b[${off}m`;

export function makeStyles(colour: boolean): Styles {
  const id = (s: string) => s;
  const [bold, dim, red, green, yellow, cyan] = colour
    ? [sgr(1, 22), sgr(2, 22), sgr(31, 39), sgr(32, 39), sgr(33, 39), sgr(36, 39)]
    : [id, id, id, id, id, id];
  return {
    // without colour, the printers' own plain style: they then drop the spans in one pass instead of styling each
    text: colour ? { fn: cyan, sym: yellow, name: bold, header: dim, note: dim } : plainTextStyle,
    diagnostics: { error: (s) => bold(red(s)), warning: (s) => bold(yellow(s)), caret: red, note: cyan, bold },
    pass: green,
    fail: red,
  };
}
