// What each server believes over the trace: its current vote, logicalclock, acceptedEpoch,
// currentEpoch, last zxid and the leader it follows, as snapshots taken whenever one of
// them changes (rare next to the number of events), and each server's election events
// (fle.*) by event index for the Votes view. A crash clears what lived in memory (vote,
// logicalclock, leader) and keeps what lives on disk (epochs, zxid).
import { num, str, vote } from './fields.ts';
import { lastAtOrBefore } from './search.ts';
import type { TraceEvent, VoteTriple } from './types.ts';

export interface NodeInfo {
  idx: number;
  vote?: VoteTriple;
  logicalclock?: number;
  acceptedEpoch?: number;
  currentEpoch?: number;
  lastZxid?: number;
  /** The leader this server follows or is (after fle.decide; cleared when LOOKING again). */
  leader?: number;
  /** As a leader: the epoch a quorum acknowledged (zab.established); cleared when LOOKING again. */
  established?: number;
}

interface Lane { idx: number[]; infos: NodeInfo[]; fle: number[]; tallies: number[] }

const EMPTY: NodeInfo = { idx: -1 };

export class Votes {
  private readonly lanes = new Map<number, Lane>();

  private lane(node: number): Lane {
    let l = this.lanes.get(node);
    if (!l) this.lanes.set(node, (l = { idx: [], infos: [], fle: [], tallies: [] }));
    return l;
  }

  private update(node: number, i: number, patch: Partial<NodeInfo>, clear: (keyof NodeInfo)[] = []): void {
    const l = this.lane(node);
    const prev = l.infos.length ? l.infos[l.infos.length - 1]! : EMPTY;
    const next: NodeInfo = { ...prev, ...patch, idx: i };
    for (const k of clear) delete next[k];
    if (l.idx[l.idx.length - 1] === i) l.infos[l.infos.length - 1] = next;
    else { l.idx.push(i); l.infos.push(next); }
  }

  add(ev: TraceEvent, i: number): void {
    const node = num(ev, 'node');
    if (Number.isNaN(node)) return;
    if (ev.e.startsWith('fle.')) {
      const l = this.lane(node);
      l.fle.push(i);
      if (ev.e === 'fle.tally' || ev.e === 'fle.outofelection') l.tallies.push(i);
    }
    switch (ev.e) {
      case 'zk.recover':
        this.update(node, i, { acceptedEpoch: num(ev, 'acceptedEpoch'), currentEpoch: num(ev, 'currentEpoch'), lastZxid: num(ev, 'lastZxid') });
        return;
      case 'zk.epoch':
        this.update(node, i, str(ev, 'file') === 'acceptedEpoch' ? { acceptedEpoch: num(ev, 'epoch') } : { currentEpoch: num(ev, 'epoch') });
        return;
      case 'fle.round': this.setVote(node, i, vote(ev.proposal), num(ev, 'logicalclock')); return;
      case 'fle.vote': this.setVote(node, i, vote(ev.to), num(ev, 'logicalclock')); return;
      case 'fle.updateVote': this.setVote(node, i, vote(ev.vote)); return;
      case 'fle.decide': {
        const v = vote(ev.vote);
        this.update(node, i, { ...(v ? { vote: v } : {}), leader: num(ev, 'leader'), logicalclock: num(ev, 'logicalclock') });
        return;
      }
      case 'zab.uptodate': this.update(node, i, { leader: num(ev, 'leader') }); return;
      case 'zab.established': this.update(node, i, { established: num(ev, 'epoch') }); return;
      case 'zk.state':
        if (str(ev, 'state') === 'LOOKING') this.update(node, i, {}, ['leader', 'established']);
        else if (str(ev, 'state') === 'LEADING') this.update(node, i, { leader: node });
        return;
      case 'node.crash': this.update(node, i, {}, ['vote', 'logicalclock', 'leader', 'established']); return;
    }
  }

  private setVote(node: number, i: number, v: VoteTriple | undefined, lc?: number): void {
    if (!v) return;
    this.update(node, i, lc === undefined || Number.isNaN(lc) ? { vote: v } : { vote: v, logicalclock: lc });
  }

  at(node: number, cursor: number): NodeInfo {
    const l = this.lanes.get(node);
    if (!l) return EMPTY;
    const k = lastAtOrBefore(l.idx, cursor);
    return k < 0 ? EMPTY : l.infos[k]!;
  }

  /** Event indices of the node's fle.* events. */
  fleEvents(node: number): readonly number[] {
    return this.lanes.get(node)?.fle ?? [];
  }

  /** The node's last fle.tally / fle.outofelection at or before cursor, or -1. */
  lastTally(node: number, cursor: number): number {
    const t = this.lanes.get(node)?.tallies ?? [];
    const k = lastAtOrBefore(t, cursor);
    return k < 0 ? -1 : t[k]!;
  }
}
