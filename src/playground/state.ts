/**
 * The playground's whole state as plain strings, and its round trip through
 * the page address: `#expr=…&shapes=…&wrt=…&layout=…`. Reading an address
 * never trusts it: every field is a string of bounded length, and a choice
 * (layout, form, order) outside its list falls back to the default.
 */
import type { Form, Layout } from "../index.js";

/** Every layout, with the words the page shows; a Record so a new layout cannot be forgotten. */
export const LAYOUT_LABELS: Record<Layout, string> = {
  mixed: "mixed",
  numerator: "numerator",
  denominator: "denominator",
};

export const FORM_LABELS: Record<Form, string> = {
  jacobian: "Jacobian",
  grad: "grad (backprop)",
  differential: "differential",
  index: "index (entries)",
};

export const ORDER_LABELS = { "1": "derivative", "2": "Hessian (2nd order)" } as const;
export type Order = keyof typeof ORDER_LABELS;

export interface PlaygroundState {
  readonly expr: string;
  readonly shapes: string;
  readonly wrt: string;
  readonly layout: Layout;
  readonly form: Form;
  readonly order: Order;
  readonly assume: string;
  /** --function: generic functions, "f: elementwise, g: scalar". */
  readonly functions: string;
  readonly claim: string;
}

export const EMPTY_STATE: PlaygroundState = {
  expr: "", shapes: "", wrt: "", layout: "mixed", form: "jacobian", order: "1", assume: "", functions: "", claim: "",
};

/** A megabyte of text in an address is someone's mistake or mischief; the engine never sees more. */
export const MAX_FIELD_LENGTH = 20_000;

const TEXT_FIELDS = ["expr", "shapes", "wrt", "assume", "functions", "claim"] as const;

function pick<K extends string>(value: string | null, choices: Record<K, string>, fallback: K): K {
  return value !== null && Object.prototype.hasOwnProperty.call(choices, value) ? (value as K) : fallback;
}

/** The address fragment for a state; fields equal to the default are left out. */
export function encodeState(s: PlaygroundState): string {
  const params = new URLSearchParams();
  for (const key of TEXT_FIELDS) if (s[key] !== "") params.set(key, s[key]);
  if (s.layout !== EMPTY_STATE.layout) params.set("layout", s.layout);
  if (s.form !== EMPTY_STATE.form) params.set("form", s.form);
  if (s.order !== EMPTY_STATE.order) params.set("order", s.order);
  return params.toString();
}

/** The state an address fragment (with or without its leading '#') describes. */
export function decodeState(hash: string): PlaygroundState {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  const text = (key: (typeof TEXT_FIELDS)[number]) => (params.get(key) ?? "").slice(0, MAX_FIELD_LENGTH);
  return {
    expr: text("expr"),
    shapes: text("shapes"),
    wrt: text("wrt"),
    assume: text("assume"),
    functions: text("functions"),
    claim: text("claim"),
    layout: pick(params.get("layout"), LAYOUT_LABELS, EMPTY_STATE.layout),
    form: pick(params.get("form"), FORM_LABELS, EMPTY_STATE.form),
    order: pick(params.get("order"), ORDER_LABELS, EMPTY_STATE.order),
  };
}

/** "h, Whh" → ["h", "Whh"]: --wrt accepts commas or spaces between names. */
export function wrtList(wrt: string): string[] {
  return wrt.split(/[\s,]+/).filter((w) => w !== "");
}
