/** What the CLI needs from its process, so tests can run it in memory. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  /** Whether stdout is a terminal (colour is on only then). */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): Promise<string>;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    readFile: async (path) => (await import("node:fs/promises")).readFile(path, "utf8"),
  };
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
