// A one-node simulation whose process is just a server's database and its
// SyncRequestProcessor, for persistence tests: submit txns, run, crash, restart, and look
// at what was recovered (the trace events and the disk).
import { Sim, type SimConfig } from '../../../engine/sim/sim.ts';
import type { NodeContext, Process } from '../../../engine/sim/process.ts';
import { RecordingSink, type TraceEvent } from '../../../engine/trace/sink.ts';
import { SyncRequestProcessor } from '../../../engine/zk/persistence/syncProcessor.ts';
import { ZkDatabase } from '../../../engine/zk/persistence/zkDatabase.ts';
import { digestStateMachine } from '../../../engine/zk/txn/digestState.ts';
import type { Txn } from '../../../engine/zk/txn/types.ts';
import { zxid } from '../../../engine/zk/zxid.ts';

export class DbProcess implements Process {
  ctx!: NodeContext;
  db!: ZkDatabase;
  sp!: SyncRequestProcessor;
  readonly durable: number[] = [];
  constructor(private readonly snapCount: number) {}
  start(ctx: NodeContext): void {
    this.ctx = ctx;
    this.db = new ZkDatabase(ctx, digestStateMachine, { commitLogCount: 500 });
    this.sp = new SyncRequestProcessor(ctx, this.db, this.snapCount);
    this.db.load('restart');
  }
  onTimer(_ctx: NodeContext, key: string): void { this.sp.onTimer(key); }
  onSynced(_ctx: NodeContext, tag: string): void { this.db.onSynced(tag); }
  /** Logs txn (epoch, counter) through the SyncRequestProcessor and applies it. */
  write(e: number, c: number, txn: Txn = { type: 'set', key: `k${c % 3}`, value: `v${c}` }): void {
    const z = zxid(e, c);
    this.sp.submit({ zxid: z, txn, onDurable: () => this.durable.push(z) });
    this.db.apply(z, txn, 'commit');
  }
}

export function rig(opts: { snapCount?: number; sim?: Partial<SimConfig> } = {}) {
  const sink = new RecordingSink({ keep: true });
  const sim = new Sim({ seed: 1, sink, ...opts.sim });
  let proc!: DbProcess;
  sim.addNode(1, () => (proc = new DbProcess(opts.snapCount ?? 100_000)));
  sim.start(1);
  const host = sim.node(1);
  return {
    sim, host,
    get p(): DbProcess { return proc; },
    events: (e: string): TraceEvent[] => sink.events!.filter((x) => x.e === e),
    last: (e: string): TraceEvent | undefined => sink.events!.filter((x) => x.e === e).at(-1),
    runMs: (ms: number) => sim.kernel.runUntilTime(sim.now + ms * 1000),
    restart: () => { sim.crash(1); sim.restart(1); },
  };
}
