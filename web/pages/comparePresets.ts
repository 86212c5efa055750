// The fault schedules of the comparison page, written once and applied to both ensembles:
// the same faults, adapted only where a node does not exist (a 2|2 split of 1,2 | 3,4 is a
// 2|1 split for three servers). Crashes hit the highest sids: the servers that lead.
import type { FaultInput } from '../trace/types.ts';

export interface Preset {
  id: string;
  label: string;
  faults(nodes: readonly number[], atMs: number): FaultInput[];
}

const top = (nodes: readonly number[], k: number) => [...nodes].sort((a, b) => b - a)[k]!;

export const PRESETS: readonly Preset[] = [
  { id: 'none', label: 'no faults', faults: () => [] },
  { id: 'one-crash', label: 'one crash (the leader)', faults: (n, at) => [{ at, fault: { kind: 'crash', node: top(n, 0) } }] },
  {
    id: 'two-crashes', label: 'two crashes',
    faults: (n, at) => [{ at, fault: { kind: 'crash', node: top(n, 0) } }, { at: at + 500, fault: { kind: 'crash', node: top(n, 1) } }],
  },
  {
    id: 'split', label: 'a 2|2 split',
    faults: (n, at) => {
      const groups = [[1, 2], [3, 4]].map((g) => g.filter((x) => n.includes(x))).filter((g) => g.length > 0);
      return groups.length >= 2 ? [{ at, fault: { kind: 'partition', groups } }] : [];
    },
  },
];

/** When the faults strike: after the first election has settled, well before the run ends. */
export function faultTimeMs(untilUs: number): number {
  return Math.min(2000, Math.round(untilUs / 1000 / 3));
}
