// Convergence (a helper, not a checker): after the faults heal, do all live servers hold
// the same committed state? Given each server's end state — up or down, the last zxid it
// applied and its state digest — the live ones must agree on both; servers that are down
// are listed and not judged. A digest that was not traced makes a server's state unknown,
// and unknown is never "the same" (except for zxid 0: nothing applied, the empty state).
// `atLeastZxid` (e.g. the last zxid any leader committed)
// also demands that the agreed state reaches it: agreeing on less means something
// committed is missing everywhere. `endStates` reads the end states off ZabHistories.
import { fmtZxid } from './zabFields.ts';
import type { ZabHistories } from './zabHistory.ts';
import { sidSet } from './types.ts';

export interface ServerEndState {
  readonly sid: number;
  readonly up: boolean;
  /** The last zxid the server applied (0 for none). */
  readonly lastZxid: number;
  /** Its state digest after lastZxid; undefined if unknown. */
  readonly digest: string | number | undefined;
}

export interface ConvergenceGroup {
  readonly sids: number[];
  readonly lastZxid: number;
  readonly digest: string | number | undefined;
}

export interface ConvergenceReport {
  readonly converged: boolean;
  /** Live servers grouped by (lastZxid, digest): most servers first, then highest zxid. */
  readonly groups: ConvergenceGroup[];
  /** Servers that are down (not judged), ascending. */
  readonly down: number[];
  readonly message: string;
}

export interface ConvergenceOptions {
  /** The agreed state must reach at least this zxid. */
  readonly atLeastZxid?: number;
}

export function convergence(servers: readonly ServerEndState[], opts: ConvergenceOptions = {}): ConvergenceReport {
  const down = servers.filter((s) => !s.up).map((s) => s.sid).sort((a, b) => a - b);
  const byKey = new Map<string, { sids: number[]; lastZxid: number; digest: string | number | undefined }>();
  for (const s of servers) {
    if (!s.up) continue;
    const key = `${s.lastZxid}|${s.digest === undefined ? '?' : JSON.stringify(s.digest)}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { sids: [], lastZxid: s.lastZxid, digest: s.digest }));
    g.sids.push(s.sid);
  }
  const groups = [...byKey.values()].map((g) => ({ ...g, sids: g.sids.sort((a, b) => a - b) }));
  groups.sort((a, b) => b.sids.length - a.sids.length || b.lastZxid - a.lastZxid || a.sids[0]! - b.sids[0]!);
  const notJudged = down.length > 0 ? ` (down, not judged: ${sidSet(down)})` : '';
  if (groups.length === 0) return { converged: false, groups, down, message: `no live server to judge${notJudged}` };
  const [g] = groups as [ConvergenceGroup];
  if (groups.length > 1) {
    const parts = groups.map((x) => `${sidSet(x.sids)} at ${describe(x)}`);
    return { converged: false, groups, down, message: `live servers did not converge: ${parts.join('; ')}${notJudged}` };
  }
  const live = `live servers ${sidSet(g.sids)}`;
  if (g.digest === undefined && g.lastZxid !== 0) {
    const message = `${live} are all at ${fmtZxid(g.lastZxid)}, but their state digests are unknown${notJudged}`;
    return { converged: false, groups, down, message };
  }
  if (opts.atLeastZxid !== undefined && g.lastZxid < opts.atLeastZxid) {
    const message = `${live} agree at ${describe(g)}, short of ${fmtZxid(opts.atLeastZxid)}, which must be reached${notJudged}`;
    return { converged: false, groups, down, message };
  }
  return { converged: true, groups, down, message: `${live} converged at ${describe(g)}${notJudged}` };
}

/** Each server's end state as ZabHistories sees it: its last applied entry and whether it is up. */
export function endStates(h: ZabHistories): ServerEndState[] {
  return h.sids().map((sid) => {
    const seq = h.sequence(sid);
    const last = seq[seq.length - 1];
    const digest = last?.digest === undefined ? undefined : (JSON.parse(last.digest) as string | number);
    return { sid, up: h.isUp(sid), lastZxid: last?.zxid ?? 0, digest };
  });
}

function describe(g: ConvergenceGroup): string {
  return `${fmtZxid(g.lastZxid)} (digest ${g.digest === undefined ? 'unknown' : JSON.stringify(g.digest)})`;
}
