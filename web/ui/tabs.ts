// Tabs for the side panel: builds every panel view once (they keep their state), shows one
// at a time. A hidden view gets no updates (scrubbing costs only what is on screen): the keys
// that changed meanwhile are collected and handed over when it shows again, then it resizes
// (a hidden canvas has no size).
import type { RunState } from '../state/runState.ts';
import type { PanelSpec, View, ViewContext } from '../views/view.ts';
import { h } from './dom.ts';

export interface Tabs {
  el: HTMLElement;
  show(id: string): void;
}

export function tabs(specs: readonly PanelSpec[], ctx: ViewContext, onShow: (id: string) => void): Tabs {
  const bar = h('div', { class: 'tabbar', role: 'tablist' });
  const body = h('div', { class: 'tabbody' });
  const views = new Map<string, { view: View; btn: HTMLButtonElement; pending: Set<keyof RunState> }>();
  for (const spec of specs) {
    const view = spec.create(ctx);
    const btn = h('button', { type: 'button', role: 'tab', 'data-tab': spec.id, onclick: () => show(spec.id) }, spec.title);
    view.el.hidden = true;
    bar.append(btn);
    body.append(view.el);
    const entry = { view, btn, pending: new Set(Object.keys(ctx.run.get()) as (keyof RunState)[]) };
    views.set(spec.id, entry);
    ctx.run.subscribe((st, changed) => {
      if (view.el.hidden) for (const k of changed) entry.pending.add(k);
      else view.update(st, changed);
    });
  }
  function show(id: string): void {
    const target = views.has(id) ? id : specs[0]!.id;
    for (const [key, entry] of views) {
      const { view, btn } = entry;
      const on = key === target;
      view.el.hidden = !on;
      btn.setAttribute('aria-selected', String(on));
      btn.classList.toggle('active', on);
      if (!on) continue;
      if (entry.pending.size) {
        const changed = entry.pending;
        entry.pending = new Set();
        view.update(ctx.run.get(), changed);
      }
      view.resize?.();
    }
    onShow(target);
  }
  return { el: h('div', { class: 'tabs' }, bar, body), show };
}
