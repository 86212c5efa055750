// The Votes view: for the selected server, every notification it received and what it did
// with it, in words ("(epoch 1, zxid 0x100000012, sid 2) beats (1, 0x100000010, 3): same
// epoch, higher zxid — switches its vote…"), its own rounds, vote changes and decision, up
// to the current time; and its latest recvset tally against the quorum line.
import type { RunState } from '../state/runState.ts';
import { setCursor } from '../state/runState.ts';
import { lastAtOrBefore } from '../trace/search.ts';
import { fleSentence } from '../trace/words.ts';
import { fill, h } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';
import { tallyBlock } from './tally.ts';
import type { View, ViewContext } from './view.ts';

const ROWS_MAX = 250;

export class VotesView implements View {
  readonly el = h('section', { class: 'votes' });
  private readonly pick = h('select', { 'aria-label': 'Server', 'data-testid': 'votes-node' });
  private readonly tally = h('div');
  private readonly log = h('ol', { class: 'fle-log' });
  private key = '';

  constructor(private readonly ctx: ViewContext) {
    this.pick.addEventListener('change', () => ctx.run.set({ selectedNode: Number(this.pick.value) }));
    this.el.append(h('div', { class: 'votes-head' }, h('label', {}, 'Server ', this.pick),
      h('span', { class: 'muted' }, 'Votes compare as (epoch, zxid, sid): the higher epoch wins; if equal, the higher zxid; if equal, the higher sid.')),
    this.tally,
      h('h3', {}, 'What it received and did'), this.log);
  }

  update(s: Readonly<RunState>, changed: ReadonlySet<keyof RunState>): void {
    const ix = s.ix;
    if (!ix) return;
    if (changed.has('ix')) {
      fill(this.pick, ...ix.nodes.map((sid) => h('option', { value: sid }, String(sid))));
      this.key = '';
    }
    const node = s.selectedNode ?? ix.ensemble.voters[ix.ensemble.voters.length - 1] ?? ix.nodes[0];
    if (node === undefined) return;
    this.pick.value = String(node);
    const fle = ix.votes.fleEvents(node);
    const upto = lastAtOrBefore(fle, s.cursor);
    const tallyIdx = ix.votes.lastTally(node, s.cursor);
    const key = `${node}/${upto}/${tallyIdx}`;
    if (key === this.key) return;
    this.key = key;
    if (!ix.ensemble.zookeeper || fle.length === 0) {
      fill(this.tally, h('p', { class: 'muted' }, ix.ensemble.zookeeper
        ? `Server ${node} has no election events in this trace.`
        : 'This run is not a ZooKeeper scenario: there is no election to show. Pick startup-3 in the gallery.'));
      this.log.replaceChildren();
      return;
    }
    fill(this.tally, tallyBlock(ix, tallyIdx >= 0 ? ix.events[tallyIdx] : undefined, node));
    const from = Math.max(0, upto - ROWS_MAX + 1);
    const rows: HTMLElement[] = [];
    for (let k = from; k <= upto; k++) {
      const i = fle[k]!;
      const ev = ix.events[i]!;
      const { head, why } = fleSentence(ev);
      rows.push(h('li', { class: `fle fle-${ev.e.slice(4)}${k === upto ? ' current' : ''}`, onclick: () => setCursor(this.ctx.run, i) },
        h('span', { class: 'fle-t' }, fmtTime(ev.t)), h('span', { class: 'fle-head' }, head), h('span', { class: 'fle-why' }, why)));
    }
    if (from > 0) rows.unshift(h('li', { class: 'muted' }, `${from} earlier election events not shown`));
    if (upto < 0) rows.push(h('li', { class: 'muted' }, 'Nothing yet: move the time forward.'));
    fill(this.log, ...rows);
    this.log.scrollTop = this.log.scrollHeight;
  }
}
