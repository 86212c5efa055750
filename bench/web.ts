// Web UI performance on a 100,000-event trace, in headless Chromium:
// - web_first_render_ms_100k: from navigation start to the first complete render of
//   `?trace=<100k-event trace>` (fetch, parse, index, every visible view drawn);
// - web_scrub_fps_100k: frames per second while the time slider is dragged across the whole
//   run, one new position per animation frame, with the Space-time tab showing.
// The trace comes from demo-gossip-5 run long enough to pass 100k events. `measureWeb()`
// builds the app, serves it on 127.0.0.1, measures, and stops everything it started.
// Run alone: `npx tsx bench/web.ts` prints the JSON.
import { buildApp, launch } from '../test/web/browser.ts';
import { serveStatic } from '../test/web/staticServer.ts';
import { findScenario } from '../scenarios/index.ts';
import { runScenario } from '../scenarios/runner.ts';

export interface WebBench {
  web_first_render_ms_100k: number;
  web_scrub_fps_100k: number;
}

const EVENTS_MIN = 100_000;
const SCRUB_FRAMES = 240;

/** NDJSON text of a demo-gossip-5 run with at least `min` events. */
export function traceOf(min = EVENTS_MIN): { text: string; events: number } {
  const scenario = findScenario('demo-gossip-5')!;
  let untilUs = 220_000_000;
  for (;;) {
    const lines: string[] = [];
    const { summary } = runScenario(scenario, { seed: '1', untilUs, write: (l) => lines.push(l) });
    if (summary.events >= min) return { text: lines.join('\n'), events: summary.events };
    untilUs = Math.ceil((untilUs * min * 1.05) / summary.events);
  }
}

export async function measureWeb(opts: { runs?: number; tab?: string } = {}): Promise<WebBench> {
  const { text } = traceOf();
  const dir = await buildApp();
  const server = await serveStatic(dir, { '/bench.ndjson': text });
  const browser = await launch();
  let firstRender = Infinity, fps = 0;
  try {
    for (let run = 0; run < (opts.runs ?? 3); run++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(`${server.url}?trace=/bench.ndjson&tab=${opts.tab ?? 'spacetime'}`);
      await page.waitForFunction(() => window.__zksim?.firstRenderMs !== undefined, undefined, { timeout: 60_000 });
      firstRender = Math.min(firstRender, await page.evaluate(() => window.__zksim!.firstRenderMs!));
      fps = Math.max(fps, (await page.evaluate(SCRUB(SCRUB_FRAMES))) as number);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { web_first_render_ms_100k: Math.round(firstRender), web_scrub_fps_100k: Math.round(fps * 10) / 10 };
}

/**
 * In the page: drag the time slider across the run, one step per frame; resolves to frames
 * per second. A string, not a function: tsx would wrap a function's inner names in helpers
 * that do not exist in the page.
 */
const SCRUB = (frames: number) => `new Promise((resolve) => {
  const input = document.querySelector('[data-testid=scrub]');
  let i = 0, start = 0;
  requestAnimationFrame(function step(now) {
    if (i === 0) start = now;
    if (i === ${frames}) { resolve(${frames} * 1000 / (now - start)); return; }
    input.value = String(((i * 997) % 1000) + 0.5);
    input.dispatchEvent(new Event('input'));
    i++;
    requestAnimationFrame(step);
  });
})`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const tab = process.argv[2];
  console.log(JSON.stringify(await measureWeb(tab ? { tab } : {})));
}
