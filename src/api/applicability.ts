/**
 * An option that does not apply to the command, form or format given is an
 * error naming the option and why, never silently ignored. The
 * rules read which options the user actually gave, not their defaults.
 */
import { type Diagnostic, error } from "../diagnostics/diagnostic.js";
import { type CommandName, OPTIONS, attributeName, flagOf } from "./option-table.js";
import { CHECK_FORMATS, CODE_FORMATS, type Form, type Format, isCodeFormat } from "./options.js";

export interface GivenOptions {
  readonly command: CommandName;
  /** Attribute names of the options given on the command line (gradName, not --grad-name). */
  readonly given: ReadonlySet<string>;
  readonly format: Format;
  readonly form: Form;
  readonly check: boolean;
  readonly file: boolean;
  readonly expression: boolean;
}

type Rule = (o: GivenOptions) => string | null;

const NUMERIC = "it sets up the numeric check, which derive runs only with --check";
const perEntry = (field: string): Rule => (o) => (o.file ? `with --file every entry gives its own "${field}"` : null);

/** Why each option would not apply; null when it does. */
const RULES: Readonly<Record<string, Rule>> = {
  steps: (o) => (o.format === "json" || isCodeFormat(o.format) ? `--format ${o.format} has no steps; --steps goes with text, latex or markdown` : null),
  bare: (o) => (!isCodeFormat(o.format) ? `it prints the generated function alone, so it needs a code format (${CODE_FORMATS.join(", ")}), not ${o.format}` : null),
  standalone: (o) => (o.format !== "latex" ? `it makes a whole LaTeX document, so it needs --format latex (not ${o.format})` : null),
  format: (o) =>
    o.command === "check" && o.file ? "a batch (--file) is reported with --reporter text|json|junit|github"
      : o.command === "check" && !(CHECK_FORMATS as readonly string[]).includes(o.format)
        ? `check reports a claim as ${CHECK_FORMATS.join(" or ")}; --format ${o.format} prints code for a derivative (use matdiff derive)` : null,
  reporter: (o) => (!o.file ? "it chooses how a batch (--file) is reported; a single claim uses --format text|json" : null),
  layout: (o) => (o.form !== "jacobian" && !o.file ? `it chooses the Jacobian's layout, and --form ${o.form} is ${o.form === "index" ? "entrywise" : "layout-free"}` : null),
  gradName: (o) => (o.form !== "grad" && !o.file ? `it names the upstream gradient of --form grad, not --form ${o.form}` : null),
  seed: (o) => (o.command === "derive" && !o.check ? NUMERIC : null),
  trials: (o) => (o.command === "derive" && !o.check ? NUMERIC : null),
  tol: (o) => (o.command === "derive" && !o.check ? NUMERIC : null),
  dims: (o) => (o.command === "derive" && !o.check ? NUMERIC : null),
  wrt: perEntry("wrt"),
  claim: perEntry("claim"),
  shape: perEntry("shape"),
  assume: perEntry("assume"),
  order: perEntry("order"),
  file: (o) => (o.expression ? "give either an expression or --file, not both" : null),
  input: (o) => (o.file ? "--file runs the entries of a batch; --input reads one expression or program" : null),
  of: perEntry("expr"),
  function: perEntry("function"),
};

export function inapplicableOption(o: GivenOptions): Diagnostic | null {
  for (const spec of OPTIONS) {
    const name = attributeName(spec);
    if (!o.given.has(name)) continue;
    const flag = flagOf(spec);
    const why = !spec.commands.includes(o.command)
      ? `it is an option of matdiff ${spec.commands.join(" and ")}, not ${o.command}`
      : RULES[name]?.(o) ?? null;
    if (why) return error("bad-option", `${flag} does not apply: ${why}`);
  }
  return null;
}
