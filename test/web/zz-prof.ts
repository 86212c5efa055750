import { buildApp, launch } from '/work/main/test/web/browser.ts';
import { serveStatic } from '/work/main/test/web/staticServer.ts';
import { traceOf } from '/work/main/bench/web.ts';
const { text } = traceOf();
const dir = await buildApp();
const server = await serveStatic(dir, { '/bench.ndjson': text });
const browser = await launch();
for (let k = 0; k < 2; k++) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${server.url}?trace=/bench.ndjson&tab=spacetime`);
  await page.waitForFunction(() => (window as any).__zksim?.firstRenderMs !== undefined, undefined, { timeout: 60000 });
  console.log(await page.evaluate(() => JSON.stringify({ first: (window as any).__zksim.firstRenderMs, marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]), res: performance.getEntriesByType('resource').map((r) => [r.name.slice(-30), Math.round(r.startTime), Math.round(r.responseEnd)]) })));
  await page.close();
}
await browser.close(); await server.close();
