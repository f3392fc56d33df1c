/** The words and symbols that label a result: ∂y/∂x, ∂ℓ/∂x, dy; the layout/form header. */
import type { Derivation, Derivative } from "../api/derive.js";
import type { Format } from "./leaves.js";
import { latexName, textName } from "./leaves.js";
import { shapeToString } from "../shapes/shape.js";

export function formLabel(d: Derivation): string {
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

export function shapesLabel(d: Derivation): string {
  const shapes = [...d.program.variables].map(([name, s]) => `${textName(name)}: ${shapeToString(s)}`).join(", ");
  const facts = [...d.assumptions].map(([name, f]) => `${textName(name)} ${[...f].filter((x) => !(x === "symmetric" && f.has("spd"))).join(", ")}`);
  return facts.length ? `${shapes} · assuming ${facts.join("; ")}` : shapes;
}

/** ∂y/∂x, ∂ℓ/∂x or dy, in text or LaTeX. */
export function resultLabel(d: Derivation, r: Derivative, format: Exclude<Format, "numpy">): string {
  const name = (s: string) => (format === "latex" ? latexName(s) : textName(s));
  const y = name(d.yName);
  const x = name(r.wrt);
  const partial = format === "latex" ? "\\partial " : "∂";
  if (d.order === 2) {
    const vector = r.variable.shape.cols.coef === 1 && r.variable.shape.cols.syms.length === 0 || r.variable.shape.rows.coef === 1 && r.variable.shape.rows.syms.length === 0;
    const v = vector ? x : format === "latex" ? `\operatorname{vec}(${x})` : `vec(${x})`;
    return format === "latex" ? `\frac{\partial^2 ${y}}{\partial ${v}\,\partial ${v}^\top}` : `∂²${y}/∂${v}∂${v}ᵀ`;
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
