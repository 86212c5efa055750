// Judges a ZooKeeper scenario's run summary against its ZkExpectation: one sentence per
// unmet expectation (empty when the outcome is as expected). The run summary carries it
// (`unmetExpectations`, so `zksim run --json` shows it) and the tests assert on it.
import type { ZkExpectation } from './spec.ts';

interface ServerSummary {
  sid: number;
  state: string;
  currentEpoch: number | null;
  lastCommittedZxid: string | null;
  digest: string | null;
}

export function unmetExpectations(expect: ZkExpectation, summary: Record<string, unknown>): string[] {
  const out: string[] = [];
  const servers = (summary.servers ?? []) as ServerSummary[];
  const leader = summary.leader as number | null;
  if (expect.leader === 'any') {
    if (leader === null) out.push('expected some leader, found none');
  } else if (leader !== expect.leader) {
    out.push(`expected leader ${expect.leader}, found ${leader}`);
  }
  for (const [sid, state] of Object.entries(expect.states ?? {})) {
    const s = servers.find((x) => x.sid === Number(sid));
    if (s?.state !== state) out.push(`expected server ${sid} ${state}, found ${s?.state}`);
  }
  if (expect.epoch !== undefined && leader !== null) {
    const e = servers.find((s) => s.sid === leader)?.currentEpoch;
    if (e !== expect.epoch) out.push(`expected epoch ${expect.epoch}, found ${e}`);
  }
  const committed = summary.committed as number;
  if (expect.committedAtLeast !== undefined && !(committed >= expect.committedAtLeast)) {
    out.push(`expected at least ${expect.committedAtLeast} commits, found ${committed}`);
  }
  if (expect.converged) {
    const up = servers.filter((s) => s.state !== 'DOWN');
    const keys = new Set(up.map((s) => `${s.lastCommittedZxid}/${s.digest}`));
    const serving = up.every((s) => s.state === 'LEADING' || s.state === 'FOLLOWING' || s.state === 'OBSERVING');
    if (!serving || keys.size !== 1 || up.some((s) => s.lastCommittedZxid === null)) {
      out.push(`expected every server serving with one lastCommittedZxid/digest, found ${up.map((s) => `${s.sid}:${s.state}:${s.lastCommittedZxid}/${s.digest}`).join(' ')}`);
    }
    // A committed txn that is lost leaves the survivors' history behind the highest commit.
    const maxCommitted = parseInt(String(summary.maxCommittedZxid ?? '0x0'), 16);
    const behind = up.filter((s) => s.lastCommittedZxid !== null && parseInt(s.lastCommittedZxid, 16) < maxCommitted);
    if (behind.length > 0) {
      out.push(`expected no committed txn lost, but ${behind.map((s) => `${s.sid} (${s.lastCommittedZxid})`).join(', ')} ended below the highest commit ${String(summary.maxCommittedZxid)}`);
    }
  }
  const modes = (summary.syncModes ?? []) as string[];
  for (const m of expect.syncModes ?? []) {
    if (!modes.includes(`${m.learner}:${m.mode}`)) out.push(`expected learner ${m.learner} synced by ${m.mode}, found ${modes.join(' ') || 'none'}`);
  }
  if (expect.truncated && !((summary.truncations as number) > 0)) out.push('expected a learner to truncate its log');
  if (expect.tornTail && !((summary.tornTails as number) > 0)) out.push('expected a restart to cut a torn log tail');
  const syncs = summary.learnerSyncs as number;
  if (expect.learnerSyncsAtLeast !== undefined && !(syncs >= expect.learnerSyncsAtLeast)) {
    out.push(`expected at least ${expect.learnerSyncsAtLeast} client syncs completed at learners, found ${syncs}`);
  }
  return out;
}
