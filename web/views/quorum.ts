// The Quorum view: why a fourth server does not help. 3, 4 and 5 servers side by side —
// quorum size, failures tolerated, what a split does — and, for this run at the current
// time, the sides of the network and whether each can form a quorum.
import type { RunState } from '../state/runState.ts';
import { describeEnsemble, quorumFacts, sidesAt } from '../trace/sides.ts';
import { fill, h } from '../ui/dom.ts';
import type { View, ViewContext } from './view.ts';

function card(n: number): HTMLElement {
  const { quorum, tolerated } = quorumFacts(n);
  const dots = h('div', { class: 'qdots', role: 'img', 'aria-label': `${n} servers, quorum ${quorum}` });
  for (let i = 1; i <= n; i++) dots.append(h('span', { class: `qdot${i <= quorum ? ' in' : ''}` }, String(i)));
  const even = n % 2 === 0;
  return h('div', { class: 'qcard', 'data-n': n },
    h('div', { class: 'qcard-title' }, `${n} servers`), dots,
    h('div', {}, `quorum: ⌊${n}/2⌋ + 1 = `, h('b', {}, String(quorum))),
    h('div', {}, 'tolerates ', h('b', {}, String(tolerated)), ` failure${tolerated === 1 ? '' : 's'}`),
    h('div', { class: even ? 'qnote warn' : 'qnote' }, even
      ? `split ${n / 2}|${n / 2}: neither side has ${quorum} — no leader anywhere`
      : `any split leaves one side with ≥ ${quorum}`),
  );
}

export class QuorumView implements View {
  readonly el = h('section', { class: 'quorum' });
  private readonly now = h('div', { class: 'qnow' });
  private key = '';

  constructor(_ctx: ViewContext) {
    this.el.append(
      h('h3', {}, 'Majority quorums: 3, 4 and 5 servers'),
      h('div', { class: 'qcards' }, card(3), card(4), card(5)),
      h('p', { class: 'qlesson' }, 'A fourth server raises the quorum from 2 to 3, so the ensemble still tolerates only one failure — and a 2|2 split leaves no side able to elect. Five servers tolerate two.'),
      h('a', { href: '?page=compare', class: 'qlink' }, 'Compare startup-3 and startup-4 under the same faults →'),
      h('h3', {}, 'This run, now'), this.now);
  }

  update(s: Readonly<RunState>): void {
    const ix = s.ix;
    if (!ix) return;
    const sides = sidesAt(ix, s.cursor);
    const key = JSON.stringify(sides);
    if (key === this.key) return;
    this.key = key;
    if (!ix.ensemble.zookeeper) {
      fill(this.now, h('p', { class: 'muted' }, 'Not a ZooKeeper scenario: no quorums here.'));
      return;
    }
    fill(this.now,
      h('p', {}, describeEnsemble(ix.ensemble), sides.length > 1 ? ` · the network is split into ${sides.length} sides:` : ' · the network is whole:'),
      h('ul', { class: 'sides' }, ...sides.map((sd) => h('li', { class: sd.canElect ? 'can' : 'cannot', 'data-testid': 'side' },
        h('b', {}, `{${sd.members.join(', ')}}`),
        `: ${sd.liveVoters.length} live voter${sd.liveVoters.length === 1 ? '' : 's'}${ix.ensemble.groups ? '' : ` ${sd.canElect ? '≥' : '<'} quorum ${ix.ensemble.quorumSize}`} — `,
        sd.canElect ? 'can elect a leader' : 'cannot elect a leader')),
      ),
    );
  }
}
