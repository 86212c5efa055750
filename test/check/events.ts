// Hand-written trace events for the checker tests: the same objects RecordingSink records,
// built with a running message id so a test reads like the protocol exchange it describes.
import { parseZooCfg } from '../../engine/zk/config/zooCfg.ts';
import type { EnsembleConfig } from '../../engine/zk/config/types.ts';
import type { TraceEvent } from '../../engine/trace/sink.ts';
import { zxid } from '../../engine/zk/zxid.ts';

export const ms = (n: number): number => Math.round(n * 1000);
export const sec = (n: number): number => Math.round(n * 1_000_000);

/** A zoo.cfg with servers 1..n (observers listed in `observers`) and extra lines. */
export function ensemble(n: number, opts: { observers?: number[]; extra?: string } = {}): EnsembleConfig {
  const lines = ['tickTime=200', 'initLimit=10', 'syncLimit=5', 'dataDir=/d', 'clientPort=2181'];
  for (let s = 1; s <= n; s++) {
    lines.push(`server.${s}=127.0.0.1:${2887 + s}:${3887 + s}${opts.observers?.includes(s) ? ':observer' : ''}`);
  }
  if (opts.extra) lines.push(opts.extra);
  const r = parseZooCfg(lines.join('\n') + '\n');
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.config;
}

export const header = (config: EnsembleConfig) => ({ config: { ensemble: config } });

/** Builds events with increasing message ids. */
export class Script {
  readonly events: TraceEvent[] = [];
  private nextMsg = 1;

  push(t: number, e: string, fields: Record<string, unknown>): TraceEvent {
    const ev = { t, e, ...fields };
    this.events.push(ev);
    return ev;
  }

  start(t: number, node: number, incarnation = 1): this {
    this.push(t, 'node.start', { node, incarnation });
    return this;
  }

  crash(t: number, node: number, incarnation = 1): this {
    this.push(t, 'node.crash', { node, incarnation });
    return this;
  }

  /** net.send of `body` on conn; returns the message id. */
  send(t: number, conn: number, from: number, to: number, body: { type: string; [k: string]: unknown }): number {
    const msg = this.nextMsg++;
    this.push(t, 'net.send', { conn, from, to, msg, type: body.type, body });
    return msg;
  }

  deliver(t: number, conn: number, from: number, to: number, msg: number, type: string): this {
    this.push(t, 'net.deliver', { conn, from, to, msg, type });
    return this;
  }

  /** send + deliver one packet `latencyUs` later. */
  packet(t: number, conn: number, from: number, to: number, body: { type: string; [k: string]: unknown }, latencyUs = 100): this {
    const msg = this.send(t, conn, from, to, body);
    return this.deliver(t + latencyUs, conn, from, to, msg, body.type);
  }

  leaderInfo(t: number, conn: number, leader: number, learner: number, epoch: number): this {
    return this.packet(t, conn, leader, learner, { type: 'LEADERINFO', zxid: zxid(epoch, 0), protocolVersion: 0x10000 });
  }

  ackEpoch(t: number, conn: number, learner: number, leader: number, currentEpoch: number, lastZxid = 0): this {
    return this.packet(t, conn, learner, leader, { type: 'ACKEPOCH', zxid: lastZxid, epoch: currentEpoch });
  }

  established(t: number, node: number, epoch: number, acked: number[]): this {
    this.push(t, 'zab.established', { node, epoch, acked });
    return this;
  }

  serving(t: number, node: number, epoch: number, acked: number[]): this {
    this.push(t, 'zab.newLeaderAcked', { node, epoch, acked });
    return this;
  }

  state(t: number, node: number, state: string, prev: string | null, cause = 'test'): this {
    this.push(t, 'zk.state', { node, state, prev, cause });
    return this;
  }

  epoch(t: number, node: number, file: 'acceptedEpoch' | 'currentEpoch', epoch: number): this {
    this.push(t, 'zk.epoch', { node, file, epoch });
    return this;
  }

  recover(t: number, node: number, acceptedEpoch: number, currentEpoch: number, lastZxid = 0): this {
    this.push(t, 'zk.recover', { node, acceptedEpoch, currentEpoch, lastZxid });
    return this;
  }

  fault(t: number, fault: Record<string, unknown>): this {
    this.push(t, 'fault', { fault });
    return this;
  }

  /** Any event, e.g. a timer firing, to move time forward. */
  tick(t: number, node = 1): this {
    this.push(t, 'timer.fire', { node, key: 'test' });
    return this;
  }
}
