/** The words and symbols that label a result: ∂y/∂x, ∂ℓ/∂x, dy; the layout/form header. */
import type { Derivation, Derivative } from "../api/derive.js";
import { textName } from "./leaves.js";
import { type MathFormat, mathDialect } from "./dialect.js";
import { shapeToString } from "../shapes/shape.js";
import { isOne } from "../shapes/dim.js";

export function formLabel(d: Derivation): string {
  if (d.order === 2 && d.form === "differential") return "Hessian–vector product H·dX = d(∇y), in X's shape (H is never formed)";
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
export function resultLabel(d: Derivation, r: Derivative, format: MathFormat): string {
  const name = mathDialect(format).name;
  const y = name(d.yName);
  const x = name(r.wrt);
  const partial = format === "latex" ? "\\partial " : "∂";
  if (r.hvp) return format === "latex" ? `H\\,\\mathrm{d}${x}` : `H d${x}`;
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
