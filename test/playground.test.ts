/**
 * The playground end to end, in Debian's chromium (playwright-core): the
 * built page opened from file:// and served by servePlayground on a free
 * port. A screenshot of each state goes to test-output/playground/.
 * Without chromium these tests are skipped, loudly.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { findChromium, launchChromium } from "./helpers/browser.js";
import { type PlaygroundServer, ServeError, servePlayground } from "../src/playground/serve.js";

const PAGE = path.resolve("dist/playground/index.html");
const SHOTS = path.resolve("test-output/playground");
const chromiumPath = findChromium();
if (!chromiumPath) {
  console.warn("\n!!! chromium is not installed (apt-get install chromium): the playground's browser tests are SKIPPED !!!\n");
}

interface Watched {
  readonly page: Page;
  /** Console errors, uncaught exceptions, dialogs (alert…) and requests that left the page. */
  readonly errors: string[];
  readonly dialogs: string[];
  readonly requests: string[];
}

let browser: Browser;

async function open(url: string, viewport = { width: 1280, height: 900 }): Promise<Watched> {
  const page = await browser.newPage({ viewport });
  const w: Watched = { page, errors: [], dialogs: [], requests: [] };
  page.on("console", (m) => { if (m.type() === "error") w.errors.push(m.text()); });
  page.on("pageerror", (e) => w.errors.push(e.message));
  page.on("dialog", (d) => { w.dialogs.push(d.message()); void d.dismiss(); });
  page.on("request", (r) => { if (r.url() !== url.split("#")[0]) w.requests.push(r.url()); });
  await page.goto(url);
  await ready(page);
  return w;
}

/** Wait until what is on screen matches the inputs (the page sets body[data-status=ready]). */
async function ready(page: Page): Promise<void> {
  await page.waitForSelector("body[data-status=ready]", { timeout: 15_000 });
}

/** Fill a field as a user would and wait for the debounced update. */
async function type(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(text);
  await page.waitForSelector("body[data-status=typing]", { state: "detached", timeout: 15_000 }).catch(() => undefined);
  await ready(page);
}

/** The LaTeX KaTeX typeset in a box (its MathML annotation), which proves KaTeX produced the result. */
async function typeset(page: Page, selector: string): Promise<string> {
  await page.waitForSelector(`${selector} .katex`);
  return (await page.locator(`${selector} annotation[encoding="application/x-tex"]`).first().textContent()) ?? "";
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

function clean(w: Watched): void {
  expect(w.errors, "console errors").toEqual([]);
  expect(w.dialogs, "dialogs").toEqual([]);
  expect(w.requests, "network requests").toEqual([]);
}

const fileUrl = (hash = "") => pathToFileURL(PAGE).href + hash;

/** Open the page, run a scenario, and check that it logged no error, ran no dialog and reached no network. */
async function scenario(url: string, body: (page: Page) => Promise<void>, viewport?: { width: number; height: number }): Promise<void> {
  const w = await open(url, viewport);
  try {
    await body(w.page);
    clean(w);
  } finally {
    await w.page.close();
  }
}

async function example(page: Page, title: string): Promise<void> {
  await page.getByRole("button", { name: title }).click();
  await ready(page);
}

describe.skipIf(!chromiumPath)("playground in chromium", () => {
  beforeAll(async () => {
    execFileSync(process.execPath, ["scripts/build-playground.js"], { stdio: "pipe" });
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium(chromiumPath!);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("opens from file:// on the first example, typeset, with no console error and no network", async () => {
    await scenario(fileUrl(), async (p) => {
      expect(await typeset(p, "#result")).toContain("\\left(G \\odot \\left(1 - Y \\odot Y\\right)\\right) W_{hh}^\\top");
      expect(await p.locator("#shapes-used").textContent()).toContain("Whh: H×H");
      await p.waitForSelector("#steps .katex");
      expect(await p.locator("#steps").textContent()).toContain("across the Frobenius product transposes it");
      expect(await p.locator("#code").textContent()).toContain("def derivative(**inputs):");
      await shot(p, "1-start-rnn");
    });
  }, 60_000);

  it("types each motivating case and shows the right result", async () => {
    await scenario(fileUrl(), async (p) => {
      // RNN cell, batch rows, grad form: typed in from an empty page, character by character.
      await type(p, "Expression or program", "");
      await p.getByLabel("Expression or program", { exact: true }).pressSequentially("tanh(h*Whh + x*Wxh + b)");
      await type(p, "Shapes", "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H");
      await type(p, "With respect to", "h");
      await p.getByLabel("Form", { exact: true }).selectOption("grad");
      await ready(p);
      expect(await typeset(p, "#result")).toContain("\\left(G \\odot \\left(1 - Y \\odot Y\\right)\\right) W_{hh}^\\top");
      // Dense layer, column vectors, numerator layout.
      await type(p, "Expression or program", "a = tanh(W*x + b)");
      await type(p, "Shapes", "W: M x N, x: N, b: M");
      await type(p, "With respect to", "x");
      await p.getByLabel("Form", { exact: true }).selectOption("jacobian");
      await p.getByRole("radio", { name: "numerator" }).check();
      await ready(p);
      expect(await typeset(p, "#result")).toContain("\\frac{\\partial a}{\\partial x} &= \\operatorname{diag}(1 - a \\odot a) W");
      await shot(p, "2-typed-dense-numerator");
      // Pascanu et al.: the numerator Jacobian is Wrec diag(σ′(x)).
      await type(p, "Expression or program", "Wrec*sigmoid(x) + Win*sigmoid(u) + b");
      await type(p, "Shapes", "Wrec: n x n, x: n, Win: n x k, u: k, b: n");
      expect(await typeset(p, "#result")).toContain("W_{\\mathrm{rec}} \\operatorname{diag}(t_{0} \\odot \\left(1 - t_{0}\\right))");
      await shot(p, "3-typed-pascanu");
    });
  }, 90_000);

  it("switching the layout moves the transpose", async () => {
    await scenario(fileUrl(), async (p) => {
      await example(p, "Dense layer, column vectors");
      expect(await typeset(p, "#result")).toContain("&= \\operatorname{diag}(1 - a \\odot a) W\n");
      await p.getByRole("radio", { name: "denominator" }).check();
      await ready(p);
      expect(await typeset(p, "#result")).toContain("&= W^\\top \\operatorname{diag}(1 - a \\odot a)\n");
      expect(p.url()).toContain("layout=denominator");
      await shot(p, "4-dense-denominator");
      // The keyboard works too: arrows move between the layout buttons.
      await p.getByRole("radio", { name: "denominator" }).focus();
      await p.keyboard.press("ArrowRight");
      await ready(p);
      expect(await p.getByRole("radio", { name: "mixed" }).isChecked()).toBe(true);
    });
  }, 60_000);

  it("checks the Pascanu claim: right only if Wrec is symmetric", async () => {
    await scenario(fileUrl(), async (p) => {
      await example(p, "Pascanu et al. (2013), eq. (5)");
      const verdict = p.locator("#verdict");
      await expect.poll(() => verdict.textContent()).toContain("right only if Wrec is symmetric");
      expect(await verdict.getAttribute("class")).toContain("bad");
      expect(await typeset(p, "#verdict")).toContain("W_{\\mathrm{rec}} \\operatorname{diag}");
      await shot(p, "5-pascanu-claim");
      // The right claim holds.
      await type(p, "Your derivative (same form and layout as above)", "Wrec*diag(sigmoid(x).*(1 - sigmoid(x)))");
      expect(await verdict.textContent()).toContain("✓ Right");
    });
  }, 60_000);

  it("checks a claim on a 40×40 matrix with the compiled (WebAssembly) kernels the page's policy allows", async () => {
    const state = new URLSearchParams({ expr: "logdet(X)", shapes: "X: 40 x 40", wrt: "X", claim: "inv(X)'" });
    await scenario(`${fileUrl()}#${state}`, async (p) => {
      const verdict = p.locator("#verdict");
      await expect.poll(() => verdict.textContent()).toContain("✓ Right");
      // The page may compile WebAssembly (an empty module here), so its checks ran on the compiled kernels.
      const compiles = await p.evaluate(() => {
        try {
          return new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])) instanceof WebAssembly.Module;
        } catch {
          return false;
        }
      });
      expect(compiles).toBe(true);
    });
  }, 60_000);

  it("declares a generic function in its field: f′ in the result, and the field in the link", async () => {
    await scenario(fileUrl(), async (p) => {
      await type(p, "Expression or program", "f(W*x)");
      await type(p, "Shapes", "W: m x n, x: n");
      await type(p, "With respect to", "x");
      await type(p, "Generic functions", "f: elementwise");
      expect(await typeset(p, "#result")).toContain("f'\\left(W x\\right)");
      expect(new URLSearchParams(new URL(p.url()).hash.slice(1)).get("functions")).toBe("f: elementwise");
    });
  }, 60_000);

  it("a shared link lands on the same state", async () => {
    let link = "";
    let result = "";
    await scenario(fileUrl(), async (p) => {
      await example(p, "Dense layer, column vectors");
      await p.getByRole("radio", { name: "denominator" }).check();
      await type(p, "Your derivative (same form and layout as above)", "W'*diag(1 - tanh(W*x + b).^2)");
      link = p.url();
      result = await typeset(p, "#result");
    });
    await scenario(link, async (q) => {
      expect(await q.getByLabel("Expression or program", { exact: true }).inputValue()).toBe("a = tanh(W*x + b)");
      expect(await q.getByLabel("Shapes").inputValue()).toBe("W: M x N, x: N, b: M");
      expect(await q.getByRole("radio", { name: "denominator" }).isChecked()).toBe(true);
      expect(await typeset(q, "#result")).toBe(result);
      expect(await q.locator("#verdict").textContent()).toContain("Right");
      await shot(q, "6-shared-link");
    });
  }, 60_000);

  it("markup in an expression or a link is text: a syntax error, and no script runs", async () => {
    const payload = "x<img src=x onerror=alert(1)>";
    await scenario(fileUrl(), async (p) => {
      await type(p, "Expression or program", payload);
      const problem = p.locator("#expr-problem");
      expect(await problem.isVisible()).toBe(true);
      expect(await problem.textContent()).toContain("unexpected '<' after a complete expression");
      expect(await problem.textContent()).toContain(payload);
      expect(await p.locator("img").count()).toBe(0);
      await shot(p, "7-xss-typed");
    });
    // The same through the address, in every field, including a <script>.
    const evil = "<script>alert(2)</script><img src=x onerror=alert(3)>";
    const params = new URLSearchParams({ expr: payload, shapes: evil, wrt: evil, assume: evil, claim: evil, layout: evil, form: evil });
    await scenario(fileUrl(`#${params}`), async (p) => {
      expect(await p.locator("img, main script").count()).toBe(0);
      expect(await p.locator("#expr-problem").textContent()).toContain(payload);
      expect(await p.getByRole("radio", { name: "mixed" }).isChecked()).toBe(true);
      await shot(p, "8-xss-link");
      await p.waitForTimeout(300);
    });
  }, 60_000);

  it("is usable on a phone-sized window", async () => {
    await scenario(fileUrl(), async (p) => {
      await example(p, "Pascanu et al. (2013), eq. (5)");
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(p, "9-phone");
    }, { width: 390, height: 844 });
  }, 60_000);

  describe("served by servePlayground", () => {
    let server: PlaygroundServer;
    const lines: string[] = [];
    beforeAll(async () => {
      server = await servePlayground({ port: 0, host: "127.0.0.1", page: PAGE, log: (l) => lines.push(l) });
    });
    afterAll(async () => {
      await server?.close();
    });

    /** A raw request, so that "/../" reaches the server unnormalised. */
    const status = (target: string, method = "GET") => new Promise<number>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: server.port, path: target, method }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });

    it("prints its address and serves the page, which derives", async () => {
      expect(lines).toEqual([`matdiff playground: ${server.url}  (Ctrl-C stops it)`]);
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      await scenario(`${server.url}#${new URLSearchParams({ expr: "x'*A*x", wrt: "x", claim: "2*A*x" })}`, async (p) => {
        expect(await typeset(p, "#result")).toContain("A");
        await expect.poll(() => p.locator("#verdict").textContent()).toContain("right only if A is symmetric");
        await shot(p, "10-served");
      });
    }, 60_000);

    it("serves nothing but the page", async () => {
      expect(await status("/")).toBe(200);
      expect(await status("/index.html")).toBe(200);
      for (const target of ["/../", "/..", "/%2e%2e/", "/../package.json", "/x/../index.html", "/csp.txt", "/favicon.ico", "//etc/passwd"]) {
        expect(await status(target), target).toBe(404);
      }
      expect(await status("/", "POST")).toBe(405);
    });

    it("says clearly when the port is in use", async () => {
      await expect(servePlayground({ port: server.port, page: PAGE, log: () => undefined }))
        .rejects.toThrow(new ServeError(`port ${server.port} is in use on 127.0.0.1: choose another with --port <n>`));
    });
  });
});
