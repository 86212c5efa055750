// Tabs for the side panel: builds every panel view once (they keep their state), shows one
// at a time, and tells a view to resize when it becomes visible (a hidden canvas has no size).
import { bind, type PanelSpec, type View, type ViewContext } from '../views/view.ts';
import { h } from './dom.ts';

export interface Tabs {
  el: HTMLElement;
  show(id: string): void;
}

export function tabs(specs: readonly PanelSpec[], ctx: ViewContext, onShow: (id: string) => void): Tabs {
  const bar = h('div', { class: 'tabbar', role: 'tablist' });
  const body = h('div', { class: 'tabbody' });
  const views = new Map<string, { view: View; btn: HTMLButtonElement }>();
  for (const spec of specs) {
    const view = spec.create(ctx);
    const btn = h('button', { type: 'button', role: 'tab', 'data-tab': spec.id, onclick: () => show(spec.id) }, spec.title);
    view.el.hidden = true;
    bar.append(btn);
    body.append(view.el);
    views.set(spec.id, { view, btn });
    bind(view, ctx.run);
  }
  function show(id: string): void {
    const target = views.has(id) ? id : specs[0]!.id;
    for (const [key, { view, btn }] of views) {
      const on = key === target;
      view.el.hidden = !on;
      btn.setAttribute('aria-selected', String(on));
      btn.classList.toggle('active', on);
      if (on) view.resize?.();
    }
    onShow(target);
  }
  return { el: h('div', { class: 'tabs' }, bar, body), show };
}
