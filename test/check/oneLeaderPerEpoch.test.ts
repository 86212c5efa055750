// OneLeaderPerEpoch (TLA+ Leadership2) on hand-written zab.established sequences.
import { describe, expect, it } from 'vitest';
import { OneLeaderPerEpoch } from '../../engine/check/oneLeaderPerEpoch.ts';
import type { Violation } from '../../engine/check/types.ts';
import { ms, Script } from './events.ts';

function run(s: Script): Violation[] {
  const c = new OneLeaderPerEpoch();
  return [...s.events.flatMap((ev) => c.observe(ev)), ...c.finish(ms(10_000))];
}

describe('OneLeaderPerEpoch', () => {
  it('accepts one leader per epoch, different leaders for different epochs', () => {
    const s = new Script().established(ms(200), 3, 1, [2, 3]).established(ms(2300), 2, 2, [1, 2]).established(ms(5000), 3, 3, [1, 3]);
    expect(run(s)).toEqual([]);
  });

  it('accepts the same server establishing the same epoch again', () => {
    expect(run(new Script().established(ms(200), 3, 1, [2, 3]).established(ms(900), 3, 1, [1, 3]))).toEqual([]);
  });

  it('fires when two servers establish the same epoch', () => {
    const s = new Script().established(1_203_400, 2, 3, [1, 2]).established(1_810_000, 3, 3, [3, 4]);
    expect(run(s)).toEqual([{
      checker: 'OneLeaderPerEpoch',
      t: 1_810_000,
      message: 'epoch 3 has two established leaders: 2 (at 1203.4 ms) and 3 (at 1810.0 ms)',
    }]);
  });

  it('remembers the first leader across crashes of both', () => {
    const s = new Script().established(ms(100), 1, 5, [1, 2]).crash(ms(200), 1).crash(ms(300), 2).established(ms(400), 2, 5, [2, 3]);
    const v = run(s);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain('epoch 5 has two established leaders: 1 (at 100.0 ms) and 2 (at 400.0 ms)');
  });

  it('reports a malformed event instead of crashing', () => {
    const s = new Script();
    s.push(ms(1), 'zab.established', { node: 1, acked: [] });
    const v = run(s);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toBe("trace event zab.established at 1.0 ms: field 'epoch' should be an integer, it is missing; event ignored");
  });
});
