/**
 * A batch entry's fields, read into a check request: name expr
 * wrt claim shape layout form assume order dims tol trials seed grad-name
 * function. A malformed entry becomes an error for that entry alone.
 */
import { DiagnosticError, type Diagnostic, error } from "../../diagnostics/diagnostic.js";
import { listed, shortName } from "../../diagnostics/listing.js";
import { nearest } from "../../diagnostics/suggest.js";
import type { CheckRequest } from "../check.js";
import { DEFAULTS, FORMS, LAYOUTS, type NumericOptions } from "../options.js";
import { SEED_RANGE, TRIALS_RANGE, readChoice, readDims, readInteger, readName, readPositiveNumber } from "../option-values.js";
import { ENTRY_FIELDS } from "./fields.js";
import type { SourceEntry } from "./sources.js";

/** Spellings accepted besides the documented ones. */
const ALIASES: Record<string, string> = { shapes: "shape", gradName: "grad-name", functions: "function" };

export interface BatchEntry {
  readonly name: string;
  readonly line: number;
  readonly request?: CheckRequest;
  readonly error?: Diagnostic;
}

/** What the command line sets for every entry that does not set it itself. */
export interface EntryDefaults extends NumericOptions {
  readonly layout?: CheckRequest["layout"];
  readonly form?: CheckRequest["form"];
  readonly gradName?: string;
  /** --strict: every entry's names must be declared. */
  readonly strict?: boolean;
}

/** An entry's name: its text, also when YAML reads it as a number or a boolean (name: 1e3, name: true); undefined when it has none. */
const nameOf = (v: unknown): string | undefined => {
  const s = typeof v === "string" ? v.trim() : typeof v === "number" || typeof v === "boolean" ? String(v) : "";
  return s || undefined;
};

function bad(name: string, message: string, help?: string): never {
  throw new DiagnosticError(error("bad-declaration", `entry "${name}": ${message}`, undefined, [], help));
}

const strings = (name: string, field: string, v: unknown): string[] => {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  bad(name, `"${field}" must be a string or a list of strings`);
};

/** A field's value as the option readers expect it: numbers and mappings become their text. */
const scalarText = (v: unknown): string => (typeof v === "number" || typeof v === "string" ? String(v) : JSON.stringify(v));

function dimsOf(name: string, v: unknown): Map<string, number> {
  if (typeof v === "string") return readDims(`"dims" of entry "${name}"`, v);
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    return readDims(`"dims" of entry "${name}"`, Object.entries(v).map(([k, n]) => `${k}=${scalarText(n)}`).join(","));
  }
  bad(name, `"dims" is a string like "N=3, H=4" or a mapping of sizes`);
}

function readEntry(raw: unknown, fallbackName: string, defaults: EntryDefaults): Omit<BatchEntry, "line"> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) bad(fallbackName, "an entry is a mapping of fields (name, expr, wrt, claim, …)");
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) o[Object.hasOwn(ALIASES, k) ? ALIASES[k]! : k] = v;
  const name = nameOf(o.name) ?? fallbackName;
  const unknown = Object.keys(o).filter((k) => !(ENTRY_FIELDS as readonly string[]).includes(k));
  if (unknown.length) {
    const guess = nearest(unknown[0]!, ENTRY_FIELDS);
    // the first few named (listed), so that an entry of thousands of stray keys gets a message of one line
    bad(name, `unknown field ${listed(unknown.map((k) => `"${shortName(k)}"`))}`, `${guess ? `did you mean "${guess}"? ` : ""}fields: ${ENTRY_FIELDS.join(", ")}`);
  }
  // A claim or expression that YAML reads as a number (claim: 0, the derivative of a constant) is its text.
  for (const field of ["expr", "claim"]) if (typeof o[field] === "number") o[field] = String(o[field]);
  for (const field of ["expr", "wrt", "claim"]) {
    if (typeof o[field] !== "string" || !(o[field] as string).trim()) bad(name, `needs "${field}" (a string)`);
  }
  const wrt = (o.wrt as string).trim();
  if (wrt.includes(",")) bad(name, `checks one claim about one variable; "wrt" is "${wrt}"`);
  const field = (f: string) => `"${f}" of entry "${name}"`;
  const numeric: NumericOptions = {
    trials: o.trials === undefined ? defaults.trials : readInteger(field("trials"), scalarText(o.trials), ...TRIALS_RANGE),
    tol: o.tol === undefined ? defaults.tol : readPositiveNumber(field("tol"), scalarText(o.tol)),
    seed: o.seed === undefined ? defaults.seed : readInteger(field("seed"), scalarText(o.seed), ...SEED_RANGE),
    dims: o.dims === undefined ? defaults.dims : dimsOf(name, o.dims),
    defaultDims: defaults.defaultDims,
  };
  const request: CheckRequest = {
    expr: o.expr as string,
    wrt,
    claim: o.claim as string,
    shapes: strings(name, "shape", o.shape),
    assume: strings(name, "assume", o.assume),
    functions: strings(name, "function", o.function),
    layout: o.layout === undefined ? defaults.layout : readChoice(field("layout"), o.layout, LAYOUTS, (g) => `layout: ${g}`),
    form: o.form === undefined ? defaults.form : readChoice(field("form"), o.form, FORMS, (g) => `form: ${g}`),
    gradName: o["grad-name"] === undefined ? defaults.gradName : readName(field("grad-name"), o["grad-name"]),
    order: o.order === undefined ? undefined : (readInteger(field("order"), scalarText(o.order), 1, 2) as 1 | 2),
    strict: defaults.strict,
    ...numeric,
  };
  // A field that does not apply to the entry's form is an error, as the same option on the command line is.
  const form = request.form ?? DEFAULTS.form;
  if (o.layout !== undefined && form !== "jacobian") bad(name, `"layout" does not apply: it chooses the Jacobian's layout, and form ${form} is ${form === "index" ? "entrywise" : "layout-free"}`);
  if (o["grad-name"] !== undefined && form !== "grad") bad(name, `"grad-name" does not apply: it names the upstream gradient of form grad, not form ${form}`);
  return { name, request };
}

/** Every entry, read or with its error; the index names an entry that has no name. */
export function readBatchEntries(sources: readonly SourceEntry[], defaults: EntryDefaults): BatchEntry[] {
  return sources.map((s, i) => {
    const fallback = `#${i + 1}`;
    const named = (typeof s.value === "object" && s.value !== null ? nameOf((s.value as { name?: unknown }).name) : undefined) ?? fallback;
    if (s.error) return { name: named, line: s.line, error: s.error };
    try {
      return { ...readEntry(s.value, fallback, defaults), line: s.line };
    } catch (e) {
      if (e instanceof DiagnosticError) return { name: named, line: s.line, error: e.diagnostic };
      throw e;
    }
  });
}
