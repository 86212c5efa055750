// QuorumCnxManager: the election channel between servers, as ZooKeeper 3.8 runs it.
// Invariants: at most one live connection ("SendWorker") per peer — a newly established one
// finishes (closes) the old one; a connection survives only if it was dialled by the HIGHER
// sid (the lower-sid initiator sends its hello and hangs up; the higher-sid acceptor of a
// lower-sid dial hangs up and dials back); per peer a send queue of capacity 1 that keeps
// only the newest message while there is no connection (with a connection the SendWorker
// writes at once); on every new connection the last message sent to that peer is re-sent if
// the queue is empty; at most one connect attempt in flight per peer, each asynchronous with
// its own timeout (ZOOKEEPER-2930); messages to self loop back without the network.
//
// Routing contract (the hosting peer process must):
// - onConnected / onConnectFailed: forward when `tag` starts with ELECTION_TAG_PREFIX ("election:");
// - onMessage(conn, msg): forward when `qcm.claims(conn, msg)` — an accepted connection is
//   claimed by its first message being a QCM_HELLO; later messages on it follow `owns(conn)`;
// - onClose(conn, reason): forward when `qcm.owns(conn)` (ask before anything else forgets it);
// - onTimer(key): forward keys starting with "qcm." (QCM_LOOPBACK_TIMER, and `qcm.sw:<sid>`
//   when a send cost is configured);
// - onAccept: nothing; the connection is unclassified until its first message.
// Received notifications go, in order, to `onNotification(fromSid, n)` (the FLE's receiver).
import { assert } from '../../kernel/assert.ts';
import type { ConnId, CloseReason, Message } from '../../net/types.ts';
import type { NodeContext } from '../../sim/process.ts';
import { CNX_TIMEOUT_MS, RECV_CAPACITY_MAX, SEND_CAPACITY_MAX, US_PER_MS } from './defaults.ts';
import {
  parseNotification, QCM_PROTOCOL_VERSION_V1,
  type Notification, type NotificationMsg, type QcmHelloMsg,
} from './types.ts';

export const ELECTION_TAG_PREFIX = 'election:';
export const QCM_LOOPBACK_TIMER = 'qcm.loopback';
const SEND_WORKER_TIMER = 'qcm.sw:';

export type NotificationHandler = (fromSid: number, n: Notification) => void;

/** What FastLeaderElection needs of its transport (a fake implements it in unit tests). */
export interface ElectionTransport {
  toSend(sid: number, msg: NotificationMsg): void;
  haveDelivered(): boolean;
  connectAll(): void;
  halt(): void;
}

export interface QcmOptions {
  /** ZK: zookeeper.cnxTimeout. */
  cnxTimeoutMs?: number;
  /**
   * Our own knob (ZooKeeper has no such setting): how long a SendWorker is busy per write.
   * 0 (default) writes at once. With a cost, messages queued meanwhile meet the capacity-1
   * queue and only the newest survives — ZK's back-pressure, without which a vote flood
   * (e.g. bug ZOOKEEPER-1419) grows exponentially in a network without bandwidth limits.
   */
  sendCostUs?: number;
}

interface ConnInfo {
  readonly sid: number;
  /** ZK ignores (never reads) a connection from a server claiming our own sid (ZOOKEEPER-2164). */
  readonly ignored: boolean;
}

interface Received {
  readonly sid: number;
  readonly msg: Message;
}

export class QuorumCnxManager implements ElectionTransport {
  /** ZK: senderWorkerMap — the live connection per peer. */
  private readonly senderWorkerMap = new Map<number, ConnId>();
  /** Every connection this manager holds (live or ignored), by id. */
  private readonly conns = new Map<ConnId, ConnInfo>();
  private readonly queueSendMap = new Map<number, NotificationMsg[]>();
  private readonly lastMessageSent = new Map<number, NotificationMsg>();
  /** ZK: inprogressConnections — peers with a connect attempt in flight. */
  private readonly inprogress = new Set<number>();
  private readonly recvQueue: Received[] = [];
  private readonly cnxTimeoutMs: number;
  private readonly sendCostUs: number;
  private view: Set<number>;
  private draining = false;
  private shutdown = false;

  constructor(
    private readonly ctx: NodeContext,
    readonly mySid: number,
    /** All servers of the view (voters and observers). */
    servers: Iterable<number>,
    public onNotification: NotificationHandler = () => {},
    opts: QcmOptions = {},
  ) {
    this.view = new Set(servers);
    this.cnxTimeoutMs = opts.cnxTimeoutMs ?? CNX_TIMEOUT_MS;
    this.sendCostUs = opts.sendCostUs ?? 0;
  }

  /** After a reconfig: the servers this manager may dial. */
  setView(servers: Iterable<number>): void {
    this.view = new Set(servers);
  }

  // ---- routing ---------------------------------------------------------------------------

  owns(conn: ConnId): boolean {
    return this.conns.has(conn);
  }

  claims(conn: ConnId, msg: Message): boolean {
    return this.conns.has(conn) || msg.type === 'QCM_HELLO';
  }

  connectedToPeer(sid: number): boolean {
    return this.senderWorkerMap.has(sid);
  }

  // ---- sending ---------------------------------------------------------------------------

  /** ZK 3.8: QuorumCnxManager.toSend. */
  toSend(sid: number, msg: NotificationMsg): void {
    if (this.shutdown) return;
    if (sid === this.mySid) {
      // Loopback: into the receive queue, delivered from a 0-delay timer (never re-entrantly).
      this.addToRecvQueue(sid, msg);
      if (!this.ctx.hasTimer(QCM_LOOPBACK_TIMER)) this.ctx.setTimer(QCM_LOOPBACK_TIMER, 0);
      return;
    }
    const q = this.queueFor(sid);
    const conn = this.senderWorkerMap.get(sid);
    if (conn !== undefined && !this.busy(sid)) {
      // The SendWorker polls the queue at once: record as last sent, write.
      this.write(sid, conn, msg);
    } else {
      // ZK: CircularBlockingQueue(SEND_CAPACITY).offer drops the oldest when full.
      if (q.length >= SEND_CAPACITY_MAX) {
        const dropped = q.shift()!;
        if (this.ctx.tracing) this.ctx.trace('qcm.queueDrop', { to: sid, dropped: summary(dropped), kept: summary(msg) });
      }
      q.push(msg);
    }
    this.connectOne(sid);
  }

  /** ZK 3.8: haveDelivered — true if ANY peer's send queue is empty (false with no queues). */
  haveDelivered(): boolean {
    for (const q of this.queueSendMap.values()) if (q.length === 0) return true;
    return false;
  }

  /** ZK 3.8: connectAll — connectOne for every peer that has a send queue. */
  connectAll(): void {
    for (const sid of [...this.queueSendMap.keys()].sort((a, b) => a - b)) this.connectOne(sid);
  }

  /** ZK 3.8: connectOne(sid) + initiateConnectionAsync: no-op if connected or already dialling. */
  connectOne(sid: number): void {
    if (this.shutdown || this.senderWorkerMap.has(sid)) return;
    if (!this.view.has(sid)) {
      if (this.ctx.tracing) this.ctx.trace('qcm.conn', { peer: sid, action: 'invalid-sid' });
      return;
    }
    if (this.inprogress.has(sid)) return;
    this.inprogress.add(sid);
    if (this.ctx.tracing) this.ctx.trace('qcm.conn', { peer: sid, action: 'dial' });
    this.ctx.connect(sid, ELECTION_TAG_PREFIX + sid, this.cnxTimeoutMs * US_PER_MS);
  }

  /** ZK 3.8: halt/softHalt — finish every worker; nothing is sent or received afterwards. */
  halt(): void {
    this.shutdown = true;
    for (const conn of [...this.conns.keys()].sort((a, b) => a - b)) this.ctx.close(conn);
    this.conns.clear();
    this.senderWorkerMap.clear();
    this.inprogress.clear();
    this.recvQueue.length = 0;
    this.ctx.cancelTimer(QCM_LOOPBACK_TIMER);
    for (const sid of this.queueSendMap.keys()) this.ctx.cancelTimer(SEND_WORKER_TIMER + sid);
  }

  // ---- connection events -----------------------------------------------------------------

  /** Our dial succeeded. ZK 3.8: startConnection — send the hello; keep it only if we are the higher sid. */
  onConnected(conn: ConnId, peer: number, tag: string): void {
    const sid = sidOfTag(tag, peer);
    this.inprogress.delete(sid);
    if (this.shutdown) {
      this.ctx.close(conn);
      return;
    }
    const hello: QcmHelloMsg = { type: 'QCM_HELLO', sid: this.mySid, protocolVersion: QCM_PROTOCOL_VERSION_V1 };
    this.ctx.send(conn, hello);
    if (sid > this.mySid) {
      // "Have smaller server identifier, so dropping the connection" — the peer dials back.
      if (this.ctx.tracing) this.ctx.trace('qcm.conn', { peer: sid, conn, action: 'lost-challenge' });
      this.ctx.close(conn);
      return;
    }
    this.startWorkers(sid, conn, true);
  }

  onConnectFailed(peer: number, tag: string): void {
    const sid = sidOfTag(tag, peer);
    this.inprogress.delete(sid);
    if (this.ctx.tracing) this.ctx.trace('qcm.conn', { peer: sid, action: 'dial-failed' });
  }

  onMessage(conn: ConnId, msg: Message): void {
    const info = this.conns.get(conn);
    if (!info) {
      assert(msg.type === 'QCM_HELLO', `QuorumCnxManager: unclaimed connection ${conn} sent ${msg.type}`);
      this.handleConnection(conn, msg as QcmHelloMsg);
      return;
    }
    if (info.ignored || this.shutdown) return;
    // RecvWorker: everything after the hello is a notification from info.sid.
    this.addToRecvQueue(info.sid, msg);
    this.drain();
  }

  onClose(conn: ConnId, reason: CloseReason): void {
    const info = this.conns.get(conn);
    if (!info) return;
    this.conns.delete(conn);
    // ZK: RecvWorker ends ⇒ sw.finish() ⇒ senderWorkerMap.remove(sid, this) (only if still current).
    if (this.senderWorkerMap.get(info.sid) === conn) {
      this.senderWorkerMap.delete(info.sid);
      this.ctx.cancelTimer(SEND_WORKER_TIMER + info.sid);
    }
    if (this.ctx.tracing) this.ctx.trace('qcm.conn', { peer: info.sid, conn, action: 'lost', reason });
  }

  onTimer(key: string): void {
    if (key === QCM_LOOPBACK_TIMER) return this.drain();
    assert(key.startsWith(SEND_WORKER_TIMER), `QuorumCnxManager: unknown timer ${key}`);
    // The SendWorker finished a write: take the next queued message, if any.
    const sid = Number(key.slice(SEND_WORKER_TIMER.length));
    const conn = this.senderWorkerMap.get(sid);
    const m = conn === undefined ? undefined : this.queueSendMap.get(sid)?.shift();
    if (conn !== undefined && m) this.write(sid, conn, m);
  }

  // ---- internals -------------------------------------------------------------------------

  /** ZK 3.8: handleConnection — the acceptor's side of the challenge. */
  private handleConnection(conn: ConnId, hello: QcmHelloMsg): void {
    const sid = hello.sid;
    if (this.shutdown) {
      this.ctx.close(conn);
      return;
    }
    if (sid < this.mySid) {
      // "This replica might still believe that the connection to sid is up, so we have to
      // shut down the workers before trying to open a new connection."
      const old = this.senderWorkerMap.get(sid);
      if (old !== undefined) this.finish(sid, old, 'replaced');
      if (this.ctx.tracing) this.ctx.trace('qcm.conn', { peer: sid, conn, action: 'dial-back' });
      this.ctx.close(conn);
      this.connectOne(sid);
    } else if (sid === this.mySid) {
      // ZOOKEEPER-2164: warn; the socket is neither read nor closed.
      if (this.ctx.tracing) this.ctx.trace('qcm.conn', { peer: sid, conn, action: 'self-id' });
      this.conns.set(conn, { sid, ignored: true });
    } else {
      this.startWorkers(sid, conn, false);
    }
  }

  /** A connection is kept: it replaces any older one to `sid`, then the SendWorker starts. */
  private startWorkers(sid: number, conn: ConnId, initiator: boolean): void {
    const old = this.senderWorkerMap.get(sid);
    if (old !== undefined) this.finish(sid, old, 'replaced');
    this.conns.set(conn, { sid, ignored: false });
    this.senderWorkerMap.set(sid, conn);
    const q = this.queueFor(sid);
    if (this.ctx.tracing) this.ctx.trace('qcm.conn', { peer: sid, conn, action: 'established', initiator });
    // ZK 3.8: SendWorker.run — re-send lastMessageSent if the queue is empty, then drain the queue.
    if (q.length === 0) {
      const last = this.lastMessageSent.get(sid);
      if (last) {
        if (this.ctx.tracing) this.ctx.trace('qcm.resend', { to: sid, conn, msg: summary(last) });
        this.write(sid, conn, last);
      }
      return;
    }
    const m = q.shift()!; // capacity 1: the only one
    this.write(sid, conn, m);
  }

  /** SendWorker: lastMessageSent.put, then send; with a send cost it is busy for a while. */
  private write(sid: number, conn: ConnId, m: NotificationMsg): void {
    this.lastMessageSent.set(sid, m);
    this.ctx.send(conn, m);
    if (this.sendCostUs > 0) this.ctx.setTimer(SEND_WORKER_TIMER + sid, this.sendCostUs);
  }

  private busy(sid: number): boolean {
    return this.sendCostUs > 0 && this.ctx.hasTimer(SEND_WORKER_TIMER + sid);
  }

  /** ZK 3.8: SendWorker.finish — close the socket, drop the worker if it is still current. */
  private finish(sid: number, conn: ConnId, why: 'replaced'): void {
    this.conns.delete(conn);
    if (this.senderWorkerMap.get(sid) === conn) {
      this.senderWorkerMap.delete(sid);
      this.ctx.cancelTimer(SEND_WORKER_TIMER + sid);
    }
    if (this.ctx.tracing) this.ctx.trace('qcm.conn', { peer: sid, conn, action: why });
    this.ctx.close(conn);
  }

  private queueFor(sid: number): NotificationMsg[] {
    let q = this.queueSendMap.get(sid);
    if (!q) this.queueSendMap.set(sid, (q = []));
    return q;
  }

  /** ZK 3.8: addToRecvQueue — CircularBlockingQueue(RECV_CAPACITY) drops the oldest when full. */
  private addToRecvQueue(sid: number, msg: Message): void {
    if (this.recvQueue.length >= RECV_CAPACITY_MAX) {
      const dropped = this.recvQueue.shift()!;
      if (this.ctx.tracing) this.ctx.trace('qcm.recvDrop', { from: dropped.sid, type: dropped.msg.type });
    }
    this.recvQueue.push({ sid, msg });
  }

  /** The WorkerReceiver: hands queued messages, in order, to the election. Never re-entrant. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let r = this.recvQueue.shift(); r; r = this.recvQueue.shift()) {
        const n = parseNotification(r.sid, r.msg);
        if (!n) {
          if (this.ctx.tracing) this.ctx.trace('qcm.malformed', { from: r.sid, type: r.msg.type });
          continue;
        }
        this.onNotification(r.sid, n);
        if (this.shutdown) return;
      }
    } finally {
      this.draining = false;
    }
  }
}

function sidOfTag(tag: string, peer: number): number {
  assert(tag.startsWith(ELECTION_TAG_PREFIX), `QuorumCnxManager: not an election tag: ${tag}`);
  const sid = Number(tag.slice(ELECTION_TAG_PREFIX.length));
  assert(sid === peer, `QuorumCnxManager: tag ${tag} does not name peer ${peer}`);
  return sid;
}

function summary(m: NotificationMsg): Record<string, unknown> {
  return { state: m.state, leader: m.leader, zxid: m.zxid, electionEpoch: m.electionEpoch, peerEpoch: m.peerEpoch };
}
