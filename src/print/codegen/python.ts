/**
 * The module every Python back-end prints: source that defines
 * `derivative(**inputs)`:
 *   - one keyword argument per name of the expression, plus G (the grad
 *     name) in the grad form and d<wrt> in the differential form; unused
 *     extras are accepted, names the result does not read may be left out;
 *   - scalars may be floats or 1×1 arrays, vectors 1-D arrays (reshaped to
 *     the declared orientation), everything else 2-D arrays;
 *   - dimension symbols are bound from the arrays' shapes, and a size named
 *     twice must agree (ValueError naming both inputs); a size no given
 *     input fixes is a ValueError;
 *   - generic functions are keyword arguments too (f, f_prime, grad_g, …);
 *     the locals of all of them step aside from the module's own names
 *     (python-names.ts), and a keyword two things would share is refused;
 *   - it returns the printed object — exactly the layout and form of `d` —
 *     as a 2-D float array (a float when 1×1), or a dict {wrt: value} when
 *     there are several --wrt names.
 * Inside, every value is a 2-D array (scalars are 1×1), as the back-end's
 * table assumes; shared subexpressions become locals t0, t1, … (and y for
 * the expression itself) in dependency order.
 */
import type { Derivation, Derivative } from "../../api/derive.js";
import type { Expr, VarNode } from "../../expr/node.js";
import { topoOrder } from "../../expr/traverse.js";
import { type Dim, expAt, loneSymbol, repeatedSymbols } from "../../shapes/dim.js";
import { type Shape, isScalarShape, shapeToString } from "../../shapes/shape.js";
import { formLabel, resultLabel, shapesLabel } from "../labels.js";
import { textName } from "../leaves.js";
import type { Backend } from "./table.js";
import { type Body, planBody } from "./python-body.js";
import { pythonDim, pythonName } from "./python-syntax.js";
import { READ_INPUTS } from "./python-support.js";
import type { GenericCallable } from "./generic-callables.js";
import { type Parameter, bindLocals, moduleCallables, parameters } from "./python-names.js";

/** A declared dimension as Python data: 3, "N", or (2, "N", "H") for 2·N·H. */
function dimData(d: Dim): string {
  if (d.syms.length === 0) return String(d.coef);
  if (loneSymbol(d) !== null) return JSON.stringify(d.syms[0]);
  return `(${[String(d.coef), ...repeatedSymbols(d)!.map((s) => JSON.stringify(s))].join(", ")})`;
}

const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim();

/** The comment block that says what the module computes and returns. */
function header(d: Derivation, backend: Backend, callables: Callables): string[] {
  const lines: string[] = [];
  const comment = (s: string): void => void lines.push(`# ${s}`);
  const yText = d.program.output ? oneLine(d.input) : `${textName(d.yName)} = ${oneLine(d.input)}`;
  comment(`matdiff: the derivative of ${yText}`);
  comment(`with respect to ${d.derivatives.map((r) => textName(r.wrt)).join(", ")}; ${formLabel(d)}`);
  comment(`shapes: ${shapesLabel(d)}`);
  if (d.upstream) comment(`${textName(d.upstream.name)} = ∂ℓ/∂${textName(d.yName)} is the upstream gradient (${shapeToString(d.upstream.shape)})`);
  const returned = (r: Derivative): string =>
    `${resultLabel(d, r, "text")} (${isScalarShape(r.shape) ? backend.returns.scalar : `${shapeToString(r.shape)} ${backend.returns.matrix}`})`;
  if (d.derivatives.length > 1) {
    comment("derivative(**inputs) returns a dict:");
    for (const r of d.derivatives) comment(`  "${r.wrt}": ${returned(r)}`);
  } else {
    comment(`derivative(**inputs) returns ${returned(d.derivatives[0]!)}`);
  }
  comment(`value_and_derivative(**inputs) returns (${textName(d.yName)}, that), ${textName(d.yName)} as ${isScalarShape(d.y.shape) ? backend.returns.scalar : `${shapeToString(d.y.shape)} ${backend.returns.matrix}`}`);
  if (d.form === "index") {
    comment("The index form's entries ∂Y_ij/∂X_kl are returned as the numerator-layout Jacobian J,");
    comment("with J[i + j·rows(Y), k + l·rows(X)] = ∂Y_ij/∂X_kl (vec stacks columns).");
  }
  comment(`Keyword arguments are ${backend.arrays} (floats for scalars, 1-D arrays for vectors).`);
  if (callables.length) comment(`Functions are keyword arguments too: ${callables.map((c) => `${c.key} (${c.what})`).join(", ")}.`);
  return lines;
}

/**
 * The statements of a program's intermediates that --wrt cut loose: the
 * results read each as a variable, so the function computes it first.
 */
function cutStatements(d: Derivation): { name: string; node: Expr }[] {
  const results = d.derivatives.map((r) => r.result);
  const reads = new Set(topoOrder(results).filter((n): n is VarNode => n.kind === "var").map((v) => v.name));
  return d.program.statements.filter((s) => reads.has(s.name) && !d.program.variables.has(s.name)).map((s) => ({ name: s.name, node: s.node }));
}

export interface PythonOptions {
  /** Only the function, for pasting: arrays of the declared shapes in, the array out, no checks. */
  readonly bare?: boolean;
}

const tuple = (xs: readonly string[]): string => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);
const quoted = (xs: readonly string[]): string[] => xs.map((x) => JSON.stringify(x));
const indent = (lines: readonly string[], by = "    "): string[] => lines.map((l) => (l ? by + l : l));

/** The helpers the code calls, and those they call in turn (_gelu calls _normcdf, which calls _erf), each once. */
function helpersUsed(backend: Backend, code: string): string[] {
  const used = new Set<string>();
  let text = code;
  for (let added = true; added; ) {
    added = false;
    for (const h of backend.helpers) {
      if (used.has(h.name) || !new RegExp(`\\b${h.name}\\(`).test(text)) continue;
      used.add(h.name);
      text += `\n${h.source}`;
      added = true;
    }
  }
  return backend.helpers.filter((h) => used.has(h.name)).map((h) => h.source);
}

/** `_k = dict(dtype=…, device=…)` when the code builds constants that need it: from `like`, else from the first of `arrays`. */
function constantLine(backend: Backend, code: readonly string[], like: string | undefined, arrays?: string): string[] {
  return backend.constantOptions && code.some((l) => /\*\*_k\b/.test(l)) ? [`_k = ${backend.constantOptions(like, arrays)}`] : [];
}

export function formatPython(d: Derivation, backend: Backend, options: PythonOptions = {}): string {
  const params = parameters(d);
  const cut = cutStatements(d);
  const { results: callables, valueOnly: valueCallables } = moduleCallables(d, cut);
  const taken = bindLocals(d, params, backend, [...callables, ...valueCallables]);
  const locals = new Map(params.map((p) => [p.key, p.local]));
  const body = planBody(d, backend, locals, taken, cut);
  return options.bare ? bareModule(d, backend, params, body, callables) : fullModule(d, backend, params, body, callables, valueCallables);
}

type Callables = readonly GenericCallable[];

/** `callables` the results call, `valueCallables` those only the value calls (needed by value_and_derivative alone). */
function fullModule(d: Derivation, backend: Backend, params: readonly Parameter[], body: Body, callables: Callables, valueCallables: Callables): string {
  const name = (s: string): string => pythonName(s, backend.reserved);
  const shapeTuple = (s: Shape): string => `(${pythonDim(s.rows, backend.reserved)}, ${pythonDim(s.cols, backend.reserved)})`;
  const symbols = (shapes: readonly Shape[]): string[] => shapes.flatMap((s) => [...s.rows.syms, ...s.cols.syms]);
  const resultSizes = [...new Set([...body.results.sizes, ...symbols(d.derivatives.map((r) => r.shape))])];
  const valueSizes = [...new Set([...body.value.sizes, ...symbols([d.y.shape])])].filter((s) => !resultSizes.includes(s));
  const read = (keys: readonly string[]): string[] => params.filter((p) => keys.includes(p.key)).map((p) => `${p.local} = _arrays[${JSON.stringify(p.key)}]  # ${shapeToString(p.shape)}`);
  const bind = (sizes: readonly string[]): string[] => (sizes.length ? [`${sizes.map(name).join(", ")} = ${sizes.map((s) => `_sizes[${JSON.stringify(s)}]`).join(", ")}`] : []);
  const valueInputs = body.value.inputs.filter((k) => !body.results.inputs.includes(k));
  const orderedResultInputs = params.filter((p) => body.results.inputs.includes(p.key)).map((p) => p.key);
  const withValue = (xs: readonly string[], more: readonly string[]): string =>
    more.length ? `${tuple(quoted(xs))} + (${tuple(quoted(more))} if with_value else ())` : tuple(quoted(xs));

  const statements = body.results.statements.map((s) => `${s.name} = ${s.code}`);
  const valueLines = [...read(valueInputs), ...bind(valueSizes), ...body.value.statements.map((s) => `${s.name} = ${s.code}`)];
  const value = `_result(${body.value.code}, ${shapeTuple(d.y.shape)})`;
  const resultOf = (i: number): string => `_result(${body.results.code[i]}, ${shapeTuple(d.derivatives[i]!.shape)})`;
  const returned = d.derivatives.length > 1
    ? ["return _value, {", ...d.derivatives.map((r, i) => `    ${JSON.stringify(r.wrt)}: ${resultOf(i)},`), "}"]
    : [`return _value, ${resultOf(0)}`];
  const inner = [
    ...(callables.length + valueCallables.length ? [
      `for _name in ${withValue(callables.map((c) => c.key), valueCallables.map((c) => c.key))}:`,
      "    if not callable(inputs.get(_name)):",
      '        raise TypeError(f"derivative() needs {_name}, a function: the generic function of the expression, or one of its derivatives")',
    ] : []),
    "_arrays, _sizes = _read_inputs(inputs, {",
    ...params.map((p) => `    ${JSON.stringify(p.key)}: (${dimData(p.shape.rows)}, ${dimData(p.shape.cols)}),`),
    `}, needed=${withValue(orderedResultInputs, valueInputs)}, sizes_needed=${withValue(resultSizes, valueSizes)})`,
    ...read(orderedResultInputs),
    ...bind(resultSizes),
    ...[...callables, ...valueCallables].map((c) => `${c.local} = inputs.get(${JSON.stringify(c.key)})  # ${c.what}`),
    // A derivative that reads no input (2x → 2I) still takes the dtype and device of the inputs passed.
    ...constantLine(backend, [...statements, ...valueLines, value, ...returned], params.find((p) => orderedResultInputs.includes(p.key))?.local, "_arrays"),
    ...statements,
    ...(valueLines.length ? ["_value = None", "if with_value:", ...indent(valueLines), `    _value = ${value}`] : [`_value = ${value} if with_value else None`]),
    ...returned,
  ];
  const yText = d.program.output ? oneLine(d.input) : `${textName(d.yName)} = ${oneLine(d.input)}`;
  const docstring = (s: string): string => `    """${s.replace(/[\\"]/g, (ch) => `\\${ch}`)}"""`;
  const lines = [
    ...header(d, backend, [...callables, ...valueCallables]), "", "import math", "", ...backend.imports, "", "",
    "def derivative(**inputs):",
    docstring(`${d.derivatives.map((r) => resultLabel(d, r, "text")).join(", ")} for ${yText}; see the comment above.`),
    "    return _derivative(inputs, False)[1]", "", "",
    "def value_and_derivative(**inputs):",
    docstring(`(${textName(d.yName)}, derivative(**inputs)): the value of ${yText} as well.`),
    "    return _derivative(inputs, True)", "", "",
    "def _derivative(inputs, with_value):",
    ...indent(inner),
  ];
  const code = lines.join("\n");
  for (const h of helpersUsed(backend, code)) lines.push("", "", h);
  lines.push("", "", READ_INPUTS, "", "", backend.arrayIo);
  return lines.join("\n") + "\n";
}

/** The bare function's docstring list of its parameters, in the signature's order: "X: N×D, a 2-D array; f_prime: …, a function; K: the size K, an int, keyword only". */
function bareArguments(args: readonly Parameter[], callables: Callables, sizes: readonly string[], backend: Backend): string {
  const role = (p: Parameter): string =>
    p.role === "upstream" ? " (the upstream gradient)" : p.role === "differential" ? ` (the differential of ${p.key.slice(1)})` : p.local !== p.key ? ` (${p.key} in the expression)` : "";
  return [
    ...args.map((p) => `${p.local}: ${isScalarShape(p.shape) ? "1×1" : shapeToString(p.shape)}, a 2-D array${role(p)}`),
    ...callables.map((c) => `${c.local}: ${c.what}, a function`),
    ...sizes.map((s) => `${pythonName(s, backend.reserved)}: the size ${s}, an int, keyword only`),
  ].join("; ");
}

/** The bare function: declared-shape arrays in, the derivative out, sizes read from the arrays' shapes. */
function bareModule(d: Derivation, backend: Backend, params: readonly Parameter[], body: Body, callables: Callables): string {
  const name = (s: string): string => pythonName(s, backend.reserved);
  const args = params.filter((p) => body.results.inputs.includes(p.key));
  const sizeLines: string[] = [];
  const keywordSizes: string[] = [];
  const pending = new Set(body.results.sizes);
  for (const p of args) {
    const [rows, cols] = [p.shape.rows, p.shape.cols];
    const simple = (dim: Dim): string | undefined => (loneSymbol(dim) !== null && pending.has(dim.syms[0]!) ? dim.syms[0] : undefined);
    if (simple(rows) && simple(cols) && rows.syms[0] !== cols.syms[0]) {
      sizeLines.push(`${name(rows.syms[0]!)}, ${name(cols.syms[0]!)} = ${p.local}.shape`);
      pending.delete(rows.syms[0]!);
      pending.delete(cols.syms[0]!);
      continue;
    }
    [rows, cols].forEach((dim, axis) => {
      if (dim.syms.length !== 1 || expAt(dim, 0) !== 1 || !pending.has(dim.syms[0]!)) return;
      sizeLines.push(`${name(dim.syms[0]!)} = ${p.local}.shape[${axis}]${dim.coef === 1 ? "" : ` // ${dim.coef}`}`);
      pending.delete(dim.syms[0]!);
    });
  }
  const statements = body.results.statements.map((s) => `${s.name} = ${s.code}`);
  const returned = d.derivatives.length > 1
    ? ["return {", ...d.derivatives.map((r, i) => `    ${JSON.stringify(r.wrt)}: ${body.results.code[i]},`), "}"]
    : [`return ${body.results.code[0]}`];
  keywordSizes.push(...pending);
  const signature = [...args.map((p) => p.local), ...callables.map((c) => c.local), ...(keywordSizes.length ? ["*", ...keywordSizes.map(name)] : [])].join(", ");
  const yText = d.program.output ? oneLine(d.input) : `${textName(d.yName)} = ${oneLine(d.input)}`;
  const what = d.derivatives.map((r) => resultLabel(d, r, "text")).join(", ");
  // The assumptions of the shapes label ("W: m×n · assuming A symmetric"); its shapes are those of every name, not the parameters'.
  const assuming = shapesLabel(d).split(" · assuming ")[1];
  const documented = `${what} for ${yText}; ${formLabel(d)}${assuming ? `, assuming ${assuming}` : ""}. Arguments: ${bareArguments(args, callables, keywordSizes, backend)}.`;
  const lines = [
    `def derivative(${signature}):`,
    `    """${documented.replace(/[\\"]/g, (ch) => `\\${ch}`)}"""`,
    ...indent([...sizeLines, ...constantLine(backend, [...statements, ...returned], args[0]?.local), ...statements, ...returned]),
  ];
  const helpers = helpersUsed(backend, lines.join("\n"));
  const imports = [...(helpers.some((h) => h.includes("math.")) ? ["import math"] : []), ...backend.imports];
  return [...imports, "", "", ...lines, ...helpers.flatMap((h) => ["", "", h])].join("\n") + "\n";
}
