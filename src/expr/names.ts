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
  | "erf" | "gelu" | "normcdf" | "normpdf" | "arcsin" | "arccos" | "arctan" | "sinh" | "cosh" | "arcsinh" | "log1p" | "expm1"
  // matrix functions and reshapes
  | "sum" | "tr" | "diagEmbed" | "diagExtract" | "vec" | "unvec"
  | "inv" | "adj" | "det" | "logdet" | "norm2" | "norm1" | "softmax" | "logsumexp"
  // reductions along an axis (attr.axis; MATLAB's convention) and their masks; the size of a dimension as a scalar
  | "sumAxis" | "mean" | "max" | "min" | "isMax" | "isMin" | "dimSize"
  // the adjoints of a Kronecker product: block sums and block pairings
  | "kronBlockSum" | "kronBlockPair"
  // generic functions the user declares: f⁽ᵏ⁾(X) elementwise; g(X), ∇g(X), ∇²g(X) scalar
  | "genericMap" | "genericScalar" | "genericGrad" | "genericHess";
