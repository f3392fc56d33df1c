/**
 * The numpy printer (SPEC §5). formatNumpy(d) is Python 3 source that needs
 * only numpy and defines `derivative(**inputs)`:
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
 * Inside, every value is a 2-D array (scalars are 1×1), as the stanzas'
 * numpy notations assume; shared subexpressions become locals t0, t1, …
 * (and y for the expression itself) in dependency order.
 */
import type { Derivation, Derivative } from "../api/derive.js";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import type { Expr, VarNode } from "../expr/node.js";
import { topoOrder } from "../expr/traverse.js";
import type { Dim } from "../shapes/dim.js";
import { type Shape, isScalarShape, shapeToString } from "../shapes/shape.js";
import { formLabel, resultLabel, shapesLabel } from "./labels.js";
import { pythonName, textName } from "./leaves.js";
import { chooseNames } from "./naming.js";
import { Renderer, dimText } from "./render.js";

/** Helpers the stanzas' numpy notations call; a module defines the ones its code uses. */
const NOTATION_HELPERS: ReadonlyArray<readonly [string, string]> = [
  ["_sigmoid", `def _sigmoid(x):
    """1 / (1 + exp(-x)), elementwise, without overflow."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))`],
  ["_softmax", `def _softmax(z):
    """exp(z) / sum(exp(z)) for a column z."""
    e = np.exp(z - np.max(z))
    return e / np.sum(e)`],
  ["_logsumexp", `def _logsumexp(z):
    """log(sum(exp(z))) as a 1×1 array."""
    top = np.max(z)
    return np.array([[top + np.log(np.sum(np.exp(z - top)))]])`],
  ["_commutation", `def _commutation(m, n):
    """K (mn×mn) with K @ vec(A) == vec(A.T) for A m×n, vec stacking columns."""
    i, j = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
    k = np.zeros((m * n, m * n))
    # vec(A)[i + j m] = A[i, j] = vec(A.T)[j + i n]
    k[(j + i * n).ravel(), (i + j * m).ravel()] = 1.0
    return k`],
  ["_block_sum", `def _block_sum(G, A, p, q):
    """Σ_ij A[i, j] G_[ij], G_[ij] the (i, j) p×q block of G: the adjoint of A ⊗ dB."""
    m, n = A.shape
    return np.einsum("ij,ipjq->pq", A, G.reshape(m, p, n, q))`],
  ["_block_pair", `def _block_pair(G, B, m, n):
    """[<G_[ij], B>]_ij, G_[ij] the (i, j) block of G: the adjoint of dA ⊗ B."""
    p, q = B.shape
    return np.einsum("ipjq,pq->ij", G.reshape(m, p, n, q), B)`],
];

/** Reading the inputs, binding and checking sizes, and shaping the result. */
const SUPPORT = `def _read_inputs(inputs, shapes, needed, sizes_needed):
    """The inputs as 2-D float arrays, and the sizes their shapes fix.

    shapes maps each input to its declared (rows, cols); a dimension is a
    number, a size name, or (coefficient, name, ...) for a product. Raises
    ValueError when inputs disagree on a size or a needed size is not fixed.
    """
    arrays = {}
    for name, dims in shapes.items():
        if name in inputs:
            arrays[name] = _as_matrix(name, inputs[name], dims)
        elif name in needed:
            raise TypeError(f"derivative() is missing the input {name} ({_shape_text(dims)})")
    sizes, source = {}, {}
    pending = [(name, axis) for name in arrays for axis in (0, 1)]
    while pending:
        waiting = []
        for name, axis in pending:
            got = arrays[name].shape[axis]
            coef, names = _factors(shapes[name][axis])
            unknown = [s for s in names if s not in sizes]
            known = coef * math.prod(sizes[s] for s in names if s in sizes)
            if not unknown and got != known:
                raise ValueError(_disagreement(name, axis, got, known, shapes, source, sizes))
            if len(unknown) == 1:
                if got % known:
                    raise ValueError(f"{name} has {_count(got, axis)}; its declared shape "
                                     f"{_shape_text(shapes[name])} needs a multiple of {known}")
                sizes[unknown[0]], source[unknown[0]] = got // known, (name, axis)
            elif unknown:
                waiting.append((name, axis))
        if len(waiting) == len(pending):
            break
        pending = waiting
    for s in sizes_needed:
        if s not in sizes:
            holders = [n for n, dims in shapes.items() if any(s in _factors(d)[1] for d in dims)]
            hint = f"; pass {' or '.join(holders)}" if holders else ""
            raise ValueError(f"the size {s} is not fixed by the shape of any input given{hint}")
    return arrays, sizes


def _as_matrix(name, value, dims):
    """value as a 2-D float array: a float → 1×1, a 1-D array → the declared vector."""
    a = np.asarray(value, dtype=float)
    if a.ndim == 0:
        a = a.reshape(1, 1)
    elif a.ndim == 1 and dims[1] == 1:
        a = a.reshape(-1, 1)
    elif a.ndim == 1 and dims[0] == 1:
        a = a.reshape(1, -1)
    elif a.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array ({_shape_text(dims)}), not {a.ndim}-D")
    if a.size == 0:
        raise ValueError(f"{name} is empty")
    return a


def _factors(dim):
    """(coefficient, size names) of a declared dimension."""
    if isinstance(dim, int):
        return dim, ()
    if isinstance(dim, str):
        return 1, (dim,)
    return dim[0], tuple(dim[1:])


def _dim_text(dim):
    coef, names = _factors(dim)
    return "·".join(([str(coef)] if coef != 1 or not names else []) + list(names))


def _shape_text(dims):
    return f"{_dim_text(dims[0])}×{_dim_text(dims[1])}"


def _count(n, axis):
    return f"{n} {('row', 'column')[axis]}{'' if n == 1 else 's'}"


def _disagreement(name, axis, got, known, shapes, source, sizes):
    """Why input name's size along axis contradicts its declaration or another input."""
    dim = shapes[name][axis]
    if isinstance(dim, str) and dim in source:
        other, other_axis = source[dim]
        whose = "" if other == name else f"{other} has "
        return f"{name} has {_count(got, axis)} but {whose}{_count(sizes[dim], other_axis)} (both are {dim})"
    return f"{name} has {_count(got, axis)} but its declared shape {_shape_text(shapes[name])} needs {known}"


def _result(value, shape):
    """value as a float array of the given shape; a 1×1 result as a float."""
    out = np.array(value, dtype=float)
    if out.ndim == 0:
        out = out.reshape(1, 1)
    if out.shape != shape:
        raise RuntimeError(f"matdiff bug: the result is {out.shape}, expected {shape}")
    return float(out[0, 0]) if shape == (1, 1) else out`;

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
  for (const s of shapes) [s.rows, s.cols].forEach(add);
  return [...out];
}

/** Every symbol of the declared shapes, so that locals never shadow a size. */
function allSymbols(shapes: readonly Shape[]): string[] {
  return [...new Set(shapes.flatMap((s) => [...s.rows.syms, ...s.cols.syms]))];
}

const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim();

export function formatNumpy(d: Derivation): string {
  const roots = d.derivatives.map((r) => r.result);

  // The keyword arguments: the expression's names, then G, then d<wrt>.
  const params: Parameter[] = [...d.program.variables].map(([key, shape]) => ({ key, shape, local: "" }));
  if (d.upstream) params.push({ key: d.upstream.name, shape: d.upstream.shape, local: "" });
  if (d.form === "differential") {
    for (const r of d.derivatives) {
      const key = `d${r.wrt}`;
      if (params.some((p) => p.key === key)) {
        throw new DiagnosticError(error("bad-option", `${key} is a name in the expression, so it cannot also be the differential of ${r.wrt} in the numpy code`,
          undefined, [], `rename ${key} in the expression`));
      }
      params.push({ key, shape: r.variable.shape, local: "" });
    }
  }

  // Locals: size symbols keep their names; inputs step aside (n → n_) when they would clash.
  const resultShapes = d.derivatives.map((r) => r.shape);
  const sizes = printedSymbols(roots, resultShapes);
  const taken = new Set([...allSymbols(params.map((p) => p.shape)), ...sizes].map(pythonName));
  for (const p of params) {
    let local = pythonName(p.key);
    while (taken.has(local)) local += "_";
    taken.add(local);
    p.local = local;
  }
  const paramOf = (v: VarNode): Parameter => params.find((p) => p.key === v.name)!;
  const outputName = pythonName(d.yName);
  const output = taken.has(outputName) ? undefined : { node: d.y, name: outputName };
  const naming = chooseNames(roots, { format: "numpy", output, taken: new Set([...taken, outputName]) });
  const names = new Map(naming.names);
  const used = topoOrder(roots).filter((n): n is VarNode => n.kind === "var");
  for (const v of used) names.set(v.id, paramOf(v).local);
  const renderer = new Renderer("numpy", names);

  const lines: string[] = [];
  const comment = (s: string): void => void lines.push(`# ${s}`);
  const yText = d.program.output ? oneLine(d.input) : `${textName(d.yName)} = ${oneLine(d.input)}`;
  comment(`matdiff: the derivative of ${yText}`);
  comment(`with respect to ${d.derivatives.map((r) => textName(r.wrt)).join(", ")}; ${formLabel(d)}`);
  comment(`shapes: ${shapesLabel(d)}`);
  if (d.upstream) comment(`${textName(d.upstream.name)} = ∂ℓ/∂${textName(d.yName)} is the upstream gradient (${shapeToString(d.upstream.shape)})`);
  const several = d.derivatives.length > 1;
  const returned = (r: Derivative): string =>
    `${resultLabel(d, r, "text")} (${isScalarShape(r.shape) ? "a float" : `${shapeToString(r.shape)} array`})`;
  if (several) {
    comment("derivative(**inputs) returns a dict:");
    for (const r of d.derivatives) comment(`  "${r.wrt}": ${returned(r)}`);
  } else {
    comment(`derivative(**inputs) returns ${returned(d.derivatives[0]!)}`);
  }
  if (d.form === "index") {
    comment("The index form's entries ∂Y_ij/∂X_kl are returned as the numerator-layout Jacobian J,");
    comment("with J[i + j·rows(Y), k + l·rows(X)] = ∂Y_ij/∂X_kl (vec stacks columns).");
  }
  comment("Keyword arguments are numpy arrays (floats for scalars, 1-D arrays for vectors).");
  lines.push("", "import math", "", "import numpy as np", "", "");

  // derivative(): read the inputs, bind the sizes, compute, return.
  const needed = params.filter((p) => used.some((v) => v.name === p.key));
  const tuple = (xs: readonly string[]): string => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`);
  lines.push("def derivative(**inputs):");
  const docstring = `${d.derivatives.map((r) => resultLabel(d, r, "text")).join(", ")} for ${yText}; see the comment above.`;
  lines.push(`    """${docstring.replace(/[\\"]/g, (ch) => `\\${ch}`)}"""`);
  lines.push("    _arrays, _sizes = _read_inputs(inputs, {");
  for (const p of params) lines.push(`        ${JSON.stringify(p.key)}: (${dimData(p.shape.rows)}, ${dimData(p.shape.cols)}),`);
  lines.push(`    }, needed=${tuple(needed.map((p) => JSON.stringify(p.key)))}, sizes_needed=${tuple(sizes.map((s) => JSON.stringify(s)))})`);
  for (const p of needed) lines.push(`    ${p.local} = _arrays[${JSON.stringify(p.key)}]  # ${shapeToString(p.shape)}`);
  if (sizes.length) lines.push(`    ${sizes.map(pythonName).join(", ")} = ${sizes.map((s) => `_sizes[${JSON.stringify(s)}]`).join(", ")}`);
  for (const node of naming.order) lines.push(`    ${naming.names.get(node.id)} = ${renderer.render(node, true)}`);
  const shapeTuple = (s: Shape): string => `(${dimText(s.rows, "numpy")}, ${dimText(s.cols, "numpy")})`;
  const value = (i: number): string => `_result(${renderer.render(roots[i]!)}, ${shapeTuple(resultShapes[i]!)})`;
  if (several) {
    lines.push("    return {");
    d.derivatives.forEach((r, i) => lines.push(`        ${JSON.stringify(r.wrt)}: ${value(i)},`));
    lines.push("    }");
  } else {
    lines.push(`    return ${value(0)}`);
  }

  // The helpers: those the notations call, then the support code.
  const body = lines.join("\n");
  for (const [name, source] of NOTATION_HELPERS) if (new RegExp(`\\b${name}\\(`).test(body)) lines.push("", "", source);
  lines.push("", "", SUPPORT);
  return lines.join("\n") + "\n";
}
