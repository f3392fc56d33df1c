/**
 * The numeric kernels' WebAssembly module: the linear algebra, the
 * entry-by-entry passes, the random fills and the diagonal-dominance passes, with the Math functions the
 * fills import. Assembled at build time (scripts/build-wasm.js) into
 * ./generated/kernels-bytes.js, which ./runtime.js compiles.
 */
import { assemble } from "./assemble.js";
import { dominanceFunctions } from "./dominance-code.js";
import { elementwiseFunctions } from "./elementwise-code.js";
import { linalgFunctions } from "./linalg-code.js";
import { RANDOM_IMPORTS, randomFunctions } from "./random-code.js";

export function kernelModule(): Uint8Array<ArrayBuffer> {
  return assemble([...linalgFunctions(), ...elementwiseFunctions(), ...randomFunctions(), ...dominanceFunctions()], 1, RANDOM_IMPORTS);
}
