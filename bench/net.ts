// Network benchmark: a 5-node full mesh where every delivered message makes its receiver
// send a new one to a random peer, keeping a constant number of messages in flight.
import { Sim } from '../engine/sim/sim.ts';
import type { ConnId, NodeId } from '../engine/net/types.ts';
import type { NodeContext, Process } from '../engine/sim/process.ts';
import { measure } from './kernel.ts';

const NODES = [1, 2, 3, 4, 5];
const IN_FLIGHT_PER_NODE = 200;
const DELIVERIES = 2_000_000;

class Mesh implements Process {
  readonly conns: ConnId[] = [];
  delivered = 0;
  start(ctx: NodeContext): void {
    for (const p of NODES) if (p < ctx.id) ctx.connect(p, 'mesh', 1_000_000);
  }
  onAccept(_ctx: NodeContext, conn: ConnId): void { this.conns.push(conn); }
  onConnected(_ctx: NodeContext, conn: ConnId): void { this.conns.push(conn); }
  onMessage(ctx: NodeContext, _conn: ConnId, msg: { type: string }): void {
    this.delivered++;
    ctx.send(this.conns[ctx.random.int(this.conns.length)]!, msg);
  }
}

export function netDeliveriesPerS(): number {
  const sim = new Sim({ seed: 1 });
  const procs = new Map<NodeId, Mesh>();
  for (const id of NODES) {
    sim.addNode(id, () => { const p = new Mesh(); procs.set(id, p); return p; });
    sim.start(id);
  }
  sim.kernel.runUntilTime(100_000); // connections up
  const msg = { type: 'DATA' };
  for (const id of NODES) {
    const p = procs.get(id)!;
    const ctx = sim.node(id);
    for (let i = 0; i < IN_FLIGHT_PER_NODE; i++) ctx.send(p.conns[i % p.conns.length]!, msg);
  }
  const delivered = () => { let n = 0; for (const p of procs.values()) n += p.delivered; return n; };
  return measure(() => { while (delivered() < DELIVERIES) for (let i = 0; i < 10_000; i++) sim.kernel.step(); }, DELIVERIES);
}
