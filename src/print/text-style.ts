/**
 * How the CLI colours each role of the text document, and the plain style,
 * which colours nothing. A module of its own so that the command line can
 * choose its styles without loading the printer (and, through it, the
 * operator registry) on --version and --help.
 */
import type { Theme } from "./doc.js";

export interface TextStyle {
  fn(s: string): string;
  sym(s: string): string;
  name(s: string): string;
  header(s: string): string;
  note(s: string): string;
}

const same = (s: string): string => s;
export const plainTextStyle: TextStyle = { fn: same, sym: same, name: same, header: same, note: same };

/** A TextStyle as the document theme it stands for (plain text: no theme, so styling only drops the spans). */
export function themeOf(style: TextStyle): Theme {
  if (style === plainTextStyle) return {};
  return { name: style.name, function: style.fn, operator: style.sym, header: style.header, note: style.note };
}
