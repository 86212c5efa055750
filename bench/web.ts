// Web UI performance on a 100,000-event trace, in headless Chromium:
// - web_first_render_ms_100k: from navigation start to the first complete render of
//   `?trace=<100k-event trace>` (fetch, parse, index, every visible view drawn);
// - web_scrub_fps_100k: frames per second while the time slider is dragged across the whole
//   run, one new position per animation frame, with the Space-time tab showing.
// The trace comes from demo-gossip-5 run long enough to pass 100k events; with
// `{ trace: 'zk' }` (keys suffixed `_zk`) from write-load-5 with its write load lengthened
// to pass 100k events, the kind of trace users load. `measureWeb()` builds the app, serves
// it on 127.0.0.1, measures, and stops everything it started.
// Each run opens a fresh browser window (its own profile and cache) and lets it settle
// before navigating: a new window makes Chromium start its own UI renderer (the omnibox
// popup, about a CPU-second), which a user's browser did long before they open a trace.
// Run alone: `npx tsx bench/web.ts` prints the JSON for both traces.
import { buildApp, launch } from '../test/web/browser.ts';
import { serveStatic } from '../test/web/staticServer.ts';
import { findScenario } from '../scenarios/index.ts';
import { runScenario } from '../scenarios/runner.ts';
import { zkScenario } from '../scenarios/zk/build.ts';
import { zabSpecs } from '../scenarios/zk/zab.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { WorkloadSpec } from '../engine/zk/txn/workload.ts';

export interface WebBench {
  web_first_render_ms_100k: number;
  web_scrub_fps_100k: number;
}

export interface WebBenchZk {
  web_first_render_ms_100k_zk: number;
  web_scrub_fps_100k_zk: number;
}

const EVENTS_MIN = 100_000;
const SCRUB_FRAMES = 240;
/** How long a new browser window is left to start up before the measured navigation. */
const SETTLE_MS = 2000;

/** NDJSON text of a run of `scenario` with at least `min` events, lengthening the run as needed. */
function longRun(scenario: (untilUs: number) => Scenario, untilUs: number, min: number): { text: string; events: number } {
  for (;;) {
    const lines: string[] = [];
    const { summary } = runScenario(scenario(untilUs), { seed: '1', untilUs, write: (l) => lines.push(l) });
    if (summary.events >= min) return { text: lines.join('\n'), events: summary.events };
    untilUs = Math.ceil((untilUs * min * 1.05) / summary.events);
  }
}

/** NDJSON text of a demo-gossip-5 run with at least `min` events. */
export function traceOf(min = EVENTS_MIN): { text: string; events: number } {
  const scenario = findScenario('demo-gossip-5')!;
  return longRun(() => scenario, 220_000_000, min);
}

/**
 * NDJSON text of write-load-5 with at least `min` events: its steady writes (from 0.5 s on)
 * run until 1 s before the end instead of stopping at 5 s.
 */
export function zkTraceOf(min = EVENTS_MIN): { text: string; events: number } {
  const spec = zabSpecs.find((s) => s.id === 'write-load-5')!;
  const load = spec.workload as WorkloadSpec;
  return longRun((untilUs) => zkScenario({ ...spec, workload: { ...load, untilMs: untilUs / 1000 - 1000 }, untilMs: untilUs / 1000 }), 8_000_000, min);
}

export async function measureWeb(opts?: { runs?: number; tab?: string; trace?: 'gossip' }): Promise<WebBench>;
export async function measureWeb(opts: { runs?: number; tab?: string; trace: 'zk' }): Promise<WebBenchZk>;
export async function measureWeb(opts: { runs?: number; tab?: string; trace?: 'gossip' | 'zk' } = {}): Promise<WebBench | WebBenchZk> {
  const { text } = opts.trace === 'zk' ? zkTraceOf() : traceOf();
  const dir = await buildApp();
  const server = await serveStatic(dir, { '/bench.ndjson': text });
  const browser = await launch();
  let firstRender = Infinity, fps = 0;
  try {
    for (let run = 0; run < (opts.runs ?? 3); run++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.waitForTimeout(SETTLE_MS);
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
  const ms = Math.round(firstRender), f = Math.round(fps * 10) / 10;
  return opts.trace === 'zk' ? { web_first_render_ms_100k_zk: ms, web_scrub_fps_100k_zk: f } : { web_first_render_ms_100k: ms, web_scrub_fps_100k: f };
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
  const opts = tab ? { tab } : {};
  console.log(JSON.stringify({ ...await measureWeb(opts), ...await measureWeb({ ...opts, trace: 'zk' }) }));
}
