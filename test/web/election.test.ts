// Browser tests of the election views against the engine: every gallery scenario, scrubbed
// to the end, shows the states and leader `runScenario` reports, with the same trace hash
// (the live run equals the CLI's); clicking the leader's crash yields a new leader, and the
// URL then replays that run; split-2-2-of-4 shows no leader; the 3-vs-4 page shows that four
// servers split 2|2 cannot elect. Skipped while the election scenarios do not exist
// (findScenario('startup-3') undefined), and when Chromium is missing outside CI.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseFaultSchedule } from '../../engine/faults/schedule.ts';
import { findScenario, scenarios } from '../../scenarios/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { browserAvailability } from './browser.ts';
import { shot, shown, startHarness, toEnd, waitRendered, type Harness } from './harness.ts';

const avail = browserAvailability();
const hasElection = findScenario('startup-3') !== undefined;
if (!hasElection) console.warn('election browser tests skipped: the election scenarios (startup-3, ...) do not exist yet');

interface ServerSummary { sid: number; state: string }

function engine(id: string, seed: string, faults: unknown[] = []) {
  const sc = findScenario(id)!;
  const parsed = parseFaultSchedule(faults, sc.nodes);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return runScenario(sc, { seed, extraFaults: parsed.schedule }).summary;
}

const zkScenarios = scenarios.filter((s) => !s.tags.includes('demo')).map((s) => s.id);

describe.skipIf(!avail.run || !hasElection)('election views (browser)', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); }, 120_000);
  afterAll(async () => { await h?.close(); });
  const noErrors = (label: string) => expect(h.errors.get(label) ?? []).toEqual([]);

  test.each(zkScenarios)('%s: scrubbed to the end, the UI shows the engine’s states and leader', async (id) => {
    const summary = engine(id, '1');
    const page = await h.open(`?scenario=${id}&seed=1`, id);
    expect(await page.textContent('[data-testid=hash]')).toContain(summary.traceHash);
    await toEnd(page);
    const ui = await shown(page);
    for (const s of summary.servers as ServerSummary[]) expect(ui.states[s.sid], `server ${s.sid}`).toBe(s.state);
    expect(ui.leader).toBe(summary.leader ?? null);
    await shot(page, `${id}-end`);
    noErrors(id);
  });

  test('clicking the leader’s crash yields a new leader, and the URL replays that run', async () => {
    const page = await h.open('?scenario=startup-3&seed=1&t=1000&tab=votes', 'crash-click');
    const before = (await shown(page)).leader;
    expect(before).toBe(3);
    await page.click(`.cluster .node[data-node="${before}"]`);
    await shot(page, 'crash-menu');
    await page.click('[data-testid=crash-node]');
    await waitRendered(page, 2);
    await toEnd(page);
    const after = await shown(page);
    expect(after.states[before!]).toBe('DOWN');
    expect(after.leader).not.toBeNull();
    expect(after.leader).not.toBe(before);
    await page.waitForFunction(() => location.search.includes('faults='));
    const faults = JSON.parse(new URL(page.url()).searchParams.get('faults')!) as unknown[];
    expect(faults).toEqual([{ at: 1000, fault: { kind: 'crash', node: before } }]);
    const summary = engine('startup-3', '1', faults);
    expect(after.leader).toBe(summary.leader);
    expect(await page.textContent('[data-testid=hash]')).toContain(summary.traceHash);
    await shot(page, 'crash-new-leader');
    const again = await h.open(new URL(page.url()).search, 'crash-reopen');
    expect(await again.textContent('[data-testid=hash]')).toContain(summary.traceHash);
    noErrors('crash-click');
    noErrors('crash-reopen');
  });

  test('split-2-2-of-4 shows no leader, and why', async () => {
    const page = await h.open('?scenario=split-2-2-of-4&seed=1&tab=quorum', 'split-quorum');
    await toEnd(page);
    expect((await shown(page)).leader).toBeNull();
    expect(await page.textContent('[data-testid=leader]')).toContain('No leader');
    const sides = await page.$$eval('[data-testid=side]', (els) => els.map((e) => e.textContent));
    expect(sides).toHaveLength(2);
    for (const s of sides) expect(s).toContain('cannot elect');
    await shot(page, 'split-2-2-of-4-quorum');
    noErrors('split-quorum');
  });

  test('the Votes view says why the most up-to-date server won', async () => {
    const page = await h.open('?scenario=highest-zxid-wins&seed=1&node=3&tab=votes', 'votes-zxid');
    await page.click('[data-testid=next-change]');
    await page.click('[data-testid=next-change]');
    await toEnd(page);
    const log = await page.textContent('.fle-log');
    expect(log).toMatch(/\(epoch 1, zxid 0x100000012, sid 1\) beats \(1, 0x1000000\d\d, \d\): same epoch, higher zxid/);
    expect(await page.textContent('[data-testid=tally-verdict]')).toContain('quorum');
    await shot(page, 'highest-zxid-wins-votes');
    noErrors('votes-zxid');
  });

  test('3 vs 4: under a 2|2 split the three servers elect, the four cannot', async () => {
    const page = await h.open('?page=compare&preset=split', 'compare');
    await page.waitForFunction(() => (document.querySelector('[data-testid="outcome-startup-4"]')?.textContent ?? '') !== '');
    expect(await page.textContent('[data-testid="outcome-startup-3"]')).toContain('leads');
    expect(await page.textContent('[data-testid="outcome-startup-4"]')).toContain('no leader');
    await toEnd(page);
    await shot(page, 'compare-3-vs-4-split');
    noErrors('compare');
  });
});
