/**
 * The operator registry: a record with one stanza for every OpName, built
 * explicitly from the stanza files (no import side effects, no lazy
 * initialisation). Its type names every operator, so an OpName without a
 * stanza, or a stanza filed under another operator's name, does not compile.
 * Also: the input language's function table, and the graph whose shape
 * rule is the registry's.
 */
import type { OpName } from "../expr/names.js";
import { Graph, type NodeLimit } from "../expr/node.js";
import { CONSTANT_NAMES } from "../shapes/declarations.js";
import type { OpStanza } from "./stanza.js";
import type { SurfaceFunction } from "./surface.js";
import { arithmeticStanzas } from "./arithmetic.js";
import { powerStanzas } from "./powers.js";
import { elementwiseStanzas } from "./elementwise.js";
import { matrixStanzas } from "./matrix.js";
import { functionStanzas, kronFunction } from "./functions.js";
import { adjStanza } from "./adjugate.js";
import { constantStanzas } from "./constants.js";
import { kroneckerStanzas } from "./kronecker.js";
import { genericStanzas } from "./generic.js";
import { axisStanzas, sumFunction } from "./axis.js";
import { sizedFunctions } from "./sized-constants.js";

export type Registry = { readonly [K in OpName]: OpStanza<K> };

export const REGISTRY: Registry = {
  ...arithmeticStanzas,
  ...powerStanzas,
  ...elementwiseStanzas,
  ...matrixStanzas,
  ...functionStanzas,
  adj: adjStanza,
  ...constantStanzas,
  ...kroneckerStanzas,
  ...genericStanzas,
  ...axisStanzas,
};

export function stanzaOf<K extends OpName>(op: K): OpStanza<K> {
  return REGISTRY[op];
}

/** Every stanza, in the registry's order. */
export const allStanzas = (): readonly OpStanza[] => Object.values(REGISTRY);

const FUNCTIONS: ReadonlyMap<string, SurfaceFunction> = new Map(
  [...allStanzas().flatMap((s) => (s.surface ? [s.surface] : [])), kronFunction, sumFunction, ...sizedFunctions].flatMap((f) => f.names.map((name) => [name, f] as const)),
);

/** The function a call name refers to (aliases included), if any. */
export function functionNamed(name: string): SurfaceFunction | undefined {
  return FUNCTIONS.get(name);
}

/** Every callable name, for "did you mean" suggestions and documentation. */
export function functionNames(): string[] {
  return [...FUNCTIONS.keys()];
}

/** Whether `name` is built in: a function (tanh, det, eye(n)) or a constant (I, eye, ones), whose meaning no declaration or statement may change. */
export function isBuiltInName(name: string): boolean {
  return FUNCTIONS.has(name) || CONSTANT_NAMES.has(name);
}

/** A new, empty graph for one derivation; nodes get their shapes from the stanzas. */
export function newGraph(limit?: NodeLimit): Graph {
  return new Graph((op, args, attr) => REGISTRY[op].shape(args, attr), limit);
}
