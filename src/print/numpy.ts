/** The NumPy module of a derivation (SPEC §5); the back-end itself is codegen/numpy.ts. */
import type { Derivation } from "../api/derive.js";
import { formatCode } from "./codegen/index.js";

export function formatNumpy(d: Derivation): string {
  return formatCode(d, "numpy");
}
