// A stand-in for the peer that hosts a ZAB role, for unit tests that drive the broadcast
// and the learner with literal inputs: it records trace events, timers, PROPOSAL/COMMIT
// packets, txns handed to the SyncRequestProcessor and txns applied, and lets the test fire
// the durable callbacks and timers itself.
import { DigestState, digestStateMachine } from '../../../engine/zk/txn/digestState.ts';
import type { Txn } from '../../../engine/zk/txn/types.ts';
import { QuorumMaj } from '../../../engine/zk/quorum/majority.ts';
import type { QuorumVerifier } from '../../../engine/zk/quorum/verifier.ts';
import type { SyncRequest } from '../../../engine/zk/persistence/syncProcessor.ts';
import type { PeerServices } from '../../../engine/zk/zab/services.ts';
import type { ForwardingTarget } from '../../../engine/zk/zab/broadcast.ts';
import type { QuorumPacket } from '../../../engine/zk/zab/packets.ts';
import type { BugFlag } from '../../../engine/zk/bugs.ts';

export interface Recorded { e: string; [f: string]: unknown }

export class FakePeer {
  readonly events: Recorded[] = [];
  readonly timers = new Set<string>();
  readonly synced: SyncRequest[] = [];
  readonly applied: { zxid: number; txn: Txn; via: string }[] = [];
  failed: string | undefined;
  readonly state = new DigestState();
  readonly db = {
    lastProcessedZxid: 0,
    state: this.state,
    apply: (zxid: number, txn: Txn, via: string) => {
      this.applied.push({ zxid, txn, via });
      this.state.apply(zxid, txn);
      this.db.lastProcessedZxid = zxid;
      return this.state.digest();
    },
  };

  constructor(readonly verifier: QuorumVerifier, readonly sid = 1, private readonly bugs: BugFlag[] = []) {}

  services(): PeerServices {
    const ctx = {
      tracing: true,
      trace: (e: string, f?: Record<string, unknown>) => { this.events.push({ e, ...f }); },
      setTimer: (k: string) => { this.timers.add(k); },
      cancelTimer: (k: string) => { this.timers.delete(k); },
      hasTimer: (k: string) => this.timers.has(k),
      now: () => 0,
    };
    return {
      ctx, sid: this.sid, verifier: this.verifier, tickUs: 200_000, newEpochMarker: false, config: { syncEnabled: true },
      db: this.db, stateMachine: digestStateMachine,
      syncProcessor: { submit: (r: SyncRequest) => { this.synced.push(r); } },
      bug: (f: BugFlag) => this.bugs.includes(f),
      roleFailed: (cause: string) => { this.failed = cause; },
    } as unknown as PeerServices;
  }

  /** Runs the onDurable callbacks of everything handed to the SyncRequestProcessor so far. */
  flush(): void {
    for (const r of this.synced.splice(0)) r.onDurable?.();
  }

  of(e: string): Recorded[] {
    return this.events.filter((x) => x.e === e);
  }
}

/** A learner connection as the broadcast sees it: records what is queued to it. */
export class FakeLearner implements ForwardingTarget {
  readonly packets: QuorumPacket[] = [];
  constructor(readonly sid: number, private readonly participant = true) {}
  isParticipant(): boolean { return this.participant; }
  queuePacket(p: QuorumPacket): void { this.packets.push(p); }
  types(): string[] { return this.packets.map((p) => `${p.type}:${p.zxid.toString(16)}`); }
}

/** Majority over `voters` plus `observers`. */
export function majority(voters: number[], observers: number[] = []): QuorumVerifier {
  return new QuorumMaj([...voters.map((sid) => ({ sid, type: 'participant' as const })), ...observers.map((sid) => ({ sid, type: 'observer' as const }))]);
}
