// Browser tests of the ZAB views against the engine: a ZAB scenario run live and scrubbed to
// the end shows, in the Log tab, each server's last committed zxid and digest as the
// engine's summary reports them, the TRUNC decision in words and the truncated txns struck
// through; a trace recorded with a bug flag that makes histories diverge shows, in the
// Prefixes tab, the server whose digest the engine reports different; the same bug run live
// from the URL (?bugs=) shows its badge and the checkers' violations, and goes back to
// faithful ZooKeeper (and on again) by one click; the space-time diagram groups the ZAB
// message types by family with PING hidden. Screenshots of each go
// to test-artifacts/web/. Skipped (with the apt-get hint) only when Chromium is missing
// outside CI.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUGS } from '../../engine/zk/bugs.ts';
import { findScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { browserAvailability } from './browser.ts';
import { shot, startHarness, toEnd, type Harness } from './harness.ts';

const avail = browserAvailability();

interface ServerSummary { sid: number; state: string; lastCommittedZxid: string | null; digest: string | null }

function engine(id: string, bugs: string[] = []) {
  const lines: string[] = [];
  const r = runScenario(findScenario(id)!, { seed: '1', bugs, write: (l) => lines.push(l) });
  return { summary: r.summary, text: lines.join('\n') };
}

describe.skipIf(!avail.run)('ZAB views (browser)', () => {
  let h: Harness;
  let bug: ReturnType<typeof engine>;
  beforeAll(async () => {
    bug = engine('bug-1154-diff-not-trunc', ['sync-1154']);
    h = await startHarness({ '/bug-1154.ndjson': bug.text });
  }, 120_000);
  afterAll(async () => { await h?.close(); });
  const noErrors = (label: string) => expect(h.errors.get(label) ?? []).toEqual([]);

  test('the Log tab shows each server’s committed zxids and digest as the engine reports them', async () => {
    const { summary } = engine('follower-ahead-trunc');
    const label = 'zab-log';
    const page = await h.open('?scenario=follower-ahead-trunc&seed=1&tab=log', label);
    expect(await page.textContent('[data-testid=hash]')).toContain(summary.traceHash);
    await toEnd(page);
    for (const s of summary.servers as ServerSummary[]) {
      await page.selectOption('[data-testid=zab-node]', String(s.sid));
      await page.waitForFunction((want) => document.querySelector('[data-testid=zab-last]')?.textContent === want, s.lastCommittedZxid);
      expect(await page.textContent('[data-testid=zab-digest]')).toBe(s.digest);
      const row = page.locator(`[data-testid=zab-log] tr[data-zxid="${s.lastCommittedZxid}"]`);
      expect(await row.count()).toBe(1);
      expect(await row.locator('td').nth(5).textContent()).toBe('✓');
    }
    // Server 3, the old leader, was told to truncate: in words, and its dropped txns struck through.
    await page.selectOption('[data-testid=zab-node]', '3');
    await page.waitForFunction(() => document.querySelector('[data-testid=zab-sync-head]')?.textContent?.startsWith('TRUNC: learner 0x'));
    expect(await page.textContent('[data-testid=zab-sync-head]')).toMatch(/is ahead of leader's committed log \[0x[0-9a-f]+, 0x[0-9a-f]+\]/);
    // The newest rows show first; earlier ones on request, down to the struck-through ones.
    expect(await page.locator('[data-testid=zab-log] tr.gone').count()).toBe(0);
    await page.click('[data-testid=zab-more]');
    await page.waitForSelector('[data-testid=zab-log] tr.gone');
    expect(await page.locator('[data-testid=zab-log] tr.zab-trunc').textContent()).toMatch(/TRUNC: the log is cut after 0x[0-9a-f]+, \d+ txns below dropped/);
    await page.evaluate(() => { const r = document.querySelector('[data-testid=zab-log] tr.gone'); r?.scrollIntoView({ block: 'center' }); });
    await shot(page, 'zab-log-follower-ahead-trunc');
    noErrors(label);
  });

  test('with sync-1154 the Prefixes tab names the server whose history diverges', async () => {
    const servers = (bug.summary.servers as ServerSummary[]).filter((s) => s.digest !== null);
    const leader = servers.find((s) => s.state === 'LEADING')!;
    const odd = servers.filter((s) => s.digest !== leader.digest).map((s) => s.sid);
    expect(odd.length).toBeGreaterThan(0);
    const label = 'zab-prefixes';
    const page = await h.open('?trace=/bug-1154.ndjson&tab=prefixes', label);
    // A trace recorded with --bug says so (its header), like a live bug run.
    expect(await page.textContent('[data-testid=bug-badge]')).toContain('bug: sync-1154');
    await toEnd(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=prefix-verdict]')?.classList.contains('bad'));
    const verdict = page.locator('[data-testid=prefix-verdict]');
    expect(await verdict.getAttribute('data-diverging')).toBe(odd.join(','));
    expect(await verdict.textContent()).toContain(`Server ${odd.join(', ')} diverges at ${await verdict.getAttribute('data-diverge-at')}`);
    // The diverging column's cells in the last row are coloured as another history.
    const col = 3 + servers.findIndex((s) => s.sid === odd[0]);
    expect(await page.locator(`[data-testid=prefix-table] tbody tr:last-child td:nth-child(${col})`).getAttribute('class')).toMatch(/pc-[1-4]/);
    await shot(page, 'zab-prefixes-bug-1154');
    noErrors(label);
  });

  test('?bugs=sync-1154 runs the bug live: its badge, the checkers’ violations; one click back to faithful and on again', async () => {
    const violations = bug.summary.violations as string[];
    expect(violations.length).toBeGreaterThan(0);
    const faithful = engine('bug-1154-diff-not-trunc');
    expect(faithful.summary.violations).toEqual([]);
    const label = 'bug-live';
    const page = await h.open('?scenario=bug-1154-diff-not-trunc&seed=1&bugs=sync-1154&tab=prefixes', label);
    const hashIs = (hash: string) => page.waitForFunction((x) => document.querySelector('[data-testid=hash]')?.textContent?.includes(x), hash);
    await hashIs(bug.summary.traceHash);
    expect(await page.textContent('[data-testid=bug-badge]')).toBe('⚠ bug: sync-1154 (ZOOKEEPER-1154)');
    const checks = page.locator('[data-testid=checks]');
    expect(await checks.getAttribute('data-violations')).toBe(String(violations.length));
    expect(await checks.textContent()).toContain(`Checkers: ${violations.length} violations`);
    expect(await checks.textContent()).toContain(violations[0]!.replace(/^[\d.]+ ms /, ''));
    await page.click('[data-testid=check-toggle]');
    expect(await page.locator('[data-testid=check-list] li').count()).toBe(Math.min(200, violations.length) + (violations.length > 200 ? 1 : 0));
    await page.click('[data-testid=check-toggle]');
    await toEnd(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=prefix-verdict]')?.classList.contains('bad'));
    expect(await page.getAttribute('[data-testid=prefix-verdict]', 'data-diverging')).toBe('3');
    await shot(page, 'bug-1154-live');

    // Off: the same seed and time, faithfully; the URL drops the flag and reopens that run.
    await page.click('[data-testid=bugs-off]');
    await hashIs(faithful.summary.traceHash);
    await page.waitForFunction(() => !location.search.includes('bugs='));
    const faithfulShown = async () => {
      await hashIs(faithful.summary.traceHash);
      expect(await page.locator('[data-testid=bug-badge]').count()).toBe(0);
      expect(await page.getAttribute('[data-testid=checks]', 'data-violations')).toBe('0');
      expect(await page.textContent('[data-testid=clock]')).toContain('t = 8000.000 ms');
      await page.waitForFunction(() => document.querySelector('[data-testid=prefix-verdict]')?.classList.contains('ok'));
    };
    await faithfulShown();
    await page.reload();
    await faithfulShown();

    // On again from the Faults tab, the scenario's own flag listed first.
    await page.click('[data-tab=faults]');
    expect(await page.getAttribute('[data-testid=bug-flags] li:first-child input', 'data-flag')).toBe('sync-1154');
    await page.check('[data-testid=bug-flags] input[data-flag=sync-1154]');
    await hashIs(bug.summary.traceHash);
    await page.waitForFunction(() => location.search.includes('bugs=sync-1154'));
    await page.click('[data-testid=copy-cli]');
    expect(await page.textContent('[data-testid=copy-out]')).toBe('npx zksim run bug-1154-diff-not-trunc --seed 1 --bug sync-1154');
    noErrors(label);
  });

  test('an unknown bug flag in the URL is named with the valid ones and left out of the run', async () => {
    const label = 'bug-unknown';
    const page = await h.open('?scenario=bug-1154-diff-not-trunc&seed=1&bugs=sync-1154,sync-9999', label);
    await page.waitForSelector('[data-testid=error]:not(:empty)');
    const err = await page.textContent('[data-testid=error]');
    expect(err).toContain('unknown bug flag "sync-9999"');
    for (const b of BUGS) expect(err).toContain(b.flag);
    await page.waitForFunction((x) => document.querySelector('[data-testid=hash]')?.textContent?.includes(x), bug.summary.traceHash);
    expect(await page.textContent('[data-testid=bug-badge]')).toContain('sync-1154');
    await page.waitForFunction(() => location.search.includes('bugs=sync-1154&') && !location.search.includes('9999'));
    noErrors(label);
  });

  test('the space-time diagram groups ZAB messages by family, PING hidden', async () => {
    const label = 'zab-spacetime';
    const page = await h.open('?scenario=write-load-3&seed=1&tab=spacetime&t=1200', label);
    const types = (family: string) => page.$$eval(`.chip-group[data-family=${family}] input`, (els) => els.map((e) => (e as HTMLElement).dataset.type));
    expect(await types('broadcast')).toEqual(expect.arrayContaining(['PROPOSAL', 'ACK', 'COMMIT']));
    expect(await types('election')).toContain('NOTIFICATION');
    expect(await page.isChecked('.chip-group[data-family=heartbeat] input[data-type=PING]')).toBe(false);
    expect(await page.isChecked('.chip-group[data-family=broadcast] input[data-type=PROPOSAL]')).toBe(true);
    await page.click('.chip-family[data-family=broadcast]');
    expect(await page.isChecked('.chip-group[data-family=broadcast] input[data-type=PROPOSAL]')).toBe(false);
    await page.click('.chip-family[data-family=broadcast]');
    await shot(page, 'zab-spacetime-write-load-3');
    noErrors(label);
  });
});
