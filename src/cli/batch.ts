/**
 * Batch files for `matdiff check --file`: YAML or JSON, a list of claims
 * (or `{ checks: [...] }`), each with the fields name, expr, wrt, claim,
 * shape, layout, form, assume, grad-name. A malformed entry becomes an error
 * for that entry alone.
 */
import { type Diagnostic, type Result, error } from "../diagnostics/diagnostic.js";
import type { Form, Layout } from "../calculus/layout.js";
import { FORMS, LAYOUTS } from "../calculus/layout.js";
import type { CliIO } from "./io.js";

export interface BatchEntry {
  readonly name: string;
  readonly expr?: string;
  readonly wrt?: string;
  readonly claim?: string;
  readonly shapes: string[];
  readonly assume: string[];
  readonly layout?: Layout;
  readonly form?: Form;
  readonly gradName?: string;
  readonly error?: Diagnostic;
}

const FIELDS = new Set(["name", "expr", "wrt", "claim", "shape", "shapes", "layout", "form", "assume", "grad-name", "gradName"]);

const strings = (v: unknown): string[] | null =>
  v === undefined || v === null ? [] : typeof v === "string" ? [v] : Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : null;

function entry(raw: unknown, index: number): BatchEntry {
  const fallback = `#${index + 1}`;
  const fail = (name: string, message: string): BatchEntry => ({ name, shapes: [], assume: [], error: error("bad-declaration", message) });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail(fallback, `entry ${fallback} is not a mapping of fields`);
  const o = raw as Record<string, unknown>;
  const name = typeof o.name === "string" && o.name.trim() ? o.name : fallback;
  const unknown = Object.keys(o).filter((k) => !FIELDS.has(k));
  if (unknown.length) return fail(name, `unknown field ${unknown.map((k) => `"${k}"`).join(", ")} (fields: name, expr, wrt, claim, shape, layout, form, assume, grad-name)`);
  for (const field of ["expr", "wrt", "claim"]) {
    if (typeof o[field] !== "string" || !(o[field] as string).trim()) return fail(name, `entry ${name} needs "${field}" (a string)`);
  }
  const shapes = strings(o.shape ?? o.shapes);
  if (shapes === null) return fail(name, `"shape" must be a string or a list of strings`);
  const assume = strings(o.assume);
  if (assume === null) return fail(name, `"assume" must be a string or a list of strings`);
  if (o.layout !== undefined && !LAYOUTS.includes(o.layout as Layout)) return fail(name, `"layout" must be one of ${LAYOUTS.join(", ")}`);
  if (o.form !== undefined && !FORMS.includes(o.form as Form)) return fail(name, `"form" must be one of ${FORMS.join(", ")}`);
  const gradName = o["grad-name"] ?? o.gradName;
  return {
    name,
    expr: o.expr as string,
    wrt: (o.wrt as string).trim(),
    claim: o.claim as string,
    shapes,
    assume,
    layout: o.layout as Layout | undefined,
    form: o.form as Form | undefined,
    gradName: typeof gradName === "string" ? gradName : undefined,
  };
}

export async function readBatch(path: string, io: CliIO): Promise<Result<BatchEntry[]>> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { ok: false, diagnostics: [error("bad-option", code === "ENOENT" ? `no such file: ${path}` : `cannot read ${path}: ${(e as Error).message}`)] };
  }
  let data: unknown;
  try {
    if (/\.json$/i.test(path)) data = JSON.parse(text);
    else data = (await import("yaml")).parse(text);
  } catch (e) {
    return { ok: false, diagnostics: [error("syntax", `${path} is not valid ${/\.json$/i.test(path) ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`)] };
  }
  const list = Array.isArray(data) ? data : typeof data === "object" && data !== null && Array.isArray((data as { checks?: unknown }).checks) ? (data as { checks: unknown[] }).checks : null;
  if (!list) return { ok: false, diagnostics: [error("bad-declaration", `${path} must hold a list of checks (or a mapping with a "checks" list)`)] };
  return { ok: true, value: list.map(entry) };
}
