// The Cluster view: servers on a circle, coloured by state, with their votes and epochs;
// the network between them; messages in flight. A headline says who leads (or that no one
// does) at the current time. Clicking a server selects it everywhere and opens its menu
// (crash / restart / pick for a partition / votes).
import { isQuorum } from '../trace/ensemble.ts';
import type { TraceIndex } from '../trace/index.ts';
import { h, setText, svg } from '../ui/dom.ts';
import { ClusterNetwork } from './clusterNetwork.ts';
import { CARD_H, CARD_W, createNode, placeNode, updateNode, type NodeGlyph } from './clusterNodes.ts';
import { NodeMenu } from './nodeMenu.ts';
import type { View, ViewContext } from './view.ts';
import type { RunState } from '../state/runState.ts';

export class ClusterView implements View {
  readonly el = h('section', { class: 'cluster' });
  private readonly headline = h('div', { class: 'cluster-headline', 'data-testid': 'leader' });
  private readonly svgEl = svg('svg', { class: 'cluster-svg' });
  private readonly nodeLayer = svg('g', { class: 'nodes' });
  private readonly net: ClusterNetwork;
  private readonly menu: NodeMenu;
  private nodes: NodeGlyph[] = [];
  private ix: TraceIndex | null = null;

  constructor(private readonly ctx: ViewContext) {
    this.net = new ClusterNetwork((row) => ctx.run.set({ selectedMsg: row }));
    this.svgEl.append(this.net.linkLayer, this.net.msgLayer, this.nodeLayer);
    this.menu = new NodeMenu(ctx);
    this.el.append(this.headline, h('div', { class: 'cluster-stage' }, this.svgEl, this.menu.el));
    this.svgEl.addEventListener('click', () => this.menu.close());
    new ResizeObserver(() => this.resize()).observe(this.el);
  }

  update(s: Readonly<RunState>, changed: ReadonlySet<keyof RunState>): void {
    if (changed.has('ix')) this.rebuild(s.ix);
    const ix = this.ix;
    if (!ix) return;
    if (changed.has('ix') || changed.has('cursor')) {
      for (const n of this.nodes) updateNode(n, ix, s.cursor);
      this.net.updateLinks(ix, s.cursor);
      this.updateHeadline(ix, s.cursor);
      this.menu.refresh(s);
    }
    if (changed.has('ix') || changed.has('t') || changed.has('hiddenTypes') || changed.has('selectedMsg')) {
      this.net.updateMessages(ix, s.t, s.hiddenTypes, s.selectedMsg);
    }
    if (changed.has('ix') || changed.has('selectedNode') || changed.has('picked')) {
      for (const n of this.nodes) {
        n.g.classList.toggle('selected', n.sid === s.selectedNode);
        n.g.classList.toggle('picked', s.picked.has(n.sid));
      }
    }
  }

  private rebuild(ix: TraceIndex | null): void {
    this.ix = ix;
    this.nodeLayer.replaceChildren();
    this.menu.close();
    if (!ix) { this.nodes = []; this.net.build([]); return; }
    const observers = new Set(ix.ensemble.servers.filter((x) => x.type === 'observer').map((x) => x.sid));
    this.nodes = ix.nodes.map((sid) => createNode(sid, observers.has(sid)));
    for (const n of this.nodes) {
      n.g.addEventListener('click', (ev) => { ev.stopPropagation(); this.pick(n); });
      n.g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') this.pick(n); });
      this.nodeLayer.append(n.g);
    }
    this.net.build(this.nodes);
    this.resize();
  }

  private pick(n: NodeGlyph): void {
    this.ctx.run.set({ selectedNode: n.sid });
    this.menu.open(n, this.ctx.run.get());
  }

  resize(): void {
    const box = this.svgEl.getBoundingClientRect();
    const w = Math.max(200, box.width), hgt = Math.max(200, box.height);
    this.svgEl.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
    const cx = w / 2, cy = hgt / 2;
    const k = this.nodes.length;
    const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / Math.max(k, 1);
    // The largest ring on which every node and its text card fit in the box.
    let R = Math.min(w, hgt) / 2;
    for (let i = 0; i < k; i++) {
      const c = Math.abs(Math.cos(angle(i))), s = Math.abs(Math.sin(angle(i)));
      const side = c * R >= 34;
      const needX = side ? 34 + 12 + CARD_W + 6 : CARD_W / 2 + 6;
      const needY = side ? Math.max(34, CARD_H / 2) + 6 : 34 + CARD_H + 24;
      if (c > 0.01) R = Math.min(R, (w / 2 - needX) / c);
      if (s > 0.01) R = Math.min(R, (hgt / 2 - needY) / s);
    }
    R = Math.max(40, R);
    const r = Math.max(18, Math.min(34, (Math.PI * R) / Math.max(k, 3) / 2.2));
    this.nodes.forEach((n, i) => {
      const a = angle(i);
      placeNode(n, cx + R * Math.cos(a), cy + R * Math.sin(a), r, cx, cy);
    });
    this.net.place();
    const s = this.ctx.run.get();
    if (this.ix) this.net.updateMessages(this.ix, s.t, s.hiddenTypes, s.selectedMsg);
  }

  private updateHeadline(ix: TraceIndex, cursor: number): void {
    if (!ix.ensemble.zookeeper) {
      const up = ix.nodes.filter((sid) => ix.states.at(sid, cursor).status === 'UP').length;
      setText(this.headline, `${up} of ${ix.nodes.length} nodes running (not a ZooKeeper scenario: no election)`);
      this.headline.dataset.leader = '';
      return;
    }
    const leaders = ix.nodes.filter((sid) => ix.states.at(sid, cursor).status === 'LEADING');
    const following = (l: number) => ix.nodes.filter((sid) => {
      const st = ix.states.at(sid, cursor).status;
      return (st === 'FOLLOWING' || st === 'OBSERVING') && ix.votes.at(sid, cursor).leader === l;
    });
    if (leaders.length === 0) {
      setText(this.headline, 'No leader: the servers that are up are electing (LOOKING)');
      this.headline.dataset.leader = '';
      return;
    }
    const parts = leaders.map((l) => {
      const f = following(l);
      const q = isQuorum(ix.ensemble, [l, ...f]);
      const ep = ix.votes.at(l, cursor).currentEpoch;
      return `Leader ${l}${ep !== undefined ? ` (epoch ${ep})` : ''}: followed by ${f.length ? f.join(', ') : 'no one yet'}${q ? '' : ' — not a quorum'}`;
    });
    setText(this.headline, parts.join(' · '));
    this.headline.dataset.leader = leaders.join(',');
  }
}
