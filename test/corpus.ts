/** A corpus of expressions used by the format tests: the motivating cases and one of every operator family. */
export interface CorpusEntry {
  readonly expr: string;
  readonly wrt: string;
  readonly shapes?: readonly string[];
}

export const CORPUS: readonly CorpusEntry[] = [
  { expr: "tanh(h*Whh + x*Wxh + b)", wrt: "h", shapes: ["h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"] },
  { expr: "tanh(h*Whh + x*Wxh + b)", wrt: "Whh", shapes: ["h: 1 x H, Whh: H x H, x: 1 x D, Wxh: D x H, b: 1 x H"] },
  { expr: "a = tanh(W*x + b)", wrt: "x", shapes: ["W: m x n, x: n, b: m"] },
  { expr: "Wrec*sigmoid(x) + Win*sigmoid(u) + b", wrt: "x", shapes: ["Wrec: n x n, x: n, u: k"] },
  { expr: "x'*A*x", wrt: "x" },
  { expr: "tr(A*X*B)", wrt: "X" },
  { expr: "A*X*B", wrt: "X" },
  { expr: "logdet(X) + tr(inv(X)*A)", wrt: "X" },
  { expr: "det(X)", wrt: "X" },
  { expr: "kron(A, X)", wrt: "X" },
  { expr: "softmax(z)", wrt: "z" },
  { expr: "logsumexp(W*x) - t'*W*x", wrt: "W", shapes: ["W: k x n, x: n, t: k"] },
  { expr: "sum(softplus(X*w)) - y'*X*w", wrt: "w", shapes: ["X: N x D, w: D, y: N"] },
  { expr: "norm2(X - A)^2 + norm1(x)", wrt: "X" },
  { expr: "x.^3 ./ (1 + exp(-x)) + sqrt(abs(x) + 1) .* relu(x)", wrt: "x" },
  { expr: "diag(x)*A*diag(x) + vec(X')'*vec(X)", wrt: "x" },
  { expr: "X^3 + a^b*X'", wrt: "X" },
  { expr: "alpha*sin(W_hh*h_prev) + beta*cos(x1)", wrt: "h_prev" },
];
