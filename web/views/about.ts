// "About this run": the scenario's title and teaching paragraph (from the trace header's
// config.caption, else from the scenario list), folded by default under the caption bar.
// The list may arrive after the trace (main.ts): the title fills in then.
import type { AppStore } from '../state/appState.ts';
import type { RunState } from '../state/runState.ts';
import { h, setText } from '../ui/dom.ts';
import type { View } from './view.ts';

export class AboutView implements View {
  readonly el = h('details', { class: 'about' });
  private readonly summary = h('summary', {});
  private readonly body = h('p', {});

  private ix: RunState['ix'] = null;

  constructor(private readonly app: AppStore) {
    this.el.append(this.summary, this.body);
    let listed = app.get().scenarios;
    app.subscribe((a) => {
      if (a.scenarios === listed) return;
      listed = a.scenarios;
      this.show();
    });
  }

  update(s: Readonly<RunState>, changed: ReadonlySet<keyof RunState>): void {
    if (!changed.has('ix') || !s.ix) return;
    this.ix = s.ix;
    this.show();
  }

  private show(): void {
    if (!this.ix) return;
    const h0 = this.ix.header;
    const info = this.app.get().scenarios.find((x) => x.id === h0.scenario);
    const caption = typeof h0.config.caption === 'string' ? h0.config.caption : info?.caption ?? '';
    setText(this.summary, `${h0.scenario}${info ? ` — ${info.title}` : ''} · seed ${h0.seed} · ${this.ix.events.length} events`);
    setText(this.body, caption || 'No caption in this trace.');
  }
}
