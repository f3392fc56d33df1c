/**
 * The WebAssembly versions of the three O(n³) kernels a check spends most
 * of its time in: LU with partial pivoting, the multi-column triangular solves on
 * its factors, and the general matrix product. Each is a line-by-line
 * transcription of its JavaScript counterpart (../lu.js, ../products.js):
 * the same operations on the same entries in the same order, so the two
 * give bit-identical results (WebAssembly's f64 arithmetic is IEEE 754
 * double, as JavaScript's, with no fused multiply-add). Arrays are passed as
 * byte addresses in the module's memory; matrices are column-major.
 */
import {
  type Code, type ValueType, type WasmFunction, F64, I32, add, and, eq, f64, f64At, fabs, fadd, fdiv, feq, fgt, fmul, fne, forDown, forRange,
  fsub, get, i32, loadF64, loadF64At, loadI32, ltS, mul, ne, or, set, storeF64, storeI32, sub, when, at, bytes, overEntries, setAt,
} from "./assemble.js";

/**
 * factor(a, n, perm) → 2·swaps + singular: P·A = L·U in place over a (see factorFresh in
 * ../lu.js: panels of four columns, each factored column by column, then the fused
 * rank-4 update of the columns after it). perm receives the row permutation.
 */
function factor(): WasmFunction {
  // parameters
  const A = 0, N = 1, PERM = 2;
  // i32 locals (the names ending in B are byte addresses of columns; D steps over a column's bytes)
  const K0 = 3, KEND = 4, K = 5, KOFF = 6, P = 7, I = 8, J = 9, OFF = 10, Q = 11, T = 12, SWAPS = 13, SINGULAR = 14, NN = 15, WIDTH = 16, C0 = 17;
  const D = 18, COLB = 19, L0B = 20, L1B = 21, L2B = 22, L3B = 23, KB = 24;
  // f64 locals
  const BEST = 25, V = 26, PIVOT = 27, U = 28, U0 = 29, U1 = 30, U2 = 31, U3 = 32, S = 33, TMP = 34;
  const a = (index: Code) => loadF64(get(A), index);
  const setA = (index: Code, value: Code) => storeF64(get(A), index, value);
  const next = (x: number) => add(get(x), i32(1));
  const argMaxAbs: Code = [
    set(P, get(K)),
    set(BEST, fabs(a(add(get(KOFF), get(K))))),
    forRange(I, next(K), get(N), [
      set(V, fabs(a(add(get(KOFF), get(I))))),
      when(fgt(get(V), get(BEST)), [set(BEST, get(V)), set(P, get(I))]),
    ]),
  ];
  const swapRows: Code = [
    forRange(OFF, i32(0), get(NN), [
      set(TMP, a(add(get(OFF), get(K)))),
      setA(add(get(OFF), get(K)), a(add(get(OFF), get(P)))),
      setA(add(get(OFF), get(P)), get(TMP)),
    ], get(N)),
    set(T, loadI32(get(PERM), get(K))),
    storeI32(get(PERM), get(K), loadI32(get(PERM), get(P))),
    storeI32(get(PERM), get(P), get(T)),
    set(SWAPS, next(SWAPS)),
  ];
  const eliminateInPanel: Code = [
    // l_ik = a_ik / u_kk below the diagonal
    set(PIVOT, fdiv(f64(1), get(PIVOT))),
    set(KB, f64At(get(A), get(KOFF))),
    overEntries(D, next(K), get(N), setAt(KB, D, fmul(at(KB, D), get(PIVOT)))),
    // a_ij −= l_ik · u_kj inside the panel
    forRange(J, next(K), get(KEND), [
      set(COLB, f64At(get(A), mul(get(J), get(N)))),
      set(U, loadF64At(add(get(COLB), bytes(get(K))))),
      when(fne(get(U), f64(0)), overEntries(D, next(K), get(N), setAt(COLB, D, fsub(at(COLB, D), fmul(at(KB, D), get(U)))))),
    ]),
  ];
  const factorPanel: Code = forRange(K, get(K0), get(KEND), [
    set(KOFF, mul(get(K), get(N))),
    argMaxAbs,
    when(ne(get(P), get(K)), swapRows),
    set(PIVOT, a(add(get(KOFF), get(K)))),
    when(feq(get(PIVOT), f64(0)), set(SINGULAR, i32(1)), eliminateInPanel),
  ]);
  // u_tj = a_tj − Σ_{q<t} l_tq u_qj for the panel's rows t, in column OFF
  const panelUpperRows: Code = forRange(T, i32(1), get(WIDTH), [
    set(S, a(add(get(OFF), add(get(K0), get(T))))),
    forRange(Q, i32(0), get(T), set(S, fsub(get(S), fmul(a(add(mul(add(get(K0), get(Q)), get(N)), add(get(K0), get(T)))), a(add(get(OFF), add(get(K0), get(Q)))))))),
    setA(add(get(OFF), add(get(K0), get(T))), get(S)),
  ]);
  // a_ij −= l_i0 u_0j + l_i1 u_1j + l_i2 u_2j + l_i3 u_3j for the rows i ≥ kEnd
  const rank4Update: Code = overEntries(D, get(KEND), get(N), setAt(COLB, D, fsub(
    at(COLB, D),
    fadd(fadd(fadd(fmul(at(L0B, D), get(U0)), fmul(at(L1B, D), get(U1))), fmul(at(L2B, D), get(U2))), fmul(at(L3B, D), get(U3))),
  )));
  const narrowUpdate: Code = forRange(Q, i32(0), get(WIDTH), [
    set(U, a(add(get(OFF), add(get(K0), get(Q))))),
    set(L0B, f64At(get(A), mul(add(get(K0), get(Q)), get(N)))),
    when(fne(get(U), f64(0)), overEntries(D, get(KEND), get(N), setAt(COLB, D, fsub(at(COLB, D), fmul(at(L0B, D), get(U)))))),
  ]);
  const updateTrailingColumns: Code = [
    set(WIDTH, sub(get(KEND), get(K0))),
    set(C0, mul(get(K0), get(N))),
    forRange(J, get(KEND), get(N), [
      set(OFF, mul(get(J), get(N))),
      set(COLB, f64At(get(A), get(OFF))),
      panelUpperRows,
      when(eq(get(WIDTH), i32(4)), [
        set(U0, a(add(get(OFF), get(K0)))),
        set(U1, a(add(get(OFF), add(get(K0), i32(1))))),
        set(U2, a(add(get(OFF), add(get(K0), i32(2))))),
        set(U3, a(add(get(OFF), add(get(K0), i32(3))))),
        set(L0B, f64At(get(A), get(C0))),
        set(L1B, add(get(L0B), bytes(get(N)))),
        set(L2B, add(get(L1B), bytes(get(N)))),
        set(L3B, add(get(L2B), bytes(get(N)))),
        when(or(or(fne(get(U0), f64(0)), fne(get(U1), f64(0))), or(fne(get(U2), f64(0)), fne(get(U3), f64(0)))), rank4Update),
      ], narrowUpdate),
    ]),
  ];
  return {
    name: "factor",
    params: [I32, I32, I32],
    result: I32,
    locals: [...Array<ValueType>(22).fill(I32), ...Array<ValueType>(10).fill(F64)],
    body: [
      set(NN, mul(get(N), get(N))),
      forRange(I, i32(0), get(N), storeI32(get(PERM), get(I), get(I))),
      forRange(K0, i32(0), get(N), [
        set(KEND, add(get(K0), i32(4))),
        when(ltS(get(N), get(KEND)), set(KEND, get(N))),
        factorPanel,
        updateTrailingColumns,
      ], i32(4)),
      add(add(get(SWAPS), get(SWAPS)), get(SINGULAR)),
    ],
  };
}

/** solve(lu, n, perm, b, cols, work): B ← A⁻¹B column by column (solveColumnsInPlace in ../lu.js). */
function solve(): WasmFunction {
  const LU = 0, N = 1, PERM = 2, B = 3, COLS = 4, WORK = 5;
  const J = 6, OFF = 7, I = 8, K = 9, D = 10, LKB = 11;
  const Y = 12;
  const work = (index: Code) => loadF64(get(WORK), index);
  const setWork = (index: Code, value: Code) => storeF64(get(WORK), index, value);
  // work_i −= lu_ik · y over the rows i of `rows`
  const subtractColumn = (from: Code, to: Code): Code => overEntries(D, from, to, setAt(WORK, D, fsub(at(WORK, D), fmul(at(LKB, D), get(Y)))));
  return {
    name: "solve",
    params: [I32, I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, I32, I32, I32, F64],
    body: forRange(J, i32(0), get(COLS), [
      set(OFF, mul(get(J), get(N))),
      forRange(I, i32(0), get(N), setWork(get(I), loadF64(get(B), add(get(OFF), loadI32(get(PERM), get(I)))))),
      // forward, column-oriented: y_k fixed, then y_i −= l_ik y_k for i > k
      forRange(K, i32(0), get(N), [
        set(Y, work(get(K))),
        set(LKB, f64At(get(LU), mul(get(K), get(N)))),
        when(fne(get(Y), f64(0)), subtractColumn(add(get(K), i32(1)), get(N))),
      ]),
      // backward: x_k = y_k / u_kk, then y_i −= u_ik x_k for i < k
      forDown(K, get(N), [
        set(LKB, f64At(get(LU), mul(get(K), get(N)))),
        set(Y, fdiv(work(get(K)), loadF64At(add(get(LKB), bytes(get(K)))))),
        setWork(get(K), get(Y)),
        when(fne(get(Y), f64(0)), subtractColumn(i32(0), get(K))),
      ]),
      forRange(I, i32(0), get(N), storeF64(get(B), add(get(OFF), get(I)), work(get(I)))),
    ]),
  };
}

/**
 * matmul(a, b, c, m, p, n, skipZeros): C += A·B, A m×p, B p×n (C zero on entry). Column j of
 * C takes A[:, k..k+3]·B[k..k+3, j] per pass, summed as accumulateColumn in ../products.js
 * sums it; a pass of four zeros of B is skipped when skipZeros is set (A finite).
 */
function matmul(): WasmFunction {
  const A = 0, B = 1, C = 2, M = 3, P = 4, N = 5, SKIP = 6;
  const J = 7, K = 8, D = 9, BOFF = 10, CB = 11, A0B = 12, A1B = 13, A2B = 14, A3B = 15;
  const B0 = 16, B1 = 17, B2 = 18, B3 = 19;
  const b = (q: number) => loadF64(get(B), add(get(BOFF), add(get(K), i32(q))));
  const allZero = and(and(feq(get(B0), f64(0)), feq(get(B1), f64(0))), and(feq(get(B2), f64(0)), feq(get(B3), f64(0))));
  const columnBytes = bytes(get(M));
  return {
    name: "matmul",
    params: [I32, I32, I32, I32, I32, I32, I32],
    locals: [...Array<ValueType>(9).fill(I32), ...Array<ValueType>(4).fill(F64)],
    body: forRange(J, i32(0), get(N), [
      set(CB, f64At(get(C), mul(get(J), get(M)))),
      set(BOFF, mul(get(J), get(P))),
      forRange(K, i32(0), sub(get(P), i32(3)), [
        set(B0, b(0)), set(B1, b(1)), set(B2, b(2)), set(B3, b(3)),
        when(and(get(SKIP), allZero), [], [
          set(A0B, f64At(get(A), mul(get(K), get(M)))),
          set(A1B, add(get(A0B), columnBytes)),
          set(A2B, add(get(A1B), columnBytes)),
          set(A3B, add(get(A2B), columnBytes)),
          overEntries(D, i32(0), get(M), setAt(CB, D, fadd(at(CB, D),
            fadd(fadd(fadd(fmul(at(A0B, D), get(B0)), fmul(at(A1B, D), get(B1))), fmul(at(A2B, D), get(B2))), fmul(at(A3B, D), get(B3)))))),
        ]),
      ], i32(4)),
      // the k left over, one at a time
      forRange(K, get(K), get(P), [
        set(B0, b(0)),
        when(and(get(SKIP), feq(get(B0), f64(0))), [], [
          set(A0B, f64At(get(A), mul(get(K), get(M)))),
          overEntries(D, i32(0), get(M), setAt(CB, D, fadd(at(CB, D), fmul(at(A0B, D), get(B0))))),
        ]),
      ]),
    ]),
  };
}

/** The linear-algebra functions of the module. */
export const linalgFunctions = (): WasmFunction[] => [factor(), solve(), matmul()];
