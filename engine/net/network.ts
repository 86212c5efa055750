// The virtual network: TCP-like connections between nodes.
//
// Invariants:
// - FIFO per direction: a message is never delivered before an earlier one on the same
//   connection (delivery time = max(now + latency, previous delivery time), and equal
//   times keep insertion order in the kernel queue).
// - A cut direction (partition, isolation, one-way block) holds messages, as TCP would
//   keep retransmitting them: they arrive after the heal, in order, unless the cut lasts
//   longer than `giveUpUs`, when the connection breaks and both ends are told `timeout`.
// - A reset (injected loss) or a crash loses everything in flight; the surviving end(s)
//   are told. A graceful close delivers what the closer sent, then EOF.
// - Nothing is ever delivered to a node that is down; listener calls are always made from
//   kernel events, never from inside a send/close call.
import { assert } from '../kernel/assert.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { NO_EVENT, type EventId } from '../kernel/queue.ts';
import type { Random } from '../kernel/random.ts';
import type { TraceSink } from '../trace/sink.ts';
import { drawLatency, type LatencyDist } from './latency.ts';
import { Cuts } from './cuts.ts';
import type { CloseReason, ConnectFailReason, ConnId, LinkCounters, Message, NetListener, NodeId } from './types.ts';

export interface NetConfig {
  latency: LatencyDist;
  /** How long a blocked direction may hold data before the connection breaks. */
  giveUpUs: number;
  /**
   * What a connect to a node that is down meets: `false` — silence, the attempt times out
   * (a machine that is off); `true` — a refusal after one round trip (a host whose server
   * process died: its kernel answers RST, as after ZooKeeper's measured SIGKILLs).
   */
  refuseWhenDown: boolean;
}

export const defaultNetConfig: NetConfig = {
  latency: { kind: 'uniform', minUs: 100, maxUs: 500 },
  giveUpUs: 120_000_000,
  refuseWhenDown: false,
};

/** One connect call, from its first SYN to its answer. */
interface Attempt {
  from: NodeId;
  to: NodeId;
  tag: string;
  /** `from`'s crash count when it dialled: a later incarnation never hears of the attempt. */
  downs: number;
  startUs: number;
  deadlineUs: number;
  syns: number;
  /** Answered: connected, refused or timed out. */
  done: boolean;
  /** The connect timeout's event. */
  timer: EventId;
}

/** TCP's initial retransmission timeout for a SYN (RFC 6298, Linux TCP_TIMEOUT_INIT). */
const SYN_RTO_US = 1_000_000;

interface Delivery {
  conn: Conn;
  dir: Direction;
  /** null is the end-of-stream marker a graceful close or a crash sends. */
  msg: Message | null;
  id: number;
  ev: EventId;
  /** The next delivery in flight on the same direction (a FIFO linked list). */
  next: Delivery | undefined;
}

interface Direction {
  from: NodeId;
  to: NodeId;
  lastAt: number;
  /** Deliveries scheduled and not yet arrived, oldest first. */
  first: Delivery | undefined;
  last: Delivery | undefined;
  held: Delivery[];
  giveUp: EventId;
  /** This link's counters (shared by every connection between the same two nodes). */
  counters: LinkCounters;
}

interface Conn {
  id: ConnId;
  a: NodeId;
  b: NodeId;
  open: boolean;
  ab: Direction;
  ba: Direction;
}

interface Spike {
  fromUs: number;
  untilUs: number;
  extraUs: number;
  nodes: readonly NodeId[] | undefined;
}


export class Network {
  readonly cuts = new Cuts();
  private readonly conns = new Map<ConnId, Conn>();
  private readonly counters = new Map<NodeId, Map<NodeId, LinkCounters>>();
  private readonly heldDirs = new Set<Direction>();
  private spikes: Spike[] = [];
  private nextConn = 1;
  private nextMsg = 1;
  private lossPpm = 0;
  /** Crashes per node so far; a connect attempt is void once its node has crashed. */
  private readonly downs = new Map<NodeId, number>();
  private readonly rng: Random;

  constructor(
    private readonly kernel: Kernel,
    private readonly listener: NetListener,
    private readonly sink: TraceSink,
    readonly config: NetConfig = defaultNetConfig,
  ) {
    this.rng = kernel.random.net;
  }

  // ---- connections -------------------------------------------------------------------

  /**
   * Starts a connection attempt. After a round trip `to` is told `onAccept` and `from`
   * `onConnected(tag)`. A SYN (or its SYN-ACK) lost to a cut, or to a machine that is off,
   * is sent again as TCP does — 1 s after the first, then 2 s, 4 s... later — so a path that
   * heals within `timeoutUs` still connects; otherwise `from` is told `onConnectFailed(tag)`
   * at `timeoutUs`. A node whose process is down answers RST when `refuseWhenDown`.
   */
  connect(from: NodeId, to: NodeId, timeoutUs: number, tag: string): void {
    this.trace('net.connect', { from, to, tag });
    // The attempt belongs to this incarnation of `from`: a crash (even with a restart
    // before the answer) discards it, so a later incarnation never hears of it.
    const downs = this.downs.get(from) ?? 0;
    const attempt: Attempt = { from, to, tag, downs, deadlineUs: this.kernel.now + timeoutUs, startUs: this.kernel.now, syns: 0, done: false, timer: NO_EVENT };
    attempt.timer = this.kernel.after(timeoutUs, () => this.failAttempt(attempt, 'timeout'));
    this.sendSyn(attempt);
  }

  private alive(a: Attempt): boolean {
    return this.listener.isUp(a.from) && (this.downs.get(a.from) ?? 0) === a.downs;
  }

  private sendSyn(a: Attempt): void {
    if (a.done || !this.alive(a)) return;
    a.syns++;
    const { from, to } = a;
    const k = this.kernel;
    if (!this.cuts.blocked(from, to) && !this.listener.isUp(to) && this.config.refuseWhenDown) {
      k.after(this.latency(from, to) + this.latency(to, from), () => this.failAttempt(a, 'refused'));
      return;
    }
    if (this.cuts.blocked(from, to) || !this.listener.isUp(to)) return this.synLost(a);
    const there = this.latency(from, to);
    const back = this.latency(to, from);
    k.after(there, () => this.synArrives(a, back));
  }

  private synArrives(a: Attempt, back: number): void {
    if (a.done || !this.alive(a)) return;
    const { from, to, tag } = a;
    const k = this.kernel;
    // A cut that began while the SYN flew drops it, or the SYN-ACK the acceptor would send.
    if (this.cuts.blocked(from, to) || this.cuts.blocked(to, from)) return this.synLost(a);
    if (!this.listener.isUp(to)) {
      if (!this.config.refuseWhenDown) return this.synLost(a);
      k.after(back, () => this.failAttempt(a, 'refused'));
      return;
    }
    if (!this.listener.accepts(to, tag)) {
      // Nothing listens on that port: the host answers RST.
      k.after(back, () => this.failAttempt(a, 'refused'));
      return;
    }
    // From here the connect succeeds or breaks as a connection.
    a.done = true;
    k.cancel(a.timer);
    const conn = this.openConn(from, to);
    // The connector learns of the connection before any byte the acceptor sends (TCP's
    // SYN-ACK precedes the data): schedule it first and start the acceptor's direction
    // after it, or data sent in onAccept could reach `from` before onConnected.
    conn.ba.lastAt = k.now + back;
    k.after(back, () => {
      if (!this.alive(a)) return;
      // Only a broken connection (reset, give-up) fails the connect. One the acceptor has
      // already closed or lost was still established: the connector hears of it, then of
      // whatever the acceptor sent, then EOF — as TCP delivers SYN-ACK, data, FIN in order.
      if (!this.conns.has(conn.id)) {
        this.reportConnectFail(a, 'timeout');
        return;
      }
      this.trace('net.connected', { conn: conn.id, from, to, tag });
      this.listener.onConnected(from, conn.id, to, tag);
    });
    this.trace('net.accept', { conn: conn.id, from, to, tag });
    this.listener.onAccept(to, conn.id, from, tag);
  }

  /** Linux's SYN retransmission: 1 s after the first SYN, then doubling (1, 3, 7, 15 s...). */
  private synLost(a: Attempt): void {
    const nextUs = a.startUs + (2 ** a.syns - 1) * SYN_RTO_US;
    if (nextUs < a.deadlineUs) this.kernel.at(nextUs, () => this.sendSyn(a));
  }

  private failAttempt(a: Attempt, reason: ConnectFailReason): void {
    if (a.done) return;
    a.done = true;
    this.kernel.cancel(a.timer);
    this.reportConnectFail(a, reason);
  }

  private reportConnectFail(a: Attempt, reason: ConnectFailReason): void {
    if (!this.alive(a)) return;
    this.trace('net.connectFail', { from: a.from, to: a.to, tag: a.tag, reason });
    this.listener.onConnectFailed(a.from, a.to, a.tag, reason);
  }

  private openConn(a: NodeId, b: NodeId): Conn {
    const dir = (from: NodeId, to: NodeId): Direction =>
      ({ from, to, lastAt: 0, first: undefined, last: undefined, held: [], giveUp: NO_EVENT, counters: this.count(from, to) });
    const conn: Conn = { id: this.nextConn++, a, b, open: true, ab: dir(a, b), ba: dir(b, a) };
    this.conns.set(conn.id, conn);
    return conn;
  }

  /** The other end of `conn` as seen from `node`, or undefined if the connection is gone. */
  peerOf(conn: ConnId, node: NodeId): NodeId | undefined {
    const c = this.conns.get(conn);
    if (!c) return undefined;
    return c.a === node ? c.b : c.b === node ? c.a : undefined;
  }

  isOpen(conn: ConnId): boolean {
    return this.conns.get(conn)?.open ?? false;
  }

  // ---- data ----------------------------------------------------------------------------

  send(connId: ConnId, from: NodeId, msg: Message): void {
    const conn = this.conns.get(connId);
    const dir = conn ? (conn.a === from ? conn.ab : conn.b === from ? conn.ba : undefined) : undefined;
    const id = this.nextMsg++;
    if (!conn || !dir || !conn.open) {
      // The sender has not yet learnt that the connection ended.
      this.trace('net.drop', { conn: connId, from, to: dir?.to ?? null, msg: id, type: msg.type, reason: 'closed' });
      return;
    }
    dir.counters.sent++;
    if (this.sink.enabled) this.trace('net.send', { conn: connId, from, to: dir.to, msg: id, type: msg.type, body: msg });
    if (this.lossPpm > 0 && this.rng.chance(this.lossPpm, 1_000_000)) {
      dir.counters.dropped++;
      this.trace('net.drop', { conn: connId, from, to: dir.to, msg: id, type: msg.type, reason: 'loss' });
      this.abort(conn, 'reset', undefined);
      return;
    }
    this.enqueue(conn, dir, msg, id);
  }

  private enqueue(conn: Conn, dir: Direction, msg: Message | null, id: number): void {
    const d: Delivery = { conn, dir, msg, id, ev: NO_EVENT, next: undefined };
    // Straight to the held queue only when nothing is still in flight on this direction:
    // an earlier message in flight will be held when it arrives and must stay ahead.
    if (dir.held.length > 0 && dir.first === undefined) {
      dir.held.push(d);
      return;
    }
    this.schedule(d);
  }

  private schedule(d: Delivery): void {
    const dir = d.dir;
    let at = this.kernel.now + this.latency(dir.from, dir.to);
    if (at < dir.lastAt) at = dir.lastAt;
    dir.lastAt = at;
    d.ev = this.kernel.at(at, this.onDelivery, d);
    d.next = undefined;
    if (dir.last) dir.last.next = d;
    else dir.first = d;
    dir.last = d;
  }

  private readonly onDelivery = (arg: unknown): void => {
    const d = arg as Delivery;
    const dir = d.dir;
    assert(dir.first === d, 'Network: FIFO violated');
    dir.first = d.next;
    if (dir.first === undefined) dir.last = undefined;
    d.next = undefined;
    if (this.cuts.blocked(dir.from, dir.to)) {
      this.hold(d);
      return;
    }
    this.arrive(d);
  };

  private arrive(d: Delivery): void {
    const { conn, dir } = d;
    if (d.msg === null) {
      this.finish(conn, dir.to, 'eof');
      return;
    }
    assert(this.listener.isUp(dir.to), 'Network: delivery to a node that is down');
    dir.counters.delivered++;
    if (this.sink.enabled) this.trace('net.deliver', { conn: conn.id, from: dir.from, to: dir.to, msg: d.id, type: d.msg.type });
    this.listener.onMessage(dir.to, conn.id, d.msg);
  }

  private hold(d: Delivery): void {
    const dir = d.dir;
    dir.held.push(d);
    this.heldDirs.add(dir);
    if (d.msg) this.trace('net.hold', { conn: d.conn.id, from: dir.from, to: dir.to, msg: d.id, type: d.msg.type });
    if (dir.giveUp === NO_EVENT) {
      dir.giveUp = this.kernel.after(this.config.giveUpUs, () => {
        dir.giveUp = NO_EVENT;
        this.abort(d.conn, 'timeout', undefined);
      });
    }
  }

  // ---- ends ----------------------------------------------------------------------------

  /** `node` closes its end: its sent data still arrives, then the peer sees EOF. */
  close(connId: ConnId, node: NodeId): void {
    const conn = this.conns.get(connId);
    if (!conn) return;
    const out = conn.a === node ? conn.ab : conn.ba;
    const back = conn.a === node ? conn.ba : conn.ab;
    if (!conn.open) {
      // The other end closed (or crashed) first and its EOF has not reached this end yet:
      // this end stops reading, so what is still on its way here is dropped, and the
      // connection is gone (nobody is left to tell).
      if (hasEof(back)) {
        this.dropAll(back, 'closed');
        this.conns.delete(connId);
        this.trace('net.close', { conn: connId, node, peer: out.to, reason: 'local' });
      }
      return;
    }
    conn.open = false;
    this.dropAll(back, 'closed');
    this.trace('net.close', { conn: connId, node, peer: out.to, reason: 'local' });
    this.enqueue(conn, out, null, 0);
  }

  /** `node` has crashed: everything in flight is lost and its peers (if up) see EOF. */
  nodeDown(node: NodeId): void {
    this.downs.set(node, (this.downs.get(node) ?? 0) + 1);
    for (const conn of [...this.conns.values()]) {
      if (conn.a !== node && conn.b !== node) continue;
      const out = conn.a === node ? conn.ab : conn.ba;
      this.dropAll(conn.ab, 'crash');
      this.dropAll(conn.ba, 'crash');
      conn.open = false;
      if (this.listener.isUp(out.to)) this.enqueue(conn, out, null, 0);
      else this.conns.delete(conn.id);
    }
  }

  /** Breaks a connection at once: both ends (if up) are told `reason`. */
  private abort(conn: Conn, reason: CloseReason, _by: NodeId | undefined): void {
    if (!this.conns.has(conn.id)) return;
    const wasOpen = conn.open;
    // After a close or crash the connection is half-gone: the end still waiting for the
    // EOF (held by a cut) has not been told yet and must be, or it would wait forever.
    const waiting = [conn.ab, conn.ba].filter((d) => hasEof(d)).map((d) => d.to);
    conn.open = false;
    this.dropAll(conn.ab, reason);
    this.dropAll(conn.ba, reason);
    this.conns.delete(conn.id);
    const tell = (node: NodeId) => {
      if (!this.listener.isUp(node)) return;
      this.trace('net.close', { conn: conn.id, node, peer: node === conn.a ? conn.b : conn.a, reason });
      this.listener.onClose(node, conn.id, reason);
    };
    if (wasOpen) {
      this.kernel.after(0, () => { tell(conn.a); tell(conn.b); });
    } else if (waiting.length > 0) {
      this.kernel.after(0, () => { for (const n of waiting) tell(n); });
    }
  }

  /** Called when EOF reaches `node`. */
  private finish(conn: Conn, node: NodeId, reason: CloseReason): void {
    this.conns.delete(conn.id);
    this.dropAll(conn.ab, 'closed');
    this.dropAll(conn.ba, 'closed');
    if (!this.listener.isUp(node)) return;
    this.trace('net.close', { conn: conn.id, node, peer: node === conn.a ? conn.b : conn.a, reason });
    this.listener.onClose(node, conn.id, reason);
  }

  private dropAll(dir: Direction, reason: string): void {
    for (let d = dir.first; d; d = d.next) this.drop(d, reason, true);
    dir.first = dir.last = undefined;
    for (const d of dir.held) this.drop(d, reason, false);
    dir.held.length = 0;
    this.heldDirs.delete(dir);
    if (dir.giveUp !== NO_EVENT) {
      this.kernel.cancel(dir.giveUp);
      dir.giveUp = NO_EVENT;
    }
  }

  private drop(d: Delivery, reason: string, scheduled: boolean): void {
    if (scheduled) this.kernel.cancel(d.ev);
    if (!d.msg) return;
    d.dir.counters.dropped++;
    this.trace('net.drop', { conn: d.conn.id, from: d.dir.from, to: d.dir.to, msg: d.id, type: d.msg.type, reason });
  }

  // ---- faults --------------------------------------------------------------------------

  /** Re-checks held traffic after the cuts changed (a heal or a narrower partition). */
  cutsChanged(): void {
    for (const dir of [...this.heldDirs]) {
      if (this.cuts.blocked(dir.from, dir.to)) continue;
      this.heldDirs.delete(dir);
      if (dir.giveUp !== NO_EVENT) {
        this.kernel.cancel(dir.giveUp);
        dir.giveUp = NO_EVENT;
      }
      const held = dir.held.splice(0);
      // Data still in flight was sent after the held data: it must queue behind it (FIFO),
      // so it is taken back and scheduled again after the held data.
      const later: Delivery[] = [];
      for (let d = dir.first; d; d = d.next) later.push(d);
      for (const d of later) this.kernel.cancel(d.ev);
      dir.first = dir.last = undefined;
      for (const d of held) this.schedule(d);
      for (const d of later) this.schedule(d);
    }
  }

  setLoss(ppm: number): void {
    assert(Number.isInteger(ppm) && ppm >= 0 && ppm <= 1_000_000, `Network.setLoss: bad ppm ${ppm}`);
    this.lossPpm = ppm;
  }

  spike(durationUs: number, extraUs: number, nodes?: readonly NodeId[]): void {
    const now = this.kernel.now;
    this.spikes = this.spikes.filter((s) => s.untilUs > now);
    this.spikes.push({ fromUs: now, untilUs: now + durationUs, extraUs, nodes });
  }

  // ---- helpers -------------------------------------------------------------------------

  private latency(from: NodeId, to: NodeId): number {
    let us = drawLatency(this.config.latency, this.rng);
    if (this.spikes.length > 0) {
      const now = this.kernel.now;
      for (const s of this.spikes) {
        if (now >= s.fromUs && now < s.untilUs && (!s.nodes || s.nodes.includes(from) || s.nodes.includes(to))) us += s.extraUs;
      }
    }
    return us;
  }

  count(from: NodeId, to: NodeId): LinkCounters {
    let row = this.counters.get(from);
    if (!row) this.counters.set(from, (row = new Map()));
    let c = row.get(to);
    if (!c) row.set(to, (c = { sent: 0, delivered: 0, dropped: 0 }));
    return c;
  }

  /** Per-link counters, sorted by (from, to). */
  linkCounters(): { from: NodeId; to: NodeId; counters: LinkCounters }[] {
    const out: { from: NodeId; to: NodeId; counters: LinkCounters }[] = [];
    for (const [from, row] of this.counters) for (const [to, counters] of row) out.push({ from, to, counters: { ...counters } });
    return out.sort((x, y) => x.from - y.from || x.to - y.to);
  }

  private trace(e: string, fields: Record<string, unknown>): void {
    if (this.sink.enabled) this.sink.emit({ t: this.kernel.now, e, ...fields });
  }
}

/** Whether an end-of-stream marker is in flight or held on `dir`. */
function hasEof(dir: Direction): boolean {
  for (let d = dir.first; d; d = d.next) if (d.msg === null) return true;
  return dir.held.some((d) => d.msg === null);
}
