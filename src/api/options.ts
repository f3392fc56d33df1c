/** The options every request shares, as data, with their defaults (SPEC §2). */
import type { Form, Layout } from "../calculus/layout.js";

export interface CommonOptions {
  /** --shape values, each a comma-separated list of `name: dims`. */
  readonly shapes?: readonly string[];
  readonly layout?: Layout;
  readonly form?: Form;
  /** Name of the upstream gradient in the grad form. */
  readonly gradName?: string;
  /** --assume "A: spd, x: positive". */
  readonly assume?: readonly string[];
  /** 1 for the derivative, 2 for the Hessian of a scalar. */
  readonly order?: 1 | 2;
}

export const DEFAULTS = {
  layout: "mixed" as Layout,
  form: "jacobian" as Form,
  gradName: "G",
  order: 1 as const,
};

/**
 * Every output format, as data: the one spelling of a format in the code
 * base. "text", "latex" and "markdown" print mathematics; "json" is the
 * machine-readable report; the rest are code back-ends.
 */
export const FORMATS = ["text", "latex", "markdown", "json", "numpy"] as const;
export type Format = (typeof FORMATS)[number];
/** The formats that print code, each one code-generation table. */
export const CODE_FORMATS = ["numpy"] as const satisfies readonly Format[];
export type CodeFormat = (typeof CODE_FORMATS)[number];
