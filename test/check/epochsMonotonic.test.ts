// EpochsMonotonic on hand-written zk.epoch / zk.recover sequences: durable epochs never go
// back, across restarts too, and currentEpoch never gets ahead of acceptedEpoch.
import { describe, expect, it } from 'vitest';
import { EpochsMonotonic } from '../../engine/check/epochsMonotonic.ts';
import type { Violation } from '../../engine/check/types.ts';
import { ms, Script } from './events.ts';

function run(s: Script): Violation[] {
  const c = new EpochsMonotonic();
  return s.events.flatMap((ev) => c.observe(ev));
}

describe('EpochsMonotonic', () => {
  it('accepts epochs that grow, and a restart reading back what was durable', () => {
    const s = new Script()
      .start(0, 3).recover(0, 3, 0, 0)
      .epoch(ms(202), 3, 'acceptedEpoch', 1).epoch(ms(205), 3, 'currentEpoch', 1)
      .crash(ms(2000), 3).start(ms(4000), 3, 2).recover(ms(4000), 3, 1, 1)
      .epoch(ms(4003), 3, 'acceptedEpoch', 2).epoch(ms(4005), 3, 'currentEpoch', 2)
      .epoch(ms(4100), 3, 'acceptedEpoch', 2);
    expect(run(s)).toEqual([]);
  });

  it('fires when a restarted server reads an older epoch than was durable', () => {
    const s = new Script()
      .recover(0, 2, 0, 0)
      .epoch(ms(2303), 2, 'acceptedEpoch', 2).epoch(ms(2306), 2, 'currentEpoch', 2)
      .crash(ms(3000), 2).start(ms(4000), 2, 2).recover(ms(4000), 2, 1, 1);
    const v = run(s);
    expect(v.map((x) => x.message)).toEqual([
      'server 2 restarted at 4000.0 ms reading acceptedEpoch 1, but acceptedEpoch 2 was durable since 2303.0 ms: durable data was lost',
      'server 2 restarted at 4000.0 ms reading currentEpoch 1, but currentEpoch 2 was durable since 2306.0 ms: durable data was lost',
    ]);
    expect(v.every((x) => x.checker === 'EpochsMonotonic' && x.t === ms(4000))).toBe(true);
  });

  it('fires when a durable write goes back', () => {
    const v = run(new Script().epoch(ms(10), 1, 'acceptedEpoch', 4).epoch(ms(20), 1, 'acceptedEpoch', 3));
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toBe("server 1's durable acceptedEpoch went back from 4 (durable since 10.0 ms) to 3 at 20.0 ms");
  });

  it('fires once when currentEpoch gets ahead of acceptedEpoch, again only after it healed', () => {
    const s = new Script().recover(0, 1, 1, 1)
      .epoch(ms(10), 1, 'currentEpoch', 2)   // ahead: reported
      .epoch(ms(11), 1, 'currentEpoch', 2)   // still ahead: not again
      .epoch(ms(12), 1, 'acceptedEpoch', 2)  // healed
      .epoch(ms(13), 1, 'currentEpoch', 3);  // ahead again: reported
    const v = run(s);
    expect(v.map((x) => x.t)).toEqual([ms(10), ms(13)]);
    expect(v[0]!.message).toBe(
      "server 1's durable currentEpoch 2 is ahead of its durable acceptedEpoch 1 at 10.0 ms (after a write); " +
      'a server must accept an epoch before it makes it current');
  });

  it('fires when a server starts with currentEpoch ahead of acceptedEpoch on disk', () => {
    const v = run(new Script().recover(0, 1, 1, 2));
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain('(as read at restart)');
  });

  it('keeps servers apart', () => {
    expect(run(new Script().epoch(1, 1, 'acceptedEpoch', 5).epoch(2, 2, 'acceptedEpoch', 1))).toEqual([]);
  });

  it('reports a bad file name instead of trusting it', () => {
    const s = new Script();
    s.push(ms(1), 'zk.epoch', { node: 1, file: 'epoch', epoch: 1 });
    expect(run(s)[0]!.message).toBe(
      'trace event zk.epoch at 1.0 ms: field \'file\' should be "acceptedEpoch" or "currentEpoch", got "epoch"; event ignored');
  });
});
