/**
 * The shapes a derivation used, each marked by where it came from: a
 * declaration, or a default rule the user did not choose, so a
 * check that passed with μ read as a scalar says so.
 */
import { originText } from "../shapes/declarations.js";
import { type Shape, shapeToString } from "../shapes/shape.js";
import type { Derivation } from "./derive.js";

export interface ShapeUsed {
  readonly name: string;
  readonly shape: Shape;
  /** null for a declared shape; else the default rule that gave it ("default for a–g"), or "forced by the expression". */
  readonly origin: string | null;
}

export function shapesUsed(d: Derivation): ShapeUsed[] {
  return [...d.program.variables].map(([name, shape]) => {
    const origin = d.program.origins.get(name);
    return { name, shape, origin: origin ? originText(origin) : null };
  });
}

/** "h: N×H, b: scalar (default for a–g)" */
export function shapesUsedText(shapes: readonly ShapeUsed[]): string {
  return shapes.map((s) => `${s.name}: ${shapeToString(s.shape)}${s.origin ? ` (${s.origin})` : ""}`).join(", ");
}
