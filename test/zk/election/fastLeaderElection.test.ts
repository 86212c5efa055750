// FastLeaderElection driven by literal notifications through a fake host/ctx/transport
// (no network): the lookForLeader loop, the finalize drain, out-of-election decisions, backoff.
import { describe, expect, it } from 'vitest';
import { FLE_FINALIZE_TIMER, FLE_POLL_TIMER } from '../../../engine/zk/election/fastLeaderElection.ts';
import { LONG_MIN, zxid } from '../../../engine/zk/zxid.ts';
import { advance, fire, n, rig, verifier, type Rig } from './helpers.ts';

const MS = 1_000;
const lastRecv = (r: Rig) => r.ctx.of('fle.recv').at(-1)!;

describe('FastLeaderElection: a round among LOOKING voters', () => {
  it('3 fresh voters: sid 3 wins, decided 200 ms after the last poll', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    expect(r.fle.logicalclock).toBe(1);
    expect(r.tr.take().map((s) => [s.to, s.msg.leader, s.msg.electionEpoch, s.msg.state])).toEqual([
      [1, 1, 1, 'LOOKING'], [2, 1, 1, 'LOOKING'], [3, 1, 1, 'LOOKING'],
    ]);
    r.fle.receive(n(1, 1, 0, 1, 0)); // my own notification, looped back
    expect(lastRecv(r).action).toBe('kept');
    r.fle.receive(n(2, 2, 0, 1, 0));
    expect(lastRecv(r)).toMatchObject({ action: 'adopted', cmp: { decidedBy: 'sid', winner: 'received' } });
    r.fle.receive(n(3, 3, 0, 1, 0));
    expect(r.fle.getVote()).toEqual({ leader: 3, zxid: 0, peerEpoch: 0 });
    expect(r.ctx.of('fle.vote').map((e) => [(e.from as { leader: number }).leader, (e.to as { leader: number }).leader, e.decidedBy]))
      .toEqual([[1, 2, 'sid'], [2, 3, 'sid']]);
    r.fle.receive(n(1, 3, 0, 1, 0)); // my new vote, looped back: 1 and 3 agree on 3
    expect(r.ctx.of('fle.tally').at(-1)).toMatchObject({ agreeing: [1, 3], quorum: true });
    expect(r.fle.phase).toBe('finalizing');
    expect(r.ctx.hasTimer(FLE_POLL_TIMER)).toBe(false);
    advance(r, 50 * MS);
    r.fle.receive(n(2, 3, 0, 1, 0)); // not better: consumed, and the 200 ms wait restarts
    expect(lastRecv(r).action).toBe('consumed-in-finalize');
    expect(r.ctx.due(FLE_FINALIZE_TIMER)).toBe(250 * MS);
    fire(r, FLE_FINALIZE_TIMER);
    expect(r.host.decided).toHaveLength(1);
    expect(r.host.decided[0]).toMatchObject({
      how: 'recvset', t: 250 * MS, info: { state: 'FOLLOWING', agreeing: [1, 3] },
      vote: { leader: 3, zxid: 0, electionEpoch: 1, peerEpoch: 0, state: 'LOOKING', version: 0 },
    });
    expect(r.host.state).toBe('FOLLOWING');
    expect(r.fle.currentVote.leader).toBe(3);
    expect(r.ctx.timers.size).toBe(0);
    expect(r.ctx.of('fle.decide')[0]).toMatchObject({ leader: 3, via: 'recvset', agreeing: [1, 3], logicalclock: 1, state: 'FOLLOWING' });
  });

  it('the winner decides LEADING', () => {
    const r = rig(3, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(3, 3, 0, 1, 0));
    r.fle.receive(n(1, 1, 0, 1, 0));
    r.fle.receive(n(1, 3, 0, 1, 0));
    fire(r, FLE_FINALIZE_TIMER);
    expect(r.host.decided[0]!.info.state).toBe('LEADING');
  });

  it('a later round clears recvset and compares against the INITIAL vote, not the proposal', () => {
    const r = rig(1, verifier([1, 2, 3]), zxid(1, 5), 1);
    r.fle.lookForLeader();
    r.fle.receive(n(2, 3, zxid(1, 9), 1, 1));
    expect(r.fle.getVote().leader).toBe(3);
    r.tr.take();
    r.fle.receive(n(3, 2, zxid(1, 1), 5, 1));
    expect(r.fle.logicalclock).toBe(5);
    expect(lastRecv(r)).toMatchObject({
      action: 'new-round', logicalclock: 1,
      cmp: { current: { leader: 1, zxid: zxid(1, 5), peerEpoch: 1 }, decidedBy: 'zxid', winner: 'current' },
    });
    expect(r.fle.getVote()).toEqual({ leader: 1, zxid: zxid(1, 5), peerEpoch: 1 }); // back to my own vote
    expect(r.ctx.of('fle.vote').at(-1)).toMatchObject({ because: 'higher round', to: { leader: 1 } });
    expect((r.ctx.of('fle.tally').at(-1)!.recvset as { sid: number }[]).map((e) => e.sid)).toEqual([3]);
    expect(r.tr.sent.map((s) => [s.to, s.msg.leader, s.msg.electionEpoch])).toEqual([[1, 1, 5], [2, 1, 5], [3, 1, 5]]);
  });

  it('ignores LOOKING notifications of an older round (not recorded)', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(2, 2, 0, 4, 0));
    r.fle.receive(n(3, 3, 0, 2, 0));
    expect(lastRecv(r).action).toBe('ignored-old-round');
    expect(r.fle.getVote().leader).toBe(2);
  });

  it('during the finalize wait a notification that is not better is lost, even from a later round', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(2, 2, 0, 1, 0));
    r.fle.receive(n(1, 2, 0, 1, 0));
    expect(r.fle.phase).toBe('finalizing');
    r.fle.receive(n(3, 1, 0, 9, 0)); // round 9, worse vote
    expect(lastRecv(r).action).toBe('consumed-in-finalize');
    expect(r.fle.logicalclock).toBe(1);
    fire(r, FLE_FINALIZE_TIMER);
    expect(r.host.decided[0]!.vote).toMatchObject({ leader: 2, electionEpoch: 1 });
  });

  it('a better notification interrupts the finalize wait, is put back and then processed', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(2, 2, 0, 1, 0));
    r.fle.receive(n(1, 2, 0, 1, 0));
    expect(r.fle.phase).toBe('finalizing');
    r.fle.receive(n(3, 3, 0, 1, 0));
    expect(r.ctx.of('fle.recv').slice(-2).map((e) => e.action)).toEqual(['put-back', 'adopted']);
    expect(r.ctx.of('fle.finalize').map((e) => e.phase)).toEqual(['wait', 'interrupted']);
    expect(r.fle.phase).toBe('polling');
    expect(r.ctx.hasTimer(FLE_FINALIZE_TIMER)).toBe(false);
    expect(r.ctx.of('fle.tally').at(-1)).toMatchObject({ agreeing: [3], quorum: false });
    r.fle.receive(n(2, 3, 0, 1, 0));
    fire(r, FLE_FINALIZE_TIMER);
    expect(r.host.decided[0]!.vote.leader).toBe(3);
  });

  it('notifications received while LOOKING but before lookForLeader are queued for the round', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.receive(n(2, 2, 0, 1, 0));
    expect(lastRecv(r).action).toBe('queued');
    r.fle.lookForLeader();
    expect(lastRecv(r).action).toBe('adopted');
    expect(r.fle.getVote().leader).toBe(2);
  });

  it('with bug 1419 a lower-epoch higher-sid vote is adopted on sid alone', () => {
    const fixed = rig(1, verifier([1, 2, 3, 4, 5]), zxid(1, 3), 2);
    const buggy = rig(1, verifier([1, 2, 3, 4, 5]), zxid(1, 3), 2, { bug1419: true });
    for (const r of [fixed, buggy]) {
      r.fle.lookForLeader();
      r.fle.receive(n(5, 5, zxid(1, 3), 1, 1));
    }
    expect(lastRecv(fixed)).toMatchObject({ action: 'kept', cmp: { decidedBy: 'epoch' } });
    expect(lastRecv(buggy)).toMatchObject({ action: 'adopted', cmp: { decidedBy: 'sid' } });
  });
});

describe('FastLeaderElection: FOLLOWING/LEADING notifications', () => {
  it('decides via outofelection only once checkLeader holds (the leader said LEADING itself)', () => {
    const r = rig(1, verifier([1, 2, 3, 4, 5]));
    r.fle.lookForLeader();
    for (const s of [2, 4, 5]) r.fle.receive(n(s, 3, zxid(2, 7), 7, 2, 'FOLLOWING'));
    expect(r.ctx.of('fle.outofelection').at(-1)).toMatchObject({ agreeing: [2, 4, 5], quorum: true, checkLeader: false });
    expect(r.host.decided).toHaveLength(0);
    r.fle.receive(n(3, 3, zxid(2, 9), 7, 2, 'LEADING'));
    expect(r.host.decided[0]).toMatchObject({
      how: 'outofelection', info: { state: 'FOLLOWING', agreeing: [2, 3, 4, 5] },
      vote: { leader: 3, zxid: zxid(2, 9), electionEpoch: 7, peerEpoch: 2 },
    });
    expect(r.fle.logicalclock).toBe(7);
  });

  it('outofelection compares peerEpoch: followers reporting 0xb8 and a leader 0xb9 never agree (ZOOKEEPER-1732)', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(2, 3, zxid(0xb8, 4), 7, 0xb8, 'FOLLOWING'));
    r.fle.receive(n(3, 3, zxid(0xb9, 0), 7, 0xb9, 'LEADING'));
    expect(r.ctx.of('fle.outofelection').at(-1)).toMatchObject({ agreeing: [3], quorum: false, checkLeader: true });
    expect(r.host.decided).toHaveLength(0);
  });

  it('in this round, recvset matches FOLLOWING/LEADING votes on the leader id alone (version 0 vs 2)', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(2, 3, zxid(0xb8, 4), 1, 0xb8, 'FOLLOWING'));
    r.fle.receive(n(3, 3, zxid(0xb9, 0), 1, 0xb9, 'LEADING'));
    expect(r.ctx.of('fle.tally').at(-1)).toMatchObject({ agreeing: [2, 3], quorum: true, checkLeader: true });
    expect(r.host.decided[0]).toMatchObject({ how: 'recvset', vote: { leader: 3, peerEpoch: 0xb9 } });
  });

  it('if the others follow me in my round, I lead (checkLeader: round == logicalclock)', () => {
    const r = rig(3, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(1, 3, 0, 1, 0, 'FOLLOWING'));
    r.fle.receive(n(2, 3, 0, 1, 0, 'FOLLOWING'));
    expect(r.host.decided[0]).toMatchObject({ how: 'recvset', info: { state: 'LEADING' } });
  });

  it('OBSERVING notifications from a voter are ignored', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(2, 3, 0, 1, 0, 'OBSERVING'));
    expect(lastRecv(r).action).toBe('ignored-observing');
  });
});

describe('FastLeaderElection: notification timeout', () => {
  it('backs off 200, 400, 800 … capped at 60 000 ms; resends if any queue drained, else connectAll', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.tr.take();
    for (let i = 0; i < 12; i++) {
      if (i === 6) r.tr.delivered = false;
      fire(r, FLE_POLL_TIMER);
    }
    expect(r.ctx.of('fle.timeout').map((e) => e.intervalMs)).toEqual([
      200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000, 60000,
    ]);
    expect(r.ctx.of('fle.timeout').map((e) => e.action)).toEqual([...Array(6).fill('resend'), ...Array(6).fill('connectAll')]);
    expect(r.tr.sent).toHaveLength(6 * 3);
    expect(r.tr.connectAlls).toBe(6);
    expect(r.ctx.t).toBe((200 + 400 + 800 + 1600 + 3200 + 6400 + 12800 + 25600 + 51200 + 3 * 60000) * MS);
  });

  it('a received notification restarts the wait but does not reset the interval', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    fire(r, FLE_POLL_TIMER);
    fire(r, FLE_POLL_TIMER);
    advance(r, 100 * MS);
    r.fle.receive(n(2, 2, 0, 1, 0));
    expect(r.ctx.due(FLE_POLL_TIMER)).toBe(r.ctx.t + 800 * MS);
  });
});

describe('FastLeaderElection: the WorkerReceiver answers', () => {
  it('a non-voter at once with my currentVote and logicalclock, without queueing it', () => {
    const r = rig(1, verifier([1, 2, 3]), zxid(1, 4), 1);
    r.fle.lookForLeader();
    r.tr.take();
    r.fle.receive(n(4, LONG_MIN, LONG_MIN, 1, LONG_MIN));
    expect(r.tr.take().map((s) => s.msg)).toEqual([{
      type: 'NOTIFICATION', state: 'LOOKING', leader: 1, zxid: zxid(1, 4), electionEpoch: 1, peerEpoch: 1, version: 2,
    }]);
    expect(r.ctx.of('fle.reply').at(-1)).toMatchObject({ to: 4, reason: 'non-voter-sender' });
    expect(r.ctx.of('fle.tally')).toHaveLength(0);
  });

  it('a LOOKING voter of an older round with my proposal and logicalclock', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(3, 3, 0, 3, 0));
    r.tr.take();
    r.fle.receive(n(2, 2, 0, 1, 0));
    expect(r.tr.take().map((s) => [s.to, s.msg.leader, s.msg.electionEpoch, s.msg.state])).toEqual([[2, 3, 3, 'LOOKING']]);
  });

  it('once decided: a LOOKING voter gets currentVote with the round I decided in and my state', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(2, 3, 0, 1, 0, 'FOLLOWING'));
    r.fle.receive(n(3, 3, 0, 1, 0, 'LEADING'));
    expect(r.host.state).toBe('FOLLOWING');
    r.fle.updateElectionVote(1); // after UPTODATE
    r.tr.take();
    r.fle.receive(n(2, 2, 0, 6, 0));
    expect(r.tr.take().map((s) => s.msg)).toEqual([{
      type: 'NOTIFICATION', state: 'FOLLOWING', leader: 3, zxid: 0, electionEpoch: 1, peerEpoch: 1, version: 2,
    }]);
    expect(r.host.lookingReports).toEqual([2]);
    r.fle.receive(n(3, 3, 0, 1, 0, 'LEADING')); // both out of election: dropped
    expect(r.tr.sent).toHaveLength(0);
    expect(lastRecv(r).action).toBe('dropped-both-out-of-election');
  });
});

describe('FastLeaderElection: observers, weight 0, empty servers', () => {
  it('an observer votes Long.MIN_VALUE×3, notifies voters only, and decides OBSERVING once the leader says LEADING', () => {
    const r = rig(4, verifier([1, 2, 3]), zxid(1, 2), 1, { observer: true });
    r.fle.lookForLeader();
    expect(r.fle.getVote()).toEqual({ leader: LONG_MIN, zxid: LONG_MIN, peerEpoch: LONG_MIN });
    expect(r.tr.take().map((s) => s.to)).toEqual([1, 2, 3]);
    for (const s of [1, 2, 3]) r.fle.receive(n(s, s, 0, 1, 0)); // fresh voters answer with their own votes
    expect(r.host.decided).toHaveLength(0);
    r.fle.receive(n(1, 3, 0, 1, 0, 'FOLLOWING'));
    expect(r.ctx.of('fle.tally').at(-1)).toMatchObject({ agreeing: [1, 3], quorum: true, checkLeader: false });
    expect(r.host.decided).toHaveLength(0);
    r.fle.receive(n(3, 3, 0, 1, 0, 'LEADING'));
    expect(r.host.decided[0]).toMatchObject({ how: 'recvset', info: { state: 'OBSERVING' }, vote: { leader: 3 } });
  });

  it('quirk: an observer may decide from LOOKING voters that all answer with the same stale currentVote', () => {
    // Voters 1 and 2 follow 3 until it crashes; LOOKING in round 2 they answer the observer's
    // notification with currentVote (3 …) — ZK replies to non-voters with currentVote, not the proposal.
    const r = rig(4, verifier([1, 2, 3]), zxid(1, 2), 1, { observer: true });
    r.fle.lookForLeader();
    r.fle.receive(n(1, 3, zxid(1, 2), 2, 1));
    r.fle.receive(n(2, 3, zxid(1, 2), 2, 1));
    fire(r, FLE_FINALIZE_TIMER);
    expect(r.host.decided[0]).toMatchObject({ how: 'recvset', info: { state: 'OBSERVING', agreeing: [1, 2] }, vote: { leader: 3 } });
  });

  it('a weight-0 voter never wins a comparison and never gathers a quorum for itself', () => {
    const qv = verifier([1, 2, 3], { 3: 0 });
    const other = rig(1, qv);
    other.fle.lookForLeader();
    other.fle.receive(n(3, 3, zxid(1, 9), 1, 1));
    expect(lastRecv(other)).toMatchObject({ action: 'kept', cmp: { decidedBy: 'weight', winner: 'current' } });

    const r = rig(3, qv, zxid(1, 9), 1);
    r.fle.lookForLeader();
    r.fle.receive(n(3, 3, zxid(1, 9), 1, 1));
    r.fle.receive(n(1, 2, zxid(1, 2), 1, 1));
    r.fle.receive(n(2, 2, zxid(1, 2), 1, 1));
    expect(r.ctx.of('fle.tally').at(-1)).toMatchObject({ agreeing: [3], quorum: false });
    r.fle.receive(n(1, 2, zxid(1, 2), 1, 1, 'FOLLOWING'));
    r.fle.receive(n(2, 2, zxid(1, 2), 1, 1, 'LEADING'));
    expect(r.host.decided[0]).toMatchObject({ info: { state: 'FOLLOWING' }, vote: { leader: 2 } });
  });

  it('a server whose zxid is -1 ignores LOOKING notifications; others ignore its -1 votes', () => {
    const empty = rig(1, verifier([1, 2, 3]), -1, 0);
    empty.fle.lookForLeader();
    empty.fle.receive(n(2, 2, 0, 1, 0));
    expect(lastRecv(empty).action).toBe('ignored-own-zxid-minus-1');
    expect(empty.fle.getVote().leader).toBe(1);
    empty.fle.receive(n(2, 3, 0, 1, 0, 'FOLLOWING'));
    empty.fle.receive(n(3, 3, 0, 1, 0, 'LEADING'));
    expect(empty.host.decided[0]!.vote.leader).toBe(3);

    const r = rig(2, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(1, 1, -1, 1, 0));
    expect(lastRecv(r).action).toBe('ignored-zxid-minus-1');
  });

  it('ignores notifications proposing a non-voter', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(2, 9, 0, 1, 0));
    expect(lastRecv(r).action).toBe('ignored-not-voter');
    expect(r.fle.getVote().leader).toBe(1);
  });
});

describe('FastLeaderElection: lifecycle', () => {
  it('shutdown halts the transport, stops timers and ignores later notifications', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.shutdown();
    expect(r.tr.halted).toBe(true);
    expect(r.ctx.timers.size).toBe(0);
    expect(r.fle.getVote()).toMatchObject({ leader: -1, zxid: -1 });
    r.tr.take();
    r.fle.receive(n(2, 2, 0, 1, 0));
    expect(r.tr.sent).toHaveLength(0);
  });

  it('a second round after a decision starts at logicalclock + 1 with a fresh recvset', () => {
    const r = rig(1, verifier([1, 2, 3]));
    r.fle.lookForLeader();
    r.fle.receive(n(2, 3, 0, 1, 0, 'FOLLOWING'));
    r.fle.receive(n(3, 3, 0, 1, 0, 'LEADING'));
    r.host.state = 'LOOKING';
    r.fle.lookForLeader();
    expect(r.fle.logicalclock).toBe(2);
    expect(r.ctx.of('fle.round').at(-1)).toMatchObject({ logicalclock: 2, proposal: { leader: 1 } });
    r.fle.receive(n(2, 2, 0, 2, 0));
    expect((r.ctx.of('fle.tally').at(-1)!.recvset as { sid: number }[]).map((e) => e.sid)).toEqual([2]);
  });
});
