// Fault schedules are validated data: every problem names its entry and field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultSchema, parseFaultSchedule } from '../../engine/faults/schedule.ts';
import { swarmSchedule } from '../../engine/faults/generator.ts';
import { RandomStreams } from '../../engine/kernel/random.ts';

describe('parseFaultSchedule', () => {
  it('accepts every fault kind and sorts by time', () => {
    const r = parseFaultSchedule([
      { at: 900, fault: { kind: 'heal' } },
      { at: '0.5s', fault: { kind: 'partition', groups: [[1, 2], [3]] } },
      { at: 0, fault: { kind: 'crash', node: 1 } },
      { at: 1, fault: { kind: 'restart', node: 1 } },
      { at: 2, fault: { kind: 'isolate', node: 2 } },
      { at: 3, fault: { kind: 'oneWay', from: 1, to: 2 } },
      { at: 4, fault: { kind: 'loss', probability: 0.25 } },
      { at: 5, fault: { kind: 'spike', durationMs: 10, extraMs: 5 } },
      { at: 6, fault: { kind: 'drift', node: 3, ppm: 100000 } },
      { at: 7, fault: { kind: 'fsyncDelay', extraMs: 20 } },
    ], [1, 2, 3]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.schedule.map((e) => e.atUs)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 500_000, 900_000]);
  });

  const bad: [unknown, RegExp][] = [
    [{ not: 'a list' }, /expected a list of \{at, fault\} entries/],
    [[{ at: 1, fault: { kind: 'crash' } }], /entry 0: fault.node/],
    [[{ at: 1, fault: { kind: 'crash', node: 1 } }, { at: -5, fault: { kind: 'heal' } }], /entry 1: at/],
    [[{ at: 1, fault: { kind: 'meteor' } }], /entry 0: fault.kind/],
    [[{ at: 1, fault: { kind: 'crash', node: 7 } }], /entry 0: fault.crash: node 7 is not in the ensemble/],
    [[{ at: 1, fault: { kind: 'loss', probability: 2 } }], /entry 0: fault.probability/],
    [[{ at: 'soon', fault: { kind: 'heal' } }], /entry 0: at: not a duration: "soon"/],
    [[{ at: '30', fault: { kind: 'heal' } }], /entry 0: at: "30" has no unit \(write 30ms or 30s, or the number 30 for ms\)/],
    [[{ at: 1, fault: { kind: 'partition', groups: [[1, 2], [2, 3]] } }], /entry 0: fault.*listed in two groups/],
    [[{ at: 1, fault: { kind: 'oneWay', from: 2, to: 2 } }], /entry 0: fault.*from and to must differ/],
    [[{ at: 1, fault: { kind: 'heal' }, extra: true }], /entry 0: .*extra/],
  ];
  it.each(bad)('rejects %j naming the entry', (input, message) => {
    const r = parseFaultSchedule(input, [1, 2, 3]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(message);
  });
});

describe('swarmSchedule', () => {
  it('produces valid schedules that end healed, with every crashed node restarted (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 3, max: 7 }), (seed, n) => {
      const nodes = Array.from({ length: n }, (_, i) => i + 1);
      const rng = new RandomStreams(String(seed)).faults;
      const { schedule } = swarmSchedule(rng, { nodes, faultPhaseUs: 10_000_000 });
      for (const e of schedule) expect(FaultSchema.safeParse(e.fault).success).toBe(true);
      const down = new Set<number>();
      let maxDown = 0;
      for (const e of schedule) {
        if (e.fault.kind === 'crash') down.add(e.fault.node);
        if (e.fault.kind === 'restart') down.delete(e.fault.node);
        maxDown = Math.max(maxDown, down.size);
      }
      expect(down.size).toBe(0);
      expect(maxDown).toBeLessThanOrEqual(Math.floor((n - 1) / 2));
      expect(schedule.every((e, i) => i === 0 || e.atUs >= schedule[i - 1]!.atUs)).toBe(true);
    }), { numRuns: 200 });
  });

  it('different seeds pick different fault mixes', () => {
    const mixes = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      mixes.add(swarmSchedule(new RandomStreams(String(seed)).faults, { nodes: [1, 2, 3], faultPhaseUs: 1_000_000 }).mix.kinds.join(','));
    }
    expect(mixes.size).toBeGreaterThan(10);
  });
});
