// ZAB events in words for the Log view: a txn as a short line ("set k15 = v1"), the sync
// decision a learner got with the zxid bounds the leader compared ("DIFF: learner
// 0x100000003 within leader's committed log [0x100000001, 0x100000008]"), and each
// milestone (snapshot, truncation, recovery, SNAP image, UPTODATE...). Plain strings: the
// views put them in the page with textContent only.
import { num, nums, str } from './fields.ts';
import type { TraceEvent } from './types.ts';
import { listSids } from './words.ts';
import { zxidHex as hx } from './zxid.ts';

const TXN_TEXT_MAX = 60;

/** "set k15 = v1", "create k3 = a", "error -110 (create)", else the type and its fields. */
export function txnText(txn: Record<string, unknown> | undefined): string {
  if (!txn) return '';
  const type = String(txn.type ?? '?');
  if ((type === 'set' || type === 'create') && 'key' in txn) return `${type} ${String(txn.key)} = ${String(txn.value)}`;
  if (type === 'error') return `error ${String(txn.err)} (${String(txn.op)})`;
  const rest = Object.entries(txn).filter(([k]) => k !== 'type').map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
  const text = rest ? `${type} ${rest}` : type;
  return text.length > TXN_TEXT_MAX ? `${text.slice(0, TXN_TEXT_MAX - 1)}…` : text;
}

/** The leader's sync decision for a learner, with the bounds it compared, in words. */
export function syncSentence(ev: TraceEvent): { head: string; why: string } {
  const mode = str(ev, 'mode');
  const p = num(ev, 'peerLastZxid'), z = num(ev, 'zxid');
  const min = num(ev, 'minCommittedLog'), max = num(ev, 'maxCommittedLog'), last = num(ev, 'leaderLastZxid');
  const learner = `learner ${hx(p)}`;
  const window = `leader's committed log [${hx(min)}, ${hx(max)}]`;
  const within = p >= min && p <= max;
  let head: string;
  switch (mode) {
    case 'DIFF':
      head = p === last ? `DIFF: ${learner} equals the leader's last zxid: already in sync, nothing to send`
        : within ? `DIFF: ${learner} within ${window}: it gets the txns after it`
          : p < min ? `DIFF: ${learner} below ${window}: it gets the txns after it from the leader's log on disk`
            : `DIFF: ${learner} compared with ${window}, leader's last ${hx(last)}`;
      break;
    case 'TRUNC':
      head = p > max ? `TRUNC: ${learner} is ahead of ${window}: it truncates its log to ${hx(z)}`
        : `TRUNC: ${learner} within ${window} but not in it: it truncates its log to ${hx(z)}, then gets the txns after it`;
      break;
    case 'SNAP':
      head = p < min ? `SNAP: ${learner} below ${window}: it gets a snapshot of the leader's state at ${hx(z)}`
        : `SNAP: ${learner} compared with ${window}: no DIFF or TRUNC fits, it gets a snapshot at ${hx(z)}`;
      break;
    default:
      head = `${mode}: ${learner} compared with ${window}`;
  }
  const queued = num(ev, 'queued', 0);
  const why = `${str(ev, 'why')}${queued > 0 ? `; ${queued} PROPOSAL/COMMIT packet${queued > 1 ? 's' : ''} queued with it` : ''}`;
  return { head, why };
}

/** A server's ZAB milestone in words, as seen from `node` (the server whose log is shown). */
export function milestoneSentence(ev: TraceEvent, node: number): { head: string; why: string } {
  switch (ev.e) {
    case 'zab.syncMode': {
      const s = syncSentence(ev);
      if (num(ev, 'learner') === node) return { head: `Synced by leader ${num(ev, 'node')} — ${s.head}`, why: s.why };
      return { head: `Syncs learner ${num(ev, 'learner')} — ${s.head}`, why: s.why };
    }
    case 'zab.trunc': {
      const d = nums(ev, 'dropped');
      const what = d.length === 0 ? 'nothing to drop' : `dropping ${d.length} txn${d.length > 1 ? 's' : ''} (${hx(d[0]!)}${d.length > 1 ? ` – ${hx(d[d.length - 1]!)}` : ''})`;
      return { head: `Truncates its log after ${hx(num(ev, 'toZxid'))}, ${what}`, why: 'its state is then reloaded from disk' };
    }
    case 'zab.recovered': {
      const cause = str(ev, 'cause');
      const torn = num(ev, 'truncatedBytes', 0);
      const base = `${num(ev, 'replayed')} txn${num(ev, 'replayed') === 1 ? '' : 's'} replayed → ${hx(num(ev, 'lastZxid'))} (digest ${str(ev, 'digest')})`;
      const head = cause === 'restart' ? `Recovers from disk: snapshot ${hx(num(ev, 'snapshotZxid'))} + ${base}`
        : cause === 'reload' ? `Reloads from disk: snapshot ${hx(num(ev, 'snapshotZxid'))} + ${base}`
          : `Role ended: its state catches up with its own log from ${hx(num(ev, 'snapshotZxid'))}: ${base}`;
      return { head, why: torn > 0 ? `a torn or corrupt log tail (${torn} bytes) was cut off` : '' };
    }
    case 'zab.snapshot': return { head: `Snapshot at ${hx(num(ev, 'zxid'))} is durable`, why: '' };
    case 'zab.snapSync':
      return { head: `SNAP from leader ${num(ev, 'from')}: its state is replaced by the leader's image at ${hx(num(ev, 'zxid'))}`, why: `digest ${str(ev, 'digest')}` };
    case 'zab.uptodate': return { head: `UPTODATE from leader ${num(ev, 'leader')} (epoch ${num(ev, 'epoch')}): in sync, serving`, why: '' };
    case 'zab.quorumLost': return { head: `Leader loses its quorum (synced: ${listSids(nums(ev, 'synced'))}): steps down`, why: '' };
    case 'zab.learnerDropped': return { head: `Drops learner ${num(ev, 'learner')}`, why: str(ev, 'reason') };
    case 'zab.proposalTimeout': return { head: `Drops learner ${num(ev, 'learner')}: proposal ${hx(num(ev, 'zxid'))} unacked for syncLimit ticks`, why: '' };
    case 'zab.established': return { head: `Established as leader of epoch ${num(ev, 'epoch')} (ACKEPOCH from ${listSids(nums(ev, 'acked'))})`, why: '' };
    case 'zab.newLeaderAcked': return { head: `A quorum acked NEWLEADER (${listSids(nums(ev, 'acked'))}): starts serving`, why: '' };
    case 'zab.discoveryFailed': return { head: `Gives up on epoch ${num(ev, 'epoch')}: no quorum within ${num(ev, 'waitedMs')} ms`, why: str(ev, 'phase') };
    case 'node.start': return { head: `Starts (incarnation ${num(ev, 'incarnation', 1)})`, why: '' };
    case 'node.crash': return { head: 'Crashes: what was not fsynced is lost', why: '' };
    default: return { head: ev.e, why: '' };
  }
}
