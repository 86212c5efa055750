// The Timeline view: a lane per server with state bands over time, crash/restart/partition/
// heal markers, and the cursor. Click or drag to scrub; the wheel zooms around the pointer
// (double-click shows the whole run again); when the cursor leaves the visible window
// while playing, the window follows. The canvas redraws only on a new trace, size or zoom;
// the cursor is an element over it that a frame only moves (a transform: no canvas to
// redraw, a few pixels to composite).
import { setTime, type RunState } from '../state/runState.ts';
import type { TraceIndex } from '../trace/index.ts';
import { backdropColor, h, sizeCanvas } from '../ui/dom.ts';
import { AXIS_H, cursorX, drawStatic, laneY, xScale, type TimeWindow } from './timelineDraw.ts';
import type { View, ViewContext } from './view.ts';

export class TimelineView implements View {
  readonly el = h('section', { class: 'timeline' });
  private readonly base = h('canvas', { class: 'tl-base' });
  /** Takes the pointer (an element, not a canvas: nothing to draw, no layer to composite). */
  private readonly over = h('div', { class: 'tl-over', 'data-testid': 'timeline' });
  private readonly cursor = h('div', { class: 'tl-cursor', 'aria-hidden': 'true' });
  private cursorAt = NaN;
  private ix: TraceIndex | null = null;
  private win: TimeWindow = { t0: 0, t1: 1 };
  private w = 0;
  private hgt = 0;
  private dragging = false;
  /** The canvas is opaque (cheaper to composite under the moving cursor): it paints this first. */
  private bg = '#fff';

  constructor(private readonly ctx: ViewContext) {
    this.el.append(h('div', { class: 'tl-stack' }, this.base, this.over, this.cursor));
    new ResizeObserver(() => this.resize()).observe(this.el);
    this.over.addEventListener('pointerdown', (e) => { this.dragging = true; this.over.setPointerCapture(e.pointerId); this.scrubTo(e); });
    this.over.addEventListener('pointermove', (e) => { if (this.dragging) this.scrubTo(e); });
    this.over.addEventListener('pointerup', () => { this.dragging = false; });
    this.over.addEventListener('wheel', (e) => this.zoom(e), { passive: false });
    this.over.addEventListener('dblclick', () => this.setWindow({ t0: 0, t1: this.ix?.endT ?? 1 }));
  }

  update(s: Readonly<RunState>, changed: ReadonlySet<keyof RunState>): void {
    if (changed.has('ix')) {
      this.ix = s.ix;
      this.win = { t0: 0, t1: Math.max(1, s.ix?.endT ?? 1) };
      this.resize();
      return;
    }
    if (changed.has('t') && this.ix) {
      const span = this.win.t1 - this.win.t0;
      if (s.t > this.win.t1 || s.t < this.win.t0) {
        const t0 = Math.max(0, Math.min(this.ix.endT - span, s.t - span * 0.1));
        this.setWindow({ t0, t1: t0 + span });
        return;
      }
      this.drawCursor();
    }
  }

  resize(): void {
    const width = this.el.clientWidth;
    if (width === 0) return;
    this.w = width;
    this.bg = backdropColor(this.el);
    const n = this.ix?.nodes.length ?? 0;
    this.hgt = laneY(n, n) + 22;
    this.redraw();
  }

  private setWindow(win: TimeWindow): void {
    this.win = win;
    this.redraw();
  }

  private redraw(): void {
    if (!this.ix) return;
    drawStatic(sizeCanvas(this.base, this.w, this.hgt, true), this.ix, this.win, this.w, this.hgt, this.bg);
    this.cursor.style.height = `${laneY(this.ix.nodes.length, this.ix.nodes.length) - AXIS_H + 8}px`;
    this.cursorAt = NaN;
    this.drawCursor();
  }

  private drawCursor(): void {
    if (!this.ix) return;
    const t = this.ctx.run.get().t;
    const px = t < this.win.t0 || t > this.win.t1 ? NaN : cursorX(this.win, this.w, t);
    if (Object.is(px, this.cursorAt)) return;
    this.cursorAt = px;
    if (Number.isNaN(px)) { this.cursor.style.visibility = 'hidden'; return; }
    this.cursor.style.visibility = '';
    this.cursor.style.transform = `translateX(${px}px)`;
  }

  private timeAt(e: MouseEvent): number {
    const r = this.over.getBoundingClientRect();
    return xScale(this.win, this.w).invert(e.clientX - r.left);
  }

  private scrubTo(e: PointerEvent): void {
    if (e.offsetY < AXIS_H - 10 && !this.dragging) return;
    setTime(this.ctx.run, Math.max(this.win.t0, Math.min(this.win.t1, this.timeAt(e))));
  }

  private zoom(e: WheelEvent): void {
    if (!this.ix) return;
    e.preventDefault();
    const at = this.timeAt(e);
    const k = Math.exp(e.deltaY * 0.002);
    const span = Math.min(this.ix.endT, Math.max(20, (this.win.t1 - this.win.t0) * k));
    let t0 = at - (at - this.win.t0) * (span / (this.win.t1 - this.win.t0));
    t0 = Math.max(0, Math.min(this.ix.endT - span, t0));
    this.setWindow({ t0, t1: t0 + span });
  }
}
