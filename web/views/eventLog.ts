// The Event log: every event, filterable by namespace and by text, virtualised (only the
// rows on screen exist in the DOM, so 100k events scroll smoothly). The row at the current
// time is highlighted and kept in view; clicking a row jumps there; rows of the selected
// message are marked.
import type { RunState } from '../state/runState.ts';
import { setCursor } from '../state/runState.ts';
import type { TraceIndex } from '../trace/index.ts';
import { lastAtOrBefore } from '../trace/search.ts';
import { eventSummary } from '../trace/summary.ts';
import { fill, h, setText } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';
import type { View, ViewContext } from './view.ts';

const ROW_H = 22;

export class EventLogView implements View {
  readonly el = h('section', { class: 'eventlog' });
  private readonly ns = h('select', { 'aria-label': 'Namespace' });
  private readonly text = h('input', { type: 'search', placeholder: 'filter, e.g. NOTIFICATION or node 3', 'aria-label': 'Filter events', 'data-testid': 'log-filter' });
  private readonly count = h('span', { class: 'muted' });
  private readonly scroller = h('div', { class: 'log-scroll', 'data-testid': 'event-log' });
  private readonly spacer = h('div', { class: 'log-spacer' });
  private ix: TraceIndex | null = null;
  private rows: Int32Array = new Int32Array(0);
  private haystack: string[] | null = null;
  private timer = 0;
  private lastCurrent = -2;
  private renderKey = '';

  constructor(private readonly ctx: ViewContext) {
    this.scroller.append(this.spacer);
    this.el.append(h('div', { class: 'log-filters' }, this.ns, this.text, this.count), this.scroller);
    this.ns.addEventListener('change', () => this.refilter());
    this.text.addEventListener('input', () => { clearTimeout(this.timer); this.timer = window.setTimeout(() => this.refilter(), 150); });
    this.scroller.addEventListener('scroll', () => this.render());
  }

  update(s: Readonly<RunState>, changed: ReadonlySet<keyof RunState>): void {
    if (changed.has('ix')) {
      this.ix = s.ix;
      this.haystack = null;
      const names = [...new Set((s.ix?.eventNames ?? []).map((n) => n.split('.')[0]!))].sort();
      fill(this.ns, h('option', { value: '' }, 'all events'), ...names.map((n) => h('option', { value: n }, n)));
      this.refilter();
      return;
    }
    if (changed.has('cursor')) this.follow(s.cursor);
    else if (changed.has('selectedMsg')) this.render();
  }

  resize(): void {
    // A hidden log had no height: now that it shows, bring the current row into view.
    this.lastCurrent = -2;
    this.renderKey = '';
    this.follow(this.ctx.run.get().cursor);
  }

  private refilter(): void {
    const ix = this.ix;
    if (!ix) return;
    const ns = this.ns.value;
    const q = this.text.value.trim().toLowerCase();
    if (q && !this.haystack) this.haystack = ix.events.map((ev) => `${ev.e} node ${String(ev.node ?? '')} ${eventSummary(ev)}`.toLowerCase());
    const out: number[] = [];
    for (let i = 0; i < ix.events.length; i++) {
      const e = ix.events[i]!.e;
      if (ns && !(e.startsWith(`${ns}.`) || e === ns)) continue;
      if (q && !this.haystack![i]!.includes(q)) continue;
      out.push(i);
    }
    this.rows = Int32Array.from(out);
    setText(this.count, `${out.length} of ${ix.events.length}`);
    this.spacer.style.height = `${out.length * ROW_H}px`;
    this.lastCurrent = -2;
    this.renderKey = '';
    this.follow(this.ctx.run.get().cursor);
  }

  private follow(cursor: number): void {
    const k = lastAtOrBefore(this.rows, cursor);
    if (k !== this.lastCurrent) {
      this.lastCurrent = k;
      const top = k * ROW_H, view = this.scroller.clientHeight;
      if (top < this.scroller.scrollTop || top > this.scroller.scrollTop + view - ROW_H) this.scroller.scrollTop = Math.max(0, top - view / 2);
    }
    this.render();
  }

  private render(): void {
    const ix = this.ix;
    if (!ix) return;
    const s = this.ctx.run.get();
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / ROW_H) - 5);
    const last = Math.min(this.rows.length, first + Math.ceil(this.scroller.clientHeight / ROW_H) + 10);
    const selMsg = s.selectedMsg !== null ? ix.messages.msgId[s.selectedMsg] : undefined;
    const key = `${first}|${last}|${this.lastCurrent}|${selMsg}|${this.rows.length}`;
    if (key === this.renderKey) return;
    this.renderKey = key;
    const items: HTMLElement[] = [];
    for (let k = first; k < last; k++) {
      const i = this.rows[k]!;
      const ev = ix.events[i]!;
      const cls = `log-row${k === this.lastCurrent ? ' current' : ''}${k > this.lastCurrent ? ' future' : ''}${selMsg !== undefined && ev.msg === selMsg ? ' selmsg' : ''}`;
      items.push(h('div', { class: cls, style: `top:${k * ROW_H}px`, onclick: () => setCursor(this.ctx.run, i), 'data-idx': i },
        h('span', { class: 'log-t' }, fmtTime(ev.t)),
        h('span', { class: 'log-node' }, typeof ev.node === 'number' ? String(ev.node) : ''),
        h('span', { class: 'log-e' }, ev.e),
        h('span', { class: 'log-s' }, eventSummary(ev))));
    }
    this.spacer.replaceChildren(...items);
  }
}
