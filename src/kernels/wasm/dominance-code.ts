/**
 * The WebAssembly versions of the two passes over a square matrix's
 * off-diagonal absolute sums: making a random matrix diagonally dominant
 * (pushDiagonalOut in ../../numeric/random.js) and bounding the condition
 * number of a column-dominant one (dominanceConditionBound in
 * ../condition.js). Each sum runs over the same entries in the same order
 * as the JavaScript loop, so the results are bit-identical. Both run once
 * per check on a matrix of n² entries, in a fresh process: in JavaScript
 * their first thousands of iterations are interpreted, and each boxes every
 * value it reads (about 4 ms at n = 100).
 */
import {
  type Code, type WasmFunction, F64, I32, add, f64, fabs, fadd, fdiv, fgt, flt, fmax, fmul, forRange, fsub, get, i32, loadF64, mul, ne, ret, set,
  storeF64, when,
} from "./assemble.js";

/** a_ij of the column-major n×n matrix at the byte address in local `a` (n in local `n`; i, j in locals `row`, `col`). */
const entry = (a: number, n: number, row: number, col: number): Code => loadF64(get(a), add(get(row), mul(get(col), get(n))));

/**
 * pushDiagonalOut(a, n, positive): for each i, d = a_ii (|a_ii| when positive) and
 * a_ii ← d + s·(max(Σ_{j≠i} |a_ij|, Σ_{j≠i} |a_ji|) + 1), s = −1 where d < 0 and 1 elsewhere,
 * for column-major n×n a (a_ij at i + j·n).
 */
function pushDiagonalOut(): WasmFunction {
  const A = 0, N = 1, POSITIVE = 2, I = 3, J = 4, ROW = 5, COL = 6, D = 7, SIGN = 8;
  return {
    name: "pushDiagonalOut", params: [I32, I32, I32], locals: [I32, I32, F64, F64, F64, F64],
    body: forRange(I, i32(0), get(N), [
      set(ROW, f64(0)),
      set(COL, f64(0)),
      // Σ_{j≠i} |a_ij| and Σ_{j≠i} |a_ji|, each over j in ascending order
      forRange(J, i32(0), get(N), when(ne(get(J), get(I)), [
        set(ROW, fadd(get(ROW), fabs(entry(A, N, I, J)))),
        set(COL, fadd(get(COL), fabs(entry(A, N, J, I)))),
      ])),
      set(D, entry(A, N, I, I)),
      when(get(POSITIVE), set(D, fabs(get(D)))),
      set(SIGN, f64(1)),
      when(flt(get(D), f64(0)), set(SIGN, f64(-1))),
      storeF64(get(A), add(get(I), mul(get(I), get(N))), fadd(get(D), fmul(get(SIGN), fadd(fmax(get(ROW), get(COL)), f64(1))))),
    ]),
  };
}

/**
 * dominanceBound(a, n): ‖A‖₁/α with α = min_j (|a_jj| − Σ_{i≠j} |a_ij|), Varah's bound of κ₁(A)
 * for column-major n×n a; +∞ as soon as a column is not strictly dominant (or holds a NaN).
 */
function dominanceBound(): WasmFunction {
  const A = 0, N = 1, I = 2, J = 3, DIAG = 4, OFF = 5, GAP = 6, NORM = 7, MARGIN = 8;
  return {
    name: "dominanceBound", params: [I32, I32], result: F64, locals: [I32, I32, F64, F64, F64, F64, F64],
    body: [
      set(NORM, f64(0)),
      set(MARGIN, f64(Infinity)),
      forRange(J, i32(0), get(N), [
        set(DIAG, fabs(entry(A, N, J, J))),
        set(OFF, f64(0)),
        forRange(I, i32(0), get(N), when(ne(get(I), get(J)), set(OFF, fadd(get(OFF), fabs(entry(A, N, I, J)))))),
        set(GAP, fsub(get(DIAG), get(OFF))),
        // !(gap > 0): the column is not dominant, or holds a NaN
        when(fgt(get(GAP), f64(0)), [], [f64(Infinity), ret]),
        when(flt(get(GAP), get(MARGIN)), set(MARGIN, get(GAP))),
        when(fgt(fadd(get(DIAG), get(OFF)), get(NORM)), set(NORM, fadd(get(DIAG), get(OFF)))),
      ]),
      fdiv(get(NORM), get(MARGIN)),
    ],
  };
}

/** The diagonal-dominance passes of the module. */
export const dominanceFunctions = (): WasmFunction[] => [pushDiagonalOut(), dominanceBound()];
