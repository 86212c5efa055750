// Browser tests of the ZAB views against the engine: a ZAB scenario run live and scrubbed to
// the end shows, in the Log tab, each server's last committed zxid and digest as the
// engine's summary reports them, the TRUNC decision in words and the truncated txns struck
// through; a trace recorded with a bug flag that makes histories diverge shows, in the
// Prefixes tab, the server whose digest the engine reports different; the space-time
// diagram groups the ZAB message types by family with PING hidden. Screenshots of each go
// to test-artifacts/web/. Skipped (with the apt-get hint) only when Chromium is missing
// outside CI.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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
