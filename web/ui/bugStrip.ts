// The bug strip under the top bar, so nobody takes a bug run for faithful ZooKeeper: when
// the run re-introduces historical bugs (its trace header says so), a badge per flag
// ("bug: sync-1154 (ZOOKEEPER-1154)") with what goes wrong and a button back to faithful
// ZooKeeper; on a bug scenario run faithfully, a one-click offer to turn its own flag on.
// Under it, for live runs, the checkers' verdict (engine/check/, reported by the worker):
// how many violations, of which checkers, the first in words, and all of them on request,
// each time a link to that moment. Hidden when none of this applies.
import type { AppState } from '../state/appState.ts';
import { checkVerdict } from '../state/checks.ts';
import { setTime } from '../state/runState.ts';
import type { ViewContext } from '../views/view.ts';
import type { BugInfo, CheckViolation } from '../worker/protocol.ts';
import { fill, h } from './dom.ts';

/** Violations listed under "all violations"; the count says how many there are. */
const LISTED_MAX = 200;

export function bugStrip(ctx: ViewContext): HTMLElement {
  const el = h('section', { class: 'bug-strip', 'data-testid': 'bug-strip', 'aria-label': 'Historical bugs and checkers', hidden: true });
  const keys: (keyof AppState)[] = ['bugs', 'source', 'violations', 'bugCatalogue', 'validation'];
  ctx.app.subscribe((s, changed) => { if (keys.some((k) => changed.has(k))) render(el, ctx, s); });
  render(el, ctx, ctx.app.get());
  return el;
}

function render(el: HTMLElement, ctx: ViewContext, s: Readonly<AppState>): void {
  const src = s.source;
  const live = src?.kind === 'scenario' && s.validation === 'live';
  const info = (flag: string): BugInfo | undefined => s.bugCatalogue.find((b) => b.flag === flag);
  const own = live ? s.bugCatalogue.find((b) => b.scenario === src.scenario) : undefined;
  const verdict = live ? checkVerdict(s.violations) : null;
  const lines: HTMLElement[] = [];
  if (s.bugs.length) {
    el.dataset.state = 'on';
    const off = live ? h('button', { type: 'button', 'data-testid': 'bugs-off', onclick: () => ctx.actions.setBugs([]) }, 'Run faithful ZooKeeper') : null;
    s.bugs.forEach((flag, i) => lines.push(bugLine(flag, info(flag), i === 0 ? off : null)));
  } else if (own) {
    el.dataset.state = 'offer';
    lines.push(h('div', { class: 'bug-line' },
      h('span', { class: 'bug-desc' }, `This scenario shows ${own.jira}, a bug ZooKeeper has fixed. The run below is faithful ZooKeeper.`),
      h('button', { type: 'button', title: own.description, 'data-testid': 'bug-offer', onclick: () => ctx.actions.setBugs([own.flag]) }, `Re-introduce ${own.flag}`)));
  } else {
    el.dataset.state = verdict?.violations.length ? 'checks' : 'none';
  }
  if (verdict && (lines.length || verdict.violations.length)) lines.push(checksLine(ctx, verdict.violations, verdict.byChecker));
  el.hidden = lines.length === 0;
  fill(el, ...lines);
}

function bugLine(flag: string, b: BugInfo | undefined, button: HTMLElement | null): HTMLElement {
  const label = `bug: ${flag}${b ? ` (${b.jira})` : ''}`;
  return h('div', { class: 'bug-line' },
    h('span', { class: 'bug-badge', 'data-testid': 'bug-badge', 'data-flag': flag, title: b?.description ?? 'a historical ZooKeeper bug' }, `⚠ ${label}`),
    h('span', { class: 'bug-desc' }, h('b', {}, 'Not faithful ZooKeeper: '), b?.description ?? 'a historical bug this build does not describe.'),
    button);
}

function checksLine(ctx: ViewContext, violations: readonly CheckViolation[], byChecker: [string, number][]): HTMLElement {
  const n = violations.length;
  const line = h('div', { class: `check-line ${n ? 'bad' : 'ok'}`, 'data-testid': 'checks', 'data-violations': n });
  const glyph = (g: string) => h('span', { class: 'check-glyph', 'aria-hidden': 'true' }, g);
  if (n === 0) {
    fill(line, h('div', { class: 'check-head' }, glyph('✓'), 'Checkers: no violations in this run.'));
    return line;
  }
  const list = h('ol', { class: 'check-list', 'data-testid': 'check-list', hidden: true });
  let shown = false;
  const toggle = h('button', { type: 'button', class: 'check-toggle', 'aria-expanded': 'false', 'data-testid': 'check-toggle', onclick: () => show(!shown) }, 'list ▾');
  const show = (open: boolean) => {
    shown = open;
    list.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'hide ▴' : 'list ▾';
  };
  // A time jumps to that moment (and closes the list, which covers the views).
  const go = (v: CheckViolation) =>
    h('a', { href: '#', title: 'go to this moment', onclick: (e: Event) => { e.preventDefault(); show(false); setTime(ctx.run, v.t); } }, `${(v.t / 1000).toFixed(1)} ms`);
  const first = violations[0]!;
  const counts = byChecker.map(([c, k]) => `${c} ×${k}`).join(', ');
  fill(list, ...violations.slice(0, LISTED_MAX).map((v) => h('li', {}, go(v), ' ', h('b', {}, v.checker), `: ${v.message}`)));
  if (n > LISTED_MAX) list.append(h('li', { class: 'muted' }, `… and ${n - LISTED_MAX} more (zksim run --json lists them all).`));
  fill(line,
    h('div', { class: 'check-head' }, glyph('✗'),
      h('b', {}, `Checkers: ${n} violation${n > 1 ? 's' : ''}`), toggle,
      h('span', { class: 'check-rest' }, `(${counts}). First at `, go(first), ': ',
        h('span', { class: 'check-first', title: first.message }, `${first.checker}: ${first.message}`))),
    list);
  return line;
}
