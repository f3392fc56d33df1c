/**
 * Identities from The Matrix Cookbook (K. B. Petersen & M. S. Pedersen,
 * version of November 15, 2012), each named by its equation number, with
 * the Cookbook's right-hand side in matdiff's input language. Used by
 * test/cookbook.test.ts (correctness, printed form) and
 * test/textbook-length.test.ts (no longer than the book).
 */
import type { ExpectOptions, TestForm } from "./derivative-check.js";

export interface Identity {
  /** Equation number in the 2012 Cookbook. */
  readonly eq: string;
  /** The identity as the Cookbook states it. */
  readonly statement: string;
  readonly expr: string;
  readonly wrt: string;
  readonly shapes: string;
  /** The Cookbook's right-hand side in matdiff's input language. */
  readonly cookbook: string;
  /** jacobian (mixed layout) unless stated. */
  readonly form?: TestForm;
  /** The printed result, when matdiff prints the Cookbook's formula (terms of a sum in any order). */
  readonly printed?: string;
  /** Set when matdiff does not (yet) print `printed`: the test is it.fails, with this reason. */
  readonly printedBug?: string;
  /** Set when matdiff's grad form is wrong today (a src bug): that test is it.fails, with this reason. */
  readonly gradBug?: string;
  readonly opts?: ExpectOptions;
}

export const TALL = { dims: { m: 5, n: 3 } } as const;

export const identities: Identity[] = [
  // ── 2.1 basic differentials (matdiff's differential form)
  { eq: "34", statement: "∂(αX) = α∂X", expr: "a*X", wrt: "X", shapes: "X: m x n", cookbook: "a*dX", form: "differential", printed: "a dX" },
  { eq: "35", statement: "∂(X + Y) = ∂X + ∂Y", expr: "X + Y", wrt: "X", shapes: "X: m x n, Y: m x n", cookbook: "dX", form: "differential", printed: "dX" },
  { eq: "36", statement: "∂Tr(X) = Tr(∂X)", expr: "tr(X)", wrt: "X", shapes: "X: n x n", cookbook: "tr(dX)", form: "differential", printed: "tr(dX)" },
  { eq: "37", statement: "∂(XY) = (∂X)Y + X(∂Y)  — the ∂X part", expr: "X*Y", wrt: "X", shapes: "X: m x n, Y: n x p", cookbook: "dX*Y", form: "differential", printed: "dX Y" },
  { eq: "37", statement: "∂(XY) = (∂X)Y + X(∂Y)  — the ∂Y part", expr: "X*Y", wrt: "Y", shapes: "X: m x n, Y: n x p", cookbook: "X*dY", form: "differential", printed: "X dY" },
  { eq: "38", statement: "∂(X∘Y) = (∂X)∘Y + X∘(∂Y)", expr: "X .* Y", wrt: "X", shapes: "X: m x n, Y: m x n", cookbook: "dX .* Y", form: "differential", printed: "dX ⊙ Y" },
  { eq: "39", statement: "∂(X⊗Y) = (∂X)⊗Y + X⊗(∂Y)  — the ∂X part", expr: "kron(X, Y)", wrt: "X", shapes: "X: m x n, Y: p x q", cookbook: "kron(dX, Y)", form: "differential", printed: "dX ⊗ Y" },
  { eq: "39", statement: "∂(X⊗Y) = (∂X)⊗Y + X⊗(∂Y)  — the ∂Y part", expr: "X ⊗ Y", wrt: "Y", shapes: "X: m x n, Y: p x q", cookbook: "X ⊗ dY", form: "differential", printed: "X ⊗ dY" },
  { eq: "40", statement: "∂(X⁻¹) = −X⁻¹(∂X)X⁻¹", expr: "inv(X)", wrt: "X", shapes: "X: n x n", cookbook: "-inv(X)*dX*inv(X)", form: "differential", printed: "−Y dX Y" },
  { eq: "41", statement: "∂det(X) = Tr(adj(X)∂X), adj(X) = det(X)X⁻¹", expr: "det(X)", wrt: "X", shapes: "X: n x n", cookbook: "tr(det(X)*inv(X)*dX)", form: "differential", printed: "tr(adj(X) dX)" },
  { eq: "42", statement: "∂det(X) = det(X)Tr(X⁻¹∂X)", expr: "det(X)", wrt: "X", shapes: "X: n x n", cookbook: "det(X)*tr(inv(X)*dX)", form: "differential" },
  { eq: "43", statement: "∂ln det(X) = Tr(X⁻¹∂X)", expr: "logdet(X)", wrt: "X", shapes: "X: n x n", cookbook: "tr(inv(X)*dX)", form: "differential", printed: "tr(X⁻¹ dX)" },
  { eq: "44", statement: "∂Xᵀ = (∂X)ᵀ", expr: "X'", wrt: "X", shapes: "X: m x n", cookbook: "dX'", form: "differential", printed: "dXᵀ" },

  // ── 2.1.1 / 2.1.2 derivatives of a determinant
  { eq: "46", statement: "∂det(Y)/∂x = det(Y)Tr[Y⁻¹ ∂Y/∂x], here Y = A + xB", expr: "det(A + a*B)", wrt: "a", shapes: "A: n x n, B: n x n", cookbook: "det(A + a*B)*tr(inv(A + a*B)*B)" },
  // matdiff prints the adjugate form adj(X)ᵀ = det(X) X⁻ᵀ (eq. 41's adj), defined at a singular X too
  { eq: "49", statement: "∂det(X)/∂X = det(X)(X⁻¹)ᵀ", expr: "det(X)", wrt: "X", shapes: "X: n x n", cookbook: "det(X)*inv(X)'", printed: "adj(X)ᵀ" },
  { eq: "51", statement: "∂det(AXB)/∂X = det(AXB)(X⁻¹)ᵀ", expr: "det(A*X*B)", wrt: "X", shapes: "A: n x n, X: n x n, B: n x n", cookbook: "det(A*X*B)*inv(X)'" },
  { eq: "52", statement: "∂det(XᵀAX)/∂X = 2det(XᵀAX)X⁻ᵀ (X square)", expr: "det(X'*A*X)", wrt: "X", shapes: "X: n x n, A: n x n", cookbook: "2*det(X'*A*X)*inv(X)'" },
  {
    eq: "53", statement: "∂det(XᵀAX)/∂X = 2det(XᵀAX)AX(XᵀAX)⁻¹ (X tall, A symmetric)", expr: "det(X'*A*X)", wrt: "X", shapes: "X: m x n, A: m x m",
    cookbook: "2*det(X'*A*X)*A*X*inv(X'*A*X)", opts: { ...TALL, assume: { A: ["spd"] } },
  },
  {
    eq: "54", statement: "∂det(XᵀAX)/∂X = det(XᵀAX)(AX(XᵀAX)⁻¹ + AᵀX(XᵀAᵀX)⁻¹) (X tall)", expr: "det(X'*A*X)", wrt: "X", shapes: "X: m x n, A: m x m",
    cookbook: "det(X'*A*X)*(A*X*inv(X'*A*X) + A'*X*inv(X'*A'*X))", opts: TALL,
  },
  { eq: "55", statement: "∂ln det(XᵀX)/∂X = 2(X⁺)ᵀ, (X⁺)ᵀ = X(XᵀX)⁻¹", expr: "logdet(X'*X)", wrt: "X", shapes: "X: m x n", cookbook: "2*X*inv(X'*X)", opts: TALL },
  { eq: "57", statement: "∂ln|det(X)|/∂X = (X⁻¹)ᵀ", expr: "log(abs(det(X)))", wrt: "X", shapes: "X: n x n", cookbook: "inv(X)'" },
  { eq: "58", statement: "∂det(Xᵏ)/∂X = k det(Xᵏ)X⁻ᵀ, k = 3", expr: "det(X^3)", wrt: "X", shapes: "X: n x n", cookbook: "3*det(X^3)*inv(X)'" },

  // ── 2.2 derivatives of an inverse
  { eq: "59", statement: "∂Y⁻¹/∂x = −Y⁻¹(∂Y/∂x)Y⁻¹, here Y = A + xB", expr: "inv(A + a*B)", wrt: "a", shapes: "A: n x n, B: n x n", cookbook: "-inv(A + a*B)*B*inv(A + a*B)", printed: "−YBY" },
  { eq: "61", statement: "∂aᵀX⁻¹b/∂X = −X⁻ᵀabᵀX⁻ᵀ", expr: "a'*inv(X)*b", wrt: "X", shapes: "a: n, X: n x n, b: n", cookbook: "-inv(X)'*a*b'*inv(X)'" },
  { eq: "62", statement: "∂det(X⁻¹)/∂X = −det(X⁻¹)(X⁻¹)ᵀ", expr: "det(inv(X))", wrt: "X", shapes: "X: n x n", cookbook: "-det(inv(X))*inv(X)'" },
  { eq: "63", statement: "∂Tr(AX⁻¹B)/∂X = −(X⁻¹BAX⁻¹)ᵀ", expr: "tr(A*inv(X)*B)", wrt: "X", shapes: "A: m x n, X: n x n, B: n x m", cookbook: "-(inv(X)*B*A*inv(X))'" },
  { eq: "64", statement: "∂Tr((X + A)⁻¹)/∂X = −((X + A)⁻¹(X + A)⁻¹)ᵀ", expr: "tr(inv(X + A))", wrt: "X", shapes: "X: n x n, A: n x n", cookbook: "-(inv(X + A)*inv(X + A))'" },

  // ── 2.4.1 first-order forms
  { eq: "69", statement: "∂xᵀa/∂x = a", expr: "x'*a", wrt: "x", shapes: "x: n, a: n", cookbook: "a", printed: "a" },
  { eq: "69", statement: "∂aᵀx/∂x = a", expr: "a'*x", wrt: "x", shapes: "x: n, a: n", cookbook: "a", printed: "a" },
  { eq: "70", statement: "∂aᵀXb/∂X = abᵀ", expr: "a'*X*b", wrt: "X", shapes: "a: m, X: m x n, b: n", cookbook: "a*b'", printed: "abᵀ" },
  { eq: "71", statement: "∂aᵀXᵀb/∂X = baᵀ", expr: "a'*X'*b", wrt: "X", shapes: "a: n, X: m x n, b: m", cookbook: "b*a'", printed: "baᵀ" },
  { eq: "72", statement: "∂aᵀXa/∂X = aaᵀ", expr: "a'*X*a", wrt: "X", shapes: "a: n, X: n x n", cookbook: "a*a'", printed: "a aᵀ" },

  // ── 2.4.2 second-order forms
  { eq: "77", statement: "∂bᵀXᵀXc/∂X = X(bcᵀ + cbᵀ)", expr: "b'*X'*X*c", wrt: "X", shapes: "b: n, X: m x n, c: n", cookbook: "X*(b*c' + c*b')", printed: "X (bcᵀ + cbᵀ)" },
  {
    eq: "78", statement: "∂(Bx + b)ᵀC(Dx + d)/∂x = BᵀC(Dx + d) + DᵀCᵀ(Bx + b)", expr: "(B*x + b)'*C*(D*x + d)", wrt: "x",
    shapes: "B: m x n, x: n, b: m, C: m x p, D: p x n, d: p", cookbook: "B'*C*(D*x + d) + D'*C'*(B*x + b)",
    printed: "BᵀC (Dx + d) + DᵀCᵀ (Bx + b)",
  },
  { eq: "81", statement: "∂xᵀBx/∂x = (B + Bᵀ)x", expr: "x'*B*x", wrt: "x", shapes: "x: n, B: n x n", cookbook: "(B + B')*x", printed: "(B + Bᵀ) x" },
  { eq: "82", statement: "∂bᵀXᵀDXc/∂X = DᵀXbcᵀ + DXcbᵀ", expr: "b'*X'*D*X*c", wrt: "X", shapes: "b: n, X: m x n, D: m x m, c: n", cookbook: "D'*X*b*c' + D*X*c*b'", printed: "DᵀXbcᵀ + DXcbᵀ" },
  { eq: "83", statement: "∂(Xb + c)ᵀD(Xb + c)/∂X = (D + Dᵀ)(Xb + c)bᵀ", expr: "(X*b + c)'*D*(X*b + c)", wrt: "X", shapes: "X: m x n, b: n, c: m, D: m x m", cookbook: "(D + D')*(X*b + c)*b'", printed: "(D + Dᵀ) (Xb + c) bᵀ" },
  {
    eq: "84", statement: "∂/∂s (x − As)ᵀW(x − As) = −2AᵀW(x − As), W symmetric", expr: "(x - A*s)'*W*(x - A*s)", wrt: "s",
    shapes: "x: m, A: m x n, s: n, W: m x m", cookbook: "-2*A'*W*(x - A*s)", opts: { assume: { W: ["symmetric"] } },
  },
  {
    eq: "85", statement: "∂/∂x (x − s)ᵀW(x − s) = 2W(x − s), W symmetric", expr: "(x - s)'*W*(x - s)", wrt: "x",
    shapes: "x: n, s: n, W: n x n", cookbook: "2*W*(x - s)", opts: { assume: { W: ["symmetric"] } },
  },
  {
    eq: "88", statement: "∂/∂A (x − As)ᵀW(x − As) = −2W(x − As)sᵀ, W symmetric", expr: "(x - A*s)'*W*(x - A*s)", wrt: "A",
    shapes: "x: m, A: m x n, s: n, W: m x m", cookbook: "-2*W*(x - A*s)*s'", opts: { assume: { W: ["symmetric"] } },
  },

  // ── 2.5.1 traces, first order
  { eq: "100", statement: "∂Tr(X)/∂X = I", expr: "tr(X)", wrt: "X", shapes: "X: n x n", cookbook: "I + 0*X", printed: "I_n" },
  { eq: "101", statement: "∂Tr(XA)/∂X = Aᵀ", expr: "tr(X*A)", wrt: "X", shapes: "X: m x n, A: n x m", cookbook: "A'", printed: "Aᵀ" },
  { eq: "102", statement: "∂Tr(AXB)/∂X = AᵀBᵀ", expr: "tr(A*X*B)", wrt: "X", shapes: "A: p x m, X: m x n, B: n x p", cookbook: "A'*B'", printed: "AᵀBᵀ" },
  { eq: "103", statement: "∂Tr(AXᵀB)/∂X = BA", expr: "tr(A*X'*B)", wrt: "X", shapes: "A: p x n, X: m x n, B: m x p", cookbook: "B*A", printed: "BA" },
  { eq: "104", statement: "∂Tr(XᵀA)/∂X = A", expr: "tr(X'*A)", wrt: "X", shapes: "X: m x n, A: m x n", cookbook: "A", printed: "A" },
  { eq: "105", statement: "∂Tr(AXᵀ)/∂X = A", expr: "tr(A*X')", wrt: "X", shapes: "A: m x n, X: m x n", cookbook: "A", printed: "A" },
  { eq: "106", statement: "∂Tr(A⊗X)/∂X = Tr(A)I", expr: "tr(kron(A, X))", wrt: "X", shapes: "A: p x p, X: n x n", cookbook: "tr(A)*(I + 0*X)", opts: { dims: { p: 2, n: 3 } } },

  // ── 2.5.2 traces, second order
  { eq: "107", statement: "∂Tr(X²)/∂X = 2Xᵀ", expr: "tr(X^2)", wrt: "X", shapes: "X: n x n", cookbook: "2*X'", printed: "2Xᵀ" },
  { eq: "108", statement: "∂Tr(X²B)/∂X = (XB + BX)ᵀ", expr: "tr(X^2*B)", wrt: "X", shapes: "X: n x n, B: n x n", cookbook: "(X*B + B*X)'" },
  { eq: "109", statement: "∂Tr(XᵀBX)/∂X = BX + BᵀX", expr: "tr(X'*B*X)", wrt: "X", shapes: "X: m x n, B: m x m", cookbook: "B*X + B'*X", printed: "(B + Bᵀ) X" },
  { eq: "110", statement: "∂Tr(BXXᵀ)/∂X = BX + BᵀX", expr: "tr(B*X*X')", wrt: "X", shapes: "X: m x n, B: m x m", cookbook: "B*X + B'*X", printed: "(B + Bᵀ) X" },
  { eq: "111", statement: "∂Tr(XXᵀB)/∂X = BX + BᵀX", expr: "tr(X*X'*B)", wrt: "X", shapes: "X: m x n, B: m x m", cookbook: "B*X + B'*X", printed: "(B + Bᵀ) X" },
  { eq: "112", statement: "∂Tr(XBXᵀ)/∂X = XBᵀ + XB", expr: "tr(X*B*X')", wrt: "X", shapes: "X: m x n, B: n x n", cookbook: "X*B' + X*B", printed: "X (B + Bᵀ)" },
  { eq: "113", statement: "∂Tr(BXᵀX)/∂X = XBᵀ + XB", expr: "tr(B*X'*X)", wrt: "X", shapes: "X: m x n, B: n x n", cookbook: "X*B' + X*B", printed: "X (B + Bᵀ)" },
  { eq: "114", statement: "∂Tr(XᵀXB)/∂X = XBᵀ + XB", expr: "tr(X'*X*B)", wrt: "X", shapes: "X: m x n, B: n x n", cookbook: "X*B' + X*B", printed: "X (B + Bᵀ)" },
  { eq: "115", statement: "∂Tr(AXBX)/∂X = AᵀXᵀBᵀ + BᵀXᵀAᵀ", expr: "tr(A*X*B*X)", wrt: "X", shapes: "A: n x m, X: m x n, B: n x m", cookbook: "A'*X'*B' + B'*X'*A'", printed: "(AXB + BXA)ᵀ" },
  { eq: "116", statement: "∂Tr(XᵀX)/∂X = 2X", expr: "tr(X'*X)", wrt: "X", shapes: "X: m x n", cookbook: "2*X", printed: "2X" },
  { eq: "116", statement: "∂Tr(XXᵀ)/∂X = 2X", expr: "tr(X*X')", wrt: "X", shapes: "X: m x n", cookbook: "2*X", printed: "2X" },
  { eq: "117", statement: "∂Tr(BᵀXᵀCXB)/∂X = CᵀXBBᵀ + CXBBᵀ", expr: "tr(B'*X'*C*X*B)", wrt: "X", shapes: "B: n x p, X: m x n, C: m x m", cookbook: "C'*X*B*B' + C*X*B*B'", printed: "(C + Cᵀ) XB Bᵀ" },
  { eq: "118", statement: "∂Tr[XᵀBXC]/∂X = BXC + BᵀXCᵀ", expr: "tr(X'*B*X*C)", wrt: "X", shapes: "X: m x n, B: m x m, C: n x n", cookbook: "B*X*C + B'*X*C'", printed: "BXC + BᵀXCᵀ" },
  { eq: "119", statement: "∂Tr(AXBXᵀC)/∂X = AᵀCᵀXBᵀ + CAXB", expr: "tr(A*X*B*X'*C)", wrt: "X", shapes: "A: p x m, X: m x n, B: n x n, C: m x p", cookbook: "A'*C'*X*B' + C*A*X*B", printed: "AᵀCᵀXBᵀ + CAXB" },
  { eq: "120", statement: "∂Tr[(AXB + C)(AXB + C)ᵀ]/∂X = 2Aᵀ(AXB + C)Bᵀ", expr: "tr((A*X*B + C)*(A*X*B + C)')", wrt: "X", shapes: "A: p x m, X: m x n, B: n x q, C: p x q", cookbook: "2*A'*(A*X*B + C)*B'", printed: "2Aᵀ (AXB + C) Bᵀ" },
  { eq: "121", statement: "∂Tr(X⊗X)/∂X = 2Tr(X)I", expr: "tr(kron(X, X))", wrt: "X", shapes: "X: n x n", cookbook: "2*tr(X)*(I + 0*X)", opts: { dims: { n: 3 } } },

  // ── 2.5.3 traces, higher order
  { eq: "122", statement: "∂Tr(Xᵏ)/∂X = k(Xᵏ⁻¹)ᵀ, k = 4", expr: "tr(X^4)", wrt: "X", shapes: "X: n x n", cookbook: "4*(X^3)'" },
  { eq: "123", statement: "∂Tr(AXᵏ)/∂X = Σᵣ (XʳAXᵏ⁻ʳ⁻¹)ᵀ, k = 3", expr: "tr(A*X^3)", wrt: "X", shapes: "A: n x n, X: n x n", cookbook: "(A*X^2 + X*A*X + X^2*A)'" },
  {
    eq: "124", statement: "∂Tr[BᵀXᵀCXXᵀCXB]/∂X = CXXᵀCXBBᵀ + CᵀXBBᵀXᵀCᵀX + CXBBᵀXᵀCX + CᵀXXᵀCᵀXBBᵀ",
    expr: "tr(B'*X'*C*X*X'*C*X*B)", wrt: "X", shapes: "B: n x p, X: m x n, C: m x m",
    cookbook: "C*X*X'*C*X*B*B' + C'*X*B*B'*X'*C'*X + C*X*B*B'*X'*C*X + C'*X*X'*C'*X*B*B'",
  },

  // ── 2.5.4 traces, other
  { eq: "125", statement: "∂Tr(AX⁻¹B)/∂X = −X⁻ᵀAᵀBᵀX⁻ᵀ", expr: "tr(A*inv(X)*B)", wrt: "X", shapes: "A: m x n, X: n x n, B: n x m", cookbook: "-inv(X)'*A'*B'*inv(X)'" },
  {
    eq: "126", statement: "∂Tr[(XᵀCX)⁻¹A]/∂X = −(CX(XᵀCX)⁻¹)(A + Aᵀ)(XᵀCX)⁻¹, C symmetric", expr: "tr(inv(X'*C*X)*A)", wrt: "X",
    shapes: "X: m x n, C: m x m, A: n x n", cookbook: "-(C*X*inv(X'*C*X))*(A + A')*inv(X'*C*X)", opts: { ...TALL, assume: { C: ["spd"] } },
  },
  {
    eq: "127", statement: "∂Tr[(XᵀCX)⁻¹(XᵀBX)]/∂X = −2CX(XᵀCX)⁻¹XᵀBX(XᵀCX)⁻¹ + 2BX(XᵀCX)⁻¹, B, C symmetric",
    expr: "tr(inv(X'*C*X)*(X'*B*X))", wrt: "X", shapes: "X: m x n, C: m x m, B: m x m",
    cookbook: "-2*C*X*inv(X'*C*X)*X'*B*X*inv(X'*C*X) + 2*B*X*inv(X'*C*X)", opts: { ...TALL, assume: { C: ["spd"], B: ["symmetric"] } },
  },
  {
    eq: "128", statement: "∂Tr[(A + XᵀCX)⁻¹(XᵀBX)]/∂X = −2CX(A + XᵀCX)⁻¹XᵀBX(A + XᵀCX)⁻¹ + 2BX(A + XᵀCX)⁻¹, A, B, C symmetric",
    expr: "tr(inv(A + X'*C*X)*(X'*B*X))", wrt: "X", shapes: "X: m x n, C: m x m, B: m x m, A: n x n",
    cookbook: "-2*C*X*inv(A + X'*C*X)*X'*B*X*inv(A + X'*C*X) + 2*B*X*inv(A + X'*C*X)",
   
    opts: { assume: { A: ["spd"], C: ["spd"], B: ["symmetric"] } },
  },

  // ── 2.6 / 2.7 norms
  { eq: "129", statement: "∂‖x − a‖₂/∂x = (x − a)/‖x − a‖₂", expr: "norm2(x - a)", wrt: "x", shapes: "x: n, a: n", cookbook: "(x - a) / norm2(x - a)" },
  {
    eq: "130", statement: "∂/∂x (x − a)/‖x − a‖₂ = I/‖x − a‖₂ − (x − a)(x − a)ᵀ/‖x − a‖₂³", expr: "(x - a) / norm2(x - a)", wrt: "x",
    shapes: "x: n, a: n", cookbook: "I / norm2(x - a) - (x - a)*(x - a)' / norm2(x - a)^3",
  },
  { eq: "131", statement: "∂‖x‖₂²/∂x = 2x", expr: "norm2(x)^2", wrt: "x", shapes: "x: n", cookbook: "2*x", printed: "2x" },
  { eq: "131", statement: "∂‖xᵀx‖₂/∂x = 2x", expr: "norm2(x'*x)", wrt: "x", shapes: "x: n", cookbook: "2*x" },
  { eq: "132", statement: "∂‖X‖_F²/∂X = 2X", expr: "norm2(X)^2", wrt: "X", shapes: "X: m x n", cookbook: "2*X", printed: "2X" },
];

