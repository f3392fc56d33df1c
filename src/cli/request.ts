/**
 * From commander's raw option values to validated settings; a bad value is a
 * `bad-option` diagnostic (exit code 2), never an exception.
 */
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import type { Form, Layout } from "../calculus/layout.js";
import { OPTIONS } from "./options.js";

export type OutputFormat = "text" | "latex" | "json" | "numpy";

export interface Settings {
  readonly wrt: string[];
  readonly shapes: string[];
  readonly layout: Layout;
  readonly form: Form;
  readonly format: OutputFormat;
  readonly steps: boolean;
  readonly check: boolean;
  readonly claim?: string;
  readonly file?: string;
  readonly assume: string[];
  readonly seed: number;
  readonly trials: number;
  readonly tol: number;
  readonly dims: Map<string, number>;
  readonly gradName: string;
  readonly order: 1 | 2;
  readonly standalone: boolean;
  readonly color: boolean;
}

function bad(message: string, help?: string): never {
  throw new DiagnosticError(error("bad-option", message, undefined, [], help));
}

function choice<T extends string>(flag: string, value: unknown): T {
  const spec = OPTIONS.find((o) => o.flags.startsWith(flag))!;
  const v = String(value);
  if (!spec.choices!.includes(v)) bad(`${flag} must be one of ${spec.choices!.join(", ")}, not "${v}"`);
  return v as T;
}

function integer(flag: string, value: unknown, min: number, max: number): number {
  const s = String(value).trim();
  if (!/^[+-]?\d+$/.test(s)) bad(`${flag} takes a whole number, not "${s}"`);
  const n = Number(s);
  if (n < min || n > max) bad(`${flag} must be between ${min} and ${max}, not ${n}`);
  return n;
}

function positiveFloat(flag: string, value: unknown): number {
  const s = String(value).trim();
  const n = Number(s);
  if (s === "" || !Number.isFinite(n) || n <= 0) bad(`${flag} takes a positive number, not "${s}"`);
  return n;
}

/** --dims "N=3,H=4" */
export function parseDims(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z][A-Za-z0-9_]*)\s*=\s*(\d+)$/.exec(part);
    if (!m) bad(`--dims entries look like N=3, not "${part}"`);
    const n = Number(m[2]);
    if (n < 1 || n > 5000) bad(`--dims: ${m[1]} must be between 1 and 5000, not ${n}`);
    out.set(m[1]!, n);
  }
  return out;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

export function readSettings(raw: Record<string, unknown>): Settings {
  const wrt = list(raw.wrt).flatMap((w) => w.split(",")).map((w) => w.trim()).filter(Boolean);
  const gradName = String(raw.gradName ?? "G");
  if (!/^[A-Za-z\u0391-\u03C9][A-Za-z0-9_\u0391-\u03C9]*$/.test(gradName)) bad(`--grad-name must be a name, not "${gradName}"`);
  return {
    wrt,
    shapes: list(raw.shape),
    layout: choice<Layout>("--layout", raw.layout ?? "mixed"),
    form: choice<Form>("--form", raw.form ?? "jacobian"),
    format: choice<OutputFormat>("--format", raw.format ?? "text"),
    steps: Boolean(raw.steps),
    check: Boolean(raw.check),
    claim: raw.claim === undefined ? undefined : String(raw.claim),
    file: raw.file === undefined ? undefined : String(raw.file),
    assume: list(raw.assume),
    seed: integer("--seed", raw.seed ?? "1", -(2 ** 31), 2 ** 31 - 1),
    trials: integer("--trials", raw.trials ?? "3", 1, 1000),
    tol: positiveFloat("--tol", raw.tol ?? "1e-6"),
    dims: raw.dims === undefined ? new Map() : parseDims(String(raw.dims)),
    gradName,
    order: integer("--order", raw.order ?? "1", 1, 2) as 1 | 2,
    standalone: Boolean(raw.standalone),
    color: raw.color !== false,
  };
}
