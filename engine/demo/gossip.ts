// A demo protocol that exercises the kernel before ZooKeeper's own protocols: nodes keep
// TCP-like connections to each other (the higher id dials), send a HEARTBEAT every
// `beatUs`, suspect a peer silent for `suspectUs`, and persist their beat counter with
// the write-temp / fsync / rename pattern ZooKeeper uses for its epoch files, so a
// restarted node resumes from its last durable count. Not ZooKeeper: a kernel showcase.
import type { ConnId, Message, NodeId } from '../net/types.ts';
import type { NodeContext, Process } from '../sim/process.ts';

export interface GossipOptions {
  peers: readonly NodeId[];
  beatUs: number;
  suspectUs: number;
  persistEvery: number;
}

export const defaultGossipOptions: Omit<GossipOptions, 'peers'> = {
  beatUs: 100_000,
  suspectUs: 500_000,
  persistEvery: 10,
};

const BEATS_FILE = 'beats';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class GossipNode implements Process {
  beats = 0;
  readonly conns = new Map<NodeId, ConnId>();
  readonly suspected = new Set<NodeId>();
  private readonly lastHeard = new Map<NodeId, number>();
  private persisting = false;

  constructor(private readonly opts: GossipOptions) {}

  start(ctx: NodeContext): void {
    const saved = ctx.disk.read(BEATS_FILE);
    this.beats = saved ? Number(decoder.decode(saved)) : 0;
    ctx.trace('demo.recover', { beats: this.beats });
    for (const p of this.peers(ctx)) {
      this.lastHeard.set(p, ctx.now());
      if (p < ctx.id) ctx.connect(p, `peer:${p}`, 1_000_000);
    }
    ctx.setTimer('beat', this.opts.beatUs);
    ctx.setTimer('check', this.opts.suspectUs / 2);
  }

  onTimer(ctx: NodeContext, key: string): void {
    if (key === 'beat') return this.beat(ctx);
    if (key === 'check') return this.check(ctx);
    if (key.startsWith('redial:')) {
      const p = Number(key.slice(7));
      if (!this.conns.has(p)) ctx.connect(p, `peer:${p}`, 1_000_000);
    }
  }

  onAccept(_ctx: NodeContext, conn: ConnId, peer: NodeId): void {
    this.conns.set(peer, conn);
  }

  onConnected(_ctx: NodeContext, conn: ConnId, peer: NodeId): void {
    this.conns.set(peer, conn);
  }

  onConnectFailed(ctx: NodeContext, peer: NodeId): void {
    ctx.setTimer(`redial:${peer}`, 500_000);
  }

  onClose(ctx: NodeContext, conn: ConnId): void {
    for (const [p, c] of this.conns) {
      if (c !== conn) continue;
      this.conns.delete(p);
      if (p < ctx.id) ctx.setTimer(`redial:${p}`, 200_000);
    }
  }

  onMessage(ctx: NodeContext, _conn: ConnId, msg: Message): void {
    if (msg.type !== 'HEARTBEAT') return;
    const from = msg.from as NodeId;
    this.lastHeard.set(from, ctx.now());
    if (this.suspected.delete(from)) ctx.trace('demo.trust', { peer: from });
  }

  onSynced(ctx: NodeContext, tag: string): void {
    if (tag !== 'persist') return;
    ctx.disk.rename(`${BEATS_FILE}.tmp`, BEATS_FILE);
    this.persisting = false;
  }

  private beat(ctx: NodeContext): void {
    this.beats++;
    for (const conn of this.conns.values()) ctx.send(conn, { type: 'HEARTBEAT', from: ctx.id, seq: this.beats });
    if (this.beats % this.opts.persistEvery === 0 && !this.persisting) {
      this.persisting = true;
      ctx.disk.write(`${BEATS_FILE}.tmp`, encoder.encode(String(this.beats)));
      ctx.disk.fsync(`${BEATS_FILE}.tmp`, 'persist');
    }
    ctx.setTimer('beat', this.opts.beatUs);
  }

  private check(ctx: NodeContext): void {
    const now = ctx.now();
    for (const p of this.peers(ctx)) {
      if (!this.suspected.has(p) && now - (this.lastHeard.get(p) ?? 0) > this.opts.suspectUs) {
        this.suspected.add(p);
        ctx.trace('demo.suspect', { peer: p, silentUs: now - (this.lastHeard.get(p) ?? 0) });
      }
    }
    ctx.setTimer('check', this.opts.suspectUs / 2);
  }

  private peers(ctx: NodeContext): NodeId[] {
    return this.opts.peers.filter((p) => p !== ctx.id);
  }
}
