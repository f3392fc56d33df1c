/**
 * The PyTorch back-end: its table (torch.ts), the helpers its entries call,
 * and how inputs become tensors and the result is returned (a tensor; a
 * 0-d tensor for a 1×1 result, so that autograd and torch.func see it).
 */
import type { Backend } from "./table.js";
import { TORCH_TABLE, tensorCall } from "./torch.js";
import { RESERVED_NAMES } from "./python-syntax.js";
import { arrayIo, sharedHelpers } from "./python-table.js";

export const TORCH_BACKEND: Backend = {
  table: TORCH_TABLE,
  arrays: "torch tensors",
  returns: { scalar: "a 0-d tensor", matrix: "tensor" },
  namespace: "torch",
  imports: ["import torch"],
  multiDot: "torch.linalg.multi_dot",
  constantOptions: (like, arrays) => (like ? `dict(dtype=${like}.dtype, device=${like}.device)`
    : arrays ? `next((dict(dtype=a.dtype, device=a.device) for a in ${arrays}.values()), {})` : "{}"),
  elementwiseCall: tensorCall,
  helpers: [
    { name: "_step", source: `def _step(x):
    """1 where x > 0, else 0, elementwise."""
    return (x > 0).to(x.dtype)` },
    { name: "_extremum_mask", source: `def _extremum_mask(z, axis, pick):
    """1.0 at the first largest (argmax) or smallest (argmin) entry of each slice, else 0.0."""
    if axis is None:
        return torch.nn.functional.one_hot(pick(z.reshape(-1)), z.numel()).reshape(z.shape).to(z.dtype)
    return torch.zeros_like(z).scatter(axis, pick(z, axis, keepdim=True), 1.0)` },
    ...sharedHelpers("torch", (size) => `torch.eye(${size}, **k)`, (list) => list),
  ],
  arrayIo: arrayIo({
    what: "tensor",
    // A Python number is a double: read as float64, then brought to the tensors' dtype (_aligned), not rounded to float32.
    convert: `a = torch.as_tensor(value, dtype=torch.float64) if isinstance(value, (int, float)) else torch.as_tensor(value)
    if not a.is_floating_point():
        a = a.to(torch.get_default_dtype())`,
    result: `"""value as a tensor of the given shape; a 1×1 result as a 0-d tensor."""
    out = torch.as_tensor(value)`,
    finish: "return out.reshape(()) if shape == (1, 1) else out",
    align: `like = next((a for n, a in arrays.items() if not isinstance(inputs[n], (int, float))), None)
    if like is None:
        return arrays
    return {n: a.to(dtype=like.dtype, device=like.device) if isinstance(inputs[n], (int, float)) else a for n, a in arrays.items()}`,
  }),
  reserved: RESERVED_NAMES,
};
