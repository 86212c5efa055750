// Historical ZooKeeper bugs the simulator can re-introduce, each behind a named flag
// (`bugs: string[]` on the peer; `zksim run --bug <flag>`), with the JIRA that fixed it, the
// scenario that shows it, and what goes wrong. With the flag on, the scenario's checkers
// catch the violation; with it off the scenario passes. The reference's bug catalogue
// (§11) describes each.
export interface BugInfo {
  readonly flag: string;
  readonly jira: string;
  readonly scenario: string;
  readonly description: string;
}

export const BUGS = [
  {
    flag: 'fle-1419', jira: 'ZOOKEEPER-1419', scenario: 'bug-1419-epoch-tiebreak',
    description: 'FastLeaderElection breaks ties on server id without checking the epoch first: votes with a lower epoch and a higher id and votes with a higher epoch beat each other, so five servers may never settle on a leader.',
  },
  {
    flag: 'sync-1154', jira: 'ZOOKEEPER-1154', scenario: 'bug-1154-diff-not-trunc',
    description: 'A learner whose last zxid lies inside the leader\'s committed log is always sent a DIFF, never a TRUNC or a SNAP: an old leader keeps a proposal nobody committed and its state diverges.',
  },
  {
    flag: 'sync-1319', jira: 'ZOOKEEPER-1319', scenario: 'bug-1319-stale-lastproposed',
    description: 'The new leader does not set lastProposed to zxid(epoch,0), and the sync decision compares the learner with that stale value: an empty server joining after a restart is judged in sync and gets an empty DIFF instead of the data.',
  },
  {
    flag: 'no-fastforward-2845', jira: 'ZOOKEEPER-2845', scenario: 'bug-2845-no-fastforward',
    description: 'A server that leaves its role without crashing does not fast-forward its state from its own log: it reports a lower zxid than it logged, is DIFFed instead of TRUNCed, and the proposal it logged resurfaces after a restart.',
  },
  {
    flag: 'learner-3911', jira: 'ZOOKEEPER-3911', scenario: 'bug-3911-ack-unlogged-diff',
    description: 'A learner acknowledges NEWLEADER while the txns of its DIFF are only in memory (they are logged after UPTODATE): if it crashes then, txns the new epoch committed are lost.',
  },
  {
    flag: 'learner-4643', jira: 'ZOOKEEPER-4643', scenario: 'bug-4643-epoch-before-log',
    description: 'A learner persists currentEpoch before the txns of its DIFF are durable (3.8.4 ordering) and acks NEWLEADER; after a crash it has the new epoch and a short log, wins the next election on epoch and truncates txns the others committed.',
  },
] as const satisfies readonly BugInfo[];

export type BugFlag = (typeof BUGS)[number]['flag'];

export const BUG_FLAGS: readonly BugFlag[] = BUGS.map((b) => b.flag);

export function isBugFlag(s: string): s is BugFlag {
  return (BUG_FLAGS as readonly string[]).includes(s);
}

/** Checks a list of flags; returns the unknown ones. */
export function unknownBugFlags(flags: readonly string[]): string[] {
  return flags.filter((f) => !isBugFlag(f));
}
