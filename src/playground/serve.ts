/**
 * `matdiff playground`: serves the built page on localhost. Only the page
 * itself is served — GET or HEAD of "/" or "/index.html"; every other path
 * (including any "/../") is 404 — with the page's own Content-Security-Policy
 * as a header too. The server listens on 127.0.0.1 unless told otherwise
 * and never reads a file after it starts.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULTS } from "../api/options.js";

export interface ServeOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** The built page; by default dist/playground/index.html next to this package. */
  readonly page?: string;
  /** Where the address (and nothing else) is printed. */
  readonly log?: (line: string) => void;
}

export interface PlaygroundServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Thrown for a problem the user can fix (port in use, page not built): the CLI prints the message and exits 2. */
export class ServeError extends Error {}

export const DEFAULT_PORT = DEFAULTS.port;

function defaultPage(): string {
  // The bundle (dist/cli.js), or src/playground/serve.ts in development: dist/playground/ is near both.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, "playground/index.html"), path.join(here, "../../dist/playground/index.html")];
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0]!;
}

function readPage(file: string): { html: Buffer; csp: string } {
  if (!fs.existsSync(file)) throw new ServeError(`the playground page is not built: ${file} is missing (run npm run build)`);
  const html = fs.readFileSync(file);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html.toString("utf8"))?.[1];
  if (!csp) throw new ServeError(`${file} is not the playground page: it has no Content-Security-Policy`);
  return { html, csp };
}

export function servePlayground(options: ServeOptions = {}): Promise<PlaygroundServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? DEFAULT_PORT;
  const log = options.log ?? ((line: string) => console.log(line));
  const { html, csp } = readPage(options.page ?? defaultPage());
  const server = http.createServer((req, res) => {
    const headers = { "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" };
    // The raw request target, before any URL normalisation: "/x/../index.html" is not the page.
    const target = (req.url ?? "").split("?")[0];
    const isPage = target === "/" || target === "/index.html";
    if (!isPage || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(isPage ? 405 : 404, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
      res.end(isPage ? "method not allowed\n" : "not found\n");
      return;
    }
    res.writeHead(200, {
      ...headers,
      "Content-Type": "text/html; charset=utf-8",
      "Content-Length": html.length,
      "Content-Security-Policy": `${csp}; frame-ancestors 'none'`,
    });
    res.end(req.method === "HEAD" ? undefined : html);
  });
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") reject(new ServeError(`port ${port} is in use on ${host}: choose another with --port <n>`));
      else if (e.code === "EACCES") reject(new ServeError(`no permission to listen on port ${port}: choose a port above 1023 with --port <n>`));
      else reject(e);
    });
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      const url = `http://${host}:${bound}/`;
      log(`matdiff playground: ${url}  (Ctrl-C stops it)`);
      resolve({
        url,
        port: bound,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
