// The web app's ZAB model (web/trace/zab.ts and what reads it), in Node, on real engine
// traces: at the end of every ZAB scenario each server's state is what the engine's summary
// reports (last committed zxid, digest) and the prefix comparison finds every server in
// agreement; with a bug flag that makes histories differ it names the server whose digest
// the engine reports different, and where; with a bug that loses committed txns it counts
// them lost. The per-cursor lookups agree with a brute-force replay of the events, the log
// rows of a TRUNC are struck through, and the sentences say what they should.
import { describe, expect, test } from 'vitest';
import { BUGS } from '../../engine/zk/bugs.ts';
import { findScenario, scenarios } from '../../scenarios/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { groupTypes, HIDDEN_BY_DEFAULT } from '../../web/trace/families.ts';
import { buildIndex, type TraceIndex } from '../../web/trace/index.ts';
import { parseTraceText } from '../../web/trace/parse.ts';
import { zabOf } from '../../web/trace/zab.ts';
import { comparePrefixes } from '../../web/trace/zabCompare.ts';
import { logAt, stateLine, type LogEntry } from '../../web/trace/zabLogRows.ts';
import { syncSentence, txnText } from '../../web/trace/zabWords.ts';
import { zxidHex } from '../../web/trace/zxid.ts';

interface ServerSummary { sid: number; state: string; lastZxid: string | null; lastCommittedZxid: string | null; digest: string | null }

function run(id: string, bugs: string[] = [], seed = '1') {
  const lines: string[] = [];
  const r = runScenario(findScenario(id)!, { seed, bugs, write: (l) => lines.push(l) });
  const p = parseTraceText(lines.join('\n'))!;
  return { summary: r.summary, ix: buildIndex(p.header, p.events) };
}

const leaderAt = (ix: TraceIndex, c: number) => ix.nodes.find((sid) => ix.states.at(sid, c).status === 'LEADING') ?? null;
const end = (ix: TraceIndex) => ix.events.length - 1;
const zabScenarios = scenarios.filter((s) => s.tags.includes('zab') && !s.tags.includes('bug')).map((s) => s.id);

describe('ZAB model at the end of each scenario', () => {
  test.each(zabScenarios)('%s: each server’s state and the agreement are what the engine reports', (id) => {
    const { summary, ix } = run(id);
    const zab = zabOf(ix);
    expect(zab.any).toBe(true);
    const c = end(ix);
    for (const s of summary.servers as ServerSummary[]) {
      if (s.lastCommittedZxid === null) continue;
      const line = stateLine(zab, s.sid, c);
      expect(zxidHex(line.lastZxid), `server ${s.sid}`).toBe(s.lastCommittedZxid);
      expect(line.digest, `server ${s.sid}`).toBe(s.digest);
      expect(line.uncommitted).toBe(0);
      // What the Cluster view shows as its last zxid (the zxid its votes carry).
      expect(zxidHex(zab.server(s.sid).lastAt(c) ?? 0), `server ${s.sid}`).toBe(s.lastZxid);
      // The log view lists that zxid, committed and applied.
      const row = logAt(zab, s.sid, c).find((l): l is LogEntry => l.kind === 'txn' && zxidHex(l.zxid) === s.lastCommittedZxid);
      if (parseInt(s.lastCommittedZxid, 16) > 0 && row) {
        expect(row.committedIdx).toBeGreaterThanOrEqual(0);
        expect(row.applied).not.toBeNull();
        expect(row.goneIdx).toBe(Infinity);
      }
    }
    const cmp = comparePrefixes(zab, ix.nodes, c, leaderAt(ix, c));
    expect(cmp.verdict).toMatch(/^All servers agree/);
    expect(cmp.diverging).toEqual([]);
    expect(cmp.lost).toBe(0);
    const top = (summary.servers as ServerSummary[]).map((s) => s.lastCommittedZxid).filter((z): z is string => z !== null);
    if (top.length) expect(zxidHex(cmp.agreeUpTo ?? 0)).toBe(summary.maxCommittedZxid);
  });
});

describe('ZAB model with bug flags', () => {
  const zabBugs = BUGS.filter((b) => findScenario(b.scenario)?.tags.includes('zab'));

  test.each(zabBugs.map((b) => [b.flag, b.scenario] as const))('%s (%s): the prefix comparison shows what went wrong', (flag, scenario) => {
    const { summary, ix } = run(scenario, [flag]);
    const zab = zabOf(ix);
    const c = end(ix);
    const servers = (summary.servers as ServerSummary[]).filter((s) => s.digest !== null);
    const leader = servers.find((s) => s.state === 'LEADING')!;
    const odd = servers.filter((s) => s.digest !== leader.digest).map((s) => s.sid);
    const cmp = comparePrefixes(zab, ix.nodes, c, leaderAt(ix, c));
    expect(cmp.ok).toBe(false);
    if (odd.length) {
      expect(cmp.diverging).toEqual(odd);
      expect(cmp.verdict).toContain(`Server ${odd.join(', ')} diverges at ${zxidHex(cmp.divergeAt!)}`);
      // Its digests differ from the reference at every later row it holds.
      const last = cmp.rows[cmp.rows.length - 1]!;
      for (const sid of odd) expect(last.cells[ix.nodes.indexOf(sid)]!.cls).toBeGreaterThan(0);
    } else {
      expect(cmp.lost).toBeGreaterThan(0);
      expect(cmp.verdict).toMatch(/held by no server any more: lost/);
    }
  });

  test('sync-1154: the divergence is at the new epoch’s first txn, after an uncommitted txn kept by server 3', () => {
    const { ix } = run('bug-1154-diff-not-trunc', ['sync-1154']);
    const zab = zabOf(ix);
    const cmp = comparePrefixes(zab, ix.nodes, end(ix), leaderAt(ix, end(ix)));
    expect(zxidHex(cmp.divergeAt!)).toBe('0x200000001');
    const before = cmp.rows.findIndex((r) => r.from === cmp.divergeAt) - 1;
    expect(cmp.rows[before]!.cells.map((x) => x.kind)).toEqual(['none', 'none', 'uncommitted']);
  });
});

describe('ZAB model lookups', () => {
  test('the state at any cursor equals a brute-force replay of the events', () => {
    for (const [id, bugs] of [['follower-ahead-trunc', []], ['follower-behind-snap', []], ['bug-1154-diff-not-trunc', ['sync-1154']], ['rolling-restart', []]] as const) {
      const { ix } = run(id, [...bugs]);
      const zab = zabOf(ix);
      const state = new Map<number, Map<number, string>>(ix.nodes.map((sid) => [sid, new Map()]));
      const cut = (m: Map<number, string>, to: number) => { for (const z of [...m.keys()]) if (z > to) m.delete(z); };
      const step = Math.max(1, Math.floor(ix.events.length / 60));
      for (let i = 0; i < ix.events.length; i++) {
        const ev = ix.events[i]!;
        const m = state.get(ev.node as number);
        if (m) {
          if (ev.e === 'zab.apply') m.set(ev.zxid as number, ev.digest as string);
          else if (ev.e === 'zab.trunc') cut(m, ev.toZxid as number);
          else if (ev.e === 'zab.recovered') cut(m, ev.lastZxid as number);
          else if (ev.e === 'zab.snapSync') { m.clear(); m.set(ev.zxid as number, ev.digest as string); }
        }
        if (i % step !== 0 && i !== ix.events.length - 1) continue;
        for (const sid of ix.nodes) {
          const want = [...state.get(sid)!].sort((a, b) => a[0] - b[0]);
          const got = zab.server(sid).stateAt(i).recs.map((r) => [r.zxid, r.digest]);
          expect(got, `${id} server ${sid} at event ${i}`).toEqual(want);
        }
      }
    }
  });

  test('follower-ahead-trunc: server 3 got TRUNC, and the txns it dropped are struck through', () => {
    const { ix } = run('follower-ahead-trunc');
    const zab = zabOf(ix);
    const truncIdx = ix.events.findIndex((e) => e.e === 'zab.trunc' && e.node === 3);
    expect(truncIdx).toBeGreaterThan(0);
    const dropped = ix.events[truncIdx]!.dropped as number[];
    const before = logAt(zab, 3, truncIdx - 1).filter((l): l is LogEntry => l.kind === 'txn');
    expect(before.filter((l) => l.goneIdx !== Infinity)).toEqual([]);
    const after = logAt(zab, 3, end(ix)).filter((l): l is LogEntry => l.kind === 'txn');
    expect(after.filter((l) => l.goneIdx !== Infinity).map((l) => l.zxid)).toEqual(dropped);
    expect(after.find((l) => l.zxid === dropped[0])!.goneWhy).toMatch(/^TRUNC to 0x/);
    const srv = zab.server(3);
    const sync = ix.events[srv.syncs[srv.syncs.length - 1]!]!;
    expect(syncSentence(sync).head).toMatch(/^TRUNC: learner 0x1[0-9a-f]+ is ahead of leader's committed log \[0x1[0-9a-f]+, 0x1[0-9a-f]+\]: it truncates its log to 0x/);
    // While partitioned, the old leader's replayed tail is in its state but not committed.
    const mid = ix.events.findIndex((e) => e.t >= 3_500_000);
    const cmp = comparePrefixes(zab, ix.nodes, mid, leaderAt(ix, mid));
    expect(cmp.ok).toBe(true);
    expect(cmp.verdict).toMatch(/Server 3 holds \d+ uncommitted txns/);
    expect(stateLine(zab, 3, mid).uncommitted).toBeGreaterThan(0);
  });

  test('quorum-loss-leader-steps-down: proposals the old leader kept without a COMMIT count as committed once a quorum acks its NEWLEADER', () => {
    const { ix } = run('quorum-loss-leader-steps-down');
    const zab = zabOf(ix);
    const committedByEvent = new Set(ix.events.filter((e) => e.e === 'zab.commit').map((e) => e['zxid'] as number));
    const kept = [...zab.proposals.keys()].filter((z) => !committedByEvent.has(z) && (zab.server(3).liveApplies.has(z)));
    expect(kept.length).toBeGreaterThan(0); // this seed has some
    const acked = ix.events.findIndex((e) => e.e === 'zab.newLeaderAcked' && e['epoch'] === 2);
    for (const z of kept) expect(zab.commits.get(z), zxidHex(z)).toBe(acked);
    expect(stateLine(zab, 3, acked - 1).uncommitted).toBeGreaterThanOrEqual(kept.length);
    expect(stateLine(zab, 3, end(ix)).uncommitted).toBe(0);
  });

  test('a trace without ZAB events has an empty model; an election without writes has nothing to compare', () => {
    const demo = run('demo-gossip-5').ix;
    expect(zabOf(demo).any).toBe(false);
    expect(comparePrefixes(zabOf(demo), demo.nodes, end(demo), null).rows).toEqual([]);
    const { ix } = run('startup-3');
    const cmp = comparePrefixes(zabOf(ix), ix.nodes, end(ix), leaderAt(ix, end(ix)));
    expect(cmp.rows).toEqual([]);
    expect(cmp.verdict).toBe('All servers agree so far (no committed txns yet).');
  });
});

describe('ZAB words and message families', () => {
  const ev = (mode: string, p: number, min: number, max: number, z: number, last = max) =>
    ({ t: 0, e: 'zab.syncMode', node: 2, learner: 3, mode, zxid: z, peerLastZxid: p, leaderLastZxid: last, minCommittedLog: min, maxCommittedLog: max, queued: 0, why: '' });

  test('sync decisions name the zxid bounds compared', () => {
    expect(syncSentence(ev('DIFF', 0x100000003, 0x100000001, 0x100000008, 0x100000008)).head)
      .toBe("DIFF: learner 0x100000003 within leader's committed log [0x100000001, 0x100000008]: it gets the txns after it");
    expect(syncSentence(ev('DIFF', 0x100000008, 0x100000001, 0x100000008, 0x100000008)).head).toMatch(/already in sync/);
    expect(syncSentence(ev('TRUNC', 0x10000000b, 0x100000001, 0x100000008, 0x100000008)).head)
      .toBe("TRUNC: learner 0x10000000b is ahead of leader's committed log [0x100000001, 0x100000008]: it truncates its log to 0x100000008");
    expect(syncSentence(ev('SNAP', 0x100000001, 0x100000100, 0x100000200, 0x100000200)).head)
      .toBe("SNAP: learner 0x100000001 below leader's committed log [0x100000100, 0x100000200]: it gets a snapshot of the leader's state at 0x100000200");
  });

  test('txns read as one short line', () => {
    expect(txnText({ type: 'set', key: 'k1', value: 'v2' })).toBe('set k1 = v2');
    expect(txnText({ type: 'error', err: -110, op: 'create' })).toBe('error -110 (create)');
    expect(txnText({ type: 'setData', path: '/a', version: 3 })).toBe('setData path=/a version=3');
  });

  test('every message type falls in one family; PING starts hidden', () => {
    const types = ['NOTIFICATION', 'FOLLOWERINFO', 'DIFF', 'PROPOSAL', 'ACK', 'COMMIT', 'PING', 'WHATEVER'];
    const groups = groupTypes(types);
    expect(groups.map((g) => g.family.id)).toEqual(['election', 'discovery', 'sync', 'broadcast', 'heartbeat', 'other']);
    expect(groups.flatMap((g) => g.types).sort()).toEqual([...types].sort());
    expect(HIDDEN_BY_DEFAULT).toContain('PING');
  });
});
