/**
 * The expressions every code back-end is run on (test/numpy.test.ts,
 * test/codegen-frameworks.test.ts): the motivating cases, every elementwise
 * and matrix function, products, quotients, powers, Kronecker products, and
 * names that clash with Python's, with the form/layout settings to run.
 */
import type { Form, Layout } from "../../src/calculus/layout.js";

export interface Source {
  readonly expr: string;
  readonly wrt: readonly string[];
  readonly shapes?: readonly string[];
}

/** [expression, comma-separated wrt names] pairs as sources with default shapes. */
const wrtLists = (pairs: readonly (readonly [string, string])[]): Source[] => pairs.map(([expr, wrt]) => ({ expr, wrt: wrt.split(",") }));

const RNN = "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H";
export const CORPUS: readonly Source[] = [
  // the README: RNN cell (batch of rows), the same for one row, and the dense layer
  { expr: "tanh(h*Whh + x*Wxh + b)", wrt: ["h", "Whh", "b"], shapes: [RNN] },
  { expr: "tanh(h*Whh + x*Wxh + b)", wrt: ["h", "Whh", "b"], shapes: ["h: 1 x H, Whh: H x H, x: 1 x D, Wxh: D x H, b: 1 x H"] },
  { expr: "tanh(W*x + b)", wrt: ["x", "W"], shapes: ["W: m x n, x: n, b: m"] },
  // Cookbook eq. 81: ∂(xᵀAx)/∂x = (A + Aᵀ)x
  { expr: "x'*A*x", wrt: ["x", "A"] },
  // elementwise functions of a vector; functions of a matrix (Cookbook eqs. 46, 50, 59, 100)
  ...["log(x)", "sqrt(x)", "relu(x)", "softplus(x)", "abs(x)", "sigmoid(x)", "x.^3", "diag(x)", "norm2(x)", "norm1(x)", "sin(x).*cos(x)", "tan(x)"]
    .map((expr) => ({ expr, wrt: ["x"] })),
  ...["X'", "X*X'", "sum(exp(X))", "exp(X)", "X.^2", "diag(X)", "vec(X)", "inv(X)", "det(X)", "logdet(X)", "X^3", "norm2(X)", "tr(A*X*B)"]
    .map((expr) => ({ expr, wrt: ["X"] })),
  ...["softmax(z)", "logsumexp(z)"].map((expr) => ({ expr, wrt: ["z"] })),
  // products, quotients and powers of scalars, vectors and matrices
  ...wrtLists([
    ["A*X*B", "X,A"], ["sigmoid(W*x)", "W,x"], ["x./y", "x,y"], ["a^b", "a,b"], ["X/c", "X,c"], ["a*X + b", "a,X,b"],
    ["-2*x + a", "x,a"], ["kron(A, X)", "X,A"], ["a*x'*y", "a,x"],
  ]),
  // compositions: scalars meeting matrices, sized constants, Kronecker products
  ...wrtLists([
    ["x*a + X*y", "a,x,X"], ["exp(a)*x'*x", "a,x"], ["ones'*x + tr(X)*a", "x,X,a"], ["x'*I*x - 1", "x"],
    ["sum(X.*Y)", "X,Y"], ["X.^Y", "X,Y"], ["x.^a + sqrt(b)", "x,a,b"], ["det(a*X)", "a,X"], ["inv(X)*x", "X,x"],
    ["kron(x, y)", "x,y"], ["kron(X, Y)'", "X,Y"], ["logsumexp(W*x)", "W,x"], ["softmax(W*x)", "W,x"],
    ["(X')^2*x", "X,x"], ["relu(a*x) + abs(c)*x", "a,x,c"], ["x'*diag(y)*x/c", "x,y,c"],
  ]),
  { expr: "norm2(A*x - b)", wrt: ["x", "A"], shapes: ["b: m"] },
  // one argument along both axes: two values, one variable each
  { expr: "sum(softmax(A, 2).*B) + sum(softmax(A, 1).*C)", wrt: ["A"] },
  { expr: "sum(max(A, 2).^2) + sum(max(A, 1).^3) + sum(logsumexp(A, 2)) + sum(logsumexp(A, 1))", wrt: ["A"] },
  // the error function, which NumPy has not (gelu, normcdf)
  { expr: "sum(gelu(X)) + sum(normcdf(X))", wrt: ["X"] },
  // names that are Python keywords or size symbols become other locals
  { expr: "lambda'*x", wrt: ["lambda"] },
  { expr: "n'*A*x", wrt: ["n", "x"], shapes: ["A: n x m, x: m, n: n"] },
];

export const SETTINGS: readonly { form: Form; layout: Layout }[] = [
  { form: "jacobian", layout: "numerator" },
  { form: "jacobian", layout: "denominator" },
  { form: "jacobian", layout: "mixed" },
  { form: "grad", layout: "mixed" },
  { form: "differential", layout: "mixed" },
];
