// The selected message, wherever it was selected: type, sender and receiver, when it was
// sent and delivered (or dropped, and why), buttons to jump to either moment, and its body
// as JSON text.
import { setCursor, type RunStore } from '../state/runState.ts';
import type { TraceIndex } from '../trace/index.ts';
import { Fate } from '../trace/messages.ts';
import { h } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';

export function messageDetails(ix: TraceIndex, row: number, run: RunStore): HTMLElement {
  const m = ix.messages;
  const send = ix.events[m.sendIdx[row]!]!;
  const fate = m.fate[row] === Fate.Delivered ? `delivered at ${fmtTime(m.endT[row]!)}`
    : m.fate[row] === Fate.Dropped ? `dropped at ${fmtTime(m.endT[row]!)} (${m.dropReason.get(row)})` : 'still in flight when the run ended';
  return h('div', { class: 'msg-details', 'data-testid': 'msg-details' },
    h('div', {}, h('b', {}, m.type(row)), ` #${m.msgId[row]} from ${m.from[row]} to ${m.to[row]}: sent at ${fmtTime(m.sendT[row]!)}, ${fate}`),
    h('div', { class: 'row' },
      h('button', { type: 'button', onclick: () => setCursor(run, m.sendIdx[row]!) }, 'go to send'),
      m.endIdx[row]! >= 0 ? h('button', { type: 'button', onclick: () => setCursor(run, m.endIdx[row]!) }, m.fate[row] === Fate.Dropped ? 'go to drop' : 'go to delivery') : null,
      h('button', { type: 'button', onclick: () => run.set({ selectedMsg: null }) }, 'clear')),
    h('pre', { class: 'body' }, JSON.stringify(send.body, null, 1)),
  );
}
