// ZabCheckers: the ZAB broadcast/recovery checkers run together over one event stream —
// Integrity, Agreement, TotalOrder, LocalPrimaryOrder, GlobalPrimaryOrder,
// PrimaryIntegrity, CommittedNotLost, PrefixOfOneHistory and SyncFreshness — with their violations
// gathered in time order. The history-based ones share one ZabHistories, fed once per
// event; a malformed event it cannot read is reported once, as checker 'ZabHistory'.
// `fromHeader` builds the quorum verifier CommittedNotLost needs from the trace header (a
// header without a usable ensemble is a clear error naming the field). After the run,
// `convergence()` says whether the live servers ended in the same state.
import type { TraceHeader } from '../trace/schema.ts';
import type { ServerSpec } from '../zk/config/types.ts';
import { verifierFor } from '../zk/config/verifier.ts';
import type { QuorumVerifier } from '../zk/quorum/verifier.ts';
import { ensembleFromHeader } from './election.ts';
import { ViolationLog, type Checker, type TraceEvent, type Violation } from './types.ts';
import { ZabAgreement } from './zabAgreement.ts';
import { ZabCommittedNotLost } from './zabCommittedNotLost.ts';
import { convergence, endStates, type ConvergenceOptions, type ConvergenceReport, type ServerEndState } from './zabConvergence.ts';
import { problemsAs, type HistoryChecker } from './zabFields.ts';
import { ZabHistories } from './zabHistory.ts';
import { ZabIntegrity } from './zabIntegrity.ts';
import { ZabGlobalPrimaryOrder, ZabLocalPrimaryOrder, ZabTotalOrder } from './zabOrder.ts';
import { ZabPrefixOfOneHistory } from './zabPrefix.ts';
import { ZabPrimaryIntegrity } from './zabPrimaryIntegrity.ts';
import { ZabSyncFreshness } from './zabSyncFreshness.ts';

/** The checker name of malformed events the shared ZabHistories could not read. */
export const ZAB_HISTORY = 'ZabHistory';

export interface ZabCheckerOptions {
  /** The configuration's quorums; without it CommittedNotLost checks no quorum sizes. */
  verifier?: QuorumVerifier;
}

export class ZabCheckers {
  readonly histories = new ZabHistories();
  readonly integrity = new ZabIntegrity();
  readonly agreement = new ZabAgreement();
  readonly totalOrder: ZabTotalOrder;
  readonly localPrimaryOrder: ZabLocalPrimaryOrder;
  readonly globalPrimaryOrder: ZabGlobalPrimaryOrder;
  readonly primaryIntegrity: ZabPrimaryIntegrity;
  readonly committedNotLost: ZabCommittedNotLost;
  readonly prefixOfOneHistory: ZabPrefixOfOneHistory;
  readonly syncFreshness: ZabSyncFreshness;
  readonly checkers: readonly Checker[];
  private readonly onHistories: readonly HistoryChecker[];
  private readonly log = new ViolationLog();

  constructor(opts: ZabCheckerOptions = {}) {
    const h = this.histories;
    this.totalOrder = new ZabTotalOrder(h);
    this.localPrimaryOrder = new ZabLocalPrimaryOrder(h);
    this.globalPrimaryOrder = new ZabGlobalPrimaryOrder(h);
    this.primaryIntegrity = new ZabPrimaryIntegrity(h);
    this.committedNotLost = new ZabCommittedNotLost(opts.verifier, h);
    this.prefixOfOneHistory = new ZabPrefixOfOneHistory(h);
    this.syncFreshness = new ZabSyncFreshness(h);
    this.onHistories = [
      this.totalOrder, this.localPrimaryOrder, this.globalPrimaryOrder,
      this.primaryIntegrity, this.committedNotLost, this.prefixOfOneHistory, this.syncFreshness,
    ];
    this.checkers = [this.integrity, this.agreement, ...this.onHistories];
  }

  /** Checkers for the ensemble in `header.config.ensemble`; throws a clear Error if it is unusable. */
  static fromHeader(header: Pick<TraceHeader, 'config'>): ZabCheckers {
    const e = ensembleFromHeader(header);
    let verifier: QuorumVerifier;
    try {
      // verifierFor reads only sid/type of each server (the ServerSpec addresses are irrelevant).
      const servers = e.servers.map((s) => ({ sid: s.sid, type: s.type }) as ServerSpec);
      const weights = Object.fromEntries(Object.entries(e.weights).map(([k, w]) => [Number(k), w]));
      verifier = verifierFor({ servers, groups: e.groups, weights });
    } catch (err) {
      throw new Error(`trace header config.ensemble: ${err instanceof Error ? err.message : String(err)}`);
    }
    return new ZabCheckers({ verifier });
  }

  /** Feeds one event to every checker; returns the violations it revealed, in time order. */
  observe(ev: TraceEvent): Violation[] {
    const changes = this.histories.observe(ev);
    const now = problemsAs(ZAB_HISTORY, changes);
    for (const v of this.integrity.observe(ev)) now.push(v);
    for (const v of this.agreement.observe(ev)) now.push(v);
    for (const c of this.onHistories) for (const v of c.observeChanges(ev, changes)) now.push(v);
    return this.log.record(now);
  }

  /** Every violation so far plus those visible only at `endUs`, in time order. A query: may be called again. */
  finish(endUs: number): Violation[] {
    return this.log.finish(this.checkers, endUs);
  }

  /** Violations found while observing (not those `finish` adds). */
  get violations(): readonly Violation[] {
    return this.log.violations;
  }

  /** Each server's state at this point of the trace (its last applied zxid and digest). */
  endStates(): ServerEndState[] {
    return endStates(this.histories);
  }

  /** Whether the live servers hold the same state now (see zabConvergence.ts). */
  convergence(opts?: ConvergenceOptions): ConvergenceReport {
    return convergence(this.endStates(), opts);
  }
}

/** Runs the ZAB checkers over a whole trace; `endUs` defaults to the last event's time. */
export function checkZabTrace(header: Pick<TraceHeader, 'config'>, events: Iterable<TraceEvent>, endUs?: number): Violation[] {
  const checkers = ZabCheckers.fromHeader(header);
  let last = 0;
  for (const ev of events) {
    checkers.observe(ev);
    last = ev.t;
  }
  return checkers.finish(endUs ?? last);
}
