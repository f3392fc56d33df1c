/**
 * The code back-ends, one per code format. Adding one is a table keyed by
 * OpName, its support module, and its name in api/options.ts CODE_FORMATS
 * (this record then fails to compile until the back-end is listed here).
 */
import type { Derivation } from "../../api/derive.js";
import { CODE_FORMATS, type CodeFormat } from "../../api/options.js";
import { readChoice } from "../../api/option-values.js";
import type { Backend } from "./table.js";
import { NUMPY_BACKEND } from "./numpy-support.js";
import { TORCH_BACKEND } from "./torch-support.js";
import { JAX_BACKEND } from "./jax-support.js";
import { type PythonOptions, formatPython } from "./python.js";

export const BACKENDS: { readonly [F in CodeFormat]: Backend } = {
  numpy: NUMPY_BACKEND,
  torch: TORCH_BACKEND,
  jax: JAX_BACKEND,
};

export type CodeOptions = PythonOptions;

/** The derivation as a module of the back-end's language (`bare`: the function alone, for pasting). */
export function formatCode(d: Derivation, format: CodeFormat, options: CodeOptions = {}): string {
  // A format with no back-end is refused (bad-option) with the nearest one.
  return formatPython(d, BACKENDS[readChoice("formatCode()'s format", format, CODE_FORMATS, (g) => `"${g}"`)], options);
}
