/**
 * The operator registry, built explicitly from the stanza lists (no import
 * side effects), and the input language's function table derived from it.
 */
import type { OpName } from "../expr/names.js";
import type { OpStanza } from "./stanza.js";
import type { SurfaceFunction } from "./surface.js";
import { arithmeticStanzas } from "./arithmetic.js";
import { elementwiseStanzas } from "./elementwise.js";
import { kronFunction, matrixStanzas } from "./matrix.js";
import { kroneckerStanzas } from "./kronecker.js";

interface Registry {
  readonly stanzas: ReadonlyMap<OpName, OpStanza>;
  readonly functions: ReadonlyMap<string, SurfaceFunction>;
}

let registry: Registry | null = null;

function buildRegistry(): Registry {
  const stanzas = new Map<OpName, OpStanza>();
  for (const s of [...arithmeticStanzas, ...kroneckerStanzas, ...elementwiseStanzas, ...matrixStanzas]) {
    if (stanzas.has(s.op)) throw new Error(`two stanzas for ${s.op}`);
    stanzas.set(s.op, s);
  }
  const functions = new Map<string, SurfaceFunction>();
  const surfaces = [...stanzas.values()].flatMap((s) => (s.surface ? [s.surface] : []));
  for (const f of [...surfaces, kronFunction!]) {
    for (const name of f.names) functions.set(name, f);
  }
  return { stanzas, functions };
}

function get(): Registry {
  registry ??= buildRegistry();
  return registry;
}

export function stanzaOf(op: OpName): OpStanza {
  const s = get().stanzas.get(op);
  if (!s) throw new Error(`no stanza for operator ${op}`);
  return s;
}

/** The function a call name refers to (aliases included), if any. */
export function functionNamed(name: string): SurfaceFunction | undefined {
  return get().functions.get(name);
}

/** Every callable name, for "did you mean" suggestions and documentation. */
export function functionNames(): string[] {
  return [...get().functions.keys()];
}

export function allStanzas(): readonly OpStanza[] {
  return [...get().stanzas.values()];
}
