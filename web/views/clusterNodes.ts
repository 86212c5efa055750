// The servers of the Cluster view: a circle per server coloured by its status (with a
// glyph, so colour is not the only cue), its myid inside, and a card beside it with what
// the election needs you to see — state, current vote (sid, zxid as hex and epoch:counter,
// peerEpoch), logicalclock, currentEpoch/acceptedEpoch. Updated per event, not per frame.
// The card is HTML laid over the SVG, in a box of fixed size: a changed line re-lays out
// that box only (SVG text would re-lay out the whole drawing, every frame while scrubbing).
import type { TraceIndex } from '../trace/index.ts';
import type { NodeStatus } from '../trace/types.ts';
import { zabIfBuilt } from '../trace/zab.ts';
import { zxidHex, zxidPair } from '../trace/zxid.ts';
import { h, setText, svg } from '../ui/dom.ts';
import { STATUS_COLOR, STATUS_GLYPH, STATUS_INK } from '../ui/palette.ts';

export interface NodeGlyph {
  sid: number;
  g: SVGGElement;
  x: number;
  y: number;
  r: number;
  circle: SVGCircleElement;
  ring: SVGCircleElement;
  glyph: SVGTextElement;
  /** The text card (cluster.ts puts it in the layer over the SVG) and its lines. */
  card: HTMLDivElement;
  lines: HTMLElement[];
  tip: SVGTitleElement;
  status: NodeStatus | '';
}

const LINES = 5;
const LINE_H = 15;
/** The card's box: wider than any line, so a line's length never changes its layout. */
const CARD_BOX_W = 340;
/** With more servers than this, cards shrink to three short lines (full text in the tooltip). */
export const COMPACT_ABOVE = 5;
/** The width and height the text card beside a node needs (cluster.ts lays nodes out around it). */
export function cardSize(compact: boolean): { w: number; h: number } {
  return compact ? { w: 118, h: 3 * 15 } : { w: 190, h: LINES * 15 };
}

export function createNode(sid: number, observer: boolean): NodeGlyph {
  const g = svg('g', { class: 'node', 'data-node': sid, tabindex: 0, role: 'button' });
  const ring = svg('circle', { class: 'pick-ring' });
  const circle = svg('circle', { class: 'node-circle' });
  if (observer) circle.setAttribute('stroke-dasharray', '4 3');
  const id = svg('text', { class: 'node-id', 'text-anchor': 'middle', dy: '0.35em' });
  id.textContent = String(sid);
  const glyph = svg('text', { class: 'node-glyph', 'text-anchor': 'middle' });
  const tip = svg('title');
  g.append(tip, ring, circle, id, glyph);
  const card = h('div', { class: 'node-card', 'data-node': sid });
  const lines: HTMLElement[] = [];
  for (let i = 0; i < LINES; i++) {
    const t = h('div', { class: i === 0 ? 'node-line node-state' : 'node-line' });
    lines.push(t);
    card.append(t);
  }
  return { sid, g, x: 0, y: 0, r: 30, circle, ring, glyph, card, lines, tip, status: '' };
}

/** Places the node at (x, y) with radius r; its card goes beside it, away from the centre line cx. */
export function placeNode(n: NodeGlyph, x: number, y: number, r: number, cx: number, compact: boolean): void {
  n.x = x; n.y = y; n.r = r;
  n.g.setAttribute('transform', `translate(${x},${y})`);
  for (const c of [n.circle]) c.setAttribute('r', String(r));
  n.ring.setAttribute('r', String(r + 7));
  n.g.querySelector('.node-id')!.setAttribute('font-size', String(Math.round(r * 0.8)));
  n.glyph.setAttribute('x', String(r * 0.72));
  n.glyph.setAttribute('y', String(-r * 0.55));
  const side = x - cx >= -1 ? 'start' : 'end';
  const count = compact ? 3 : LINES;
  const left = side === 'start' ? x + r + 12 : x - r - 12 - CARD_BOX_W;
  n.card.className = `node-card ${side}`;
  n.card.style.width = `${CARD_BOX_W}px`;
  n.card.style.height = `${count * LINE_H}px`;
  n.card.style.transform = `translate(${left}px, ${y - (count * LINE_H) / 2}px)`;
  n.lines.forEach((t, i) => { t.hidden = i >= count; });
}

/** Refreshes the node for the state after event `cursor`. */
export function updateNode(n: NodeGlyph, ix: TraceIndex, cursor: number): void {
  const st = ix.states.at(n.sid, cursor);
  const info = ix.votes.at(n.sid, cursor);
  if (n.status !== st.status) {
    n.status = st.status;
    n.circle.setAttribute('fill', STATUS_COLOR[st.status]);
    n.g.querySelector('.node-id')!.setAttribute('fill', STATUS_INK[st.status]);
    n.glyph.textContent = STATUS_GLYPH[st.status];
    n.g.dataset.status = st.status;
  }
  const up = st.status !== 'DOWN' && st.status !== 'OFF';
  const lines: string[] = [st.status === 'UP' ? (ix.ensemble.zookeeper ? 'STARTING' : 'RUNNING') : st.status];
  if (ix.ensemble.zookeeper) {
    const v = up ? info.vote : undefined;
    lines.push(v ? `vote → ${v.leader} (peerEpoch ${v.peerEpoch})` : up ? 'no vote yet' : 'no vote (down)');
    lines.push(v ? `zxid ${zxidHex(v.zxid)} = ${zxidPair(v.zxid)}` : '');
    const lc = info.logicalclock !== undefined && up ? `lc ${info.logicalclock} · ` : '';
    const ep = info.currentEpoch !== undefined ? `currentEpoch ${info.currentEpoch}` : '';
    lines.push(`${lc}${ep}`);
    const acc = info.acceptedEpoch !== undefined && info.acceptedEpoch !== info.currentEpoch ? `acceptedEpoch ${info.acceptedEpoch} · ` : '';
    // The state's last zxid as ZAB moved it (zab.ts), once the model is built (the Cluster
    // never waits for it); before that, or any ZAB event, what zk.recover read.
    const zab = zabIfBuilt(ix);
    const lastZxid = (zab?.any ? zab.server(n.sid).lastAt(cursor) : undefined) ?? info.lastZxid;
    lines.push(lastZxid !== undefined ? `${acc}last zxid ${zxidHex(lastZxid)}` : acc);
  } else {
    lines.push(st.incarnation > 1 ? `incarnation ${st.incarnation}` : '');
  }
  setText(n.tip, `server ${n.sid}\n${lines.filter(Boolean).join('\n')}`);
  const shown = ix.nodes.length > COMPACT_ABOVE ? compactLines(lines, info, up) : lines;
  n.lines.forEach((t, i) => setText(t, shown[i] ?? ''));
  if (info.leader !== undefined && up) n.g.dataset.leader = String(info.leader);
  else delete n.g.dataset.leader;
}

/** Three short lines for crowded ensembles: state, vote, epoch. */
function compactLines(full: string[], info: ReturnType<TraceIndex['votes']['at']>, up: boolean): string[] {
  const v = up ? info.vote : undefined;
  return [full[0]!, v ? `vote → ${v.leader} · pe ${v.peerEpoch}` : up ? 'no vote yet' : 'down',
    info.currentEpoch !== undefined ? `${up && info.logicalclock !== undefined ? `lc ${info.logicalclock} · ` : ''}epoch ${info.currentEpoch}` : ''];
}
