/**
 * Elementwise functions. Each is one entry: its scalar evaluator and the
 * scalar derivative as a template in x (the argument) and y = f(x) (the
 * node itself, so tanh′ reuses tanh(x) instead of recomputing it):
 *   d f(X) = f′(X) ⊙ dX.
 */
import type { Expr, OpNode } from "../expr/node.js";
import * as M from "../kernels/mat.js";
import { isScalarShape } from "../shapes/shape.js";
import { Prec } from "./precedence.js";
import { call } from "./notation.js";
import type { OpName } from "../expr/names.js";
import type { Notation, OpStanza } from "./stanza.js";
import { add, apply, constant, div, hadamard, hdiv, neg, onLinear, power, scale, sub, times } from "./make.js";
import { erf, gelu, normcdf, normpdf } from "./special-functions.js";

interface ElementwiseSpec<K extends OpName> {
  readonly op: K;
  /** Names in the input language; the first is canonical. */
  readonly names: readonly string[];
  readonly evaluate: (x: number) => number;
  /** f′(x) as an expression in x and y = f(x); null when f′ = 0 almost everywhere. */
  readonly derivative: ((x: Expr, y: Expr) => Expr) | null;
  readonly text?: Notation;
  readonly latex?: Notation;
  readonly domain?: { readonly holds: (x: number) => boolean; readonly reason: string };
  /** Where the function has a kink or jump: random values keep away from it so differences do not straddle it. */
  readonly kinkAt?: number;
  readonly nonSmooth?: string;
}

function elementwise<K extends OpName>(spec: ElementwiseSpec<K>): OpStanza<K> {
  const name = spec.names[0]!;
  return {
    op: spec.op,
    arity: 1,
    elementwise: true,
    shape: ([a]) => a!,
    differential: (n: OpNode, [d]) =>
      spec.derivative === null ? null : onLinear(d!, (dx) => times(spec.derivative!(n.args[0]!, n), dx)),
    evaluate: ([a]) => M.map(a!, spec.evaluate),
    text: spec.text ?? call(name),
    latex: spec.latex ?? call(`\\operatorname{${name}}`),
    nonSmooth: spec.nonSmooth,
    outOfDomain: spec.domain || spec.kinkAt !== undefined
      ? ([a]) => {
          if (spec.domain && !a!.data.every(spec.domain.holds)) return spec.domain.reason;
          if (spec.kinkAt !== undefined && a!.data.some((x) => Math.abs(x - spec.kinkAt!) < 0.02)) return `${name} evaluated within 0.02 of its kink at ${spec.kinkAt}`;
          return null;
        }
      : undefined,
    surface: {
      names: spec.names,
      arity: 1,
      check: ([a]) => a!,
      lower: ([a]) => apply(spec.op, a!),
    },
    sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }] }),
  };
}

const one = (x: Expr): Expr => constant(x.graph, 1, x.shape);
/** y², written y ⊙ y for matrices. */
const square = (y: Expr): Expr => (isScalarShape(y.shape) ? power(y, y.graph.num(2)) : hadamard(y, y));
/** 1/x, written 1 ⊘ x for matrices. */
const reciprocal = (x: Expr): Expr => (isScalarShape(x.shape) ? div(x.graph.num(1), x) : hdiv(one(x), x));
/** Inside (−1, 1), kept 0.02 away from the ends where the derivative blows up. */
const OPEN_UNIT = (name: string) => ({ holds: (x: number) => Math.abs(x) < 0.98, reason: `${name} of an entry outside (−1, 1)` });
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export const elementwiseStanzas = {
  // d exp(X) = exp(X) ⊙ dX
  exp: elementwise({ op: "exp", names: ["exp"], evaluate: Math.exp, derivative: (_x, y) => y,
    latex: call("\\exp") }),
  // d log(X) = dX ⊘ X
  log: elementwise({ op: "log", names: ["log", "ln"], evaluate: Math.log, derivative: (x) => reciprocal(x),
    latex: call("\\log"), domain: { holds: (x) => x > 0, reason: "log of a non-positive entry" } }),
  // d sin(X) = cos(X) ⊙ dX
  sin: elementwise({ op: "sin", names: ["sin"], evaluate: Math.sin, derivative: (x) => apply("cos", x),
    latex: call("\\sin") }),
  // d cos(X) = −sin(X) ⊙ dX
  cos: elementwise({ op: "cos", names: ["cos"], evaluate: Math.cos, derivative: (x) => neg(apply("sin", x)),
    latex: call("\\cos") }),
  // d tan(X) = (1 + Y ⊙ Y) ⊙ dX
  tan: elementwise({ op: "tan", names: ["tan"], evaluate: Math.tan, derivative: (x, y) => add([one(x), square(y)]),
    latex: call("\\tan"), domain: { holds: (x) => Math.abs(Math.cos(x)) > 0.05, reason: "tan near a pole" } }),
  // d tanh(X) = (1 − Y ⊙ Y) ⊙ dX
  tanh: elementwise({ op: "tanh", names: ["tanh"], evaluate: Math.tanh, derivative: (x, y) => sub(one(x), square(y)),
    latex: call("\\tanh") }),
  // d σ(X) = Y ⊙ (1 − Y) ⊙ dX
  sigmoid: elementwise({ op: "sigmoid", names: ["sigmoid", "σ"], evaluate: sigmoid, derivative: (x, y) => times(y, sub(one(x), y)),
    text: call("σ"), latex: call("\\sigma"),}),
  // d relu(X) = step(X) ⊙ dX (a subgradient at 0)
  relu: elementwise({ op: "relu", kinkAt: 0, names: ["relu", "ReLU"], evaluate: (x) => Math.max(x, 0), derivative: (x) => apply("step", x),
    nonSmooth: "relu is not differentiable at 0; its derivative is taken as step(x) (1 for x > 0, else 0), a subgradient" }),
  // d softplus(X) = σ(X) ⊙ dX
  softplus: elementwise({ op: "softplus", names: ["softplus"], evaluate: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
    derivative: (x) => apply("sigmoid", x),
}),
  // d sqrt(X) = dX ⊘ (2 sqrt(X))
  sqrt: elementwise({ op: "sqrt", names: ["sqrt", "√"], evaluate: Math.sqrt, derivative: (_x, y) => reciprocal(scale(y.graph.num(2), y)),
    text: call("√"), latex: { prec: Prec.ATOM, render: (c) => `\\sqrt{${c.bare(0)}}` },
    domain: { holds: (x) => x > 0, reason: "sqrt of a non-positive entry" },
    nonSmooth: "sqrt is not differentiable at 0" }),
  // d |X| = sign(X) ⊙ dX (a subgradient at 0)
  abs: elementwise({ op: "abs", kinkAt: 0, names: ["abs"], evaluate: Math.abs, derivative: (x) => apply("sign", x),
    latex: { prec: Prec.ATOM, render: (c) => `\\left|${c.bare(0)}\\right|` },
    nonSmooth: "abs is not differentiable at 0; its derivative is taken as sign(x), a subgradient" }),
  // step and sign are piecewise constant: derivative 0 away from 0
  step: elementwise({ op: "step", kinkAt: 0, names: ["step", "heaviside"], evaluate: (x) => (x > 0 ? 1 : 0), derivative: null,
    nonSmooth: "step jumps at 0; its derivative is taken as 0" }),
  sign: elementwise({ op: "sign", kinkAt: 0, names: ["sign", "sgn"], evaluate: Math.sign, derivative: null,
    latex: call("\\operatorname{sign}"),
    nonSmooth: "sign jumps at 0; its derivative is taken as 0" }),

  // d erf(X) = (2/√π) exp(−X ⊙ X) ⊙ dX
  erf: elementwise({ op: "erf", names: ["erf"], evaluate: erf,
    derivative: (x) => scale(x.graph.num(2 / Math.sqrt(Math.PI)), apply("exp", neg(square(x)))) }),
  // d gelu(X) = (Φ(X) + X ⊙ φ(X)) ⊙ dX, gelu(x) = x Φ(x) exactly
  gelu: elementwise({ op: "gelu", names: ["gelu", "GELU"], evaluate: gelu,
    derivative: (x) => add([apply("normcdf", x), times(x, apply("normpdf", x))]) }),
  // d Φ(X) = φ(X) ⊙ dX
  normcdf: elementwise({ op: "normcdf", names: ["normcdf", "Φ"], evaluate: normcdf, derivative: (x) => apply("normpdf", x),
    text: call("Φ"), latex: call("\\Phi") }),
  // d φ(X) = −X ⊙ φ(X) ⊙ dX
  normpdf: elementwise({ op: "normpdf", names: ["normpdf", "φ"], evaluate: normpdf, derivative: (x, y) => neg(times(x, y)),
    text: call("φ"), latex: call("\\varphi") }),
  // d arcsin(X) = dX ⊘ √(1 − X ⊙ X)
  arcsin: elementwise({ op: "arcsin", names: ["arcsin", "asin"], evaluate: Math.asin,
    derivative: (x) => reciprocal(apply("sqrt", sub(one(x), square(x)))), latex: call("\\arcsin"), domain: OPEN_UNIT("arcsin") }),
  // d arccos(X) = −dX ⊘ √(1 − X ⊙ X)
  arccos: elementwise({ op: "arccos", names: ["arccos", "acos"], evaluate: Math.acos,
    derivative: (x) => neg(reciprocal(apply("sqrt", sub(one(x), square(x))))), latex: call("\\arccos"), domain: OPEN_UNIT("arccos") }),
  // d arctan(X) = dX ⊘ (1 + X ⊙ X)
  arctan: elementwise({ op: "arctan", names: ["arctan", "atan"], evaluate: Math.atan,
    derivative: (x) => reciprocal(add([one(x), square(x)])), latex: call("\\arctan") }),
  // d sinh(X) = cosh(X) ⊙ dX
  sinh: elementwise({ op: "sinh", names: ["sinh"], evaluate: Math.sinh, derivative: (x) => apply("cosh", x), latex: call("\\sinh") }),
  // d cosh(X) = sinh(X) ⊙ dX
  cosh: elementwise({ op: "cosh", names: ["cosh"], evaluate: Math.cosh, derivative: (x) => apply("sinh", x), latex: call("\\cosh") }),
  // d arcsinh(X) = dX ⊘ √(1 + X ⊙ X)
  arcsinh: elementwise({ op: "arcsinh", names: ["arcsinh", "asinh"], evaluate: Math.asinh,
    derivative: (x) => reciprocal(apply("sqrt", add([one(x), square(x)]))), latex: call("\\operatorname{arcsinh}") }),
  // d log1p(X) = dX ⊘ (1 + X)
  log1p: elementwise({ op: "log1p", names: ["log1p"], evaluate: Math.log1p, derivative: (x) => reciprocal(add([one(x), x])),
    domain: { holds: (x) => x > -0.98, reason: "log1p of an entry at or below −1" } }),
  // d expm1(X) = exp(X) ⊙ dX
  expm1: elementwise({ op: "expm1", names: ["expm1"], evaluate: Math.expm1, derivative: (x) => apply("exp", x) }),
} as const;
