// The step caption: what just happened, in a sentence, at the current time ("Server 3
// received votes from 1 and 2 for itself: a quorum (3 of 3, 2 needed) — it becomes
// LEADING."), with ‹ › to walk through the key moments of the run (also ↑/↓).
import { currentMoment, jumpMoment, type RunState } from '../state/runState.ts';
import { h, setText } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';
import type { View, ViewContext } from './view.ts';

export class CaptionView implements View {
  readonly el = h('section', { class: 'caption', 'aria-live': 'polite' });
  private readonly text = h('div', { class: 'caption-text', 'data-testid': 'caption' });
  private readonly where = h('div', { class: 'caption-where' });
  private readonly detail = h('div', { class: 'caption-detail' });
  private shown = -2;

  constructor(ctx: ViewContext) {
    const btn = (label: string, title: string, dir: 1 | -1) =>
      h('button', { type: 'button', class: 'tbtn', title, 'aria-label': title, onclick: () => jumpMoment(ctx.run, dir) }, label);
    this.el.append(btn('‹', 'Previous key moment (↑)', -1), h('div', { class: 'caption-body' }, this.where, this.text, this.detail), btn('›', 'Next key moment (↓)', 1));
  }

  update(s: Readonly<RunState>): void {
    const ix = s.ix;
    if (!ix) return;
    const k = currentMoment(ix, s.cursor);
    if (k === this.shown) return;
    this.shown = k;
    const m = ix.moments[k];
    setText(this.where, m ? `moment ${k + 1} of ${ix.moments.length} · ${fmtTime(ix.times[m.idx] ?? 0)}` : `${ix.moments.length} key moments`);
    setText(this.text, m ? m.text : 'Press ▶ or → to start.');
    setText(this.detail, m?.detail ?? '');
  }
}
