/**
 * The names of a generated Python function: its keyword arguments (the
 * expression's names, then G, then d<wrt>), and the local each value is bound
 * to. A keyword is the user's name as written; a local never takes a name the
 * module reads itself (RESERVED_NAMES: the modules, the parameters of
 * _derivative, the builtins it calls) and steps aside instead (np → np_,
 * with_value → with_value_). Size symbols keep their names (through
 * pythonName); inputs step aside from sizes and generic functions. A keyword
 * that two things would share cannot be renamed away, so it is refused with
 * bad-option: d<wrt> that is a name of the expression, and a generic
 * function's keyword (f_prime, grad_g, …) that is an input, G, d<wrt> or a size.
 */
import type { Derivation } from "../../api/derive.js";
import { DiagnosticError, error } from "../../diagnostics/diagnostic.js";
import type { Expr } from "../../expr/node.js";
import { topoOrder } from "../../expr/traverse.js";
import type { Dim } from "../../shapes/dim.js";
import type { Shape } from "../../shapes/shape.js";
import type { Backend } from "./table.js";
import { pythonName } from "./python-syntax.js";
import { type GenericCallable, genericCallables } from "./generic-callables.js";

/** A keyword argument of derivative(): its key, what it is, its declared shape, and its local name. */
export interface Parameter {
  readonly key: string;
  readonly role: "input" | "upstream" | "differential";
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

/** The keyword arguments: the expression's names, then G, then d<wrt>. */
export function parameters(d: Derivation): Parameter[] {
  const params: Parameter[] = [...d.program.variables].map(([key, shape]) => ({ key, role: "input" as const, shape, local: "" }));
  if (d.upstream) params.push({ key: d.upstream.name, role: "upstream", shape: d.upstream.shape, local: "" });
  if (d.form === "differential") {
    for (const r of d.derivatives) {
      const key = `d${r.wrt}`;
      if (params.some((p) => p.key === key)) {
        throw new DiagnosticError(error("bad-option", `${key} is a name in the expression, so it cannot also be the differential of ${r.wrt} in the generated code`,
          undefined, [], `rename ${key} in the expression`));
      }
      params.push({ key, role: "differential", shape: r.variable.shape, local: "" });
    }
  }
  return params;
}

/** The generic functions the module is passed: those of the results (and of the intermediates they read), then those only the value calls. */
export function moduleCallables(d: Derivation, cut: readonly { node: Expr }[]): { results: GenericCallable[]; valueOnly: GenericCallable[] } {
  const results = genericCallables([...cut.map((s) => s.node), ...d.derivatives.map((r) => r.result)]);
  return { results, valueOnly: genericCallables([d.y]).filter((c) => !results.some((r) => r.key === c.key)) };
}

/** Refuses a generic function's keyword that a keyword argument or a size of the expression already is. */
function refuseCallableClashes(params: readonly Parameter[], sizes: readonly string[], callables: readonly GenericCallable[], backend: Backend): void {
  for (const c of callables) {
    const role = `the keyword argument of ${c.what}, in the generated code`;
    const param = params.find((p) => p.key === c.key);
    if (param?.role === "input") throw new DiagnosticError(error("bad-option", `${c.key} is a name in the expression, so it cannot also be ${role}`, undefined, [], `rename ${c.key} in the expression`));
    if (param?.role === "upstream") throw new DiagnosticError(error("bad-option", `${c.key} names the upstream gradient, so it cannot also be ${role}`, undefined, [], "choose another name with --grad-name"));
    if (param) throw new DiagnosticError(error("bad-option", `${c.key} is the differential of ${c.key.slice(1)}, so it cannot also be ${role}`, undefined, [], `rename the function ${c.generic}`));
    // A size is a local of its own name, and so is the function.
    const size = sizes.find((s) => pythonName(s, backend.reserved) === c.local);
    if (size !== undefined) throw new DiagnosticError(error("bad-option", `${size} is a size in the expression, so it cannot also be ${role}`, undefined, [], `rename the size ${size}`));
  }
}

/**
 * Binds each parameter's local, after refusing the keywords that clash, and returns every name the function
 * then uses (sizes, generic functions, inputs), which the temporaries avoid.
 */
export function bindLocals(d: Derivation, params: Parameter[], backend: Backend, callables: readonly GenericCallable[]): Set<string> {
  const name = (s: string): string => pythonName(s, backend.reserved);
  const roots = d.derivatives.map((r) => r.result);
  const declared = params.flatMap((p) => [...p.shape.rows.syms, ...p.shape.cols.syms]);
  const sizes = [...new Set([...declared, ...printedSymbols([...roots, d.y], d.derivatives.map((r) => r.shape))])];
  refuseCallableClashes(params, sizes, callables, backend);
  const taken = new Set(sizes.map(name));
  for (const c of callables) taken.add(c.local);
  for (const p of params) {
    let local = name(p.key);
    while (taken.has(local)) local += "_";
    taken.add(local);
    p.local = local;
  }
  return taken;
}
