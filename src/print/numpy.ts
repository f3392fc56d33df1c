/** The NumPy, PyTorch and JAX modules of a derivation; the back-ends themselves are in codegen/. */
import type { Derivation } from "../api/derive.js";
import { type CodeOptions, formatCode } from "./codegen/index.js";

export function formatNumpy(d: Derivation, options: CodeOptions = {}): string {
  return formatCode(d, "numpy", options);
}

export function formatTorch(d: Derivation, options: CodeOptions = {}): string {
  return formatCode(d, "torch", options);
}

export function formatJax(d: Derivation, options: CodeOptions = {}): string {
  return formatCode(d, "jax", options);
}
