// The comparison page: startup-3 and startup-4 side by side, under the same fault schedule
// (none, one crash, two crashes, a 2|2 split), moved in lockstep by one transport bar. Each
// side shows its cluster, its timeline and whether each side of its network can elect.
import type { AppStore } from '../state/appState.ts';
import { Playback } from '../state/playback.ts';
import { newRunStore, setTime, type RunStore } from '../state/runState.ts';
import { writeUrl, type UrlState } from '../state/url.ts';
import { scanTraceText } from '../trace/scan.ts';
import { sidesAt } from '../trace/sides.ts';
import { controlsBar, transport } from '../ui/controls.ts';
import { fill, h } from '../ui/dom.ts';
import { errorBox } from '../ui/errorBox.ts';
import { installKeys } from '../ui/keys.ts';
import { legend } from '../ui/legend.ts';
import { sourceBar } from '../ui/sourceBar.ts';
import { ClusterView } from '../views/cluster.ts';
import { TimelineView } from '../views/timeline.ts';
import { bind, type ViewContext } from '../views/view.ts';
import type { WorkerClient } from '../worker/client.ts';
import { faultTimeMs, PRESETS } from './comparePresets.ts';
import { markRendered } from '../app/perf.ts';

const PAIR = ['startup-3', 'startup-4'];

function pane(app: AppStore, run: RunStore, id: string): HTMLElement {
  const ctx: ViewContext = { run, app, actions: { canEdit: () => false, addFault: () => {}, setFaults: () => {}, setBugs: () => {}, showTab: () => {} } };
  const cluster = new ClusterView(ctx);
  const timeline = new TimelineView(ctx);
  bind(cluster, run);
  bind(timeline, run);
  const title = h('h2', {});
  const verdict = h('div', { class: 'verdict-line', 'data-testid': `verdict-${id}` });
  const outcome = h('div', { class: 'outcome', 'data-testid': `outcome-${id}` });
  run.subscribe((s, changed) => {
    if (!s.ix) return;
    if (changed.has('ix')) {
      const last = s.ix.events.length - 1;
      const leaders = s.ix.nodes.filter((sid) => s.ix!.states.at(sid, last).status === 'LEADING');
      fill(outcome, leaders.length ? `At the end of the run: server ${leaders.join(', ')} leads.` : 'At the end of the run: no leader — the ensemble cannot serve.');
      outcome.classList.toggle('none', leaders.length === 0);
    }
    const e = s.ix.ensemble;
    fill(title, `${id}: ${e.voters.length} servers, quorum ${e.quorumSize}, tolerates ${e.voters.length - e.quorumSize} failure${e.voters.length - e.quorumSize === 1 ? '' : 's'}`);
    const sides = sidesAt(s.ix, s.cursor);
    fill(verdict, ...sides.map((sd) => h('span', { class: sd.canElect ? 'can' : 'cannot' },
      `{${sd.members.join(',')}}: ${sd.liveVoters.length} live voter${sd.liveVoters.length === 1 ? '' : 's'} — ${sd.canElect ? 'can elect' : 'cannot elect'}`)));
  });
  return h('section', { class: 'cpane', 'data-pane': id }, title, outcome, cluster.el, verdict, timeline.el);
}

export function comparePage(root: HTMLElement, app: AppStore, worker: WorkerClient, url: UrlState): void {
  const runs = PAIR.map(() => newRunStore());
  const playback = new Playback(() => runs);
  const tr = transport(playback, () => runs);
  installKeys(tr, () => {});
  const available = PAIR.every((id) => app.get().scenarios.some((s) => s.id === id));
  const presetBar = h('div', { class: 'presets', role: 'radiogroup' });
  const explain = h('p', { class: 'muted' });
  root.append(sourceBar(app, 'compare', null), errorBox(app));
  if (!available) {
    root.append(h('main', { class: 'compare' }, h('p', {}, 'The comparison needs the scenarios startup-3 and startup-4, which this build does not have yet.')));
    return;
  }
  const seed = url.seed ?? '1';
  async function load(presetId: string): Promise<void> {
    const preset = PRESETS.find((p) => p.id === presetId) ?? PRESETS[0]!;
    url.preset = preset.id;
    writeUrl({ ...url, page: 'compare', faults: [], bugs: [] });
    fill(presetBar, ...PRESETS.map((p) => h('button', { type: 'button', role: 'radio', 'aria-checked': String(p.id === preset.id), class: p.id === preset.id ? 'active' : '', onclick: () => void load(p.id) }, p.label)));
    app.set({ busy: `Running ${PAIR.join(' and ')}…`, error: null });
    const t = runs[0]!.get().t;
    for (let i = 0; i < PAIR.length; i++) {
      const info = app.get().scenarios.find((s) => s.id === PAIR[i])!;
      const faults = preset.faults(info.nodes, faultTimeMs(info.defaultUntilUs));
      const r = await worker.request({ kind: 'run', scenario: info.id, seed, faults, bugs: [] });
      if (r.kind !== 'run' || !r.ok) { app.set({ busy: null, error: r.kind === 'run' && !r.ok ? r.errors.join('\n') : 'the simulation failed' }); return; }
      const { ix } = scanTraceText(r.text);
      if (!ix) { app.set({ busy: null, error: 'The worker returned a trace this page cannot read.' }); return; }
      runs[i]!.set({ ix });
      setTime(runs[i]!, t);
      if (i === 0) fill(explain, faults.length ? `Schedule for ${info.id}: ${JSON.stringify(faults)} — the same faults, adapted to each ensemble's servers.` : 'No faults: both ensembles elect their highest server.');
    }
    app.set({ busy: null });
    markRendered();
  }
  root.append(h('main', { class: 'compare' },
    h('div', { class: 'compare-head' }, h('span', {}, 'Same faults for both: '), presetBar), explain,
    h('div', { class: 'cpanes' }, ...runs.map((r, i) => pane(app, r, PAIR[i]!))),
    h('div', { class: 'legend-box' }, legend(true))),
    h('footer', { class: 'bottom' }, controlsBar(playback, () => runs, tr)));
  void load(url.preset ?? 'split');
}
