/**
 * The shapes a derivation used, each marked by where it came from: a
 * declaration, or a default rule the user did not choose (SPEC §4), so a
 * check that passed with μ read as a scalar says so.
 */
import { defaultKind } from "../shapes/declarations.js";
import { type Shape, isColumnShape, isScalarShape, isVectorShape, shapeToString } from "../shapes/shape.js";
import type { Derivation } from "./derive.js";

export interface ShapeUsed {
  readonly name: string;
  readonly shape: Shape;
  /** null for a declared shape; else the rule that gave it. */
  readonly origin: string | null;
}

function defaultOrigin(name: string, shape: Shape): string {
  const kind = defaultKind(name);
  if (kind === "scalar" && isScalarShape(shape)) return /^[a-g]/.test(name) ? "default for a–g" : "default for Greek letters";
  if (kind === "vector" && isColumnShape(shape) && !isScalarShape(shape)) return "default: lowercase names are column vectors";
  if (kind === "matrix" && !isVectorShape(shape) && !isScalarShape(shape)) return "default: uppercase names are matrices";
  return "undeclared: inferred from the expression";
}

export function shapesUsed(d: Derivation): ShapeUsed[] {
  return [...d.program.variables].map(([name, shape]) => ({ name, shape, origin: d.program.declared.has(name) ? null : defaultOrigin(name, shape) }));
}

/** "h: N×H, b: scalar (default for a–g)" */
export function shapesUsedText(shapes: readonly ShapeUsed[]): string {
  return shapes.map((s) => `${s.name}: ${shapeToString(s.shape)}${s.origin ? ` (${s.origin})` : ""}`).join(", ");
}
