// The Event log: every event, filterable by namespace and by text, virtualised (only the
// rows on screen exist in the DOM, so 100k events scroll smoothly). The row at the current
// time is highlighted and kept in view; clicking a row jumps there; rows of the selected
// message are marked. Row elements are pooled and only their text changes while scrubbing;
// the scroller's height is read on resize, never per frame (no forced layouts).
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
  private viewH = 0;
  private readonly pool: { row: HTMLElement; t: HTMLElement; node: HTMLElement; e: HTMLElement; s: HTMLElement; idx: number; cls: string }[] = [];

  constructor(private readonly ctx: ViewContext) {
    this.scroller.append(this.spacer);
    this.el.append(h('div', { class: 'log-filters' }, this.ns, this.text, this.count), this.scroller);
    this.ns.addEventListener('change', () => this.refilter());
    this.text.addEventListener('input', () => { clearTimeout(this.timer); this.timer = window.setTimeout(() => this.refilter(), 150); });
    this.scroller.addEventListener('scroll', () => this.render());
    this.scroller.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.log-row');
      if (row?.dataset.idx) setCursor(this.ctx.run, Number(row.dataset.idx));
    });
    new ResizeObserver(() => { this.viewH = this.scroller.clientHeight; this.renderKey = ''; this.render(); }).observe(this.scroller);
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
    if (changed.has('cursor')) this.followSoon();
    else if (changed.has('selectedMsg')) this.render();
  }

  resize(): void {
    // A hidden log had no height: now that it shows, bring the current row into view.
    this.viewH = this.scroller.clientHeight;
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
    const inNs = ix.eventNames.map((e) => !ns || e.startsWith(`${ns}.`) || e === ns);
    for (let i = 0; i < ix.times.length; i++) {
      if (!inNs[ix.nameIds[i]!]) continue;
      if (q && !this.haystack![i]!.includes(q)) continue;
      out.push(i);
    }
    this.rows = Int32Array.from(out);
    setText(this.count, `${out.length} of ${ix.times.length}`);
    this.spacer.style.height = `${out.length * ROW_H}px`;
    for (const p of this.pool) p.idx = -1;
    this.lastCurrent = -2;
    this.renderKey = '';
    this.follow(this.ctx.run.get().cursor);
  }

  private lastFollow = 0;
  private trailing = 0;

  /** While scrubbing, the log (a large scrolled area) follows at most ~20 times a second. */
  private followSoon(): void {
    const now = performance.now();
    if (now - this.lastFollow >= 50) {
      this.lastFollow = now;
      this.follow(this.ctx.run.get().cursor);
      return;
    }
    if (this.trailing) return;
    this.trailing = window.setTimeout(() => {
      this.trailing = 0;
      this.lastFollow = performance.now();
      this.follow(this.ctx.run.get().cursor);
    }, 50);
  }

  private follow(cursor: number): void {
    const k = lastAtOrBefore(this.rows, cursor);
    if (k !== this.lastCurrent) {
      this.lastCurrent = k;
      const top = k * ROW_H, view = this.viewH;
      if (top < this.scroller.scrollTop || top > this.scroller.scrollTop + view - ROW_H) this.scroller.scrollTop = Math.max(0, top - view / 2);
    }
    this.render();
  }

  private render(): void {
    const ix = this.ix;
    if (!ix) return;
    const s = this.ctx.run.get();
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / ROW_H) - 5);
    const last = Math.min(this.rows.length, first + Math.ceil(this.viewH / ROW_H) + 10);
    const selMsg = s.selectedMsg !== null ? ix.messages.msgId[s.selectedMsg] : undefined;
    const key = `${first}|${last}|${this.lastCurrent}|${selMsg}|${this.rows.length}`;
    if (key === this.renderKey) return;
    this.renderKey = key;
    while (this.pool.length < last - first) {
      const [t, node, e, sum] = ['log-t', 'log-node', 'log-e', 'log-s'].map((c) => h('span', { class: c }));
      const row = h('div', { class: 'log-row' }, t!, node!, e!, sum!);
      this.spacer.append(row);
      this.pool.push({ row, t: t!, node: node!, e: e!, s: sum!, idx: -1, cls: '' });
    }
    this.pool.forEach((p, j) => {
      const k = first + j;
      if (p.row.hidden !== k >= last) p.row.hidden = k >= last;
      if (k >= last) return;
      const i = this.rows[k]!;
      const ev = ix.events[i]!;
      if (p.idx !== i) {
        p.idx = i;
        p.row.dataset.idx = String(i);
        p.row.style.transform = `translateY(${k * ROW_H}px)`;
        setText(p.t, fmtTime(ev.t));
        setText(p.node, typeof ev.node === 'number' ? String(ev.node) : '');
        setText(p.e, ev.e);
        setText(p.s, eventSummary(ev));
      }
      const cls = `log-row${k === this.lastCurrent ? ' current' : ''}${k > this.lastCurrent ? ' future' : ''}${selMsg !== undefined && ev.msg === selMsg ? ' selmsg' : ''}`;
      // Only a changed class: re-setting it would restyle every row on every follow.
      if (cls !== p.cls) { p.cls = cls; p.row.className = cls; }
    });
  }
}
