// ZooKeeper scenarios as data: an ensemble (as zoo.cfg text, the operator's view), each
// server's initial disk (last zxid, epochs), when servers start, a fault schedule, how long
// to run, and the expected outcome. `zkScenario(spec)` turns one into a runnable Scenario.
import type { FaultEntryInput } from '../../engine/faults/schedule.ts';
import type { ServerState } from '../../engine/zk/election/types.ts';
import type { WorkloadSpec } from '../../engine/zk/txn/workload.ts';
import type { Zxid } from '../../engine/zk/zxid.ts';

export interface ServerInit {
  /** The server's log holds txns up to this zxid (counters 1..n of its epoch). */
  lastZxid?: Zxid;
  currentEpoch?: number;
  acceptedEpoch?: number;
}

export interface ZkExpectation {
  /** The sid that leads and serves at the end, null for none, 'any' for some leader. */
  leader: number | null | 'any';
  /** States at the end (DOWN = crashed and not restarted). */
  states?: Readonly<Record<number, ServerState | 'DOWN'>>;
  /** The epoch the final leader established. */
  epoch?: number;
  /** At least this many txns committed (zab.commit events) over the run. */
  committedAtLeast?: number;
  /** Every server up at the end is serving with the same lastCommittedZxid and digest. */
  converged?: boolean;
  /** These sync modes were chosen (zab.syncMode) for these learners at some point. */
  syncModes?: readonly { learner: number; mode: 'DIFF' | 'TRUNC' | 'SNAP' }[];
  /** Some learner truncated at least one txn (zab.trunc with a non-empty `dropped`). */
  truncated?: boolean;
  /** Some restart cut a torn or corrupt log tail (zab.recovered with truncatedBytes > 0). */
  tornTail?: boolean;
  /** At least this many client syncs completed at learners (zab.syncDone after a zab.syncRequest). */
  learnerSyncsAtLeast?: number;
}

/** A caption shown when the run reaches the first event matching `on`. */
export interface StepCaption {
  on: { e: string; node?: number; state?: string; [field: string]: unknown };
  text: string;
}

export interface ZkScenarioSpec {
  id: string;
  title: string;
  caption: string;
  tags: readonly string[];
  zooCfg: string;
  init?: Readonly<Record<number, ServerInit>>;
  /** When each server starts (ms); servers not listed start at 0. */
  startAtMs?: Readonly<Record<number, number>>;
  faults?: readonly FaultEntryInput[];
  /** Client-like writes (followers forward them to the leader). */
  workload?: WorkloadSpec | readonly WorkloadSpec[];
  /** Bug flags this scenario always runs with (the bug scenarios leave it empty: --bug adds them). */
  bugs?: readonly string[];
  /** Busy time per election message sent (QcmOptions.sendCostUs): bounds vote floods (bug-1419). */
  qcmSendCostUs?: number;
  /** A crash may leave the first unsynced write of a file partly written (SimConfig.tornWrites). */
  tornWrites?: boolean;
  untilMs: number;
  expect: ZkExpectation;
  steps?: readonly StepCaption[];
}

/** zoo.cfg text for `n` servers on loopback, with the timing of the measured real ensemble. */
export function zooCfg(participants: number, opts: { observers?: readonly number[]; extra?: string } = {}): string {
  const lines = ['tickTime=200', 'initLimit=10', 'syncLimit=5', 'dataDir=/var/lib/zookeeper', 'clientPort=2181'];
  for (let sid = 1; sid <= participants + (opts.observers?.length ?? 0); sid++) {
    const observer = opts.observers?.includes(sid);
    lines.push(`server.${sid}=127.0.0.1:${2887 + sid}:${3887 + sid}${observer ? ':observer' : ''}`);
  }
  if (opts.extra) lines.push(opts.extra);
  return lines.join('\n') + '\n';
}
