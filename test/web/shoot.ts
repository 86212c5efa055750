// Screenshots of the built app for people (and the README): builds, serves on 127.0.0.1,
// opens each page in headless Chromium, saves PNGs under test-artifacts/web/. Not a test;
// run with `npx tsx test/web/shoot.ts [name=search ...]`, e.g. explore=?scenario=startup-3.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, collectErrors, launch, ROOT, waitRendered } from './browser.ts';
import { syntheticElection } from './fixtures/syntheticElection.ts';
import { serveStatic } from './staticServer.ts';

const shots = process.argv.slice(2).map((a) => { const i = a.indexOf('='); return [a.slice(0, i), a.slice(i + 1)] as const; });
const out = join(ROOT, 'test-artifacts', 'web');
mkdirSync(out, { recursive: true });
const dir = await buildApp();
const synth = (crash?: number) => syntheticElection({
  servers: [{ sid: 1, zxid: 0x100000010, epoch: 1 }, { sid: 2, zxid: 0x100000012, epoch: 1 }, { sid: 3, zxid: 0x100000010, epoch: 1 }],
  untilUs: 5_000_000, ...(crash ? { crashLeaderAtUs: crash } : {}),
}).lines.join('\n');
const server = await serveStatic(dir, { '/synthetic-3.ndjson': synth(), '/synthetic-3-crash.ndjson': synth(2_000_000) });
const browser = await launch();
try {
  for (const [name, search] of shots) {
    const [query, action] = search.split('#');
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors = collectErrors(page);
    await page.goto(`${server.url}${query}`);
    if (query!.includes('scenario') || query!.includes('trace') || query!.includes('compare')) await waitRendered(page).catch(() => {});
    else await page.waitForTimeout(800);
    if (action) await page.click(`[data-tab="${action}"]`).catch(() => {});
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`${name}.png`, errors.length ? errors : 'no errors');
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
