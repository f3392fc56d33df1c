/**
 * Shapes a user did not choose: where each input's shape came
 * from, and a note for each surprising consequence of a default — a row
 * and a column broadcast into a matrix, an uppercase name inferred to be a
 * vector, a lowercase name forced to a scalar, a name that is a scalar by
 * default but is transposed or added to every entry of a vector.
 */
import type { Node, Program } from "../syntax/ast.js";
import type { Declared, ShapeOrigin } from "../shapes/declarations.js";
import { defaultRuleWords, shapeOrigin } from "../shapes/declarations.js";
import { isOne } from "../shapes/dim.js";
import { type Shape, shapeToString } from "../shapes/shape.js";
import type { ShapeInference } from "./infer.js";

export interface DefaultShapes {
  readonly origins: ReadonlyMap<string, ShapeOrigin>;
  readonly notes: readonly string[];
}

const isColumn = (s: Shape) => isOne(s.cols) && !isOne(s.rows);
const isRow = (s: Shape) => isOne(s.rows) && !isOne(s.cols);
const isScalar = (s: Shape) => isOne(s.rows) && isOne(s.cols);

/**
 * Every name node with its parent, over all statements, in the order a walk from the last statement's root meets
 * them. Parallel stacks and only the names kept: no pair per node (a 10,000-step program has 40,000 nodes).
 */
function nameParents(program: Program): { node: Node & { kind: "name" }; parent: Node | null }[] {
  const out: { node: Node & { kind: "name" }; parent: Node | null }[] = [];
  const nodes: Node[] = program.statements.map((s) => s.expr);
  const parentsOf: (Node | null)[] = nodes.map(() => null);
  while (nodes.length) {
    const n = nodes.pop()!;
    const p = parentsOf.pop()!;
    if (n.kind === "name") out.push({ node: n, parent: p });
    else if (n.kind === "neg" || n.kind === "transpose") {
      nodes.push(n.arg);
      parentsOf.push(n);
    } else if (n.kind === "binary") {
      nodes.push(n.left, n.right);
      parentsOf.push(n, n);
    } else if (n.kind === "call") {
      for (let i = 0; i < n.args.length; i++) {
        nodes.push(n.args[i]!);
        parentsOf.push(n);
      }
    }
  }
  return out;
}

/**
 * Origins and notes, once every dimension is named. `variables` holds the
 * inputs' final shapes; `resolve` gives a node's final shape.
 */
export function defaultShapes(
  program: Program, inference: ShapeInference, variables: ReadonlyMap<string, Shape>, declared: ReadonlyMap<string, Declared>,
  resolve: (s: Shape) => Shape,
): DefaultShapes {
  const origins = new Map<string, ShapeOrigin>();
  const notes: string[] = [];
  for (const [name, shape] of variables) {
    const origin = shapeOrigin(name, shape, declared.has(name));
    origins.set(name, origin);
    if (origin.kind !== "forced") continue;
    const what = isScalar(shape) ? "a scalar" : isRow(shape) || isColumn(shape) ? `a vector (${shapeToString(shape)})` : shapeToString(shape);
    notes.push(`${name} is ${what} here: the expression forces it, though ${defaultRuleWords(name)}; declare its shape (--shape) if you meant otherwise`);
  }
  for (const b of inference.broadcasts) {
    const l = resolve(b.left);
    const r = resolve(b.right);
    if ((isColumn(l) && isRow(r)) || (isRow(l) && isColumn(r))) {
      const rows = isColumn(l) ? l.rows : r.rows;
      const cols = isColumn(l) ? r.cols : l.cols;
      notes.push(`${inference.describe(b.node.left)} (${shapeToString(l)}) and ${inference.describe(b.node.right)} (${shapeToString(r)}) broadcast to ` +
        `${shapeToString({ rows, cols })}: a column and a row stretch against each other into a matrix; declare both as columns (or both as rows) if that is not meant`);
    }
  }
  // A name that is a scalar only by default, used as a vector would be.
  const said = new Set<string>();
  for (const { node, parent } of nameParents(program)) {
    if (!parent || said.has(node.name) || origins.get(node.name)?.kind !== "default" || !isScalar(variables.get(node.name)!)) continue;
    let how: string | null = null;
    let size = "n";
    if (parent.kind === "transpose") how = "it is transposed";
    else if (parent.kind === "binary" && (parent.op === "+" || parent.op === "-")) {
      const other = parent.left === node ? parent.right : parent.left;
      const s = inference.shapes.get(other);
      const r = s && resolve(s);
      if (r && !isScalar(r)) {
        const what = inference.describe(other);
        how = `it is added to every entry of ${what.endsWith("…") ? "a value" : what} (${shapeToString(r)})`;
        if (isColumn(r)) size = shapeToString({ rows: r.rows, cols: r.cols }).replace(/×1$/, "");
      }
    }
    if (!how) continue;
    said.add(node.name);
    notes.push(`${node.name} was taken as a scalar by default (${defaultRuleWords(node.name)}), yet ${how}; declare its shape (e.g. --shape "${node.name}: ${size}") if it is a vector`);
  }
  return { origins, notes };
}
