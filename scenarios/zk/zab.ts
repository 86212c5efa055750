// The ZAB scenarios: synchronisation (DIFF, SNAP, TRUNC), broadcast under crashes and lost
// quorums, recovery from disk, rolling restarts, observers, steady write load. Each states
// its expected outcome as data; `converged` means every server up at the end serves with the
// same last committed zxid and the same state digest.
import { zooCfg, type ZkScenarioSpec } from './spec.ts';

const tags = ['zab'];
/** Writes to every server from 0.5 s (followers forward them to the leader). */
const steady = (untilMs: number, ratePerSec = 100) => ({ ratePerSec, fromMs: 500, untilMs });

export const zabSpecs: ZkScenarioSpec[] = [
  {
    id: 'follower-lag-diff', title: 'A follower misses a few txns and catches up by DIFF', tags, zooCfg: zooCfg(3),
    workload: steady(5_000), untilMs: 7_000,
    faults: [{ at: 2_000, fault: { kind: 'crash', node: 1 } }, { at: 3_000, fault: { kind: 'restart', node: 1 } }],
    caption:
      'Writes flow through leader 3 at 100 per second. Follower 1 crashes for one second and misses about a hundred ' +
      'txns. When it comes back it replays its own log, reports its last zxid in ACKEPOCH, and the leader finds that ' +
      'zxid inside its committedLog (the last 500 committed proposals kept in memory): it sends a DIFF — the missing ' +
      'txns as PROPOSAL + COMMIT pairs — then NEWLEADER. The follower logs and applies them, makes them durable, ' +
      'persists the epoch, acks, and is back in the broadcast with the same digest as everyone else.',
    expect: { leader: 3, converged: true, committedAtLeast: 350, syncModes: [{ learner: 1, mode: 'DIFF' }] },
  },
  {
    id: 'follower-behind-snap', title: 'A follower misses too much and gets a snapshot', tags,
    zooCfg: zooCfg(3, { extra: 'snapCount=200' }),
    workload: steady(6_000, 300), untilMs: 8_000,
    faults: [{ at: 1_500, fault: { kind: 'crash', node: 1 } }, { at: 5_000, fault: { kind: 'restart', node: 1 } }],
    caption:
      'Follower 1 is down while more than a thousand txns commit. Its last zxid is now older than the oldest entry of ' +
      'the leader\'s committedLog (500 proposals). The leader could still send txns from its on-disk log, but only ' +
      'if that part of the log is smaller than a third of its snapshot (snapshotSizeFactor 0.33) — with a small ' +
      'state it never is — so it sends a SNAP: its whole state image. The follower replaces its state, takes a ' +
      'snapshot of it at NEWLEADER before acking, and continues from there. Servers also take snapshots of their ' +
      'own every ~snapCount txns (randomised so they do not all do it at once).',
    expect: { leader: 3, converged: true, committedAtLeast: 1_000, syncModes: [{ learner: 1, mode: 'SNAP' }] },
  },
  {
    id: 'follower-ahead-trunc', title: 'An old leader\'s uncommitted txns are truncated', tags, zooCfg: zooCfg(3),
    // New writes wait until 3 is back: a dial 3 began into the partition gets through only
    // with a SYN retransmission, up to ~2 s after the heal; once the new leader commits past
    // 3's last zxid the decision is SNAP (no TRUNC across epochs), not TRUNC.
    workload: [steady(1_500), { ratePerSec: 100, servers: [3], fromMs: 1_500, untilMs: 2_400 }, { ratePerSec: 100, fromMs: 6_500, untilMs: 7_500 }],
    faults: [{ at: 1_500, fault: { kind: 'partition', groups: [[1, 2], [3]] } }, { at: 4_000, fault: { kind: 'heal' } }],
    untilMs: 9_000,
    caption:
      'Leader 3 is cut off from its followers but keeps accepting writes for a while: it proposes and logs them, ' +
      'but no follower acks, so none commits. After syncLimit ticks it sees no quorum and steps down; 1 and 2 elect ' +
      'the one with the higher zxid (2 on a tie). When the partition heals, 3 joins with a last zxid beyond anything ' +
      'the new leader has committed: it sends TRUNC ' +
      'to its last committed zxid, and 3 cuts those proposals from its log and reloads its state from disk. An old ' +
      'epoch\'s uncommitted proposals are discarded — clients never saw them succeed.',
    expect: { leader: 'any', converged: true, truncated: true, syncModes: [{ learner: 3, mode: 'TRUNC' }] },
  },
  {
    id: 'leader-crash-mid-broadcast', title: 'The leader crashes with proposals only it has logged', tags, zooCfg: zooCfg(3),
    workload: steady(5_000, 200), untilMs: 7_000,
    faults: [
      { at: 2_000, fault: { kind: 'oneWay', from: 3, to: 1 } },
      { at: 2_000, fault: { kind: 'oneWay', from: 3, to: 2 } },
      { at: 2_100, fault: { kind: 'crash', node: 3 } },
      { at: 2_200, fault: { kind: 'heal' } },
      { at: 3_000, fault: { kind: 'restart', node: 3 } },
    ],
    caption:
      'For the last 100 ms before it crashes, leader 3\'s packets no longer reach its followers: the proposals it ' +
      'makes then are logged and acked by 3 alone — a minority — so none of them commits. 1 and 2 elect a leader ' +
      '(the higher zxid, else 2) and carry on in epoch 2 with what a quorum had. When 3 restarts, its log holds those ' +
      'proposals; its last zxid is of epoch 1 while the committed log has moved to epoch 2, and a TRUNC may never ' +
      'cross an epoch, so the leader sends a ' +
      'SNAP. The minority\'s proposals vanish; everything that committed survives.',
    expect: { leader: 'any', converged: true, committedAtLeast: 600, syncModes: [{ learner: 3, mode: 'SNAP' }] },
  },
  {
    id: 'quorum-loss-leader-steps-down', title: 'Both followers crash: the leader steps down', tags, zooCfg: zooCfg(3),
    workload: steady(5_000), untilMs: 7_000,
    faults: [
      { at: 2_000, fault: { kind: 'crash', node: 1 } }, { at: 2_000, fault: { kind: 'crash', node: 2 } },
      { at: 4_000, fault: { kind: 'restart', node: 1 } }, { at: 4_000, fault: { kind: 'restart', node: 2 } },
    ],
    caption:
      'Leader 3 loses both followers. Writes still reach it and it still proposes and logs them, but nothing ' +
      'commits without a quorum. Every tick it counts the learners it heard from within syncLimit ticks; with only ' +
      'itself left it is not a quorum, so it steps down (zab.quorumLost) and goes LOOKING, keeping what it logged. ' +
      'When 1 and 2 return, 3 has the highest zxid and wins again: its uncommitted proposals become part of epoch ' +
      '2\'s history and reach the others by DIFF.',
    expect: { leader: 3, epoch: 2, converged: true, syncModes: [{ learner: 1, mode: 'DIFF' }] },
  },
  {
    id: 'restart-with-unsynced-log', title: 'A crash loses the unsynced tail of the log', tags, zooCfg: zooCfg(3),
    tornWrites: true, workload: steady(5_000, 200), untilMs: 7_000,
    faults: [
      { at: 1_500, fault: { kind: 'fsyncDelay', node: 1, extraMs: 300 } },
      { at: 2_000, fault: { kind: 'crash', node: 1 } },
      { at: 2_000, fault: { kind: 'fsyncDelay', node: 1, extraMs: 0 } },
      { at: 2_500, fault: { kind: 'restart', node: 1 } },
    ],
    caption:
      'Follower 1\'s disk becomes slow: every fsync takes 300 ms more. It keeps appending proposals to its log, but it ' +
      'acks each only once it is durable, so the leader commits with 2 and 3. Then 1 crashes: what it appended but ' +
      'had not fsynced is gone, and the write in progress is torn. On restart it reads its newest valid snapshot and ' +
      'replays its log; the torn record fails its checksum, so the log is cut there. It rejoins with the last zxid ' +
      'it really has and catches up by DIFF.',
    expect: { leader: 3, converged: true, tornTail: true, syncModes: [{ learner: 1, mode: 'DIFF' }] },
  },
  {
    id: 'rolling-restart', title: 'Every server is restarted in turn under load', tags, zooCfg: zooCfg(3),
    workload: steady(8_000), untilMs: 10_000,
    faults: [
      { at: 2_000, fault: { kind: 'crash', node: 1 } }, { at: 2_500, fault: { kind: 'restart', node: 1 } },
      { at: 4_000, fault: { kind: 'crash', node: 2 } }, { at: 4_500, fault: { kind: 'restart', node: 2 } },
      { at: 6_000, fault: { kind: 'crash', node: 3 } }, { at: 6_500, fault: { kind: 'restart', node: 3 } },
    ],
    caption:
      'The operator\'s routine: restart one server at a time. A restarted follower catches up by DIFF. When the ' +
      'leader\'s turn comes, its followers elect a new leader within a few hundred ms, and writes arriving meanwhile ' +
      'are refused; the old leader comes back as a follower. At no point are two servers down, so a quorum always ' +
      'exists and nothing committed is lost.',
    expect: { leader: 'any', converged: true, committedAtLeast: 600 },
  },
  {
    id: 'observer-catches-up', title: 'An observer is down, then catches up', tags, zooCfg: zooCfg(3, { observers: [4] }),
    workload: steady(6_000, 300), untilMs: 8_000,
    faults: [{ at: 1_500, fault: { kind: 'crash', node: 4 } }, { at: 4_500, fault: { kind: 'restart', node: 4 } }],
    caption:
      'Server 4 is an observer: it receives INFORM (the committed txn itself) instead of PROPOSAL and COMMIT, never ' +
      'acks, and never counts for a quorum — writes commit as fast without it. It is down while a thousand txns ' +
      'commit; it rejoins with OBSERVERINFO and is synchronised exactly like a follower, here by SNAP, then follows ' +
      'the INFORM stream.',
    expect: { leader: 3, converged: true, syncModes: [{ learner: 4, mode: 'SNAP' }] },
  },
  {
    id: 'write-load-3', title: 'Steady writes on three servers', tags, zooCfg: zooCfg(3),
    workload: { ratePerSec: 300, fromMs: 500, untilMs: 5_000, createPercent: 10, syncPercent: 5 }, untilMs: 6_000,
    caption:
      'Three hundred requests per second, sent to every server; followers forward theirs to the leader. Each write is ' +
      'a proposal with the next zxid; a follower logs it and acks once it is durable (group commit: one fsync covers ' +
      'whatever queued meanwhile); the leader commits as soon as a quorum — itself and one follower — acked, in zxid ' +
      'order, and every server applies in that order. A `create` of a key that exists still takes a zxid: it ' +
      'commits as an error txn that changes nothing. One request in twenty is a client `sync`: a follower forwards ' +
      'it, the leader answers SYNC right after the commit of its last proposal, and the follower completes it only ' +
      'then — so it has applied everything the leader had committed.',
    expect: { leader: 3, converged: true, committedAtLeast: 1_100, learnerSyncsAtLeast: 30 },
  },
  {
    id: 'write-load-5', title: 'Steady writes on five servers', tags, zooCfg: zooCfg(5),
    workload: { ratePerSec: 300, fromMs: 500, untilMs: 5_000, createPercent: 10, syncPercent: 5 }, untilMs: 6_000,
    caption:
      'The same load on five servers: each commit now waits for three acks (the leader and two followers), so the ' +
      'slowest of the two fastest followers sets the pace; in exchange two servers may fail.',
    expect: { leader: 5, converged: true, committedAtLeast: 1_100, learnerSyncsAtLeast: 30 },
  },
];
