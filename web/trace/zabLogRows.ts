// One server's txn log at a cursor, as the Log view shows it: a row per txn that entered its
// log, in zxid order, with how far it got by then — logged (durable here), acked (the leader
// counted this server's ACK; for the leader's own proposals, who acked), committed (a leader
// committed that zxid), applied (it is in this server's state now, and how it got there) —
// or when it left the log (struck through: TRUNC, lost at a restart). Snapshots made durable,
// SNAP images and TRUNC cuts sit between the rows at their zxid. Also the server's state in
// one line.
import type { ApplyVia, ZabModel } from './zab.ts';

export interface LogEntry {
  kind: 'txn';
  zxid: number;
  txn: Record<string, unknown> | undefined;
  loggedIdx: number;
  beforeTrace: boolean;
  /** The leader's own proposal: the sids it counted acks from; else whether its ACK was counted. */
  ackedBy: number[] | null;
  acked: boolean;
  committedIdx: number;
  applied: ApplyVia | null;
  goneIdx: number;
  goneWhy: string;
}

export interface MarkEntry {
  kind: 'snapshot' | 'snapSync' | 'cover' | 'trunc';
  zxid: number;
  idx: number;
  /** snapSync: the leader that sent the image. */
  from?: number;
  /** trunc: how many txns it dropped. */
  dropped?: number;
}

export type LogLine = LogEntry | MarkEntry;

export interface StateLine {
  /** The state's last zxid and digest (a SNAP image or an old snapshot if no txn since). */
  lastZxid: number;
  digest: string;
  /** Its highest committed zxid (equals lastZxid while every txn in it is committed). */
  lastCommitted: number;
  uncommitted: number;
  logged: number;
  dropped: number;
}

export function logAt(zab: ZabModel, sid: number, c: number): LogLine[] {
  const srv = zab.server(sid);
  const { recs } = srv.stateAt(c);
  const live = new Map(recs.map((r) => [r.zxid, r]));
  const out: LogLine[] = [];
  for (const row of srv.logAt(c)) {
    const prop = zab.proposals.get(row.zxid);
    const mine = prop !== undefined && prop.leader === sid && prop.idx <= c;
    const acks = zab.acksAt(row.zxid, c);
    const committedIdx = zab.commits.get(row.zxid) ?? -1;
    const gone = row.goneIdx <= c;
    out.push({
      kind: 'txn', zxid: row.zxid, txn: zab.txns.get(row.zxid), loggedIdx: row.idx, beforeTrace: row.beforeTrace,
      ackedBy: mine ? [...new Set(acks.filter((a) => a.leader === sid).map((a) => a.from))].sort((a, b) => a - b) : null,
      acked: acks.some((a) => a.from === sid),
      committedIdx: committedIdx >= 0 && committedIdx <= c ? committedIdx : -1,
      applied: gone ? null : live.get(row.zxid)?.via ?? null,
      goneIdx: gone ? row.goneIdx : Infinity, goneWhy: gone ? row.goneWhy : '',
    });
  }
  const marks: MarkEntry[] = srv.snapshots.filter((s) => s.idx <= c).map((s) => ({ kind: 'snapshot', zxid: s.zxid, idx: s.idx }));
  for (const tr of srv.truncs) if (tr.idx <= c) marks.push({ kind: 'trunc', zxid: tr.zxid, idx: tr.idx, dropped: tr.dropped });
  for (const cv of srv.covers) {
    if (cv.idx > c) break;
    marks.push(cv.from !== undefined ? { kind: 'snapSync', zxid: cv.zxid, idx: cv.idx, from: cv.from } : { kind: 'cover', zxid: cv.zxid, idx: cv.idx });
  }
  // A mark at zxid z follows the row of z (it is about the state after z); marks at one zxid
  // in the order they happened.
  marks.sort((a, b) => a.idx - b.idx);
  for (const m of marks) {
    let k = out.length;
    while (k > 0 && (out[k - 1]!.zxid > m.zxid || (out[k - 1]!.zxid === m.zxid && out[k - 1]!.kind !== 'txn' && (out[k - 1] as MarkEntry).idx > m.idx))) k--;
    out.splice(k, 0, m);
  }
  return out;
}

export function stateLine(zab: ZabModel, sid: number, c: number): StateLine {
  const srv = zab.server(sid);
  const { recs, cover } = srv.stateAt(c);
  const last = recs[recs.length - 1];
  let lastCommitted = cover?.zxid ?? 0, uncommitted = 0;
  for (const r of recs) if (zab.isCommitted(r, c)) lastCommitted = Math.max(lastCommitted, r.zxid); else uncommitted++;
  let logged = 0, dropped = 0;
  for (const row of srv.rows) {
    if (row.idx > c) break;
    if (row.goneIdx <= c) dropped++; else logged++;
  }
  const top = last && (!cover || last.zxid >= cover.zxid) ? { zxid: last.zxid, digest: last.digest } : { zxid: cover?.zxid ?? 0, digest: cover?.digest ?? '' };
  return { lastZxid: top.zxid, digest: top.digest, lastCommitted, uncommitted, logged, dropped };
}
