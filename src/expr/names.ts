/** Every operator of the expression graph; each has exactly one stanza (ops/registry.ts). */
export type OpName =
  // constants sized by attr.dims
  | "identity" | "ones" | "zeros" | "commutation"
  // arithmetic
  | "add" | "neg" | "matmul" | "scale" | "hadamard" | "hdiv" | "div" | "kron"
  | "transpose" | "power" | "matpow" | "hpow" | "broadcast"
  // elementwise functions
  | "exp" | "log" | "sin" | "cos" | "tan" | "tanh" | "sigmoid" | "relu" | "softplus"
  | "sqrt" | "abs" | "step" | "sign"
  // matrix functions and reshapes
  | "sum" | "tr" | "diagEmbed" | "diagExtract" | "vec" | "unvec"
  | "inv" | "det" | "logdet" | "norm2" | "norm1" | "softmax" | "logsumexp"
  // the adjoints of a Kronecker product: block sums and block pairings
  | "kronBlockSum" | "kronBlockPair"
  // generic functions the user declares: f⁽ᵏ⁾(X) elementwise; g(X), ∇g(X), ∇²g(X) scalar
  | "genericMap" | "genericScalar" | "genericGrad" | "genericHess";
