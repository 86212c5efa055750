// fast-check arbitraries for ensembles and fault schedules. Schedules are data, so a
// failing property shrinks to the fewest, earliest faults.
import fc from 'fast-check';
import type { Fault } from '../../engine/faults/schedule.ts';

export interface EnsembleShape {
  voters: number;
  observers: number;
  hierarchical: boolean;
}

export const ensembleArb: fc.Arbitrary<EnsembleShape> = fc.record({
  voters: fc.integer({ min: 3, max: 7 }),
  observers: fc.integer({ min: 0, max: 2 }),
  hierarchical: fc.boolean(),
});

export function sidsOf(e: EnsembleShape): number[] {
  return Array.from({ length: e.voters + e.observers }, (_, i) => i + 1);
}

/** zoo.cfg text for the shape: participants first, then observers; groups deal voters round-robin into 3. */
export function zooCfgOf(e: EnsembleShape): string {
  const lines = ['tickTime=200', 'initLimit=10', 'syncLimit=5', 'dataDir=/data', 'clientPort=2181'];
  for (const sid of sidsOf(e)) lines.push(`server.${sid}=127.0.0.1:${2887 + sid}:${3887 + sid}${sid > e.voters ? ':observer' : ''}`);
  if (e.hierarchical) {
    const groups: number[][] = [[], [], []];
    for (let sid = 1; sid <= e.voters; sid++) groups[(sid - 1) % 3]!.push(sid);
    groups.forEach((g, i) => lines.push(`group.${i + 1}=${g.join(':')}`));
  }
  return lines.join('\n') + '\n';
}

export function faultArb(sids: number[]): fc.Arbitrary<Fault> {
  const node = fc.constantFrom(...sids);
  return fc.oneof(
    { weight: 3, arbitrary: node.map((n): Fault => ({ kind: 'crash', node: n })) },
    { weight: 3, arbitrary: node.map((n): Fault => ({ kind: 'restart', node: n })) },
    {
      weight: 2,
      arbitrary: fc.shuffledSubarray(sids, { minLength: 1, maxLength: sids.length - 1 })
        .map((side): Fault => ({ kind: 'partition', groups: [side.sort((a, b) => a - b), sids.filter((s) => !side.includes(s))] })),
    },
    { weight: 1, arbitrary: node.map((n): Fault => ({ kind: 'isolate', node: n })) },
    {
      weight: 1,
      arbitrary: fc.tuple(node, node).filter(([a, b]) => a !== b).map(([from, to]): Fault => ({ kind: 'oneWay', from, to })),
    },
    { weight: 2, arbitrary: fc.constant<Fault>({ kind: 'heal' }) },
    { weight: 1, arbitrary: fc.constantFrom(0.01, 0.05, 0.2).map((p): Fault => ({ kind: 'loss', probability: p })) },
    { weight: 1, arbitrary: fc.tuple(node, fc.constantFrom(-100_000, -10_000, 10_000, 100_000)).map(([n, ppm]): Fault => ({ kind: 'drift', node: n, ppm })) },
  );
}

export interface TimedFault { at: number; fault: Fault }

export function scheduleArb(sids: number[], faultPhaseMs: number): fc.Arbitrary<TimedFault[]> {
  return fc.array(fc.record({ at: fc.integer({ min: 0, max: faultPhaseMs }), fault: faultArb(sids) }), { maxLength: 10 })
    .map((s) => [...s].sort((a, b) => a.at - b.at));
}

/** The healing step that ends every fault phase. */
export function healAll(sids: number[], atMs: number): TimedFault[] {
  return [
    { at: atMs, fault: { kind: 'heal' } },
    { at: atMs, fault: { kind: 'loss', probability: 0 } },
    ...sids.map((n): TimedFault => ({ at: atMs, fault: { kind: 'drift', node: n, ppm: 0 } })),
    ...sids.map((n): TimedFault => ({ at: atMs, fault: { kind: 'restart', node: n } })),
  ];
}
