/**
 * Linear algebra on Mat that needs a factorisation, all from one LU with
 * partial pivoting (./lu.js), plus softmax / logsumexp on column vectors.
 *
 * Contract:
 * - Functions are pure; non-square input and other size mismatches throw a
 *   plain Error. inv and solve of a singular matrix throw.
 * - det A = det(P)·Π u_ii; logdet returns log det A = Σ log|u_ii| when
 *   det A > 0 and NaN otherwise.
 * - The condition number is estimated (Hager–Higham), never from a full
 *   inverse; a diagonally dominant matrix is bounded in O(n²) first (Varah).
 */
export { factorLU, solveInPlace, solveTransposedInPlace, type LU } from "./lu.js";
export { inv, invOrNaN, solve, matpow } from "./inverse.js";
export { det, logdet } from "./determinant.js";
export { norm1, inverseNorm1Estimate, conditionNumberEstimate, dominanceConditionBound, isWellConditioned } from "./condition.js";
export { softmax, logsumexp } from "./softmax.js";
