import { Sim } from '../engine/sim/sim.ts';
import type { ConnId } from '../engine/net/types.ts';
import type { NodeContext, Process } from '../engine/sim/process.ts';
const NODES = [1, 2, 3, 4, 5];
class Mesh implements Process {
  readonly conns: ConnId[] = []; delivered = 0;
  start(ctx: NodeContext) { for (const p of NODES) if (p < ctx.id) ctx.connect(p, 'mesh', 1_000_000); }
  onAccept(_c: NodeContext, conn: ConnId) { this.conns.push(conn); }
  onConnected(_c: NodeContext, conn: ConnId) { this.conns.push(conn); }
  onMessage(ctx: NodeContext, _conn: ConnId, msg: { type: string }) { this.delivered++; ctx.send(this.conns[ctx.random.int(this.conns.length)]!, msg); }
}
const sim = new Sim({ seed: 1 });
const procs: Mesh[] = [];
for (const id of NODES) { sim.addNode(id, () => { const p = new Mesh(); procs.push(p); return p; }); sim.start(id); }
sim.kernel.runUntilTime(100_000);
const msg = { type: 'DATA' };
for (const [i, id] of NODES.entries()) { const p = procs[i]!; const ctx = sim.node(id); for (let j = 0; j < 200; j++) ctx.send(p.conns[j % p.conns.length]!, msg); }
const t0 = performance.now();
for (let i = 0; i < 1_000_000; i++) sim.kernel.step();
console.log((1_000_000 / ((performance.now() - t0) / 1000)).toFixed(0));
