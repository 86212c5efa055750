// Shared set-up of the browser tests: build the app once per test file (vite build API into
// a temporary folder), serve it on 127.0.0.1 with a few extra fixture files, launch Debian
// Chromium, and open pages that record console errors. Helpers read what the UI shows from
// the DOM (data attributes on the Cluster view) so tests compare it with the engine.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildApp, collectErrors, launch, ROOT, waitRendered } from './browser.ts';
import { serveStatic, type StaticServer } from './staticServer.ts';

export const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');

export interface Harness {
  browser: Browser;
  server: StaticServer;
  /** Every page's console errors, by page label. */
  errors: Map<string, string[]>;
  open(search: string, label?: string, opts?: { waitRender?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(extra: Record<string, string> = {}): Promise<Harness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = await buildApp();
  const server = await serveStatic(dir, extra);
  const browser = await launch();
  const errors = new Map<string, string[]>();
  const pages: Page[] = [];
  return {
    browser, server, errors,
    async open(search, label = search, opts = {}) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      pages.push(page);
      errors.set(label, collectErrors(page));
      await page.goto(`${server.url}${search}`);
      if (opts.waitRender !== false) await waitRendered(page);
      return page;
    },
    async close() {
      for (const p of pages) await p.close().catch(() => {});
      await browser.close();
      await server.close();
    },
  };
}

/** Moves to the end of the run and waits until the UI shows the last event. */
export async function toEnd(page: Page): Promise<void> {
  await page.click('[data-testid=end]');
  await page.waitForFunction(() => {
    const m = /event (\d+) of (\d+)/.exec(document.querySelector('.ev-label')?.textContent ?? '');
    return m !== null && m[1] === m[2];
  });
}

/** What the Cluster view shows: each server's status, and the leader(s) in the headline. */
export async function shown(page: Page, pane = ''): Promise<{ states: Record<number, string>; leader: number | null }> {
  return page.evaluate((scope) => {
    const root = scope ? document.querySelector(scope)! : document;
    const states: Record<number, string> = {};
    for (const g of root.querySelectorAll<SVGGElement>('.cluster .node')) states[Number(g.dataset.node)] = g.dataset.status ?? '';
    const lead = (root.querySelector<HTMLElement>('[data-testid=leader]')?.dataset.leader ?? '');
    return { states, leader: lead === '' ? null : Number(lead.split(',')[0]) };
  }, pane);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

export { waitRendered };
