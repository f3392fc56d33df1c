/** The fields a batch entry may have, in the order messages list them (the file reader and the entry reader both name them). */
export const ENTRY_FIELDS = ["name", "expr", "wrt", "claim", "shape", "layout", "form", "assume", "order", "dims", "tol", "trials", "seed", "grad-name", "function"] as const;
