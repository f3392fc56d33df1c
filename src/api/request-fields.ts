/**
 * The library's requests, read as the command line reads its options: every field of derive(), check() and
 * checkDerivation() has one entry in a table saying what it may hold. A field of the wrong type, a value out of
 * range, a missing field or one that no request has is a `bad-option` diagnostic before any work, so that a
 * JavaScript caller (no compiler to catch `order: "2"` or `shape:` for `shapes:`) gets the message a command-line
 * user would, never a silent default or an internal error.
 */
import { badOption, readChoice, readName, SEED_RANGE, TRIALS_RANGE } from "./option-values.js";
import { FORMS, LAYOUTS, ORDERS } from "./options.js";
import type { WorkBudget } from "../numeric/work.js";
import { nearest } from "../diagnostics/suggest.js";

/** Refuses a field's value (badOption) unless it is one the field may hold; `field`: its label in messages (derive()'s "wrt"), `key`: its name. */
type FieldReader = (field: string, value: unknown, key: string) => void;

/** What a value is, for a message: `the number 2`, `a list`, `null`. */
function described(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string": return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case "number": return `the number ${value}`;
    case "boolean": return `${value}`;
    case "object": return value instanceof Map ? "a Map" : "an object";
    default: return `a value of type ${typeof value}`;
  }
}

const text: FieldReader = (field, v) => {
  if (typeof v !== "string") badOption(`${field} is a string, not ${described(v)}`);
};

/** A list of strings: --shape, --assume and --function may be given several times, each value a list of its own. */
const texts = (example: string): FieldReader => (field, v, key) => {
  const help = `write ${key}: [${JSON.stringify(example)}]`;
  if (!Array.isArray(v)) badOption(`${field} is a list of strings, not ${described(v)}`, help);
  const at = v.findIndex((s) => typeof s !== "string");
  if (at >= 0) badOption(`${field} is a list of strings, and its item ${at} is ${described(v[at])}`, help);
};

const choice = (choices: readonly string[]): FieldReader => (field, v, key) => {
  if (typeof v !== "string") badOption(`${field} is one of ${choices.join(", ")}, not ${described(v)}`);
  readChoice(field, v, choices, (guess) => `${key}: "${guess}"`);
};

const integer = ([min, max]: readonly [number, number]): FieldReader => (field, v) => {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    badOption(`${field} is a whole number from ${min} to ${max}, not ${described(v)}`);
  }
};

const flag: FieldReader = (field, v) => {
  if (typeof v !== "boolean") badOption(`${field} is true or false, not ${described(v)}`);
};

const name: FieldReader = (field, v, key) => {
  text(field, v, key);
  readName(field, v);
};

/** The sizes of dimension symbols: a Map from names to whole numbers, 1 to 5000 (as --dims N=3 allows). */
const sizes: FieldReader = (field, v, key) => {
  if (!(v instanceof Map)) badOption(`${field} is a Map from dimension names to sizes, not ${described(v)}`, `write ${key}: new Map([["N", 3]])`);
  for (const [k, n] of v) {
    if (typeof k !== "string" || !/^[A-Za-z][A-Za-z0-9_]*$/.test(k)) badOption(`${field} maps dimension names to sizes, and ${described(k)} is not a name`);
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 5000) badOption(`${field}: ${k} must be a whole number from 1 to 5000, not ${described(n)}`);
  }
};

const SHARED: Record<string, FieldReader> = {
  shapes: texts("W: m x n, x: n"),
  layout: choice(LAYOUTS),
  form: choice(FORMS),
  gradName: name,
  assume: texts("A: spd"),
  order: (field, v) => {
    if (!(ORDERS as readonly unknown[]).includes(v)) badOption(`${field} is the number ${ORDERS.join(" or ")}, not ${described(v)}`);
  },
  of: name,
  functions: texts("f: elementwise"),
  strict: flag,
};

const NUMERIC: Record<string, FieldReader> = {
  trials: integer(TRIALS_RANGE),
  tol: (field, v) => {
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) badOption(`${field} is a positive number, not ${described(v)}`);
  },
  seed: integer(SEED_RANGE),
  dims: sizes,
  defaultDims: sizes,
  // Known by its methods, not instanceof: deriving must not load the numeric code to read a request.
  budget: (field, v) => {
    const b = v as Partial<WorkBudget> | null;
    if (typeof b !== "object" || b === null || !(["startCheck", "spend", "graphLimit", "chargeNodes"] as const).every((m) => typeof b[m] === "function")) badOption(`${field} is a WorkBudget shared by several checks, not ${described(v)}`);
  },
};

/** Each request's fields: what each may hold, and which must be there. */
const REQUESTS = {
  "derive()": { fields: { expr: text, wrt: texts("x"), ...SHARED }, required: ["expr", "wrt"] },
  "check()": { fields: { expr: text, wrt: text, claim: text, ...SHARED, ...NUMERIC }, required: ["expr", "wrt", "claim"] },
  "checkDerivation()": { fields: NUMERIC, required: [] },
} satisfies Record<string, { fields: Record<string, FieldReader>; required: readonly string[] }>;

export type RequestKind = keyof typeof REQUESTS;

/** Refuses (bad-option) a request that is not an object of `kind`'s fields, each holding what it may. Fields set to undefined count as absent. */
export function validRequest(kind: RequestKind, request: unknown): void {
  const { fields, required } = REQUESTS[kind];
  const known = Object.keys(fields);
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    badOption(`${kind} takes an object of fields (${known.join(", ")}), not ${described(request)}`);
  }
  const given = request as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    const read = Object.hasOwn(fields, key) ? (fields as Record<string, FieldReader>)[key] : undefined;
    if (read === undefined) {
      const guess = nearest(key, known);
      badOption(`${kind} has no field "${key}"`, guess ? `did you mean "${guess}"?` : `its fields are ${known.join(", ")}`);
    }
    if (given[key] !== undefined) read(`${kind}'s "${key}"`, given[key], key);
  }
  const missing = required.find((key) => given[key] === undefined);
  if (missing) badOption(`${kind} needs the field "${missing}"`);
}

/** The fields `kind` takes, and which of them it needs. */
export function requestFields(kind: RequestKind): { readonly fields: readonly string[]; readonly required: readonly string[] } {
  return { fields: Object.keys(REQUESTS[kind].fields), required: REQUESTS[kind].required };
}
