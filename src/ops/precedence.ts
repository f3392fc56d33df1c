/**
 * The precedence table shared by every printer, loosest to tightest, the
 * same order as the input language so printed text parses back.
 */
export const Prec = {
  SUM: 1,      // a + b, a − b
  PRODUCT: 2,  // a b (matrix product, scaling), a ⊙ b, a ⊘ b, a / s, a ⊗ b
  UNARY: 3,    // −a
  POSTFIX: 4,  // aᵀ, a⁻¹, a², a.^p
  ATOM: 5,     // names, numbers, f(…), (…)
} as const;
export type Precedence = (typeof Prec)[keyof typeof Prec];
