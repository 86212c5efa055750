// The scenarios that show the historical bugs of engine/zk/bugs.ts. Each passes as written;
// run with its flag (`zksim run <id> --bug <flag>`) it shows the bug: the expected outcome
// fails (servers end with different digests, or no leader) and the checkers report it.
import { zxid } from '../../engine/zk/zxid.ts';
import { zooCfg, type ZkScenarioSpec } from './spec.ts';

const tags = ['zab', 'bug'];

/**
 * Leader 3 is cut off at 1.5 s and logs writes nobody acks until it steps down; 1 and 2
 * elect one of them (usually 2) and commit epoch-2 writes; the partition heals at 4 s and
 * 3 rejoins.
 */
const partitionedLeader = {
  zooCfg: zooCfg(3),
  workload: [
    { ratePerSec: 100, fromMs: 500, untilMs: 1_500 },
    { ratePerSec: 100, servers: [3], fromMs: 1_500, untilMs: 2_400 },
    { ratePerSec: 100, servers: [1, 2], fromMs: 3_000, untilMs: 3_500 },
    { ratePerSec: 100, fromMs: 5_500, untilMs: 6_500 },
  ],
  faults: [{ at: 1_500, fault: { kind: 'partition' as const, groups: [[1, 2], [3]] } }, { at: 4_000, fault: { kind: 'heal' as const } }],
};

/**
 * Server 1 misses txns while down; leader 3 crashes; 1 comes back with a slow disk and is
 * synced by DIFF from 2; 1 crashes between its currentEpoch write and its log write (which
 * is which depends on the flag); 2 crashes; 1 and 3 must then elect a leader.
 */
const lostDiff = {
  zooCfg: zooCfg(3),
  workload: [{ ratePerSec: 100, fromMs: 500, untilMs: 1_200 }, { ratePerSec: 100, servers: [2, 3], fromMs: 1_400, untilMs: 2_000 }],
  faults: [
    { at: 1_300, fault: { kind: 'crash' as const, node: 1 } },
    { at: 2_100, fault: { kind: 'crash' as const, node: 3 } },
    { at: 2_500, fault: { kind: 'fsyncDelay' as const, node: 1, extraMs: 400 } },
    { at: 2_500, fault: { kind: 'restart' as const, node: 1 } },
    { at: 3_700, fault: { kind: 'crash' as const, node: 1 } },
    { at: 3_700, fault: { kind: 'fsyncDelay' as const, node: 1, extraMs: 0 } },
    { at: 3_800, fault: { kind: 'crash' as const, node: 2 } },
    { at: 4_000, fault: { kind: 'restart' as const, node: 1 } },
    { at: 4_000, fault: { kind: 'restart' as const, node: 3 } },
    { at: 6_000, fault: { kind: 'restart' as const, node: 2 } },
  ],
  untilMs: 9_000,
};

export const zabBugSpecs: ZkScenarioSpec[] = [
  {
    id: 'bug-1154-diff-not-trunc', title: 'ZOOKEEPER-1154: DIFF instead of TRUNC/SNAP', tags, ...partitionedLeader, untilMs: 8_000,
    caption:
      'Old leader 3 logged proposals of epoch 1 that nobody else has; epoch 2 has committed txns since. Its last zxid ' +
      'lies inside the new leader\'s committedLog, but the next entry there is of another epoch: ZooKeeper sends a ' +
      'SNAP (it never TRUNCs across epochs). With --bug sync-1154 the leader sends a DIFF: 3 keeps the proposals nobody ' +
      'committed and applies epoch 2 on top of them — its digest differs from everyone else\'s from then on.',
    expect: { leader: 'any', converged: true, syncModes: [{ learner: 3, mode: 'SNAP' }] },
  },
  {
    id: 'bug-2845-no-fastforward', title: 'ZOOKEEPER-2845: no fast-forward when a role ends', tags,
    ...partitionedLeader,
    faults: [...partitionedLeader.faults, { at: 5_000, fault: { kind: 'crash', node: 3 } }, { at: 5_200, fault: { kind: 'restart', node: 3 } }],
    untilMs: 8_000,
    caption:
      'When old leader 3 steps down, ZooKeeper replays its own log onto its state (fast-forward), so it reports the ' +
      'zxid of the last proposal it logged and is SNAPed on rejoining. With --bug no-fastforward-2845 its state stays ' +
      'at its last commit: it reports that lower zxid, gets a DIFF, and appends epoch 2 after proposals nobody ' +
      'committed. Nothing shows until 3 restarts and replays its log — then those proposals resurface and its digest ' +
      'parts from the others.',
    expect: { leader: 'any', converged: true, syncModes: [{ learner: 3, mode: 'SNAP' }] },
  },
  {
    id: 'bug-1319-stale-lastproposed', title: 'ZOOKEEPER-1319: an empty server judged in sync', tags, zooCfg: zooCfg(3),
    init: { 1: { lastZxid: zxid(1, 20) }, 2: { lastZxid: zxid(1, 20) } },
    workload: { ratePerSec: 100, fromMs: 1_500, untilMs: 3_000 }, untilMs: 4_500,
    caption:
      'Servers 1 and 2 restart with 20 txns; server 3 is new and empty. 2 leads and 3 must receive a SNAP (its zxid 0 ' +
      'is below anything the leader can DIFF from). With --bug sync-1319 the leader compares 3 with a lastProposed it ' +
      'never initialised (0): 3 looks in sync, gets an empty DIFF, and applies every later txn to an empty state.',
    expect: { leader: 2, converged: true, syncModes: [{ learner: 3, mode: 'SNAP' }] },
  },
  {
    id: 'bug-4643-epoch-before-log', title: 'ZOOKEEPER-4643: currentEpoch before the txns are durable', tags, ...lostDiff,
    caption:
      'Server 1 is being synced by DIFF on a slow disk (400 ms per fsync) and crashes 1.2 s after restarting. ZooKeeper ' +
      '3.8.6 writes the DIFF\'s txns, then currentEpoch, then acks NEWLEADER, so 1 comes back either with the txns or ' +
      'without the new epoch. With --bug learner-4643 (3.8.4\'s order) it persists currentEpoch 2 first: it comes back ' +
      'with epoch 2 and a short log, beats server 3 (epoch 1, more txns) in the election because the epoch is compared ' +
      'first, and TRUNCs 3 — committed txns are lost.',
    expect: { leader: 'any', converged: true, committedAtLeast: 100 },
  },
  {
    id: 'bug-3911-ack-unlogged-diff', title: 'ZOOKEEPER-3911: NEWLEADER acked with the DIFF only in memory', tags, ...lostDiff,
    caption:
      'The same run as bug-4643-epoch-before-log. Before ZOOKEEPER-3911 a learner kept the txns of a DIFF in memory ' +
      'and logged them only after UPTODATE, yet acked NEWLEADER at once: the new leader counted it as holding its ' +
      'history. With --bug learner-3911, server 1 crashes with currentEpoch 2 and none of those txns, wins the next ' +
      'election on its epoch and truncates txns a quorum had committed.',
    expect: { leader: 'any', converged: true, committedAtLeast: 100 },
  },
  {
    id: 'bug-1419-epoch-tiebreak', title: 'ZOOKEEPER-1419: votes that beat each other', tags: ['election', 'bug'], zooCfg: zooCfg(5),
    init: {
      1: { lastZxid: zxid(1, 3), currentEpoch: 2, acceptedEpoch: 2 }, 2: { lastZxid: zxid(1, 3), currentEpoch: 2, acceptedEpoch: 2 },
      3: { lastZxid: zxid(1, 3) }, 4: { lastZxid: zxid(1, 3) }, 5: { lastZxid: zxid(1, 3) },
    },
    untilMs: 800, qcmSendCostUs: 100,
    caption:
      'All five servers logged the same txns, but 1 and 2 have acknowledged a NEWLEADER of epoch 2. The vote order is ' +
      'epoch, then zxid, then server id, so everyone converges on 2. Before ZOOKEEPER-1419 the id tie-break ignored ' +
      'the epoch: (epoch 1, id 5) beat (epoch 2, id 2) on id, and (epoch 2, id 2) beat it back on epoch — votes keep ' +
      'flipping and the ensemble never settles on a leader (--bug fle-1419). Each server\'s election sender is ' +
      'busy 100 µs per message here, so only the newest vote per peer waits (ZooKeeper\'s capacity-1 queue).',
    expect: { leader: 2, epoch: 3 },
  },
];
