// Hand-written ZAB trace events for the ZAB checker tests, in the contract's shape
// (zab.propose/logged/ackRecv/commit/apply/trunc/snapshot/recovered, zk.zabState, ...),
// built so that a test reads like the protocol run it describes. Txns default to what the
// leader proposed at that zxid; digests default to a hash of the server's history so far,
// so servers with equal histories report equal digests.
import type { Checker, Violation } from '../../engine/check/types.ts';
import type { TraceEvent } from '../../engine/trace/sink.ts';
import { zxid } from '../../engine/zk/zxid.ts';

export { zxid };
export const ms = (n: number): number => Math.round(n * 1000);

export type Txn = { type: string; [k: string]: unknown };

/** FNV-1a of a string, as 8 hex digits (a stand-in state digest). */
export function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

export class ZabScript {
  readonly events: TraceEvent[] = [];
  /** zxid → the txn first proposed there. */
  readonly proposed = new Map<number, Txn>();
  /** server → the zxids and digests it applied, in order (its state, as far as this script knows). */
  private readonly state = new Map<number, { zxid: number; digest: string }[]>();

  push(t: number, e: string, fields: Record<string, unknown>): this {
    this.events.push({ t, e, ...fields });
    return this;
  }

  start(t: number, node: number): this {
    return this.push(t, 'node.start', { node, incarnation: 1 });
  }

  crash(t: number, node: number): this {
    return this.push(t, 'node.crash', { node, incarnation: 1 });
  }

  phase(t: number, node: number, zabState: 'ELECTION' | 'DISCOVERY' | 'SYNCHRONIZATION' | 'BROADCAST'): this {
    return this.push(t, 'zk.zabState', { node, zabState });
  }

  /**
   * Leader `leader` establishes `epoch` and, with its followers, goes through sync (`sync`
   * adds what the learners receive: TRUNC, DIFF txns, a SNAP) into BROADCAST.
   */
  elect(t: number, leader: number, epoch: number, followers: number[], sync?: (s: this) => void): this {
    for (const s of [leader, ...followers]) this.phase(t, s, 'DISCOVERY');
    this.push(t, 'zk.state', { node: leader, state: 'LEADING', prev: 'LOOKING', cause: 'test' });
    this.push(t, 'zab.established', { node: leader, epoch, acked: [leader, ...followers] });
    for (const s of [leader, ...followers]) this.phase(t, s, 'SYNCHRONIZATION');
    sync?.(this);
    this.push(t, 'zab.newLeaderAcked', { node: leader, epoch, acked: [leader, ...followers] });
    for (const s of [leader, ...followers]) this.phase(t, s, 'BROADCAST');
    return this;
  }

  propose(t: number, leader: number, z: number, txn?: Txn): this {
    const tx = txn ?? { type: 'setData', path: '/a', data: `v${z.toString(16)}` };
    if (!this.proposed.has(z)) this.proposed.set(z, tx);
    return this.push(t, 'zab.propose', { node: leader, zxid: z, txn: tx });
  }

  logged(t: number, node: number, z: number): this {
    return this.push(t, 'zab.logged', { node, zxid: z });
  }

  ackRecv(t: number, leader: number, from: number, z: number): this {
    return this.push(t, 'zab.ackRecv', { node: leader, from, zxid: z });
  }

  commit(t: number, leader: number, z: number, acks: number[]): this {
    return this.push(t, 'zab.commit', { node: leader, zxid: z, acks });
  }

  /** zab.apply of the proposed txn (or `txn`), with a digest of the server's history (or `digest`). */
  apply(t: number, node: number, z: number, opts: { txn?: Txn; digest?: string } = {}): this {
    const txn = opts.txn ?? this.proposed.get(z) ?? { type: 'unknown' };
    const st = this.history(node);
    const i = st.findIndex((x) => x.zxid >= z);
    if (i >= 0) st.splice(i);
    const digest = opts.digest ?? fnv(`${st[st.length - 1]?.digest ?? ''}|${z}|${JSON.stringify(txn)}`);
    st.push({ zxid: z, digest });
    return this.push(t, 'zab.apply', { node, zxid: z, txn, digest });
  }

  /** One txn through the whole pipeline: propose, log, ACK, commit, apply everywhere. */
  write(t: number, leader: number, z: number, followers: number[], txn?: Txn): this {
    this.propose(t, leader, z, txn).logged(t + 100, leader, z);
    for (const f of followers) this.logged(t + 200, f, z).ackRecv(t + 300, leader, f, z);
    this.commit(t + 400, leader, z, [leader, ...followers]).apply(t + 400, leader, z);
    for (const f of followers) this.apply(t + 500, f, z);
    return this;
  }

  trunc(t: number, node: number, toZxid: number, dropped: number[]): this {
    const h = this.history(node);
    const i = h.findIndex((x) => x.zxid > toZxid);
    if (i >= 0) h.splice(i);
    return this.push(t, 'zab.trunc', { node, toZxid, dropped });
  }

  recovered(t: number, node: number, lastZxid: number, snapshotZxid = 0): this {
    this.state.set(node, this.history(node).filter((x) => x.zxid <= lastZxid));
    return this.push(t, 'zab.recovered', { node, snapshotZxid, replayed: 0, truncatedBytes: 0, lastZxid });
  }

  snapSync(t: number, node: number, from: number, z: number): this {
    this.state.set(node, this.history(from).filter((x) => x.zxid <= z));
    return this.push(t, 'zab.snapSync', { node, from, zxid: z });
  }

  private history(node: number): { zxid: number; digest: string }[] {
    let h = this.state.get(node);
    if (!h) this.state.set(node, (h = []));
    return h;
  }
}

/** Runs one checker over the events: what observe found, then what finish adds. */
export function runChecker(c: Checker, events: readonly TraceEvent[], endUs = ms(1_000_000)): Violation[] {
  return [...events.flatMap((ev) => c.observe(ev)), ...c.finish(endUs)];
}

/** The names of the checkers that fired, deduplicated, sorted. */
export function fired(vs: readonly Violation[]): string[] {
  return [...new Set(vs.map((v) => v.checker))].sort();
}
