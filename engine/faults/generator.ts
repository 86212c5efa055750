// Random fault schedules, swarm style: the seed first picks which fault kinds this run
// uses and how often faults come, then draws the faults. Different seeds thus explore
// very different mixes (only crashes; partitions plus loss; ...), which finds more bugs
// than one fixed mix. Every schedule ends with a healing step at `faultPhaseUs` — heal,
// no loss, no fsync delay, no drift, every crashed node restarted — so the healed phase
// that follows can be required to converge.
import type { Random } from '../kernel/random.ts';
import type { Micros } from '../kernel/time.ts';
import { FAULT_KINDS, type Fault, type FaultEntry, type FaultKind } from './schedule.ts';

export interface SwarmOptions {
  nodes: readonly number[];
  faultPhaseUs: Micros;
  /** When faults may start (default 0). */
  startUs?: Micros;
  /** Kinds allowed at all (default: all). The seed enables a subset of these. */
  kinds?: readonly FaultKind[];
  /** At most this many nodes down at once (default: a minority). */
  maxDown?: number;
}

export interface SwarmMix {
  kinds: FaultKind[];
  meanGapUs: Micros;
}

const GAPS_US = [20_000, 100_000, 300_000, 1_000_000, 3_000_000];
const LOSS = [0.001, 0.01, 0.05];
const DRIFT_PPM = [-100_000, -10_000, 10_000, 100_000];

export function swarmSchedule(rng: Random, opts: SwarmOptions): { schedule: FaultEntry[]; mix: SwarmMix } {
  const allowed = (opts.kinds ?? FAULT_KINDS).filter((k): k is Exclude<FaultKind, 'heal' | 'restart'> => k !== 'heal' && k !== 'restart');
  let kinds = allowed.filter(() => rng.chance(1, 2));
  if (kinds.length === 0 && allowed.length > 0) kinds = [rng.pick(allowed)];
  const mix: SwarmMix = { kinds: [...kinds], meanGapUs: rng.pick(GAPS_US) };
  const nodes = [...opts.nodes];
  const maxDown = opts.maxDown ?? Math.floor((nodes.length - 1) / 2);
  const down = new Set<number>();
  const schedule: FaultEntry[] = [];
  const push = (atUs: Micros, fault: Fault) => schedule.push({ atUs, fault });
  let t = opts.startUs ?? 0;
  let drifted = false, cut = false, lossy = false, slowDisk = false;
  for (;;) {
    t += 1 + rng.int(2 * mix.meanGapUs);
    if (t >= opts.faultPhaseUs || kinds.length === 0) break;
    // Down nodes come back now and then, so runs do not just wind down.
    if (down.size > 0 && rng.chance(1, 3)) {
      const n = rng.pick([...down].sort((a, b) => a - b));
      down.delete(n);
      push(t, { kind: 'restart', node: n });
      continue;
    }
    if (cut && rng.chance(1, 4)) {
      cut = false;
      push(t, { kind: 'heal' });
      continue;
    }
    const kind = rng.pick(kinds);
    const up = nodes.filter((n) => !down.has(n));
    switch (kind) {
      case 'crash':
        if (down.size >= maxDown || up.length === 0) continue;
        {
          const n = rng.pick(up);
          down.add(n);
          push(t, { kind: 'crash', node: n });
        }
        break;
      case 'partition': {
        const shuffled = rng.shuffle([...nodes]);
        const cutAt = 1 + rng.int(shuffled.length - 1);
        push(t, { kind: 'partition', groups: [shuffled.slice(0, cutAt), shuffled.slice(cutAt)].map((g) => g.sort((a, b) => a - b)) });
        cut = true;
        break;
      }
      case 'isolate': push(t, { kind: 'isolate', node: rng.pick(nodes) }); cut = true; break;
      case 'oneWay': {
        const from = rng.pick(nodes);
        const to = rng.pick(nodes.filter((n) => n !== from));
        push(t, { kind: 'oneWay', from, to });
        cut = true;
        break;
      }
      case 'loss': push(t, { kind: 'loss', probability: rng.pick(LOSS) }); lossy = true; break;
      case 'spike': push(t, { kind: 'spike', durationMs: 10 + rng.int(500), extraMs: 1 + rng.int(200) }); break;
      case 'drift': push(t, { kind: 'drift', node: rng.pick(nodes), ppm: rng.pick(DRIFT_PPM) }); drifted = true; break;
      case 'fsyncDelay': push(t, { kind: 'fsyncDelay', node: rng.pick(nodes), extraMs: 1 + rng.int(100) }); slowDisk = true; break;
    }
  }
  const end = opts.faultPhaseUs;
  if (cut) push(end, { kind: 'heal' });
  if (lossy) push(end, { kind: 'loss', probability: 0 });
  if (slowDisk) push(end, { kind: 'fsyncDelay', extraMs: 0 });
  if (drifted) for (const n of nodes) push(end, { kind: 'drift', node: n, ppm: 0 });
  for (const n of [...down].sort((a, b) => a - b)) push(end, { kind: 'restart', node: n });
  return { schedule, mix };
}
