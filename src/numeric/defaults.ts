/** Defaults of a numeric check, in a file of their own so that reading them loads no numeric code. */
export const CHECK_DEFAULTS = { trials: 3, tol: 1e-6, seed: 1, range: [2, 6] as const, fullBelow: 40 };
