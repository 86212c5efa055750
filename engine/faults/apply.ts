// Applies fault schedules to a simulation at their times. Each applied fault becomes a
// `fault` trace event before it takes effect.
import { unreachable } from '../kernel/assert.ts';
import type { Sim } from '../sim/sim.ts';
import type { Fault, FaultEntry } from './schedule.ts';

export function scheduleFaults(sim: Sim, schedule: readonly FaultEntry[]): void {
  for (const entry of schedule) {
    const at = Math.max(entry.atUs, sim.kernel.now);
    sim.kernel.at(at, () => applyFault(sim, entry.fault));
  }
}

export function applyFault(sim: Sim, f: Fault): void {
  sim.emit('fault', { fault: f });
  const net = sim.net;
  switch (f.kind) {
    case 'crash': sim.crash(f.node); return;
    case 'restart': sim.restart(f.node); return;
    case 'partition': net.cuts.partition(f.groups); net.cutsChanged(); return;
    case 'isolate': net.cuts.isolate(f.node); net.cutsChanged(); return;
    case 'oneWay': net.cuts.block(f.from, f.to); net.cutsChanged(); return;
    case 'heal': net.cuts.heal(); net.cutsChanged(); return;
    case 'loss': net.setLoss(Math.round(f.probability * 1_000_000)); return;
    case 'spike': net.spike(Math.round(f.durationMs * 1000), Math.round(f.extraMs * 1000), f.nodes); return;
    case 'drift': sim.node(f.node).setDrift(f.ppm); return;
    case 'fsyncDelay': {
      const extra = Math.round(f.extraMs * 1000);
      for (const id of f.node === undefined ? sim.nodeIds() : [f.node]) sim.node(id).fsyncExtraUs = extra;
      return;
    }
    default: unreachable(f);
  }
}
