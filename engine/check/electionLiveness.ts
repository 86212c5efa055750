// ElectionLiveness: whenever a quorum of voters is up, healthy and pairwise connected with
// no message loss in force (FaultState.connectedQuorum), a leader that *serves* — it logged
// zab.newLeaderAcked and has not lost the role since (zk.state away from LEADING,
// zab.quorumLost, node.crash, node.start) — must exist within `boundUs` of the later of:
// the moment that condition became true (and it stayed true), the moment the last serving
// leader stopped serving, and the moment the last latency spike touching the quorum settled.
// Negative clock drift on a quorum member stretches the bound (its timers fire late).
// Any serving leader counts, also one outside the quorum: a stale leader steps down within
// syncLimit ticks, and the clock restarts then. Servers with slowed fsyncs are not healthy:
// a slow enough disk legitimately stops discovery (each wait has only initLimit ticks).
// Deadlines are checked when the next event arrives and at `finish`; a deadline after the
// end of the run is not judged.
import type { QuorumVerifier } from '../zk/quorum/verifier.ts';
import { FaultState } from './faultState.ts';
import { fmtMs, fmtS, sidSet, type Checker, type TraceEvent, type Violation } from './types.ts';

const NAME = 'ElectionLiveness';

/** ZK 3.8: FastLeaderElection.maxNotificationInterval — the cap of the notification backoff. */
export const MAX_NOTIFICATION_INTERVAL_MS = 60_000;

/** The configuration's timeouts the bound is made of (zoo.cfg keys, ms and ticks). */
export interface LivenessTimeouts {
  readonly tickTime: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  /** Election connect timeout in ms (zookeeper.cnxTimeout). */
  readonly cnxTimeout: number;
}

/**
 * How long a connected quorum may go without a serving leader, in µs:
 * two notification intervals at the backoff cap (a LOOKING server may wait one full
 * interval before it re-sends, and the answer may need one more), one election connect
 * timeout (a dial to a peer that was unreachable), and discovery/sync: up to three waits of
 * initLimit ticks each (getEpochToPropose, waitForEpochAck, waitForNewLeaderAck) plus two
 * syncLimit periods (a stale leader noticing it lost its quorum; learners timing out).
 */
export function livenessBoundUs(c: LivenessTimeouts, maxNotificationIntervalMs: number = MAX_NOTIFICATION_INTERVAL_MS): number {
  const ms = maxNotificationIntervalMs * 2 + c.cnxTimeout + (3 * c.initLimit + 2 * c.syncLimit) * c.tickTime;
  return ms * 1000;
}

interface Period {
  startUs: number;
  quorum: number[];
}

export class ElectionLiveness implements Checker {
  readonly name = NAME;
  readonly faults = new FaultState();
  private period: Period | undefined;
  private readonly serving = new Set<number>();
  /** The last serving leader to stop serving, when none was left. */
  private lost: { sid: number; t: number } | undefined;
  private reportedUs: number | undefined;

  constructor(private readonly verifier: QuorumVerifier, readonly boundUs: number) {}

  observe(ev: TraceEvent): Violation[] {
    const out: Violation[] = [];
    const due = this.overdue(ev.t);
    if (due) {
      this.reportedUs = due.t;
      out.push(due);
    }
    this.updateServing(ev);
    const u = this.faults.observe(ev);
    if (u.problem !== undefined) {
      out.push({ checker: NAME, t: ev.t, message: `trace event ${ev.e} at ${fmtMs(ev.t)}: ${u.problem}; event ignored` });
    }
    if (u.changed) this.recompute(ev.t);
    return out;
  }

  finish(endUs: number): Violation[] {
    const due = this.overdue(endUs);
    return due ? [due] : [];
  }

  /** Servers currently serving as leader (ascending). */
  servingLeaders(): number[] {
    return [...this.serving].sort((a, b) => a - b);
  }

  /** The quorum that is connected now and since when, if any. */
  connectedPeriod(): Readonly<Period> | undefined {
    return this.period;
  }

  private updateServing(ev: TraceEvent): void {
    const node = ev['node'];
    if (typeof node !== 'number') return;
    switch (ev.e) {
      case 'zab.newLeaderAcked':
        this.serving.add(node);
        return;
      case 'zk.state':
        if (ev['state'] !== 'LEADING') this.stopServing(node, ev.t);
        return;
      case 'zab.quorumLost':
      case 'node.crash':
      case 'node.start':
        this.stopServing(node, ev.t);
        return;
    }
  }

  private stopServing(sid: number, t: number): void {
    if (this.serving.delete(sid) && this.serving.size === 0) this.lost = { sid, t };
  }

  private recompute(t: number): void {
    const q = this.faults.connectedQuorum(this.verifier);
    if (!q) this.period = undefined;
    else if (!this.period) this.period = { startUs: t, quorum: q };
    else this.period.quorum = q;
  }

  /** A violation if the current deadline passed strictly before `t` and was not reported. */
  private overdue(t: number): Violation | undefined {
    const p = this.period;
    if (!p || this.serving.size > 0) return undefined;
    // Runs on every event while no leader serves: only numbers here, words when reported.
    const base = this.base(p);
    const deadlineUs = base.us + this.effectiveBoundUs(p.quorum);
    if (deadlineUs >= t || deadlineUs === this.reportedUs) return undefined;
    return { checker: NAME, t: deadlineUs, message: this.describe(p, base, deadlineUs) };
  }

  /** When the wait began: the period's start, a leader stopping, or a spike settling. */
  private base(p: Period): { us: number; cause: 'connected' | 'lost' | 'settled' } {
    let us = p.startUs;
    let cause: 'connected' | 'lost' | 'settled' = 'connected';
    if (this.lost && this.lost.t > us) { us = this.lost.t; cause = 'lost'; }
    const settled = this.faults.settledUs(p.quorum);
    if (settled > us) { us = settled; cause = 'settled'; }
    return { us, cause };
  }

  private describe(p: Period, base: { us: number; cause: string }, deadlineUs: number): string {
    const why =
      base.cause === 'lost' && this.lost ? `; leader ${this.lost.sid} stopped serving at ${fmtS(this.lost.t)}`
      : base.cause === 'settled' ? `; the last latency spike on it settled at ${fmtS(base.us)}`
      : '';
    const { ppm, slowest } = this.slowestClock(p.quorum);
    const boundUs = this.effectiveBoundUs(p.quorum);
    const stretch = ppm === 0 ? '' : `, stretched from ${fmtS(this.boundUs)} for clock drift ${ppm} ppm on server ${slowest}`;
    return `no leader within bound: quorum ${sidSet(p.quorum)} connected since ${fmtS(p.startUs)}${why}, ` +
      `still no serving leader at ${fmtS(deadlineUs)} (bound ${fmtS(boundUs)}${stretch})`;
  }

  /** The bound, stretched for the slowest clock in the quorum. */
  private effectiveBoundUs(quorum: readonly number[]): number {
    const { ppm } = this.slowestClock(quorum);
    if (ppm === 0) return this.boundUs;
    // A timer of L local µs fires after L * 1e6 / (1e6 + ppm) real µs.
    return Math.ceil((this.boundUs * 1_000_000) / (1_000_000 + ppm));
  }

  private slowestClock(quorum: readonly number[]): { ppm: number; slowest: number } {
    let ppm = 0, slowest = -1;
    for (const sid of quorum) {
      const d = this.faults.driftPpm(sid);
      if (d < ppm) { ppm = d; slowest = sid; }
    }
    return { ppm, slowest };
  }
}
