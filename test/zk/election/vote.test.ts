// Vote.equals as Vote.java 3.8 defines it (ZOOKEEPER-1732/1805/1818), and notification parsing.
import { describe, expect, it } from 'vitest';
import { parseNotification, Vote, type ServerState } from '../../../engine/zk/election/types.ts';

const v = (leader: number, zxid: number, round: number, epoch: number, state: ServerState = 'LOOKING', version = 0) =>
  Vote.of(leader, zxid, round, epoch, state, version);

type Row = [string, Vote, Vote, boolean];
const table: Row[] = [
  ['LOOKING: all four equal', v(3, 7, 1, 1), v(3, 7, 1, 1), true],
  ['LOOKING: round differs', v(3, 7, 1, 1), v(3, 7, 2, 1), false],
  ['LOOKING: zxid differs', v(3, 7, 1, 1), v(3, 8, 1, 1), false],
  ['LOOKING: peerEpoch differs', v(3, 7, 1, 1), v(3, 7, 1, 2), false],
  ['LOOKING vs FOLLOWING: still all four fields', v(3, 7, 1, 1), v(3, 7, 1, 1, 'FOLLOWING'), true],
  ['LOOKING vs FOLLOWING: round differs', v(3, 7, 1, 1, 'LOOKING', 2), v(3, 7, 5, 1, 'FOLLOWING', 2), false],
  ['state itself is not compared (LEADING vs FOLLOWING)', v(3, 7, 1, 1, 'LEADING', 2), v(3, 7, 1, 1, 'FOLLOWING', 2), true],
  ['both out of election, same version: zxid and round ignored', v(3, 7, 1, 4, 'FOLLOWING', 2), v(3, 99, 8, 4, 'LEADING', 2), true],
  ['both out of election, same version: peerEpoch compared (ZOOKEEPER-1732 stall)', v(3, 7, 1, 0xb8, 'FOLLOWING', 2), v(3, 7, 1, 0xb9, 'LEADING', 2), false],
  ['both out of election, different leader', v(3, 7, 1, 4, 'FOLLOWING', 2), v(2, 7, 1, 4, 'FOLLOWING', 2), false],
  ['both out of election, one version 0: id only (peerEpoch skipped)', v(3, 7, 1, 0xb8, 'FOLLOWING', 0), v(3, 9, 2, 0xb9, 'LEADING', 2), true],
  ['both out of election, both version 0: peerEpoch compared', v(3, 7, 1, 1, 'FOLLOWING', 0), v(3, 7, 1, 2, 'FOLLOWING', 0), false],
  ['OBSERVING counts as out of election', v(3, 1, 1, 4, 'OBSERVING', 2), v(3, 2, 2, 4, 'FOLLOWING', 2), true],
];

describe('Vote.equals (ZK 3.8)', () => {
  it.each(table)('%s', (_why, a, b, eq) => {
    expect(Vote.equals(a, b)).toBe(eq);
    expect(Vote.equals(b, a)).toBe(eq);
  });

  it('defaults like the Java constructors', () => {
    expect(Vote.of(2, 5)).toEqual({ version: 0, leader: 2, zxid: 5, electionEpoch: -1, peerEpoch: -1, state: 'LOOKING' });
  });
});

describe('parseNotification', () => {
  const ok = { type: 'NOTIFICATION', state: 'FOLLOWING', leader: 3, zxid: 9, electionEpoch: 2, peerEpoch: 1, version: 2 };
  it('takes the sender from the connection', () => {
    expect(parseNotification(7, ok)).toEqual({ sid: 7, state: 'FOLLOWING', leader: 3, zxid: 9, electionEpoch: 2, peerEpoch: 1, version: 2 });
  });
  it('skips malformed messages (unknown state, missing or non-integer fields)', () => {
    expect(parseNotification(1, { ...ok, state: 'DANCING' })).toBeUndefined();
    expect(parseNotification(1, { ...ok, zxid: 1.5 })).toBeUndefined();
    expect(parseNotification(1, { type: 'NOTIFICATION', state: 'LOOKING' })).toBeUndefined();
    expect(parseNotification(1, { ...ok, type: 'PING' })).toBeUndefined();
  });
});
