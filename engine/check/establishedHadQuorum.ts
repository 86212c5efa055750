// EstablishedHadQuorum: a leader that logs zab.established for epoch e must really have
// received a quorum of epoch acknowledgements in its current incarnation. Re-derived from
// the network events alone:
//   - LEADERINFO(e) sent by L on connection c and delivered to learner S, then
//   - ACKEPOCH sent by S on c after that delivery, and delivered to L,
// counts for S if its `epoch` field (S's currentEpoch) is not -1 and its zxid is not -1,
// and S is a voter (ZK 3.8: Leader.waitForEpochAck — an ACKEPOCH(-1) means "I had already
// accepted e" and is not an epoch vote). Those S plus L itself must contain a quorum of
// the configuration's verifier. A crash or restart of L forgets what it had received.
import type { QuorumVerifier } from '../zk/quorum/verifier.ts';
import { epochOf } from '../zk/zxid.ts';
import { Fields, fmtMs, sidSet, type Checker, type TraceEvent, type Violation } from './types.ts';

const NAME = 'EstablishedHadQuorum';

type InFlight =
  | { type: 'LEADERINFO'; epoch: number }
  /** `answers`: the epoch of the LEADERINFO the sender had received on this connection. */
  | { type: 'ACKEPOCH'; epochField: number; zxid: number; answers: number | undefined };

interface ReceivedAck {
  from: number;
  answers: number;
  epochField: number;
  zxid: number;
}

export class EstablishedHadQuorum implements Checker {
  readonly name = NAME;
  /** LEADERINFO / ACKEPOCH sent and not yet delivered or dropped, by message id. */
  private readonly inFlight = new Map<number, InFlight>();
  /** `${conn}:${learner}` → epoch of the LEADERINFO delivered to the learner on conn. */
  private readonly leaderInfoSeen = new Map<string, number>();
  /** Leader sid → ACKEPOCHs delivered to it in its current incarnation. */
  private readonly received = new Map<number, ReceivedAck[]>();

  constructor(private readonly verifier: QuorumVerifier) {}

  observe(ev: TraceEvent): Violation[] {
    switch (ev.e) {
      case 'node.start':
      case 'node.crash': {
        const f = new Fields(ev);
        const node = f.int('node');
        if (f.problem === undefined) this.received.delete(node);
        return list(f.violation(NAME));
      }
      case 'net.send': return this.onSend(ev);
      case 'net.deliver': return this.onDeliver(ev);
      case 'net.drop': {
        const msg = ev['msg'];
        if (typeof msg === 'number') this.inFlight.delete(msg);
        return [];
      }
      case 'net.close': {
        const { conn, node } = ev;
        if (typeof conn === 'number' && typeof node === 'number') this.leaderInfoSeen.delete(`${conn}:${node}`);
        return [];
      }
      case 'zab.established': return this.onEstablished(ev);
      default: return [];
    }
  }

  finish(_endUs: number): Violation[] {
    return [];
  }

  private onSend(ev: TraceEvent): Violation[] {
    if (ev['type'] !== 'LEADERINFO' && ev['type'] !== 'ACKEPOCH') return [];
    const f = new Fields(ev);
    const msg = f.int('msg');
    const conn = f.int('conn');
    const from = f.int('from');
    const body = f.obj('body');
    if (ev['type'] === 'LEADERINFO') {
      const z = f.intIn(body, 'zxid', 'body');
      if (f.problem === undefined) this.inFlight.set(msg, { type: 'LEADERINFO', epoch: epochOf(z) });
    } else {
      const epochField = f.intIn(body, 'epoch', 'body');
      const zxid = f.intIn(body, 'zxid', 'body');
      const answers = this.leaderInfoSeen.get(`${conn}:${from}`);
      if (f.problem === undefined) this.inFlight.set(msg, { type: 'ACKEPOCH', epochField, zxid, answers });
    }
    return list(f.violation(NAME));
  }

  private onDeliver(ev: TraceEvent): Violation[] {
    if (ev['type'] !== 'LEADERINFO' && ev['type'] !== 'ACKEPOCH') return [];
    const f = new Fields(ev);
    const msg = f.int('msg');
    const conn = f.int('conn');
    const from = f.int('from');
    const to = f.int('to');
    const bad = f.violation(NAME);
    if (bad) return [bad];
    const p = this.inFlight.get(msg);
    this.inFlight.delete(msg);
    if (!p) return []; // its net.send was not in the trace we were given
    if (p.type === 'LEADERINFO') {
      this.leaderInfoSeen.set(`${conn}:${to}`, p.epoch);
    } else if (p.answers !== undefined) {
      let acks = this.received.get(to);
      if (!acks) this.received.set(to, (acks = []));
      acks.push({ from, answers: p.answers, epochField: p.epochField, zxid: p.zxid });
    }
    return [];
  }

  private onEstablished(ev: TraceEvent): Violation[] {
    const f = new Fields(ev);
    const leader = f.int('node');
    const epoch = f.int('epoch');
    const claimed = f.ints('acked');
    const bad = f.violation(NAME);
    if (bad) return [bad];
    const counted = new Set<number>([leader]);
    const ignored = new Map<number, string>();
    for (const a of this.received.get(leader) ?? []) {
      if (a.answers !== epoch || a.from === leader) continue;
      const why = this.whyNotCounted(a);
      if (why === undefined) {
        counted.add(a.from);
        ignored.delete(a.from);
      } else if (!counted.has(a.from)) {
        ignored.set(a.from, why);
      }
    }
    if (this.verifier.containsQuorum(counted)) return [];
    const notCounted = [...ignored].sort((a, b) => a[0] - b[0]).map(([sid, why]) => `${sid} (${why})`);
    const message =
      `leader ${leader} established epoch ${epoch} at ${fmtMs(ev.t)} without a quorum: itself plus the ` +
      `ACKEPOCHs for epoch ${epoch} that count make only ${sidSet(counted)}` +
      (notCounted.length > 0 ? `; not counted: ${notCounted.join(', ')}` : '') +
      ` (its zab.established claims ${sidSet(claimed)})`;
    return [{ checker: NAME, t: ev.t, message }];
  }

  private whyNotCounted(a: ReceivedAck): string | undefined {
    if (a.epochField === -1) return `ACKEPOCH epoch -1: it had already accepted epoch ${a.answers}, so it is no epoch vote`;
    if (a.zxid === -1) return 'ACKEPOCH zxid -1: it has no history';
    if (!this.verifier.isVoter(a.from)) return 'not a voter';
    return undefined;
  }
}

function list(v: Violation | undefined): Violation[] {
  return v ? [v] : [];
}
