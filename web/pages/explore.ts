// The Explore page: one run, every view. Caption and Cluster on the left, the side panel's
// tabs (Votes, Quorum, Space-time, Log, Prefixes, Event log, Faults) on the right, the
// transport bar and the Timeline along the bottom; under the top bar, the bug strip when the
// run re-introduces a historical bug (or could: a bug scenario) or the checkers object. It
// opens what the URL says: a scenario (+ seed, bugs, faults, time) run live, or a trace from
// ?trace=, or a file the user loads or drops.
import { Session } from '../app/session.ts';
import type { AppStore } from '../state/appState.ts';
import { Playback } from '../state/playback.ts';
import { jumpMoment, newRunStore } from '../state/runState.ts';
import { checkBugFlags, type UrlState } from '../state/url.ts';
import { hasZab, whenZab } from '../trace/zab.ts';
import { bugStrip } from '../ui/bugStrip.ts';
import { controlsBar, transport } from '../ui/controls.ts';
import { fill, h } from '../ui/dom.ts';
import { errorBox } from '../ui/errorBox.ts';
import { installKeys } from '../ui/keys.ts';
import { legend } from '../ui/legend.ts';
import { installDrop, sourceBar } from '../ui/sourceBar.ts';
import { tabs } from '../ui/tabs.ts';
import { AboutView } from '../views/about.ts';
import { CaptionView } from '../views/caption.ts';
import { ClusterView } from '../views/cluster.ts';
import { PANELS } from '../views/panels.ts';
import { TimelineView } from '../views/timeline.ts';
import { bind, type ViewContext } from '../views/view.ts';
import type { WorkerClient } from '../worker/client.ts';

export function explorePage(root: HTMLElement, app: AppStore, worker: WorkerClient, url: UrlState, file?: File, traceFetch?: Promise<Response>): void {
  const run = newRunStore();
  const session = new Session(app, run, worker, url);
  let tabsRef: ReturnType<typeof tabs> | null = null;
  const ctx: ViewContext = {
    run, app,
    actions: {
      canEdit: () => session.canEdit(),
      addFault: (f) => session.addFault(f),
      setFaults: (fs) => session.setFaults(fs),
      setBugs: (bugs) => session.setBugs(bugs),
      showTab: (id) => tabsRef?.show(id),
    },
  };
  const playback = new Playback(() => [run]);
  const tr = transport(playback, () => [run]);
  const loadFile = (f: File) => void f.text().then((text) => session.loadText(text, { kind: 'file', name: f.name }));
  const bar = sourceBar(app, 'explore', { run: (scenario, seed) => void session.runScenario({ scenario, seed, faults: [], bugs: [] }), loadFile });
  installDrop(loadFile);
  installKeys(tr, (d) => jumpMoment(run, d));

  const about = new AboutView(app);
  const caption = new CaptionView(ctx);
  const cluster = new ClusterView(ctx);
  const timeline = new TimelineView(ctx);
  const legendBox = h('div', { class: 'legend-box' });
  tabsRef = tabs(PANELS, ctx, (id) => { app.set({ tab: id }); session.syncUrl(); });
  for (const v of [about, caption, cluster, timeline]) bind(v, run);
  run.subscribe((s, changed) => {
    const ix = s.ix;
    if (!changed.has('ix') || !ix) return;
    fill(legendBox, legend(ix.ensemble.zookeeper, hasZab(ix)));
    // The ZAB model builds after the first render; then the Cluster shows its last zxids.
    if (hasZab(ix)) whenZab(ix, () => { if (run.get().ix === ix) cluster.update(run.get(), new Set(['cursor'])); });
  });

  const main = h('main', { class: 'explore' },
    h('div', { class: 'left' }, about.el, caption.el, cluster.el, legendBox),
    h('div', { class: 'right' }, tabsRef.el));
  const footer = h('footer', { class: 'bottom' }, controlsBar(playback, () => [run], tr), timeline.el);
  const invalidHint = h('p', { class: 'invalid-hint', hidden: true },
    'Nothing to show: fix the trace, load another one (button above, or drop a file on the page), or pick a scenario and run it live.');
  // An invalid trace is not shown at all, only its error (and how to go on).
  app.subscribe((s) => {
    const bad = s.validation === 'invalid';
    main.hidden = bad; footer.hidden = bad; invalidHint.hidden = !bad;
  });
  root.append(bar, errorBox(app), bugStrip(ctx), invalidHint, main, footer);
  tabsRef.show(url.tab ?? 'votes');
  if (url.node !== undefined) run.set({ selectedNode: url.node });

  if (file) loadFile(file);
  else if (url.trace) void session.loadUrl(url.trace, url.t, traceFetch);
  else {
    const first = app.get().scenarios.find((s) => s.id === 'startup-3') ?? app.get().scenarios[0];
    const scenario = url.scenario ?? first?.id;
    // What was wrong with the URL (faults, bug flags) stays shown while the run goes ahead.
    const checked = checkBugFlags(url.bugs, app.get().bugCatalogue.map((b) => b.flag));
    const notice = [app.get().error, checked.error].filter(Boolean).join('\n') || undefined;
    if (scenario) void session.runScenario({ scenario, seed: url.seed ?? '1', faults: url.faults, bugs: checked.bugs }, url.t, notice);
  }
}
