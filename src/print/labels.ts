/** The words and symbols that label a result: ∂y/∂x, ∂ℓ/∂x, dy; the layout/form header. */
import type { Derivation, Derivative } from "../api/derive.js";
import { spellerOf } from "./spelling.js";
import { type MathFormat, mathDialect } from "./dialect.js";
import { isSquareMatrixShape, shapeToString } from "../shapes/shape.js";
import { isSymmetricFact } from "../numeric/instance.js";
import { isOne } from "../shapes/dim.js";
import { shapesUsed } from "../api/shapes-used.js";

/**
 * The Hessian's symbol, in a Hessian–vector product's label or a step: H, unless the derivation shows a name that reads
 * as H (an input or a statement H: `H dx = (Hᵀ + H) dx` would read as an equation about it); then ∇²y, by the
 * result's own name, which no name can spell.
 */
export function hessianSymbol(d: Derivation, format: MathFormat): string {
  if (!readsAsH(d)) return "H";
  const y = mathDialect(format, d.y.graph).name(d.yName);
  return format === "latex" ? `\\nabla^2 ${y}` : `∇²${y}`;
}

/** Names printed as H: H itself, and the Greek capital eta Η, which looks the same. */
const LOOKS_LIKE_H: readonly string[] = ["H", "\u0397"];

function readsAsH(d: Derivation): boolean {
  return LOOKS_LIKE_H.some((h) => d.y.graph.hasInput(h) || d.yName === h);
}

export function formLabel(d: Derivation): string {
  if (d.order === 2 && d.form === "differential") {
    // the formula in general terms (y, X), as d(∇y) is
    const H = readsAsH(d) ? "∇²y" : "H";
    return `Hessian–vector product ${H}·dX = d(∇y), in X's shape (${H === "H" ? "H" : `the Hessian ${H}`} is never formed)`;
  }
  if (d.order === 2) return `Hessian (symmetric; ${d.layout} layout)`;
  switch (d.form) {
    case "jacobian":
      return `${d.layout} layout · Jacobian form`;
    case "grad":
      return `grad form (backpropagation; no layout needed)`;
    case "differential":
      return `differential form`;
    case "index":
      return `index form (entries; layout-free)`;
  }
}

/** The shapes used, each one a default rule gave marked with that rule: "W: m×n, b: scalar (default for a–g)". */
export function shapesLabel(d: Derivation): string {
  const textName = spellerOf(d.y.graph, "text");
  const shapes = shapesUsed(d).map((u) => `${textName(u.name)}: ${shapeToString(u.shape)}${u.origin ? ` (${u.origin})` : ""}`).join(", ");
  const facts = [...d.assumptions].map(([name, f]) => `${textName(name)} ${[...f].filter((x) => !(x === "symmetric" && f.has("spd"))).join(", ")}`);
  return facts.length ? `${shapes} · assuming ${facts.join("; ")}` : shapes;
}

/** The convention of a gradient or Hessian with respect to a symmetric matrix, for the header; null when no result is one. */
export function symmetricGradientLabel(d: Derivation): string | null {
  if (d.order === 2) {
    // A Hessian with respect to a symmetric X holds along the directions X moves in, as --check tests it.
    const symmetric = [...new Set(d.derivatives.flatMap((r) => [r.variable, r.second ?? r.variable]))]
      .filter((v) => isSymmetricFact(d.assumptions.get(v.name)) && isSquareMatrixShape(v.shape))
      .map((v) => v.name);
    if (!symmetric.length) return null;
    return `${symmetric.join(", ")} symmetric: the Hessian printed holds along symmetric directions d${symmetric[0]}, the only ones a symmetric matrix moves in (off them it can differ from the Hessian of y as written)`;
  }
  const names = d.derivatives.filter((r) => r.symmetric).map((r) => r.wrt);
  if (!names.length) return null;
  return `${names.join(", ")} symmetric: the gradient printed is the symmetric one, sym(∇) = (∇ + ∇ᵀ)/2 (the Matrix Cookbook's ∇ + ∇ᵀ − ∇ ⊙ I counts each off-diagonal entry twice)`;
}

/** ∂y/∂x, ∂ℓ/∂x or dy, in text or LaTeX. */
export function resultLabel(d: Derivation, r: Derivative, format: MathFormat): string {
  const name = mathDialect(format, d.y.graph).name;
  const y = name(d.yName);
  const x = name(r.wrt);
  const partial = format === "latex" ? "\\partial " : "∂";
  if (r.hvp) return format === "latex" ? `${hessianSymbol(d, format)}\\,\\mathrm{d}${x}` : `${hessianSymbol(d, format)} d${x}`;
  if (d.order === 2) {
    // ∂²y/∂x∂zᵀ, with vec(·) around a matrix variable; z is x on the diagonal blocks.
    const asVector = (v: Derivative["variable"]) => {
      const n = name(v.name);
      if (isOne(v.shape.cols) || isOne(v.shape.rows)) return n;
      return format === "latex" ? `\\operatorname{vec}(${n})` : `vec(${n})`;
    };
    const a = asVector(r.variable);
    const b = asVector(r.second ?? r.variable);
    return format === "latex" ? `\\frac{\\partial^2 ${y}}{\\partial ${a}\\,\\partial ${b}^\\top}` : `∂²${y}/∂${a}∂${b}ᵀ`;
  }
  switch (d.form) {
    case "jacobian":
    case "index":
      return format === "latex" ? `\\frac{\\partial ${y}}{\\partial ${x}}` : `∂${y}/∂${x}`;
    case "grad":
      return format === "latex" ? `\\frac{\\partial \\ell}{\\partial ${x}}` : `${partial}ℓ/${partial}${x}`;
    case "differential": {
      const dy = format === "latex" ? `\\mathrm{d}${y}` : `d${y}`;
      return d.derivatives.length > 1 ? (format === "latex" ? `${dy}\\big|_{\\mathrm{d}${x}}` : `${dy} (through d${x})`) : dy;
    }
  }
}
