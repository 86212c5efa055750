// The Gallery: every scenario with its teaching caption, one click from a live run, plus
// the 3-vs-4 comparison. Scenario texts come from the scenarios themselves (via the worker).
import type { AppStore } from '../state/appState.ts';
import { urlSearch } from '../state/url.ts';
import { h } from '../ui/dom.ts';
import { errorBox } from '../ui/errorBox.ts';
import { installDrop, sourceBar } from '../ui/sourceBar.ts';
import type { ScenarioInfo } from '../worker/protocol.ts';

const FIRST = ['startup-3', 'staggered-start-3', 'leader-crash-3', 'highest-zxid-wins', 'epoch-beats-zxid', 'split-2-1-of-3', 'split-2-2-of-4'];

function order(list: readonly ScenarioInfo[]): ScenarioInfo[] {
  const rank = (s: ScenarioInfo) => { const i = FIRST.indexOf(s.id); return i < 0 ? FIRST.length + (s.tags.includes('demo') ? 100 : 0) : i; };
  return [...list].sort((a, b) => rank(a) - rank(b));
}

function card(s: ScenarioInfo): HTMLElement {
  const href = urlSearch({ page: 'explore', scenario: s.id, seed: '1', faults: [], bugs: [] });
  return h('article', { class: 'gcard', 'data-scenario': s.id },
    h('h2', {}, h('a', { href, 'data-testid': 'open-scenario' }, s.id)),
    h('div', { class: 'gtitle' }, s.title),
    h('p', {}, s.caption),
    h('div', { class: 'gmeta' }, `${s.nodes.length} servers · runs ${s.defaultUntilUs / 1e6} s · `, ...s.tags.map((t) => h('span', { class: 'tag' }, t))));
}

/** The scenario cards, with the 3-vs-4 comparison right after the teaching sequence. */
function cards(scenarios: ScenarioInfo[]): HTMLElement[] {
  const out = scenarios.map(card);
  const at = Math.max(0, scenarios.findIndex((s) => s.id === 'split-2-2-of-4') + 1);
  out.splice(at, 0, h('article', { class: 'gcard compare' },
    h('h2', {}, h('a', { href: '?page=compare&preset=split' }, '3 vs 4 servers')),
    h('div', { class: 'gtitle' }, 'Why a fourth server does not help'),
    h('p', {}, 'startup-3 and startup-4 side by side under the same faults — one crash, two crashes, a 2|2 split — in lockstep. Four servers need a quorum of 3, so they survive no more failures than three, and a 2|2 split leaves no side able to lead.')));
  return out;
}

export function galleryPage(root: HTMLElement, app: AppStore, onFile: (f: File) => void, run: (scenario: string, seed: string) => void): void {
  const scenarios = order(app.get().scenarios);
  installDrop(onFile);
  root.append(
    sourceBar(app, 'gallery', { run, loadFile: onFile }),
    errorBox(app),
    h('main', { class: 'gallery' },
      h('section', { class: 'intro' },
        h('h1', {}, 'Watch ZooKeeper elect a leader'),
        h('p', {}, 'Each scenario runs the real election protocol (FastLeaderElection, then ZAB discovery) in your browser, on a simulated network, deterministically: the same seed gives the same run, byte for byte, as ',
          h('code', {}, 'npx zksim run'), '. Open one, press ▶ or step with →, click a server to crash it, and read in the Votes tab why each vote won.')),
      h('div', { class: 'gcards' }, ...cards(scenarios)),
      scenarios.length === 0 ? h('p', { class: 'muted' }, 'No scenarios were found.') : null));
}
