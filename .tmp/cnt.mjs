// src/expr/traverse.ts
function topoOrder(roots) {
  const out = [];
  const done = /* @__PURE__ */ new Set();
  const stack = [];
  for (const root of roots) {
    if (done.has(root.id)) continue;
    stack.push({ node: root, next: 0 });
    while (stack.length) {
      const top = stack[stack.length - 1];
      const args = top.node.kind === "op" ? top.node.args : [];
      if (top.next < args.length) {
        const child = args[top.next++];
        if (!done.has(child.id)) stack.push({ node: child, next: 0 });
      } else {
        stack.pop();
        if (!done.has(top.node.id)) {
          done.add(top.node.id);
          out.push(top.node);
        }
      }
    }
  }
  return out;
}
function dependents(roots, v) {
  const deps = /* @__PURE__ */ new Set();
  for (const node of topoOrder(roots)) {
    if (node === v || node.kind === "op" && node.args.some((a) => deps.has(a.id))) deps.add(node.id);
  }
  return deps;
}

// src/shapes/dim.ts
var ONE = { coef: 1, syms: [] };
function dimInt(n2) {
  return n2 === 1 ? ONE : { coef: n2, syms: [] };
}
function dimSym(name) {
  return { coef: 1, syms: [name] };
}
function dimMul(a, b) {
  if (isOne(a)) return b;
  if (isOne(b)) return a;
  return { coef: a.coef * b.coef, syms: [...a.syms, ...b.syms].sort() };
}
function isOne(d) {
  return d.coef === 1 && d.syms.length === 0;
}
function dimKey(d) {
  if (d.syms.length === 0) return String(d.coef);
  return (d.coef === 1 ? "" : `${d.coef}\xB7`) + d.syms.join("\xB7");
}
function dimEq(a, b) {
  return dimKey(a) === dimKey(b);
}
function dimValue(d, sizes) {
  let v = d.coef;
  for (const s of d.syms) {
    const n2 = sizes.get(s);
    if (n2 === void 0) throw new Error(`no size for dimension ${s}`);
    v *= n2;
  }
  return v;
}
function dimToString(d) {
  return dimKey(d);
}

// src/shapes/shape.ts
var SCALAR = { rows: ONE, cols: ONE };
function shapeEq(a, b) {
  return dimEq(a.rows, b.rows) && dimEq(a.cols, b.cols);
}
function shapeKey(s) {
  return `${dimKey(s.rows)}x${dimKey(s.cols)}`;
}
function isScalarShape(s) {
  return isOne(s.rows) && isOne(s.cols);
}
function isColumnShape(s) {
  return isOne(s.cols) && !isOne(s.rows);
}
function isRowShape(s) {
  return isOne(s.rows) && !isOne(s.cols);
}
function isVectorShape(s) {
  return isColumnShape(s) || isRowShape(s);
}
function isSquareShape(s) {
  return dimEq(s.rows, s.cols);
}
function transposeShape(s) {
  return { rows: s.cols, cols: s.rows };
}
function sizeOf(s) {
  return dimMul(s.rows, s.cols);
}
function vectorLength(s) {
  return isOne(s.rows) ? s.cols : s.rows;
}
function shapeToString(s) {
  if (isScalarShape(s)) return "scalar";
  const part = (d) => d.syms.length + (d.coef === 1 ? 0 : 1) > 1 ? `(${dimToString(d)})` : dimToString(d);
  return `${part(s.rows)}\xD7${part(s.cols)}`;
}

// src/ops/make.ts
function make(op, args, attr) {
  if (args.length === 0) throw new Error(`${op}: a constant is built on a graph explicitly`);
  return args[0].graph.op(op, args, attr);
}
function add(terms) {
  const flat = [];
  for (const t of terms) {
    if (t.kind === "op" && t.op === "add") flat.push(...t.args);
    else flat.push(t);
  }
  if (flat.length === 0) throw new Error("add of no terms");
  return flat.length === 1 ? flat[0] : make("add", flat);
}
var sub = (a, b) => add([a, neg(b)]);
var neg = (a) => make("neg", [a]);
var matmul = (a, b) => make("matmul", [a, b]);
var scale = (s, m) => make("scale", [s, m]);
var hadamard = (a, b) => make("hadamard", [a, b]);
var hdiv = (a, b) => make("hdiv", [a, b]);
var div = (m, s) => make("div", [m, s]);
var kron = (a, b) => make("kron", [a, b]);
var transpose = (a) => make("transpose", [a]);
var power = (a, b) => make("power", [a, b]);
var matpow = (a, k) => make("matpow", [a], { k });
var hpow = (a, p) => make("hpow", [a, p]);
var apply = (op, a) => make(op, [a]);
var sum = (a) => make("sum", [a]);
var tr = (a) => make("tr", [a]);
var diagEmbed = (v) => make("diagEmbed", [v]);
var diagExtract = (a) => make("diagExtract", [a]);
var vec = (a) => make("vec", [a]);
var unvec = (v, s) => make("unvec", [v], { dims: [s.rows, s.cols] });
var inv = (a) => make("inv", [a]);
function broadcast(a, s) {
  return shapeEq(a.shape, s) ? a : make("broadcast", [a], { dims: [s.rows, s.cols] });
}
var identity = (g, n2) => n2.coef === 1 && n2.syms.length === 0 ? g.num(1) : g.op("identity", [], { dims: [n2] });
var ones = (g, rows, cols = ONE) => g.op("ones", [], { dims: [rows, cols] });
var zeros = (g, s) => g.op("zeros", [], { dims: [s.rows, s.cols] });
var commutation = (g, m, n2) => g.op("commutation", [], { dims: [m, n2] });
function constant(g, v, s) {
  return broadcast(g.num(v), s);
}
function times(c, d) {
  if (shapeEq(c.shape, d.shape)) return isScalarShape(c.shape) ? scale(c, d) : hadamard(c, d);
  if (isScalarShape(c.shape)) return scale(c, d);
  if (isScalarShape(d.shape)) return scale(d, c);
  throw new Error("times: shapes do not fit");
}
function inner(a, b) {
  if (isScalarShape(a.shape)) return scale(a, b);
  if (isColumnShape(a.shape)) return matmul(transpose(a), b);
  if (isRowShape(a.shape)) return matmul(a, transpose(b));
  return sum(hadamard(a, b));
}
var entries = (e) => sizeOf(e.shape);
function plus(...ds) {
  const present = ds.filter((d) => d !== null);
  return present.length === 0 ? null : add(present);
}
function onLinear(d, f) {
  return d === null ? null : f(d);
}
function substitute(root, replace) {
  const built = /* @__PURE__ */ new Map();
  for (const node of topoOrder([root])) {
    const r = replace.get(node.id);
    if (r) {
      built.set(node.id, r);
    } else if (node.kind === "op") {
      const args = node.args.map((a) => built.get(a.id));
      built.set(node.id, args.every((a, i) => a === node.args[i]) ? node : node.graph.op(node.op, args, node.attr));
    } else {
      built.set(node.id, node);
    }
  }
  return built.get(root.id);
}

// src/simplify/engine.ts
var MAX_REWRITES = 2e5;
var Simplifier = class {
  memo = /* @__PURE__ */ new Map();
  rewrites = 0;
  inProgress = /* @__PURE__ */ new Set();
  steps = [];
  /** The rules for each operator, in catalogue order. */
  byHead = /* @__PURE__ */ new Map();
  constructor(rules) { globalThis.__built = (globalThis.__built ?? 0) + 1;
    for (const r of rules) {
      for (const head of r.heads) {
        const list = this.byHead.get(head) ?? [];
        if (!list.includes(r)) list.push(r);
        this.byHead.set(head, list);
      }
    }
  }
  run(root) {
    for (const node of topoOrder([root])) {
      if (!this.memo.has(node.id)) this.memo.set(node.id, this.normalise(node));
    }
    return this.memo.get(root.id);
  }
  /** Rebuild a node from simplified arguments, then rewrite it to a fixed point. */
  normalise(node) {
    if (node.kind !== "op") return node;
    const args = node.args.map((a) => this.memo.get(a.id) ?? this.run(a));
    const current = args.every((a, i) => a === node.args[i]) ? node : make(node.op, args, node.attr);
    const known = this.memo.get(current.id);
    if (known) return known;
    if (current.kind !== "op" || this.inProgress.has(current.id)) return current;
    this.inProgress.add(current.id);
    try {
      const result = this.rewrite(current);
      this.memo.set(current.id, result);
      return result;
    } finally {
      this.inProgress.delete(current.id);
    }
  }
  rewrite(op) {
    for (const rule2 of this.byHead.get(op.op) ?? []) {
      const rewritten = rule2.apply(op);
      if (rewritten === null || rewritten === op) continue;
      if (++this.rewrites > MAX_REWRITES) return op;
      this.steps.push({ rule: rule2.id, reason: rule2.reason, assumes: rule2.assumes, before: op, after: rewritten });
      const known = this.memo.get(rewritten.id);
      if (known) return known;
      if (this.inProgress.has(rewritten.id)) return op;
      return this.run(rewritten);
    }
    return op;
  }
};
function simplify(root, rules) {
  const s = new Simplifier(rules);
  const result = s.run(root);
  return { result, steps: s.steps };
}

// src/expr/node.ts
var NO_ATTR = Object.freeze({});
var Graph = class {
  /** `shapeOf` is the registry's shape rule; it is injected so that expr/ needs no operator knowledge. */
  constructor(shapeOf2) {
    this.shapeOf = shapeOf2;
  }
  shapeOf;
  nextId = 1;
  table = /* @__PURE__ */ new Map();
  /** The number of distinct nodes built so far. */
  get size() {
    return this.table.size;
  }
  intern(key, build) {
    const found = this.table.get(key);
    if (found) return found;
    const node = build(this.nextId++);
    Object.defineProperty(node, "graph", { value: this, enumerable: false });
    this.table.set(key, node);
    return node;
  }
  variable(name, shape, role = "input") {
    return this.intern(`v:${role}:${name}:${shapeKey(shape)}`, (id) => ({ kind: "var", id, shape, name, role }));
  }
  num(value) {
    const v = Object.is(value, -0) ? 0 : value;
    return this.intern(`n:${v}`, (id) => ({ kind: "num", id, shape: SCALAR, value: v }));
  }
  /** The node op(args) with its shape from the shape rule; the arguments must belong to this graph. */
  op(op, args, attr) {
    for (const a of args) if (a.graph !== this) throw new Error(`${op}: an argument belongs to another graph`);
    const at2 = attr ?? NO_ATTR;
    const key = `o:${op}:${attrKey(at2)}:${args.map((x) => x.id).join(",")}`;
    const shape = this.shapeOf(op, args.map((a) => a.shape), at2);
    return this.intern(key, (id) => ({ kind: "op", id, shape, op, args, attr: at2 }));
  }
};
function attrKey(attr) {
  let key = "";
  if (attr.dims) key += attr.dims.map(dimKey).join(",");
  if (attr.k !== void 0) key += `k${attr.k}`;
  return key;
}
function isNum(e, value) {
  return e.kind === "num" && (value === void 0 || e.value === value);
}

// src/kernels/dense.ts
function shapeText(m) {
  return `${m.rows}\xD7${m.cols}`;
}
function checkDims(op, r, c) {
  if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0) {
    throw new Error(`${op}: dimensions must be non-negative integers, got ${r}\xD7${c}`);
  }
}
function checkSameShape(op, a, b) {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`${op}: shapes differ (${shapeText(a)} vs ${shapeText(b)})`);
  }
}
function checkSquare(op, m) {
  if (m.rows !== m.cols) throw new Error(`${op}: matrix must be square, got ${shapeText(m)}`);
}
function make2(rows, cols, data) {
  return { rows, cols, data };
}
function zeros2(r, c) {
  checkDims("zeros", r, c);
  return make2(r, c, new Float64Array(r * c));
}
function full(r, c, v) {
  checkDims("full", r, c);
  return make2(r, c, new Float64Array(r * c).fill(v));
}
function ones2(r, c) {
  checkDims("ones", r, c);
  return full(r, c, 1);
}
function eye(n2) {
  checkDims("eye", n2, n2);
  const d = new Float64Array(n2 * n2);
  for (let i = 0; i < n2; i++) d[i + i * n2] = 1;
  return { rows: n2, cols: n2, data: d };
}
function scalar(v) {
  return make2(1, 1, Float64Array.of(v));
}
function isScalar(m) {
  return m.rows === 1 && m.cols === 1;
}
function scalarValue(m) {
  if (!isScalar(m)) throw new Error(`scalarValue: expected 1\xD71, got ${shapeText(m)}`);
  return m.data[0];
}
function isFiniteMat(m) {
  const M = m.data, n2 = M.length;
  for (let t = 0; t < n2; t++) if (!Number.isFinite(M[t])) return false;
  return true;
}
function isDiagonal(m) {
  if (m.rows !== m.cols) return false;
  const n2 = m.rows, M = m.data;
  for (let j = 0; j < n2; j++) {
    const off = j * n2;
    for (let i = 0; i < n2; i++) if (i !== j && M[off + i] !== 0) return false;
  }
  return true;
}

// src/kernels/products.ts
function diagTimes(d, b) {
  const m = b.rows, n2 = b.cols, D = d.data, B = b.data;
  const C = new Float64Array(m * n2);
  for (let j = 0; j < n2; j++) {
    const off = j * m;
    for (let i = 0; i < m; i++) C[off + i] = D[i + i * m] * B[off + i];
  }
  return { rows: m, cols: n2, data: C };
}
function timesDiag(a, d) {
  const m = a.rows, n2 = a.cols, D = d.data, A = a.data;
  const C = new Float64Array(m * n2);
  for (let j = 0; j < n2; j++) {
    const off = j * m, dj = D[j + j * n2];
    for (let i = 0; i < m; i++) C[off + i] = A[off + i] * dj;
  }
  return { rows: m, cols: n2, data: C };
}
function matmul2(a, b) {
  if (a.cols !== b.rows) {
    throw new Error(`matmul: inner dimensions differ (${shapeText(a)} \xB7 ${shapeText(b)})`);
  }
  const m = a.rows, n2 = b.cols, p = a.cols;
  const bigEnough = m > 1 && n2 > 1 && p > 1;
  if (bigEnough && isDiagonal(a) && isFiniteMat(b)) return diagTimes(a, b);
  if (bigEnough && isDiagonal(b) && isFiniteMat(a)) return timesDiag(a, b);
  const skipZeros = n2 > 1 && isFiniteMat(a);
  const C = new Float64Array(m * n2);
  let j = 0;
  for (; j + 1 < n2; j += 2) accumulateColumnPair(C, a.data, b.data, m, p, j, skipZeros);
  if (j < n2) accumulateColumn(C, a.data, b.data, m, p, j, skipZeros);
  return { rows: m, cols: n2, data: C };
}
function accumulateColumnPair(C, A, B, m, p, j, skipZeros) {
  const c0 = j * m, c1 = c0 + m, b0 = j * p, b1 = b0 + p;
  let k = 0;
  for (; k + 3 < p; k += 4) {
    const u0 = B[k + b0], u1 = B[k + 1 + b0], u2 = B[k + 2 + b0], u3 = B[k + 3 + b0];
    const v0 = B[k + b1], v1 = B[k + 1 + b1], v2 = B[k + 2 + b1], v3 = B[k + 3 + b1];
    if (skipZeros && u0 === 0 && u1 === 0 && u2 === 0 && u3 === 0 && v0 === 0 && v1 === 0 && v2 === 0 && v3 === 0) continue;
    addColumns4x2(C, c0, c1, A, k * m, m, u0, u1, u2, u3, v0, v1, v2, v3);
  }
  for (; k < p; k++) {
    const u = B[k + b0], v = B[k + b1];
    if (skipZeros && u === 0 && v === 0) continue;
    addColumn(C, c0, A, k * m, m, u);
    addColumn(C, c1, A, k * m, m, v);
  }
}
function accumulateColumn(C, A, B, m, p, j, skipZeros) {
  const cOff = j * m, bOff = j * p;
  let k = 0;
  for (; k + 3 < p; k += 4) {
    const b0 = B[k + bOff], b1 = B[k + 1 + bOff], b2 = B[k + 2 + bOff], b3 = B[k + 3 + bOff];
    if (skipZeros && b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0) continue;
    addColumns4(C, cOff, A, k * m, m, b0, b1, b2, b3);
  }
  for (; k < p; k++) {
    const bkj = B[k + bOff];
    if (skipZeros && bkj === 0) continue;
    addColumn(C, cOff, A, k * m, m, bkj);
  }
}
function addColumns4(C, cOff, A, a0, m, b0, b1, b2, b3) {
  const a1 = a0 + m, a2 = a1 + m, a3 = a2 + m;
  for (let i = 0; i < m; i++) C[i + cOff] += A[i + a0] * b0 + A[i + a1] * b1 + A[i + a2] * b2 + A[i + a3] * b3;
}
function addColumns4x2(C, c0, c1, A, a0, m, u0, u1, u2, u3, v0, v1, v2, v3) {
  const a1 = a0 + m, a2 = a1 + m, a3 = a2 + m;
  for (let i = 0; i < m; i++) {
    const x0 = A[i + a0], x1 = A[i + a1], x2 = A[i + a2], x3 = A[i + a3];
    C[i + c0] += x0 * u0 + x1 * u1 + x2 * u2 + x3 * u3;
    C[i + c1] += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
  }
}
function addColumn(C, cOff, A, aOff, m, b) {
  for (let i = 0; i < m; i++) C[i + cOff] += A[i + aOff] * b;
}
function kron2(a, b) {
  const m = a.rows, n2 = a.cols, p = b.rows, q = b.cols;
  const R = m * p;
  const A = a.data, B = b.data;
  const out = new Float64Array(R * n2 * q);
  for (let j = 0; j < n2; j++) {
    for (let l = 0; l < q; l++) {
      const colOff = (j * q + l) * R;
      const bOff = l * p;
      for (let i = 0; i < m; i++) {
        const aij = A[i + j * m];
        const rowOff = colOff + i * p;
        for (let k = 0; k < p; k++) out[rowOff + k] = aij * B[k + bOff];
      }
    }
  }
  return { rows: R, cols: n2 * q, data: out };
}

// src/kernels/elementwise.ts
function addInto(out, A, B) {
  for (let t = 0; t < out.length; t++) out[t] = A[t] + B[t];
}
function mulInto(out, A, B) {
  for (let t = 0; t < out.length; t++) out[t] = A[t] * B[t];
}
function divInto(out, A, B) {
  for (let t = 0; t < out.length; t++) out[t] = A[t] / B[t];
}
function scaleInto(out, s, M) {
  for (let t = 0; t < out.length; t++) out[t] = s * M[t];
}
function negInto(out, M) {
  for (let t = 0; t < out.length; t++) out[t] = -M[t];
}
function mapInto(out, M, f) {
  for (let t = 0; t < out.length; t++) out[t] = f(M[t]);
}
function zipInto(out, A, B, f) {
  for (let t = 0; t < out.length; t++) out[t] = f(A[t], B[t]);
}
function binary(op, a, b, into) {
  checkSameShape(op, a, b);
  const out = new Float64Array(a.data.length);
  into(out, a.data, b.data);
  return { rows: a.rows, cols: a.cols, data: out };
}
var add2 = (a, b) => binary("add", a, b, addInto);
var hadamard2 = (a, b) => binary("hadamard", a, b, mulInto);
var hdiv2 = (a, b) => binary("hdiv", a, b, divInto);
function scale2(s, m) {
  const out = new Float64Array(m.data.length);
  scaleInto(out, s, m.data);
  return { rows: m.rows, cols: m.cols, data: out };
}
function neg2(m) {
  const out = new Float64Array(m.data.length);
  negInto(out, m.data);
  return { rows: m.rows, cols: m.cols, data: out };
}
function map(m, f) {
  const out = new Float64Array(m.data.length);
  mapInto(out, m.data, f);
  return { rows: m.rows, cols: m.cols, data: out };
}
function zip(a, b, f) {
  checkSameShape("zip", a, b);
  const out = new Float64Array(a.data.length);
  zipInto(out, a.data, b.data, f);
  return { rows: a.rows, cols: a.cols, data: out };
}

// src/kernels/structure.ts
function transpose2(m) {
  const r = m.rows, c = m.cols, M = m.data;
  const out = new Float64Array(r * c);
  transposeInto(out, M, r, c);
  return { rows: c, cols: r, data: out };
}
function transposeInto(out, M, r, c) {
  for (let j = 0; j < c; j++) {
    const off = j * r;
    for (let i = 0; i < r; i++) out[j + i * c] = M[i + off];
  }
}
function diagEmbed2(v) {
  if (v.rows !== 1 && v.cols !== 1) {
    throw new Error(`diagEmbed: expected a vector, got ${shapeText(v)}`);
  }
  const n2 = v.data.length, V = v.data;
  const out = new Float64Array(n2 * n2);
  for (let i = 0; i < n2; i++) out[i + i * n2] = V[i];
  return { rows: n2, cols: n2, data: out };
}
function diagExtract2(m) {
  checkSquare("diagExtract", m);
  const n2 = m.rows, M = m.data;
  const out = new Float64Array(n2);
  for (let i = 0; i < n2; i++) out[i] = M[i + i * n2];
  return { rows: n2, cols: 1, data: out };
}
function vec2(m) {
  return { rows: m.rows * m.cols, cols: 1, data: m.data.slice() };
}
function reshape(v, r, c) {
  checkDims("reshape", r, c);
  if (v.data.length !== r * c) {
    throw new Error(`reshape: cannot reshape ${shapeText(v)} (${v.data.length} entries) to ${r}\xD7${c}`);
  }
  return { rows: r, cols: c, data: v.data.slice() };
}
function commutation2(m, n2) {
  checkDims("commutation", m, n2);
  const N = m * n2;
  const out = new Float64Array(N * N);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n2; j++) out[j + i * n2 + (i + j * m) * N] = 1;
  }
  return { rows: N, cols: N, data: out };
}
function broadcastTo(m, r, c) {
  checkDims("broadcastTo", r, c);
  const rowsOk = m.rows === r || m.rows === 1;
  const colsOk = m.cols === c || m.cols === 1;
  if (!rowsOk || !colsOk) throw new Error(`broadcastTo: cannot broadcast ${shapeText(m)} to ${r}\xD7${c}`);
  const M = m.data, mr = m.rows;
  const rowStride = m.rows === 1 ? 0 : 1;
  const colStride = m.cols === 1 ? 0 : mr;
  const out = new Float64Array(r * c);
  for (let j = 0; j < c; j++) {
    const src = j * colStride, dst = j * r;
    for (let i = 0; i < r; i++) out[dst + i] = M[src + i * rowStride];
  }
  return { rows: r, cols: c, data: out };
}

// src/kernels/reductions.ts
function sum2(m) {
  const M = m.data, n2 = M.length;
  let s = 0, comp = 0;
  for (let t = 0; t < n2; t++) {
    const x = M[t], u = s + x;
    comp += Math.abs(s) >= Math.abs(x) ? s - u + x : x - u + s;
    s = u;
  }
  return s + comp;
}
function trace(m) {
  checkSquare("trace", m);
  const n2 = m.rows, M = m.data;
  let s = 0, comp = 0;
  for (let i = 0; i < n2; i++) {
    const x = M[i + i * n2], u = s + x;
    comp += Math.abs(s) >= Math.abs(x) ? s - u + x : x - u + s;
    s = u;
  }
  return s + comp;
}
function inner2(a, b) {
  checkSameShape("inner", a, b);
  const A = a.data, B = b.data, n2 = A.length;
  let s = 0, comp = 0;
  for (let t = 0; t < n2; t++) {
    const x = A[t] * B[t], u = s + x;
    comp += Math.abs(s) >= Math.abs(x) ? s - u + x : x - u + s;
    s = u;
  }
  return s + comp;
}
function maxAbs(m) {
  const M = m.data, n2 = M.length;
  let best = 0;
  for (let t = 0; t < n2; t++) {
    const x = Math.abs(M[t]);
    if (x > best) best = x;
    else if (x !== x) return NaN;
  }
  return best;
}
var SAFE_SUMSQ_MIN = 1e-280;
function sumOfSquares(M) {
  let ss = 0;
  for (let t = 0; t < M.length; t++) ss += M[t] * M[t];
  return ss;
}
function frobenius(m) {
  const M = m.data, n2 = M.length;
  const ss = sumOfSquares(M);
  if (ss >= SAFE_SUMSQ_MIN && ss < Infinity) return Math.sqrt(ss);
  const s = maxAbs(m);
  if (s === 0 || !(s < Infinity)) return s;
  let scaled = 0;
  for (let t = 0; t < n2; t++) {
    const y = M[t] / s;
    scaled += y * y;
  }
  return s * Math.sqrt(scaled);
}

// src/ops/precedence.ts
var Prec = {
  SUM: 1,
  // a + b, a − b
  PRODUCT: 2,
  // a b (matrix product, scaling), a ⊙ b, a ⊘ b, a / s, a ⊗ b
  UNARY: 3,
  // −a
  POSTFIX: 4,
  // aᵀ, a⁻¹, a², a.^p
  ATOM: 5
  // names, numbers, f(…), (…)
};

// src/ops/notation.ts
function infix(prec, symbol, spaced = true) {
  return {
    prec,
    render: (c) => {
      const s = c.sym(symbol);
      return spaced ? `${c.operand(0)} ${s} ${c.operand(1)}` : `${c.operand(0)}${s}${c.operand(1)}`;
    }
  };
}
function call(name, open = "(", close = ")") {
  return {
    prec: Prec.ATOM,
    render: (c) => `${c.fn(name)}${open}${c.node.args.map((_, i) => c.bare(i)).join(", ")}${close}`
  };
}
function transparent() {
  return { prec: -1, render: (c) => c.bare(0) };
}
function juxtapose(c) {
  const left = c.operand(0);
  const right = c.operand(1);
  const leftIsNumber = c.node.args[0].kind === "num" && !left.startsWith("(");
  if (leftIsNumber && c.node.args[1].kind !== "num") return left + right;
  const repeated = c.node.args[0] === c.node.args[1];
  if (!repeated && c.shortEdge(0, "last") && c.shortEdge(1, "first") && !left.endsWith(")") && !right.startsWith("(")) return left + right;
  return `${left} ${right}`;
}
var SUPERSCRIPT = {
  "0": "\u2070",
  "1": "\xB9",
  "2": "\xB2",
  "3": "\xB3",
  "4": "\u2074",
  "5": "\u2075",
  "6": "\u2076",
  "7": "\u2077",
  "8": "\u2078",
  "9": "\u2079",
  "-": "\u207B"
};
function superscript(n2) {
  if (!Number.isInteger(n2)) return null;
  return String(n2).split("").map((ch) => SUPERSCRIPT[ch] ?? "").join("");
}

// src/ops/algebra.ts
var rebuild = (n2, args) => n2.graph.op(n2.op, args, n2.attr);
function linear(spec) {
  const { part = (n2, _i, d) => rebuild(n2, [d]), ...rest } = spec;
  return {
    ...rest,
    linear: true,
    zeroWhen: "all",
    // d f(A₁, …, Aₖ) = Σᵢ f(0, …, dAᵢ, …, 0)
    differential: (n2, ds) => plus(...ds.map((d, i) => onLinear(d, (x) => part(n2, i, x))))
  };
}
function bilinear(spec) {
  const { left, right, ...rest } = spec;
  const sides = [left, right];
  return {
    ...rest,
    arity: 2,
    bilinear: true,
    zeroWhen: "any",
    // d(A ∘ B) = dA ∘ B + A ∘ dB
    differential: (n2, [da, db]) => {
      const [a, b] = n2.args;
      return plus(onLinear(da, (d) => rebuild(n2, [d, b])), onLinear(db, (d) => rebuild(n2, [a, d])));
    },
    adjoint: (n2, i, ct) => sides[i].adjoint(n2, ct),
    vecJacobian: (n2, i, j) => sides[i].vec(n2, j)
  };
}

// src/ops/index-terms.ts
function idxDiv(i, by) {
  return isOne(by) ? i : i === 1 ? 1 : { kind: "div", of: i, by };
}
function idxMod(i, by) {
  return isOne(by) || i === 1 ? 1 : { kind: "mod", of: i, by };
}
function idxLin(a, b, by) {
  return b === 1 ? a : isOne(by) && a === 1 ? b : { kind: "lin", a, b, by };
}
function idxNames(i) {
  if (i === 1) return [];
  if (typeof i === "string") return [i];
  return i.kind === "lin" ? [...idxNames(i.a), ...idxNames(i.b)] : idxNames(i.of);
}
var idxKey = (i) => typeof i === "object" ? JSON.stringify([i.kind, i.kind === "lin" ? [idxKey(i.a), idxKey(i.b)] : idxKey(i.of), i.by.coef, i.by.syms]) : String(i);
var entry = (of, i, j, power2 = 1) => ({ kind: "entry", of, i, j, power: power2 });
var delta = (a, b) => ({ kind: "delta", a, b });

// src/ops/arithmetic.ts
var first = (s) => s[0];
var sumNotation = (minus) => ({
  prec: Prec.SUM,
  render: (c) => c.node.args.map((t, i) => {
    if (i > 0 && t.kind === "op" && t.op === "neg") return ` ${c.sym(minus)} ${c.bare(i).replace(/^[\uE000-\uE00E]?[−-]\uE00F?/, "")}`;
    if (i > 0 && t.kind === "num" && t.value < 0) return ` ${c.sym(minus)} ${String(-t.value)}`;
    const s = c.arg(i, Prec.SUM);
    return i === 0 ? s : ` ${c.sym("+")} ${s}`;
  }).join("")
});
var addStanza = linear({
  why: { adjoint: "a sum splits: \u27E8G, A + B\u27E9 = \u27E8G, A\u27E9 + \u27E8G, B\u27E9", vec: "vec is linear: vec(A + B) = vec(A) + vec(B)" },
  op: "add",
  arity: "variadic",
  associative: true,
  broadcasting: true,
  shape: first,
  // d(A + B) = dA + dB
  part: (_n, _i, d) => d,
  // ⟨G, A + B⟩ = ⟨G, A⟩ + ⟨G, B⟩
  adjoint: (_n, _i, ct) => ct,
  vecJacobian: (_n, _i, j) => j,
  index: (n2, c) => (i, j) => n2.args.filter(c.linear).flatMap((x) => c.t(x)(i, j)),
  evaluate: (a) => a.reduce((x, y) => add2(x, y)),
  text: sumNotation("\u2212"),
  latex: sumNotation("-"),
  sample: ({ m, n: n2 }) => ({ args: [{ rows: m, cols: n2 }, { rows: m, cols: n2 }, { rows: m, cols: n2 }] })
});
var negStanza = linear({
  why: { adjoint: "a sign moves across: \u27E8G, \u2212A\u27E9 = \u27E8\u2212G, A\u27E9", vec: "vec(\u2212A) = \u2212vec(A)" },
  op: "neg",
  arity: 1,
  broadcasting: true,
  shape: first,
  adjoint: (_n, _i, ct) => neg(ct),
  vecJacobian: (_n, _i, j) => neg(j),
  index: (n2, c) => (i, j) => c.t(n2.args[0])(i, j).map((x) => ({ ...x, coef: -x.coef })),
  // (−A)_ij = −A_ij
  entry: (f) => ({ coef: -1, expand: [{ ...f, of: f.of.args[0] }] }),
  evaluate: ([a]) => neg2(a),
  text: { prec: Prec.UNARY, render: (c) => `${c.sym("\u2212")}${c.arg(0, Prec.PRODUCT)}` },
  latex: { prec: Prec.UNARY, render: (c) => `-${c.arg(0, Prec.PRODUCT)}` },
  sample: ({ m, n: n2 }) => ({ args: [{ rows: m, cols: n2 }] })
});
var matmulStanza = bilinear({
  why: { adjoint: "moving {other} across the Frobenius product transposes it: \u27E8G, A dX B\u27E9 = \u27E8A\u1D40GB\u1D40, dX\u27E9", vec: (i) => i === 0 ? "a factor on the right comes out transposed: vec(dX B) = (B\u1D40 \u2297 I) vec(dX)" : "a factor on the left stays as it is: vec(A dX) = (I \u2297 A) vec(dX)" },
  op: "matmul",
  associative: true,
  shape: ([a, b]) => ({ rows: a.rows, cols: b.cols }),
  // ⟨G, dA B⟩ = ⟨G Bᵀ, dA⟩;  vec(dA B) = (Bᵀ ⊗ I_p) vec(dA)   (Cookbook eq. 520)
  left: { adjoint: (n2, ct) => matmul(ct, transpose(n2.args[1])), vec: (n2, j) => matmul(kron(transpose(n2.args[1]), identity(n2.graph, n2.shape.rows)), j) },
  // ⟨G, A dB⟩ = ⟨Aᵀ G, dB⟩;  vec(A dB) = (I_q ⊗ A) vec(dB)
  right: { adjoint: (n2, ct) => matmul(transpose(n2.args[0]), ct), vec: (n2, j) => matmul(kron(identity(n2.graph, n2.shape.cols), n2.args[0]), j) },
  // (A L)_ij = Σ_r A_ir L_rj,  (L B)_ij = Σ_r L_ir B_rj
  index: (n2, c) => {
    const [a, b] = n2.args;
    if (c.linear(b)) return (i, j) => {
      const r = c.sumIndex(a.shape.cols);
      return c.withSum(r, c.t(b)(r, j), [entry(a, i, r)]);
    };
    return (i, j) => {
      const r = c.sumIndex(a.shape.cols);
      return c.withSum(r, c.t(a)(i, r), [entry(b, r, j)]);
    };
  },
  entry: (f, fresh) => {
    if (f.power !== 1 || isScalarShape(f.of.shape)) return null;
    const [a, b] = f.of.args;
    const r = isOne(a.shape.cols) ? 1 : fresh();
    return { sum: r === 1 ? void 0 : r, expand: [{ ...f, of: a, j: r }, { ...f, of: b, i: r }] };
  },
  evaluate: ([a, b]) => matmul2(a, b),
  text: { prec: Prec.PRODUCT, render: juxtapose },
  latex: { prec: Prec.PRODUCT, render: (c) => `${c.operand(0)} ${c.operand(1)}` },
  sample: ({ m, n: n2, p }) => ({ args: [{ rows: m, cols: n2 }, { rows: n2, cols: p }] })
});
var scaleStanza = bilinear({
  why: { adjoint: "a scalar factor moves across unchanged; a scalar differential collects \u27E8G, M\u27E9", vec: "vec(s M) = s vec(M), vec(ds M) = vec(M) ds" },
  op: "scale",
  shape: ([, m]) => m,
  // ⟨G, ds M⟩ = ds ⟨G, M⟩;  vec(ds M) = vec(M) ds
  left: { adjoint: (n2, ct) => inner(ct, n2.args[1]), vec: (n2, j) => matmul(vec(n2.args[1]), j) },
  // ⟨G, s dM⟩ = ⟨s G, dM⟩;  vec(s dM) = s vec(dM)
  right: { adjoint: (n2, ct) => scale(n2.args[0], ct), vec: (n2, j) => scale(n2.args[0], j) },
  // (s L)_ij = s L_ij,  (l M)_ij = l M_ij
  index: (n2, c) => {
    const [a, b] = n2.args;
    if (c.linear(b)) return (i, j) => c.withSum(1, c.t(b)(i, j), [entry(a, 1, 1)]);
    return (i, j) => c.withSum(1, c.t(a)(1, 1), [entry(b, i, j)]);
  },
  entry: (f) => {
    const [s, m] = f.of.args;
    if (s.kind === "num") return { coef: f.power === 1 ? s.value : 1 / s.value, expand: [{ ...f, of: m }] };
    return f.power === 1 ? { expand: [{ ...f, of: s, i: 1, j: 1 }, { ...f, of: m }] } : null;
  },
  evaluate: ([s, m]) => scale2(scalarValue(s), m),
  text: { prec: Prec.PRODUCT, render: juxtapose },
  latex: { prec: Prec.PRODUCT, render: (c) => `${c.arg(0, Prec.POSTFIX)} ${c.operand(1)}` },
  sample: ({ m, n: n2 }) => ({ args: [SCALAR, { rows: m, cols: n2 }] })
});
var hadamardSide = (other) => ({
  adjoint: (n2, ct) => hadamard(ct, n2.args[other]),
  vec: (n2, j) => {
    const m = n2.args[other];
    return matmul(diagEmbed(isVectorShape(m.shape) ? m : vec(m)), j);
  }
});
var hadamardStanza = bilinear({
  why: { adjoint: "the elementwise factor {other} moves across unchanged: \u27E8G, M \u2299 dX\u27E9 = \u27E8G \u2299 M, dX\u27E9", vec: "an elementwise factor becomes a diagonal matrix: vec(M \u2299 dX) = diag(vec M) vec(dX)" },
  op: "hadamard",
  associative: true,
  broadcasting: true,
  shape: first,
  left: hadamardSide(1),
  right: hadamardSide(0),
  // (M ⊙ L)_ij = M_ij L_ij
  index: (n2, c) => {
    const [a, b] = n2.args;
    const [m, l] = c.linear(b) ? [a, b] : [b, a];
    return (i, j) => c.withSum(1, c.t(l)(i, j), [entry(m, i, j)]);
  },
  entry: (f) => f.power === 1 ? { expand: [{ ...f, of: f.of.args[0] }, { ...f, of: f.of.args[1] }] } : null,
  evaluate: ([a, b]) => hadamard2(a, b),
  text: infix(Prec.PRODUCT, "\u2299"),
  latex: infix(Prec.PRODUCT, "\\odot"),
  sample: ({ m, n: n2 }) => ({ args: [{ rows: m, cols: n2 }, { rows: m, cols: n2 }] })
});
var hdivStanza = {
  why: { adjoint: "\u27E8G, dX \u2298 B\u27E9 = \u27E8G \u2298 B, dX\u27E9", vec: "vec(dX \u2298 B) = diag(vec B)\u207B\xB9 vec(dX)" },
  op: "hdiv",
  arity: 2,
  broadcasting: true,
  zeroWhen: "first",
  shape: first,
  // d(A ⊘ B) = dA ⊘ B − (Y ⊘ B) ⊙ dB,  Y = A ⊘ B
  differential: (n2, [da, db]) => plus(onLinear(da, (d) => hdiv(d, n2.args[1])), onLinear(db, (d) => neg(hadamard(hdiv(n2, n2.args[1]), d)))),
  // ⟨G, dA ⊘ B⟩ = ⟨G ⊘ B, dA⟩
  adjoint: (n2, _i, ct) => hdiv(ct, n2.args[1]),
  // vec(dA ⊘ B) = diag(vec B)⁻¹ vec(dA)
  vecJacobian: (n2, _i, j) => matmul(inv(diagEmbed(vec(n2.args[1]))), j),
  // (L ⊘ B)_ij = L_ij / B_ij
  index: (n2, c) => (i, j) => c.withSum(1, c.t(n2.args[0])(i, j), [entry(n2.args[1], i, j, -1)]),
  evaluate: ([a, b]) => hdiv2(a, b),
  outOfDomain: ([, b]) => b.data.some((x) => Math.abs(x) < 1e-3) ? "division by an entry near zero" : null,
  text: infix(Prec.PRODUCT, "\u2298"),
  latex: infix(Prec.PRODUCT, "\\oslash"),
  sample: ({ m, n: n2 }) => ({ args: [{ rows: m, cols: n2 }, { rows: m, cols: n2 }] })
};
var divStanza = {
  why: { adjoint: "\u27E8G, dX / s\u27E9 = \u27E8G / s, dX\u27E9", vec: "vec(dX / s) = vec(dX) / s" },
  op: "div",
  arity: 2,
  zeroWhen: "first",
  shape: first,
  // d(M / s) = dM / s − (Y / s) ds,  Y = M / s
  differential: (n2, [dm, ds]) => plus(onLinear(dm, (d) => div(d, n2.args[1])), onLinear(ds, (d) => scale(d, neg(div(n2, n2.args[1]))))),
  adjoint: (n2, _i, ct) => div(ct, n2.args[1]),
  vecJacobian: (n2, _i, j) => div(j, n2.args[1]),
  // (L / s)_ij = L_ij / s
  index: (n2, c) => (i, j) => c.withSum(1, c.t(n2.args[0])(i, j), [entry(n2.args[1], 1, 1, -1)]),
  evaluate: ([m, s]) => scale2(1 / scalarValue(s), m),
  outOfDomain: ([, s]) => Math.abs(scalarValue(s)) < 1e-3 ? "division by a scalar near zero" : null,
  text: { prec: Prec.PRODUCT, render: (c) => `${c.operand(0)} / ${c.arg(1, Prec.POSTFIX)}` },
  latex: { prec: Prec.ATOM, render: (c) => `\\frac{${c.bare(0)}}{${c.bare(1)}}` },
  sample: ({ m, n: n2 }) => ({ args: [{ rows: m, cols: n2 }, SCALAR] })
};
var transposeStanza = linear({
  why: { adjoint: "\u27E8G, dX\u1D40\u27E9 = \u27E8G\u1D40, dX\u27E9: a transpose moves across as a transpose", vec: "vec(dX\u1D40) = K vec(dX), the commutation matrix" },
  op: "transpose",
  arity: 1,
  shape: ([a]) => transposeShape(a),
  // ⟨G, dXᵀ⟩ = ⟨Gᵀ, dX⟩
  adjoint: (_n, _i, ct) => transpose(ct),
  // vec(Xᵀ) = K_{m,n} vec(X) for X m×n; K = I when X is a vector
  vecJacobian: (n2, _i, j) => {
    const { rows, cols } = n2.args[0].shape;
    return isOne(rows) || isOne(cols) ? j : matmul(commutation(n2.graph, rows, cols), j);
  },
  // (Lᵀ)_ij = L_ji
  index: (n2, c) => (i, j) => c.t(n2.args[0])(j, i),
  entry: (f) => ({ expand: [{ ...f, of: f.of.args[0], i: f.j, j: f.i }] }),
  evaluate: ([a]) => transpose2(a),
  // (X⁻¹)ᵀ prints X⁻ᵀ; a transposed power keeps its parentheses: (X²)ᵀ.
  text: {
    prec: Prec.POSTFIX,
    render: (c) => {
      const a = c.node.args[0];
      if (a.kind === "op" && a.op === "inv" && c.bare(0).endsWith(c.sym("\u207B\xB9"))) return `${c.bare(0).slice(0, -c.sym("\u207B\xB9").length)}${c.sym("\u207B\u1D40")}`;
      const powered = a.kind === "op" && (a.op === "power" || a.op === "matpow" || a.op === "hpow");
      return `${powered ? `(${c.bare(0)})` : c.arg(0, Prec.POSTFIX)}${c.sym("\u1D40")}`;
    }
  },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^\\top` },
  sample: ({ m, n: n2 }) => ({ args: [{ rows: m, cols: n2 }] })
});
var arithmeticStanzas = {
  add: addStanza,
  neg: negStanza,
  matmul: matmulStanza,
  scale: scaleStanza,
  hadamard: hadamardStanza,
  hdiv: hdivStanza,
  div: divStanza,
  transpose: transposeStanza
};

// src/ops/powers.ts
function powerText(c, exponent) {
  const value = typeof exponent === "number" ? exponent : isNum(exponent) ? exponent.value : null;
  const sup = value === null ? null : superscript(value);
  const base = c.arg(0, Prec.ATOM);
  if (sup) return `${base}${sup}`;
  return `${base}^${typeof exponent === "number" ? String(exponent) : c.arg(1, Prec.ATOM)}`;
}
var powerStanza = {
  op: "power",
  arity: 2,
  shape: first,
  // d(a^b) = b a^(b−1) da + a^b log(a) db
  differential: (n2, [da, db]) => {
    const [a, b] = n2.args;
    const exponentLessOne = isNum(b) ? n2.graph.num(b.value - 1) : add([b, n2.graph.num(-1)]);
    return plus(
      onLinear(da, (d) => scale(scale(b, power(a, exponentLessOne)), d)),
      onLinear(db, (d) => scale(scale(n2, apply("log", a)), d))
    );
  },
  evaluate: ([a, b]) => scalar(Math.pow(scalarValue(a), scalarValue(b))),
  outOfDomain: ([a, b]) => scalarValue(a) <= 0 && !Number.isInteger(scalarValue(b)) ? "a non-integer power of a non-positive number" : null,
  text: { prec: Prec.POSTFIX, render: (c) => powerText(c, c.node.args[1]) },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^{${c.bare(1)}}` },
  sample: () => ({ args: [SCALAR, SCALAR] })
};
var matpowStanza = {
  op: "matpow",
  arity: 1,
  shape: first,
  // d(A^k) = Σ_{j=0}^{k−1} A^j dA A^(k−1−j)   (Cookbook eq. 45)
  differential: (n2, [da]) => onLinear(da, (d) => {
    const a = n2.args[0];
    const k = n2.attr.k;
    const pow = (j) => j === 0 ? null : j === 1 ? a : matpow(a, j);
    const terms = [];
    for (let j = 0; j < k; j++) {
      const left = pow(j);
      const right = pow(k - 1 - j);
      let t = left ? matmul(left, d) : d;
      if (right) t = matmul(t, right);
      terms.push(t);
    }
    return add(terms);
  }),
  evaluate: ([a], n2) => {
    const k = n2.attr.k;
    let out = eye(a.rows);
    for (let j = 0; j < k; j++) out = matmul2(out, a);
    return out;
  },
  text: { prec: Prec.POSTFIX, render: (c) => powerText(c, c.node.attr.k) },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^{${c.node.attr.k}}` },
  sample: ({ n: n2 }) => ({ args: [{ rows: n2, cols: n2 }], attr: { k: 3 } })
};
var hpowStanza = {
  op: "hpow",
  arity: 2,
  broadcasting: true,
  shape: first,
  // d(A.^P) = P ⊙ A.^(P−1) ⊙ dA + A.^P ⊙ log(A) ⊙ dP
  differential: (n2, [da, dp]) => {
    const [a, p] = n2.args;
    const pLessOne = isNum(p) ? n2.graph.num(p.value - 1) : add([p, constant(n2.graph, -1, p.shape)]);
    const coefficient = isScalarShape(p.shape) ? scale(p, hpow(a, pLessOne)) : hadamard(p, hpow(a, pLessOne));
    return plus(
      onLinear(da, (d) => hadamard(coefficient, d)),
      onLinear(dp, (d) => isScalarShape(p.shape) ? scale(d, hadamard(n2, apply("log", a))) : hadamard(hadamard(n2, apply("log", a)), d))
    );
  },
  evaluate: ([a, p]) => isScalar(p) && !isScalar(a) ? map(a, (x) => Math.pow(x, scalarValue(p))) : zip(a, p, (x, y) => Math.pow(x, y)),
  outOfDomain: ([a, p]) => {
    const integral = p.data.every((x) => Number.isInteger(x));
    return !integral && a.data.some((x) => x <= 0) ? "a non-integer power of a non-positive entry" : null;
  },
  text: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}.^${c.arg(1, Prec.ATOM)}` },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^{\\circ ${c.bare(1)}}` },
  sample: ({ m, n: n2 }) => ({ args: [{ rows: m, cols: n2 }, { rows: m, cols: n2 }] })
};
var broadcastStanza = linear({
  why: { adjoint: "the adjoint of stretching is summing: a broadcast row collects column sums \u{1D7CF}\u1D40G", vec: "a broadcast repeats entries: vec(\u{1D7CF} r) = (I \u2297 \u{1D7CF}) vec(r)" },
  op: "broadcast",
  arity: 1,
  broadcasting: true,
  shape: (_a, attr) => ({ rows: attr.dims[0], cols: attr.dims[1] }),
  // The adjoint of stretching is summing over the stretched dimension:
  // a row 1×c → 𝟏ᵀG (column sums), a column r×1 → G𝟏 (row sums), a scalar → sum(G).
  adjoint: (n2, _i, ct) => {
    const a = n2.args[0].shape;
    if (isScalarShape(a)) return sum(ct);
    if (isOne(a.rows)) return matmul(transpose(ones(n2.graph, n2.shape.rows)), ct);
    return matmul(ct, ones(n2.graph, n2.shape.cols));
  },
  // vec(𝟏_r a) = (I_c ⊗ 𝟏_r) vec(a),  vec(a 𝟏_cᵀ) = (𝟏_c ⊗ I_r) vec(a),  vec(s 𝟏𝟏ᵀ) = 𝟏 s
  vecJacobian: (n2, _i, j) => {
    const a = n2.args[0].shape;
    if (isScalarShape(a)) return matmul(ones(n2.graph, entries(n2)), j);
    if (isOne(a.rows)) return matmul(kron(identity(n2.graph, n2.shape.cols), ones(n2.graph, n2.shape.rows)), j);
    return matmul(kron(ones(n2.graph, n2.shape.cols), identity(n2.graph, n2.shape.rows)), j);
  },
  // a stretched value repeats entries: (𝟏 r)_ij = r_j
  index: (n2, c) => {
    const s = n2.args[0].shape;
    return (i, j) => c.t(n2.args[0])(isOne(s.rows) ? 1 : i, isOne(s.cols) ? 1 : j);
  },
  entry: (f) => {
    const a = f.of.args[0];
    return { expand: [{ ...f, of: a, i: isOne(a.shape.rows) ? 1 : f.i, j: isOne(a.shape.cols) ? 1 : f.j }] };
  },
  evaluate: ([a], n2, sizes) => broadcastTo(a, dimValue(n2.shape.rows, sizes), dimValue(n2.shape.cols, sizes)),
  text: transparent(),
  latex: transparent(),
  sample: ({ m, n: n2 }) => ({ args: [{ rows: ONE, cols: n2 }], attr: { dims: [m, n2] } })
});
var powerStanzas = { power: powerStanza, matpow: matpowStanza, hpow: hpowStanza, broadcast: broadcastStanza };

// src/ops/elementwise.ts
function elementwise(spec) {
  const name = spec.names[0];
  return {
    op: spec.op,
    arity: 1,
    elementwise: true,
    shape: ([a]) => a,
    differential: (n2, [d]) => spec.derivative === null ? null : onLinear(d, (dx) => times(spec.derivative(n2.args[0], n2), dx)),
    evaluate: ([a]) => map(a, spec.evaluate),
    text: spec.text ?? call(name),
    latex: spec.latex ?? call(`\\operatorname{${name}}`),
    nonSmooth: spec.nonSmooth,
    outOfDomain: spec.domain || spec.kinkAt !== void 0 ? ([a]) => {
      if (spec.domain && !a.data.every(spec.domain.holds)) return spec.domain.reason;
      if (spec.kinkAt !== void 0 && a.data.some((x) => Math.abs(x - spec.kinkAt) < 0.02)) return `${name} evaluated within 0.02 of its kink at ${spec.kinkAt}`;
      return null;
    } : void 0,
    surface: {
      names: spec.names,
      arity: 1,
      check: ([a]) => a,
      lower: ([a]) => apply(spec.op, a)
    },
    sample: ({ m, n: n2 }) => ({ args: [{ rows: m, cols: n2 }] })
  };
}
var one = (x) => constant(x.graph, 1, x.shape);
var square = (y) => isScalarShape(y.shape) ? power(y, y.graph.num(2)) : hadamard(y, y);
var reciprocal = (x) => isScalarShape(x.shape) ? div(x.graph.num(1), x) : hdiv(one(x), x);
var sigmoid = (x) => x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
var elementwiseStanzas = {
  // d exp(X) = exp(X) ⊙ dX
  exp: elementwise({
    op: "exp",
    names: ["exp"],
    evaluate: Math.exp,
    derivative: (_x, y) => y,
    latex: call("\\exp")
  }),
  // d log(X) = dX ⊘ X
  log: elementwise({
    op: "log",
    names: ["log", "ln"],
    evaluate: Math.log,
    derivative: (x) => reciprocal(x),
    latex: call("\\log"),
    domain: { holds: (x) => x > 0, reason: "log of a non-positive entry" }
  }),
  // d sin(X) = cos(X) ⊙ dX
  sin: elementwise({
    op: "sin",
    names: ["sin"],
    evaluate: Math.sin,
    derivative: (x) => apply("cos", x),
    latex: call("\\sin")
  }),
  // d cos(X) = −sin(X) ⊙ dX
  cos: elementwise({
    op: "cos",
    names: ["cos"],
    evaluate: Math.cos,
    derivative: (x) => neg(apply("sin", x)),
    latex: call("\\cos")
  }),
  // d tan(X) = (1 + Y ⊙ Y) ⊙ dX
  tan: elementwise({
    op: "tan",
    names: ["tan"],
    evaluate: Math.tan,
    derivative: (x, y) => add([one(x), square(y)]),
    latex: call("\\tan"),
    domain: { holds: (x) => Math.abs(Math.cos(x)) > 0.05, reason: "tan near a pole" }
  }),
  // d tanh(X) = (1 − Y ⊙ Y) ⊙ dX
  tanh: elementwise({
    op: "tanh",
    names: ["tanh"],
    evaluate: Math.tanh,
    derivative: (x, y) => sub(one(x), square(y)),
    latex: call("\\tanh")
  }),
  // d σ(X) = Y ⊙ (1 − Y) ⊙ dX
  sigmoid: elementwise({
    op: "sigmoid",
    names: ["sigmoid", "\u03C3"],
    evaluate: sigmoid,
    derivative: (x, y) => times(y, sub(one(x), y)),
    text: call("\u03C3"),
    latex: call("\\sigma")
  }),
  // d relu(X) = step(X) ⊙ dX (a subgradient at 0)
  relu: elementwise({
    op: "relu",
    kinkAt: 0,
    names: ["relu", "ReLU"],
    evaluate: (x) => Math.max(x, 0),
    derivative: (x) => apply("step", x),
    nonSmooth: "relu is not differentiable at 0; its derivative is taken as step(x) (1 for x > 0, else 0), a subgradient"
  }),
  // d softplus(X) = σ(X) ⊙ dX
  softplus: elementwise({
    op: "softplus",
    names: ["softplus"],
    evaluate: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
    derivative: (x) => apply("sigmoid", x)
  }),
  // d sqrt(X) = dX ⊘ (2 sqrt(X))
  sqrt: elementwise({
    op: "sqrt",
    names: ["sqrt", "\u221A"],
    evaluate: Math.sqrt,
    derivative: (_x, y) => reciprocal(scale(y.graph.num(2), y)),
    text: call("\u221A"),
    latex: { prec: Prec.ATOM, render: (c) => `\\sqrt{${c.bare(0)}}` },
    domain: { holds: (x) => x > 0, reason: "sqrt of a non-positive entry" },
    nonSmooth: "sqrt is not differentiable at 0"
  }),
  // d |X| = sign(X) ⊙ dX (a subgradient at 0)
  abs: elementwise({
    op: "abs",
    kinkAt: 0,
    names: ["abs"],
    evaluate: Math.abs,
    derivative: (x) => apply("sign", x),
    latex: { prec: Prec.ATOM, render: (c) => `\\left|${c.bare(0)}\\right|` },
    nonSmooth: "abs is not differentiable at 0; its derivative is taken as sign(x), a subgradient"
  }),
  // step and sign are piecewise constant: derivative 0 away from 0
  step: elementwise({
    op: "step",
    kinkAt: 0,
    names: ["step", "heaviside"],
    evaluate: (x) => x > 0 ? 1 : 0,
    derivative: null,
    nonSmooth: "step jumps at 0; its derivative is taken as 0"
  }),
  sign: elementwise({
    op: "sign",
    kinkAt: 0,
    names: ["sign", "sgn"],
    evaluate: Math.sign,
    derivative: null,
    latex: call("\\operatorname{sign}"),
    nonSmooth: "sign jumps at 0; its derivative is taken as 0"
  })
};

// src/diagnostics/diagnostic.ts
function error(code, message, where, notes = [], help) {
  return { severity: "error", code, message, span: where?.span, text: where?.text, origin: where?.origin, notes, help };
}
var DiagnosticError = class extends Error {
  constructor(diagnostic) {
    super(diagnostic.message);
    this.diagnostic = diagnostic;
  }
  diagnostic;
};

// src/ops/surface.ts
function callError(site, code, message, argIndex, help) {
  const at2 = argIndex === void 0 ? site.span : site.argSpans[argIndex];
  throw new DiagnosticError(error(code, message, { span: at2, text: site.text, origin: site.origin }, [], help));
}
function requireSquare(s, u, site, i) {
  if (!u.unify(s.rows, s.cols)) {
    callError(site, "not-square", `${site.fnName} needs a square matrix, but ${site.describe(i)} is ${site.show(s)}`, i);
  }
}
function requireColumn(s, u, site, i) {
  if (!u.isOne(s.cols) && !u.unify(s.cols, { coef: 1, syms: [] })) {
    callError(
      site,
      "not-vector",
      `${site.fnName} works on a column vector, but ${site.describe(i)} is ${site.show(s)}`,
      i,
      u.isOne(s.rows) ? `transpose the row vector: ${site.fnName}(${site.describe(i)}')` : void 0
    );
  }
}

// src/ops/matrix.ts
var scalarResult = () => SCALAR;
var fnCall = (name) => ({ text: call(name), latex: call(`\\operatorname{${name}}`) });
var sumStanza = linear({
  why: { adjoint: "\u27E8g, sum(dX)\u27E9 = \u27E8g \u{1D7CF}\u{1D7CF}\u1D40, dX\u27E9", vec: "sum(dX) = \u{1D7CF}\u1D40 vec(dX)" },
  op: "sum",
  arity: 1,
  shape: scalarResult,
  // ⟨g, sum(dX)⟩ = ⟨g 𝟏𝟏ᵀ, dX⟩
  adjoint: (n2, _i, ct) => broadcast(ct, n2.args[0].shape),
  // sum(X) = 𝟏ᵀ vec(X)
  vecJacobian: (n2, _i, j) => matmul(transpose(ones(n2.graph, dimMul(n2.args[0].shape.rows, n2.args[0].shape.cols))), j),
  // sum(L) = Σ_rs L_rs
  index: (n2, c) => () => {
    const a = n2.args[0];
    const r = c.sumIndex(a.shape.rows);
    const s = c.sumIndex(a.shape.cols);
    return c.withSum(r, c.withSum(s, c.t(a)(r, s), []), []);
  },
  evaluate: ([a]) => scalar(sum2(a)),
  ...fnCall("sum"),
  latex: { prec: Prec.ATOM, render: (c) => `\\operatorname{sum}(${c.bare(0)})` },
  surface: { names: ["sum"], arity: 1, check: scalarResult, lower: ([a]) => sum(a) },
  sample: ({ m, n: n2 }) => ({ args: [{ rows: m, cols: n2 }] })
});
var trStanza = linear({
  why: { adjoint: "\u27E8g, tr(dX)\u27E9 = \u27E8g I, dX\u27E9", vec: "tr(dX) = vec(I)\u1D40 vec(dX)" },
  op: "tr",
  arity: 1,
  shape: scalarResult,
  // ⟨g, tr(dX)⟩ = ⟨g I, dX⟩   (Cookbook eq. 100)
  adjoint: (n2, _i, ct) => scale(ct, identity(n2.graph, n2.args[0].shape.rows)),
  // tr(X) = vec(I)ᵀ vec(X)
  vecJacobian: (n2, _i, j) => matmul(transpose(vec(identity(n2.graph, n2.args[0].shape.rows))), j),
  // tr(L) = Σ_r L_rr
  index: (n2, c) => () => {
    const r = c.sumIndex(n2.args[0].shape.rows);
    return c.withSum(r, c.t(n2.args[0])(r, r), []);
  },
  evaluate: ([a]) => scalar(trace(a)),
  ...fnCall("tr"),
  surface: {
    names: ["tr", "trace"],
    arity: 1,
    check: ([a], u, site) => (requireSquare(a, u, site, 0), SCALAR),
    lower: ([a]) => tr(a)
  },
  sample: ({ n: n2 }) => ({ args: [{ rows: n2, cols: n2 }] })
});
var diagEmbedStanza = linear({
  why: { adjoint: "\u27E8G, diag(dv)\u27E9 = \u27E8diag(G), dv\u27E9", vec: "vec(diag(v)) picks the diagonal positions" },
  op: "diagEmbed",
  arity: 1,
  shape: ([v]) => ({ rows: vectorLength(v), cols: vectorLength(v) }),
  // ⟨G, diag(dv)⟩ = ⟨diag(G), dv⟩
  adjoint: (n2, _i, ct) => isRowShape(n2.args[0].shape) ? transpose(diagExtract(ct)) : diagExtract(ct),
  // vec(diag(v)) = diag(vec I_n) (𝟏_n ⊗ I_n) v
  vecJacobian: (n2, _i, j) => {
    const k = n2.shape.rows;
    return matmul(matmul(diagEmbed(vec(identity(n2.graph, k))), kron(ones(n2.graph, k), identity(n2.graph, k))), j);
  },
  // diag(l)_ij = δ_ij l_i
  index: (n2, c) => {
    const a = n2.args[0];
    const row = isOne(a.shape.rows);
    return (i, j) => c.withSum(1, c.t(a)(row ? 1 : i, row ? i : 1), [delta(i, j)]);
  },
  entry: (f) => {
    if (f.power !== 1) return null;
    const a = f.of.args[0];
    return { emit: [delta(f.i, f.j)], expand: [{ ...f, of: a, i: isOne(a.shape.rows) ? 1 : f.i, j: isOne(a.shape.cols) ? 1 : f.i }] };
  },
  evaluate: ([v]) => diagEmbed2(v),
  ...fnCall("diag"),
  surface: {
    names: ["diag"],
    arity: 1,
    check: ([a], u, site) => {
      if (u.isOne(a.rows)) return { rows: a.cols, cols: a.cols };
      if (u.isOne(a.cols)) return { rows: a.rows, cols: a.rows };
      requireSquare(a, u, site, 0);
      return { rows: a.rows, cols: ONE };
    },
    lower: ([a]) => isOne(a.shape.rows) || isOne(a.shape.cols) ? diagEmbed(a) : diagExtract(a)
  },
  sample: ({ n: n2 }) => ({ args: [{ rows: n2, cols: ONE }] })
});
var diagExtractStanza = linear({
  why: { adjoint: "\u27E8g, diag(dX)\u27E9 = \u27E8diag(g), dX\u27E9", vec: "diag(dX) picks the diagonal of vec(dX)" },
  op: "diagExtract",
  arity: 1,
  shape: ([a]) => ({ rows: a.rows, cols: ONE }),
  adjoint: (_n, _i, ct) => diagEmbed(ct),
  // diag(X) = (𝟏_nᵀ ⊗ I_n) diag(vec I_n) vec(X)
  vecJacobian: (n2, _i, j) => {
    const k = n2.shape.rows;
    return matmul(matmul(kron(transpose(ones(n2.graph, k)), identity(n2.graph, k)), diagEmbed(vec(identity(n2.graph, k)))), j);
  },
  // diag(L)_i = L_ii
  index: (n2, c) => (i) => c.t(n2.args[0])(i, i),
  evaluate: ([a]) => diagExtract2(a),
  ...fnCall("diag"),
  sample: ({ n: n2 }) => ({ args: [{ rows: n2, cols: n2 }] })
});
var vecStanza = linear({
  why: { adjoint: "\u27E8g, vec(dX)\u27E9 = \u27E8unvec(g), dX\u27E9", vec: "vec(vec(dX)) = vec(dX)" },
  op: "vec",
  arity: 1,
  shape: ([a]) => ({ rows: dimMul(a.rows, a.cols), cols: ONE }),
  adjoint: (n2, _i, ct) => unvec(ct, n2.args[0].shape),
  vecJacobian: (_n, _i, j) => j,
  // vec(L)_i = L_(i mod m)⌊i/m⌋ for L m×n
  index: (n2, c) => {
    const a = n2.args[0];
    return (i) => c.t(a)(idxMod(i, a.shape.rows), idxDiv(i, a.shape.rows));
  },
  // (vec X)_(i + m·j) = X_ij for X with m rows
  entry: (f) => {
    const a = f.of.args[0];
    const at2 = f.i;
    if (f.power !== 1 || typeof at2 !== "object" || at2.kind !== "lin" || JSON.stringify(at2.by) !== JSON.stringify(a.shape.rows)) return null;
    return { expand: [{ ...f, of: a, i: at2.a, j: at2.b }] };
  },
  evaluate: ([a]) => vec2(a),
  ...fnCall("vec"),
  surface: { names: ["vec"], arity: 1, check: ([a]) => ({ rows: dimMul(a.rows, a.cols), cols: ONE }), lower: ([a]) => vec(a) },
  sample: ({ m, n: n2 }) => ({ args: [{ rows: m, cols: n2 }] })
});
var unvecStanza = linear({
  why: { adjoint: "\u27E8G, unvec(dv)\u27E9 = \u27E8vec(G), dv\u27E9", vec: "vec(unvec(v)) = v" },
  op: "unvec",
  arity: 1,
  shape: (_a, attr) => ({ rows: attr.dims[0], cols: attr.dims[1] }),
  adjoint: (_n, _i, ct) => vec(ct),
  vecJacobian: (_n, _i, j) => j,
  // unvec(l)_ij = l_(i + r·j) for an r×c result
  index: (n2, c) => (i, j) => c.t(n2.args[0])(idxLin(i, j, n2.shape.rows), 1),
  evaluate: ([v], n2, sizes) => reshape(v, dimValue(n2.shape.rows, sizes), dimValue(n2.shape.cols, sizes)),
  text: { prec: Prec.ATOM, render: (c) => `${c.fn("unvec")}_(${c.dim(c.node.shape.rows)}\xD7${c.dim(c.node.shape.cols)})(${c.bare(0)})` },
  latex: { prec: Prec.ATOM, render: (c) => `\\operatorname{unvec}_{${c.dim(c.node.shape.rows)}\\times ${c.dim(c.node.shape.cols)}}(${c.bare(0)})` },
  sample: ({ m, n: n2 }) => ({ args: [{ rows: dimMul(m, n2), cols: ONE }], attr: { dims: [m, n2] } })
});
var matrixStanzas = {
  sum: sumStanza,
  tr: trStanza,
  diagEmbed: diagEmbedStanza,
  diagExtract: diagExtractStanza,
  vec: vecStanza,
  unvec: unvecStanza
};

// src/kernels/lu.ts
var remembered = /* @__PURE__ */ new WeakMap();
function sameEntries(a, b) {
  if (a.length !== b.length) return false;
  for (let t = 0; t < a.length; t++) if (!Object.is(a[t], b[t])) return false;
  return true;
}
function factorLU(m) {
  checkSquare("factorLU", m);
  const hit = remembered.get(m);
  if (hit && sameEntries(hit.copy, m.data)) return hit.factors;
  const factors = factorFresh(m);
  remembered.set(m, { copy: m.data.slice(), factors });
  return factors;
}
function factorFresh(m) {
  const n2 = m.rows;
  const a = m.data.slice();
  const perm = new Int32Array(n2);
  for (let i = 0; i < n2; i++) perm[i] = i;
  let odd = false;
  let singular = false;
  for (let k0 = 0; k0 < n2; k0 += 4) {
    const kEnd = Math.min(k0 + 4, n2);
    for (let k = k0; k < kEnd; k++) {
      const kOff = k * n2;
      const p = argMaxAbs(a, kOff, k, n2);
      if (p !== k) {
        swapRows(a, n2, k, p);
        const t = perm[k];
        perm[k] = perm[p];
        perm[p] = t;
        odd = !odd;
      }
      const pivot = a[kOff + k];
      if (pivot === 0) {
        singular = true;
        continue;
      }
      scaleRange(a, kOff + k + 1, kOff + n2, 1 / pivot);
      for (let j = k + 1; j < kEnd; j++) {
        const off = j * n2;
        const ukj = a[off + k];
        if (ukj !== 0) subtractMultiple(a, off, kOff, ukj, k + 1, n2);
      }
    }
    const width = kEnd - k0;
    const c0 = k0 * n2, c1 = c0 + n2, c2 = c1 + n2, c3 = c2 + n2;
    for (let j = kEnd; j < n2; j++) {
      const off = j * n2;
      panelUpperRows(a, n2, k0, width, off);
      if (width === 4) {
        const u0 = a[off + k0], u1 = a[off + k0 + 1], u2 = a[off + k0 + 2], u3 = a[off + k0 + 3];
        if (u0 !== 0 || u1 !== 0 || u2 !== 0 || u3 !== 0) rank4Update(a, off, c0, c1, c2, c3, u0, u1, u2, u3, kEnd, n2);
      } else {
        for (let q = 0; q < width; q++) {
          const u = a[off + k0 + q];
          if (u !== 0) subtractMultiple(a, off, (k0 + q) * n2, u, kEnd, n2);
        }
      }
    }
  }
  return { n: n2, lu: a, perm, oddPermutation: odd, singular };
}
function argMaxAbs(a, off, k, n2) {
  let p = k;
  let best = Math.abs(a[off + k]);
  for (let i = k + 1; i < n2; i++) {
    const v = Math.abs(a[off + i]);
    if (v > best) {
      best = v;
      p = i;
    }
  }
  return p;
}
function swapRows(a, n2, k, p) {
  for (let off = 0; off < n2 * n2; off += n2) {
    const t = a[off + k];
    a[off + k] = a[off + p];
    a[off + p] = t;
  }
}
function scaleRange(a, from, to, r) {
  for (let t = from; t < to; t++) a[t] *= r;
}
function subtractMultiple(a, dst, src, u, from, to) {
  for (let i = from; i < to; i++) a[dst + i] -= a[src + i] * u;
}
function panelUpperRows(a, n2, k0, width, off) {
  for (let t = 1; t < width; t++) {
    let s = a[off + k0 + t];
    for (let q = 0; q < t; q++) s -= a[(k0 + q) * n2 + k0 + t] * a[off + k0 + q];
    a[off + k0 + t] = s;
  }
}
function rank4Update(a, off, c0, c1, c2, c3, u0, u1, u2, u3, from, to) {
  for (let i = from; i < to; i++) a[off + i] -= a[c0 + i] * u0 + a[c1 + i] * u1 + a[c2 + i] * u2 + a[c3 + i] * u3;
}
function solveInPlace(f, b, work = new Float64Array(f.n)) {
  const { n: n2, lu, perm } = f;
  permuteInto(work, b, perm, n2);
  for (let k = 0; k < n2; k++) {
    const yk = work[k];
    if (yk !== 0) subtractScaled(work, 0, lu, k * n2, yk, k + 1, n2);
  }
  for (let k = n2 - 1; k >= 0; k--) {
    const off = k * n2;
    const xk = work[k] / lu[off + k];
    work[k] = xk;
    if (xk !== 0) subtractScaled(work, 0, lu, off, xk, 0, k);
  }
  b.set(work.subarray(0, n2));
}
function solveTransposedInPlace(f, c, work = new Float64Array(f.n)) {
  const { n: n2, lu, perm } = f;
  for (let i = 0; i < n2; i++) {
    const off = i * n2;
    work[i] = subtractDot(c[i], lu, off, work, 0, 0, i) / lu[off + i];
  }
  for (let i = n2 - 1; i >= 0; i--) work[i] = subtractDot(work[i], lu, i * n2, work, 0, i + 1, n2);
  unpermuteInto(c, work, perm, n2);
}
function permuteInto(out, b, perm, n2) {
  for (let i = 0; i < n2; i++) out[i] = b[perm[i]];
}
function unpermuteInto(out, z, perm, n2) {
  for (let i = 0; i < n2; i++) out[perm[i]] = z[i];
}
function subtractScaled(dst, dOff, src, sOff, s, from, to) {
  for (let i = from; i < to; i++) dst[dOff + i] -= src[sOff + i] * s;
}
function subtractDot(s, a, aOff, b, bOff, from, to) {
  for (let k = from; k < to; k++) s -= a[aOff + k] * b[bOff + k];
  return s;
}

// src/kernels/inverse.ts
function inv2(m) {
  checkSquare("inv", m);
  const n2 = m.rows;
  if (n2 === 0) return zeros2(0, 0);
  if (isDiagonalNonzero(m)) {
    const out2 = zeros2(n2, n2);
    for (let i = 0; i < n2; i++) out2.data[i + i * n2] = 1 / m.data[i + i * n2];
    return out2;
  }
  const f = factorLU(m);
  if (f.singular) throw new Error("inv: matrix is singular");
  const out = zeros2(n2, n2);
  const work = new Float64Array(n2);
  for (let j = 0; j < n2; j++) {
    const col = out.data.subarray(j * n2, (j + 1) * n2);
    col[j] = 1;
    solveInPlace(f, col, work);
  }
  return out;
}
function isDiagonalNonzero(m) {
  const n2 = m.rows, d = m.data;
  for (let j = 0; j < n2; j++) {
    for (let i = 0; i < n2; i++) {
      const v = d[i + j * n2];
      if (i === j ? v === 0 || v !== v : v !== 0) return false;
    }
  }
  return true;
}

// src/kernels/determinant.ts
function det(m) {
  checkSquare("det", m);
  const n2 = m.rows;
  if (n2 === 0) return 1;
  const { lu, oddPermutation } = factorLU(m);
  let d = oddPermutation ? -1 : 1;
  for (let i = 0; i < n2; i++) d *= lu[i + i * n2];
  return d;
}
function logdet(m) {
  checkSquare("logdet", m);
  const n2 = m.rows;
  if (n2 === 0) return 0;
  if (!isFiniteMat(m)) return NaN;
  const { lu, oddPermutation } = factorLU(m);
  let negative = oddPermutation;
  let s = 0;
  for (let i = 0; i < n2; i++) {
    const d = lu[i + i * n2];
    if (d === 0) return NaN;
    if (d < 0) negative = !negative;
    s += Math.log(Math.abs(d));
  }
  return negative ? NaN : s;
}

// src/kernels/condition.ts
function norm1(m) {
  const { rows: r, cols: c, data: d } = m;
  let best = 0;
  for (let j = 0; j < c; j++) {
    let s = 0;
    for (let i = 0; i < r; i++) s += Math.abs(d[i + j * r]);
    if (s > best || s !== s) best = s;
  }
  return best;
}
function sum1(v) {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Math.abs(v[i]);
  return s;
}
function inverseNorm1Estimate(m, stopAbove = Infinity) {
  checkSquare("inverseNorm1Estimate", m);
  const n2 = m.rows;
  const f = factorLU(m);
  if (f.singular) return Infinity;
  const work = new Float64Array(n2);
  const x = new Float64Array(n2).fill(1 / n2);
  const z = new Float64Array(n2);
  let estimate = 0;
  let lastJ = -1;
  for (let iteration = 0; iteration < 5; iteration++) {
    solveInPlace(f, x, work);
    const ynorm = sum1(x);
    if (!(ynorm > estimate) && iteration > 0) break;
    estimate = ynorm;
    if (estimate >= stopAbove) return estimate;
    for (let i = 0; i < n2; i++) z[i] = x[i] >= 0 ? 1 : -1;
    solveTransposedInPlace(f, z, work);
    let j = 0;
    for (let i = 1; i < n2; i++) if (Math.abs(z[i]) > Math.abs(z[j])) j = i;
    let ztx = 0;
    if (lastJ < 0) for (let i = 0; i < n2; i++) ztx += z[i] / n2;
    else ztx = z[lastJ];
    if (Math.abs(z[j]) <= ztx || j === lastJ) break;
    x.fill(0);
    x[j] = 1;
    lastJ = j;
  }
  const b = new Float64Array(n2);
  for (let i = 0; i < n2; i++) b[i] = (i % 2 === 0 ? 1 : -1) * (1 + (n2 > 1 ? i / (n2 - 1) : 0));
  solveInPlace(f, b, work);
  const alternative = 2 * sum1(b) / (3 * n2);
  return Math.max(estimate, alternative);
}
function conditionNumberEstimate(m, stopAbove = Infinity) {
  checkSquare("conditionNumberEstimate", m);
  if (m.rows === 0) return 1;
  if (!isFiniteMat(m)) return Infinity;
  const a = norm1(m);
  const k = a * inverseNorm1Estimate(m, stopAbove / a);
  return Number.isFinite(k) ? k : Infinity;
}
function isWellConditioned(m, limit = 1e8) {
  if (m.rows === m.cols && m.rows > 0 && isDiagonal(m)) {
    const n2 = m.rows;
    for (let i = 0; i < n2; i++) {
      const d = m.data[i + i * n2];
      if (d === 0 || !Number.isFinite(d) || !Number.isFinite(1 / d)) return false;
    }
    return true;
  }
  return conditionNumberEstimate(m, limit) < limit;
}

// src/kernels/softmax.ts
function checkColumn(op, v) {
  if (v.cols !== 1 || v.rows === 0) {
    throw new Error(`${op}: expected a non-empty column vector, got ${v.rows}\xD7${v.cols}`);
  }
}
function softmax(v) {
  checkColumn("softmax", v);
  const V = v.data, n2 = V.length;
  let mx = -Infinity;
  for (let i = 0; i < n2; i++) if (V[i] > mx) mx = V[i];
  const out = new Float64Array(n2);
  let s = 0;
  for (let i = 0; i < n2; i++) {
    const e = Math.exp(V[i] - mx);
    out[i] = e;
    s += e;
  }
  for (let i = 0; i < n2; i++) out[i] /= s;
  return { rows: n2, cols: 1, data: out };
}
function logsumexp(v) {
  checkColumn("logsumexp", v);
  const V = v.data, n2 = V.length;
  let k = 0;
  for (let i = 0; i < n2; i++) {
    const x = V[i];
    if (x !== x) return NaN;
    if (x > V[k]) k = i;
  }
  const mx = V[k];
  if (mx === Infinity || mx === -Infinity) return mx;
  let rest = 0;
  for (let i = 0; i < n2; i++) if (i !== k) rest += Math.exp(V[i] - mx);
  return mx + Math.log1p(rest);
}

// src/ops/functions.ts
var WELL_CONDITIONED = 1e3;
var invStanza = {
  op: "inv",
  arity: 1,
  shape: ([a]) => a,
  // d(X⁻¹) = −X⁻¹ dX X⁻¹   (Cookbook eq. 59)
  differential: (n2, [d]) => onLinear(d, (dx) => neg(matmul(matmul(n2, dx), n2))),
  evaluate: ([a]) => inv2(a),
  outOfDomain: ([a]) => isWellConditioned(a, WELL_CONDITIONED) ? null : "the inverse of a nearly singular matrix",
  text: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}${c.sym("\u207B\xB9")}` },
  latex: { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.ATOM)}^{-1}` },
  surface: { names: ["inv"], arity: 1, check: ([a], u, site) => (requireSquare(a, u, site, 0), a), lower: ([a]) => inv(a) },
  sample: ({ n: n2 }) => ({ args: [{ rows: n2, cols: n2 }] })
};
var detStanza = {
  op: "det",
  arity: 1,
  shape: scalarResult,
  // d det(X) = det(X) tr(X⁻¹ dX)   (Cookbook eq. 46)
  differential: (n2, [d]) => onLinear(d, (dx) => scale(n2, tr(matmul(inv(n2.args[0]), dx)))),
  evaluate: ([a]) => scalar(det(a)),
  outOfDomain: ([a]) => isWellConditioned(a, WELL_CONDITIONED) ? null : "the determinant of a nearly singular matrix",
  ...fnCall("det"),
  latex: call("\\det"),
  surface: { names: ["det"], arity: 1, check: ([a], u, site) => (requireSquare(a, u, site, 0), SCALAR), lower: ([a]) => make("det", [a]) },
  sample: ({ n: n2 }) => ({ args: [{ rows: n2, cols: n2 }] })
};
var logdetStanza = {
  op: "logdet",
  arity: 1,
  shape: scalarResult,
  // d log det(X) = tr(X⁻¹ dX)   (Cookbook eq. 50)
  differential: (n2, [d]) => onLinear(d, (dx) => tr(matmul(inv(n2.args[0]), dx))),
  evaluate: ([a]) => scalar(logdet(a)),
  outOfDomain: ([a]) => !isWellConditioned(a, WELL_CONDITIONED) ? "logdet of a nearly singular matrix" : det(a) <= 0 ? "logdet of a matrix whose determinant is not positive" : null,
  text: call("logdet"),
  latex: { prec: Prec.ATOM, render: (c) => `\\log\\det(${c.bare(0)})` },
  surface: { names: ["logdet"], arity: 1, check: ([a], u, site) => (requireSquare(a, u, site, 0), SCALAR), lower: ([a]) => make("logdet", [a]) },
  sample: ({ n: n2 }) => ({ args: [{ rows: n2, cols: n2 }] })
};
var norm2Stanza = {
  op: "norm2",
  arity: 1,
  shape: scalarResult,
  // d‖X‖ = ⟨X, dX⟩ / ‖X‖   (Cookbook eq. 131 for vectors; Frobenius for matrices)
  differential: (n2, [d]) => onLinear(d, (dx) => div(inner(n2.args[0], dx), n2)),
  evaluate: ([a]) => scalar(frobenius(a)),
  outOfDomain: ([a]) => frobenius(a) < 1e-6 ? "the norm at zero" : null,
  nonSmooth: "norm2 is not differentiable at 0",
  text: { prec: Prec.ATOM, render: (c) => `\u2016${c.bare(0)}\u2016` },
  latex: { prec: Prec.ATOM, render: (c) => `\\left\\lVert ${c.bare(0)}\\right\\rVert` },
  surface: { names: ["norm2", "norm"], arity: 1, check: scalarResult, lower: ([a]) => make("norm2", [a]) },
  sample: ({ m, n: n2 }) => ({ args: [{ rows: m, cols: n2 }] })
};
var norm1Stanza = {
  op: "norm1",
  arity: 1,
  shape: scalarResult,
  // d Σ|x| = ⟨sign(X), dX⟩ (a subgradient where an entry is 0)
  differential: (n2, [d]) => onLinear(d, (dx) => inner(apply("sign", n2.args[0]), dx)),
  evaluate: ([a]) => scalar(a.data.reduce((s, x) => s + Math.abs(x), 0)),
  nonSmooth: "norm1 is not differentiable where an entry is 0; sign(x) is used there, a subgradient",
  outOfDomain: ([a]) => a.data.some((x) => Math.abs(x) < 0.02) ? "norm1 evaluated within 0.02 of its kink at an entry 0" : null,
  text: { prec: Prec.ATOM, render: (c) => `\u2016${c.bare(0)}\u2016\u2081` },
  latex: { prec: Prec.ATOM, render: (c) => `\\left\\lVert ${c.bare(0)}\\right\\rVert_1` },
  surface: { names: ["norm1"], arity: 1, check: scalarResult, lower: ([a]) => make("norm1", [a]) },
  sample: ({ m, n: n2 }) => ({ args: [{ rows: m, cols: n2 }] })
};
var softmaxStanza = {
  op: "softmax",
  arity: 1,
  shape: ([a]) => a,
  // d softmax(z) = s ⊙ dz − s (sᵀ dz) = (diag(s) − s sᵀ) dz,  s = softmax(z)
  differential: (n2, [d]) => onLinear(d, (dz) => sub(hadamard(n2, dz), matmul(n2, matmul(transpose(n2), dz)))),
  evaluate: ([a]) => softmax(a),
  ...fnCall("softmax"),
  surface: {
    names: ["softmax"],
    arity: 1,
    check: ([a], u, site) => (requireColumn(a, u, site, 0), a),
    lower: ([a]) => make("softmax", [a])
  },
  sample: ({ n: n2 }) => ({ args: [{ rows: n2, cols: ONE }] })
};
var logsumexpStanza = {
  op: "logsumexp",
  arity: 1,
  shape: scalarResult,
  // d logsumexp(z) = softmax(z)ᵀ dz
  differential: (n2, [d]) => onLinear(d, (dz) => matmul(transpose(make("softmax", [n2.args[0]])), dz)),
  evaluate: ([a]) => scalar(logsumexp(a)),
  ...fnCall("logsumexp"),
  surface: {
    names: ["logsumexp", "lse"],
    arity: 1,
    check: ([a], u, site) => (requireColumn(a, u, site, 0), SCALAR),
    lower: ([a]) => make("logsumexp", [a])
  },
  sample: ({ n: n2 }) => ({ args: [{ rows: n2, cols: ONE }] })
};
var kronFunction = {
  names: ["kron"],
  arity: 2,
  check: ([a, b]) => ({ rows: dimMul(a.rows, b.rows), cols: dimMul(a.cols, b.cols) }),
  lower: ([a, b]) => kron(a, b)
};
var functionStanzas = {
  inv: invStanza,
  det: detStanza,
  logdet: logdetStanza,
  norm2: norm2Stanza,
  norm1: norm1Stanza,
  softmax: softmaxStanza,
  logsumexp: logsumexpStanza
};

// src/ops/constants.ts
function subscript(c, dims, sep) {
  const parts = dims.map((d) => c.dim(d));
  const body = parts.join(sep);
  return /^[A-Za-z0-9]+$/.test(body) ? `_${body}` : `_(${body})`;
}
var identityStanza = {
  op: "identity",
  arity: 0,
  shape: (_a, attr) => ({ rows: attr.dims[0], cols: attr.dims[0] }),
  differential: () => null,
  evaluate: (_a, n2, sizes) => eye(dimValue(n2.attr.dims[0], sizes)),
  // I_ij = δ_ij
  entry: (f) => f.power === 1 ? { emit: [delta(f.i, f.j)] } : null,
  text: { prec: Prec.ATOM, render: (c) => `I${subscript(c, c.node.attr.dims, "\xB7")}` },
  latex: { prec: Prec.ATOM, render: (c) => `I_{${c.dim(c.node.attr.dims[0])}}` },
  sample: ({ n: n2 }) => ({ args: [], attr: { dims: [n2] } })
};
var onesStanza = {
  op: "ones",
  arity: 0,
  shape: (_a, attr) => ({ rows: attr.dims[0], cols: attr.dims[1] }),
  differential: () => null,
  evaluate: (_a, n2, sizes) => ones2(dimValue(n2.shape.rows, sizes), dimValue(n2.shape.cols, sizes)),
  // 𝟏_ij = 1
  entry: () => ({}),
  text: {
    prec: Prec.ATOM,
    render: (c) => `\u{1D7CF}${isOne(c.node.shape.cols) ? subscript(c, [c.node.shape.rows], "") : subscript(c, [c.node.shape.rows, c.node.shape.cols], "\xD7")}`
  },
  latex: {
    prec: Prec.ATOM,
    render: (c) => `\\mathbf{1}_{${isOne(c.node.shape.cols) ? c.dim(c.node.shape.rows) : `${c.dim(c.node.shape.rows)}\\times ${c.dim(c.node.shape.cols)}`}}`
  },
  sample: ({ m, n: n2 }) => ({ args: [], attr: { dims: [m, n2] } })
};
var zerosStanza = {
  op: "zeros",
  arity: 0,
  shape: (_a, attr) => ({ rows: attr.dims[0], cols: attr.dims[1] }),
  differential: () => null,
  evaluate: (_a, n2, sizes) => zeros2(dimValue(n2.shape.rows, sizes), dimValue(n2.shape.cols, sizes)),
  text: {
    prec: Prec.ATOM,
    render: (c) => isScalarShape(c.node.shape) ? "0" : `0${subscript(c, [c.node.shape.rows, c.node.shape.cols], "\xD7")}`
  },
  latex: {
    prec: Prec.ATOM,
    render: (c) => isScalarShape(c.node.shape) ? "0" : `0_{${c.dim(c.node.shape.rows)}\\times ${c.dim(c.node.shape.cols)}}`
  },
  sample: ({ m, n: n2 }) => ({ args: [], attr: { dims: [m, n2] } })
};
var commutationStanza = {
  op: "commutation",
  arity: 0,
  shape: (_a, attr) => {
    const n2 = dimMul(attr.dims[0], attr.dims[1]);
    return { rows: n2, cols: n2 };
  },
  differential: () => null,
  evaluate: (_a, n2, sizes) => commutation2(dimValue(n2.attr.dims[0], sizes), dimValue(n2.attr.dims[1], sizes)),
  text: { prec: Prec.ATOM, render: (c) => `K${subscript(c, c.node.attr.dims, ",")}` },
  latex: { prec: Prec.ATOM, render: (c) => `K_{${c.dim(c.node.attr.dims[0])},${c.dim(c.node.attr.dims[1])}}` },
  sample: ({ m, n: n2 }) => ({ args: [], attr: { dims: [m, n2] } })
};
var constantStanzas = { identity: identityStanza, ones: onesStanza, zeros: zerosStanza, commutation: commutationStanza };

// src/ops/kronecker.ts
function kronRearrangement(g, a, b) {
  return kron(kron(identity(g, a.cols), commutation(g, b.cols, a.rows)), identity(g, b.rows));
}
var shapeOf = (rows, cols) => ({ rows, cols });
var blockSum = (g, a, blockRows, blockCols) => make("kronBlockSum", [g, a], { dims: [blockRows, blockCols] });
var blockPair = (g, b, rows, cols) => make("kronBlockPair", [g, b], { dims: [rows, cols] });
function blockSumMatrix(g, a, b) {
  const r = kronRearrangement(g.graph, a, b);
  return unvec(matmul(transpose(r), vec(g)), shapeOf(dimMul(b.rows, b.cols), dimMul(a.rows, a.cols)));
}
var kronStanza = bilinear({
  op: "kron",
  associative: true,
  why: {
    adjoint: (i) => i === 1 ? "the adjoint of A \u2297 dB sums the blocks of G weighted by A: \u03A3\u1D62\u2C7C A\u1D62\u2C7C G\u208D\u1D62\u2C7C\u208E" : "the adjoint of dA \u2297 B pairs each block of G with B: [\u27E8G\u208D\u1D62\u2C7C\u208E, B\u27E9]\u1D62\u2C7C",
    vec: "vec(A \u2297 B) = (I \u2297 K \u2297 I)(vec A \u2297 vec B), with K the commutation matrix"
  },
  shape: ([a, b]) => ({ rows: dimMul(a.rows, b.rows), cols: dimMul(a.cols, b.cols) }),
  // ⟨G, dA ⊗ B⟩ = ⟨[⟨G₍ᵢⱼ₎, B⟩]ᵢⱼ, dA⟩;  vec(dA ⊗ B) = R (I_mn ⊗ vec B) vec(dA)
  left: {
    adjoint: (n2, ct) => {
      const [a, b] = n2.args;
      return blockPair(ct, b, a.shape.rows, a.shape.cols);
    },
    vec: (n2, j) => {
      const [a, b] = n2.args;
      return matmul(matmul(kronRearrangement(n2.graph, a.shape, b.shape), kron(identity(n2.graph, entries(a)), vec(b))), j);
    }
  },
  // ⟨G, A ⊗ dB⟩ = ⟨Σᵢⱼ Aᵢⱼ G₍ᵢⱼ₎, dB⟩;  vec(A ⊗ dB) = R (vec A ⊗ I_pq) vec(dB)
  right: {
    adjoint: (n2, ct) => {
      const [a, b] = n2.args;
      return blockSum(ct, a, b.shape.rows, b.shape.cols);
    },
    vec: (n2, j) => {
      const [a, b] = n2.args;
      return matmul(matmul(kronRearrangement(n2.graph, a.shape, b.shape), kron(vec(a), identity(n2.graph, entries(b)))), j);
    }
  },
  // (A ⊗ L)_ij = A_⌊i/p⌋⌊j/q⌋ L_(i mod p)(j mod q), L p×q; and (L ⊗ B)_ij = L_⌊i/p⌋⌊j/q⌋ B_(i mod p)(j mod q), B p×q
  index: (n2, c) => {
    const [a, b] = n2.args;
    const inner4 = b.shape;
    if (c.linear(b)) return (i, j) => c.withSum(1, c.t(b)(idxMod(i, inner4.rows), idxMod(j, inner4.cols)), [entry(a, idxDiv(i, inner4.rows), idxDiv(j, inner4.cols))]);
    return (i, j) => c.withSum(1, c.t(a)(idxDiv(i, inner4.rows), idxDiv(j, inner4.cols)), [entry(b, idxMod(i, inner4.rows), idxMod(j, inner4.cols))]);
  },
  evaluate: ([a, b]) => kron2(a, b),
  text: infix(Prec.PRODUCT, "\u2297"),
  latex: infix(Prec.PRODUCT, "\\otimes"),
  sample: ({ m, n: n2, p, q }) => ({ args: [{ rows: m, cols: n2 }, { rows: p, cols: q }] })
});
function block(g, i, j, p, q) {
  const out = zeros2(p, q);
  for (let l = 0; l < q; l++) for (let k = 0; k < p; k++) out.data[k + l * p] = g.data[i * p + k + (j * q + l) * g.rows];
  return out;
}
var blockText = (c, i, sub3) => `${c.arg(i, Prec.ATOM)}_${sub3}`;
var kronBlockSumStanza = bilinear({
  op: "kronBlockSum",
  why: { adjoint: "\u27E8C, \u03A3\u1D62\u2C7C A\u1D62\u2C7C G\u208D\u1D62\u2C7C\u208E\u27E9 = \u27E8A \u2297 C, G\u27E9 = \u27E8[\u27E8G\u208D\u1D62\u2C7C\u208E, C\u27E9]\u1D62\u2C7C, A\u27E9" },
  shape: (_a, attr) => shapeOf(attr.dims[0], attr.dims[1]),
  // ⟨C, Σᵢⱼ Aᵢⱼ dG₍ᵢⱼ₎⟩ = ⟨A ⊗ C, dG⟩
  left: {
    adjoint: (n2, ct) => kron(n2.args[1], ct),
    vec: (n2, j) => {
      const a = n2.args[1];
      return matmul(matmul(transpose(kron(vec(a), identity(n2.graph, entries(n2)))), transpose(kronRearrangement(n2.graph, a.shape, n2.shape))), j);
    }
  },
  // ⟨C, Σᵢⱼ dAᵢⱼ G₍ᵢⱼ₎⟩ = ⟨[⟨G₍ᵢⱼ₎, C⟩]ᵢⱼ, dA⟩
  right: {
    adjoint: (n2, ct) => blockPair(n2.args[0], ct, n2.args[1].shape.rows, n2.args[1].shape.cols),
    vec: (n2, j) => matmul(blockSumMatrix(n2.args[0], n2.args[1].shape, n2.shape), j)
  },
  // (Σ_rs A_rs G_[rs])_ij = Σ_rs A_rs G_(i + p·r)(j + q·s), blocks p×q
  index: (n2, c) => {
    const [g, a] = n2.args;
    const [p, q] = n2.attr.dims;
    return (i, j) => {
      const r = c.sumIndex(a.shape.rows);
      const s = c.sumIndex(a.shape.cols);
      const rows = idxLin(i, r, p);
      const cols = idxLin(j, s, q);
      return c.linear(g) ? c.withSum(r, c.withSum(s, c.t(g)(rows, cols), [entry(a, r, s)]), []) : c.withSum(r, c.withSum(s, c.t(a)(r, s), [entry(g, rows, cols)]), []);
    };
  },
  evaluate: ([g, a], n2, sizes) => {
    const p = dimValue(n2.attr.dims[0], sizes);
    const q = dimValue(n2.attr.dims[1], sizes);
    let out = zeros2(p, q);
    for (let j = 0; j < a.cols; j++) for (let i = 0; i < a.rows; i++) out = add2(out, scale2(a.data[i + j * a.rows], block(g, i, j, p, q)));
    return out;
  },
  text: { prec: Prec.PRODUCT, render: (c) => `${c.sym("\u03A3\u1D62\u2C7C")} ${blockText(c, 1, "ij")} ${blockText(c, 0, "[ij]")}` },
  latex: { prec: Prec.PRODUCT, render: (c) => `\\sum_{i,j} ${c.arg(1, Prec.ATOM)}_{ij}\\, ${c.arg(0, Prec.ATOM)}_{[ij]}` },
  sample: ({ m, n: n2, p, q }) => ({ args: [{ rows: dimMul(m, p), cols: dimMul(n2, q) }, { rows: m, cols: n2 }], attr: { dims: [p, q] } })
});
var kronBlockPairStanza = bilinear({
  op: "kronBlockPair",
  why: { adjoint: "\u27E8D, [\u27E8G\u208D\u1D62\u2C7C\u208E, B\u27E9]\u1D62\u2C7C\u27E9 = \u27E8D \u2297 B, G\u27E9 = \u27E8\u03A3\u1D62\u2C7C D\u1D62\u2C7C G\u208D\u1D62\u2C7C\u208E, B\u27E9" },
  shape: (_a, attr) => shapeOf(attr.dims[0], attr.dims[1]),
  // ⟨D, [⟨dG₍ᵢⱼ₎, B⟩]ᵢⱼ⟩ = ⟨D ⊗ B, dG⟩
  left: {
    adjoint: (n2, ct) => kron(ct, n2.args[1]),
    vec: (n2, j) => {
      const b = n2.args[1];
      return matmul(matmul(transpose(kron(identity(n2.graph, entries(n2)), vec(b))), transpose(kronRearrangement(n2.graph, n2.shape, b.shape))), j);
    }
  },
  // ⟨D, [⟨G₍ᵢⱼ₎, dB⟩]ᵢⱼ⟩ = ⟨Σᵢⱼ Dᵢⱼ G₍ᵢⱼ₎, dB⟩
  right: {
    adjoint: (n2, ct) => blockSum(n2.args[0], ct, n2.args[1].shape.rows, n2.args[1].shape.cols),
    vec: (n2, j) => matmul(transpose(blockSumMatrix(n2.args[0], n2.shape, n2.args[1].shape)), j)
  },
  // [⟨G_[ij], B⟩]_ij = Σ_rs G_(r + p·i)(s + q·j) B_rs, B p×q
  index: (n2, c) => {
    const [g, b] = n2.args;
    return (i, j) => {
      const r = c.sumIndex(b.shape.rows);
      const s = c.sumIndex(b.shape.cols);
      const rows = idxLin(r, i, b.shape.rows);
      const cols = idxLin(s, j, b.shape.cols);
      return c.linear(g) ? c.withSum(r, c.withSum(s, c.t(g)(rows, cols), [entry(b, r, s)]), []) : c.withSum(r, c.withSum(s, c.t(b)(r, s), [entry(g, rows, cols)]), []);
    };
  },
  evaluate: ([g, b], n2, sizes) => {
    const m = dimValue(n2.attr.dims[0], sizes);
    const k = dimValue(n2.attr.dims[1], sizes);
    const out = zeros2(m, k);
    for (let j = 0; j < k; j++) for (let i = 0; i < m; i++) out.data[i + j * m] = inner2(block(g, i, j, b.rows, b.cols), b);
    return out;
  },
  text: { prec: Prec.PRODUCT, render: (c) => `[\u27E8${c.arg(0, Prec.ATOM)}_[ij], ${c.bare(1)}\u27E9]_ij` },
  latex: { prec: Prec.PRODUCT, render: (c) => `\\left[\\left\\langle ${c.arg(0, Prec.ATOM)}_{[ij]},\\ ${c.bare(1)}\\right\\rangle\\right]_{ij}` },
  sample: ({ m, n: n2, p, q }) => ({ args: [{ rows: dimMul(m, p), cols: dimMul(n2, q) }, { rows: p, cols: q }], attr: { dims: [m, n2] } })
});
var kroneckerStanzas = { kron: kronStanza, kronBlockSum: kronBlockSumStanza, kronBlockPair: kronBlockPairStanza };

// src/ops/registry.ts
var REGISTRY = {
  ...arithmeticStanzas,
  ...powerStanzas,
  ...elementwiseStanzas,
  ...matrixStanzas,
  ...functionStanzas,
  ...constantStanzas,
  ...kroneckerStanzas
};
function stanzaOf(op) {
  return REGISTRY[op];
}
var allStanzas = () => Object.values(REGISTRY);
var FUNCTIONS = new Map(
  [...allStanzas().flatMap((s) => s.surface ? [s.surface] : []), kronFunction].flatMap((f) => f.names.map((name) => [name, f]))
);
function functionNamed(name) {
  return FUNCTIONS.get(name);
}
function functionNames() {
  return [...FUNCTIONS.keys()];
}
function newGraph() {
  return new Graph((op, args, attr) => REGISTRY[op].shape(args, attr));
}

// src/simplify/rule.ts
function rule(id, reason, heads, apply2, assumes = []) {
  return { id, reason, heads, assumes, apply: apply2 };
}
function opsWhere(has) {
  return allStanzas().filter(has).map((s) => s.op);
}
var argOf = (e, op) => e.kind === "op" && e.op === op ? e.args[0] : null;
function removeIdentity(id, reason, op, isUnit, sides = [0, 1]) {
  return rule(id, reason, [op], (n2) => {
    for (const i of sides) if (isUnit(n2.args[i])) return n2.args[1 - i];
    return null;
  });
}
function cancelInverse(id, reason, outer, inner4, when = () => true) {
  return rule(id, reason, [outer], (n2) => {
    const a = argOf(n2.args[0], inner4);
    return a !== null && when(n2, a) ? a : null;
  });
}
function foldConstants(id, reason, folds) {
  const heads = Object.keys(folds);
  return rule(id, reason, heads, (n2) => {
    if (!n2.args.length || !n2.args.every((a) => a.kind === "num")) return null;
    return folds[n2.op](n2.args.map((a) => a.value), n2);
  });
}

// src/simplify/rules/util.ts
var isZero = (e) => isNum(e, 0) || e.kind === "op" && (e.op === "zeros" || e.op === "broadcast" && isZero(e.args[0]));
var isOneEverywhere = (e) => isNum(e, 1) || e.kind === "op" && e.op === "broadcast" && isNum(e.args[0], 1);
var isIdentity = (e) => isNum(e, 1) || e.kind === "op" && e.op === "identity";
function isSymmetricByForm(e) {
  if (e.kind === "num") return true;
  if (e.kind === "var") return e.shape.rows === e.shape.cols && false;
  switch (e.op) {
    case "identity":
    case "diagEmbed":
      return true;
    case "scale":
      return isSymmetricByForm(e.args[1]);
    case "neg":
    case "inv":
      return isSymmetricByForm(e.args[0]);
    default:
      return false;
  }
}
function splitCoefficient(e) {
  if (e.kind === "num") return { coef: e.value, base: null };
  if (e.kind === "op" && e.op === "neg") {
    const inner4 = splitCoefficient(e.args[0]);
    return { coef: -inner4.coef, base: inner4.base };
  }
  if (e.kind === "op" && e.op === "scale" && e.args[0].kind === "num") {
    const inner4 = splitCoefficient(e.args[1]);
    return { coef: e.args[0].value * inner4.coef, base: inner4.base };
  }
  return { coef: 1, base: e };
}
function productFactors(e) {
  if (e.kind === "op" && e.op === "matmul" && !isScalarShape(e.shape)) return [...productFactors(e.args[0]), ...productFactors(e.args[1])];
  if (e.kind === "op" && e.op === "scale") return [e.args[0], ...productFactors(e.args[1])];
  return [e];
}

// src/simplify/rules/algebra.ts
var zeroLike = (n2) => isScalarShape(n2.shape) ? n2.graph.num(0) : zeros(n2.graph, n2.shape);
function isZeroApplication(n2) {
  switch (stanzaOf(n2.op).zeroWhen) {
    case "any":
      return n2.args.some(isZero);
    case "all":
      return n2.args.every(isZero);
    case "first":
      return isZero(n2.args[0]);
    default:
      return false;
  }
}
var SIGN_OUT = opsWhere((s) => !!s.linear && s.arity === 1 && !s.broadcasting && s.op !== "transpose");
function explicitBroadcast(b) {
  if (b.kind !== "op" || b.op !== "broadcast") return b;
  const a = b.args[0];
  const { rows, cols } = b.shape;
  const g = b.graph;
  if (isScalarShape(a.shape)) return isNum(a, 1) ? ones(g, rows, cols) : scale(a, ones(g, rows, cols));
  if (a.shape.rows.coef === 1 && a.shape.rows.syms.length === 0) return matmul(ones(g, rows), a);
  return matmul(a, transpose(ones(g, cols)));
}
var PRODUCTS = opsWhere((s) => !!s.bilinear);
var product = ([a, b], n2) => n2.graph.num(a * b);
var quotient = ([a, b], n2) => b !== 0 && Number.isInteger(a / b) ? n2.graph.num(a / b) : null;
var same = (_v, n2) => n2.args[0];
var algebraRules = [
  rule("flatten-sum", "(A + B) + C = A + B + C", ["add"], (n2) => n2.args.some((a) => a.kind === "op" && a.op === "add") ? add(n2.args) : null),
  rule("cancel-quotient", "(c s) / s = c, s / s = 1", ["div"], (n2) => {
    const [a, s] = n2.args;
    if (a === s) return n2.graph.num(1);
    if (a.kind === "op" && a.op === "scale" && a.args[1] === s) return a.args[0];
    if (a.kind === "op" && a.op === "scale" && a.args[0] === s) return a.args[1];
    return null;
  }),
  rule("broadcast-explicit", "outside an elementwise operation a stretched value is written with ones: \u{1D7CF} r, c \u{1D7CF}\u1D40", opsWhere((s) => !s.broadcasting), (n2) => {
    if (!n2.args.some((a) => a.kind === "op" && a.op === "broadcast")) return null;
    return make(n2.op, n2.args.map(explicitBroadcast), n2.attr);
  }),
  rule("zero-product", "0\xB7A = A\xB70 = 0, f(0) = 0 for a linear f, 0 \u2298 B = 0", opsWhere((s) => s.zeroWhen !== void 0 && s.arity !== "variadic"), (n2) => isZeroApplication(n2) ? zeroLike(n2) : null),
  rule("add-zero", "A + 0 = A", ["add"], (n2) => {
    if (!n2.args.some(isZero)) return null;
    const rest = n2.args.filter((a) => !isZero(a));
    return rest.length === 0 ? zeroLike(n2) : add(rest);
  }),
  removeIdentity("identity-product", "I A = A I = A", "matmul", isIdentity),
  removeIdentity("scale-one", "1\xB7A = A", "scale", (e) => isNum(e, 1), [0]),
  rule("scale-minus-one", "(\u22121)\xB7A = \u2212A", ["scale"], (n2) => isNum(n2.args[0], -1) ? neg(n2.args[1]) : null),
  rule("scale-numbers", "a\xB7(b\xB7A) = (ab)\xB7A for numbers a, b", ["scale"], (n2) => {
    const [s, m] = n2.args;
    const num = (v) => n2.graph.num(v);
    if (s.kind === "num" && m.kind === "num") return num(s.value * m.value);
    if (s.kind === "num" && m.kind === "op" && m.op === "scale" && m.args[0].kind === "num") return scale(num(s.value * m.args[0].value), m.args[1]);
    if (s.kind === "num" && m.kind === "op" && m.op === "neg") return scale(num(-s.value), m.args[0]);
    if (s.kind !== "num" && m.kind === "num") return scale(m, s);
    return null;
  }),
  removeIdentity("hadamard-ones", "\u{1D7CF} \u2299 A = A", "hadamard", isOneEverywhere),
  rule("hadamard-scalar", "(s\u{1D7CF}) \u2299 A = s A", ["hadamard"], (n2) => {
    for (const i of [0, 1]) {
      const a = n2.args[i];
      if (a.kind === "op" && a.op === "broadcast" && isScalarShape(a.args[0].shape)) return scale(a.args[0], n2.args[1 - i]);
    }
    return null;
  }),
  rule("hadamard-reciprocal", "(1 \u2298 B) \u2299 C = C \u2298 B", ["hadamard"], (n2) => {
    for (const i of [0, 1]) {
      const a = n2.args[i];
      if (a.kind === "op" && a.op === "hdiv" && isOneEverywhere(a.args[0])) return hdiv(n2.args[1 - i], a.args[1]);
    }
    return null;
  }),
  rule("cancel-elementwise", "(A \u2298 B) \u2299 B = A", ["hadamard"], (n2) => {
    for (const i of [0, 1]) {
      const a = n2.args[i];
      if (a.kind === "op" && a.op === "hdiv" && a.args[1] === n2.args[1 - i]) return a.args[0];
    }
    return null;
  }),
  rule("inner-of-quotient", "u\u1D40(v \u2298 u) = sum(v) for vectors", ["matmul"], (n2) => {
    if (!isScalarShape(n2.shape)) return null;
    const [l, r] = n2.args;
    if (l.kind === "op" && l.op === "transpose" && r.kind === "op" && r.op === "hdiv" && r.args[1] === l.args[0]) return sum(r.args[0]);
    return null;
  }),
  rule("linear-of-negation", "sum(\u2212A) = \u2212sum(A), and likewise tr, vec, diag", SIGN_OUT, (n2) => {
    const a = n2.args[0];
    return a.kind === "op" && a.op === "neg" ? neg(make(n2.op, [a.args[0]], n2.attr)) : null;
  }),
  rule("divide-twice", "(A / s) / t = A / (s t), (A / s) / s = A / s\xB2", ["div"], (n2) => {
    const [a, t] = n2.args;
    if (a.kind !== "op" || a.op !== "div") return null;
    const s = a.args[1];
    return div(a.args[0], s === t ? power(s, n2.graph.num(2)) : scale(s, t));
  }),
  rule("inverse-pair", "A A\u207B\xB9 = A\u207B\xB9 A = I (also transposed) inside a product", ["matmul"], (n2) => {
    const factors = productFactors(n2);
    const inverseOf = (a, b) => {
      const inv3 = (e) => e.kind === "op" && e.op === "inv" ? e.args[0] : null;
      const tr2 = (e) => e.kind === "op" && e.op === "transpose" ? e.args[0] : null;
      if (inv3(a) === b || inv3(b) === a) return true;
      const ta = tr2(a);
      const tb = tr2(b);
      return ta !== null && tb !== null && (inv3(ta) === tb || inv3(tb) === ta);
    };
    for (let k = 0; k + 1 < factors.length; k++) {
      if (!inverseOf(factors[k], factors[k + 1])) continue;
      const rest = [...factors.slice(0, k), ...factors.slice(k + 2)];
      if (rest.length === 0) return identity(n2.graph, n2.shape.rows);
      return rest.reduce((acc, f) => isScalarShape(acc.shape) ? scale(acc, f) : isScalarShape(f.shape) ? scale(f, acc) : matmul(acc, f));
    }
    return null;
  }),
  rule("scalar-cancel", "s (1/s) = 1, sign(s) (1/|s|) = 1/s, |s| sign(s) = s", ["scale", "hadamard", "matmul"], (n2) => {
    if (!isScalarShape(n2.shape)) return null;
    const [a, b] = n2.args;
    const reciprocalOf = (e) => e.kind === "op" && e.op === "div" && isNum(e.args[0], 1) ? e.args[1] : null;
    const fn = (e, op) => e.kind === "op" && e.op === op ? e.args[0] : null;
    for (const [x, y] of [[a, b], [b, a]]) {
      if (reciprocalOf(y) === x) return n2.graph.num(1);
      const r = reciprocalOf(y);
      if (r && fn(r, "abs") !== null && fn(x, "sign") === fn(r, "abs")) return div(n2.graph.num(1), fn(x, "sign"));
      if (fn(x, "abs") !== null && fn(x, "abs") === fn(y, "sign")) return fn(x, "abs");
    }
    return null;
  }),
  rule("merge-scalars", "a (b M) = (a b) M for scalars a, b", ["scale"], (n2) => {
    if (isScalarShape(n2.shape)) return null;
    const [a, m] = n2.args;
    if (m.kind !== "op" || m.op !== "scale" || a.kind === "num" || m.args[0].kind === "num") return null;
    return scale(scale(a, m.args[0]), m.args[1]);
  }),
  cancelInverse("neg-neg", "\u2212(\u2212A) = A", "neg", "neg"),
  rule("neg-number", "\u2212(c) = (\u2212c)", ["neg"], (n2) => n2.args[0].kind === "num" ? n2.graph.num(-n2.args[0].value) : null),
  rule("negative-scale", "(\u2212c)A = \u2212(cA): a negative number factor is written as a sign", ["scale"], (n2) => n2.args[0].kind === "num" && n2.args[0].value < 0 && !isScalarShape(n2.shape) ? neg(scale(n2.graph.num(-n2.args[0].value), n2.args[1])) : null),
  rule("square-scalar", "a a = a\xB2", ["scale", "hadamard", "matmul"], (n2) => isScalarShape(n2.shape) && n2.args[0] === n2.args[1] && n2.args[0].kind !== "num" ? power(n2.args[0], n2.graph.num(2)) : null),
  cancelInverse("inverse-twice", "(X\u207B\xB9)\u207B\xB9 = X", "inv", "inv"),
  rule("product-sign", "(\u2212A)B = A(\u2212B) = \u2212(AB)", PRODUCTS, (n2) => {
    const [a, b] = n2.args;
    const make22 = (x, y) => make(n2.op, [x, y], n2.attr);
    if (a.kind === "op" && a.op === "neg") return neg(make22(a.args[0], b));
    if (b.kind === "op" && b.op === "neg") return neg(make22(a, b.args[0]));
    return null;
  }),
  rule("product-scalar-out", "(sA)B = A(sB) = s(AB) for a scalar s", ["matmul"], (n2) => {
    const [a, b] = n2.args;
    const scaled = (e) => e.kind === "op" && e.op === "scale";
    if (scaled(a)) return scale(a.args[0], matmul(a.args[1], b));
    if (scaled(b)) return scale(b.args[0], matmul(a, b.args[1]));
    if (a.kind === "num") return scale(a, b);
    if (b.kind === "num") return scale(b, a);
    return null;
  }),
  rule("product-with-scalar", "a 1\xD71 factor of a matrix product is a scaling: A s = s A", ["matmul"], (n2) => {
    if (isScalarShape(n2.shape)) return null;
    if (isScalarShape(n2.args[1].shape)) return scale(n2.args[1], n2.args[0]);
    if (isScalarShape(n2.args[0].shape)) return scale(n2.args[0], n2.args[1]);
    return null;
  }),
  foldConstants("fold-numbers", "arithmetic on numbers", {
    add: (v, n2) => n2.graph.num(v.reduce((x, y) => x + y, 0)),
    hadamard: product,
    matmul: product,
    scale: product,
    div: quotient,
    hdiv: quotient,
    power: ([a, b], n2) => Number.isInteger(b) && Math.abs(b) <= 8 && Number.isInteger(Math.pow(a, b)) ? n2.graph.num(Math.pow(a, b)) : null,
    transpose: same,
    vec: same,
    sum: same,
    tr: same
  }),
  rule("power-trivial", "a\xB9 = a, a\u2070 = 1, A.^1 = A", ["power", "hpow"], (n2) => {
    if (isNum(n2.args[1], 1)) return n2.args[0];
    if (n2.op === "power" && isNum(n2.args[1], 0)) return n2.graph.num(1);
    if (n2.op === "hpow" && isNum(n2.args[1], 0)) return broadcast(n2.graph.num(1), n2.shape);
    return null;
  }),
  removeIdentity("divide-by-one", "A / 1 = A", "div", isOneEverywhere, [1]),
  removeIdentity("divide-by-one", "A / 1 = A", "hdiv", isOneEverywhere, [1]),
  rule("one-by-one-constant", "a 1\xD71 identity, ones or zeros matrix is the number", ["ones", "zeros", "broadcast"], (n2) => {
    if (!isScalarShape(n2.shape)) return null;
    if (n2.op === "ones") return n2.graph.num(1);
    if (n2.op === "zeros") return n2.graph.num(0);
    if (n2.op === "broadcast") return n2.args[0];
    return null;
  })
];

// src/simplify/rules/collect.ts
function withCoefficient(like, coef, base) {
  if (coef === 0) return null;
  if (base === null) return like.graph.num(coef);
  if (coef === 1) return base;
  if (coef === -1) return neg(base);
  return scale(like.graph.num(coef), base);
}
function chainKey(e) {
  if (e === null) return "number";
  if (e.kind === "op" && e.op === "tr") {
    const ids = productFactors(e.args[0]).map((f) => f.id);
    const start = ids.indexOf(Math.min(...ids));
    return `tr:${[...ids.slice(start), ...ids.slice(0, start)].join("\xB7")}`;
  }
  return productFactors(e).map((f) => f.id).join("\xB7");
}
function chain(factors) {
  return factors.reduce((acc, f) => isScalarShape(acc.shape) && !isScalarShape(f.shape) ? scale(acc, f) : isScalarShape(f.shape) && !isScalarShape(acc.shape) ? scale(f, acc) : matmul(acc, f));
}
var collectTerms = rule("collect-terms", "equal terms add their coefficients: A + A = 2A, A \u2212 A = 0", ["add"], (n2) => {
  const groups = /* @__PURE__ */ new Map();
  for (const t of n2.args) {
    const { coef, base } = splitCoefficient(t);
    const key = chainKey(base);
    const g = groups.get(key);
    if (g) g.coef += coef;
    else groups.set(key, { coef, base });
  }
  if (groups.size === n2.args.length) return null;
  const terms = [...groups.values()].map((g) => withCoefficient(n2, g.coef, g.base)).filter((t) => t !== null);
  if (terms.length === 0) return isScalarShape(n2.shape) ? n2.graph.num(0) : zeros(n2.graph, n2.shape);
  return add(terms);
});
function factorOut(side) {
  return rule(`factor-${side}`, side === "right" ? "A C + B C = (A + B) C" : "C A + C B = C (A + B)", ["add"], (n2) => {
    const split = n2.args.map((t) => {
      const { coef, base } = splitCoefficient(t);
      return { t, coef, factors: base ? productFactors(base) : [] };
    });
    const outer = (f) => side === "right" ? f[f.length - 1] : f[0];
    const counts = /* @__PURE__ */ new Map();
    for (const s of split) if (s.factors.length >= 2) counts.set(outer(s.factors).id, (counts.get(outer(s.factors).id) ?? 0) + 1);
    const shared = [...counts].find(([, c]) => c >= 2)?.[0];
    if (shared === void 0) return null;
    const inside = [];
    const rest = [];
    let common = null;
    let position = -1;
    split.forEach((s, i) => {
      if (s.factors.length >= 2 && outer(s.factors).id === shared) {
        common = outer(s.factors);
        const remaining = chain(side === "right" ? s.factors.slice(0, -1) : s.factors.slice(1));
        const size = side === "right" ? common.shape.rows : common.shape.cols;
        const lifted = isScalarShape(remaining.shape) && !isOne(size) ? scale(remaining, identity(n2.graph, size)) : remaining;
        inside.push(withCoefficient(n2, s.coef, lifted));
        if (position < 0) position = i;
      } else {
        rest.push(s.t);
      }
    });
    const factored = side === "right" ? chain([add(inside), common]) : chain([common, add(inside)]);
    const all = [...rest];
    all.splice(Math.min(position, all.length), 0, factored);
    return add(all);
  });
}
var positiveFirst = rule("positive-first", "\u2212a + b is written b \u2212 a", ["add"], (n2) => {
  const negative = (t) => splitCoefficient(t).coef < 0;
  if (!negative(n2.args[0]) || n2.args.every(negative)) return null;
  return add([...n2.args.filter((t) => !negative(t)), ...n2.args.filter(negative)]);
});
var commonNumber = rule("common-number", "2A + 2B = 2(A + B)", ["add"], (n2) => {
  const parts = n2.args.map(splitCoefficient);
  const k = Math.abs(parts[0].coef);
  if (k === 1 || k === 0 || parts.some((p) => p.base === null || Math.abs(p.coef) !== k)) return null;
  return scale(n2.graph.num(k), add(parts.map((p) => withCoefficient(n2, p.coef / k, p.base))));
});
var collectRules = [collectTerms, commonNumber, factorOut("right"), factorOut("left"), positiveFirst];

// src/simplify/rules/kronecker.ts
var BLOCKS = ["kronBlockSum", "kronBlockPair"];
var kroneckerRules = [
  rule("blocks-of-identity", "the (i, j) block of I_mn is \u03B4_ij I_n: \u03A3\u1D62\u2C7C A\u1D62\u2C7C I\u208D\u1D62\u2C7C\u208E = tr(A) I, [\u27E8I\u208D\u1D62\u2C7C\u208E, B\u27E9]\u1D62\u2C7C = tr(B) I", BLOCKS, (n2) => {
    if (n2.args[0].kind !== "op" || n2.args[0].op !== "identity") return null;
    const other = n2.args[1];
    if (!dimEq(other.shape.rows, other.shape.cols) || !dimEq(n2.shape.rows, n2.shape.cols)) return null;
    return scale(tr(other), identity(n2.graph, n2.shape.rows));
  }),
  rule("blocks-of-scaled", "block sums and pairings are linear in G: \u03A3\u1D62\u2C7C A\u1D62\u2C7C (sG)\u208D\u1D62\u2C7C\u208E = s \u03A3\u1D62\u2C7C A\u1D62\u2C7C G\u208D\u1D62\u2C7C\u208E", BLOCKS, (n2) => {
    const g = n2.args[0];
    if (g.kind !== "op" || g.op !== "scale" || !isScalarShape(g.args[0].shape)) return null;
    return scale(g.args[0], make(n2.op, [g.args[1], n2.args[1]], n2.attr));
  }),
  rule("kronecker-scalar", "s \u2297 A = A \u2297 s = sA for a scalar s", ["kron"], (n2) => {
    if (isScalarShape(n2.args[0].shape)) return scale(n2.args[0], n2.args[1]);
    if (isScalarShape(n2.args[1].shape)) return scale(n2.args[1], n2.args[0]);
    return null;
  }),
  rule("kronecker-identities", "I_m \u2297 I_n = I_mn", ["kron"], (n2) => n2.args.every((a) => a.kind === "op" && a.op === "identity") ? identity(n2.graph, n2.shape.rows) : null),
  rule("kronecker-mixed-product", "(A \u2297 B)(C \u2297 D) = AC \u2297 BD", ["matmul"], (n2) => {
    const [l, r] = n2.args;
    if (l.kind !== "op" || l.op !== "kron" || r.kind !== "op" || r.op !== "kron") return null;
    const [a, b] = l.args;
    const [c, d] = r.args;
    if (!dimEq(a.shape.cols, c.shape.rows) || !dimEq(b.shape.cols, d.shape.rows)) return null;
    return kron(matmul(a, c), matmul(b, d));
  }),
  rule("commutation-of-vector", "K_{1,n} = K_{m,1} = I", ["commutation"], (n2) => isOne(n2.attr.dims[0]) || isOne(n2.attr.dims[1]) ? identity(n2.graph, n2.shape.rows) : null),
  rule("vec-of-vector", "vec(v) = v for a column, vec(r) = r\u1D40 for a row", ["vec"], (n2) => {
    const a = n2.args[0];
    if (isColumnShape(a.shape) || isScalarShape(a.shape)) return a;
    if (isRowShape(a.shape)) return transpose(a);
    return null;
  }),
  rule("unvec-vec", "unvec(vec(A)) = A, vec(unvec(v)) = v", ["unvec", "vec"], (n2) => {
    const a = n2.args[0];
    if (n2.op === "unvec" && a?.kind === "op" && a.op === "vec" && shapeEq(a.args[0].shape, n2.shape)) return a.args[0];
    if (n2.op === "vec" && a?.kind === "op" && a.op === "unvec") return a.args[0];
    if (n2.op === "unvec" && a && isColumnShape(n2.shape)) return a;
    if (n2.op === "unvec" && a && isRowShape(n2.shape)) return transpose(a);
    return null;
  }),
  rule("vec-identity-of-one", "I\u2081 = 1", ["identity"], (n2) => isOne(n2.attr.dims[0]) ? n2.graph.num(1) : null)
];

// src/simplify/rules/transpose.ts
var inner3 = (n2) => n2.args[0].kind === "op" ? n2.args[0] : null;
var T = ["transpose"];
var transposeRules = [
  rule("transpose-scalar", "s\u1D40 = s for a scalar", T, (n2) => isScalarShape(n2.shape) ? n2.args[0] : null),
  cancelInverse("transpose-twice", "(A\u1D40)\u1D40 = A", "transpose", "transpose"),
  rule("transpose-product", "(AB)\u1D40 = B\u1D40A\u1D40", T, (n2) => {
    const a = inner3(n2);
    return a?.op === "matmul" ? matmul(transpose(a.args[1]), transpose(a.args[0])) : null;
  }),
  rule("transpose-sum", "(A + B)\u1D40 = A\u1D40 + B\u1D40", T, (n2) => {
    const a = inner3(n2);
    return a?.op === "add" ? add(a.args.map(transpose)) : null;
  }),
  rule("transpose-negation", "(\u2212A)\u1D40 = \u2212A\u1D40", T, (n2) => inner3(n2)?.op === "neg" ? neg(transpose(inner3(n2).args[0])) : null),
  rule("transpose-scaling", "(sA)\u1D40 = s A\u1D40", T, (n2) => inner3(n2)?.op === "scale" ? scale(inner3(n2).args[0], transpose(inner3(n2).args[1])) : null),
  rule("transpose-kronecker", "(A \u2297 B)\u1D40 = A\u1D40 \u2297 B\u1D40", T, (n2) => {
    const a = inner3(n2);
    return a?.op === "kron" ? kron(transpose(a.args[0]), transpose(a.args[1])) : null;
  }),
  rule("transpose-commutation", "K_{m,n}\u1D40 = K_{n,m}", T, (n2) => {
    const a = inner3(n2);
    return a?.op === "commutation" ? commutation(n2.graph, a.attr.dims[1], a.attr.dims[0]) : null;
  }),
  rule("transpose-constant", "(c\u{1D7CF}\u{1D7CF}\u1D40)\u1D40 = c\u{1D7CF}\u{1D7CF}\u1D40", T, (n2) => {
    const a = inner3(n2);
    return a?.op === "broadcast" && isScalarShape(a.args[0].shape) ? broadcast(a.args[0], n2.shape) : null;
  }),
  rule("transpose-ones-matrix", "(\u{1D7CF}_{m\xD7n})\u1D40 = \u{1D7CF}_{n\xD7m}", T, (n2) => {
    const a = inner3(n2);
    if (a?.op !== "ones" || isOne(a.shape.cols) || isOne(a.shape.rows)) return null;
    return ones(n2.graph, a.shape.cols, a.shape.rows);
  }),
  rule("transpose-symmetric", "A\u1D40 = A for I, diag(v) and their multiples", T, (n2) => isSymmetricByForm(n2.args[0]) ? n2.args[0] : null),
  rule("diag-of-transpose", "diag(v\u1D40) = diag(v)", ["diagEmbed"], (n2) => n2.args[0].kind === "op" && n2.args[0].op === "transpose" ? diagEmbed(n2.args[0].args[0]) : null)
];

// src/simplify/rules/trace.ts
var traceRules = [
  rule("trace-of-scalar", "tr(s) = s for a scalar", ["tr"], (n2) => isScalarShape(n2.args[0].shape) ? n2.args[0] : null),
  rule("trace-of-transpose", "tr(A\u1D40) = tr(A)", ["tr"], (n2) => n2.args[0].kind === "op" && n2.args[0].op === "transpose" ? tr(n2.args[0].args[0]) : null),
  rule("trace-of-sum", "tr(A + B) = tr(A) + tr(B)", ["tr"], (n2) => n2.args[0].kind === "op" && n2.args[0].op === "add" ? add(n2.args[0].args.map(tr)) : null)
];

// src/simplify/catalogue.ts
var DEFAULT_RULES = [...algebraRules, ...transposeRules, ...traceRules, ...kroneckerRules, ...collectRules];

// src/diagnostics/suggest.ts
function editDistance(a, b) {
  const s = Array.from(a);
  const t = Array.from(b);
  const width = t.length + 1;
  const table = new Array((s.length + 1) * width);
  for (let i = 0; i <= s.length; i++) table[i * width] = i;
  for (let j = 0; j <= t.length; j++) table[j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const substitution = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(
        table[(i - 1) * width + j] + 1,
        table[i * width + j - 1] + 1,
        table[(i - 1) * width + j - 1] + substitution
      );
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, table[(i - 2) * width + j - 2] + 1);
      }
      table[i * width + j] = best;
    }
  }
  return table[s.length * width + t.length];
}
function allowedDistance(wordLength, maxDistance) {
  return Math.min(maxDistance, Math.max(1, Math.floor(wordLength / 3)));
}
function nearest(word, candidates, maxDistance = 2) {
  const lowerWord = word.toLowerCase();
  const wordLength = Array.from(word).length;
  const allowed = allowedDistance(wordLength, maxDistance);
  let best;
  for (const candidate of candidates) {
    const lengthGap = Math.abs(Array.from(candidate).length - wordLength);
    if (lengthGap > allowed) continue;
    const distance = editDistance(lowerWord, candidate.toLowerCase());
    if (distance > allowed || distance >= wordLength && distance > 0) continue;
    const caseDistance = editDistance(word, candidate);
    const better = best === void 0 || distance < best.distance || distance === best.distance && caseDistance < best.caseDistance || distance === best.distance && caseDistance === best.caseDistance && lengthGap < best.lengthGap;
    if (better) best = { candidate, distance, caseDistance, lengthGap };
  }
  return best?.candidate;
}

// src/calculus/differential.ts
function differential(root, wrt, dX) {
  return differentialOf(root, /* @__PURE__ */ new Map([[wrt.id, dX]]));
}
function differentialOf(root, seeds) {
  const d = /* @__PURE__ */ new Map();
  for (const node of topoOrder([root])) {
    if (node.kind === "var") d.set(node.id, seeds.get(node.id) ?? null);
    else if (node.kind === "num") d.set(node.id, null);
    else {
      const args = node.args.map((a) => d.get(a.id));
      d.set(node.id, args.every((a) => a === null) ? null : stanzaOf(node.op).differential(node, args));
    }
  }
  return d.get(root.id);
}

// src/calculus/adjoint.ts
function adjoint(linear2, seed, dX, record) {
  if (linear2 === null) return zeros(dX.graph, dX.shape);
  const order = topoOrder([linear2]);
  const isLinear = dependents([linear2], dX);
  const cotangents = /* @__PURE__ */ new Map([[linear2.id, [seed]]]);
  for (let k = order.length - 1; k >= 0; k--) {
    const node = order[k];
    const parts = cotangents.get(node.id);
    if (!parts || !isLinear.has(node.id)) continue;
    const ct = add(parts);
    if (node === dX) return ct;
    if (node.kind !== "op") continue;
    const stanza = stanzaOf(node.op);
    node.args.forEach((arg, i) => {
      if (!isLinear.has(arg.id)) return;
      if (!stanza.adjoint) throw new Error(`${node.op} has no adjoint rule but carries d${dX.name}`);
      const list = cotangents.get(arg.id) ?? [];
      const out = stanza.adjoint(node, i, ct);
      record?.({ node, argIndex: i, ct, out });
      list.push(out);
      cotangents.set(arg.id, list);
    });
  }
  return zeros(dX.graph, dX.shape);
}

// src/calculus/vecjacobian.ts
function vecJacobian(linear2, dX, yShape, record) {
  if (linear2 === null) return zeros(dX.graph, { rows: sizeOf(yShape), cols: sizeOf(dX.shape) });
  const isLinear = dependents([linear2], dX);
  const j = /* @__PURE__ */ new Map();
  for (const node of topoOrder([linear2])) {
    if (!isLinear.has(node.id)) continue;
    if (node === dX) {
      j.set(node.id, identity(dX.graph, sizeOf(dX.shape)));
      continue;
    }
    if (node.kind !== "op") continue;
    const stanza = stanzaOf(node.op);
    const terms = [];
    node.args.forEach((arg, i) => {
      if (!isLinear.has(arg.id)) return;
      if (!stanza.vecJacobian) throw new Error(`${node.op} has no vec rule but carries d${dX.name}`);
      const out = stanza.vecJacobian(node, i, j.get(arg.id));
      record?.({ node, argIndex: i, jArg: j.get(arg.id), out });
      terms.push(out);
    });
    j.set(node.id, add(terms));
  }
  return j.get(linear2.id);
}

// src/calculus/layout.ts
function kindOf(s) {
  return isScalarShape(s) ? "scalar" : isVectorShape(s) ? "vector" : "matrix";
}
var asRow = (s) => isColumnShape(s) ? transposeShape(s) : s;
var asColumn = (s) => isRowShape(s) ? transposeShape(s) : s;
var rowOf = (e) => isColumnShape(e.shape) ? transpose(e) : e;
var columnOf = (e) => isRowShape(e.shape) ? transpose(e) : e;
function jacobianCase(y, x) {
  if (isScalarShape(y)) return "gradient";
  if (isScalarShape(x)) return "tangent";
  return "full";
}
function resultShape(form, layout, y, x) {
  if (form === "grad") return x;
  if (form === "differential") return y;
  const J = { rows: sizeOf(y), cols: sizeOf(x) };
  switch (jacobianCase(y, x)) {
    case "gradient":
      if (kindOf(x) === "vector") return layout === "numerator" ? asRow(x) : layout === "denominator" ? asColumn(x) : x;
      return layout === "numerator" ? transposeShape(x) : x;
    case "tangent":
      if (kindOf(y) === "vector") return layout === "denominator" ? asRow(y) : asColumn(y);
      return layout === "denominator" ? transposeShape(y) : y;
    case "full":
      return layout === "denominator" ? transposeShape(J) : J;
  }
}
function emptyTrace() {
  return { adjoint: [], vec: [] };
}
function identify(dY, y, dX, form, layout, upstream, trace2) {
  const onAdjoint = trace2 ? (s) => void trace2.adjoint.push(s) : void 0;
  const onVec = trace2 ? (s) => void trace2.vec.push(s) : void 0;
  const x = dX.shape;
  if (form === "differential") return { result: dY ?? zeros(dX.graph, y), route: "differential" };
  if (form === "grad") return { result: adjoint(dY, upstream, dX, onAdjoint), route: "adjoint" };
  const shape = resultShape(form, layout, y, x);
  if (dY === null) return { result: zeros(dX.graph, shape), route: "differential" };
  switch (jacobianCase(y, x)) {
    case "gradient": {
      const g = adjoint(dY, dX.graph.num(1), dX, onAdjoint);
      if (kindOf(x) === "vector") {
        const r = layout === "numerator" ? rowOf(g) : layout === "denominator" ? columnOf(g) : g;
        return { result: r, route: "adjoint" };
      }
      return { result: layout === "numerator" ? transpose(g) : g, route: "adjoint" };
    }
    case "tangent": {
      const d = substitute(dY, /* @__PURE__ */ new Map([[dX.id, dX.graph.num(1)]]));
      if (kindOf(y) === "vector") return { result: layout === "denominator" ? rowOf(d) : columnOf(d), route: "substitution" };
      return { result: layout === "denominator" ? transpose(d) : d, route: "substitution" };
    }
    case "full": {
      const J = vecJacobian(dY, dX, y, onVec);
      return { result: layout === "denominator" ? transpose(J) : J, route: "vec-kronecker" };
    }
  }
}
function upstreamVariable(g, name, y) {
  return g.variable(name, y, "upstream");
}
function differentialVariable(x) {
  return x.graph.variable(`d${x.name}`, x.shape, "differential");
}

// src/calculus/index.ts
var FREE = ["i", "j", "k", "l"];
var SUMMED = ["r", "s", "t", "u", "v", "w", "p", "q"];
var Fresh = class {
  n = 0;
  extents = /* @__PURE__ */ new Map();
  next(extent) {
    const k = this.n++;
    const name = k < SUMMED.length ? SUMMED[k] : `r${k - SUMMED.length + 1}`;
    this.extents.set(name, extent);
    return name;
  }
};
function unsupported(op) {
  throw new DiagnosticError(error(
    "bad-option",
    `--form index cannot show ${op} in index notation`,
    void 0,
    [],
    "use --form jacobian (Kronecker form) or --form grad"
  ));
}
function indexForm(dY, y, dX) {
  const pick = (s, letters2) => {
    const r = isOne(s.rows) ? 1 : letters2.shift();
    const c = isOne(s.cols) ? 1 : letters2.shift();
    return [r, c];
  };
  const letters = [...FREE];
  const yIndex = pick(y, letters);
  const xIndex = pick(dX.shape, letters);
  if (dY === null) return { yIndex, xIndex, terms: [], extents: /* @__PURE__ */ new Map() };
  const fresh = new Fresh();
  const isLinear = dependents([dY], dX);
  const templates = /* @__PURE__ */ new Map();
  const sumIndex = (d) => isOne(d) ? 1 : fresh.next(d);
  const withSum = (r, ts, extra) => ts.map((t) => ({ coef: t.coef, sums: r === 1 ? t.sums : [r, ...t.sums], factors: [...extra, ...t.factors] }));
  const context = { t: (e) => templates.get(e.id), linear: (e) => isLinear.has(e.id), sumIndex, withSum };
  for (const node of topoOrder([dY])) {
    if (!isLinear.has(node.id)) continue;
    if (node === dX) {
      templates.set(node.id, (i, j) => [{ coef: 1, sums: [], factors: [{ kind: "delta", a: i, b: xIndex[0] }, { kind: "delta", a: j, b: xIndex[1] }] }]);
      continue;
    }
    if (node.kind !== "op") continue;
    const rule2 = stanzaOf(node.op).index;
    if (!rule2) unsupported(node.op);
    templates.set(node.id, rule2(node, context));
  }
  const raw = templates.get(dY.id)(yIndex[0], yIndex[1]);
  return { yIndex, xIndex, terms: simplifyTerms(raw), extents: fresh.extents };
}
function substituteIdx(x, from, to) {
  if (x === from) return to;
  if (typeof x !== "object") return x;
  if (x.kind === "lin") return idxLin(substituteIdx(x.a, from, to), substituteIdx(x.b, from, to), x.by);
  const of = substituteIdx(x.of, from, to);
  return x.kind === "div" ? idxDiv(of, x.by) : idxMod(of, x.by);
}
function substitute2(f, from, to) {
  const s = (x) => substituteIdx(x, from, to);
  return f.kind === "delta" ? { kind: "delta", a: s(f.a), b: s(f.b) } : { ...f, i: s(f.i), j: s(f.j) };
}
function joinModDivPairs(factors, sums) {
  const out = [...factors];
  const part = (f, kind) => {
    if (f.kind !== "delta") return null;
    for (const [x, y] of [[f.a, f.b], [f.b, f.a]]) {
      if (typeof x === "object" && x.kind === kind && typeof x.of === "string" && sums.includes(x.of)) return { r: x.of, by: x.by, other: y };
    }
    return null;
  };
  for (let i = 0; i < out.length; i++) {
    const m = part(out[i], "mod");
    if (!m) continue;
    const j = out.findIndex((f) => {
      const d2 = part(f, "div");
      return d2 !== null && d2.r === m.r && idxKey(1) !== idxKey(d2.other) && JSON.stringify(d2.by) === JSON.stringify(m.by);
    });
    if (j < 0) continue;
    const d = part(out[j], "div");
    const joined = { kind: "delta", a: m.r, b: idxLin(m.other, d.other, m.by) };
    out.splice(Math.max(i, j), 1);
    out.splice(Math.min(i, j), 1, joined);
    i = -1;
  }
  return out;
}
function simplifyTerms(terms) {
  const out = /* @__PURE__ */ new Map();
  for (const t0 of terms) {
    let t = t0;
    t = { ...t, factors: joinModDivPairs(t.factors, t.sums) };
    for (let changed = true; changed; ) {
      changed = false;
      let factors = t.factors.filter((f) => !(f.kind === "delta" && idxKey(f.a) === idxKey(f.b)));
      const d = factors.find((f) => f.kind === "delta" && (typeof f.a === "string" && t.sums.includes(f.a) || typeof f.b === "string" && t.sums.includes(f.b)));
      if (d) {
        const [from, to] = typeof d.a === "string" && t.sums.includes(d.a) ? [d.a, d.b] : [d.b, d.a];
        factors = factors.filter((f) => f !== d).map((f) => substitute2(f, from, to));
        t = { coef: t.coef, sums: t.sums.filter((s) => s !== from), factors };
        changed = true;
      } else {
        t = { ...t, factors };
      }
    }
    const rank = (x) => typeof x === "object" ? `~${idxKey(x)}` : String(x);
    const deltas = t.factors.filter((f) => f.kind === "delta").map((f) => f.kind === "delta" && rank(f.a) > rank(f.b) ? { ...f, a: f.b, b: f.a } : f).sort((a, b) => a.kind === "delta" && b.kind === "delta" ? `${rank(a.a)}${rank(a.b)}`.localeCompare(`${rank(b.a)}${rank(b.b)}`) : 0);
    const order = (f) => f.kind === "entry" ? `${f.i === 1 ? "" : idxNames(f.i).join("")}${f.j === 1 ? "" : idxNames(f.j).join("")}` : "";
    const entries2 = t.factors.filter((f) => f.kind === "entry").map((f, k) => ({ f, k })).sort((a, b) => order(a.f) < order(b.f) ? -1 : order(a.f) > order(b.f) ? 1 : a.k - b.k).map(({ f }) => f);
    const normal = { coef: t.coef, sums: [...t.sums].sort(), factors: [...deltas, ...entries2] };
    const key = JSON.stringify([normal.sums, normal.factors.map((f) => f.kind === "delta" ? ["d", idxKey(f.a), idxKey(f.b)] : ["e", f.of.id, idxKey(f.i), idxKey(f.j), f.power])]);
    const prior = out.get(key);
    out.set(key, prior ? { ...prior, coef: prior.coef + normal.coef } : normal);
  }
  return [...out.values()].filter((t) => t.coef !== 0);
}

// src/calculus/index-normal.ts
var SUMMED2 = ["r", "s", "t", "u", "v", "w", "p", "q"];
function normaliseTerm(t, used) {
  let coef = t.coef;
  const sums = [...t.sums];
  const out = [];
  const freshIndex = () => {
    for (let k = 0; ; k++) {
      const name = k < SUMMED2.length ? SUMMED2[k] : `r${k - SUMMED2.length + 1}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  const queue = [...t.factors];
  while (queue.length) {
    const f = queue.shift();
    if (f.kind === "delta") {
      out.push(f);
      continue;
    }
    const e = f.of;
    if (e.kind === "num") {
      coef *= f.power === 1 ? e.value : 1 / e.value;
      continue;
    }
    const rule2 = e.kind === "op" ? stanzaOf(e.op).entry : void 0;
    const x = rule2 ? rule2(f, freshIndex) : null;
    if (!x) {
      out.push(f);
      continue;
    }
    if (x.coef !== void 0) coef *= x.coef;
    if (x.sum !== void 0) sums.push(x.sum);
    out.push(...x.emit ?? []);
    queue.unshift(...x.expand ?? []);
  }
  return { coef, sums, factors: out };
}
function normaliseIndexForm(form) {
  const free = [...form.yIndex, ...form.xIndex].flatMap(idxNames);
  return {
    ...form,
    terms: simplifyTerms(form.terms.map((t) => {
      const used = /* @__PURE__ */ new Set([...free, ...t.sums]);
      for (const f of t.factors) for (const i of f.kind === "delta" ? [f.a, f.b] : [f.i, f.j]) idxNames(i).forEach((n2) => used.add(n2));
      return normaliseTerm(t, used);
    }))
  };
}
function usesComputedIndices(form) {
  const computed = (i) => typeof i === "object";
  return [...form.yIndex, ...form.xIndex].some(computed) || form.terms.some((t) => t.factors.some((f) => (f.kind === "delta" ? [f.a, f.b] : [f.i, f.j]).some(computed)));
}

// src/shapes/unify.ts
function isUnknownSymbol(sym) {
  return sym.startsWith("?");
}
var Unifier = class {
  bindings = /* @__PURE__ */ new Map();
  counter = 0;
  fresh() {
    return dimSym(`?${this.counter++}`);
  }
  /** Substitute every bound unknown, recursively. */
  resolve(d) {
    if (!d.syms.some((s) => this.bindings.has(s))) return d;
    let out = { coef: d.coef, syms: [] };
    for (const s of d.syms) {
      const b = this.bindings.get(s);
      out = dimMul(out, b ? this.resolve(b) : dimSym(s));
    }
    return out;
  }
  resolveShape(s) {
    return { rows: this.resolve(s.rows), cols: this.resolve(s.cols) };
  }
  isOne(d) {
    return isOne(this.resolve(d));
  }
  /** Make a and b equal if possible; false when they are known to differ or cannot be matched. */
  unify(a, b) {
    const ra = this.resolve(a);
    const rb = this.resolve(b);
    if (dimKey(ra) === dimKey(rb)) return true;
    const va = loneUnknown(ra);
    if (va && !rb.syms.includes(va)) {
      this.bindings.set(va, rb);
      return true;
    }
    const vb = loneUnknown(rb);
    if (vb && !ra.syms.includes(vb)) {
      this.bindings.set(vb, ra);
      return true;
    }
    const allUnknown = (d) => d.coef === 1 && d.syms.length > 1 && d.syms.every(isUnknownSymbol);
    if (allUnknown(ra) && allUnknown(rb) && ra.syms.length === rb.syms.length) {
      return ra.syms.every((x, k) => this.unify(dimSym(x), dimSym(rb.syms[k])));
    }
    const common = ra.syms.filter((s, i) => ra.syms.indexOf(s) === i).flatMap((s) => {
      const k = Math.min(ra.syms.filter((x) => x === s).length, rb.syms.filter((x) => x === s).length);
      return Array(k).fill(s);
    });
    if (common.length && (ra.syms.some(isUnknownSymbol) || rb.syms.some(isUnknownSymbol))) {
      const without = (d) => {
        const rest = [...d.syms];
        for (const s of common) rest.splice(rest.indexOf(s), 1);
        return { coef: d.coef, syms: rest };
      };
      return this.unify(without(ra), without(rb));
    }
    return false;
  }
  /** Unknowns still free after inference, in order of first binding attempt. */
  unknownsIn(d) {
    return this.resolve(d).syms.filter(isUnknownSymbol);
  }
  /** Fix an unknown to a named symbol (used to name inferred dimensions). */
  name(unknown, symbol) {
    this.bindings.set(unknown, dimSym(symbol));
  }
  bindToOne(unknown) {
    this.bindings.set(unknown, ONE);
  }
};
function loneUnknown(d) {
  return d.coef === 1 && d.syms.length === 1 && isUnknownSymbol(d.syms[0]) ? d.syms[0] : null;
}

// src/shapes/declarations.ts
var CONSTANT_NAMES = /* @__PURE__ */ new Set(["I", "ones"]);
var GREEK_LOWER = /* @__PURE__ */ new Set([
  "alpha",
  "beta",
  "gamma",
  "delta",
  "epsilon",
  "zeta",
  "eta",
  "theta",
  "iota",
  "kappa",
  "lambda",
  "mu",
  "nu",
  "xi",
  "omicron",
  "pi",
  "rho",
  "sigma",
  "tau",
  "upsilon",
  "phi",
  "chi",
  "psi",
  "omega"
]);
function dimOf(d) {
  return d.kind === "int" ? dimInt(d.value) : dimSym(d.name);
}
function declaredShape(decl) {
  if (decl.dims.length === 0) return SCALAR;
  if (decl.dims.length === 1) return { rows: dimOf(decl.dims[0]), cols: ONE };
  return { rows: dimOf(decl.dims[0]), cols: dimOf(decl.dims[1]) };
}
function collectDeclarations(sources) {
  const out = /* @__PURE__ */ new Map();
  for (const src of sources) {
    for (const decl of src.decls) {
      const where = { span: decl.span, text: src.text, origin: src.origin };
      if (CONSTANT_NAMES.has(decl.name)) {
        throw new DiagnosticError(error(
          "bad-declaration",
          `${decl.name} is a constant (${decl.name === "I" ? "the identity matrix" : "a column of ones"}) whose size is inferred; it cannot be declared`,
          where
        ));
      }
      const shape = declaredShape(decl);
      const prior = out.get(decl.name);
      if (prior && !shapeEq(prior.shape, shape)) {
        throw new DiagnosticError(error(
          "bad-declaration",
          `${decl.name} is declared twice, as ${shapeToString(prior.shape)} and as ${shapeToString(shape)}`,
          where,
          [{ message: `first declared as ${shapeToString(prior.shape)} here`, span: prior.span }]
        ));
      }
      out.set(decl.name, { shape, ...where });
    }
  }
  return out;
}
function defaultKind(name) {
  const first2 = name[0];
  if (GREEK_LOWER.has(name.toLowerCase().replace(/[_0-9].*$/, "")) && first2 === first2.toLowerCase()) return "scalar";
  if (/[α-ω]/.test(first2)) return "scalar";
  if (/[a-g]/.test(first2)) return "scalar";
  if (/[a-z]/.test(first2)) return "vector";
  return "matrix";
}
function defaultShape(name, u) {
  switch (defaultKind(name)) {
    case "scalar":
      return SCALAR;
    case "vector":
      return { rows: u.fresh(), cols: ONE };
    case "matrix":
      return { rows: u.fresh(), cols: u.fresh() };
  }
}

// src/syntax/ast.ts
function assertNever(x) {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}

// src/typing/infer.ts
var ShapeInference = class {
  constructor(u, text, origin, resolveName) {
    this.u = u;
    this.text = text;
    this.origin = origin;
    this.resolveName = resolveName;
  }
  u;
  text;
  origin;
  resolveName;
  shapes = /* @__PURE__ */ new Map();
  display = /* @__PURE__ */ new Map();
  infer(node) {
    const s = this.inferNode(node);
    this.shapes.set(node, s);
    return s;
  }
  inferNode(node) {
    switch (node.kind) {
      case "number":
        return SCALAR;
      case "name":
        if (node.name === "I") {
          const n2 = this.u.fresh();
          return { rows: n2, cols: n2 };
        }
        if (node.name === "ones") return { rows: this.u.fresh(), cols: ONE };
        if (functionNamed(node.name)) {
          this.fail("not-a-function", `${node.name} is a function; call it as ${node.name}(\u2026)`, node.span);
        }
        return this.resolveName(node.name, node.span);
      case "neg":
        return this.infer(node.arg);
      case "transpose": {
        const s = this.infer(node.arg);
        return { rows: s.cols, cols: s.rows };
      }
      case "binary":
        return this.inferBinary(node);
      case "call":
        return this.inferCall(node);
      default:
        return assertNever(node);
    }
  }
  inferBinary(node) {
    const l = this.infer(node.left);
    const r = this.infer(node.right);
    switch (node.op) {
      case "+":
      case "-":
      case ".*":
      case "./":
      case ".^":
        return this.broadcast(node, l, r);
      case "*": {
        if (this.isScalar(l)) return r;
        if (this.isScalar(r)) return l;
        if (!this.u.unify(l.cols, r.rows)) {
          this.fail(
            "shape-mismatch",
            `cannot multiply ${this.describe(node.left)} (${this.show(l)}) by ${this.describe(node.right)} (${this.show(r)}): inner dimensions ${this.showDim(l.cols)} and ${this.showDim(r.rows)} differ`,
            node.span,
            this.operandNotes(node, l, r),
            this.productHint(node, l, r)
          );
        }
        return { rows: l.rows, cols: r.cols };
      }
      case "/":
        if (!this.isScalar(r)) {
          this.fail(
            "not-scalar",
            `can only divide by a scalar, but ${this.describe(node.right)} is ${this.show(r)}`,
            node.span,
            this.operandNotes(node, l, r),
            "use ./ (or \u2298) for elementwise division"
          );
        }
        return l;
      case "kron":
        return { rows: dimMul(this.u.resolve(l.rows), this.u.resolve(r.rows)), cols: dimMul(this.u.resolve(l.cols), this.u.resolve(r.cols)) };
      case "^":
        return this.inferPower(node, l, r);
      default:
        return assertNever(node.op);
    }
  }
  inferPower(node, l, r) {
    if (!this.isScalar(r)) {
      this.fail(
        "bad-exponent",
        `the exponent of ^ must be a scalar, but ${this.describe(node.right)} is ${this.show(r)}`,
        node.right.span,
        [],
        "use .^ for an elementwise power"
      );
    }
    if (this.isScalar(l)) return l;
    const k = integerLiteral(node.right);
    if (k === null) {
      this.fail(
        "bad-exponent",
        `a matrix power needs an integer exponent, not ${this.describe(node.right)}`,
        node.right.span,
        [],
        `use .^ for an elementwise power of ${this.describe(node.left)}`
      );
    }
    if (!this.u.unify(l.rows, l.cols)) {
      this.fail(
        "not-square",
        `a matrix power needs a square matrix, but ${this.describe(node.left)} is ${this.show(l)}`,
        node.span,
        [],
        "use .^ for an elementwise power"
      );
    }
    return l;
  }
  inferCall(node) {
    const fn = functionNamed(node.fn);
    if (!fn) {
      const suggestion = nearest(node.fn, functionNames());
      this.fail(
        "unknown-function",
        `unknown function ${node.fn}`,
        node.fnSpan,
        [],
        suggestion ? `did you mean ${suggestion}?` : `the functions are: ${[...new Set(functionNames())].join(", ")}`
      );
    }
    if (node.args.length !== fn.arity) {
      this.fail("arity", `${node.fn} takes ${fn.arity} argument${fn.arity === 1 ? "" : "s"}, but was given ${node.args.length}`, node.span);
    }
    const args = node.args.map((a) => this.infer(a));
    const site = {
      fnName: node.fn,
      span: node.span,
      argSpans: node.args.map((a) => a.span),
      text: this.text,
      origin: this.origin,
      describe: (i) => this.describe(node.args[i]),
      show: (s) => this.show(s)
    };
    return fn.check(args, this.u, site);
  }
  /** NumPy broadcasting, one dimension at a time. */
  broadcast(node, l, r) {
    const pick = (a, b) => {
      const aOne = this.u.isOne(a);
      const bOne = this.u.isOne(b);
      if (aOne && !bOne) return b;
      if (bOne && !aOne) return a;
      return this.u.unify(a, b) ? a : null;
    };
    const rows = pick(l.rows, r.rows);
    const cols = pick(l.cols, r.cols);
    if (rows === null || cols === null) {
      const verb = {
        "+": "add",
        "-": "subtract",
        ".*": "multiply elementwise",
        "./": "divide elementwise",
        ".^": "raise elementwise"
      };
      const which = rows === null ? `rows ${this.showDim(l.rows)} and ${this.showDim(r.rows)}` : `columns ${this.showDim(l.cols)} and ${this.showDim(r.cols)}`;
      this.fail(
        "shape-mismatch",
        `cannot ${verb[node.op]} ${this.describe(node.left)} (${this.show(l)}) and ${this.describe(node.right)} (${this.show(r)}): ${which} differ`,
        node.span,
        this.operandNotes(node, l, r),
        "shapes must match, or one side must be a scalar, a 1\xD7c row or an r\xD71 column that can be stretched"
      );
    }
    return { rows, cols };
  }
  isScalar(s) {
    return this.u.isOne(s.rows) && this.u.isOne(s.cols);
  }
  productHint(node, l, r) {
    const eq = (a2, b2) => dimKey(this.u.resolve(a2)) === dimKey(this.u.resolve(b2));
    const a = this.describe(node.left);
    const b = this.describe(node.right);
    if (a.endsWith("\u2026") || b.endsWith("\u2026")) return void 0;
    if (eq(l.rows, r.rows) && eq(l.cols, r.cols)) return `for the elementwise product write ${a} .* ${b}`;
    if (eq(l.rows, r.rows)) return `did you mean ${wrap(a)}'*${wrap(b)}?`;
    if (eq(l.cols, r.cols)) return `did you mean ${wrap(a)}*${wrap(b)}'?`;
    if (eq(l.rows, r.cols) && eq(l.cols, r.rows)) return `did you mean ${wrap(b)}*${wrap(a)}?`;
    return void 0;
  }
  operandNotes(node, l, r) {
    return [
      { message: `${this.describe(node.left)} is ${this.show(l)}`, span: node.left.span },
      { message: `${this.describe(node.right)} is ${this.show(r)}`, span: node.right.span }
    ];
  }
  /** A node named for a message: its name, or its source text (shortened). */
  describe(node) {
    if (node.kind === "name") return node.name;
    const src = this.text.slice(node.span.start, node.span.end).replace(/\s+/g, " ").trim();
    return src.length <= 30 ? src : `${src.slice(0, 27)}\u2026`;
  }
  show(s) {
    if (this.isScalar(s)) return "scalar";
    return `${this.showDim(s.rows)}\xD7${this.showDim(s.cols)}`;
  }
  /** Unknown dimensions print as d₁, d₂… in messages, consistently within one run. */
  showDim(d) {
    const r = this.u.resolve(d);
    if (r.syms.length === 0) return String(r.coef);
    const parts = r.syms.map((s) => {
      if (!isUnknownSymbol(s)) return s;
      let name = this.display.get(s);
      if (!name) {
        name = `d${String(this.display.size + 1).split("").map((c) => "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089"[Number(c)]).join("")}`;
        this.display.set(s, name);
      }
      return name;
    });
    return (r.coef === 1 ? "" : `${r.coef}\xB7`) + parts.join("\xB7");
  }
  fail(code, message, span2, notes = [], help) {
    throw new DiagnosticError(error(code, message, { span: span2, text: this.text, origin: this.origin }, notes, help));
  }
};
function wrap(s) {
  return /^[\p{L}\p{N}_]+$/u.test(s) ? s : `(${s})`;
}
function integerLiteral(node) {
  if (node.kind === "number" && Number.isInteger(node.value)) return node.value;
  if (node.kind === "neg" && node.arg.kind === "number" && Number.isInteger(node.arg.value)) return -node.arg.value;
  return null;
}

// src/typing/lower.ts
var Lowering = class {
  constructor(inference, graph, variableFor) {
    this.inference = inference;
    this.graph = graph;
    this.variableFor = variableFor;
  }
  inference;
  graph;
  variableFor;
  /** Where each graph node first came from, for messages about values (domains). */
  spans = /* @__PURE__ */ new Map();
  shapeOf(node) {
    return this.inference.u.resolveShape(this.inference.shapes.get(node));
  }
  lower(node) {
    const e = this.lowerNode(node);
    if (!this.spans.has(e.id)) this.spans.set(e.id, node.span);
    return e;
  }
  lowerNode(node) {
    const shape = this.shapeOf(node);
    switch (node.kind) {
      case "number":
        return this.graph.num(node.value);
      case "name":
        if (node.name === "I") return identity(this.graph, shape.rows);
        if (node.name === "ones") return ones(this.graph, shape.rows);
        return this.variableFor(node.name, shape);
      case "neg": {
        if (node.arg.kind === "number") return this.graph.num(-node.arg.value);
        return neg(this.lower(node.arg));
      }
      case "transpose":
        return transpose(this.lower(node.arg));
      case "call":
        return functionNamed(node.fn).lower(node.args.map((a) => this.lower(a)));
      case "binary": {
        const l = this.lower(node.left);
        const r = this.lower(node.right);
        const ls = isScalarShape(l.shape);
        const rs = isScalarShape(r.shape);
        const bc = (e) => broadcast(e, shape);
        switch (node.op) {
          case "+":
            return add([bc(l), bc(r)]);
          case "-":
            return sub(bc(l), bc(r));
          case "*":
            if (ls) return scale(l, r);
            if (rs) return scale(r, l);
            return matmul(l, r);
          case ".*":
            if (shapeEq(l.shape, r.shape)) return ls ? scale(l, r) : hadamard(l, r);
            if (ls) return scale(l, r);
            if (rs) return scale(r, l);
            return hadamard(bc(l), bc(r));
          case "/":
            return div(l, r);
          case "./":
            if (rs) return div(l, r);
            return hdiv(bc(l), bc(r));
          case "kron":
            return kron(l, r);
          case "^": {
            if (ls) return power(l, r);
            const k = integerLiteral(node.right);
            const base = k < 0 ? inv(l) : l;
            const m = Math.abs(k);
            return m === 0 ? identity(this.graph, shape.rows) : m === 1 ? base : matpow(base, m);
          }
          case ".^":
            return hpow(bc(l), rs ? r : bc(r));
          default:
            return assertNever(node.op);
        }
      }
      default:
        return assertNever(node);
    }
  }
};

// src/typing/typing.ts
var DIM_NAMES = ["m", "n", "p", "q", "r", "s", "k", "l", "u", "v", "w"];
function namesInOrder(node, out) {
  const stack = [node];
  const ordered = [];
  while (stack.length) {
    const n2 = stack.pop();
    ordered.push(n2);
    switch (n2.kind) {
      case "name":
        break;
      case "number":
        break;
      case "neg":
      case "transpose":
        stack.push(n2.arg);
        break;
      case "binary":
        stack.push(n2.right, n2.left);
        break;
      case "call":
        for (let i = n2.args.length - 1; i >= 0; i--) stack.push(n2.args[i]);
        break;
    }
  }
  for (const n2 of ordered) if (n2.kind === "name" && n2.name !== "I" && n2.name !== "ones") out.add(n2.name);
}
function typeProgramWith(program, text, extra, companion, graph) {
  const declared = collectDeclarations([...extra, { decls: program.shapes, text, origin: "expression" }]);
  const u = new Unifier();
  const nameShapes = /* @__PURE__ */ new Map();
  const inference = new ShapeInference(u, text, "expression", (name) => {
    let s = nameShapes.get(name);
    if (!s) {
      s = declared.get(name)?.shape ?? defaultShape(name, u);
      nameShapes.set(name, s);
    }
    return s;
  });
  const rootShape = inference.infer(program.expr);
  const companionNames = /* @__PURE__ */ new Map();
  let companionInference = null;
  if (companion) {
    for (const [n2, sh] of nameShapes) companionNames.set(n2, { shape: sh, role: "input" });
    if (companion.upstream) companionNames.set(companion.upstream, { shape: rootShape, role: "upstream" });
    if (companion.differentialOf && nameShapes.has(companion.differentialOf)) {
      companionNames.set(`d${companion.differentialOf}`, { shape: nameShapes.get(companion.differentialOf), role: "differential" });
    }
    companionInference = new ShapeInference(u, companion.text, companion.origin, strictResolver(companionNames, companion.text, companion.origin));
    const own = companionInference.infer(companion.node);
    if (companion.expectedShape) {
      const programUnknowns = new Set([...nameShapes.values()].flatMap((sh) => [...u.unknownsIn(sh.rows), ...u.unknownsIn(sh.cols)]));
      const x = companion.wrt ? nameShapes.get(companion.wrt) ?? null : null;
      const expected = companion.expectedShape(u.resolveShape(rootShape), x ? u.resolveShape(x) : null);
      for (const [mine, want] of [[own.rows, expected.rows], [own.cols, expected.cols]]) {
        const open = u.unknownsIn(mine);
        if (open.length === 1 && u.resolve(mine).syms.length === 1 && !programUnknowns.has(open[0])) u.unify(mine, want);
      }
    }
  }
  const order = /* @__PURE__ */ new Set();
  namesInOrder(program.expr, order);
  const taken = /* @__PURE__ */ new Set([...order]);
  for (const d of declared.values()) for (const dim of [d.shape.rows, d.shape.cols]) dim.syms.forEach((s) => taken.add(s));
  const pool = DIM_NAMES.filter((n2) => !taken.has(n2));
  let extraIndex = 1;
  const freshName = () => {
    const next = pool.shift();
    if (next) return next;
    while (taken.has(`d${extraIndex}`)) extraIndex++;
    return `d${extraIndex++}`;
  };
  const nameAll = (s) => {
    for (const d of [s.rows, s.cols]) {
      for (const unknown of u.unknownsIn(d)) if (u.unknownsIn(d).includes(unknown)) u.name(unknown, freshName());
    }
  };
  for (const name of order) nameAll(nameShapes.get(name));
  for (const s of inference.shapes.values()) nameAll(s);
  if (companionInference) for (const s of companionInference.shapes.values()) nameAll(s);
  const variables = /* @__PURE__ */ new Map();
  for (const name of order) variables.set(name, u.resolveShape(nameShapes.get(name)));
  for (const [name, d] of declared) if (!variables.has(name)) variables.set(name, d.shape);
  const lowering = new Lowering(inference, graph, (name, shape) => graph.variable(name, shape));
  const root = lowering.lower(program.expr);
  const typed = { root, output: program.output?.name ?? null, variables, declared, spans: lowering.spans, text };
  if (!companion || !companionInference) return { program: typed, companion: null };
  const lowerCompanion = new Lowering(companionInference, graph, (name, shape) => graph.variable(name, shape, companionNames.get(name).role));
  return { program: typed, companion: lowerCompanion.lower(companion.node) };
}
function strictResolver(names, text, origin) {
  return (name, span2) => {
    const known = names.get(name);
    if (known) return known.shape;
    const suggestion = nearest(name, [...names.keys()]);
    throw new DiagnosticError(error(
      "unknown-name",
      `${name} is not a name of the expression`,
      { span: span2, text, origin },
      [],
      suggestion ? `did you mean ${suggestion}?` : `the names are: ${[...names.keys()].join(", ")}`
    ));
  };
}

// src/syntax/generated/parser.js
function foldBinary(head, tail) {
  let result = head;
  for (const step of tail) {
    result = {
      kind: "binary",
      op: step.op,
      opText: step.opText,
      opSpan: step.opSpan,
      left: result,
      right: step.right,
      span: { start: result.span.start, end: step.right.span.end }
    };
  }
  return result;
}
function foldPostfix(base, steps) {
  let result = base;
  for (const step of steps) {
    const span2 = { start: result.span.start, end: step.end };
    result = step.kind === "transpose" ? { kind: "transpose", arg: result, span: span2 } : {
      kind: "binary",
      op: step.op,
      opText: step.opText,
      opSpan: step.opSpan,
      left: result,
      right: step.exponent,
      span: span2
    };
  }
  return result;
}
function foldNegations(signs, operand) {
  let result = operand;
  for (let i = signs.length - 1; i >= 0; i--) {
    const sign = signs[i];
    if (sign.negate) {
      result = { kind: "neg", arg: result, span: { start: sign.start, end: result.span.end } };
    }
  }
  return result;
}
var peg$SyntaxError = class extends SyntaxError {
  constructor(message, expected, found, location) {
    super(message);
    this.expected = expected;
    this.found = found;
    this.location = location;
    this.name = "SyntaxError";
  }
  format(sources) {
    let str = "Error: " + this.message;
    if (this.location) {
      let src = null;
      const st = sources.find((s2) => s2.source === this.location.source);
      if (st) {
        src = st.text.split(/\r\n|\n|\r/g);
      }
      const s = this.location.start;
      const offset_s = this.location.source && typeof this.location.source.offset === "function" ? this.location.source.offset(s) : s;
      const loc = this.location.source + ":" + offset_s.line + ":" + offset_s.column;
      if (src) {
        const e = this.location.end;
        const filler = "".padEnd(offset_s.line.toString().length, " ");
        const line = src[s.line - 1];
        const last = s.line === e.line ? e.column : line.length + 1;
        const hatLen = last - s.column || 1;
        str += "\n --> " + loc + "\n" + filler + " |\n" + offset_s.line + " | " + line + "\n" + filler + " | " + "".padEnd(s.column - 1, " ") + "".padEnd(hatLen, "^");
      } else {
        str += "\n at " + loc;
      }
    }
    return str;
  }
  static buildMessage(expected, found) {
    function hex(ch) {
      return ch.codePointAt(0).toString(16).toUpperCase();
    }
    const nonPrintable = Object.prototype.hasOwnProperty.call(RegExp.prototype, "unicode") ? new RegExp("[\\p{C}\\p{Mn}\\p{Mc}]", "gu") : null;
    function unicodeEscape(s) {
      if (nonPrintable) {
        return s.replace(nonPrintable, (ch) => "\\u{" + hex(ch) + "}");
      }
      return s;
    }
    function literalEscape(s) {
      return unicodeEscape(s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\0/g, "\\0").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/[\x00-\x0F]/g, (ch) => "\\x0" + hex(ch)).replace(/[\x10-\x1F\x7F-\x9F]/g, (ch) => "\\x" + hex(ch)));
    }
    function classEscape(s) {
      return unicodeEscape(s.replace(/\\/g, "\\\\").replace(/\]/g, "\\]").replace(/\^/g, "\\^").replace(/-/g, "\\-").replace(/\0/g, "\\0").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/[\x00-\x0F]/g, (ch) => "\\x0" + hex(ch)).replace(/[\x10-\x1F\x7F-\x9F]/g, (ch) => "\\x" + hex(ch)));
    }
    const DESCRIBE_EXPECTATION_FNS = {
      literal(expectation) {
        return '"' + literalEscape(expectation.text) + '"';
      },
      class(expectation) {
        const escapedParts = expectation.parts.map(
          (part) => Array.isArray(part) ? classEscape(part[0]) + "-" + classEscape(part[1]) : classEscape(part)
        );
        return "[" + (expectation.inverted ? "^" : "") + escapedParts.join("") + "]" + (expectation.unicode ? "u" : "");
      },
      any() {
        return "any character";
      },
      end() {
        return "end of input";
      },
      other(expectation) {
        return expectation.description;
      }
    };
    function describeExpectation(expectation) {
      return DESCRIBE_EXPECTATION_FNS[expectation.type](expectation);
    }
    function describeExpected(expected2) {
      const descriptions = expected2.map(describeExpectation);
      descriptions.sort();
      if (descriptions.length > 0) {
        let j = 1;
        for (let i = 1; i < descriptions.length; i++) {
          if (descriptions[i - 1] !== descriptions[i]) {
            descriptions[j] = descriptions[i];
            j++;
          }
        }
        descriptions.length = j;
      }
      switch (descriptions.length) {
        case 1:
          return descriptions[0];
        case 2:
          return descriptions[0] + " or " + descriptions[1];
        default:
          return descriptions.slice(0, -1).join(", ") + ", or " + descriptions[descriptions.length - 1];
      }
    }
    function describeFound(found2) {
      return found2 ? '"' + literalEscape(found2) + '"' : "end of input";
    }
    return "Expected " + describeExpected(expected) + " but " + describeFound(found) + " found.";
  }
};
function peg$parse(input, options) {
  options = options !== void 0 ? options : {};
  const peg$FAILED = {};
  const peg$source = options.grammarSource;
  const peg$startRuleFunctions = {
    Program: peg$parseProgram,
    ShapeList: peg$parseShapeList,
    AssumeList: peg$parseAssumeList,
    Expression: peg$parseExpression
  };
  let peg$startRuleFunction = peg$parseProgram;
  const peg$c0 = "=";
  const peg$c1 = "where";
  const peg$c2 = ".*";
  const peg$c3 = "./";
  const peg$c4 = "\u2298";
  const peg$c5 = "/";
  const peg$c6 = "\u2297";
  const peg$c7 = "+";
  const peg$c8 = "^";
  const peg$c9 = "T";
  const peg$c10 = ".^";
  const peg$c11 = "(";
  const peg$c12 = ")";
  const peg$c13 = ",";
  const peg$c14 = ":";
  const peg$c15 = "scalar";
  const peg$c16 = ".";
  const peg$r0 = /^[\u2218\u2299]/;
  const peg$r1 = /^[*\xB7\xD7]/;
  const peg$r2 = /^['\u1D40]/;
  const peg$r3 = /^[*Xx\xD7]/;
  const peg$r4 = /^[0-9]/;
  const peg$r5 = /^[,;]/;
  const peg$r6 = /^[a-zA-Z\u0391-\u03A9\u03B1-\u03C9]/;
  const peg$r7 = /^[a-zA-Z\u0391-\u03A9\u03B1-\u03C90-9_]/;
  const peg$r8 = /^[eE]/;
  const peg$r9 = /^[+\-]/;
  const peg$r10 = /^[+\-\u2212]/;
  const peg$r11 = /^[\-\u2212]/;
  const peg$r12 = /^[ \t\r\n\xA0]/;
  const peg$e0 = peg$literalExpectation("=", false);
  const peg$e1 = peg$literalExpectation("where", false);
  const peg$e2 = peg$literalExpectation(".*", false);
  const peg$e3 = peg$classExpectation(["\u2218", "\u2299"], false, false, false);
  const peg$e4 = peg$literalExpectation("./", false);
  const peg$e5 = peg$literalExpectation("\u2298", false);
  const peg$e6 = peg$classExpectation(["*", "\xB7", "\xD7"], false, false, false);
  const peg$e7 = peg$literalExpectation("/", false);
  const peg$e8 = peg$literalExpectation("\u2297", false);
  const peg$e9 = peg$literalExpectation("+", false);
  const peg$e10 = peg$classExpectation(["'", "\u1D40"], false, false, false);
  const peg$e11 = peg$literalExpectation("^", false);
  const peg$e12 = peg$literalExpectation("T", false);
  const peg$e13 = peg$literalExpectation(".^", false);
  const peg$e14 = peg$literalExpectation("(", false);
  const peg$e15 = peg$literalExpectation(")", false);
  const peg$e16 = peg$literalExpectation(",", false);
  const peg$e17 = peg$literalExpectation(":", false);
  const peg$e18 = peg$literalExpectation("scalar", false);
  const peg$e19 = peg$classExpectation(["*", "X", "x", "\xD7"], false, false, false);
  const peg$e20 = peg$otherExpectation("a dimension");
  const peg$e21 = peg$classExpectation([["0", "9"]], false, false, false);
  const peg$e22 = peg$otherExpectation("a name to declare");
  const peg$e23 = peg$otherExpectation("a fact");
  const peg$e24 = peg$classExpectation([",", ";"], false, false, false);
  const peg$e25 = peg$otherExpectation("a name");
  const peg$e26 = peg$classExpectation([["a", "z"], ["A", "Z"], ["\u0391", "\u03A9"], ["\u03B1", "\u03C9"]], false, false, false);
  const peg$e27 = peg$classExpectation([["a", "z"], ["A", "Z"], ["\u0391", "\u03A9"], ["\u03B1", "\u03C9"], ["0", "9"], "_"], false, false, false);
  const peg$e28 = peg$otherExpectation("a number");
  const peg$e29 = peg$literalExpectation(".", false);
  const peg$e30 = peg$classExpectation(["e", "E"], false, false, false);
  const peg$e31 = peg$classExpectation(["+", "-"], false, false, false);
  const peg$e32 = peg$classExpectation(["+", "-", "\u2212"], false, false, false);
  const peg$e33 = peg$classExpectation(["-", "\u2212"], false, false, false);
  const peg$e34 = peg$classExpectation([" ", "	", "\r", "\n", "\xA0"], false, false, false);
  function peg$f0(output, expr, shapes) {
    const start = output ? output.span.start : expr.span.start;
    const end = shapes && shapes.length > 0 ? shapes[shapes.length - 1].span.end : expr.span.end;
    return { kind: "program", output: output ?? null, expr, shapes: shapes ?? [], span: { start, end } };
  }
  function peg$f1(head, tail) {
    return [head, ...tail];
  }
  function peg$f2(name) {
    return { name: name.name, span: name.span };
  }
  function peg$f3(head, tail) {
    return foldBinary(head, tail);
  }
  function peg$f4(operator, right) {
    return { ...operator, right };
  }
  function peg$f5(opText) {
    return { op: opText === "+" ? "+" : "-", opText, opSpan: here() };
  }
  function peg$f6(head, tail) {
    return foldBinary(head, tail);
  }
  function peg$f7(operator, right) {
    return { ...operator, right };
  }
  function peg$f8(opText) {
    return { op: ".*", opText, opSpan: here() };
  }
  function peg$f9(opText) {
    return { op: "./", opText, opSpan: here() };
  }
  function peg$f10(opText) {
    return { op: "*", opText, opSpan: here() };
  }
  function peg$f11(opText) {
    return { op: "/", opText, opSpan: here() };
  }
  function peg$f12(opText) {
    return { op: "kron", opText, opSpan: here() };
  }
  function peg$f13(signs, operand) {
    return foldNegations(signs, operand);
  }
  function peg$f14() {
    return { negate: true, start: location().start.offset };
  }
  function peg$f15() {
    return { negate: false, start: location().start.offset };
  }
  function peg$f16(base, steps) {
    return foldPostfix(base, steps);
  }
  function peg$f17() {
    return { kind: "transpose", end: location().end.offset };
  }
  function peg$f18() {
    return { kind: "transpose", end: location().end.offset };
  }
  function peg$f19(operator, exponent) {
    return { kind: "power", ...operator, exponent, end: exponent.span.end };
  }
  function peg$f20(opText) {
    return { op: opText, opText, opSpan: here() };
  }
  function peg$f21(operand) {
    return { kind: "neg", arg: operand, span: { start: location().start.offset, end: operand.span.end } };
  }
  function peg$f22(inner4) {
    return { ...inner4, span: here() };
  }
  function peg$f23(callee, args) {
    return { kind: "call", fn: callee.name, fnSpan: callee.span, args: args ?? [], span: here() };
  }
  function peg$f24(head, tail) {
    return [head, ...tail];
  }
  function peg$f25(head, tail) {
    return [head, ...tail];
  }
  function peg$f26(declared, dims) {
    return { name: declared.name, nameSpan: declared.span, dims, span: here() };
  }
  function peg$f27() {
    return [];
  }
  function peg$f28(rows, columns) {
    return [rows, columns];
  }
  function peg$f29(only) {
    return [only];
  }
  function peg$f30(digits) {
    return { kind: "int", value: Number(digits), span: here() };
  }
  function peg$f31(symbol) {
    return { kind: "sym", name: symbol.name, span: symbol.span };
  }
  function peg$f32(declared, fact) {
    return { name: declared.name, nameSpan: declared.span, fact: fact.name, factSpan: fact.span, span: here() };
  }
  function peg$f33(text2) {
    return { kind: "name", name: text2, span: here() };
  }
  function peg$f34(text2) {
    const value = Number(text2);
    if (!Number.isFinite(value)) error2(`the number ${text2} is too large`);
    return { kind: "number", value, text: text2, span: here() };
  }
  let peg$currPos = options.peg$currPos | 0;
  let peg$savedPos = peg$currPos;
  const peg$posDetailsCache = [{ line: 1, column: 1 }];
  let peg$maxFailPos = peg$currPos;
  let peg$maxFailExpected = options.peg$maxFailExpected || [];
  let peg$silentFails = options.peg$silentFails | 0;
  let peg$result;
  if (options.startRule) {
    if (!(options.startRule in peg$startRuleFunctions)) {
      throw new Error(`Can't start parsing from rule "` + options.startRule + '".');
    }
    peg$startRuleFunction = peg$startRuleFunctions[options.startRule];
  }
  function text() {
    return input.substring(peg$savedPos, peg$currPos);
  }
  function offset() {
    return peg$savedPos;
  }
  function range() {
    return {
      source: peg$source,
      start: peg$savedPos,
      end: peg$currPos
    };
  }
  function location() {
    return peg$computeLocation(peg$savedPos, peg$currPos);
  }
  function expected(description, location2) {
    location2 = location2 !== void 0 ? location2 : peg$computeLocation(peg$savedPos, peg$currPos);
    throw peg$buildStructuredError(
      [peg$otherExpectation(description)],
      input.substring(peg$savedPos, peg$currPos),
      location2
    );
  }
  function error2(message, location2) {
    location2 = location2 !== void 0 ? location2 : peg$computeLocation(peg$savedPos, peg$currPos);
    throw peg$buildSimpleError(message, location2);
  }
  function peg$getUnicode(pos = peg$currPos) {
    const cp = input.codePointAt(pos);
    if (cp === void 0) {
      return "";
    }
    return String.fromCodePoint(cp);
  }
  function peg$literalExpectation(text2, ignoreCase) {
    return { type: "literal", text: text2, ignoreCase };
  }
  function peg$classExpectation(parts, inverted, ignoreCase, unicode) {
    return { type: "class", parts, inverted, ignoreCase, unicode };
  }
  function peg$anyExpectation() {
    return { type: "any" };
  }
  function peg$endExpectation() {
    return { type: "end" };
  }
  function peg$otherExpectation(description) {
    return { type: "other", description };
  }
  function peg$computePosDetails(pos) {
    let details = peg$posDetailsCache[pos];
    let p;
    if (details) {
      return details;
    } else {
      if (pos >= peg$posDetailsCache.length) {
        p = peg$posDetailsCache.length - 1;
      } else {
        p = pos;
        while (!peg$posDetailsCache[--p]) {
        }
      }
      details = peg$posDetailsCache[p];
      details = {
        line: details.line,
        column: details.column
      };
      while (p < pos) {
        if (input.charCodeAt(p) === 10) {
          details.line++;
          details.column = 1;
        } else {
          details.column++;
        }
        p++;
      }
      peg$posDetailsCache[pos] = details;
      return details;
    }
  }
  function peg$computeLocation(startPos, endPos, offset2) {
    const startPosDetails = peg$computePosDetails(startPos);
    const endPosDetails = peg$computePosDetails(endPos);
    const res = {
      source: peg$source,
      start: {
        offset: startPos,
        line: startPosDetails.line,
        column: startPosDetails.column
      },
      end: {
        offset: endPos,
        line: endPosDetails.line,
        column: endPosDetails.column
      }
    };
    if (offset2 && peg$source && typeof peg$source.offset === "function") {
      res.start = peg$source.offset(res.start);
      res.end = peg$source.offset(res.end);
    }
    return res;
  }
  function peg$fail(expected2) {
    if (peg$currPos < peg$maxFailPos) {
      return;
    }
    if (peg$currPos > peg$maxFailPos) {
      peg$maxFailPos = peg$currPos;
      peg$maxFailExpected = [];
    }
    peg$maxFailExpected.push(expected2);
  }
  function peg$buildSimpleError(message, location2) {
    return new peg$SyntaxError(message, null, null, location2);
  }
  function peg$buildStructuredError(expected2, found, location2) {
    return new peg$SyntaxError(
      peg$SyntaxError.buildMessage(expected2, found),
      expected2,
      found,
      location2
    );
  }
  function peg$parseProgram() {
    let s0, s1, s2, s3, s4, s5, s6;
    s0 = peg$currPos;
    s1 = peg$parse_();
    s2 = peg$parseOutputName();
    if (s2 === peg$FAILED) {
      s2 = null;
    }
    s3 = peg$parseSum();
    if (s3 !== peg$FAILED) {
      s4 = peg$parse_();
      s5 = peg$parseWhereClause();
      if (s5 === peg$FAILED) {
        s5 = null;
      }
      s6 = peg$parse_();
      peg$savedPos = s0;
      s0 = peg$f0(s2, s3, s5);
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseExpression() {
    let s0, s1, s2, s3;
    s0 = peg$currPos;
    s1 = peg$parse_();
    s2 = peg$parseSum();
    if (s2 !== peg$FAILED) {
      s3 = peg$parse_();
      s0 = s2;
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseShapeList() {
    let s0, s1, s2, s3;
    s0 = peg$currPos;
    s1 = peg$parse_();
    s2 = peg$parseShapeDecls();
    if (s2 !== peg$FAILED) {
      s3 = peg$parse_();
      s0 = s2;
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseAssumeList() {
    let s0, s1, s2, s3, s4, s5, s6, s7, s8;
    s0 = peg$currPos;
    s1 = peg$parse_();
    s2 = peg$parseAssumeDecl();
    if (s2 !== peg$FAILED) {
      s3 = [];
      s4 = peg$currPos;
      s5 = peg$parse_();
      s6 = peg$parseListSeparator();
      if (s6 !== peg$FAILED) {
        s7 = peg$parse_();
        s8 = peg$parseAssumeDecl();
        if (s8 !== peg$FAILED) {
          s4 = s8;
        } else {
          peg$currPos = s4;
          s4 = peg$FAILED;
        }
      } else {
        peg$currPos = s4;
        s4 = peg$FAILED;
      }
      while (s4 !== peg$FAILED) {
        s3.push(s4);
        s4 = peg$currPos;
        s5 = peg$parse_();
        s6 = peg$parseListSeparator();
        if (s6 !== peg$FAILED) {
          s7 = peg$parse_();
          s8 = peg$parseAssumeDecl();
          if (s8 !== peg$FAILED) {
            s4 = s8;
          } else {
            peg$currPos = s4;
            s4 = peg$FAILED;
          }
        } else {
          peg$currPos = s4;
          s4 = peg$FAILED;
        }
      }
      s4 = peg$currPos;
      s5 = peg$parse_();
      s6 = peg$parseListSeparator();
      if (s6 !== peg$FAILED) {
        s5 = [s5, s6];
        s4 = s5;
      } else {
        peg$currPos = s4;
        s4 = peg$FAILED;
      }
      if (s4 === peg$FAILED) {
        s4 = null;
      }
      s5 = peg$parse_();
      peg$savedPos = s0;
      s0 = peg$f1(s2, s3);
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseOutputName() {
    let s0, s1, s2, s3, s4;
    s0 = peg$currPos;
    s1 = peg$parseName();
    if (s1 !== peg$FAILED) {
      s2 = peg$parse_();
      if (input.charCodeAt(peg$currPos) === 61) {
        s3 = peg$c0;
        peg$currPos++;
      } else {
        s3 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e0);
        }
      }
      if (s3 !== peg$FAILED) {
        s4 = peg$parse_();
        peg$savedPos = s0;
        s0 = peg$f2(s1);
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseWhereClause() {
    let s0, s1, s2, s3, s4;
    s0 = peg$currPos;
    if (input.substr(peg$currPos, 5) === peg$c1) {
      s1 = peg$c1;
      peg$currPos += 5;
    } else {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e1);
      }
    }
    if (s1 !== peg$FAILED) {
      s2 = peg$currPos;
      peg$silentFails++;
      s3 = peg$parseNameChar();
      peg$silentFails--;
      if (s3 === peg$FAILED) {
        s2 = void 0;
      } else {
        peg$currPos = s2;
        s2 = peg$FAILED;
      }
      if (s2 !== peg$FAILED) {
        s3 = peg$parse_();
        s4 = peg$parseShapeDecls();
        if (s4 !== peg$FAILED) {
          s0 = s4;
        } else {
          peg$currPos = s0;
          s0 = peg$FAILED;
        }
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseSum() {
    let s0, s1, s2, s3, s4, s5;
    s0 = peg$currPos;
    s1 = peg$parseProduct();
    if (s1 !== peg$FAILED) {
      s2 = [];
      s3 = peg$currPos;
      s4 = peg$parse_();
      s5 = peg$parseAddStep();
      if (s5 !== peg$FAILED) {
        s3 = s5;
      } else {
        peg$currPos = s3;
        s3 = peg$FAILED;
      }
      while (s3 !== peg$FAILED) {
        s2.push(s3);
        s3 = peg$currPos;
        s4 = peg$parse_();
        s5 = peg$parseAddStep();
        if (s5 !== peg$FAILED) {
          s3 = s5;
        } else {
          peg$currPos = s3;
          s3 = peg$FAILED;
        }
      }
      peg$savedPos = s0;
      s0 = peg$f3(s1, s2);
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseAddStep() {
    let s0, s1, s2, s3;
    s0 = peg$currPos;
    s1 = peg$parseAddOperator();
    if (s1 !== peg$FAILED) {
      s2 = peg$parse_();
      s3 = peg$parseProduct();
      if (s3 !== peg$FAILED) {
        peg$savedPos = s0;
        s0 = peg$f4(s1, s3);
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseAddOperator() {
    let s0, s1;
    s0 = peg$currPos;
    s1 = peg$parseAddOp();
    if (s1 !== peg$FAILED) {
      peg$savedPos = s0;
      s1 = peg$f5(s1);
    }
    s0 = s1;
    return s0;
  }
  function peg$parseProduct() {
    let s0, s1, s2, s3, s4, s5;
    s0 = peg$currPos;
    s1 = peg$parseUnary();
    if (s1 !== peg$FAILED) {
      s2 = [];
      s3 = peg$currPos;
      s4 = peg$parse_();
      s5 = peg$parseMulStep();
      if (s5 !== peg$FAILED) {
        s3 = s5;
      } else {
        peg$currPos = s3;
        s3 = peg$FAILED;
      }
      while (s3 !== peg$FAILED) {
        s2.push(s3);
        s3 = peg$currPos;
        s4 = peg$parse_();
        s5 = peg$parseMulStep();
        if (s5 !== peg$FAILED) {
          s3 = s5;
        } else {
          peg$currPos = s3;
          s3 = peg$FAILED;
        }
      }
      peg$savedPos = s0;
      s0 = peg$f6(s1, s2);
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseMulStep() {
    let s0, s1, s2, s3;
    s0 = peg$currPos;
    s1 = peg$parseMulOperator();
    if (s1 !== peg$FAILED) {
      s2 = peg$parse_();
      s3 = peg$parseUnary();
      if (s3 !== peg$FAILED) {
        peg$savedPos = s0;
        s0 = peg$f7(s1, s3);
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseMulOperator() {
    let s0, s1;
    s0 = peg$currPos;
    if (input.substr(peg$currPos, 2) === peg$c2) {
      s1 = peg$c2;
      peg$currPos += 2;
    } else {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e2);
      }
    }
    if (s1 === peg$FAILED) {
      s1 = input.charAt(peg$currPos);
      if (peg$r0.test(s1)) {
        peg$currPos++;
      } else {
        s1 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e3);
        }
      }
    }
    if (s1 !== peg$FAILED) {
      peg$savedPos = s0;
      s1 = peg$f8(s1);
    }
    s0 = s1;
    if (s0 === peg$FAILED) {
      s0 = peg$currPos;
      if (input.substr(peg$currPos, 2) === peg$c3) {
        s1 = peg$c3;
        peg$currPos += 2;
      } else {
        s1 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e4);
        }
      }
      if (s1 === peg$FAILED) {
        if (input.charCodeAt(peg$currPos) === 8856) {
          s1 = peg$c4;
          peg$currPos++;
        } else {
          s1 = peg$FAILED;
          if (peg$silentFails === 0) {
            peg$fail(peg$e5);
          }
        }
      }
      if (s1 !== peg$FAILED) {
        peg$savedPos = s0;
        s1 = peg$f9(s1);
      }
      s0 = s1;
      if (s0 === peg$FAILED) {
        s0 = peg$currPos;
        s1 = input.charAt(peg$currPos);
        if (peg$r1.test(s1)) {
          peg$currPos++;
        } else {
          s1 = peg$FAILED;
          if (peg$silentFails === 0) {
            peg$fail(peg$e6);
          }
        }
        if (s1 !== peg$FAILED) {
          peg$savedPos = s0;
          s1 = peg$f10(s1);
        }
        s0 = s1;
        if (s0 === peg$FAILED) {
          s0 = peg$currPos;
          if (input.charCodeAt(peg$currPos) === 47) {
            s1 = peg$c5;
            peg$currPos++;
          } else {
            s1 = peg$FAILED;
            if (peg$silentFails === 0) {
              peg$fail(peg$e7);
            }
          }
          if (s1 !== peg$FAILED) {
            peg$savedPos = s0;
            s1 = peg$f11(s1);
          }
          s0 = s1;
          if (s0 === peg$FAILED) {
            s0 = peg$currPos;
            if (input.charCodeAt(peg$currPos) === 8855) {
              s1 = peg$c6;
              peg$currPos++;
            } else {
              s1 = peg$FAILED;
              if (peg$silentFails === 0) {
                peg$fail(peg$e8);
              }
            }
            if (s1 !== peg$FAILED) {
              peg$savedPos = s0;
              s1 = peg$f12(s1);
            }
            s0 = s1;
          }
        }
      }
    }
    return s0;
  }
  function peg$parseUnary() {
    let s0, s1, s2;
    s0 = peg$currPos;
    s1 = [];
    s2 = peg$parseSign();
    while (s2 !== peg$FAILED) {
      s1.push(s2);
      s2 = peg$parseSign();
    }
    s2 = peg$parsePostfix();
    if (s2 !== peg$FAILED) {
      peg$savedPos = s0;
      s0 = peg$f13(s1, s2);
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseSign() {
    let s0, s1, s2;
    s0 = peg$currPos;
    s1 = peg$parseMinusSign();
    if (s1 !== peg$FAILED) {
      s2 = peg$parse_();
      peg$savedPos = s0;
      s0 = peg$f14();
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    if (s0 === peg$FAILED) {
      s0 = peg$currPos;
      if (input.charCodeAt(peg$currPos) === 43) {
        s1 = peg$c7;
        peg$currPos++;
      } else {
        s1 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e9);
        }
      }
      if (s1 !== peg$FAILED) {
        s2 = peg$parse_();
        peg$savedPos = s0;
        s0 = peg$f15();
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    }
    return s0;
  }
  function peg$parsePostfix() {
    let s0, s1, s2, s3, s4, s5;
    s0 = peg$currPos;
    s1 = peg$parsePrimary();
    if (s1 !== peg$FAILED) {
      s2 = [];
      s3 = peg$currPos;
      s4 = peg$parse_();
      s5 = peg$parsePostfixStep();
      if (s5 !== peg$FAILED) {
        s3 = s5;
      } else {
        peg$currPos = s3;
        s3 = peg$FAILED;
      }
      while (s3 !== peg$FAILED) {
        s2.push(s3);
        s3 = peg$currPos;
        s4 = peg$parse_();
        s5 = peg$parsePostfixStep();
        if (s5 !== peg$FAILED) {
          s3 = s5;
        } else {
          peg$currPos = s3;
          s3 = peg$FAILED;
        }
      }
      peg$savedPos = s0;
      s0 = peg$f16(s1, s2);
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parsePostfixStep() {
    let s0, s1, s2, s3, s4, s5;
    s0 = peg$currPos;
    s1 = input.charAt(peg$currPos);
    if (peg$r2.test(s1)) {
      peg$currPos++;
    } else {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e10);
      }
    }
    if (s1 !== peg$FAILED) {
      peg$savedPos = s0;
      s1 = peg$f17();
    }
    s0 = s1;
    if (s0 === peg$FAILED) {
      s0 = peg$currPos;
      if (input.charCodeAt(peg$currPos) === 94) {
        s1 = peg$c8;
        peg$currPos++;
      } else {
        s1 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e11);
        }
      }
      if (s1 !== peg$FAILED) {
        s2 = peg$parse_();
        if (input.charCodeAt(peg$currPos) === 84) {
          s3 = peg$c9;
          peg$currPos++;
        } else {
          s3 = peg$FAILED;
          if (peg$silentFails === 0) {
            peg$fail(peg$e12);
          }
        }
        if (s3 !== peg$FAILED) {
          s4 = peg$currPos;
          peg$silentFails++;
          s5 = peg$parseNameChar();
          peg$silentFails--;
          if (s5 === peg$FAILED) {
            s4 = void 0;
          } else {
            peg$currPos = s4;
            s4 = peg$FAILED;
          }
          if (s4 !== peg$FAILED) {
            peg$savedPos = s0;
            s0 = peg$f18();
          } else {
            peg$currPos = s0;
            s0 = peg$FAILED;
          }
        } else {
          peg$currPos = s0;
          s0 = peg$FAILED;
        }
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
      if (s0 === peg$FAILED) {
        s0 = peg$currPos;
        s1 = peg$parsePowerOperator();
        if (s1 !== peg$FAILED) {
          s2 = peg$parse_();
          s3 = peg$parseExponent();
          if (s3 !== peg$FAILED) {
            peg$savedPos = s0;
            s0 = peg$f19(s1, s3);
          } else {
            peg$currPos = s0;
            s0 = peg$FAILED;
          }
        } else {
          peg$currPos = s0;
          s0 = peg$FAILED;
        }
      }
    }
    return s0;
  }
  function peg$parsePowerOperator() {
    let s0, s1;
    s0 = peg$currPos;
    if (input.charCodeAt(peg$currPos) === 94) {
      s1 = peg$c8;
      peg$currPos++;
    } else {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e11);
      }
    }
    if (s1 === peg$FAILED) {
      if (input.substr(peg$currPos, 2) === peg$c10) {
        s1 = peg$c10;
        peg$currPos += 2;
      } else {
        s1 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e13);
        }
      }
    }
    if (s1 !== peg$FAILED) {
      peg$savedPos = s0;
      s1 = peg$f20(s1);
    }
    s0 = s1;
    return s0;
  }
  function peg$parseExponent() {
    let s0, s1, s2, s3;
    s0 = peg$currPos;
    s1 = peg$parseMinusSign();
    if (s1 !== peg$FAILED) {
      s2 = peg$parse_();
      s3 = peg$parsePrimary();
      if (s3 !== peg$FAILED) {
        peg$savedPos = s0;
        s0 = peg$f21(s3);
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    if (s0 === peg$FAILED) {
      s0 = peg$currPos;
      if (input.charCodeAt(peg$currPos) === 43) {
        s1 = peg$c7;
        peg$currPos++;
      } else {
        s1 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e9);
        }
      }
      if (s1 !== peg$FAILED) {
        s2 = peg$parse_();
        s3 = peg$parsePrimary();
        if (s3 !== peg$FAILED) {
          s0 = s3;
        } else {
          peg$currPos = s0;
          s0 = peg$FAILED;
        }
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
      if (s0 === peg$FAILED) {
        s0 = peg$parsePrimary();
      }
    }
    return s0;
  }
  function peg$parsePrimary() {
    let s0;
    s0 = peg$parseNumber();
    if (s0 === peg$FAILED) {
      s0 = peg$parseCall();
      if (s0 === peg$FAILED) {
        s0 = peg$parseName();
        if (s0 === peg$FAILED) {
          s0 = peg$parseParenthesised();
        }
      }
    }
    return s0;
  }
  function peg$parseParenthesised() {
    let s0, s1, s2, s3, s4, s5;
    s0 = peg$currPos;
    if (input.charCodeAt(peg$currPos) === 40) {
      s1 = peg$c11;
      peg$currPos++;
    } else {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e14);
      }
    }
    if (s1 !== peg$FAILED) {
      s2 = peg$parse_();
      s3 = peg$parseSum();
      if (s3 !== peg$FAILED) {
        s4 = peg$parse_();
        if (input.charCodeAt(peg$currPos) === 41) {
          s5 = peg$c12;
          peg$currPos++;
        } else {
          s5 = peg$FAILED;
          if (peg$silentFails === 0) {
            peg$fail(peg$e15);
          }
        }
        if (s5 !== peg$FAILED) {
          peg$savedPos = s0;
          s0 = peg$f22(s3);
        } else {
          peg$currPos = s0;
          s0 = peg$FAILED;
        }
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseCall() {
    let s0, s1, s2, s3, s4, s5, s6, s7;
    s0 = peg$currPos;
    s1 = peg$parseName();
    if (s1 !== peg$FAILED) {
      s2 = peg$parse_();
      if (input.charCodeAt(peg$currPos) === 40) {
        s3 = peg$c11;
        peg$currPos++;
      } else {
        s3 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e14);
        }
      }
      if (s3 !== peg$FAILED) {
        s4 = peg$parse_();
        s5 = peg$parseArguments();
        if (s5 === peg$FAILED) {
          s5 = null;
        }
        s6 = peg$parse_();
        if (input.charCodeAt(peg$currPos) === 41) {
          s7 = peg$c12;
          peg$currPos++;
        } else {
          s7 = peg$FAILED;
          if (peg$silentFails === 0) {
            peg$fail(peg$e15);
          }
        }
        if (s7 !== peg$FAILED) {
          peg$savedPos = s0;
          s0 = peg$f23(s1, s5);
        } else {
          peg$currPos = s0;
          s0 = peg$FAILED;
        }
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseArguments() {
    let s0, s1, s2, s3, s4, s5, s6, s7;
    s0 = peg$currPos;
    s1 = peg$parseSum();
    if (s1 !== peg$FAILED) {
      s2 = [];
      s3 = peg$currPos;
      s4 = peg$parse_();
      if (input.charCodeAt(peg$currPos) === 44) {
        s5 = peg$c13;
        peg$currPos++;
      } else {
        s5 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e16);
        }
      }
      if (s5 !== peg$FAILED) {
        s6 = peg$parse_();
        s7 = peg$parseSum();
        if (s7 !== peg$FAILED) {
          s3 = s7;
        } else {
          peg$currPos = s3;
          s3 = peg$FAILED;
        }
      } else {
        peg$currPos = s3;
        s3 = peg$FAILED;
      }
      while (s3 !== peg$FAILED) {
        s2.push(s3);
        s3 = peg$currPos;
        s4 = peg$parse_();
        if (input.charCodeAt(peg$currPos) === 44) {
          s5 = peg$c13;
          peg$currPos++;
        } else {
          s5 = peg$FAILED;
          if (peg$silentFails === 0) {
            peg$fail(peg$e16);
          }
        }
        if (s5 !== peg$FAILED) {
          s6 = peg$parse_();
          s7 = peg$parseSum();
          if (s7 !== peg$FAILED) {
            s3 = s7;
          } else {
            peg$currPos = s3;
            s3 = peg$FAILED;
          }
        } else {
          peg$currPos = s3;
          s3 = peg$FAILED;
        }
      }
      peg$savedPos = s0;
      s0 = peg$f24(s1, s2);
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseShapeDecls() {
    let s0, s1, s2, s3, s4, s5, s6, s7;
    s0 = peg$currPos;
    s1 = peg$parseShapeDecl();
    if (s1 !== peg$FAILED) {
      s2 = [];
      s3 = peg$currPos;
      s4 = peg$parse_();
      s5 = peg$parseListSeparator();
      if (s5 !== peg$FAILED) {
        s6 = peg$parse_();
        s7 = peg$parseShapeDecl();
        if (s7 !== peg$FAILED) {
          s3 = s7;
        } else {
          peg$currPos = s3;
          s3 = peg$FAILED;
        }
      } else {
        peg$currPos = s3;
        s3 = peg$FAILED;
      }
      while (s3 !== peg$FAILED) {
        s2.push(s3);
        s3 = peg$currPos;
        s4 = peg$parse_();
        s5 = peg$parseListSeparator();
        if (s5 !== peg$FAILED) {
          s6 = peg$parse_();
          s7 = peg$parseShapeDecl();
          if (s7 !== peg$FAILED) {
            s3 = s7;
          } else {
            peg$currPos = s3;
            s3 = peg$FAILED;
          }
        } else {
          peg$currPos = s3;
          s3 = peg$FAILED;
        }
      }
      s3 = peg$currPos;
      s4 = peg$parse_();
      s5 = peg$parseListSeparator();
      if (s5 !== peg$FAILED) {
        s4 = [s4, s5];
        s3 = s4;
      } else {
        peg$currPos = s3;
        s3 = peg$FAILED;
      }
      if (s3 === peg$FAILED) {
        s3 = null;
      }
      peg$savedPos = s0;
      s0 = peg$f25(s1, s2);
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseShapeDecl() {
    let s0, s1, s2, s3, s4, s5;
    s0 = peg$currPos;
    s1 = peg$parseDeclaredName();
    if (s1 !== peg$FAILED) {
      s2 = peg$parse_();
      if (input.charCodeAt(peg$currPos) === 58) {
        s3 = peg$c14;
        peg$currPos++;
      } else {
        s3 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e17);
        }
      }
      if (s3 !== peg$FAILED) {
        s4 = peg$parse_();
        s5 = peg$parseDims();
        if (s5 !== peg$FAILED) {
          peg$savedPos = s0;
          s0 = peg$f26(s1, s5);
        } else {
          peg$currPos = s0;
          s0 = peg$FAILED;
        }
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseDims() {
    let s0, s1, s2, s3, s4, s5;
    s0 = peg$currPos;
    if (input.substr(peg$currPos, 6) === peg$c15) {
      s1 = peg$c15;
      peg$currPos += 6;
    } else {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e18);
      }
    }
    if (s1 !== peg$FAILED) {
      s2 = peg$currPos;
      peg$silentFails++;
      s3 = peg$parseNameChar();
      peg$silentFails--;
      if (s3 === peg$FAILED) {
        s2 = void 0;
      } else {
        peg$currPos = s2;
        s2 = peg$FAILED;
      }
      if (s2 !== peg$FAILED) {
        peg$savedPos = s0;
        s0 = peg$f27();
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    if (s0 === peg$FAILED) {
      s0 = peg$currPos;
      s1 = peg$parseDim();
      if (s1 !== peg$FAILED) {
        s2 = peg$parse_();
        s3 = peg$parseDimSeparator();
        if (s3 !== peg$FAILED) {
          s4 = peg$parse_();
          s5 = peg$parseDim();
          if (s5 !== peg$FAILED) {
            peg$savedPos = s0;
            s0 = peg$f28(s1, s5);
          } else {
            peg$currPos = s0;
            s0 = peg$FAILED;
          }
        } else {
          peg$currPos = s0;
          s0 = peg$FAILED;
        }
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
      if (s0 === peg$FAILED) {
        s0 = peg$currPos;
        s1 = peg$parseDim();
        if (s1 !== peg$FAILED) {
          peg$savedPos = s0;
          s1 = peg$f29(s1);
        }
        s0 = s1;
      }
    }
    return s0;
  }
  function peg$parseDimSeparator() {
    let s0;
    s0 = input.charAt(peg$currPos);
    if (peg$r3.test(s0)) {
      peg$currPos++;
    } else {
      s0 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e19);
      }
    }
    return s0;
  }
  function peg$parseDim() {
    let s0, s1, s2, s3;
    peg$silentFails++;
    s0 = peg$currPos;
    s1 = peg$currPos;
    s2 = [];
    s3 = input.charAt(peg$currPos);
    if (peg$r4.test(s3)) {
      peg$currPos++;
    } else {
      s3 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e21);
      }
    }
    if (s3 !== peg$FAILED) {
      while (s3 !== peg$FAILED) {
        s2.push(s3);
        s3 = input.charAt(peg$currPos);
        if (peg$r4.test(s3)) {
          peg$currPos++;
        } else {
          s3 = peg$FAILED;
          if (peg$silentFails === 0) {
            peg$fail(peg$e21);
          }
        }
      }
    } else {
      s2 = peg$FAILED;
    }
    if (s2 !== peg$FAILED) {
      s1 = input.substring(s1, peg$currPos);
    } else {
      s1 = s2;
    }
    if (s1 !== peg$FAILED) {
      peg$savedPos = s0;
      s1 = peg$f30(s1);
    }
    s0 = s1;
    if (s0 === peg$FAILED) {
      s0 = peg$currPos;
      s1 = peg$parseName();
      if (s1 !== peg$FAILED) {
        peg$savedPos = s0;
        s1 = peg$f31(s1);
      }
      s0 = s1;
    }
    peg$silentFails--;
    if (s0 === peg$FAILED) {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e20);
      }
    }
    return s0;
  }
  function peg$parseAssumeDecl() {
    let s0, s1, s2, s3, s4, s5;
    s0 = peg$currPos;
    s1 = peg$parseDeclaredName();
    if (s1 !== peg$FAILED) {
      s2 = peg$parse_();
      if (input.charCodeAt(peg$currPos) === 58) {
        s3 = peg$c14;
        peg$currPos++;
      } else {
        s3 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e17);
        }
      }
      if (s3 !== peg$FAILED) {
        s4 = peg$parse_();
        s5 = peg$parseFact();
        if (s5 !== peg$FAILED) {
          peg$savedPos = s0;
          s0 = peg$f32(s1, s5);
        } else {
          peg$currPos = s0;
          s0 = peg$FAILED;
        }
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseDeclaredName() {
    let s0, s1;
    peg$silentFails++;
    s0 = peg$parseName();
    peg$silentFails--;
    if (s0 === peg$FAILED) {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e22);
      }
    }
    return s0;
  }
  function peg$parseFact() {
    let s0, s1;
    peg$silentFails++;
    s0 = peg$parseName();
    peg$silentFails--;
    if (s0 === peg$FAILED) {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e23);
      }
    }
    return s0;
  }
  function peg$parseListSeparator() {
    let s0;
    s0 = input.charAt(peg$currPos);
    if (peg$r5.test(s0)) {
      peg$currPos++;
    } else {
      s0 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e24);
      }
    }
    return s0;
  }
  function peg$parseName() {
    let s0, s1, s2, s3, s4, s5, s6;
    peg$silentFails++;
    s0 = peg$currPos;
    s1 = peg$currPos;
    peg$silentFails++;
    s2 = peg$parseKeyword();
    peg$silentFails--;
    if (s2 === peg$FAILED) {
      s1 = void 0;
    } else {
      peg$currPos = s1;
      s1 = peg$FAILED;
    }
    if (s1 !== peg$FAILED) {
      s2 = peg$currPos;
      s3 = peg$currPos;
      s4 = peg$parseLetter();
      if (s4 !== peg$FAILED) {
        s5 = [];
        s6 = peg$parseNameChar();
        while (s6 !== peg$FAILED) {
          s5.push(s6);
          s6 = peg$parseNameChar();
        }
        s4 = [s4, s5];
        s3 = s4;
      } else {
        peg$currPos = s3;
        s3 = peg$FAILED;
      }
      if (s3 !== peg$FAILED) {
        s2 = input.substring(s2, peg$currPos);
      } else {
        s2 = s3;
      }
      if (s2 !== peg$FAILED) {
        peg$savedPos = s0;
        s0 = peg$f33(s2);
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    peg$silentFails--;
    if (s0 === peg$FAILED) {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e25);
      }
    }
    return s0;
  }
  function peg$parseKeyword() {
    let s0, s1, s2, s3;
    s0 = peg$currPos;
    if (input.substr(peg$currPos, 5) === peg$c1) {
      s1 = peg$c1;
      peg$currPos += 5;
    } else {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e1);
      }
    }
    if (s1 !== peg$FAILED) {
      s2 = peg$currPos;
      peg$silentFails++;
      s3 = peg$parseNameChar();
      peg$silentFails--;
      if (s3 === peg$FAILED) {
        s2 = void 0;
      } else {
        peg$currPos = s2;
        s2 = peg$FAILED;
      }
      if (s2 !== peg$FAILED) {
        s1 = [s1, s2];
        s0 = s1;
      } else {
        peg$currPos = s0;
        s0 = peg$FAILED;
      }
    } else {
      peg$currPos = s0;
      s0 = peg$FAILED;
    }
    return s0;
  }
  function peg$parseLetter() {
    let s0;
    s0 = input.charAt(peg$currPos);
    if (peg$r6.test(s0)) {
      peg$currPos++;
    } else {
      s0 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e26);
      }
    }
    return s0;
  }
  function peg$parseNameChar() {
    let s0;
    s0 = input.charAt(peg$currPos);
    if (peg$r7.test(s0)) {
      peg$currPos++;
    } else {
      s0 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e27);
      }
    }
    return s0;
  }
  function peg$parseNumber() {
    let s0, s1, s2, s3, s4, s5, s6, s7, s8, s9;
    peg$silentFails++;
    s0 = peg$currPos;
    s1 = peg$currPos;
    s2 = peg$currPos;
    s3 = [];
    s4 = input.charAt(peg$currPos);
    if (peg$r4.test(s4)) {
      peg$currPos++;
    } else {
      s4 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e21);
      }
    }
    if (s4 !== peg$FAILED) {
      while (s4 !== peg$FAILED) {
        s3.push(s4);
        s4 = input.charAt(peg$currPos);
        if (peg$r4.test(s4)) {
          peg$currPos++;
        } else {
          s4 = peg$FAILED;
          if (peg$silentFails === 0) {
            peg$fail(peg$e21);
          }
        }
      }
    } else {
      s3 = peg$FAILED;
    }
    if (s3 !== peg$FAILED) {
      s4 = peg$currPos;
      if (input.charCodeAt(peg$currPos) === 46) {
        s5 = peg$c16;
        peg$currPos++;
      } else {
        s5 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e29);
        }
      }
      if (s5 !== peg$FAILED) {
        s6 = [];
        s7 = input.charAt(peg$currPos);
        if (peg$r4.test(s7)) {
          peg$currPos++;
        } else {
          s7 = peg$FAILED;
          if (peg$silentFails === 0) {
            peg$fail(peg$e21);
          }
        }
        if (s7 !== peg$FAILED) {
          while (s7 !== peg$FAILED) {
            s6.push(s7);
            s7 = input.charAt(peg$currPos);
            if (peg$r4.test(s7)) {
              peg$currPos++;
            } else {
              s7 = peg$FAILED;
              if (peg$silentFails === 0) {
                peg$fail(peg$e21);
              }
            }
          }
        } else {
          s6 = peg$FAILED;
        }
        if (s6 !== peg$FAILED) {
          s5 = [s5, s6];
          s4 = s5;
        } else {
          peg$currPos = s4;
          s4 = peg$FAILED;
        }
      } else {
        peg$currPos = s4;
        s4 = peg$FAILED;
      }
      if (s4 === peg$FAILED) {
        s4 = null;
      }
      s5 = peg$currPos;
      s6 = input.charAt(peg$currPos);
      if (peg$r8.test(s6)) {
        peg$currPos++;
      } else {
        s6 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e30);
        }
      }
      if (s6 !== peg$FAILED) {
        s7 = input.charAt(peg$currPos);
        if (peg$r9.test(s7)) {
          peg$currPos++;
        } else {
          s7 = peg$FAILED;
          if (peg$silentFails === 0) {
            peg$fail(peg$e31);
          }
        }
        if (s7 === peg$FAILED) {
          s7 = null;
        }
        s8 = [];
        s9 = input.charAt(peg$currPos);
        if (peg$r4.test(s9)) {
          peg$currPos++;
        } else {
          s9 = peg$FAILED;
          if (peg$silentFails === 0) {
            peg$fail(peg$e21);
          }
        }
        if (s9 !== peg$FAILED) {
          while (s9 !== peg$FAILED) {
            s8.push(s9);
            s9 = input.charAt(peg$currPos);
            if (peg$r4.test(s9)) {
              peg$currPos++;
            } else {
              s9 = peg$FAILED;
              if (peg$silentFails === 0) {
                peg$fail(peg$e21);
              }
            }
          }
        } else {
          s8 = peg$FAILED;
        }
        if (s8 !== peg$FAILED) {
          s6 = [s6, s7, s8];
          s5 = s6;
        } else {
          peg$currPos = s5;
          s5 = peg$FAILED;
        }
      } else {
        peg$currPos = s5;
        s5 = peg$FAILED;
      }
      if (s5 === peg$FAILED) {
        s5 = null;
      }
      s3 = [s3, s4, s5];
      s2 = s3;
    } else {
      peg$currPos = s2;
      s2 = peg$FAILED;
    }
    if (s2 !== peg$FAILED) {
      s1 = input.substring(s1, peg$currPos);
    } else {
      s1 = s2;
    }
    if (s1 !== peg$FAILED) {
      peg$savedPos = s0;
      s1 = peg$f34(s1);
    }
    s0 = s1;
    peg$silentFails--;
    if (s0 === peg$FAILED) {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e28);
      }
    }
    return s0;
  }
  function peg$parseAddOp() {
    let s0;
    s0 = input.charAt(peg$currPos);
    if (peg$r10.test(s0)) {
      peg$currPos++;
    } else {
      s0 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e32);
      }
    }
    return s0;
  }
  function peg$parseMinusSign() {
    let s0;
    s0 = input.charAt(peg$currPos);
    if (peg$r11.test(s0)) {
      peg$currPos++;
    } else {
      s0 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e33);
      }
    }
    return s0;
  }
  function peg$parse_() {
    let s0, s1;
    peg$silentFails++;
    s0 = [];
    s1 = input.charAt(peg$currPos);
    if (peg$r12.test(s1)) {
      peg$currPos++;
    } else {
      s1 = peg$FAILED;
      if (peg$silentFails === 0) {
        peg$fail(peg$e34);
      }
    }
    while (s1 !== peg$FAILED) {
      s0.push(s1);
      s1 = input.charAt(peg$currPos);
      if (peg$r12.test(s1)) {
        peg$currPos++;
      } else {
        s1 = peg$FAILED;
        if (peg$silentFails === 0) {
          peg$fail(peg$e34);
        }
      }
    }
    peg$silentFails--;
    return s0;
  }
  function here() {
    const where = location();
    return { start: where.start.offset, end: where.end.offset };
  }
  peg$result = peg$startRuleFunction();
  const peg$success = peg$result !== peg$FAILED && peg$currPos === input.length;
  function peg$throw() {
    if (peg$result !== peg$FAILED && peg$currPos < input.length) {
      peg$fail(peg$endExpectation());
    }
    throw peg$buildStructuredError(
      peg$maxFailExpected,
      peg$maxFailPos < input.length ? peg$getUnicode(peg$maxFailPos) : null,
      peg$maxFailPos < input.length ? peg$computeLocation(peg$maxFailPos, peg$maxFailPos + 1) : peg$computeLocation(peg$maxFailPos, peg$maxFailPos)
    );
  }
  if (options.peg$library) {
    return (
      /** @type {any} */
      {
        peg$result,
        peg$currPos,
        peg$FAILED,
        peg$maxFailExpected,
        peg$maxFailPos,
        peg$success,
        peg$throw: peg$success ? void 0 : peg$throw
      }
    );
  }
  if (peg$success) {
    return peg$result;
  } else {
    peg$throw();
  }
}

// src/diagnostics/span.ts
function span(start, end) {
  return { start, end };
}

// src/syntax/parse.ts
var MAX_INPUT_LENGTH = 1e5;
var MAX_PAREN_DEPTH = 1e3;
var MAX_TREE_DEPTH = 2e3;
function parseProgram(text, origin = "expression") {
  return parseWith("Program", { text, origin }, "the expression is empty", (program, source) => [
    ...depthProblems(program.expr, source),
    ...shapeProblems(program.shapes, source)
  ]);
}
function parseExpression(text, origin = "expression") {
  return parseWith("Expression", { text, origin }, "the expression is empty", depthProblems);
}
function parseShapeList(text, origin = "--shape") {
  return parseWith("ShapeList", { text, origin }, "the shape list is empty", shapeProblems);
}
function parseAssumeList(text, origin = "--assume") {
  return parseWith("AssumeList", { text, origin }, "the assumption list is empty", () => []);
}
function parseWith(startRule, source, emptyMessage, validate) {
  try {
    const tooLarge = sizeProblem(source);
    if (tooLarge) return failure([tooLarge]);
    if (source.text.trim() === "") return failure([at(source, "syntax", emptyMessage, span(0, 0))]);
    const value = peg$parse(source.text, { startRule });
    const problems = validate(value, source);
    return problems.length > 0 ? failure(problems) : { ok: true, value };
  } catch (thrown) {
    return failure([diagnoseException(thrown, source)]);
  }
}
function failure(diagnostics) {
  return { ok: false, diagnostics };
}
function at(source, code, message, where, notes = []) {
  return error(code, message, { span: where, text: source.text, origin: source.origin }, notes);
}
function sizeProblem(source) {
  const { text } = source;
  if (text.length > MAX_INPUT_LENGTH) {
    return at(
      source,
      "input-too-large",
      `the input is ${text.length} characters long; matdiff handles up to ${MAX_INPUT_LENGTH}`,
      span(MAX_INPUT_LENGTH, MAX_INPUT_LENGTH + 1)
    );
  }
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) {
      depth++;
      if (depth > MAX_PAREN_DEPTH) {
        return at(
          source,
          "input-too-large",
          `parentheses nest more than ${MAX_PAREN_DEPTH} levels deep; matdiff handles up to ${MAX_PAREN_DEPTH}`,
          span(i, i + 1)
        );
      }
    } else if (c === 41 && depth > 0) {
      depth--;
    }
  }
  return void 0;
}
function children(node) {
  switch (node.kind) {
    case "name":
    case "number":
      return [];
    case "binary":
      return [node.left, node.right];
    case "neg":
    case "transpose":
      return [node.arg];
    case "call":
      return node.args;
    default:
      return assertNever(node);
  }
}
function depthProblems(root, source) {
  let deepest = { node: root, depth: 1 };
  const pending = [deepest];
  while (pending.length > 0) {
    const entry2 = pending.pop();
    if (entry2.depth >= deepest.depth) deepest = entry2;
    for (const child of children(entry2.node)) pending.push({ node: child, depth: entry2.depth + 1 });
  }
  if (deepest.depth <= MAX_TREE_DEPTH) return [];
  return [
    at(
      source,
      "input-too-large",
      `the expression nests ${deepest.depth} levels deep; matdiff handles up to ${MAX_TREE_DEPTH}`,
      deepest.node.span
    )
  ];
}
var RUN_TOGETHER_SHAPE = /^([A-Za-z\u0391-\u03A9\u03B1-\u03C9])[xX]([A-Za-z\u0391-\u03A9\u03B1-\u03C9]|[0-9]+)$/;
function shapeProblems(decls, source) {
  const problems = [];
  for (const decl of decls) {
    for (const dim of decl.dims) {
      if (dim.kind === "int") {
        if (dim.value < 1) {
          problems.push(at(source, "bad-declaration", `a dimension must be a positive integer, not ${dim.value}`, dim.span));
        } else if (!Number.isSafeInteger(dim.value)) {
          problems.push(at(source, "bad-declaration", `the dimension ${source.text.slice(dim.span.start, dim.span.end)} is too large`, dim.span));
        }
        continue;
      }
      const runTogether = RUN_TOGETHER_SHAPE.exec(dim.name);
      if (runTogether) {
        const [, rows, columns] = runTogether;
        problems.push(
          at(
            source,
            "bad-declaration",
            `'${dim.name}' is a single name; write '${rows} x ${columns}' to declare ${rows} rows and ${columns} columns`,
            dim.span
          )
        );
      }
    }
  }
  return problems;
}
function diagnoseException(thrown, source) {
  if (thrown instanceof peg$SyntaxError) return diagnoseSyntaxError(thrown, source);
  if (thrown instanceof RangeError) {
    return at(
      source,
      "input-too-large",
      "the expression is too deeply nested for matdiff to parse",
      span(0, Math.min(source.text.length, 1))
    );
  }
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return error("internal", `internal error while parsing: ${detail}`, { text: source.text, origin: source.origin });
}
var NAME_START = "A-Za-z\\u0391-\\u03A9\\u03B1-\\u03C9";
var NAME_CHARS = `${NAME_START}0-9_`;
var TOKEN_AT = new RegExp(
  `[${NAME_START}][${NAME_CHARS}]*|[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\\.[*/^]|[\\s\\S]`,
  "uy"
);
var TOKEN_BEFORE = new RegExp(`(?:[${NAME_CHARS}]+|\\.[*/^]|[\\s\\S])$`, "u");
var STARTS_OPERAND = new RegExp(`^[${NAME_CHARS}(]`);
function tokenAt(text, offset) {
  if (offset >= text.length) return void 0;
  TOKEN_AT.lastIndex = offset;
  return TOKEN_AT.exec(text)?.[0] ?? text[offset];
}
function tokenBefore(text, offset) {
  let end = offset;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  if (end === 0) return void 0;
  return TOKEN_BEFORE.exec(text.slice(Math.max(0, end - 64), end))?.[0];
}
function quote(token) {
  if (token === void 0) return "end of input";
  if (token === "\n" || token === "\r") return "a line break";
  if (/^\s$/.test(token)) return "whitespace";
  if (/^\p{C}$/u.test(token)) return `the character U+${token.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  const shown2 = token.length > 30 ? `${token.slice(0, 30)}\u2026` : token;
  return `'${shown2}'`;
}
function expects(expected, char) {
  return expected.some((item) => {
    if (item.type === "literal") return item.text === char;
    if (item.type !== "class") return false;
    const inParts = item.parts.some(
      (part) => typeof part === "string" ? part === char : part[0] <= char && char <= part[1]
    );
    return inParts !== item.inverted;
  });
}
function expectsRule(expected, description) {
  return expected.some((item) => item.type === "other" && item.description === description);
}
function unclosedParen(text, offset) {
  const open = [];
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "(") open.push(i);
    else if (text[i] === ")") open.pop();
  }
  return open.length > 0 ? open[open.length - 1] : void 0;
}
function diagnoseSyntaxError(thrown, source) {
  const { text } = source;
  const offset = thrown.location.start.offset;
  const expected = thrown.expected;
  if (!expected) {
    return at(source, "syntax", thrown.message, span(offset, Math.max(thrown.location.end.offset, offset + 1)));
  }
  const found = tokenAt(text, offset);
  const where = span(offset, offset + (found?.length ?? 0));
  const previous = tokenBefore(text, offset);
  const fail = (message, notes = []) => at(source, "syntax", message, where, notes);
  const inExpression = expects(expected, "\u2297");
  const foundOperand = found !== void 0 && STARTS_OPERAND.test(found);
  if (expectsRule(expected, "a number")) {
    if (previous === "^" || previous === ".^") return fail(`expected an exponent after '${previous}', found ${quote(found)}`);
    return fail(`expected an expression, found ${quote(found)}`);
  }
  if (inExpression && foundOperand) {
    if (expected.some((item) => item.type === "literal" && item.text === "where") && nearest(found, ["where"]) === "where") {
      return fail(`unexpected ${quote(found)} after a complete expression: did you mean 'where'?`);
    }
    return fail(`unexpected ${quote(found)} after a complete expression: did you mean '*'?`);
  }
  const openParen = expects(expected, ")") ? unclosedParen(text, offset) : void 0;
  if (openParen !== void 0) {
    return fail("expected ')' to close the '(' opened here", [{ message: "'(' opened here", span: span(openParen, openParen + 1) }]);
  }
  if (inExpression && found === ")") return fail("')' has no matching '('");
  if (inExpression) return fail(`unexpected ${quote(found)} after a complete expression`);
  if (expectsRule(expected, "a dimension")) {
    if (previous !== void 0 && ["x", "X", "\xD7", "*"].includes(previous)) return fail(`expected a dimension after '${previous}'`);
    if (previous === ":") return fail("expected a dimension or 'scalar' after ':'");
    return fail(`expected a dimension, found ${quote(found)}`);
  }
  if (expectsRule(expected, "a name to declare")) return fail(`expected a name to declare, found ${quote(found)}`);
  if (expects(expected, ":")) return fail(`expected ':' after ${quote(previous)}, found ${quote(found)}`);
  if (expectsRule(expected, "a fact")) return fail("expected a fact such as 'spd' or 'positive' after ':'");
  if (expects(expected, ";")) {
    const advice = expects(expected, "\xD7") ? "separate dimensions with 'x' and declarations with ','" : "separate declarations with ','";
    return fail(`unexpected ${quote(found)}: ${advice}`);
  }
  return fail(`unexpected ${quote(found)}`);
}

// src/simplify/rules/assumptions.ts
var isVarIn = (e, names) => e.kind === "var" && e.role === "input" && names.has(e.name);
function assumptionRules(assumptions) {
  const symmetric = new Set([...assumptions].filter(([, f]) => f.has("symmetric") || f.has("spd")).map(([n2]) => n2));
  const orthogonal = new Set([...assumptions].filter(([, f]) => f.has("orthogonal")).map(([n2]) => n2));
  const rules = [];
  if (symmetric.size) {
    const facts = [...symmetric].map((name) => `${name} is symmetric`);
    rules.push(rule("assume-symmetric", `S\u1D40 = S and (S\u207B\xB9)\u1D40 = S\u207B\xB9 for symmetric ${[...symmetric].join(", ")} (--assume)`, ["transpose"], (n2) => {
      const a = n2.args[0];
      if (isVarIn(a, symmetric)) return a;
      if (a.kind === "op" && a.op === "inv" && isVarIn(a.args[0], symmetric)) return a;
      return null;
    }, facts));
  }
  if (orthogonal.size) {
    const facts = [...orthogonal].map((name) => `${name} is orthogonal`);
    rules.push(rule(
      "assume-orthogonal",
      `Q\u207B\xB9 = Q\u1D40 for orthogonal ${[...orthogonal].join(", ")} (--assume)`,
      ["inv"],
      (n2) => isVarIn(n2.args[0], orthogonal) ? transpose(n2.args[0]) : null,
      facts
    ));
  }
  return rules;
}

// src/numeric/evaluate.ts
var MAX_ENTRIES = 16e6;
var TooLargeError = class extends Error {
  constructor(node, rows, cols) {
    super(`evaluating it needs a ${rows}\xD7${cols} matrix (${(rows * cols).toExponential(1)} entries), more than a check may build (${MAX_ENTRIES.toExponential(1)})`);
    this.node = node;
    this.rows = rows;
    this.cols = cols;
  }
  node;
  rows;
  cols;
};

// src/numeric/defaults.ts
var CHECK_DEFAULTS = { trials: 3, tol: 1e-6, seed: 1, range: [2, 6], fullBelow: 40 };

// src/api/options.ts
var DEFAULTS = {
  layout: "mixed",
  form: "jacobian",
  format: "text",
  reporter: "text",
  gradName: "G",
  order: 1,
  seed: CHECK_DEFAULTS.seed,
  trials: CHECK_DEFAULTS.trials,
  tol: CHECK_DEFAULTS.tol,
  /** matdiff playground listens on 127.0.0.1 at this port. */
  port: 8317
};

// src/numeric/instance.ts
var FACTS = ["spd", "positive", "symmetric", "orthogonal"];

// src/api/assumptions.ts
var ALIASES = { spd: "spd", pd: "spd", positive: "positive", symmetric: "symmetric", sym: "symmetric", orthogonal: "orthogonal" };
function readAssumptions(texts, variables) {
  const out = /* @__PURE__ */ new Map();
  for (const text of texts) {
    const parsed = parseAssumeList(text, "--assume");
    if (!parsed.ok) throw new DiagnosticError(parsed.diagnostics[0]);
    for (const a of parsed.value) {
      const where = { span: a.factSpan, text, origin: "--assume" };
      const fact = ALIASES[a.fact];
      if (!fact) {
        const s = nearest(a.fact, Object.keys(ALIASES));
        throw new DiagnosticError(error(
          "bad-declaration",
          `unknown fact "${a.fact}"`,
          where,
          [],
          s ? `did you mean ${s}? (facts: ${FACTS.join(", ")})` : `facts: ${FACTS.join(", ")}`
        ));
      }
      const shape = variables.get(a.name);
      if (!shape) {
        const s = nearest(a.name, [...variables.keys()]);
        throw new DiagnosticError(error(
          "unknown-name",
          `${a.name} is not a name of the expression`,
          { span: a.nameSpan, text, origin: "--assume" },
          [],
          s ? `did you mean ${s}?` : void 0
        ));
      }
      if (fact !== "positive" && !isSquareShape(shape)) {
        throw new DiagnosticError(error("bad-declaration", `${a.name} is ${shapeToString(shape)}, so it cannot be ${fact}: that needs a square matrix`, where));
      }
      const set = out.get(a.name) ?? /* @__PURE__ */ new Set();
      set.add(fact);
      if (fact === "spd") set.add("symmetric");
      out.set(a.name, set);
    }
  }
  return out;
}

// src/api/steps-record.ts
var shown = (e) => simplify(e, DEFAULT_RULES).result;
var otherArg = (node, argIndex) => node.args.length === 2 ? shown(node.args[1 - argIndex]) : null;
function isMarkOnLeaf(n2) {
  return ["transpose", "neg", "broadcast"].includes(n2.op) && n2.args[0].kind !== "op";
}
function intermediates(y, vars) {
  const varying = /* @__PURE__ */ new Set();
  for (const v of vars) for (const id of dependents([y], v)) varying.add(id);
  const order = topoOrder([y]);
  const uses = /* @__PURE__ */ new Map();
  const nonlinearArg = /* @__PURE__ */ new Set();
  for (const n2 of order) {
    if (n2.kind !== "op") continue;
    for (const a of n2.args) uses.set(a.id, (uses.get(a.id) ?? 0) + 1);
    if (!stanzaOf(n2.op).adjoint) for (const a of n2.args) nonlinearArg.add(a.id);
  }
  return order.filter((n2) => n2 === y || n2.kind === "op" && varying.has(n2.id) && n2.args.length > 0 && (nonlinearArg.has(n2.id) || !stanzaOf(n2.op).adjoint || (uses.get(n2.id) ?? 0) > 1) && !isMarkOnLeaf(n2));
}
function intermediateNames(count, taken) {
  const single = ["u", "v", "w", "z", "s"].find((n2) => !taken.has(n2)) ?? "u";
  if (count === 1) return [single];
  const base = ["u", "v", "w", "z", "s"].find((n2) => ![...taken].some((t) => t.startsWith(n2))) ?? "u";
  return Array.from({ length: count }, (_, k) => `${base}${k + 1}`);
}
function recordChain(y, yName, vars, inputs, gradName) {
  const inter = intermediates(y, vars);
  const names = intermediateNames(inter.length - 1, /* @__PURE__ */ new Set([...inputs, yName, gradName]));
  const asVar = /* @__PURE__ */ new Map();
  const seeds = /* @__PURE__ */ new Map();
  for (const v of vars) seeds.set(v.id, v.graph.variable(`d${v.name}`, v.shape, "differential"));
  return inter.map((n2, k) => {
    const name = k === inter.length - 1 ? yName : names[k];
    const local = substitute(n2, asVar);
    const dn = differentialOf(local, seeds);
    const u = n2.graph.variable(name, n2.shape, "input");
    asVar.set(n2.id, u);
    seeds.set(u.id, n2.graph.variable(`d${name}`, n2.shape, "differential"));
    return { name, node: n2, local, differential: dn && shown(dn) };
  });
}
function recordSteps(differential2, trace2, result, gradientDifferential) {
  return {
    differential: differential2 && shown(differential2),
    result: shown(result),
    adjoint: trace2.adjoint.map((s) => ({
      node: s.node,
      argIndex: s.argIndex,
      ct: shown(s.ct),
      shownNode: shown(s.node),
      out: shown(s.out),
      arg: shown(s.node.args[s.argIndex]),
      other: otherArg(s.node, s.argIndex)
    })),
    vec: trace2.vec.map((s) => {
      const raw = s.out.kind === "op" && s.out.op === "matmul" && s.out.args[1] === s.jArg ? s.out.args[0] : null;
      return {
        node: s.node,
        argIndex: s.argIndex,
        shownNode: shown(s.node),
        arg: shown(s.node.args[s.argIndex]),
        factor: raw && shown(raw),
        other: otherArg(s.node, s.argIndex)
      };
    }),
    gradientDifferential: gradientDifferential === void 0 ? void 0 : gradientDifferential && shown(gradientDifferential)
  };
}

// src/api/derive.ts
function parseShapeOptions(shapes) {
  return (shapes ?? []).map((text) => {
    const parsed = parseShapeList(text, "--shape");
    if (!parsed.ok) throw new DiagnosticError(parsed.diagnostics[0]);
    return { decls: parsed.value, text, origin: "--shape" };
  });
}
function chooseOutputName(program, y) {
  if (program.output) return program.output;
  const preferred = isScalarShape(y.shape) || isVectorShape(y.shape) ? ["y", "f", "z"] : ["Y", "F", "Z"];
  return preferred.find((n2) => !program.variables.has(n2)) ?? "out";
}
function nonSmoothNotes(y) {
  const notes = /* @__PURE__ */ new Set();
  for (const node of topoOrder([y])) if (node.kind === "op") {
    const note = stanzaOf(node.op).nonSmooth;
    if (note) notes.add(note);
  }
  return [...notes];
}
function wrtVariable(program, name, gradName) {
  const shape = program.variables.get(name);
  if (!shape) {
    const known = [...program.variables.keys()];
    const suggestion = nearest(name, known);
    throw new DiagnosticError(error(
      "unknown-name",
      `${name} does not appear in the expression`,
      { text: program.text, origin: "expression" },
      [],
      suggestion ? `did you mean ${suggestion}?` : known.length ? `the expression's names are: ${known.join(", ")}` : void 0
    ));
  }
  if (name === gradName) {
    throw new DiagnosticError(error(
      "bad-option",
      `${name} is both a variable and the name of the upstream gradient`,
      void 0,
      [],
      `choose another name with --grad-name`
    ));
  }
  return program.root.graph.variable(name, shape);
}
function deriveProgram(input, request) {
  return deriveWithCompanion(input, request, null).derivation;
}
function deriveWithCompanion(input, request, companion, graph = newGraph()) {
  const layout = request.layout ?? DEFAULTS.layout;
  const form = request.form ?? DEFAULTS.form;
  const gradName = request.gradName ?? DEFAULTS.gradName;
  const parsed = parseProgram(input);
  if (!parsed.ok) throw new DiagnosticError(parsed.diagnostics[0]);
  let companionNode = null;
  if (companion) {
    const c = parseExpression(companion.text, "claim");
    if (!c.ok) throw new DiagnosticError(c.diagnostics[0]);
    companionNode = c.value;
  }
  const typed = typeProgramWith(parsed.value, input, parseShapeOptions(request.shapes), companionNode && {
    node: companionNode,
    text: companion.text,
    origin: "claim",
    upstream: form === "grad" ? gradName : null,
    differentialOf: form === "differential" && request.wrt.length === 1 ? request.wrt[0] : null,
    wrt: request.wrt.length === 1 ? request.wrt[0] : null,
    expectedShape: (y2, x) => x ? resultShape(form, layout, y2, x) : y2
  }, graph);
  const program = typed.program;
  const y = program.root;
  const assumptions = readAssumptions(request.assume ?? [], program.variables);
  if (form === "grad" && program.variables.has(gradName)) {
    throw new DiagnosticError(error(
      "bad-option",
      `${gradName} is a name in the expression, so it cannot also be the upstream gradient`,
      void 0,
      [],
      "choose another name with --grad-name"
    ));
  }
  const order = request.order ?? 1;
  if (order === 2 && !isScalarShape(y.shape)) {
    throw new DiagnosticError(error(
      "bad-option",
      `--order 2 (the Hessian) needs a scalar expression, but it is ${shapeToString(y.shape)}`,
      { span: parsed.value.expr.span, text: input, origin: "expression" },
      [],
      "for a vector or matrix, take sum(\u2026) or an inner product first"
    ));
  }
  if (order === 2 && form !== "jacobian") {
    throw new DiagnosticError(error("bad-option", `--order 2 prints the Hessian matrix; it goes with --form jacobian, not --form ${form}`));
  }
  if (request.wrt.length === 0) throw new DiagnosticError(error("bad-option", "say which variable to differentiate with respect to: --wrt <name>"));
  const upstream = form === "grad" ? upstreamVariable(graph, gradName, y.shape) : null;
  const rules = [...assumptionRules(assumptions), ...DEFAULT_RULES];
  const notes = nonSmoothNotes(y);
  const seen = /* @__PURE__ */ new Set();
  const derivatives = request.wrt.map((name) => {
    if (seen.has(name)) throw new DiagnosticError(error("bad-option", `--wrt names ${name} twice`));
    seen.add(name);
    const x = wrtVariable(program, name, gradName);
    const dX = differentialVariable(x);
    const dY = differential(y, x, dX);
    const trace2 = emptyTrace();
    if (order === 2) return hessianBlock(x, dY, x, layout, trace2, rules);
    const identified = identify(dY, y.shape, dX, form === "index" ? "jacobian" : form, form === "index" ? "numerator" : layout, upstream ?? upstreamVariable(graph, gradName, y.shape), trace2);
    const simplified = simplify(identified.result, rules);
    const index = form === "index" ? normaliseIndexForm(indexForm(dY && simplify(dY, rules).result, y.shape, dX)) : void 0;
    if (index && usesComputedIndices(index)) {
      notes.push("in \u230Ai/p\u230B (block), i mod p (offset) and i + m\xB7j (position in vec), indices count from 0");
    }
    if (dY === null) notes.push(`the expression does not depend on ${name}: its derivative is zero`);
    const result = explicitBroadcast(simplified.result);
    return {
      wrt: name,
      variable: x,
      differential: dY,
      route: identified.route,
      raw: identified.result,
      result,
      shape: resultShape(form === "index" ? "jacobian" : form, form === "index" ? "numerator" : layout, y.shape, x.shape),
      zero: dY === null,
      steps: simplified.steps,
      trace: trace2,
      index,
      record: recordSteps(dY, trace2, result)
    };
  });
  if (order === 2) {
    const diagonal = [...derivatives];
    for (let i = 0; i < diagonal.length; i++) {
      for (let j = i + 1; j < diagonal.length; j++) {
        derivatives.push(hessianBlock(diagonal[i].variable, diagonal[i].differential, diagonal[j].variable, layout, emptyTrace(), rules));
      }
    }
  }
  const yName = chooseOutputName(program, y);
  const chain2 = recordChain(y, yName, derivatives.map((r) => r.variable), program.variables.keys(), "G");
  const derivation = { input, program, y, yName, layout, form, upstream, derivatives, notes, assumptions, order, chain: chain2 };
  return { derivation, companion: typed.companion };
}
function hessianBlock(x, dY, z, layout, trace2, rules) {
  const dX = differentialVariable(x);
  const dZ = differentialVariable(z);
  const gradient = simplify(adjoint(dY, x.graph.num(1), dX), rules).result;
  const dG = differential(gradient, z, dZ);
  const J = vecJacobian(dG, dZ, gradient.shape, (s) => void trace2.vec.push(s));
  const raw = layout === "denominator" ? transpose(J) : J;
  const simplified = simplify(raw, rules);
  const rows = sizeOf(x.shape);
  const cols = sizeOf(z.shape);
  return {
    wrt: z === x ? x.name : `${x.name},${z.name}`,
    variable: x,
    differential: dY,
    route: "vec-kronecker",
    raw,
    result: simplified.result,
    shape: layout === "denominator" ? { rows: cols, cols: rows } : { rows, cols },
    zero: dG === null,
    steps: simplified.steps,
    trace: trace2,
    gradient,
    second: z === x ? void 0 : z,
    record: recordSteps(dY, trace2, simplified.result, dG)
  };
}
function guarded(run) {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    if (e instanceof DiagnosticError) return { ok: false, diagnostics: [e.diagnostic] };
    if (e instanceof TooLargeError) {
      return { ok: false, diagnostics: [error(
        "input-too-large",
        `the check is too large at these sizes: ${e.message}`,
        void 0,
        [],
        "check at smaller --dims (the default sizes are 2\u20136), or check --form grad, which never builds a Jacobian"
      )] };
    }
    if (e instanceof RangeError) {
      return { ok: false, diagnostics: [error("input-too-large", "the expression is too deeply nested to process")] };
    }
    const message = e instanceof Error ? e.message : String(e);
    const d = error("internal", `internal error: ${message} (this is a matdiff bug; please report it with the command that caused it)`);
    return { ok: false, diagnostics: [d] };
  }
}
function derive(request) {
  return guarded(() => deriveProgram(request.expr, request));
}

// .tmp/cnt.ts
var n = 0;
var orig = Simplifier.prototype.run;
console.log("rules", DEFAULT_RULES.length, "heads", DEFAULT_RULES.reduce((a, r) => a + r.heads.length, 0));
derive({ expr: "tanh(W*x + b)", shapes: ["W: m x n, x: n, b: m"], wrt: ["x"], layout: "numerator" });
console.log("runs (top-level+recursive)", n);
console.log("constructed", globalThis.__built)
