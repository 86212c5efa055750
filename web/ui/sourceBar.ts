// The top bar: navigation (Gallery, Explore, Compare), the two ways in — pick a scenario and
// seed and run it live, or load a trace file (button or drop anywhere on the page) — and the
// run's identity: its trace hash, and whether it was validated.
import type { AppState, AppStore } from '../state/appState.ts';
import { fill, h, setText } from './dom.ts';

export interface SourceBarHandlers {
  run(scenario: string, seed: string): void;
  loadFile(file: File): void;
}

/** `on` null: navigation and identity only (the compare page picks its own runs). */
export function sourceBar(app: AppStore, page: string, on: SourceBarHandlers | null): HTMLElement {
  const select = h('select', { 'aria-label': 'Scenario', 'data-testid': 'scenario' });
  const seed = h('input', { type: 'text', value: '1', size: 6, 'aria-label': 'Seed', 'data-testid': 'seed' });
  const runBtn = h('button', { type: 'button', class: 'primary', 'data-testid': 'run', onclick: () => on?.run(select.value, seed.value.trim() || '1') }, 'Run live');
  const file = h('input', { type: 'file', accept: '.ndjson,.jsonl,.json,.txt', hidden: true, 'data-testid': 'file' });
  file.addEventListener('change', () => { const f = file.files?.[0]; if (f) on?.loadFile(f); file.value = ''; });
  const loadBtn = h('button', { type: 'button', onclick: () => file.click(), title: 'Or drop an .ndjson trace anywhere on the page' }, 'Load trace…');
  const hash = h('span', { class: 'hash', 'data-testid': 'hash' });
  const badge = h('span', { class: 'badge', 'data-testid': 'validation' });
  const busy = h('span', { class: 'busy', role: 'status' });
  const nav = (id: string, label: string, href: string) => h('a', { href, class: id === page ? 'nav active' : 'nav' }, label);
  const bar = h('header', { class: 'topbar' },
    h('span', { class: 'brand' }, 'zksim'),
    nav('gallery', 'Gallery', './'), nav('explore', 'Explore', '?page=explore'), nav('compare', '3 vs 4', '?page=compare'),
    h('span', { class: 'sep' }),
    ...(on ? [select, h('label', {}, 'seed ', seed), runBtn, loadBtn, file] : []),
    h('span', { class: 'grow' }), busy, badge, hash);
  let listed = 0;
  const refresh = (s: Readonly<AppState>) => {
    if (s.scenarios.length !== listed) {
      listed = s.scenarios.length;
      fill(select, ...s.scenarios.map((sc) => h('option', { value: sc.id }, sc.id)));
    }
    const src = s.source;
    if (src?.kind === 'scenario') {
      select.value = src.scenario;
      if (document.activeElement !== seed) seed.value = src.seed;
    }
    setText(hash, s.hash ? `trace hash ${s.hash}` : '');
    const b: Record<string, string> = { none: '', pending: 'validating…', valid: '✓ valid trace', live: '● live run', invalid: '✕ invalid' };
    setText(badge, b[s.validation] ?? '');
    badge.dataset.state = s.validation;
    setText(busy, s.busy ?? '');
  };
  app.subscribe(refresh);
  refresh(app.get());
  return bar;
}

/** Drop a trace file anywhere on the page; the latest page to ask receives it. */
let dropTarget: ((f: File) => void) | null = null;
export function installDrop(onFile: (f: File) => void): void {
  const first = dropTarget === null;
  dropTarget = onFile;
  if (!first) return;
  window.addEventListener('dragover', (e) => { e.preventDefault(); document.body.classList.add('dragging'); });
  window.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    document.body.classList.remove('dragging');
    const f = e.dataTransfer?.files[0];
    if (f) dropTarget?.(f);
  });
}
