// Election and failover timings in simulated time, next to what a real ZooKeeper 3.8.0
// ensemble measured on loopback with the same configuration (tickTime 200, initLimit 10,
// syncLimit 5; ../shared/notes/real-zookeeper.md). Medians over seeds.
import type { TraceEvent } from '../engine/trace/sink.ts';
import { zkScenario } from '../scenarios/zk/build.ts';
import { runScenario } from '../scenarios/runner.ts';
import { zooCfg } from '../scenarios/zk/spec.ts';

export interface Timings {
  startupElectionMs: number;
  crashToLookingMs: number;
  crashElectionMs: number;
  crashToServingMs: number;
  hangToLookingMs: number;
  hangToServingMs: number;
}

/** Measured on the real 3.8.0 ensemble (3 servers), medians. */
export const REAL_ZK_3: Timings = {
  startupElectionMs: 338, crashToLookingMs: 13, crashElectionMs: 222, crashToServingMs: 384,
  hangToLookingMs: 984, hangToServingMs: 1337,
};

const FAULT_MS = 3_000;

function events(kind: 'crash' | 'isolate', seed: number): TraceEvent[] {
  const scenario = zkScenario({
    id: `timing-${kind}`, title: '', caption: '', tags: [], zooCfg: zooCfg(3), untilMs: FAULT_MS + 5_000,
    faults: [{ at: FAULT_MS, fault: { kind, node: 3 } }], expect: { leader: 'any' },
  });
  return runScenario(scenario, { seed: String(seed), keep: true }).sink.events!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (us: number) => us / 1000;

function firstAfter(evs: TraceEvent[], t: number, pred: (e: TraceEvent) => boolean): TraceEvent | undefined {
  return evs.find((e) => e.t >= t && pred(e));
}

export function measureTimings(seeds = 50): Timings {
  const acc: Record<keyof Timings, number[]> = {
    startupElectionMs: [], crashToLookingMs: [], crashElectionMs: [], crashToServingMs: [], hangToLookingMs: [], hangToServingMs: [],
  };
  const faultUs = FAULT_MS * 1000;
  for (let seed = 1; seed <= seeds; seed++) {
    for (const kind of ['crash', 'isolate'] as const) {
      const evs = events(kind, seed);
      const looking = firstAfter(evs, faultUs, (e) => e.e === 'zk.state' && e.state === 'LOOKING' && e.node !== 3);
      const decided = looking && firstAfter(evs, looking.t, (e) => e.e === 'fle.decide' && e.node === looking.node);
      const serving = firstAfter(evs, faultUs, (e) => e.e === 'zab.newLeaderAcked');
      if (!looking || !decided || !serving) continue;
      if (kind === 'crash') {
        const start = evs.find((e) => e.e === 'fle.decide');
        if (start) acc.startupElectionMs.push(ms(start.t));
        acc.crashToLookingMs.push(ms(looking.t - faultUs));
        acc.crashElectionMs.push(ms(decided.t - looking.t));
        acc.crashToServingMs.push(ms(serving.t - faultUs));
      } else {
        acc.hangToLookingMs.push(ms(looking.t - faultUs));
        acc.hangToServingMs.push(ms(serving.t - faultUs));
      }
    }
  }
  return Object.fromEntries(Object.entries(acc).map(([k, v]) => [k, Math.round(median(v) * 10) / 10])) as unknown as Timings;
}

if (process.argv[1]?.endsWith('timings.ts')) {
  const sim = measureTimings();
  for (const k of Object.keys(REAL_ZK_3) as (keyof Timings)[]) {
    process.stdout.write(`${k.padEnd(20)} sim ${String(sim[k]).padStart(7)} ms   real 3.8.0 ${String(REAL_ZK_3[k]).padStart(5)} ms\n`);
  }
}
