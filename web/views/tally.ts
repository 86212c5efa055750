// The recvset tally of one server drawn against the quorum line: one slot per voter, filled
// when that voter's latest vote (in this round) agrees with the server's proposal, a mark
// where the quorum is, and the table of recvset entries. Answers "why did 3 win": which
// votes it counted, for whom, and that they reached the quorum.
import { entries, nums, vote } from '../trace/fields.ts';
import type { TraceIndex } from '../trace/index.ts';
import type { TraceEvent } from '../trace/types.ts';
import { zxidHex, zxidPair } from '../trace/zxid.ts';
import { h } from '../ui/dom.ts';
import { listSids, voteShort } from '../trace/words.ts';

export function tallyBlock(ix: TraceIndex, ev: TraceEvent | undefined, node: number): HTMLElement {
  const ens = ix.ensemble;
  if (!ev) {
    return h('div', { class: 'tally empty' }, `Server ${node} has not counted any votes yet at this time.`);
  }
  const agreeing = nums(ev, 'agreeing');
  const target = vote(ev.target) ?? vote(ev.proposal);
  const set = entries(ev.e === 'fle.tally' ? ev.recvset : ev.outofelection);
  const quorum = ev.quorum === true;
  const need = ens.groups ? 'a majority in a majority of groups' : `${ens.quorumSize} needed`;
  const slots = h('div', { class: 'slots', role: 'img', 'aria-label': `${agreeing.length} of ${ens.voters.length} agree; ${need}` });
  // Agreeing voters first, so the quorum line falls inside the filled slots exactly when they reach it.
  const order = ens.groups ? ens.groups.flat() : [...ens.voters].sort((a, b) => Number(agreeing.includes(b)) - Number(agreeing.includes(a)) || a - b);
  order.forEach((sid, i) => {
    const agrees = agreeing.includes(sid);
    const e = set.find((x) => x.sid === sid);
    if (ens.groups && i > 0 && ens.groups.some((g) => g[0] === sid)) slots.append(h('div', { class: 'group-gap' }));
    slots.append(h('div', { class: `slot${agrees ? ' agrees' : e ? ' differs' : ''}`, title: e ? `${sid} votes for ${e.leader}` : `no vote from ${sid} yet` },
      h('span', { class: 'slot-sid' }, String(sid)), h('span', { class: 'slot-vote' }, agrees ? '✓' : e ? `→${e.leader}` : '—')));
    if (!ens.groups && i + 1 === ens.quorumSize && i + 1 < order.length) {
      slots.append(h('div', { class: 'quorum-line', title: `quorum: ${ens.quorumSize}` }, h('span', {}, `quorum ${ens.quorumSize}`)));
    }
  });
  const verdict = quorum
    ? `${agreeing.length} of ${ens.voters.length} voters (${listSids(agreeing)}) agree on ${target?.leader}: that is a quorum (${need}).`
    : `${agreeing.length} of ${ens.voters.length} agree on ${target?.leader ?? '?'}: not a quorum yet (${need}).`;
  const table = h('table', { class: 'recvset' },
    h('thead', {}, h('tr', {}, h('th', {}, 'from'), h('th', {}, 'votes for'), h('th', {}, '(epoch, zxid, sid)'), h('th', {}, 'epoch:counter'), h('th', {}, 'round'), h('th', {}, ''))),
    h('tbody', {}, ...set.map((e) => h('tr', { class: agreeing.includes(e.sid) ? 'agrees' : '' },
      h('td', {}, String(e.sid)), h('td', {}, String(e.leader)), h('td', {}, voteShort(e)), h('td', {}, zxidPair(e.zxid)),
      h('td', {}, String(e.electionEpoch)), h('td', {}, agreeing.includes(e.sid) ? '✓ agrees' : e.state && e.state !== 'LOOKING' ? e.state : '')))),
  );
  return h('div', { class: 'tally' },
    h('div', { class: 'tally-title' }, ev.e === 'fle.tally'
      ? `recvset of server ${node} (round ${String(ev.logicalclock)}), proposal ${target ? `${target.leader} ${zxidHex(target.zxid)}` : '?'}`
      : `servers already out of election, as server ${node} sees them`),
    slots, h('div', { class: `verdict${quorum ? ' yes' : ''}`, 'data-testid': 'tally-verdict' }, verdict), table);
}
