// The network layer of the Cluster view: a line per pair of servers (solid: a connection is
// open; dotted: none; red dashed with ✂: the pair is cut by a partition, isolation or a
// one-way block), and the messages in flight as dots moving from sender to receiver,
// labelled by type. Lines change per event; dots move per frame: a pool of dot elements is
// reused (no per-frame allocation or DOM query), and a frame writes only the transforms and
// whatever else changed (class, colour, label).
import { anyCut, blocked } from '../trace/links.ts';
import type { TraceIndex } from '../trace/index.ts';
import { Fate } from '../trace/messages.ts';
import { svg } from '../ui/dom.ts';
import { typeColor } from '../ui/palette.ts';
import type { NodeGlyph } from './clusterNodes.ts';

interface Link { a: NodeGlyph; b: NodeGlyph; line: SVGLineElement; cut: SVGTextElement; state: string }

/** One dot of the pool: the message row it shows now (-1: hidden) and what it last wrote. */
interface Dot { g: SVGGElement; circle: SVGCircleElement; label: SVGTextElement; title: SVGTitleElement; row: number; cls: string; text: string; types: readonly string[] | null }

/** Most dots drawn at once (the busiest moments of a run have more in flight). */
const DOTS_MAX = 300;

export class ClusterNetwork {
  readonly linkLayer = svg('g', { class: 'links' });
  readonly msgLayer = svg('g', { class: 'msgs' });
  private links: Link[] = [];
  private byNode = new Map<number, NodeGlyph>();
  private readonly dots: Dot[] = [];
  private readonly rows: number[] = [];
  private shown = 0;

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
    const rows = m.inFlight(t, DOTS_MAX, this.rows);
    if (hidden.size) {
      let k = 0;
      for (const r of rows) if (!hidden.has(m.type(r))) rows[k++] = r;
      rows.length = k;
    }
    const labelled = rows.length <= 14;
    for (let k = 0; k < rows.length; k++) this.placeDot(this.dot(k), ix, rows[k]!, t, labelled, selected);
    for (let k = rows.length; k < this.shown; k++) {
      const d = this.dots[k]!;
      d.row = -1;
      d.g.setAttribute('display', 'none');
    }
    this.shown = rows.length;
  }

  private dot(k: number): Dot {
    let d = this.dots[k];
    if (d) return d;
    const g = svg('g', { class: 'msg', display: 'none' });
    const circle = svg('circle', { r: 6 });
    const label = svg('text', { class: 'msg-label', x: 9, dy: '0.35em' });
    const title = svg('title');
    g.append(circle, label, title);
    d = { g, circle, label, title, row: -1, cls: '', text: '', types: null };
    const dot = d;
    g.addEventListener('click', (ev) => { ev.stopPropagation(); if (dot.row >= 0) this.onPickMsg(dot.row); });
    this.msgLayer.append(g);
    this.dots[k] = d;
    return d;
  }

  /** Shows message row r at time t on dot d. */
  private placeDot(d: Dot, ix: TraceIndex, r: number, t: number, labelled: boolean, selected: number | null): void {
    const m = ix.messages;
    const a = this.byNode.get(m.from[r]!), b = this.byNode.get(m.to[r]!);
    if (!a || !b) {
      if (d.row !== -1) { d.row = -1; d.g.setAttribute('display', 'none'); }
      return;
    }
    if (d.row === -1) d.g.removeAttribute('display');
    if (d.row !== r || d.types !== m.types) {
      d.row = r;
      d.types = m.types;
      d.circle.setAttribute('fill', typeColor(m.type(r), m.types));
      d.title.textContent = `${m.type(r)} #${m.msgId[r]} ${m.from[r]}→${m.to[r]}`;
    }
    const p = m.progress(r, t, ix.endT);
    // Fly from edge to edge, so a dot never covers a server's number.
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const e0 = Math.min(0.45, (a.r + 7) / len), e1 = Math.min(0.45, (b.r + 7) / len);
    const q = e0 + p * (1 - e0 - e1);
    const x = a.x + (b.x - a.x) * q, y = a.y + (b.y - a.y) * q;
    d.g.setAttribute('transform', `translate(${x.toFixed(1)},${y.toFixed(1)})`);
    const held = m.holdT[r]! <= t || m.queued(r);
    const cls = `msg${held ? ' msg-held' : ''}${m.fate[r] === Fate.Dropped ? ' msg-dropping' : ''}${r === selected ? ' msg-selected' : ''}`;
    if (cls !== d.cls) { d.cls = cls; d.g.setAttribute('class', cls); }
    // Labels next to a server would cover its number and card: only mid-flight ones are named.
    const text = (labelled && p >= 0.2 && p <= 0.8) || r === selected ? m.type(r) : '';
    if (text !== d.text) { d.text = text; d.label.textContent = text; }
  }
}
