/**
 * The WebAssembly versions of the entry-by-entry passes a check makes over
 * every value (../elementwise.js, ../reductions.js, ../structure.js,
 * ../dense.js): the same operation on each entry, in the same order, so
 * the results are bit-identical. Each is one loop over n entries at byte
 * addresses; the JavaScript side (./runtime.js) copies the arrays in and out.
 */
import {
  type Code, type WasmFunction, F64, I32, add, at, f64, fabs, fadd, fdiv, feq, fge, fmax, fmul, fneg, forRange, fsub, get, i32, loadF64, mul,
  overEntries, set, setAt, storeF64, when,
} from "./assemble.js";

/** out_i = op(a_i, b_i) for n entries. */
function zipLoop(name: string, op: (a: Code, b: Code) => Code): WasmFunction {
  const OUT = 0, A = 1, B = 2, N = 3, D = 4;
  return {
    name, params: [I32, I32, I32, I32], locals: [I32],
    body: overEntries(D, i32(0), get(N), setAt(OUT, D, op(at(A, D), at(B, D)))),
  };
}

/** out_i = x_i + s·v_i: the points x + t·V of a finite difference. */
function addScaled(): WasmFunction {
  const OUT = 0, X = 1, S = 2, V = 3, N = 4, D = 5;
  return {
    name: "addScaled", params: [I32, I32, F64, I32, I32], locals: [I32],
    body: overEntries(D, i32(0), get(N), setAt(OUT, D, fadd(at(X, D), fmul(get(S), at(V, D))))),
  };
}

/** out_i = s·m_i. */
function scale(): WasmFunction {
  const OUT = 0, S = 1, M = 2, N = 3, D = 4;
  return {
    name: "scale", params: [I32, F64, I32, I32], locals: [I32],
    body: overEntries(D, i32(0), get(N), setAt(OUT, D, fmul(get(S), at(M, D)))),
  };
}

/** out_i = −m_i. */
function neg(): WasmFunction {
  const OUT = 0, M = 1, N = 2, D = 3;
  return {
    name: "neg", params: [I32, I32, I32], locals: [I32],
    body: overEntries(D, i32(0), get(N), setAt(OUT, D, fneg(at(M, D)))),
  };
}

/** v_i ← c·v_i·max(|x_i|, 0.1): a random direction scaled entry by entry to x (../../numeric/differences.js). */
function scaleToEntries(): WasmFunction {
  const V = 0, X = 1, C = 2, N = 3, D = 4;
  return {
    name: "scaleToEntries", params: [I32, I32, F64, I32], locals: [I32],
    body: overEntries(D, i32(0), get(N), setAt(V, D, fmul(fmul(get(C), at(V, D)), fmax(fabs(at(X, D)), f64(0.1))))),
  };
}

/** Σ m_i², in order (sumOfSquares in ../reductions.js). */
function sumOfSquares(): WasmFunction {
  const M = 0, N = 1, D = 2, SS = 3;
  return {
    name: "sumOfSquares", params: [I32, I32], result: F64, locals: [I32, F64],
    body: [overEntries(D, i32(0), get(N), set(SS, fadd(get(SS), fmul(at(M, D), at(M, D))))), get(SS)],
  };
}

/**
 * ⟨A, B⟩ = Σ a_i b_i with Neumaier's compensation, in order (inner in ../reductions.js):
 * u = s + x; c += |s| ≥ |x| ? (s − u) + x : (x − u) + s; s = u; the result s + c.
 */
function inner(): WasmFunction {
  const A = 0, B = 1, N = 2, D = 3, S = 4, C = 5, X = 6, U = 7;
  return {
    name: "inner", params: [I32, I32, I32], result: F64, locals: [I32, F64, F64, F64, F64],
    body: [
      overEntries(D, i32(0), get(N), [
        set(X, fmul(at(A, D), at(B, D))),
        set(U, fadd(get(S), get(X))),
        when(fge(fabs(get(S)), fabs(get(X))),
          set(C, fadd(get(C), fadd(fsub(get(S), get(U)), get(X)))),
          set(C, fadd(get(C), fadd(fsub(get(X), get(U)), get(S))))),
        set(S, get(U)),
      ]),
      fadd(get(S), get(C)),
    ],
  };
}

/** out_i = s·(p_i − m_i): a central difference from its two points (combineCentral in ../../numeric/differences.js). */
function central(): WasmFunction {
  const OUT = 0, P = 1, M = 2, S = 3, N = 4, D = 5;
  return {
    name: "central", params: [I32, I32, I32, F64, I32], locals: [I32],
    body: overEntries(D, i32(0), get(N), setAt(OUT, D, fmul(get(S), fsub(at(P, D), at(M, D))))),
  };
}

/** 1 when every entry is finite (x − x = 0 exactly for finite x; NaN for ±Inf and NaN), else 0. */
function allFinite(): WasmFunction {
  const M = 0, N = 1, D = 2;
  return {
    name: "allFinite", params: [I32, I32], result: I32, locals: [I32],
    body: [overEntries(D, i32(0), get(N), when(feq(fsub(at(M, D), at(M, D)), f64(0)), [], [i32(0), 0x0f])), i32(1)],
  };
}

/** out (c×r) = Mᵀ for column-major r×c M (transposeInto in ../structure.js). */
function transpose(): WasmFunction {
  const OUT = 0, M = 1, R = 2, C = 3, I = 4, J = 5, OFF = 6;
  return {
    name: "transpose", params: [I32, I32, I32, I32], locals: [I32, I32, I32],
    body: forRange(J, i32(0), get(C), [
      set(OFF, mul(get(J), get(R))),
      forRange(I, i32(0), get(R), storeF64(get(OUT), add(get(J), mul(get(I), get(C))), loadF64(get(M), add(get(I), get(OFF))))),
    ]),
  };
}

/** The entry-by-entry functions of the module. */
export const elementwiseFunctions = (): WasmFunction[] => [
  zipLoop("add", fadd), zipLoop("sub", fsub), zipLoop("mul", fmul), zipLoop("div", fdiv),
  addScaled(), scale(), neg(), scaleToEntries(), sumOfSquares(), allFinite(), transpose(), inner(), central(),
];
