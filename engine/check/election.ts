// ElectionCheckers: the election and discovery checkers run together over one event stream
// — OneLeaderPerEpoch, EstablishedHadQuorum, EpochsMonotonic, VotesMonotonic and ElectionLiveness — with
// their violations gathered in time order. `fromHeader` derives what they need from a
// trace header: the quorum verifier (the configuration's own semantics, via verifierFor)
// and the liveness bound from the ensemble's timeouts. A header without a usable ensemble
// is a clear error naming the field, never a crash inside a checker.
import { z } from 'zod';
import { firstProblem, type TraceHeader } from '../trace/schema.ts';
import type { ServerSpec } from '../zk/config/types.ts';
import { verifierFor } from '../zk/config/verifier.ts';
import type { QuorumVerifier } from '../zk/quorum/verifier.ts';
import { ElectionLiveness, livenessBoundUs, type LivenessTimeouts } from './electionLiveness.ts';
import { EpochsMonotonic } from './epochsMonotonic.ts';
import { EstablishedHadQuorum } from './establishedHadQuorum.ts';
import { OneLeaderPerEpoch } from './oneLeaderPerEpoch.ts';
import { VotesMonotonic } from './votesMonotonic.ts';
import { ViolationLog, type Checker, type TraceEvent, type Violation } from './types.ts';

const sid = z.int().nonnegative();
const positiveInt = z.int().positive();

/** The fields of EnsembleConfig (engine/zk/config/types.ts) the election checkers read. */
const ensembleSchema = z.looseObject({
  servers: z.array(z.looseObject({ sid, type: z.enum(['participant', 'observer']) })).min(1),
  groups: z.array(z.looseObject({ gid: z.int(), members: z.array(sid) })).optional(),
  weights: z.record(z.string(), z.int().nonnegative()),
  tickTime: positiveInt,
  initLimit: z.int().nonnegative(),
  syncLimit: z.int().nonnegative(),
  cnxTimeout: z.int().nonnegative(),
});

export type CheckedEnsemble = z.infer<typeof ensembleSchema>;

export interface ElectionCheckerOptions {
  verifier: QuorumVerifier;
  /** ElectionLiveness's bound in µs (see livenessBoundUs); leave out to skip liveness. */
  livenessBoundUs?: number;
}

export class ElectionCheckers {
  readonly oneLeaderPerEpoch: OneLeaderPerEpoch;
  readonly establishedHadQuorum: EstablishedHadQuorum;
  readonly epochsMonotonic: EpochsMonotonic;
  readonly votesMonotonic: VotesMonotonic;
  readonly liveness: ElectionLiveness | undefined;
  readonly checkers: readonly Checker[];
  private readonly log = new ViolationLog();

  constructor(opts: ElectionCheckerOptions) {
    this.oneLeaderPerEpoch = new OneLeaderPerEpoch();
    this.establishedHadQuorum = new EstablishedHadQuorum(opts.verifier);
    this.epochsMonotonic = new EpochsMonotonic();
    this.votesMonotonic = new VotesMonotonic();
    this.liveness = opts.livenessBoundUs === undefined ? undefined : new ElectionLiveness(opts.verifier, opts.livenessBoundUs);
    const all: Checker[] = [this.oneLeaderPerEpoch, this.establishedHadQuorum, this.epochsMonotonic, this.votesMonotonic];
    if (this.liveness) all.push(this.liveness);
    this.checkers = all;
  }

  /** Checkers for the ensemble in `header.config.ensemble`; throws a clear Error if it is unusable. */
  static fromHeader(header: Pick<TraceHeader, 'config'>): ElectionCheckers {
    const ensemble = ensembleFromHeader(header);
    let verifier: QuorumVerifier;
    try {
      verifier = verifierOf(ensemble);
    } catch (err) {
      throw new Error(`trace header config.ensemble: ${err instanceof Error ? err.message : String(err)}`);
    }
    return new ElectionCheckers({ verifier, livenessBoundUs: livenessBoundUs(ensemble) });
  }

  /** Feeds one event to every checker; returns the violations it revealed, in time order. */
  observe(ev: TraceEvent): Violation[] {
    const now: Violation[] = [];
    for (const c of this.checkers) for (const v of c.observe(ev)) now.push(v);
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
}

/** The configuration's quorum system, as the servers build it (verifierFor). */
function verifierOf(e: CheckedEnsemble): QuorumVerifier {
  // verifierFor reads only sid/type of each server (the ServerSpec addresses are irrelevant).
  const servers = e.servers.map((s) => ({ sid: s.sid, type: s.type }) as ServerSpec);
  const weights = Object.fromEntries(Object.entries(e.weights).map(([k, w]) => [Number(k), w]));
  return verifierFor({ servers, groups: e.groups, weights });
}

/** The ensemble in a trace header, validated; throws an Error naming the bad field. */
export function ensembleFromHeader(header: Pick<TraceHeader, 'config'>): CheckedEnsemble & LivenessTimeouts {
  const config: unknown = (header as { config?: unknown }).config;
  if (config === null || typeof config !== 'object' || !('ensemble' in config)) {
    throw new Error('trace header config.ensemble: missing (the election checkers need the ensemble configuration)');
  }
  const ensemble = (config as { ensemble: unknown }).ensemble;
  const problem = firstProblem(ensembleSchema, ensemble, 'the ensemble');
  if (problem) {
    const where = problem.field === undefined ? 'config.ensemble' : `config.ensemble.${problem.field}`;
    throw new Error(`trace header ${where}: ${problem.message}`);
  }
  return ensembleSchema.parse(ensemble);
}

/**
 * Runs the election checkers over a whole trace. `endUs` (default: the last event's time)
 * is when the run ended; liveness deadlines after it are not judged.
 */
export function checkTrace(header: Pick<TraceHeader, 'config'>, events: Iterable<TraceEvent>, endUs?: number): Violation[] {
  const checkers = ElectionCheckers.fromHeader(header);
  let last = 0;
  for (const ev of events) {
    checkers.observe(ev);
    last = ev.t;
  }
  return checkers.finish(endUs ?? last);
}
