/**
 * `matdiff playground [--port N]`: serve the playground page on 127.0.0.1
 * until Ctrl-C (SIGINT) or SIGTERM; exit 0 then. A bad port or a port in
 * use is the user's to fix: exit 2 with the reason.
 */
import { DEFAULTS } from "../api/options.js";
import { ServeError, servePlayground } from "../playground/serve.js";
import type { CliIO } from "./io.js";

function parsePort(text: string | undefined): number | string {
  if (text === undefined) return DEFAULTS.port;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) return `--port takes a whole number from 0 to 65535 (0 picks a free port), not "${text}"`;
  return Number(text);
}

export async function runPlayground(portText: string | undefined, io: CliIO): Promise<number> {
  const port = parsePort(portText);
  if (typeof port === "string") {
    io.stderr(`error: ${port}\n`);
    return 2;
  }
  try {
    const server = await servePlayground({ port, host: "127.0.0.1", log: (line) => io.stdout(`${line}\n`) });
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await server.close();
    return 0;
  } catch (e) {
    if (e instanceof ServeError) {
      io.stderr(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
