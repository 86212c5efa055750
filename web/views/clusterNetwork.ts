// The network layer of the Cluster view: a line per pair of servers (solid: a connection is
// open; dotted: none; red dashed with ✂: the pair is cut by a partition, isolation or a
// one-way block), and the messages in flight as dots moving from sender to receiver,
// labelled by type. Lines change per event; dots move per frame (only their transforms).
import * as d3 from 'd3';
import { anyCut, blocked } from '../trace/links.ts';
import type { TraceIndex } from '../trace/index.ts';
import { Fate } from '../trace/messages.ts';
import { svg } from '../ui/dom.ts';
import { typeColor } from '../ui/palette.ts';
import type { NodeGlyph } from './clusterNodes.ts';

interface Link { a: NodeGlyph; b: NodeGlyph; line: SVGLineElement; cut: SVGTextElement; state: string }

export class ClusterNetwork {
  readonly linkLayer = svg('g', { class: 'links' });
  readonly msgLayer = svg('g', { class: 'msgs' });
  private links: Link[] = [];
  private byNode = new Map<number, NodeGlyph>();

  constructor(private readonly onPickMsg: (row: number) => void) {}

  build(nodes: NodeGlyph[]): void {
    this.linkLayer.replaceChildren();
    this.links = [];
    this.byNode = new Map(nodes.map((n) => [n.sid, n]));
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const line = svg('line', { class: 'link' });
        const cut = svg('text', { class: 'link-cut', 'text-anchor': 'middle', dy: '0.35em' });
        this.linkLayer.append(line, cut);
        this.links.push({ a: nodes[i]!, b: nodes[j]!, line, cut, state: '' });
      }
    }
  }

  place(): void {
    for (const l of this.links) {
      l.line.setAttribute('x1', String(l.a.x)); l.line.setAttribute('y1', String(l.a.y));
      l.line.setAttribute('x2', String(l.b.x)); l.line.setAttribute('y2', String(l.b.y));
      l.cut.setAttribute('x', String((l.a.x + l.b.x) / 2)); l.cut.setAttribute('y', String((l.a.y + l.b.y) / 2));
    }
  }

  updateLinks(ix: TraceIndex, cursor: number): void {
    const cuts = ix.links.cutsAt(cursor);
    const hasCuts = anyCut(cuts);
    for (const l of this.links) {
      const ab = hasCuts && blocked(cuts, l.a.sid, l.b.sid), ba = hasCuts && blocked(cuts, l.b.sid, l.a.sid);
      const open = ix.links.openAt(l.a.sid, l.b.sid, cursor) > 0;
      const state = ab || ba ? 'cut' : open ? 'open' : 'none';
      const label = ab && ba ? '✂' : ab ? `✂ ${l.a.sid}→${l.b.sid}` : ba ? `✂ ${l.b.sid}→${l.a.sid}` : '';
      if (l.state !== state + label) {
        l.state = state + label;
        l.line.setAttribute('class', `link link-${state}`);
        l.cut.textContent = label;
      }
    }
  }

  /** Moves the in-flight messages to where they are at time t. */
  updateMessages(ix: TraceIndex, t: number, hidden: ReadonlySet<string>, selected: number | null): void {
    const m = ix.messages;
    const rows = m.inFlight(t, 300).filter((r) => !hidden.has(m.type(r)));
    const labelled = rows.length <= 14;
    const sel = d3.select(this.msgLayer).selectAll<SVGGElement, number>('g.msg').data(rows, (r) => r);
    sel.exit().remove();
    const enter = sel.enter().append('g').attr('class', 'msg').on('click', (ev: MouseEvent, r) => { ev.stopPropagation(); this.onPickMsg(r); });
    enter.append('circle').attr('r', 6);
    enter.append('text').attr('class', 'msg-label').attr('x', 9).attr('dy', '0.35em');
    enter.append('title');
    const all = enter.merge(sel);
    const nearNode = new Set<number>();
    all.each((r, i, groups) => {
      const g = groups[i]!;
      const a = this.byNode.get(m.from[r]!), b = this.byNode.get(m.to[r]!);
      if (!a || !b) return;
      const p = m.progress(r, t, ix.endT);
      if (p < 0.2 || p > 0.8) nearNode.add(r);
      // Fly from edge to edge, so a dot never covers a server's number.
      const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
      const e0 = Math.min(0.45, (a.r + 7) / len), e1 = Math.min(0.45, (b.r + 7) / len);
      const q = e0 + p * (1 - e0 - e1);
      const x = a.x + (b.x - a.x) * q, y = a.y + (b.y - a.y) * q;
      g.setAttribute('transform', `translate(${x.toFixed(1)},${y.toFixed(1)})`);
      const held = m.holdT[r]! <= t || m.queued(r);
      const dropping = m.fate[r] === Fate.Dropped;
      g.setAttribute('class', `msg${held ? ' msg-held' : ''}${dropping ? ' msg-dropping' : ''}${r === selected ? ' msg-selected' : ''}`);
    });
    enter.each((r, i, groups) => {
      const g = groups[i]!;
      const color = typeColor(m.type(r), m.types);
      g.querySelector('circle')!.setAttribute('fill', color);
      g.querySelector('title')!.textContent = `${m.type(r)} #${m.msgId[r]} ${m.from[r]}→${m.to[r]}`;
    });
    // Labels next to a server would cover its number and card: only mid-flight ones are named.
    all.select('text').text((r) => ((labelled && !nearNode.has(r)) || r === selected ? m.type(r) : ''));
  }
}
