/**
 * A small WebAssembly writer: just enough of the binary format (types,
 * functions, one exported memory, code) and of the instruction set
 * (i32/f64 arithmetic, loads, stores, structured loops) for the numeric
 * kernels (./module-code.js and the files it gathers).
 *
 * Why WebAssembly at all: a check runs in a fresh process, and its first
 * O(n³) loops in JavaScript run in V8's interpreter until the optimising
 * compiler has caught up, several times slower than the same loops compiled.
 * V8 compiles a WebAssembly function ahead of its first call, in
 * microseconds, to code that runs at close to full speed from the first
 * iteration.
 *
 * Code is written as nested arrays of bytes (`Code`), built by the helpers
 * below; `assemble` writes the module.
 */

export type Code = readonly (number | Code)[];

export const I32 = 0x7f;
export const F64 = 0x7c;
export type ValueType = typeof I32 | typeof F64;

/** Unsigned LEB128, the format's variable-length integers. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32.const operands). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function flatten(code: Code, out: number[] = []): number[] {
  for (const c of code) {
    if (typeof c === "number") out.push(c);
    else flatten(c, out);
  }
  return out;
}

const vector = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

// Instructions. Locals are numbered parameters first.
export const get = (local: number): Code => [0x20, ...uleb(local)];
export const set = (local: number, value: Code): Code => [value, 0x21, ...uleb(local)];
export const i32 = (v: number): Code => [0x41, ...sleb(v)];
export const f64 = (v: number): Code => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];

const binary = (opcode: number) => (a: Code, b: Code): Code => [a, b, opcode];
export const add = binary(0x6a);
export const sub = binary(0x6b);
export const mul = binary(0x6c);
export const eq = binary(0x46);
export const ne = binary(0x47);
export const ltS = binary(0x48);
export const geS = binary(0x4e);
export const and = binary(0x71);
export const or = binary(0x72);
export const fadd = binary(0xa0);
export const fsub = binary(0xa1);
export const fmul = binary(0xa2);
export const fdiv = binary(0xa3);
export const feq = binary(0x61);
export const fne = binary(0x62);
export const flt = binary(0x63);
export const fgt = binary(0x64);
export const fge = binary(0x66);
export const xor = binary(0x73);
export const shl = binary(0x74);
export const shrU = binary(0x76);
export const rotl = binary(0x77);
export const fmax = binary(0xa5);
/** Leaves the function (with the value on the stack, if it has a result). */
export const ret: Code = [0x0f];
export const fabs = (a: Code): Code => [a, 0x99];
export const fneg = (a: Code): Code => [a, 0x9a];
export const fsqrt = (a: Code): Code => [a, 0x9f];
/** An i32 read as signed, and as unsigned, converted to f64 (exactly). */
export const fromSigned = (a: Code): Code => [a, 0xb7];
export const fromUnsigned = (a: Code): Code => [a, 0xb8];
/** Calls function `index` (imports first, then the module's own) with the arguments' values. */
export const call = (index: number, ...args: Code[]): Code => [args, 0x10, ...uleb(index)];

/** The byte address of entry `index` of a Float64 array at byte address `base`: base + 8·index. */
const f64Address = (base: Code, index: Code): Code => [base, index, 0x41, 3, 0x74, 0x6a];
/** The byte address of entry `index` of an Int32 array at byte address `base`: base + 4·index. */
const i32Address = (base: Code, index: Code): Code => [base, index, 0x41, 2, 0x74, 0x6a];
export const loadF64 = (base: Code, index: Code): Code => [f64Address(base, index), 0x2b, 3, 0];
export const storeF64 = (base: Code, index: Code, value: Code): Code => [f64Address(base, index), value, 0x39, 3, 0];
export const loadI32 = (base: Code, index: Code): Code => [i32Address(base, index), 0x28, 2, 0];
export const storeI32 = (base: Code, index: Code, value: Code): Code => [i32Address(base, index), value, 0x36, 2, 0];

/** The f64 at byte address `address`, and storing one there (the inner loops step byte addresses by 8). */
export const loadF64At = (address: Code): Code => [address, 0x2b, 3, 0];
export const storeF64At = (address: Code, value: Code): Code => [address, value, 0x39, 3, 0];
/** Byte address of f64 entry `index` of the array at byte address `base`. */
export const f64At = (base: Code, index: Code): Code => f64Address(base, index);

/** x·8: the byte offset of f64 entry x. */
export const bytes = (x: Code): Code => [x, i32(3), 0x74];
/** for (d = 8·from; d < 8·to; d += 8): a byte offset over f64 entries from..to−1. */
export const overEntries = (d: number, from: Code, to: Code, body: Code): Code => forRange(d, bytes(from), bytes(to), body, i32(8));
/** The f64 at byte address base + d. */
export const at = (base: number, d: number): Code => loadF64At(add(get(base), get(d)));
export const setAt = (base: number, d: number, value: Code): Code => storeF64At(add(get(base), get(d)), value);

/** if (condition) { then } else { otherwise } */
export const when = (condition: Code, then: Code, otherwise?: Code): Code => [condition, 0x04, 0x40, then, otherwise ? [0x05, otherwise] : [], 0x0b];

/** for (i = from; i < to; i += step) body — `to` and `step` are evaluated on every pass. */
export const forRange = (i: number, from: Code, to: Code, body: Code, step: Code = i32(1)): Code => [
  set(i, from),
  0x02, 0x40, 0x03, 0x40, // block { loop {
  geS(get(i), to), 0x0d, 1, // br_if out when i ≥ to
  body,
  set(i, add(get(i), step)),
  0x0c, 0, 0x0b, 0x0b, // br loop } }
];

/** for (i = from − 1; i ≥ 0; i--) body, from ≥ 0. */
export const forDown = (i: number, from: Code, body: Code): Code => [
  set(i, sub(from, i32(1))),
  0x02, 0x40, 0x03, 0x40,
  ltS(get(i), i32(0)), 0x0d, 1,
  body,
  set(i, sub(get(i), i32(1))),
  0x0c, 0, 0x0b, 0x0b,
];

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly ValueType[];
  readonly result?: ValueType;
  /** Types of the locals after the parameters. */
  readonly locals: readonly ValueType[];
  readonly body: Code;
}

/** A function the module imports, module "env": f64 → f64 (Math.log, Math.cos, ...). */
export interface WasmImport {
  readonly name: string;
}

/**
 * A module exporting `functions` and its memory ("memory", `pages` of 64 KiB to start),
 * importing `imports` from "env" (function indices 0 … imports.length − 1; the module's own follow).
 */
export function assemble(functions: readonly WasmFunction[], pages: number, imports: readonly WasmImport[] = []): Uint8Array<ArrayBuffer> {
  const signature = (params: readonly ValueType[], result?: ValueType) => [0x60, ...vector(params.map((p) => [p])), ...vector(result ? [[result]] : [])];
  const types = [...imports.map(() => signature([F64], F64)), ...functions.map((f) => signature(f.params, f.result))];
  const bodies = functions.map((f) => {
    const code = [...vector(f.locals.map((t) => [1, t])), ...flatten(f.body), 0x0b];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, vector(types)),
    ...section(2, vector(imports.map((im, i) => [...name("env"), ...name(im.name), 0x00, ...uleb(i)]))),
    ...section(3, vector(functions.map((_, i) => uleb(imports.length + i)))),
    ...section(5, vector([[0x00, ...uleb(pages)]])),
    ...section(7, vector([...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(imports.length + i)]), [...name("memory"), 0x02, 0x00]])),
    ...section(10, vector(bodies)),
  ]);
}
