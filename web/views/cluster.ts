// The Cluster view: servers on a circle, coloured by state, with their votes and epochs;
// the network between them; messages in flight. A headline says who leads (or that no one
// does) at the current time. Clicking a server selects it everywhere and opens its menu
// (crash / restart / pick for a partition / votes). Three layers share the stage: the SVG
// of links and servers, the servers' text cards (HTML), and an SVG of the messages in
// flight, so a frame that moves messages or changes a card lays out only that layer.
import { isQuorum } from '../trace/ensemble.ts';
import type { TraceIndex } from '../trace/index.ts';
import { h, setText, svg } from '../ui/dom.ts';
import { ClusterNetwork } from './clusterNetwork.ts';
import { cardSize, COMPACT_ABOVE, createNode, placeNode, updateNode, type NodeGlyph } from './clusterNodes.ts';
import { NodeMenu } from './nodeMenu.ts';
import type { View, ViewContext } from './view.ts';
import type { RunState } from '../state/runState.ts';

export class ClusterView implements View {
  readonly el = h('section', { class: 'cluster' });
  private readonly headline = h('div', { class: 'cluster-headline', 'data-testid': 'leader' });
  private readonly svgEl = svg('svg', { class: 'cluster-svg' });
  private readonly nodeLayer = svg('g', { class: 'nodes' });
  private readonly stage = h('div', { class: 'cluster-stage' });
  private readonly cardLayer = h('div', { class: 'node-cards' });
  private readonly dotsSvg = svg('svg', { class: 'cluster-svg cluster-dots' });
  private readonly net: ClusterNetwork;
  private readonly menu: NodeMenu;
  private nodes: NodeGlyph[] = [];
  private ix: TraceIndex | null = null;

  constructor(private readonly ctx: ViewContext) {
    this.net = new ClusterNetwork((row) => ctx.run.set({ selectedMsg: row }));
    this.svgEl.append(this.net.linkLayer, this.nodeLayer);
    this.dotsSvg.append(this.net.msgLayer);
    this.menu = new NodeMenu(ctx);
    this.el.append(this.headline, this.stage);
    this.stage.append(this.svgEl, this.cardLayer, this.dotsSvg, this.menu.el);
    this.svgEl.addEventListener('click', () => this.menu.close());
    new ResizeObserver(() => this.resize()).observe(this.stage);
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
    this.cardLayer.replaceChildren();
    this.menu.close();
    if (!ix) { this.nodes = []; this.net.build([]); return; }
    const observers = new Set(ix.ensemble.servers.filter((x) => x.type === 'observer').map((x) => x.sid));
    this.nodes = ix.nodes.map((sid) => createNode(sid, observers.has(sid)));
    for (const n of this.nodes) {
      n.g.addEventListener('click', (ev) => { ev.stopPropagation(); this.pick(n); });
      n.g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') this.pick(n); });
      n.card.addEventListener('click', (ev) => { ev.stopPropagation(); this.pick(n); });
      this.nodeLayer.append(n.g);
      this.cardLayer.append(n.card);
    }
    this.net.build(this.nodes);
    this.resize();
  }

  private pick(n: NodeGlyph): void {
    this.ctx.run.set({ selectedNode: n.sid });
    this.menu.open(n, this.ctx.run.get());
  }

  resize(): void {
    // The layers get the stage's size in pixels, not 100%: a box of fixed size is a relayout
    // boundary, so what changes inside one layer (a frame's worth) lays out only that layer.
    const box = { width: this.stage.clientWidth, height: this.stage.clientHeight };
    for (const layer of [this.svgEl, this.cardLayer, this.dotsSvg]) {
      layer.style.width = `${box.width}px`;
      layer.style.height = `${box.height}px`;
    }
    const w = Math.max(200, box.width), hgt = Math.max(200, box.height);
    this.svgEl.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
    this.dotsSvg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
    // The cards follow the SVG's viewBox mapping (the identity unless the stage is tiny).
    const zoom = Math.min(box.width / w, box.height / hgt);
    this.cardLayer.style.transform = zoom === 1 ? '' : `translate(${(box.width - w * zoom) / 2}px, ${(box.height - hgt * zoom) / 2}px) scale(${zoom})`;
    const cx = w / 2, cy = hgt / 2;
    const k = this.nodes.length;
    const compact = k > COMPACT_ABOVE;
    const { w: CARD_W, h: CARD_H } = cardSize(compact);
    const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / Math.max(k, 1);
    // The largest ellipse on which every node and its text card fit in the box.
    const needX = 34 + 12 + CARD_W + 6, needY = Math.max(34, CARD_H / 2) + 8;
    let Rx = w / 2, Ry = hgt / 2;
    for (let i = 0; i < k; i++) {
      const c = Math.abs(Math.cos(angle(i))), sn = Math.abs(Math.sin(angle(i)));
      if (c > 0.01) Rx = Math.min(Rx, (w / 2 - needX) / c);
      if (sn > 0.01) Ry = Math.min(Ry, (hgt / 2 - needY) / sn);
    }
    Rx = Math.max(40, Math.min(Rx, Ry * 1.6));
    Ry = Math.max(40, Ry);
    const r = Math.max(16, Math.min(compact ? 26 : 34, (Math.PI * Math.min(Rx, Ry)) / Math.max(k, 3) / 1.6));
    this.nodes.forEach((n, i) => {
      const a = angle(i);
      placeNode(n, cx + Rx * Math.cos(a), cy + Ry * Math.sin(a), r, cx, compact);
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
      const info = ix.votes.at(l, cursor);
      const ep = info.established !== undefined ? `epoch ${info.established}` : 'its new epoch is not established yet';
      return `Leader ${l} (${ep}): followed by ${f.length ? f.join(', ') : 'no one yet'}${q ? '' : ' — not a quorum'}`;
    });
    setText(this.headline, parts.join(' · '));
    this.headline.dataset.leader = leaders.join(',');
  }
}
