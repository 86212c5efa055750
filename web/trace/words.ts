// Election events in words, so a student can say exactly why a vote won: the comparison
// totalOrderPredicate made ("(epoch 1, zxid 0x100000012, sid 2) beats (1, 0x100000010, 3):
// higher zxid"), what the server then did, and why a round ended. Plain strings: the views
// put them in the page with textContent only.
import { entries, num, nums, obj, str, vote } from './fields.ts';
import type { TraceEvent, VoteTriple } from './types.ts';
import { zxidHex } from './zxid.ts';

/** "1, 2 and 3". */
export function listSids(sids: readonly number[]): string {
  if (sids.length <= 1) return sids.join('');
  return `${sids.slice(0, -1).join(', ')} and ${sids[sids.length - 1]}`;
}

/** "(epoch 1, zxid 0x100000012, sid 2)" — the long form, for the first vote of a sentence. */
export function voteLong(v: VoteTriple): string {
  return `(epoch ${v.peerEpoch}, zxid ${zxidHex(v.zxid)}, sid ${v.leader})`;
}

/** "(1, 0x100000010, 3)". */
export function voteShort(v: VoteTriple): string {
  return `(${v.peerEpoch}, ${zxidHex(v.zxid)}, ${v.leader})`;
}

const REASON: Record<string, string> = {
  epoch: 'higher epoch',
  zxid: 'same epoch, higher zxid',
  sid: 'same epoch and zxid, higher sid',
  weight: 'the other candidate has weight 0 and can never lead',
  equal: 'the same vote',
};

/** The comparison of a fle.recv `cmp`: which vote beat which, and the field that decided. */
export function comparison(cmp: Record<string, unknown>): string {
  const r = vote(cmp.received), c = vote(cmp.current);
  if (!r || !c) return '';
  const by = str(cmp, 'decidedBy');
  if (by === 'equal') return `${voteLong(r)} equals ${voteShort(c)}: the same vote`;
  const [w, l] = str(cmp, 'winner') === 'received' ? [r, c] : [c, r];
  return `${voteLong(w)} beats ${voteShort(l)}: ${REASON[by] ?? by}`;
}

const ACTION: Record<string, string> = {
  'adopted': 'it switches its vote and sends the new vote to everyone',
  'kept': 'it keeps its own vote and records the sender’s in recvset',
  'new-round': 'it joins the later round: clears recvset, compares with its initial vote, and sends its vote to everyone',
  'ignored-old-round': 'ignored: the sender is in an older round',
  'recorded': 'recorded: the sender is already out of election',
  'ignored-not-looking': 'it is not LOOKING: it replies with the leader it follows',
  'dropped-both-out-of-election': 'dropped: both are out of election',
  'queued': 'kept for its next round (no round running yet)',
  'ignored-not-voter': 'ignored: the sender or its candidate is not a voter',
  'ignored-observing': 'ignored: observers do not vote',
  'ignored-own-zxid-minus-1': 'ignored: this server has no valid zxid yet',
  'ignored-zxid-minus-1': 'ignored: the sender has no valid zxid yet',
  'consumed-in-finalize': 'it is waiting to finalize and this vote is not better: it keeps waiting',
  'put-back': 'it was waiting to finalize, but this vote is better: it stops waiting and recounts',
};

/** One received notification and what the server did with it, in words. */
export function recvSentence(ev: TraceEvent): { head: string; why: string } {
  const n = obj(ev, 'n') ?? {};
  const from = num(ev, 'from');
  const st = str(n, 'state');
  const nv = vote(n);
  const round = num(n, 'electionEpoch');
  const what = nv ? `${st === 'LOOKING' ? 'votes' : `is ${st}, leader`} ${nv.leader} ${voteShort(nv)}, round ${round}` : st;
  const head = `from ${from}: ${what}`;
  const cmp = obj(ev, 'cmp');
  const action = str(ev, 'action');
  const did = ACTION[action] ?? action;
  return { head, why: cmp ? `${comparison(cmp)} — ${did}` : did };
}

/** A sentence for any fle.* event of a server (the Votes view's log). */
export function fleSentence(ev: TraceEvent): { head: string; why: string } {
  const v = vote(ev.proposal) ?? vote(ev.vote) ?? vote(ev.to);
  switch (ev.e) {
    case 'fle.recv': return recvSentence(ev);
    case 'fle.round': return { head: `round ${num(ev, 'logicalclock')} starts`, why: v ? `votes for itself ${voteLong(v)}` : '' };
    case 'fle.vote': {
      const from = vote(ev.from);
      return { head: `vote → ${v?.leader}`, why: `${from ? voteShort(from) : '?'} → ${v ? voteShort(v) : '?'}: ${str(ev, 'because')} (${REASON[str(ev, 'decidedBy')] ?? str(ev, 'decidedBy')})` };
    }
    case 'fle.send': return { head: `sends its vote ${v ? voteShort(v) : ''} to ${listSids(nums(ev, 'to'))}`, why: str(ev, 'reason') };
    case 'fle.tally': return tallySentence(ev);
    case 'fle.outofelection': return tallySentence(ev);
    case 'fle.finalize': return { head: `finalize: ${str(ev, 'phase')}`, why: FINALIZE[str(ev, 'phase')] ?? '' };
    case 'fle.timeout': return { head: `no notification for ${num(ev, 'intervalMs')} ms`, why: `${str(ev, 'action') === 'resend' ? 'sends its vote again' : 'reconnects to everyone'}; next wait ${num(ev, 'nextIntervalMs')} ms` };
    case 'fle.decide': return { head: `decides: ${str(ev, 'state')}, leader ${num(ev, 'leader')}`, why: `${listSids(nums(ev, 'agreeing'))} agree (via ${str(ev, 'via')})` };
    case 'fle.reply': return { head: `replies to ${num(ev, 'to')} with ${v ? voteShort(v) : '?'}`, why: str(ev, 'reason').replace(/-/g, ' ') };
    default: return { head: ev.e.slice(4), why: '' };
  }
}

const FINALIZE: Record<string, string> = {
  wait: 'a quorum agrees with its vote: it waits finalizeWait for a better vote before deciding',
  interrupted: 'a better vote arrived during the wait',
  done: 'no better vote arrived: the vote stands',
};

function tallySentence(ev: TraceEvent): { head: string; why: string } {
  const agreeing = nums(ev, 'agreeing');
  const target = vote(ev.target) ?? vote(ev.proposal);
  const set = entries(ev.e === 'fle.tally' ? ev.recvset : ev.outofelection);
  const q = ev.quorum === true;
  return {
    head: `${ev.e === 'fle.tally' ? 'recvset' : 'out of election'}: ${agreeing.length} of ${set.length} agree on ${target?.leader ?? '?'}`,
    why: q ? `${listSids(agreeing)} form a quorum` : 'not a quorum yet',
  };
}

/** The sentence of a fle.decide for captions: "Server 3 received votes from 1 and 2 for itself: a quorum …". */
export function decideCaption(ev: TraceEvent, quorumSize: number, voters: number): string {
  const node = num(ev, 'node'), leader = num(ev, 'leader');
  const others = nums(ev, 'agreeing').filter((s) => s !== node);
  const agreeing = nums(ev, 'agreeing').length;
  const state = str(ev, 'state');
  const q = `a quorum (${agreeing} of ${voters}, ${quorumSize} needed)`;
  const forWhom = leader === node ? 'for itself' : `for ${leader}`;
  const src = str(ev, 'via') === 'outofelection' ? `heard from ${listSids(others)}, already out of election,` : `received votes from ${listSids(others)}`;
  const then = state === 'LEADING' ? 'it becomes LEADING' : `it becomes ${state}, following ${leader}`;
  return `Server ${node} ${src} ${forWhom}: ${q} — ${then}.`;
}

/** A vote change for captions: "Server 3 switches its vote from 3 to 1: (…) beats (…): higher zxid." */
export function voteChangeCaption(ev: TraceEvent): string {
  const from = vote(ev.from), to = vote(ev.to);
  if (!from || !to) return '';
  const why = str(ev, 'because') === 'higher round'
    ? 'it joins a later round'
    : `${voteLong(to)} beats ${voteShort(from)}: ${REASON[str(ev, 'decidedBy')] ?? str(ev, 'decidedBy')}`;
  return `Server ${num(ev, 'node')} switches its vote from ${from.leader} to ${to.leader}: ${why}.`;
}
