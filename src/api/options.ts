/**
 * The options every request shares, as data, with their one set of defaults
 *. The CLI's option table (api/option-table.ts) and the README's
 * table are generated from these; nothing else writes a default down.
 */
import type { Form, Layout } from "../calculus/layout.js";
import { CHECK_DEFAULTS } from "../numeric/defaults.js";
import type { WorkBudget } from "../numeric/work.js";

export type { Form, Layout };

/** Every layout and form, spelt out here so that reading the option table loads no calculus code; the types keep both lists equal to calculus's. */
export const LAYOUTS = ["numerator", "denominator", "mixed"] as const satisfies readonly Layout[];
export const FORMS = ["jacobian", "grad", "differential", "index"] as const satisfies readonly Form[];
type Every<Listed, All> = [All] extends [Listed] ? true : never;
export const LISTS_ARE_COMPLETE: [Every<(typeof LAYOUTS)[number], Layout>, Every<(typeof FORMS)[number], Form>] = [true, true];

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
  /** Programs: the statement to differentiate (default: the last). */
  readonly of?: string;
  /** --function values: generic functions, e.g. "f: elementwise, g: scalar". */
  readonly functions?: readonly string[];
  /** --strict: refuse undeclared names (no default shapes). */
  readonly strict?: boolean;
}

/** Options of a numeric check (derive --check, check). */
export interface NumericOptions {
  readonly trials?: number;
  readonly tol?: number;
  readonly seed?: number;
  readonly dims?: ReadonlyMap<string, number>;
  /** Sizes for whichever of these dimensions the expression has, the others ignored (a batch run's --dims, given for every entry); `dims` wins. */
  readonly defaultDims?: ReadonlyMap<string, number>;
  /** Work shared by several checks (`check --file` gives its entries one): a check is refused once the run has spent it. */
  readonly budget?: WorkBudget;
}

/**
 * Every output format, as data: the one spelling of a format in the code
 * base. "text", "latex" and "markdown" print mathematics; "json" is the
 * machine-readable report; the rest are code back-ends.
 */
export const FORMATS = ["text", "latex", "markdown", "json", "numpy", "torch", "jax"] as const;
export type Format = (typeof FORMATS)[number];
/** The formats that print code, each one code-generation table. */
export const CODE_FORMATS = ["numpy", "torch", "jax"] as const satisfies readonly Format[];
export type CodeFormat = (typeof CODE_FORMATS)[number];
/** The formats that print mathematics, and so also a derivation step by step (--steps). */
export const STEPS_FORMATS = ["text", "latex", "markdown"] as const satisfies readonly Format[];
/** The formats a single claim's report is printed in. */
export const CHECK_FORMATS = ["text", "json"] as const satisfies readonly Format[];

/** How a batch of checks is reported. */
export const REPORTERS = ["text", "json", "junit", "github"] as const;
export type Reporter = (typeof REPORTERS)[number];

export const ORDERS = [1, 2] as const;

/** The defaults, written once. */
export const DEFAULTS = {
  layout: "mixed" as Layout,
  form: "jacobian" as Form,
  format: "text" as Format,
  reporter: "text" as Reporter,
  gradName: "G",
  order: 1 as const,
  seed: CHECK_DEFAULTS.seed,
  trials: CHECK_DEFAULTS.trials,
  tol: CHECK_DEFAULTS.tol,
  /** matdiff playground listens on 127.0.0.1 at this port. */
  port: 8317,
};

export const isCodeFormat = (f: Format): f is CodeFormat => (CODE_FORMATS as readonly string[]).includes(f);
