/**
 * Debian's chromium driven by playwright-core, for the playground's
 * end-to-end tests: headless, no sandbox (containers), no background
 * networking. `findChromium()` is null when the browser is not installed,
 * so a test can skip and say so.
 */
import fs from "node:fs";
import { type Browser, chromium } from "playwright-core";

const CANDIDATES = [process.env.MATDIFF_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function findChromium(): string | null {
  return CANDIDATES.find((p): p is string => !!p && fs.existsSync(p)) ?? null;
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-gpu"],
  });
}
