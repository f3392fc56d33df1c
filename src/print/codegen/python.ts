/**
 * The module every Python back-end prints (SPEC §5): source that defines
 * `derivative(**inputs)`:
 *   - one keyword argument per name of the expression, plus G (the grad
 *     name) in the grad form and d<wrt> in the differential form; unused
 *     extras are accepted, names the result does not read may be left out;
 *   - scalars may be floats or 1×1 arrays, vectors 1-D arrays (reshaped to
 *     the declared orientation), everything else 2-D arrays;
 *   - dimension symbols are bound from the arrays' shapes, and a size named
 *     twice must agree (ValueError naming both inputs); a size no given
 *     input fixes is a ValueError;
 *   - it returns the printed object — exactly the layout and form of `d` —
 *     as a 2-D float array (a float when 1×1), or a dict {wrt: value} when
 *     there are several --wrt names.
 * Inside, every value is a 2-D array (scalars are 1×1), as the back-end's
 * table assumes; shared subexpressions become locals t0, t1, … (and y for
 * the expression itself) in dependency order.
 */
import type { Derivation, Derivative } from "../../api/derive.js";
import { DiagnosticError, error } from "../../diagnostics/diagnostic.js";
import type { Expr, VarNode } from "../../expr/node.js";
import { topoOrder } from "../../expr/traverse.js";
import type { Dim } from "../../shapes/dim.js";
import { type Shape, isScalarShape, shapeToString } from "../../shapes/shape.js";
import { formLabel, resultLabel, shapesLabel } from "../labels.js";
import { textName } from "../leaves.js";
import { chooseNames } from "../naming.js";
import { Renderer } from "../render.js";
import type { Backend } from "./table.js";
import { pythonDialect, pythonDim, pythonName } from "./python-syntax.js";
import { READ_INPUTS } from "./python-support.js";
import { genericCallables } from "./generic-callables.js";

/** A declared dimension as Python data: 3, "N", or (2, "N", "H") for 2·N·H. */
function dimData(d: Dim): string {
  if (d.syms.length === 0) return String(d.coef);
  if (d.coef === 1 && d.syms.length === 1) return JSON.stringify(d.syms[0]);
  return `(${[String(d.coef), ...d.syms.map((s) => JSON.stringify(s))].join(", ")})`;
}

/** A keyword argument of derivative(): its key, its local name, its declared shape. */
interface Parameter {
  readonly key: string;
  readonly shape: Shape;
  local: string;
}

/** The size symbols the printed code mentions (sized constants, broadcasts, result shapes). */
function printedSymbols(roots: readonly Expr[], shapes: readonly Shape[]): string[] {
  const out = new Set<string>();
  const add = (d: Dim): void => d.syms.forEach((s) => out.add(s));
  for (const node of topoOrder(roots)) if (node.kind === "op") node.attr.dims?.forEach(add);
  // The caller's ∇g and ∇²g are reshaped to their node's shape.
  for (const node of topoOrder(roots)) if (node.kind === "op" && (node.op === "genericGrad" || node.op === "genericHess")) [node.shape.rows, node.shape.cols].forEach(add);
  for (const s of shapes) [s.rows, s.cols].forEach(add);
  return [...out];
}

const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim();

/** The keyword arguments: the expression's names, then G, then d<wrt>. */
function parameters(d: Derivation): Parameter[] {
  const params: Parameter[] = [...d.program.variables].map(([key, shape]) => ({ key, shape, local: "" }));
  if (d.upstream) params.push({ key: d.upstream.name, shape: d.upstream.shape, local: "" });
  if (d.form === "differential") {
    for (const r of d.derivatives) {
      const key = `d${r.wrt}`;
      if (params.some((p) => p.key === key)) {
        throw new DiagnosticError(error("bad-option", `${key} is a name in the expression, so it cannot also be the differential of ${r.wrt} in the generated code`,
          undefined, [], `rename ${key} in the expression`));
      }
      params.push({ key, shape: r.variable.shape, local: "" });
    }
  }
  return params;
}

/** The comment block that says what the module computes and returns. */
function header(d: Derivation, backend: Backend): string[] {
  const lines: string[] = [];
  const comment = (s: string): void => void lines.push(`# ${s}`);
  const yText = d.program.output ? oneLine(d.input) : `${textName(d.yName)} = ${oneLine(d.input)}`;
  comment(`matdiff: the derivative of ${yText}`);
  comment(`with respect to ${d.derivatives.map((r) => textName(r.wrt)).join(", ")}; ${formLabel(d)}`);
  comment(`shapes: ${shapesLabel(d)}`);
  if (d.upstream) comment(`${textName(d.upstream.name)} = ∂ℓ/∂${textName(d.yName)} is the upstream gradient (${shapeToString(d.upstream.shape)})`);
  const returned = (r: Derivative): string =>
    `${resultLabel(d, r, "text")} (${isScalarShape(r.shape) ? "a float" : `${shapeToString(r.shape)} array`})`;
  if (d.derivatives.length > 1) {
    comment("derivative(**inputs) returns a dict:");
    for (const r of d.derivatives) comment(`  "${r.wrt}": ${returned(r)}`);
  } else {
    comment(`derivative(**inputs) returns ${returned(d.derivatives[0]!)}`);
  }
  if (d.form === "index") {
    comment("The index form's entries ∂Y_ij/∂X_kl are returned as the numerator-layout Jacobian J,");
    comment("with J[i + j·rows(Y), k + l·rows(X)] = ∂Y_ij/∂X_kl (vec stacks columns).");
  }
  comment(`Keyword arguments are ${backend.arrays} (floats for scalars, 1-D arrays for vectors).`);
  return lines;
}

/**
 * A program's values the results read, in the order they are computed: the
 * statement of each intermediate that --wrt cut loose (the results read it
 * as a variable), then the results themselves.
 */
function codeRoots(d: Derivation): Expr[] {
  const results = d.derivatives.map((r) => r.result);
  const reads = new Set(topoOrder(results).filter((n): n is VarNode => n.kind === "var").map((v) => v.name));
  const cut = d.program.statements.filter((s) => reads.has(s.name) && !d.program.variables.has(s.name)).map((s) => s.node);
  return [...cut, ...results];
}

export function formatPython(d: Derivation, backend: Backend): string {
  const results = d.derivatives.map((r) => r.result);
  const roots = codeRoots(d);
  const reserved = backend.reserved;
  const name = (s: string): string => pythonName(s, reserved);
  const params = parameters(d);

  // Locals: size symbols keep their names; inputs step aside (n → n_) when they would clash.
  const resultShapes = d.derivatives.map((r) => r.shape);
  const sizes = printedSymbols(roots, resultShapes);
  const given = new Map([...d.names].map(([id, n]) => [id, name(n)]));
  const declaredSizes = params.flatMap((p) => [...p.shape.rows.syms, ...p.shape.cols.syms]);
  const taken = new Set([...declaredSizes, ...sizes].map(name));
  const callables = genericCallables(roots);
  for (const p of params) {
    let local = name(p.key);
    while (taken.has(local)) local += "_";
    taken.add(local);
    p.local = local;
  }
  const paramOf = (v: VarNode): Parameter | undefined => params.find((p) => p.key === v.name);
  const outputName = name(d.yName);
  const output = taken.has(outputName) ? undefined : { node: d.y, name: outputName };
  const dialect = pythonDialect(backend.table, reserved);
  const naming = chooseNames(roots, {
    temporary: dialect.temporary, output, taken: new Set([...taken, outputName, ...callables.map((c) => c.key)]), given, defineGiven: true,
  });
  const names = new Map(naming.names);
  // Variables: the inputs (as read), an intermediate cut loose by --wrt (its statement's local), a generic function (its callable).
  const used = topoOrder(roots).filter((n): n is VarNode => n.kind === "var" && n.role !== "function");
  for (const v of used) names.set(v.id, paramOf(v)?.local ?? name(v.name));
  const renderer = new Renderer(dialect, names);

  const lines = [...header(d, backend), "", ...backend.imports, "", ""];
  // derivative(): read the inputs, bind the sizes, compute, return.
  const needed = params.filter((p) => used.some((v) => v.name === p.key));
  const tuple = (xs: readonly string[]): string => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);
  lines.push("def derivative(**inputs):");
  const yText = d.program.output ? oneLine(d.input) : `${textName(d.yName)} = ${oneLine(d.input)}`;
  const docstring = `${d.derivatives.map((r) => resultLabel(d, r, "text")).join(", ")} for ${yText}; see the comment above.`;
  lines.push(`    """${docstring.replace(/[\\"]/g, (ch) => `\\${ch}`)}"""`);
  if (callables.length) {
    lines.push(`    for _name in ${tuple(callables.map((c) => JSON.stringify(c.key)))}:`);
    lines.push("        if not callable(inputs.get(_name)):");
    lines.push('            raise TypeError(f"derivative() needs {_name}, a function: the generic function of the expression, or one of its derivatives")');
  }
  lines.push("    _arrays, _sizes = _read_inputs(inputs, {");
  for (const p of params) lines.push(`        ${JSON.stringify(p.key)}: (${dimData(p.shape.rows)}, ${dimData(p.shape.cols)}),`);
  lines.push(`    }, needed=${tuple(needed.map((p) => JSON.stringify(p.key)))}, sizes_needed=${tuple(sizes.map((s) => JSON.stringify(s)))})`);
  for (const p of needed) lines.push(`    ${p.local} = _arrays[${JSON.stringify(p.key)}]  # ${shapeToString(p.shape)}`);
  if (sizes.length) lines.push(`    ${sizes.map(name).join(", ")} = ${sizes.map((s) => `_sizes[${JSON.stringify(s)}]`).join(", ")}`);
  for (const c of callables) lines.push(`    ${c.key} = inputs[${JSON.stringify(c.key)}]  # ${c.what}`);
  // A program's value may appear in the original and in a cut graph; it is computed once.
  const defined = new Set<string>();
  for (const node of naming.order) {
    const line = `    ${naming.names.get(node.id)} = ${renderer.render(node, true)}`;
    if (!defined.has(line)) lines.push(line);
    defined.add(line);
  }
  const shapeTuple = (s: Shape): string => `(${pythonDim(s.rows, reserved)}, ${pythonDim(s.cols, reserved)})`;
  const value = (i: number): string => `_result(${renderer.render(results[i]!)}, ${shapeTuple(resultShapes[i]!)})`;
  if (d.derivatives.length > 1) {
    lines.push("    return {");
    d.derivatives.forEach((r, i) => lines.push(`        ${JSON.stringify(r.wrt)}: ${value(i)},`));
    lines.push("    }");
  } else {
    lines.push(`    return ${value(0)}`);
  }

  // The helpers the code calls, then the support code.
  const body = lines.join("\n");
  for (const h of backend.helpers) if (new RegExp(`\\b${h.name}\\(`).test(body)) lines.push("", "", h.source);
  lines.push("", "", READ_INPUTS, "", "", backend.arrayIo);
  return lines.join("\n") + "\n";
}
