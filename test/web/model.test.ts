// The web app's trace model, in Node (no browser): the index built from a trace agrees with
// what the engine reports at the end of a run, its per-time lookups agree with a brute-force
// scan, the byte scanner (what the app uses) indexes exactly as the object path does and
// its lazy events are the reader's events, and the sentences, schedule and URL helpers say
// what they should. Election cases skip until the election scenarios exist.
import { describe, expect, test } from 'vitest';
import { parseFaultSchedule } from '../../engine/faults/schedule.ts';
import { readTrace } from '../../engine/trace/reader.ts';
import { zksimTraceSchema } from '../../engine/traceSchema.ts';
import { findScenario } from '../../scenarios/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { buildIndex, cursorAt } from '../../web/trace/index.ts';
import { Fate } from '../../web/trace/messages.ts';
import { parseTraceText } from '../../web/trace/parse.ts';
import { scanTraceStream, scanTraceText } from '../../web/trace/scan.ts';
import { sidesAt } from '../../web/trace/sides.ts';
import { comparison } from '../../web/trace/words.ts';
import { zxidHex, zxidPair } from '../../web/trace/zxid.ts';
import { appendFault, cliCommand, vitestTest } from '../../web/state/schedule.ts';
import { checkVerdict } from '../../web/state/checks.ts';
import { checkBugFlags, readUrl, urlSearch } from '../../web/state/url.ts';
import { syntheticElection } from './fixtures/syntheticElection.ts';

function run(id: string, seed = '1', faults: unknown[] = []) {
  const scenario = findScenario(id)!;
  const parsed = parseFaultSchedule(faults, scenario.nodes);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const lines: string[] = [];
  const r = runScenario(scenario, { seed, write: (l) => lines.push(l), extraFaults: parsed.schedule });
  const text = lines.join('\n');
  return { summary: r.summary, text, ix: scanTraceText(text).ix! };
}

/** The eager path: every event parsed, then indexed as objects. */
function eagerIndex(text: string) {
  const p = parseTraceText(text)!;
  return buildIndex(p.header, p.events);
}

/** An index with its lazy events made plain and its message table as columns, for toEqual. */
function plain(ix: ReturnType<typeof eagerIndex>) {
  const m = ix.messages;
  const messages = {
    msgId: m.msgId, from: m.from, to: m.to, typeId: m.typeId, sendT: m.sendT, sendIdx: m.sendIdx, endT: m.endT, endIdx: m.endIdx,
    holdT: m.holdT, fate: m.fate, types: m.types, dropReason: m.dropReason, medianLatencyUs: m.medianLatencyUs,
  };
  return { ...ix, events: [...ix.events], messages };
}

const hasElection = findScenario('startup-3') !== undefined;

describe('trace index', () => {
  test('the fast parse yields exactly the events the engine reader accepts', () => {
    const { text } = run('demo-gossip-5');
    const r = readTrace(text, zksimTraceSchema);
    expect(r.ok).toBe(true);
    const p = parseTraceText(text)!;
    expect(p.events).toEqual(r.ok ? r.events : []);
    expect(p.endHash).toBe(r.ok ? r.hash : '');
  });

  test.each(['demo-gossip-5', 'startup-3', 'leader-crash-3', 'split-2-2-of-4', 'hierarchical-9', 'write-load-3', 'rolling-restart'])(
    '%s: scanning the bytes indexes exactly as parsing every event does', (id) => {
      if (!findScenario(id)) return;
      const { text, ix } = run(id);
      expect(plain(ix)).toEqual(plain(eagerIndex(text)));
      const r = readTrace(text, zksimTraceSchema);
      expect(r.ok && [...ix.events]).toEqual(r.ok && r.events);
      expect(scanTraceText(text).endHash).toBe(r.ok ? r.hash : '');
    });

  test('reading while downloading gives the same index as reading at once', async () => {
    const { text, ix } = run('demo-gossip-5');
    const bytes = new TextEncoder().encode(text + '\n');
    let at = 0, k = 1;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (at >= bytes.length) { c.close(); return; }
        const n = 1 + ((k = (k * 48271) % 2147483647) % 70_000);
        c.enqueue(bytes.subarray(at, at + n));
        at += n;
      },
    });
    const r = await scanTraceStream(stream, 1000);
    expect(new TextDecoder().decode(r.bytes)).toBe(text + '\n');
    expect(plain(r.ix!)).toEqual(plain(ix));
    const bad = await scanTraceStream(new Blob([text.replace('"e":"net.send"', '"e":7')]).stream());
    expect(bad.ix).toBeUndefined();
  });

  test('the scanner reads what JSON reads: escapes, spacing, CRLF, key order, numbers', () => {
    const header = '{"type":"header","format":"zksim-trace","version":1,"zksim":"0","seed":"1","scenario":"x","config":{"nodes":[1,2]}}';
    const lines = [
      header,
      '{"t":0,"e":"node.start","node":1,"incarnation":1}',
      ' { "e" : "net.send" , "t" : 5 ,"type":"P\u0049NG","to":2,"from":1,"msg":1,"body":{"s":"}\\\"{","a":[1,{"b":[]}]}} ',
      '{"t":5,"e":"timer.fire","node":1,"key":"é ☃","x":-1.5e3,"y":true,"z":null,"w":false}',
      '{"msg":1,"from":1,"to":2,"t":7.5,"e":"net.deliver","type":"PING"}',
      '{"t":8,"e":"net.send","from":2,"to":1,"msg":2,"type":"PING","type":"PONG"}',
      '{"t":9,"e":"net.drop","from":2,"to":1,"msg":2,"type":"PONG","reason":"loss"}',
      '{"type":"end","t":9,"events":6,"hash":"abc"}',
    ];
    for (const sep of ['\n', '\r\n']) {
      const text = lines.join(sep) + sep + sep;
      const s = scanTraceText(text);
      expect(s.endHash).toBe('abc');
      expect(plain(s.ix!)).toEqual(plain(eagerIndex(text)));
      expect(s.ix!.messages.types).toEqual(['PING', 'PONG']);
      expect([...s.ix!.times]).toEqual([0, 5, 5, 7.5, 8, 9]);
    }
    const bad = (text: string) => expect(scanTraceText(text).ix).toBeUndefined();
    bad('');
    bad(`${header}\n{"t":1,"e":"a"}\n\n{"t":2,"e":"b"}`);
    bad(`${header}\n{"t":2,"e":"a"}\n{"t":1,"e":"b"}`);
    bad(`${header}\n{"t":"1","e":"a"}`);
    bad(`${header}\n{"t":1,"e":"a"}\n{"type":"end","t":1}\n{"t":1,"e":"b"}`);
    bad(`{"t":1,"e":"a"}`);
  });

  test('lazy events behave as an array and survive an unreadable line', () => {
    const { text, ix } = run('demo-gossip-5');
    const eager = parseTraceText(text)!.events;
    const ev = ix.events;
    expect(Array.isArray(ev)).toBe(true);
    expect(ev.length).toBe(eager.length);
    expect(ev[ev.length - 1]).toEqual(eager[eager.length - 1]);
    expect(ev[ev.length]).toBeUndefined();
    expect(ev[70_000]).toBe(ev[70_000]);
    expect(ev.map((e) => e.e)).toEqual(eager.map((e) => e.e));
    expect(ev.findIndex((e) => e.e === 'fault')).toBe(eager.findIndex((e) => e.e === 'fault'));
    expect(JSON.stringify(ev.slice(100, 110))).toBe(JSON.stringify(eager.slice(100, 110)));
    // The scanner skips a message body without checking it: JSON.parse finds the fault later.
    const broken = text.replace('"body":{"type":"HEARTBEAT","from":1,', '"body":{"type":"HEARTBEAT","from":1,,');
    const s = scanTraceText(broken).ix!;
    const k = eager.findIndex((e) => e.e === 'net.send' && e.from === 1);
    expect(s.events[k]).toMatchObject({ e: 'net.send', t: eager[k]!.t, unreadable: true });
    expect(s.events[k + 1]).toEqual(eager[k + 1]);
  });

  test('a malformed trace fails the fast parse, leaving the error to the reader', () => {
    expect(parseTraceText('')).toBeUndefined();
    expect(parseTraceText('{"type":"header"}\n{not json')).toBeUndefined();
  });

  test('messages in flight match a brute-force scan at many times', () => {
    const { ix } = run('demo-gossip-5');
    const m = ix.messages;
    for (let k = 0; k <= 60; k++) {
      const t = Math.round((ix.endT * k) / 60) + 137;
      const brute: number[] = [];
      for (let r = 0; r < m.count; r++) if (m.sendT[r]! <= t && m.endT[r]! > t) brute.push(r);
      expect(m.inFlight(t, 1e9).sort((a, b) => a - b)).toEqual(brute);
    }
    const seen: number[] = [];
    m.forEachOverlapping(1_000_000, 1_200_000, (r) => seen.push(r));
    const brute: number[] = [];
    for (let r = 0; r < m.count; r++) if (m.sendT[r]! <= 1_200_000 && m.endT[r]! >= 1_000_000) brute.push(r);
    expect(seen.sort((a, b) => a - b)).toEqual(brute);
    expect(m.fate.filter((f) => f === Fate.Delivered).length).toBeGreaterThan(0);
  });

  test('cursorAt finds the last event at or before a time', () => {
    const { ix } = run('demo-gossip-5');
    for (const t of [0, 1, 5_000_000, ix.endT]) {
      const c = cursorAt(ix, t);
      expect(ix.times[c]!).toBeLessThanOrEqual(t);
      if (c + 1 < ix.times.length) expect(ix.times[c + 1]!).toBeGreaterThan(t);
    }
  });

  test('demo nodes end up as the engine reports', () => {
    const { ix, summary } = run('demo-gossip-5', '3');
    const last = ix.events.length - 1;
    for (const n of summary.nodes as { id: number; up: boolean }[]) {
      expect(ix.states.at(n.id, last).status).toBe(n.up ? 'UP' : 'DOWN');
    }
  });
});

describe.skipIf(!hasElection)('election scenarios (skipped until findScenario("startup-3") exists)', () => {
  test.each(['startup-3', 'leader-crash-3', 'split-2-1-of-3', 'split-2-2-of-4', 'observer-5', 'hierarchical-9'])('%s: final states and leader match the engine', (id) => {
    const { ix, summary } = run(id);
    const last = ix.events.length - 1;
    for (const s of summary.servers as { sid: number; state: string }[]) expect(ix.states.at(s.sid, last).status).toBe(s.state);
    const leaders = ix.nodes.filter((sid) => ix.states.at(sid, last).status === 'LEADING');
    expect(leaders[0] ?? null).toBe(summary.leader);
  });

  test('split-2-2-of-4: no side of the partition can elect', () => {
    const { ix } = run('split-2-2-of-4');
    const sides = sidesAt(ix, ix.events.length - 1);
    expect(sides.map((s) => s.members)).toEqual([[1, 2], [3, 4]]);
    expect(sides.every((s) => !s.canElect)).toBe(true);
  });

  test('hierarchical-9 reads its groups', () => {
    const { ix } = run('hierarchical-9');
    expect(ix.ensemble.groups).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(ix.ensemble.quorumSize).toBe(4);
  });

  test('the scenario step captions become moments', () => {
    const { ix } = run('startup-3');
    expect(ix.moments.some((m) => m.kind === 'step' && m.text.includes('Server 3 has a quorum'))).toBe(true);
  });
});

describe('words', () => {
  test('a comparison names both votes and the deciding field', () => {
    const cmp = { received: { leader: 2, zxid: 0x100000012, peerEpoch: 1 }, current: { leader: 3, zxid: 0x100000010, peerEpoch: 1 }, decidedBy: 'zxid', winner: 'received' };
    expect(comparison(cmp)).toBe('(epoch 1, zxid 0x100000012, sid 2) beats (1, 0x100000010, 3): same epoch, higher zxid');
    expect(zxidHex(0x100000012)).toBe('0x100000012');
    expect(zxidPair(0x100000012)).toBe('1:18');
  });

  test('the synthetic election reads as an election', () => {
    const s = syntheticElection({ servers: [{ sid: 1, zxid: 0x100000010, epoch: 1 }, { sid: 2, zxid: 0x100000012, epoch: 1 }, { sid: 3, zxid: 0x100000010, epoch: 1 }], untilUs: 2_000_000 });
    const checked = readTrace(s.lines.join('\n'), zksimTraceSchema);
    expect(checked.ok ? '' : checked.error).toBe('');
    const ix = scanTraceText(s.lines.join('\n')).ix!;
    expect(ix.nodes.filter((n) => ix.states.at(n, ix.events.length - 1).status === 'LEADING')).toEqual([s.leader]);
  });
});

describe('schedule and URL', () => {
  const startup = { scenario: 'startup-3', seed: '1', faults: [], bugs: [] };

  test('faults are appended in time order and copied as a command and a test', () => {
    let f = appendFault([], 1500, { kind: 'crash', node: 3 });
    f = appendFault(f, 200.0004, { kind: 'heal' });
    expect(f.map((e) => e.at)).toEqual([200, 1500]);
    expect(cliCommand({ ...startup, faults: f })).toBe(`npx zksim run startup-3 --seed 1 --faults '${JSON.stringify(f)}'`);
    const t = vitestTest({ ...startup, faults: f }, 'abc', { leader: 2 });
    expect(t).toContain('expect(summary.traceHash).toBe("abc")');
    expect(t).toContain('expect(summary.leader).toBe(2)');
    expect(t).toContain('runScenario(scenario, { seed: "1", extraFaults: faults.schedule })');
  });

  test('bug flags are copied as --bug per flag and as the test’s bugs option', () => {
    const f = appendFault([], 5000, { kind: 'heal' });
    const run = { scenario: 'bug-1154-diff-not-trunc', seed: '3', faults: f, bugs: ['fle-1419', 'sync-1154'] };
    expect(cliCommand({ ...run, faults: [] })).toBe('npx zksim run bug-1154-diff-not-trunc --seed 3 --bug fle-1419 --bug sync-1154');
    expect(cliCommand(run)).toBe(`npx zksim run bug-1154-diff-not-trunc --seed 3 --bug fle-1419 --bug sync-1154 --faults '${JSON.stringify(f)}'`);
    const t = vitestTest(run, 'abc', { leader: 2, violations: ['4004.1 ms Agreement: x', '4004.2 ms Agreement: y'] });
    expect(t).toContain('test/scenarios/bug-1154-diff-not-trunc-seed-3-fle-1419-sync-1154-1-faults.test.ts');
    expect(t).toContain('"bug-1154-diff-not-trunc seed 3 with bug fle-1419, sync-1154 and 1 fault(s) replays exactly"');
    expect(t).toContain('runScenario(scenario, { seed: "3", bugs: ["fle-1419","sync-1154"], extraFaults: faults.schedule })');
    expect(t).toContain('expect(summary.violations).toHaveLength(2)');
  });

  test('the copied bug test replays the engine’s run', () => {
    const run = { scenario: 'bug-1319-stale-lastproposed', seed: '1', faults: [], bugs: ['sync-1319'] };
    const r = runScenario(findScenario(run.scenario)!, { seed: '1', bugs: run.bugs });
    const t = vitestTest(run, r.summary.traceHash, r.summary);
    const violations = r.summary.violations as string[];
    expect(violations.length).toBeGreaterThan(0);
    expect(t).toContain(`expect(summary.violations).toHaveLength(${violations.length})`);
    expect(t).toContain(`expect(summary.traceHash).toBe("${r.summary.traceHash}")`);
  });

  test('the URL round-trips scenario, seed, bugs, faults and time', () => {
    const faults = [{ at: 1000, fault: { kind: 'crash', node: 3 } }];
    const search = urlSearch({ page: 'explore', scenario: 'startup-3', seed: '7', faults, bugs: ['sync-1154', 'fle-1419'], t: 1234.5, node: 2, tab: 'votes' });
    expect(search).toContain('&bugs=sync-1154,fle-1419&');
    const { state, error } = readUrl(search);
    expect(error).toBeUndefined();
    expect(state).toMatchObject({ page: 'explore', scenario: 'startup-3', seed: '7', faults, bugs: ['sync-1154', 'fle-1419'], t: 1234.5, node: 2, tab: 'votes' });
    expect(readUrl('?scenario=x&faults=[oops').error).toMatch(/not valid JSON/);
  });

  test('bug flags in the URL are read leniently', () => {
    expect(readUrl('?scenario=x').state.bugs).toEqual([]);
    expect(urlSearch({ page: 'explore', scenario: 'x', seed: '1', faults: [], bugs: [] })).not.toContain('bugs');
    expect(readUrl('?scenario=x&bugs=%20sync-1154,,sync-1154&bugs=fle-1419').state.bugs).toEqual(['sync-1154', 'fle-1419']);
    const known = ['fle-1419', 'sync-1154', 'sync-1319'];
    expect(checkBugFlags(['sync-1154'], known)).toEqual({ bugs: ['sync-1154'] });
    const bad = checkBugFlags(readUrl('?scenario=x&bugs=sync-1154,sync-9999').state.bugs, known);
    expect(bad.bugs).toEqual(['sync-1154']);
    expect(bad.error).toBe('The URL asks for an unknown bug flag "sync-9999", left out of the run. The flags are: fle-1419, sync-1154, sync-1319.');
    expect(checkBugFlags(['a', 'b'], known).error).toMatch(/^The URL asks for unknown bug flags "a", "b"/);
    // Without a catalogue (the worker did not answer) the worker checks the flags itself.
    expect(checkBugFlags(['a'], [])).toEqual({ bugs: ['a'] });
  });

  test('the checkers’ verdict counts the worker’s violations by checker', () => {
    expect(checkVerdict(null)).toBeNull();
    expect(checkVerdict([])).toEqual({ violations: [], byChecker: [] });
    const v = checkVerdict([
      { t: 4_004_100, checker: 'Agreement', message: 'a' }, { t: 12_000, checker: 'VotesMonotonic', message: 'b' },
      { t: 4_005_000, checker: 'Agreement', message: 'c' }, { t: 5_000_000, checker: 'TotalOrder', message: 'd' },
    ])!;
    expect(v.byChecker).toEqual([['Agreement', 2], ['TotalOrder', 1], ['VotesMonotonic', 1]]);
  });
});
