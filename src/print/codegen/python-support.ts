/**
 * The support code every Python back-end emits after derivative(): reading
 * the keyword arguments, binding the sizes from their shapes with clear
 * errors (a missing input, a size two inputs disagree on, a size no input
 * fixes). The array library enters only through the back-end's
 * `_as_matrix` and `_result` (Backend.arrayIo).
 */
export const READ_INPUTS = `def _read_inputs(inputs, shapes, needed, sizes_needed):
    """The inputs as 2-D float arrays, and the sizes their shapes fix. A declared
    dimension is a number, a size name, or (coefficient, name, ...) for a product."""
    for name in needed:
        if name not in inputs:
            raise TypeError(f"derivative() is missing the input {name} ({_shape_text(shapes[name])})")
    arrays = _aligned({name: _as_matrix(name, inputs[name], dims) for name, dims in shapes.items() if name in inputs}, inputs)
    sizes, source = {}, {}
    pending = [(name, axis) for name in arrays for axis in (0, 1)]
    while pending:
        waiting = []
        for name, axis in pending:
            got = arrays[name].shape[axis]
            coef, names = _factors(shapes[name][axis])
            unknown = [s for s in names if s not in sizes]
            known = coef * math.prod(sizes[s] for s in names if s in sizes)
            if len(unknown) > 1:
                waiting.append((name, axis))
            elif unknown and got % known == 0:
                sizes[unknown[0]], source[unknown[0]] = got // known, (name, axis)
            elif unknown or got != known:
                raise ValueError(_clash(name, axis, got, known, bool(unknown), shapes, source, sizes))
        if len(waiting) == len(pending):
            break
        pending = waiting
    for s in sizes_needed:
        if s not in sizes:
            holders = [n for n, dims in shapes.items() if any(s in _factors(d)[1] for d in dims)]
            hint = f"; pass {' or '.join(holders)}" if holders else ""
            raise ValueError(f"the size {s} is not fixed by the shape of any input given{hint}")
    return arrays, sizes


def _factors(dim):
    """(coefficient, size names) of a declared dimension."""
    if isinstance(dim, int):
        return dim, ()
    return (1, (dim,)) if isinstance(dim, str) else (dim[0], tuple(dim[1:]))


def _shape_text(dims):
    def one(dim):
        coef, names = _factors(dim)
        return "·".join(([str(coef)] if coef != 1 or not names else []) + list(names))
    return "×".join(one(d) for d in dims)


def _clash(name, axis, got, known, multiple, shapes, source, sizes):
    """Why input name's size along axis contradicts its declaration or another input."""
    count = lambda n, a: f"{n} {('row', 'column')[a]}{'' if n == 1 else 's'}"
    dim = shapes[name][axis]
    if isinstance(dim, str) and dim in source:
        other, other_axis = source[dim]
        whose = "" if other == name else f"{other} has "
        return f"{name} has {count(got, axis)} but {whose}{count(sizes[dim], other_axis)} (both are {dim})"
    needs = f"a multiple of {known}" if multiple else known
    return f"{name} has {count(got, axis)} but its declared shape {_shape_text(shapes[name])} needs {needs}"`;
