// The Prefixes view: every server's committed history side by side at the current time, one
// column per server, rows by zxid (alike rows folded into ranges), each cell coloured by its
// digest's class in that row — the reference history in sky blue, any other history in
// vermillion, orange, purple — with the digest written in it and a glyph (✓ ≠ ∅), so the
// row where servers diverge stands out whatever colours one sees. A verdict line on top
// says "All servers agree up to 0x…" or "Server 3 diverges at 0x…". Clicking a row's zxid
// jumps to its commit. Rebuilt only when an event the ZAB model read is passed, at most
// every 120 ms while playing.
import type { RunState } from '../state/runState.ts';
import { setCursor } from '../state/runState.ts';
import type { TraceIndex } from '../trace/index.ts';
import { zabOf } from '../trace/zab.ts';
import { comparePrefixes, type Cell, type PrefixRow } from '../trace/zabCompare.ts';
import { stateLine } from '../trace/zabLogRows.ts';
import { zxidEpoch, zxidHex } from '../trace/zxid.ts';
import { fill, h } from '../ui/dom.ts';
import { STATUS_COLOR, STATUS_GLYPH, STATUS_INK } from '../ui/palette.ts';
import { Throttle } from '../ui/throttle.ts';
import type { View, ViewContext } from './view.ts';
import './zab.css';

const ROWS_MAX = 400;

export class PrefixesView implements View {
  readonly el = h('section', { class: 'prefixes' });
  private readonly verdict = h('div', { class: 'prefix-verdict', 'data-testid': 'prefix-verdict' });
  private readonly table = h('table', { class: 'prefix-table', 'data-testid': 'prefix-table' });
  private readonly throttle = new Throttle(() => this.render());
  private key = '';

  constructor(private readonly ctx: ViewContext) {
    this.el.append(this.verdict, h('div', { class: 'prefix-scroll' }, this.table), legendBlock());
  }

  update(s: Readonly<RunState>, changed: ReadonlySet<keyof RunState>): void {
    if (!s.ix) return;
    if (changed.has('ix')) { this.key = ''; this.throttle.now(); } else if (changed.has('cursor')) this.throttle.request();
  }

  private render(): void {
    const { ix, cursor } = this.ctx.run.get();
    if (!ix) return;
    const zab = zabOf(ix);
    const leader = ix.nodes.find((sid) => ix.states.at(sid, cursor).status === 'LEADING') ?? null;
    const key = `${zab.version(cursor)}/${leader}/${ix.nodes.map((sid) => ix.states.at(sid, cursor).status).join()}`;
    if (key === this.key) return;
    this.key = key;
    if (!zab.any) {
      fill(this.verdict, h('span', { class: 'muted' }, 'This trace has no ZAB events: there are no committed txns to compare. Pick write-load-3 or bug-1154-diff-not-trunc in the gallery.'));
      this.table.replaceChildren();
      return;
    }
    const cmp = comparePrefixes(zab, ix.nodes, cursor, leader);
    this.verdict.className = `prefix-verdict ${cmp.ok ? 'ok' : 'bad'}`;
    this.verdict.dataset.diverging = cmp.diverging.join(',');
    this.verdict.dataset.divergeAt = cmp.divergeAt !== undefined ? zxidHex(cmp.divergeAt) : '';
    fill(this.verdict, h('span', { class: 'prefix-verdict-glyph', 'aria-hidden': 'true' }, cmp.ok ? '✓' : '✗'), cmp.verdict);
    const head = h('tr', {}, h('th', {}, 'zxid'), h('th', { class: 'num' }, 'txns'), ...ix.nodes.map((sid) => {
      const st = ix.states.at(sid, cursor).status;
      return h('th', { class: 'srv', title: st },
        h('span', { class: 'prefix-st', style: `background:${STATUS_COLOR[st]};color:${STATUS_INK[st]}` }, STATUS_GLYPH[st]), ` server ${sid}`);
    }));
    const rows = cmp.rows.length > ROWS_MAX ? cmp.rows.slice(-ROWS_MAX) : cmp.rows;
    const body = rows.map((r, k) => this.row(ix, r, k > 0 ? rows[k - 1] : undefined));
    if (rows.length < cmp.rows.length) body.unshift(h('tr', {}, h('td', { colspan: ix.nodes.length + 2, class: 'muted' }, `${cmp.rows.length - rows.length} earlier rows not shown`)));
    if (cmp.rows.length === 0) body.push(h('tr', {}, h('td', { colspan: ix.nodes.length + 2, class: 'muted' }, 'No txns yet.')));
    const foot = h('tr', {}, h('td', { colspan: 2, class: 'muted' }, 'committed up to'), ...ix.nodes.map((sid) => {
      const line = stateLine(zab, sid, cursor);
      return h('td', { class: 'mono foot', title: `digest ${line.digest || '—'}` }, zxidHex(line.lastCommitted));
    }));
    fill(this.table, h('thead', {}, head), h('tbody', {}, ...body), h('tfoot', {}, foot));
  }

  private row(ix: TraceIndex, r: PrefixRow, prev: PrefixRow | undefined): HTMLElement {
    const zab = zabOf(ix);
    const range = r.count > 1 ? `${zxidHex(r.from)} – ${zxidHex(r.to)}` : zxidHex(r.from);
    const commit = zab.commits.get(r.from);
    const zx = h('td', { class: 'mono zx' }, commit !== undefined
      ? h('a', { href: '#', title: `go to the commit of ${zxidHex(r.from)}`, onclick: (e: Event) => { e.preventDefault(); setCursor(this.ctx.run, commit); } }, range)
      : range);
    const epochStart = !prev || zxidEpoch(prev.from) !== zxidEpoch(r.from);
    const cls = `${r.divergent ? 'div' : ''}${r.lost ? ' lost' : ''}${epochStart ? ' epoch-start' : ''}`;
    if (r.lost) {
      return h('tr', { class: cls }, zx, h('td', { class: 'num' }, String(r.count)),
        h('td', { colspan: r.cells.length, class: 'cell pc-lost' }, `✗ committed, now held by no server: lost`));
    }
    return h('tr', { class: cls }, zx, h('td', { class: 'num' }, String(r.count)), ...r.cells.map((c) => cell(c)));
  }
}

function cell(c: Cell): HTMLElement {
  switch (c.kind) {
    case 'digest':
      return h('td', { class: `cell pc-${Math.min(c.cls, 4)}`, title: c.cls === 0 ? 'the reference history at this row' : 'a different history: its digest differs' },
        h('span', { class: 'glyph' }, c.cls === 0 ? '✓' : '≠'), h('span', { class: 'mono' }, c.digest));
    case 'uncommitted': return h('td', { class: 'cell pc-uncommitted', title: 'in its state, replayed from its own log, but not committed' }, h('span', { class: 'glyph' }, '?'), h('span', { class: 'mono' }, c.digest));
    case 'snap': return h('td', { class: 'cell pc-snap', title: 'inside a snapshot image: not listed txn by txn' }, 'in snapshot');
    case 'missing': return h('td', { class: 'cell pc-missing', title: 'absent, although this server holds later committed txns' }, h('span', { class: 'glyph' }, '∅'), 'missing');
    case 'none': return h('td', { class: 'cell pc-none' }, '');
  }
}

function legendBlock(): HTMLElement {
  const item = (cls: string, glyph: string, text: string) => h('span', { class: 'legend-item' }, h('span', { class: `cell-swatch ${cls}` }, glyph), text);
  return h('div', { class: 'legend prefix-legend' },
    item('pc-0', '✓', 'reference history (the leader’s, else most servers’)'),
    item('pc-1', '≠', 'a different history: digest differs'),
    item('pc-missing', '∅', 'missing a committed txn'),
    item('pc-uncommitted', '?', 'not committed'),
    item('pc-snap', '', 'inside a snapshot'),
    h('span', { class: 'legend-item muted' }, 'A digest covers every txn up to its zxid: equal digests, equal histories.'));
}
