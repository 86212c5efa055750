// VotesMonotonic: a proposal only rises within a round; a "better vote" that is lower in
// (epoch, zxid, sid) order — ZOOKEEPER-1419's tie-break on sid alone — is reported once per
// server and round.
import { describe, expect, it } from 'vitest';
import { VotesMonotonic } from '../../engine/check/votesMonotonic.ts';
import type { TraceEvent } from '../../engine/trace/sink.ts';

const vote = (leader: number, zxid: number, peerEpoch: number) => ({ leader, zxid, peerEpoch });
const change = (t: number, node: number, from: object, to: object, because = 'better vote', logicalclock = 1): TraceEvent =>
  ({ t, e: 'fle.vote', node, from, to, decidedBy: 'sid', because, logicalclock });
const run = (evs: TraceEvent[]) => { const c = new VotesMonotonic(); return [...evs.flatMap((e) => c.observe(e)), ...c.finish(0)]; };

describe('VotesMonotonic', () => {
  it('accepts rising proposals and resets by a later round', () => {
    expect(run([
      change(1, 1, vote(1, 5, 1), vote(2, 5, 1)),
      change(2, 1, vote(2, 5, 1), vote(1, 6, 1)),
      change(3, 1, vote(1, 6, 1), vote(1, 0, 2)),
      change(4, 1, vote(1, 0, 2), vote(1, 0, 1), 'higher round', 2),
    ])).toEqual([]);
  });

  it('fires on a lower vote adopted for its sid (ZOOKEEPER-1419), once per server and round', () => {
    const v = run([
      change(700, 2, vote(2, 3, 2), vote(3, 3, 1)),
      change(800, 2, vote(3, 3, 1), vote(2, 3, 2)),
      change(900, 2, vote(2, 3, 2), vote(5, 3, 1)),
      change(900, 2, vote(2, 3, 2), vote(5, 3, 1), 'better vote', 2),
    ]);
    expect(v.map((x) => [x.t, x.message])).toEqual([
      [700, 'server 2 changed its proposal in round 1 at 0.7 ms from (epoch 2, zxid 0x3, sid 2) to (epoch 1, zxid 0x3, sid 3), ' +
        'which is not higher in (epoch, zxid, sid) order (it said: sid)'],
      [900, 'server 2 changed its proposal in round 2 at 0.9 ms from (epoch 2, zxid 0x3, sid 2) to (epoch 1, zxid 0x3, sid 5), ' +
        'which is not higher in (epoch, zxid, sid) order (it said: sid)'],
    ]);
  });

  it('names a malformed vote field', () => {
    expect(run([change(1, 1, vote(1, 5, 1), { leader: 'x' })])[0]!.message).toMatch(/field 'to' should be a vote/);
  });
});
