// The leader-election scenarios: start-up, crashes, partitions, votes decided by epoch,
// zxid or sid, observers and hierarchical quorums. Each states its expected outcome.
import { zxid } from '../../engine/zk/zxid.ts';
import { zooCfg, type ZkScenarioSpec } from './spec.ts';

const tags = ['election'];

export const electionSpecs: ZkScenarioSpec[] = [
  {
    id: 'startup-3', title: 'Three empty servers start together', tags, zooCfg: zooCfg(3), untilMs: 3_000,
    caption:
      'Three servers start at once with empty disks, so every vote carries the same epoch (0) and the same zxid ' +
      '(0x0). Each server first votes for itself; FastLeaderElection compares votes by epoch, then zxid, then ' +
      'server id, so the tie is broken by the highest id: servers 1 and 2 switch to voting for 3. Once a server ' +
      'sees a quorum (2 of 3) agreeing with its vote it waits 200 ms (finalizeWait) for a better one, then decides. ' +
      'Server 3 then runs discovery: a quorum of FOLLOWERINFO fixes epoch 1, a quorum of ACKEPOCH establishes it.',
    expect: { leader: 3, states: { 1: 'FOLLOWING', 2: 'FOLLOWING', 3: 'LEADING' }, epoch: 1 },
    steps: [
      { on: { e: 'fle.vote' }, text: 'A server changes its vote: the received vote wins on server id, since epoch and zxid tie.' },
      { on: { e: 'fle.decide', node: 3 }, text: 'Server 3 has a quorum of votes for itself and no better vote arrived during the 200 ms finalize wait: it leads.' },
      { on: { e: 'zab.established' }, text: 'A quorum acknowledged epoch 1: the leader is established.' },
    ],
  },
  {
    id: 'startup-4', title: 'Four empty servers start together', tags, zooCfg: zooCfg(4), untilMs: 3_000,
    caption:
      'Like startup-3 with a fourth server: server 4 wins on id. A quorum of 4 is 3 servers, so the leader needs ' +
      'two followers (not one) to acknowledge its epoch — a fourth server adds one more vote to wait for and no ' +
      'extra tolerance: 4 servers survive one failure, exactly like 3.',
    expect: { leader: 4, states: { 1: 'FOLLOWING', 2: 'FOLLOWING', 3: 'FOLLOWING', 4: 'LEADING' }, epoch: 1 },
  },
  {
    id: 'startup-5', title: 'Five empty servers start together', tags, zooCfg: zooCfg(5), untilMs: 3_000,
    caption:
      'Five servers: server 5 wins on id, and a quorum is 3 — so five servers tolerate two failures, the first ' +
      'size that tolerates more than three servers do.',
    expect: { leader: 5, states: { 1: 'FOLLOWING', 2: 'FOLLOWING', 3: 'FOLLOWING', 4: 'FOLLOWING', 5: 'LEADING' }, epoch: 1 },
  },
  {
    id: 'staggered-start-3', title: 'Servers start one by one', tags, zooCfg: zooCfg(3),
    startAtMs: { 2: 1_000, 3: 3_000 }, untilMs: 5_000,
    caption:
      'Server 1 starts alone and keeps LOOKING: one vote is not a quorum, and its notification interval doubles ' +
      '(200, 400, 800 ms...). When server 2 starts, 1 and 2 form a quorum of 3 and elect 2, the higher id. ' +
      'Server 3 starts later with an equal zxid but finds a leader already established: it asks, receives ' +
      'votes from servers in FOLLOWING/LEADING state, and follows 2 — a late higher id does not depose a leader.',
    expect: { leader: 2, states: { 1: 'FOLLOWING', 2: 'LEADING', 3: 'FOLLOWING' }, epoch: 1 },
    steps: [
      { on: { e: 'fle.timeout', node: 1 }, text: 'Server 1 hears nothing back: it backs off and re-sends its notifications.' },
      { on: { e: 'fle.decide', node: 3 }, text: 'Server 3 joins late in round 1, the round 1 and 2 elected in: their FOLLOWING/LEADING replies count in its recvset, a quorum of them names 2, and it follows 2 (recvset).' },
    ],
  },
  {
    id: 'leader-crash-3', title: 'The leader of three crashes, then returns', tags, zooCfg: zooCfg(3),
    faults: [{ at: 2_000, fault: { kind: 'crash', node: 3 } }, { at: 5_000, fault: { kind: 'restart', node: 3 } }],
    untilMs: 7_000,
    caption:
      'Server 3 leads epoch 1 and crashes at 2 s. Its followers see the connection close and go LOOKING; both ' +
      'have the same epoch and zxid, so the higher id, 2, wins and starts epoch 2. When 3 restarts it votes for ' +
      'itself, learns that 1 and 2 are FOLLOWING/LEADING with epoch 2, and rejoins as a follower.',
    expect: { leader: 2, states: { 1: 'FOLLOWING', 2: 'LEADING', 3: 'FOLLOWING' }, epoch: 2 },
  },
  {
    id: 'leader-crash-4', title: 'The leader of four crashes', tags, zooCfg: zooCfg(4),
    faults: [{ at: 2_000, fault: { kind: 'crash', node: 4 } }], untilMs: 5_000,
    caption:
      'Server 4 leads and crashes. Three servers remain — still a quorum of 4 (3 votes) — and server 3 wins. ' +
      'One more crash now would stop the ensemble, exactly as for three servers with one down.',
    expect: { leader: 3, states: { 1: 'FOLLOWING', 2: 'FOLLOWING', 3: 'LEADING', 4: 'DOWN' }, epoch: 2 },
  },
  {
    id: 'highest-zxid-wins', title: 'The most up-to-date server wins over a higher id', tags, zooCfg: zooCfg(3),
    init: { 1: { lastZxid: zxid(1, 0x12) }, 2: { lastZxid: zxid(1, 0x10) }, 3: { lastZxid: zxid(1, 0x11) } },
    untilMs: 3_000,
    caption:
      'All three servers are in epoch 1, but server 1 logged the most transactions (zxid 0x100000012). Votes ' +
      'compare epoch first (a tie), then zxid: 0x100000012 beats 0x100000011 and 0x100000010, so servers 2 and 3 ' +
      'switch to voting for 1 although their ids are higher. Electing the server with the longest history means ' +
      'no committed transaction is lost.',
    expect: { leader: 1, states: { 1: 'LEADING', 2: 'FOLLOWING', 3: 'FOLLOWING' }, epoch: 2 },
  },
  {
    id: 'epoch-beats-zxid', title: 'A higher epoch beats a higher zxid', tags, zooCfg: zooCfg(3),
    init: {
      1: { lastZxid: zxid(1, 3), currentEpoch: 2, acceptedEpoch: 2 },
      2: { lastZxid: zxid(1, 9) },
      3: { lastZxid: zxid(1, 5) },
    },
    untilMs: 3_000,
    caption:
      'Server 1 acknowledged a NEWLEADER of epoch 2 before its transactions arrived, so its currentEpoch is 2 while ' +
      'its last zxid (0x100000003) is lower than server 2\'s (0x100000009). Blog posts say "highest zxid wins"; ' +
      'ZooKeeper compares the vote\'s epoch (the persisted currentEpoch) first, so server 1 wins and leads epoch 3.',
    expect: { leader: 1, states: { 1: 'LEADING', 2: 'FOLLOWING', 3: 'FOLLOWING' }, epoch: 3 },
  },
  {
    id: 'sid-tiebreak', title: 'Equal epoch and zxid: the highest id wins', tags, zooCfg: zooCfg(3),
    init: { 1: { lastZxid: zxid(1, 7) }, 2: { lastZxid: zxid(1, 7) }, 3: { lastZxid: zxid(1, 7) } },
    untilMs: 3_000,
    caption:
      'Every server is in epoch 1 with zxid 0x100000007: only the server id is left to decide, and 3 wins. The ' +
      'id is an arbitrary but total order that makes every server converge on the same vote.',
    expect: { leader: 3, states: { 1: 'FOLLOWING', 2: 'FOLLOWING', 3: 'LEADING' }, epoch: 2 },
  },
  {
    id: 'split-2-1-of-3', title: 'A 2|1 partition of three', tags, zooCfg: zooCfg(3),
    faults: [{ at: 2_000, fault: { kind: 'partition', groups: [[1, 2], [3]] } }], untilMs: 6_000,
    caption:
      'Leader 3 is cut off from 1 and 2. It no longer hears from a quorum and steps down after syncLimit ticks ' +
      '(5 × 200 ms); its followers stop hearing pings and go LOOKING after the same time. 1 and 2 are a quorum and ' +
      'elect 2; the lone server 3 keeps LOOKING, its notifications unanswered.',
    expect: { leader: 2, states: { 1: 'FOLLOWING', 2: 'LEADING', 3: 'LOOKING' }, epoch: 2 },
  },
  {
    id: 'split-2-2-of-4', title: 'A 2|2 partition of four: nobody leads', tags, zooCfg: zooCfg(4),
    faults: [{ at: 2_000, fault: { kind: 'partition', groups: [[1, 2], [3, 4]] } }], untilMs: 20_000,
    caption:
      'Four servers split two and two. A quorum of four is three, so neither side can elect: the leader steps ' +
      'down, everyone goes LOOKING, and their notification intervals back off towards 60 s. Nobody serves ' +
      'clients. This is why a fourth server adds no fault tolerance over three: it just adds a way to split evenly.',
    expect: { leader: null, states: { 1: 'LOOKING', 2: 'LOOKING', 3: 'LOOKING', 4: 'LOOKING' } },
  },
  {
    id: 'split-3-1-of-4', title: 'A 3|1 partition of four', tags, zooCfg: zooCfg(4),
    faults: [{ at: 2_000, fault: { kind: 'partition', groups: [[1, 2, 3], [4]] } }], untilMs: 6_000,
    caption:
      'Leader 4 is cut off alone; servers 1, 2 and 3 are a quorum of four and elect 3. Server 4 keeps LOOKING.',
    expect: { leader: 3, states: { 1: 'FOLLOWING', 2: 'FOLLOWING', 3: 'LEADING', 4: 'LOOKING' }, epoch: 2 },
  },
  {
    id: 'crash-2-of-3', title: 'Two of three crash: no quorum', tags, zooCfg: zooCfg(3),
    faults: [{ at: 2_000, fault: { kind: 'crash', node: 3 } }, { at: 2_500, fault: { kind: 'crash', node: 2 } }],
    untilMs: 8_000,
    caption:
      'After the leader and then a second server crash, server 1 is alone: one vote out of three is not a quorum, ' +
      'so it keeps LOOKING and serves nobody, however long it waits.',
    expect: { leader: null, states: { 1: 'LOOKING', 2: 'DOWN', 3: 'DOWN' } },
  },
  {
    id: 'crash-2-of-4', title: 'Two of four crash: no quorum', tags, zooCfg: zooCfg(4),
    faults: [{ at: 2_000, fault: { kind: 'crash', node: 4 } }, { at: 2_500, fault: { kind: 'crash', node: 3 } }],
    untilMs: 8_000,
    caption:
      'Two of four servers crash: the two left are not a quorum (3 of 4), so they keep LOOKING. Four servers ' +
      'tolerate one failure — the same as three.',
    expect: { leader: null, states: { 1: 'LOOKING', 2: 'LOOKING', 3: 'DOWN', 4: 'DOWN' } },
  },
  {
    id: 'lost-notifications', title: 'Election under message loss', tags, zooCfg: zooCfg(3),
    faults: [{ at: 0, fault: { kind: 'loss', probability: 0.2 } }, { at: 3_000, fault: { kind: 'loss', probability: 0 } }],
    untilMs: 10_000,
    caption:
      'One message in five is lost while the servers start. ZooKeeper\'s election runs over TCP, so a loss resets ' +
      'the connection and the queued notification is re-sent when the connection is re-established; rounds may ' +
      'time out and repeat, and a leader may be established and lost again; once loss stops, the servers agree ' +
      'on one leader — not always 3: after lost rounds their persisted epochs differ, and the epoch decides first. ' +
      'Watch for a server stuck outside: a would-be leader that persisted acceptedEpoch 2 before its LEADERINFO ' +
      'was lost refuses to follow a leader of epoch 1 ("leader\'s epoch is less than our accepted epoch") and ' +
      'keeps LOOKING until a later election raises the epoch — ZooKeeper 3.8 does the same.',
    expect: { leader: 'any' },
  },
  {
    id: 'observer-5', title: 'An observer follows but never votes', tags, zooCfg: zooCfg(4, { observers: [5] }),
    untilMs: 3_000,
    caption:
      'Server 5 is an observer. Although its id is the highest, it is not a voter: its own vote is ignored by the ' +
      'others and it never counts towards a quorum. The four participants elect 4, and 5 learns the outcome from ' +
      'their replies and goes OBSERVING.',
    expect: { leader: 4, states: { 1: 'FOLLOWING', 2: 'FOLLOWING', 3: 'FOLLOWING', 4: 'LEADING', 5: 'OBSERVING' }, epoch: 1 },
  },
  {
    id: 'hierarchical-9', title: 'Nine servers in three groups', tags,
    zooCfg: zooCfg(9, { extra: 'group.1=1:2:3\ngroup.2=4:5:6\ngroup.3=7:8:9' }),
    faults: [
      { at: 2_000, fault: { kind: 'crash', node: 9 } },
      { at: 2_000, fault: { kind: 'crash', node: 8 } },
      { at: 2_000, fault: { kind: 'crash', node: 7 } },
    ],
    untilMs: 6_000,
    caption:
      'A hierarchical quorum: a group agrees when a majority of its weight agrees, and a quorum is a majority of ' +
      'groups. When the whole third group (7, 8, 9, including leader 9) crashes, groups 1 and 2 still make a ' +
      'majority of groups, so the remaining six servers elect 6.',
    expect: { leader: 6, states: { 1: 'FOLLOWING', 6: 'LEADING', 7: 'DOWN', 8: 'DOWN', 9: 'DOWN' }, epoch: 2 },
  },
];
