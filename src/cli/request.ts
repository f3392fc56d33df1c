/**
 * From commander's raw option values to validated settings, with the one
 * set of defaults (api/options.ts) and the applicability rules
 * (api/applicability.ts); a bad value is a `bad-option` diagnostic (exit 2).
 */
import { DiagnosticError } from "../diagnostics/diagnostic.js";
import { inapplicableOption } from "../api/applicability.js";
import type { CommandName } from "../api/option-table.js";
import { DEFAULTS, FORMATS, FORMS, type Form, type Format, LAYOUTS, type Layout, REPORTERS, type Reporter } from "../api/options.js";
import { SEED_RANGE, TRIALS_RANGE, readChoice, readDims, readInteger, readName, readPositiveNumber } from "../api/option-values.js";

export interface Settings {
  readonly wrt: string[];
  readonly shapes: string[];
  readonly layout: Layout;
  readonly form: Form;
  readonly format: Format;
  readonly reporter: Reporter;
  readonly steps: boolean;
  readonly check: boolean;
  readonly claim?: string;
  /** check --file: the batch files. */
  readonly files: string[];
  readonly assume: string[];
  readonly seed: number;
  readonly trials: number;
  readonly tol: number;
  readonly dims: Map<string, number>;
  readonly gradName: string;
  readonly order: 1 | 2;
  readonly standalone: boolean;
  /** --bare: a code format's function alone. */
  readonly bare: boolean;
  readonly color: boolean;
  /** --input: the file holding the expression or program. */
  readonly input?: string;
  /** --of: the program's statement to differentiate. */
  readonly of?: string;
  /** --function declarations. */
  readonly functions: string[];
  /** --strict: no default shapes. */
  readonly strict: boolean;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** The --format to report errors in, even when another option is bad: a valid --format, else text. */
export function reportingFormat(raw: Record<string, unknown>): Format {
  return typeof raw.format === "string" && (FORMATS as readonly string[]).includes(raw.format) ? (raw.format as Format) : DEFAULTS.format;
}

/** Validated settings; `given` holds the options the user typed, which must apply to this command, form and format. */
export function readSettings(command: CommandName, raw: Record<string, unknown>, given: ReadonlySet<string>, expression: boolean): Settings {
  const settings: Settings = {
    wrt: list(raw.wrt).flatMap((w) => w.split(",")).map((w) => w.trim()).filter(Boolean),
    shapes: list(raw.shape),
    layout: readChoice("--layout", raw.layout ?? DEFAULTS.layout, LAYOUTS),
    form: readChoice("--form", raw.form ?? DEFAULTS.form, FORMS),
    format: readChoice("--format", raw.format ?? DEFAULTS.format, FORMATS),
    reporter: readChoice("--reporter", raw.reporter ?? DEFAULTS.reporter, REPORTERS),
    steps: Boolean(raw.steps),
    check: Boolean(raw.check),
    claim: raw.claim === undefined ? undefined : String(raw.claim),
    files: list(raw.file),
    assume: list(raw.assume),
    seed: readInteger("--seed", raw.seed ?? DEFAULTS.seed, ...SEED_RANGE),
    trials: readInteger("--trials", raw.trials ?? DEFAULTS.trials, ...TRIALS_RANGE),
    tol: readPositiveNumber("--tol", raw.tol ?? DEFAULTS.tol),
    dims: raw.dims === undefined ? new Map() : readDims("--dims", String(raw.dims)),
    gradName: readName("--grad-name", raw.gradName ?? DEFAULTS.gradName),
    order: readChoice("--order", String(raw.order ?? DEFAULTS.order), ["1", "2"]) === "2" ? 2 : 1,
    standalone: Boolean(raw.standalone),
    bare: Boolean(raw.bare),
    color: raw.color !== false,
    input: raw.input === undefined ? undefined : String(raw.input),
    of: raw.of === undefined ? undefined : readName("--of", raw.of),
    functions: list(raw.function),
    strict: Boolean(raw.strict),
  };
  const inapplicable = inapplicableOption({
    command, given, format: settings.format, form: settings.form, check: settings.check, file: settings.files.length > 0, expression: expression || settings.input !== undefined,
  });
  if (inapplicable) throw new DiagnosticError(inapplicable);
  return settings;
}
