// Shows the page's current error (a bad trace with its line and field, bad faults in the
// URL, a worker failure) as text, never as HTML.
import type { AppStore } from '../state/appState.ts';
import { h, setText } from './dom.ts';

export function errorBox(app: AppStore): HTMLElement {
  const text = h('div', { class: 'error-text', 'data-testid': 'error' });
  const box = h('div', { class: 'error-box', role: 'alert', hidden: true },
    h('b', {}, 'Problem: '), text,
    h('button', { type: 'button', class: 'x', 'aria-label': 'Dismiss', onclick: () => app.set({ error: null }) }, '✕'));
  const refresh = () => {
    const e = app.get().error;
    box.hidden = !e;
    setText(text, e ?? '');
  };
  app.subscribe(refresh);
  refresh();
  return box;
}
