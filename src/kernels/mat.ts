/**
 * Dense real matrices on Float64Array for numeric evaluation and
 * finite-difference checks: the Mat value and every kernel that needs no
 * factorisation, gathered from the files that implement them.
 *
 * Contract (all kernels):
 * - A Mat is { rows, cols, data } with data stored COLUMN-MAJOR: entry (i, j)
 *   lives at data[i + j * rows]. Hence vec(A) is the data array itself.
 * - Every function is pure: inputs are never modified, results are new Mats.
 * - Size mismatches throw a plain Error naming the operation and the shapes.
 *   Callers validate shapes beforehand, so such an error signals a bug.
 * - Inner loops run directly over Float64Array with no per-element
 *   allocation or function dispatch (map and zip excepted, by design).
 * - Factorisations (LU, solve, inv, det, logdet, the condition estimate) and
 *   softmax / logsumexp are gathered in ./linalg.js.
 */
export {
  type Mat, zeros, full, ones, eye, scalar, fromRows, toRows, get, isScalar, scalarValue, isFiniteMat, isDiagonal, lasting,
} from "./dense.js";
export { matmul, kron } from "./products.js";
export { add, sumOf, sub, hadamard, hdiv, scale, neg, addScaled, map, zip } from "./elementwise.js";
export { transpose, diagEmbed, diagExtract, vec, reshape, commutation, broadcastTo } from "./structure.js";
export { sum, trace, inner, maxAbs, frobenius, relativeError } from "./reductions.js";
