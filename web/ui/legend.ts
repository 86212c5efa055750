// The legend: what each status colour and glyph means, how links and messages are drawn,
// and, for a run with ZAB events, the Timeline's ZAB marks (views/timelineZab.ts).
// Colours come from palette.ts (Okabe–Ito, safe for colour-blind readers); each entry also
// has its glyph and its name, so no meaning rests on colour alone.
import type { NodeStatus } from '../trace/types.ts';
import { h } from './dom.ts';
import { STATUS_COLOR, STATUS_GLYPH, STATUS_INK, STATUS_LABEL, SYNC_MODE_COLOR } from './palette.ts';

export function legend(zookeeper: boolean, zab = false): HTMLElement {
  const statuses: NodeStatus[] = zookeeper ? ['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING', 'UP', 'DOWN', 'OFF'] : ['UP', 'DOWN', 'OFF'];
  return h('div', { class: 'legend', 'aria-label': 'Legend' },
    ...statuses.map((st) => h('span', { class: 'legend-item' },
      h('span', { class: 'legend-swatch', style: `background:${STATUS_COLOR[st]};color:${STATUS_INK[st]}` }, STATUS_GLYPH[st]),
      st === 'UP' && zookeeper ? 'starting' : STATUS_LABEL[st])),
    h('span', { class: 'legend-item' }, h('span', { class: 'legend-line open' }), 'connected'),
    h('span', { class: 'legend-item' }, h('span', { class: 'legend-line none' }), 'no connection'),
    h('span', { class: 'legend-item' }, h('span', { class: 'legend-line cut' }), '✂ cut by a fault'),
    h('span', { class: 'legend-item' }, h('span', { class: 'legend-dot' }), 'message in flight (colour = type)'),
    ...(zab ? zabItems() : []),
  );
}

function zabItems(): HTMLElement[] {
  return [
    h('span', { class: 'legend-item' }, h('span', { class: 'legend-ticks' }), 'timeline: committed txns applied'),
    h('span', { class: 'legend-item' }, ...(['DIFF', 'TRUNC', 'SNAP'] as const).map((m) => h('span', { class: 'legend-mode', style: `border-color:${SYNC_MODE_COLOR[m]}` }, m)), 'sync decision'),
    h('span', { class: 'legend-item' }, h('span', { class: 'legend-diamond' }, '◆'), 'snapshot'),
  ];
}
