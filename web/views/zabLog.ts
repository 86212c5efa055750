// The Log view: for the selected server at the current time, its state in one line, the
// sync decision it got from its leader (mode and the zxid bounds compared, in words), its
// txn log as rows — zxid as hex and epoch:counter, the txn, and whether it was logged,
// acked, committed and applied by then; rows truncated away are struck through — with
// snapshots, SNAP images and TRUNC cuts between the rows (the newest rows first, earlier
// ones on request), and its ZAB milestones (recoveries, truncations, snapshots, UPTODATE...)
// as a list that jumps to each. It rebuilds only when an event the ZAB model read is
// passed, and at most every 120 ms while playing.
import type { RunState } from '../state/runState.ts';
import { setCursor } from '../state/runState.ts';
import type { TraceIndex } from '../trace/index.ts';
import { lastAtOrBefore } from '../trace/search.ts';
import { zabOf } from '../trace/zab.ts';
import { logAt, stateLine, type LogEntry, type LogLine } from '../trace/zabLogRows.ts';
import { milestoneSentence, syncSentence, txnText } from '../trace/zabWords.ts';
import { zxidHex, zxidPair } from '../trace/zxid.ts';
import { fill, h } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';
import { STATUS_GLYPH, SYNC_MODE_COLOR } from '../ui/palette.ts';
import { Throttle } from '../ui/throttle.ts';
import type { View, ViewContext } from './view.ts';
import './zab.css';

/** Rows of the log built at first (what fits on screen and some); "show earlier" adds pages. */
const ROWS_PAGE = 60;
const MILESTONES_MAX = 80;
const VIA: Record<string, string> = { commit: 'commit', sync: 'sync', replay: 'replay', snap: 'SNAP' };

export class ZabLogView implements View {
  readonly el = h('section', { class: 'zablog' });
  private readonly pick = h('select', { 'aria-label': 'Server', 'data-testid': 'zab-node' });
  private readonly status = h('div', { class: 'zab-status', 'data-testid': 'zab-status' });
  private readonly sync = h('div', { class: 'zab-sync', 'data-testid': 'zab-sync' });
  private readonly summary = h('div', { class: 'zab-summary muted' });
  private readonly body = h('tbody');
  private readonly scroll = h('div', { class: 'zab-scroll' },
    h('table', { class: 'zab-log', 'data-testid': 'zab-log' },
      h('colgroup', {}, ...['zxid', 'ec', 'txn', 'logged', 'acked', 'committed', 'applied'].map((c) => h('col', { class: `c-${c}` }))),
      h('thead', {}, h('tr', {}, ...['zxid', 'e:c', 'txn', 'logged', 'acked', 'committed', 'applied'].map((c) => h('th', {}, c)))), this.body));
  private readonly events = h('ol', { class: 'zab-events-list' });
  private readonly throttle = new Throttle(() => this.render());
  private key = '';
  private syncKey = '';
  private eventsKey = '';
  private rowsMax = ROWS_PAGE;
  private shownNode = -1;

  constructor(private readonly ctx: ViewContext) {
    this.pick.addEventListener('change', () => ctx.run.set({ selectedNode: Number(this.pick.value) }));
    this.el.append(
      h('div', { class: 'zab-head' }, h('label', {}, 'Server ', this.pick), this.status),
      this.sync,
      h('h3', {}, 'Txn log'), this.summary, this.scroll,
      h('h3', {}, 'Sync, snapshots and recovery'), h('div', { class: 'zab-events' }, this.events),
    );
  }

  update(s: Readonly<RunState>, changed: ReadonlySet<keyof RunState>): void {
    if (!s.ix) return;
    if (changed.has('ix')) {
      fill(this.pick, ...s.ix.nodes.map((sid) => h('option', { value: sid }, String(sid))));
      this.key = '';
    }
    if (changed.has('ix') || changed.has('selectedNode')) this.throttle.now();
    else if (changed.has('cursor')) this.throttle.request();
  }

  private node(ix: TraceIndex, cursor: number): number | undefined {
    const sel = this.ctx.run.get().selectedNode;
    if (sel !== null && ix.nodes.includes(sel)) return sel;
    return ix.nodes.find((sid) => ix.states.at(sid, cursor).status === 'LEADING') ?? ix.nodes[0];
  }

  private render(): void {
    const { ix, cursor } = this.ctx.run.get();
    if (!ix) return;
    const node = this.node(ix, cursor);
    if (node === undefined) return;
    const zab = zabOf(ix);
    if (node !== this.shownNode || !this.key) { this.rowsMax = ROWS_PAGE; this.syncKey = this.eventsKey = ''; this.shownNode = node; }
    const key = `${node}/${zab.version(cursor)}/${ix.states.at(node, cursor).idx}/${this.rowsMax}`;
    if (key === this.key) return;
    this.key = key;
    this.pick.value = String(node);
    if (!zab.any) {
      fill(this.status, h('span', { class: 'muted' }, 'This trace has no ZAB events: no txn log to show. Pick follower-lag-diff or write-load-3 in the gallery.'));
      for (const el of [this.sync, this.summary, this.body, this.events]) el.replaceChildren();
      return;
    }
    this.renderStatus(ix, node, cursor);
    this.renderSync(ix, node, cursor);
    this.renderLog(ix, node, cursor);
    this.renderEvents(ix, node, cursor);
  }

  private renderStatus(ix: TraceIndex, node: number, cursor: number): void {
    const zab = zabOf(ix);
    const st = ix.states.at(node, cursor).status;
    const line = stateLine(zab, node, cursor);
    fill(this.status,
      h('span', { class: `zab-state st-${st}` }, `${STATUS_GLYPH[st]} ${st}`),
      h('span', {}, st === 'DOWN' ? 'before its crash, state at ' : 'state at ', h('b', { class: 'mono', 'data-testid': 'zab-last' }, zxidHex(line.lastZxid)), ` (${zxidPair(line.lastZxid)})`,
        ', digest ', h('b', { class: 'mono', 'data-testid': 'zab-digest' }, line.digest || '—')),
      line.uncommitted > 0
        ? h('span', { class: 'zab-warn' }, `${line.uncommitted} txn${line.uncommitted > 1 ? 's' : ''} in it not committed (replayed from its log); committed up to ${zxidHex(line.lastCommitted)}`)
        : null);
  }

  /** The last sync decision it got as a learner; while it leads, its last decision per learner. */
  private renderSync(ix: TraceIndex, node: number, cursor: number): void {
    const srv = zabOf(ix).server(node);
    const k = lastAtOrBefore(srv.syncs, cursor);
    const state = ix.states.at(node, cursor);
    const key = `${node}/${k}/${state.idx}/${lastAtOrBefore(srv.milestones, cursor)}`;
    if (key === this.syncKey) return;
    this.syncKey = key;
    const parts: HTMLElement[] = [];
    if (state.status === 'LEADING') {
      const latest = new Map<number, number>();
      for (let j = lastAtOrBefore(srv.milestones, cursor); j >= 0 && srv.milestones[j]! >= state.idx; j--) {
        const ev = ix.events[srv.milestones[j]!]!;
        if (ev.e === 'zab.syncMode' && ev.node === node && !latest.has(ev.learner as number)) latest.set(ev.learner as number, srv.milestones[j]!);
      }
      parts.push(h('div', { class: 'zab-sync-title' }, latest.size ? 'As leader, it synced its learners:' : 'As leader, it has synced no learner yet.'));
      for (const [learner, i] of [...latest].sort((a, b) => a[0] - b[0])) parts.push(this.decisionLine(ix, i, learner));
    }
    if (k >= 0) {
      if (parts.length) parts.push(h('div', { class: 'zab-sync-title zab-sync-sep' }, 'The last sync it got as a learner:'));
      parts.push(this.decision(ix, srv.syncs[k]!, `from leader ${String(ix.events[srv.syncs[k]!]!.node)}`, k > 0 ? ` (sync ${k + 1} of this server)` : '', true));
    } else if (!parts.length) {
      parts.push(h('span', { class: 'muted' }, 'No sync decision yet: it has not synced with a leader.'));
    }
    fill(this.sync, ...parts);
  }

  /** A leader's decision for one learner, on one line (the full sentence in its title). */
  private decisionLine(ix: TraceIndex, i: number, learner: number): HTMLElement {
    const ev = ix.events[i]!;
    const { head, why } = syncSentence(ev);
    const mode = String(ev.mode);
    return h('div', { class: 'zab-decision-line', title: `${head}\n${why}`, onclick: () => setCursor(this.ctx.run, i) },
      h('span', { class: 'zab-mode', style: `border-color:${SYNC_MODE_COLOR[mode as keyof typeof SYNC_MODE_COLOR] ?? '#666'}` }, mode),
      h('b', {}, ` learner ${learner} `), h('span', { class: 'muted' }, `at ${fmtTime(ev.t)}: `), head.replace(/^[A-Z]+: /, ''));
  }

  private decision(ix: TraceIndex, i: number, who: string, note = '', mine = false): HTMLElement {
    const ev = ix.events[i]!;
    const { head, why } = syncSentence(ev);
    const mode = String(ev.mode);
    const color = SYNC_MODE_COLOR[mode as keyof typeof SYNC_MODE_COLOR] ?? '#666';
    return h('div', { class: 'zab-decision' },
      h('div', { class: 'zab-sync-title' }, h('span', { class: 'zab-mode', style: `border-color:${color}` }, mode),
        ` ${who} at `, h('a', { href: '#', onclick: (e: Event) => { e.preventDefault(); setCursor(this.ctx.run, i); } }, fmtTime(ev.t)),
        note ? h('span', { class: 'muted' }, note) : null),
      h('div', { class: 'zab-sync-head', ...(mine ? { 'data-testid': 'zab-sync-head' } : {}) }, head),
      h('div', { class: 'zab-sync-why muted' }, why));
  }

  private renderLog(ix: TraceIndex, node: number, cursor: number): void {
    const zab = zabOf(ix);
    const lines = logAt(zab, node, cursor);
    const txns = lines.filter((l): l is LogEntry => l.kind === 'txn');
    const dropped = txns.filter((l) => l.goneIdx !== Infinity).length;
    const first = txns[0], last = txns[txns.length - 1];
    const hidden = Math.max(0, lines.length - this.rowsMax);
    fill(this.summary, txns.length === 0 ? 'Nothing logged yet.'
      : `${txns.length - dropped} txn${txns.length - dropped === 1 ? '' : 's'} in the log (${zxidHex(first!.zxid)} – ${zxidHex(last!.zxid)})${dropped ? `, ${dropped} dropped (struck through)` : ''}.`,
    hidden > 0 ? h('button', { type: 'button', class: 'zab-more', 'data-testid': 'zab-more', onclick: () => { this.rowsMax += 4 * ROWS_PAGE; this.throttle.now(); } },
      `show ${Math.min(hidden, 4 * ROWS_PAGE)} earlier rows (${hidden} not shown)`) : null);
    // The scroller is column-reverse (zab.css): it stays at the newest row with no layout read here.
    fill(this.body, ...lines.slice(-this.rowsMax).map((l) => this.row(ix, node, l)));
  }

  private row(ix: TraceIndex, node: number, l: LogLine): HTMLElement {
    if (l.kind !== 'txn') {
      const text = l.kind === 'snapshot' ? `◆ snapshot at ${zxidHex(l.zxid)} durable`
        : l.kind === 'snapSync' ? `▣ SNAP from leader ${l.from}: the state becomes its image at ${zxidHex(l.zxid)}`
          : l.kind === 'trunc' ? `✂ TRUNC: the log is cut after ${zxidHex(l.zxid)}, ${l.dropped} txn${l.dropped === 1 ? '' : 's'} below dropped`
            : `◆ restarted from a snapshot at ${zxidHex(l.zxid)} older than the trace`;
      return h('tr', { class: `zab-mark zab-${l.kind}` }, h('td', { colspan: 7 }, text, h('span', { class: 'muted' }, ` · ${fmtTime(ix.times[l.idx]!)}`)));
    }
    const gone = l.goneIdx !== Infinity;
    const at = (i: number) => (i >= 0 ? fmtTime(ix.times[i]!) : '');
    const yes = (on: boolean, title: string, text = '✓') => h('td', { class: on ? 'yes' : 'no', title }, on ? text : '·');
    const acked = l.ackedBy !== null
      ? h('td', { class: l.ackedBy.length ? 'yes' : 'no', title: 'sids whose ACK the leader counted' }, l.ackedBy.length ? l.ackedBy.join(',') : '·')
      : yes(l.acked, `leader counted ${node}'s ACK`);
    return h('tr', { class: `zab-txn${gone ? ' gone' : ''}${l.applied === 'replay' && l.committedIdx < 0 ? ' uncommitted' : ''}`, 'data-zxid': zxidHex(l.zxid), title: gone ? `left the log: ${l.goneWhy}` : '' },
      h('td', { class: 'mono' }, zxidHex(l.zxid)),
      h('td', { class: 'mono muted' }, zxidPair(l.zxid)),
      h('td', { class: 'txn' }, txnText(l.txn)),
      yes(true, l.beforeTrace ? 'on disk before the trace' : `fsynced at ${at(l.loggedIdx)}`, l.beforeTrace ? 'disk' : '✓'),
      acked,
      yes(l.committedIdx >= 0, l.committedIdx >= 0 ? `committed at ${at(l.committedIdx)}` : 'not committed (yet)'),
      gone ? h('td', { class: 'dropped', title: l.goneWhy }, l.goneWhy.startsWith('TRUNC') ? 'dropped' : 'lost')
        : h('td', { class: l.applied ? 'yes' : 'no' }, l.applied ? VIA[l.applied] ?? l.applied : '·'));
  }

  private renderEvents(ix: TraceIndex, node: number, cursor: number): void {
    const ms = zabOf(ix).server(node).milestones;
    const upto = lastAtOrBefore(ms, cursor);
    if (`${node}/${upto}` === this.eventsKey) return;
    this.eventsKey = `${node}/${upto}`;
    const from = Math.max(0, upto - MILESTONES_MAX + 1);
    const items: HTMLElement[] = [];
    for (let k = from; k <= upto; k++) {
      const i = ms[k]!;
      const ev = ix.events[i]!;
      const { head, why } = milestoneSentence(ev, node);
      items.push(h('li', { class: `zab-ev zab-ev-${ev.e.replace('.', '-')}`, onclick: () => setCursor(this.ctx.run, i) },
        h('span', { class: 'zab-ev-t' }, fmtTime(ev.t)), h('span', { class: 'zab-ev-head' }, head), why ? h('span', { class: 'zab-ev-why' }, why) : null));
    }
    if (from > 0) items.unshift(h('li', { class: 'muted' }, `${from} earlier events not shown`));
    if (upto < 0) items.push(h('li', { class: 'muted' }, 'Nothing yet: move the time forward.'));
    fill(this.events, ...items);
  }
}
