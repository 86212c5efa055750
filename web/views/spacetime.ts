// The Space-time view: a Lamport diagram of the messages between servers. The wheel zooms
// around the pointer, dragging pans, double-click shows the whole run; type chips, grouped
// by protocol phase (PING hidden at first), filter (shared with the Cluster view); clicking
// an arrow selects that message everywhere and shows it below. The diagram is cached on one
// canvas and redrawn only when its window moves; the selection is drawn on a second one;
// the cursor is an element a frame only moves.
import type { RunState } from '../state/runState.ts';
import { groupTypes } from '../trace/families.ts';
import type { TraceIndex } from '../trace/index.ts';
import { fill, h, setText, sizeCanvas } from '../ui/dom.ts';
import { typeColor } from '../ui/palette.ts';
import { messageDetails } from './messageDetails.ts';
import { arrowEnds, drawDiagram, geometry, hitTest, type StGeometry, type StWindow } from './spacetimeDraw.ts';
import type { View, ViewContext } from './view.ts';

export class SpaceTimeView implements View {
  readonly el = h('section', { class: 'spacetime' });
  private readonly chips = h('div', { class: 'chips', 'aria-label': 'Message types' });
  private readonly base = h('canvas');
  /** The selected message, over the diagram; shown only while a message is selected. */
  private readonly over = h('canvas', { class: 'st-selection', hidden: true });
  /** Takes the pointer (an element: no layer to composite each frame). */
  private readonly hit = h('div', { class: 'st-hit', 'data-testid': 'spacetime' });
  private readonly cursor = h('div', { class: 'st-cursor', 'aria-hidden': 'true' });
  private cursorAt = NaN;
  /** How many messages the window shows: a box of its own, the one text here that changes per frame. */
  private readonly count = h('span', { class: 'st-count' });
  private readonly info = h('div', { class: 'st-info' }, this.count, ' · wheel to zoom, drag to pan, double-click for the whole run');
  private readonly details = h('div', { class: 'details' });
  private ix: TraceIndex | null = null;
  private win: StWindow = { t0: 0, t1: 1 };
  private g: StGeometry | null = null;
  private w = 0;
  private hgt = 0;
  private drag: { x: number; win: StWindow; moved: boolean } | null = null;

  constructor(private readonly ctx: ViewContext) {
    this.el.append(this.chips, h('div', { class: 'st-stack' }, this.base, this.over, this.cursor, this.hit), this.info, this.details);
    new ResizeObserver(() => this.resize()).observe(this.el);
    this.hit.addEventListener('wheel', (e) => this.zoom(e), { passive: false });
    this.hit.addEventListener('pointerdown', (e) => { this.drag = { x: e.clientX, win: this.win, moved: false }; this.hit.setPointerCapture(e.pointerId); });
    this.hit.addEventListener('pointermove', (e) => this.pan(e));
    this.hit.addEventListener('pointerup', (e) => { if (this.drag && !this.drag.moved) this.click(e); this.drag = null; });
    this.hit.addEventListener('dblclick', () => this.setWindow({ t0: 0, t1: this.ix?.endT ?? 1 }));
  }

  update(s: Readonly<RunState>, changed: ReadonlySet<keyof RunState>): void {
    if (changed.has('ix')) {
      this.ix = s.ix;
      if (!s.ix) return;
      // Wide enough for a few rounds of messages, narrow enough that arrows visibly slant.
      const span = Math.min(s.ix.endT, Math.max(1000, 60 * s.ix.messages.medianLatencyUs));
      const t0 = Math.max(0, Math.min(s.ix.endT - span, s.t - span / 2));
      this.win = { t0, t1: t0 + Math.max(1, span) };
      this.buildChips(s);
      this.resize();
    } else if (changed.has('hiddenTypes')) {
      this.buildChips(s);
      this.redraw();
    } else if (changed.has('t') && this.ix) {
      const span = this.win.t1 - this.win.t0;
      if (s.t > this.win.t1 || s.t < this.win.t0) {
        const t0 = Math.max(0, Math.min(this.ix.endT - span, s.t - span / 2));
        this.setWindow({ t0, t1: t0 + span });
      }
      else this.drawCursor();
    }
    if (changed.has('selectedMsg') || changed.has('ix')) {
      this.drawOverlay();
      fill(this.details, s.ix && s.selectedMsg !== null ? messageDetails(s.ix, s.selectedMsg, this.ctx.run) : h('p', { class: 'muted' }, 'Click an arrow to select a message.'));
    }
  }

  /** One group of chips per message family (families.ts); the family's name toggles all of it. */
  private buildChips(s: Readonly<RunState>): void {
    const ix = s.ix;
    if (!ix) return;
    const toggle = (types: readonly string[], show: boolean) => {
      const next = new Set(this.ctx.run.get().hiddenTypes);
      for (const t of types) if (show) next.delete(t); else next.add(t);
      this.ctx.run.set({ hiddenTypes: next });
    };
    fill(this.chips, ...groupTypes(ix.messages.types).map(({ family, types }) => {
      const allShown = types.every((t) => !s.hiddenTypes.has(t));
      const head = h('button', {
        type: 'button', class: 'chip-family', 'data-family': family.id, 'aria-pressed': String(allShown),
        title: `${allShown ? 'Hide' : 'Show'} every ${family.label.toLowerCase()} message`, onclick: () => toggle(types, !allShown),
      }, family.label);
      return h('span', { class: 'chip-group', 'data-family': family.id }, head, ...types.map((type) => {
        const box = h('input', { type: 'checkbox', checked: !s.hiddenTypes.has(type), 'data-type': type });
        box.addEventListener('change', () => toggle([type], box.checked));
        return h('label', { class: 'chip' }, box, h('span', { class: 'swatch', style: `background:${typeColor(type, ix.messages.types)}` }), type);
      }));
    }));
  }

  resize(): void {
    const width = this.el.clientWidth;
    if (width === 0 || !this.ix) return;
    this.w = width;
    this.hgt = Math.min(420, 40 + this.ix.nodes.length * 62);
    this.redraw();
  }

  private setWindow(win: StWindow): void {
    this.win = win;
    this.redraw();
  }

  private redraw(): void {
    if (!this.ix || this.w === 0) return;
    this.g = geometry(this.ix, this.win, this.w, this.hgt);
    const n = drawDiagram(sizeCanvas(this.base, this.w, this.hgt, true), this.ix, this.g, this.win, this.w, this.hgt, this.ctx.run.get().hiddenTypes);
    setText(this.count, `${n} messages in view`);
    this.cursor.style.height = `${this.hgt - 16}px`;
    this.cursorAt = NaN;
    this.drawOverlay();
  }

  /** The selected message, drawn over the diagram (on a new window, size or selection). */
  private drawOverlay(): void {
    if (!this.ix || !this.g || this.w === 0) return;
    const s = this.ctx.run.get();
    const e = s.selectedMsg !== null ? arrowEnds(this.ix, this.g, s.selectedMsg) : undefined;
    this.over.hidden = !e;
    if (e) {
      const c = sizeCanvas(this.over, this.w, this.hgt);
      c.clearRect(0, 0, this.w, this.hgt);
      c.strokeStyle = '#000'; c.lineWidth = 3.5;
      c.beginPath(); c.moveTo(e[0], e[1]); c.lineTo(e[2], e[3]); c.stroke();
    }
    this.drawCursor();
  }

  /** Moves the cursor line to the current time (hidden outside the window). */
  private drawCursor(): void {
    if (!this.g || this.w === 0) return;
    const t = this.ctx.run.get().t;
    const x = t >= this.win.t0 && t <= this.win.t1 ? this.g.x(t) : NaN;
    if (Object.is(x, this.cursorAt)) return;
    this.cursorAt = x;
    if (Number.isNaN(x)) { this.cursor.style.visibility = 'hidden'; return; }
    this.cursor.style.visibility = '';
    this.cursor.style.transform = `translateX(${x}px)`;
  }

  private zoom(e: WheelEvent): void {
    if (!this.ix || !this.g) return;
    e.preventDefault();
    const at = this.g.x.invert(e.offsetX);
    const k = Math.exp(e.deltaY * 0.002);
    const span = Math.min(this.ix.endT, Math.max(5, (this.win.t1 - this.win.t0) * k));
    const t0 = Math.max(0, Math.min(this.ix.endT - span, at - (at - this.win.t0) * (span / (this.win.t1 - this.win.t0))));
    this.setWindow({ t0, t1: t0 + span });
  }

  private pan(e: PointerEvent): void {
    if (!this.drag || !this.ix || !this.g) return;
    const dx = e.clientX - this.drag.x;
    if (Math.abs(dx) > 3) this.drag.moved = true;
    if (!this.drag.moved) return;
    const span = this.drag.win.t1 - this.drag.win.t0;
    const dt = (dx / (this.w - 76)) * span;
    const t0 = Math.max(0, Math.min(this.ix.endT - span, this.drag.win.t0 - dt));
    this.setWindow({ t0, t1: t0 + span });
  }

  private click(e: PointerEvent): void {
    if (!this.ix || !this.g) return;
    const row = hitTest(this.ix, this.g, this.win, e.offsetX, e.offsetY, this.ctx.run.get().hiddenTypes);
    this.ctx.run.set({ selectedMsg: row });
  }
}
