// Headless Debian Chromium through playwright-core, with the launch flags that work on
// these machines (../shared/notes/browser-testing.md): offline, as root, a fresh profile
// per run. Also builds the app with vite into a folder of the caller's choice, and decides
// whether browser tests run: always under CI=true, else only if /usr/bin/chromium exists.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = join(import.meta.dirname, '..', '..');

/** Whether browser tests should run here, and if not, why. */
export function browserAvailability(): { run: boolean; reason: string } {
  if (existsSync(CHROMIUM)) return { run: true, reason: '' };
  if (process.env.CI === 'true') return { run: true, reason: `${CHROMIUM} is missing: apt-get install -y chromium` };
  return { run: false, reason: `browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium)` };
}

/** Builds web/ into a fresh temporary folder and returns it. */
export async function buildApp(outDir = mkdtempSync(join(tmpdir(), 'zksim-web-')), opts: { minify?: boolean } = {}): Promise<string> {
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, ...(opts.minify === false ? { minify: false } : {}) },
  });
  return outDir;
}

export async function launch(): Promise<Browser> {
  // playwright gives every non-persistent launch a fresh, empty profile of its own (it refuses
  // an explicit --user-data-dir here), which is what the notes ask for.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Console errors and page errors a page produced (tests require none). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** Waits until the page has rendered its n-th trace (see web/app/perf.ts). */
export async function waitRendered(page: Page, n = 1, timeout = 30_000): Promise<void> {
  await page.waitForFunction((k) => Number(document.body.dataset.ready ?? 0) >= k, n, { timeout });
}
