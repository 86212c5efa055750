// Browser tests of the web app that need no election: the gallery, a live run whose hash
// equals the engine's, a URL with faults that reopens the same run, loading traces (by URL
// and by file picker), a malformed trace's error, text that must not become HTML, the
// keyboard, and the copied command. Runs against the built app in headless Chromium; skipped
// (with the apt-get hint) only when Chromium is missing outside CI.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseFaultSchedule } from '../../engine/faults/schedule.ts';
import { findScenario, scenarios } from '../../scenarios/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { browserAvailability } from './browser.ts';
import { badTrace, INJECTION, injectionTrace, synthetic3 } from './fixtures/traces.ts';
import { shot, shown, startHarness, toEnd, type Harness } from './harness.ts';

const avail = browserAvailability();
if (!avail.run) console.warn(avail.reason);

function engine(id: string, seed: string, faults: unknown[] = []) {
  const sc = findScenario(id)!;
  const parsed = parseFaultSchedule(faults, sc.nodes);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return runScenario(sc, { seed, extraFaults: parsed.schedule }).summary;
}

describe.skipIf(!avail.run)('web app (browser)', () => {
  let h: Harness;
  const synth = synthetic3();
  beforeAll(async () => {
    h = await startHarness({ '/bad.ndjson': badTrace, '/inject.ndjson': injectionTrace, '/synthetic.ndjson': synth.lines.join('\n') });
  }, 120_000);
  afterAll(async () => { await h?.close(); });
  const noErrors = (label: string) => expect(h.errors.get(label) ?? []).toEqual([]);

  test('the gallery shows every scenario with its caption', async () => {
    const page = await h.open('', 'gallery', { waitRender: false });
    await page.waitForSelector('.gcard[data-scenario]');
    const ids = await page.$$eval('.gcard[data-scenario]', (els) => els.map((e) => (e as HTMLElement).dataset.scenario));
    expect(new Set(ids)).toEqual(new Set(scenarios.map((s) => s.id)));
    const text = await page.textContent('main');
    for (const s of scenarios) expect(text).toContain(s.caption.slice(0, 60));
    await shot(page, 'gallery');
    noErrors('gallery');
  });

  test('a live run has the hash and final states the engine reports', async () => {
    const summary = engine('demo-gossip-5', '2');
    const label = 'demo-live';
    const page = await h.open('?scenario=demo-gossip-5&seed=2', label);
    expect(await page.textContent('[data-testid=hash]')).toContain(summary.traceHash);
    await toEnd(page);
    const ui = await shown(page);
    for (const n of summary.nodes as { id: number; up: boolean }[]) expect(ui.states[n.id]).toBe(n.up ? 'UP' : 'DOWN');
    await shot(page, 'demo-gossip-5-end');
    noErrors(label);
  });

  test('a URL with faults reopens the same run at the same time', async () => {
    const faults = [{ at: 3000, fault: { kind: 'crash', node: 2 } }, { at: 4000, fault: { kind: 'partition', groups: [[1, 3], [4, 5]] } }];
    const summary = engine('demo-gossip-5', '4', faults);
    const search = `?scenario=demo-gossip-5&seed=4&faults=${encodeURIComponent(JSON.stringify(faults))}&t=5000`;
    const page = await h.open(search, 'faults-url');
    expect(await page.textContent('[data-testid=hash]')).toContain(summary.traceHash);
    expect(await page.textContent('[data-testid=clock]')).toContain('t = 5000.000 ms');
    expect((await shown(page)).states[2]).toBe('DOWN');
    expect(await page.textContent('[data-testid=fault-list]')).toContain('partition');
    await page.waitForFunction(() => location.search.includes('faults='));
    const url = new URL(page.url());
    expect(JSON.parse(url.searchParams.get('faults')!)).toEqual(faults);
    noErrors('faults-url');
  });

  test('a malformed trace shows the reader’s error with line and field', async () => {
    const page = await h.open('?trace=/bad.ndjson', 'bad', { waitRender: false });
    await page.waitForSelector('[data-testid=error]:not(:empty)');
    const err = await page.textContent('[data-testid=error]');
    expect(err).toContain('line 3');
    expect(err).toContain('field "node"');
    await shot(page, 'malformed-trace');
    noErrors('bad');
  });

  test('text from a trace never becomes HTML', async () => {
    const page = await h.open('?trace=/inject.ndjson', 'inject');
    await toEnd(page);
    expect(await page.textContent('[data-testid=caption]')).toContain(INJECTION);
    expect(await page.$('img')).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    noErrors('inject');
  });

  test('a trace loads from a URL and from the file picker; Votes explains each vote', async () => {
    const page = await h.open('?trace=/synthetic.ndjson&node=1&tab=votes', 'synthetic');
    await page.waitForSelector('[data-testid=validation][data-state=valid]');
    await toEnd(page);
    expect((await shown(page)).leader).toBe(synth.leader);
    expect(await page.textContent('.fle-log')).toContain('beats');
    await page.setInputFiles('[data-testid=file]', { name: 'again.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(synth.lines.join('\n')) });
    await page.waitForFunction(() => Number(document.body.dataset.ready) >= 2);
    await page.waitForSelector('[data-testid=validation][data-state=valid]');
    noErrors('synthetic');
  });

  test('space plays, arrows step, and the run copies as a command', async () => {
    const page = await h.open('?scenario=demo-gossip-5&seed=1&tab=faults', 'keys');
    const eventNo = async () => Number(/^event (\d+) of/.exec((await page.textContent('.ev-label')) ?? '')?.[1]);
    const start = await eventNo();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await eventNo()).toBe(start + 2);
    await page.keyboard.press('ArrowLeft');
    expect(await eventNo()).toBe(start + 1);
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.textContent === '⏸');
    await page.keyboard.press(' ');
    await page.click('[data-testid=copy-cli]');
    expect(await page.textContent('[data-testid=copy-out]')).toBe('npx zksim run demo-gossip-5 --seed 1');
    noErrors('keys');
  });
});
