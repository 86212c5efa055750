// demo-gossip-5: the kernel showcase — five nodes gossiping heartbeats under a random,
// seed-chosen fault mix, then healing. Not ZooKeeper.
import { GossipNode, defaultGossipOptions } from '../engine/demo/gossip.ts';
import { scheduleFaults } from '../engine/faults/apply.ts';
import { swarmSchedule } from '../engine/faults/generator.ts';
import { toInput } from '../engine/faults/schedule.ts';
import { s } from '../engine/kernel/time.ts';
import { Sim } from '../engine/sim/sim.ts';
import type { Scenario } from './types.ts';

const NODES = [1, 2, 3, 4, 5];
const FAULT_PHASE_US = s(20);

export const demoGossip5: Scenario = {
  id: 'demo-gossip-5',
  title: 'Demo: heartbeat gossip among 5 nodes under random faults',
  caption:
    'A kernel demo, not ZooKeeper. Five nodes keep connections to each other, send a heartbeat every ' +
    '100 ms and suspect a peer that is silent for 500 ms. For 20 s the seed picks a mix of faults — ' +
    'crashes, partitions, one-way blocks, message loss, latency spikes, clock drift, slow disks — then ' +
    'everything heals. Watch suspicions follow the faults, and restarted nodes resume their beat count ' +
    'from the last value they fsynced, losing whatever was not yet durable.',
  tags: ['demo', 'kernel'],
  nodes: NODES,
  defaultUntilUs: s(30),
  build({ seed, sink, extraFaults }) {
    const sim = new Sim({ seed, sink, tornWrites: true });
    const procs = new Map<number, GossipNode>();
    for (const id of NODES) {
      sim.addNode(id, () => {
        const p = new GossipNode({ ...defaultGossipOptions, peers: NODES });
        procs.set(id, p);
        return p;
      });
      sim.start(id);
    }
    const { schedule, mix } = swarmSchedule(sim.kernel.random.faults, { nodes: NODES, faultPhaseUs: FAULT_PHASE_US });
    scheduleFaults(sim, schedule);
    if (extraFaults) scheduleFaults(sim, extraFaults);
    return {
      sim,
      config: { nodes: NODES, ...defaultGossipOptions, faultPhaseUs: FAULT_PHASE_US, mix, faults: toInput(schedule) },
      summary: () => ({
        nodes: NODES.map((id) => {
          const host = sim.node(id);
          const p = procs.get(id);
          return { id, up: host.up, incarnation: host.incarnation, beats: p?.beats ?? null, suspects: p ? [...p.suspected].sort() : [] };
        }),
      }),
    };
  },
};
