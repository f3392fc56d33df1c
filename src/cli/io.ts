import { fstatSync, statSync, writeSync } from "node:fs";
import { createRequire } from "node:module";

/** What the CLI needs from its process, so tests can run it in memory. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  /** Whether stdout is a terminal (colour is on only then). */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): Promise<string>;
  /** Told that the input is long, before any work on it (the process then tunes its engine; see expectLongRun). */
  expectLongRun?(): void;
}

/** The process's own IO, which can also tell whether all it was given to write has been written. */
export interface ProcessIO extends CliIO {
  /** True when no write was handed to one of Node's streams, which may still hold bytes the reader has not taken. */
  allWritten(): boolean;
}

/** What a writer takes: text, or the bytes of text already encoded as UTF-8. */
type Write = (text: string | Uint8Array) => void;

/** A writer, and whether it has handed anything to one of Node's streams. */
interface Writer {
  write: Write;
  usesStream(): boolean;
}

/** Node's stream for a descriptor: on Windows, whose console reads bytes in its own code page, not as UTF-8. */
function streamWriter(fd: 1 | 2, failed: (e: NodeJS.ErrnoException) => void): Writer {
  const stream = fd === 1 ? process.stdout : process.stderr;
  stream.on("error", failed);
  return { write: (text) => void stream.write(text), usesStream: () => true };
}

/**
 * Writes to a file descriptor of the process, synchronously, with the file system's write. Creating
 * process.stdout loads Node's stream modules, about 2 ms of a 60 ms start; this costs nothing until the first
 * write. (Not on Windows: see streamWriter.) A descriptor another process left non-blocking (EAGAIN when its
 * pipe is full) hands the rest to Node's stream, which waits for the reader. `failed` hears any other error
 * (EPIPE: the reader has gone).
 */
function descriptorWriter(fd: 1 | 2, failed: (e: NodeJS.ErrnoException) => void): Writer {
  let stream: Write | null = null;
  let closed = false;
  const write: Write = (text) => {
    if (closed) return;
    if (stream) return stream(text);
    const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
    for (let at = 0; at < bytes.length; ) {
      try {
        at += writeSync(fd, bytes, at);
      } catch (e) {
        const error = e as NodeJS.ErrnoException;
        if (error.code === "EAGAIN") {
          stream = streamWriter(fd, failed).write;
          stream(bytes.subarray(at));
        } else {
          closed = true;
          failed(error);
        }
        return;
      }
    }
  };
  return { write, usesStream: () => stream !== null };
}

/**
 * Standard output cannot be written. A reader that stopped reading (`matdiff … | head`) closes the pipe: that is
 * not an error, so the command finishes quietly and exits with its own status (1 for a failed check); what it
 * still writes goes nowhere. Anything else (a full disk) is said in one line.
 */
function stdoutFailed(e: NodeJS.ErrnoException): void {
  if (e.code === "EPIPE") return;
  process.stderr.write(`error: cannot write the output: ${e.message}\n`);
  process.exit(2);
}

/**
 * Whether a file descriptor is a terminal. Node's tty module loads its network and stream modules (3 ms of a
 * 60 ms start), so it is asked only about a character device that is not /dev/null: files, pipes and sockets are
 * not terminals, and neither is /dev/null.
 */
function isTerminal(fd: number): boolean {
  try {
    const stats = fstatSync(fd);
    if (!stats.isCharacterDevice()) return false;
    if (stats.rdev === statSync("/dev/null").rdev) return false;
  } catch {
    // No such descriptor, or no /dev/null (Windows): the tty module decides.
  }
  const tty = createRequire(import.meta.url)("node:tty") as typeof import("node:tty");
  return tty.isatty(fd);
}

export function processIO(): ProcessIO {
  const writer = process.platform === "win32" ? streamWriter : descriptorWriter;
  const stdout = writer(1, stdoutFailed);
  // Nothing is left to say when standard error cannot be written.
  const stderr = writer(2, () => undefined);
  return {
    stdout: stdout.write,
    stderr: stderr.write,
    allWritten: () => !stdout.usesStream() && !stderr.usesStream(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    isTTY: isTerminal(1),
    env: process.env,
    readFile: async (path) => (await import("node:fs/promises")).readFile(path, "utf8"),
    expectLongRun,
  };
}

/**
 * V8's optimising compiler, told to inline less into each function it compiles, for a long input. A command runs
 * once, so a deep input's derivation spends much of its time before its hot functions are compiled, and on two
 * cores the compiler's threads share them with it; compiling with less inlining (200 bytes of bytecode per
 * function instead of 920) gets compiled code sooner. Side by side from the command line (medians of 5-9
 * interleaved runs): a 1,000-step recurrence 0.89-1.07 s → 0.71-0.83 s, with --steps 1.59 → 1.22 s; 10,000 steps
 * 2.74-3.28 s → 2.27-2.45 s, with --check 3.63 → 3.08 s; 300 steps 0.45 → 0.37 s; 100 steps and the inputs of
 * 5-8 s unchanged. Set for every run, it cost a short derivation 9-10 ms of CPU at start-up (31 paired runs; it
 * seems that code V8 had compiled from a cache is compiled again after a flag changes), so it is set only past the
 * start, once the input is known to be long. Only this process is
 * affected: the library sets no flag.
 */
function expectLongRun(): void {
  (createRequire(import.meta.url)("node:v8") as typeof import("node:v8")).setFlagsFromString("--max-inlined-bytecode-size-cumulative=200");
}

/** An in-memory IO for tests: collects what was written. */
export function memoryIO(options: { stdin?: string; isTTY?: boolean; env?: Record<string, string>; files?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: async () => options.stdin ?? "",
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    readFile: async (path) => {
      const f = options.files?.[path];
      if (f === undefined) throw Object.assign(new Error(`ENOENT: no such file '${path}'`), { code: "ENOENT" });
      return f;
    },
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}
