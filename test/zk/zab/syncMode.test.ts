// syncFollower (ZK 3.8: LearnerHandler.syncFollower + queueCommittedProposals) against a
// table of (learner zxid, leader committedLog window, on-disk log) cases: which of DIFF,
// TRUNC and SNAP it picks, the op packet's zxid, the txns it queues and currentZxid.
import { describe, expect, it } from 'vitest';
import type { ZxidTxn } from '../../../engine/zk/txn/types.ts';
import { syncFollower, type SyncInput } from '../../../engine/zk/zab/syncMode.ts';
import { zxid } from '../../../engine/zk/zxid.ts';

const z = (e: number, c: number) => zxid(e, c);
const t = (e: number, c: number): ZxidTxn => ({ zxid: z(e, c), txn: { type: 'set', key: 'k', value: `${e}:${c}` } });
const range = (e: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => t(e, from + i));

interface Case {
  name: string;
  p: number;
  L: number;
  log: ZxidTxn[];
  disk?: ZxidTxn[];
  extra?: Partial<SyncInput>;
  mode: 'DIFF' | 'TRUNC' | 'SNAP';
  zxid: number;
  /** zxids sent as PROPOSAL + COMMIT pairs. */
  sent: number[];
  current: number;
}

const epoch1 = range(1, 1, 5);
const twoEpochs = [...range(1, 1, 3), ...range(2, 1, 2)];

const cases: Case[] = [
  { name: '(1) in sync: p == lastProcessedZxid', p: z(1, 5), L: z(1, 5), log: epoch1, mode: 'DIFF', zxid: z(1, 5), sent: [], current: z(1, 5) },
  { name: '(1) fresh ensemble: everything empty', p: 0, L: 0, log: [], mode: 'DIFF', zxid: 0, sent: [], current: 0 },
  { name: '(2) learner ahead of maxCommittedLog: TRUNC to it', p: z(1, 7), L: z(1, 5), log: epoch1, mode: 'TRUNC', zxid: z(1, 5), sent: [], current: z(1, 5) },
  { name: '(2) empty committedLog: [min,max] = [L,L]; learner ahead', p: z(1, 9), L: z(1, 5), log: [], mode: 'TRUNC', zxid: z(1, 5), sent: [], current: z(1, 5) },
  { name: '(3) learner behind inside committedLog: DIFF + the missing txns', p: z(1, 3), L: z(1, 5), log: epoch1, mode: 'DIFF', zxid: z(1, 5), sent: [z(1, 4), z(1, 5)], current: z(1, 5) },
  { name: '(3) learner at min', p: z(1, 1), L: z(1, 5), log: epoch1, mode: 'DIFF', zxid: z(1, 5), sent: [z(1, 2), z(1, 3), z(1, 4), z(1, 5)], current: z(1, 5) },
  {
    name: '(3) old leader\'s uncommitted proposal, next entry of another epoch: SNAP, never TRUNC across epochs',
    p: z(1, 4), L: z(2, 2), log: twoEpochs, mode: 'SNAP', zxid: z(2, 2), sent: [], current: z(2, 2),
  },
  {
    name: '(3) same epoch, learner holds a zxid the leader lacks: TRUNC to the previous entry, then the rest',
    p: z(1, 3), L: z(1, 5), log: [t(1, 1), t(1, 2), t(1, 4), t(1, 5)], mode: 'TRUNC', zxid: z(1, 2), sent: [z(1, 4), z(1, 5)], current: z(1, 5),
  },
  {
    name: '(3) new-epoch learner (zxid(2,0), after a SNAP of a fresh epoch): DIFF, no TRUNC',
    p: z(2, 0), L: z(2, 2), log: twoEpochs, mode: 'DIFF', zxid: z(2, 2), sent: [z(2, 1), z(2, 2)], current: z(2, 2),
  },
  {
    name: '(2) new-epoch learner above maxCommittedLog is not TRUNCed: unhandled, SNAP',
    p: z(2, 0), L: z(1, 5), log: epoch1, mode: 'SNAP', zxid: z(1, 5), sent: [], current: z(1, 5),
  },
  {
    name: '(4) behind committedLog, the on-disk log holds p: DIFF from the log then committedLog',
    p: z(1, 3), L: z(1, 10), log: range(1, 6, 10), disk: range(1, 1, 10), mode: 'DIFF', zxid: z(1, 10),
    sent: [z(1, 4), z(1, 5), z(1, 6), z(1, 7), z(1, 8), z(1, 9), z(1, 10)], current: z(1, 10),
  },
  { name: '(4) behind committedLog, the log cannot serve p (too big or missing): SNAP', p: z(1, 3), L: z(1, 10), log: range(1, 6, 10), disk: [], mode: 'SNAP', zxid: z(1, 10), sent: [], current: z(1, 10) },
  {
    name: '(4) the on-disk log ends before committedLog begins (a gap): SNAP',
    p: z(1, 3), L: z(1, 10), log: range(1, 7, 10), disk: range(1, 3, 5), mode: 'SNAP', zxid: z(1, 10), sent: [], current: z(1, 10),
  },
  { name: '(4) an empty learner joining a restarted ensemble: the log never holds zxid 0, SNAP', p: 0, L: z(1, 20), log: range(1, 1, 20), disk: [], mode: 'SNAP', zxid: z(1, 20), sent: [], current: z(1, 20) },
  {
    name: 'bug ZOOKEEPER-1154: always DIFF inside committedLog — the cross-epoch case DIFFs',
    p: z(1, 4), L: z(2, 2), log: twoEpochs, extra: { alwaysDiffInCommittedLog: true }, mode: 'DIFF', zxid: z(2, 2), sent: [z(2, 1), z(2, 2)], current: z(2, 2),
  },
  {
    name: 'bug ZOOKEEPER-1319: compared with a stale lastProposed (0), an empty learner looks in sync',
    p: 0, L: z(1, 20), log: range(1, 1, 20), disk: [], extra: { inSyncZxid: 0 }, mode: 'DIFF', zxid: 0, sent: [], current: 0,
  },
];

describe('syncFollower decision table', () => {
  it.each(cases)('$name', (c) => {
    const plan = syncFollower({
      peerLastZxid: c.p, lastProcessedZxid: c.L, committedLog: c.log,
      txnLogFrom: (from) => (c.disk ?? []).filter((x) => x.zxid >= from),
      ...c.extra,
    });
    expect(plan.mode).toBe(c.mode);
    expect(plan.zxid).toBe(c.zxid);
    expect(plan.currentZxid).toBe(c.current);
    const proposals = plan.packets.filter((p) => p.type === 'PROPOSAL').map((p) => p.zxid);
    const commits = plan.packets.filter((p) => p.type === 'COMMIT').map((p) => p.zxid);
    expect(proposals).toEqual(c.sent);
    expect(commits).toEqual(c.sent);
    if (c.mode !== 'SNAP') expect(plan.packets[0]).toEqual({ type: c.mode, zxid: c.zxid });
    else expect(plan.packets).toEqual([]);
    expect(plan.minCommittedLog).toBe(c.log[0]?.zxid ?? c.L);
    expect(plan.maxCommittedLog).toBe(c.log.at(-1)?.zxid ?? c.L);
    expect(plan.why.length).toBeGreaterThan(0);
  });

  it('a PROPOSAL is always followed by its COMMIT', () => {
    const plan = syncFollower({ peerLastZxid: z(1, 1), lastProcessedZxid: z(1, 5), committedLog: epoch1, txnLogFrom: () => [] });
    const types = plan.packets.slice(1).map((p) => p.type);
    expect(types).toEqual(['PROPOSAL', 'COMMIT', 'PROPOSAL', 'COMMIT', 'PROPOSAL', 'COMMIT', 'PROPOSAL', 'COMMIT']);
  });
});
