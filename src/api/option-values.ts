/**
 * Reading option values, from the command line or a batch entry alike: a
 * bad value is a `bad-option` diagnostic naming the option, with "did you
 * mean" for a misspelt choice; never an exception that escapes.
 */
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import { nearest } from "../diagnostics/suggest.js";

export function badOption(message: string, help?: string): never {
  throw new DiagnosticError(error("bad-option", message, undefined, [], help));
}

/** One of a fixed list: `--layout numerater` → did you mean numerator? */
export function readChoice<T extends string>(option: string, value: unknown, choices: readonly T[], spell = (guess: string) => `${option} ${guess}`): T {
  const v = String(value);
  if ((choices as readonly string[]).includes(v)) return v as T;
  const guess = nearest(v, choices);
  badOption(`${option} must be one of ${choices.join(", ")}, not "${v}"`, guess ? `did you mean ${spell(guess)}?` : undefined);
}

export function readInteger(option: string, value: unknown, min: number, max: number): number {
  const s = String(value).trim();
  if (!/^[+-]?\d+$/.test(s)) badOption(`${option} takes a whole number, not "${s}"`);
  const n = Number(s);
  // the value as typed: 99999999999999999999999 read as a double would print as 1e+23
  if (n < min || n > max) badOption(`${option} must be between ${min} and ${max}, not ${s}`);
  return n;
}

export function readPositiveNumber(option: string, value: unknown): number {
  const s = String(value).trim();
  const n = Number(s);
  if (s === "" || !Number.isFinite(n) || n <= 0) badOption(`${option} takes a positive number, not "${s}"`);
  return n;
}

/** The upstream gradient's name (--grad-name): a name of the input language. */
export function readName(option: string, value: unknown): string {
  const s = String(value);
  if (!/^[A-Za-z\u0391-\u03C9][A-Za-z0-9_\u0391-\u03C9]*$/.test(s)) badOption(`${option} must be a name, not "${s}"`);
  return s;
}

/** "N=3,H=4" → N ↦ 3, H ↦ 4. */
export function readDims(option: string, text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z][A-Za-z0-9_]*)\s*=\s*(\d+)$/.exec(part);
    if (!m) badOption(`${option} entries look like N=3, not "${part}"`);
    const n = Number(m[2]);
    if (n < 1 || n > 5000) badOption(`${option}: ${m[1]} must be between 1 and 5000, not ${n}`);
    out.set(m[1]!, n);
  }
  return out;
}

/** Limits of the numeric options, shared by the command line and batch entries. */
export const SEED_RANGE = [-(2 ** 31), 2 ** 31 - 1] as const;
export const TRIALS_RANGE = [1, 100] as const;
