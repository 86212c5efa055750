// One explored run and how it changes: run a scenario live in the worker, load a trace
// (text from a file, a drop or a URL), add or remove faults or switch historical bugs on and
// off (rerun from scratch with the same seed, faults and bugs otherwise, keep the current
// time), and keep the address bar in step so the URL reopens the same run at the same
// moment. The bugs a run has are read back from its trace header, which is what the page
// shows and the URL keeps.
import type { AppStore } from '../state/appState.ts';
import { setTime, type RunStore } from '../state/runState.ts';
import { appendFault } from '../state/schedule.ts';
import { writeUrl, type UrlState } from '../state/url.ts';
import { headerBugs } from '../trace/bugs.ts';
import type { TraceIndex } from '../trace/index.ts';
import { scanTraceStream, scanTraceText, type ScannedTrace } from '../trace/scan.ts';
import { formatTraceError, type FaultInput, type RunSource, type ScenarioRun } from '../trace/types.ts';
import type { WorkerClient } from '../worker/client.ts';
import { markRendered } from './perf.ts';

/** How long the time must stay put before background work starts, and the longest wait. */
const QUIET_MS = 250;
const QUIET_MAX_MS = 4000;
/** While the time keeps moving, the address bar is written at most this often. */
const URL_WHILE_MOVING_MS = 10_000;

export class Session {
  constructor(
    readonly app: AppStore,
    readonly run: RunStore,
    private readonly worker: WorkerClient,
    private readonly url: UrlState,
  ) {
    run.subscribe((s, changed) => {
      if (changed.has('t') || changed.has('selectedNode')) this.syncUrl();
    });
  }

  canEdit(): boolean {
    return this.app.get().source?.kind === 'scenario';
  }

  /**
   * Runs a scenario in the worker and shows it at `atMs`. `notice` (e.g. what was wrong with
   * the URL) stays shown as the page's error, before any error of the run itself.
   */
  async runScenario(want: ScenarioRun, atMs?: number, notice?: string): Promise<void> {
    const { scenario, seed, faults } = want;
    const bugNote = want.bugs.length ? ` and bug${want.bugs.length > 1 ? 's' : ''} ${want.bugs.join(', ')}` : '';
    this.app.set({ busy: `Running ${scenario} with seed ${seed}${bugNote}…`, error: notice ?? null });
    const r = await this.worker.request({ kind: 'run', scenario, seed, faults, bugs: want.bugs });
    if (r.kind === 'crash') return this.fail(`The simulation failed: ${r.message}`, notice);
    if (r.kind !== 'run') return;
    if (!r.ok) return this.fail(r.errors.join('\n'), notice);
    const { ix } = scanTraceText(r.text);
    if (!ix) return this.fail('The worker returned a trace this page cannot read.', notice);
    // What the run really had: a scenario that takes no bug flags (a kernel demo) ignores them.
    const bugs = headerBugs(ix.header);
    const ignored = want.bugs.filter((f) => !bugs.includes(f));
    const notes = [notice, ignored.length ? `${scenario} is not a ZooKeeper ensemble: it ran without the bug flag${ignored.length > 1 ? 's' : ''} ${ignored.join(', ')}.` : undefined];
    const source: RunSource = { kind: 'scenario', scenario, seed, faults, bugs };
    this.showIndex(ix, atMs);
    this.app.set({ source, hash: r.hash, validation: 'live', summary: r.summary, violations: r.violations, bugs, busy: null, error: notes.filter(Boolean).join('\n') || null });
    this.syncUrl();
  }

  /** Loads trace text: a fast parse on the page, full validation in the worker. */
  async loadText(text: string, source: RunSource, atMs?: number): Promise<void> {
    this.app.set({ busy: 'Reading the trace…', error: null, validation: 'pending', source, summary: null, violations: null, bugs: [], hash: '' });
    performance.mark('zksim:text');
    const { ix } = scanTraceText(text);
    performance.mark('zksim:parsed');
    if (ix) {
      this.showIndex(ix, atMs);
      this.app.set({ busy: null, bugs: headerBugs(ix.header) });
      this.syncUrl();
      // Validate once the trace is on screen: on a small machine the two would compete.
      await this.quiet();
    }
    await this.validate(text);
  }

  /**
   * Resolves once the user leaves the time alone for a moment (at most a few seconds after
   * the trace is shown): the worker's start-up and full validation take a second of CPU,
   * which on a small machine would otherwise cost the first seconds of scrubbing frames.
   * The moment counts from when the page is first idle: work queued behind the first render
   * (a view building its model) is time the user could not have used.
   */
  private quiet(): Promise<void> {
    return new Promise((resolve) => {
      let timer = 0;
      const done = () => { clearTimeout(timer); clearTimeout(cap); off(); resolve(); };
      const arm = () => { clearTimeout(timer); timer = window.setTimeout(done, QUIET_MS); };
      const cap = window.setTimeout(done, QUIET_MAX_MS);
      const off = this.run.subscribe((_s, changed) => { if (changed.has('t')) arm(); });
      if ('requestIdleCallback' in window) requestIdleCallback(arm, { timeout: QUIET_MS });
      else arm();
    });
  }

  /** Full validation in the worker: on failure the error (line, field) replaces the run. */
  private async validate(text: string): Promise<void> {
    const v = await this.worker.request({ kind: 'validate', text });
    if (v.kind === 'crash') return this.fail(`Could not validate the trace: ${v.message}`);
    if (v.kind !== 'validate') return;
    if (!v.ok) {
      this.run.set({ ix: null });
      this.app.set({ validation: 'invalid', busy: null, error: `This trace is not valid — ${formatTraceError(v.error)}` });
      return;
    }
    this.app.set({ validation: 'valid', hash: v.hash, busy: null });
  }

  /**
   * Fetches a trace and indexes it while it downloads (scan.ts); `started` may be a fetch
   * begun earlier (index.html). The text for the worker's validation is decoded only then.
   */
  async loadUrl(url: string, atMs?: number, started?: Promise<Response>): Promise<void> {
    this.app.set({ busy: `Fetching ${url}…`, error: null, validation: 'pending', source: { kind: 'url', url }, summary: null, violations: null, bugs: [], hash: '' });
    let scanned: ScannedTrace;
    try {
      const res = await (started ?? fetch(url));
      if (!res.ok || !res.body) return this.fail(`Could not fetch the trace ${url}: HTTP ${res.status}`);
      scanned = await scanTraceStream(res.body, Number(res.headers.get('content-length')) || 0);
    } catch (err) {
      return this.fail(`Could not fetch the trace ${url}: ${(err as Error).message}`);
    }
    performance.mark('zksim:parsed');
    if (scanned.ix) {
      this.showIndex(scanned.ix, atMs);
      this.app.set({ busy: null, bugs: headerBugs(scanned.ix.header) });
      this.syncUrl();
      await this.quiet();
    }
    await this.validate(new TextDecoder().decode(scanned.bytes));
  }

  /** Appends a fault at the current time and reruns the scenario. */
  addFault(fault: FaultInput['fault']): void {
    const atMs = this.run.get().t / 1000;
    this.rerun((src) => ({ faults: appendFault(src.faults, atMs, fault) }));
  }

  setFaults(faults: FaultInput[]): void {
    this.rerun(() => ({ faults }));
  }

  /** Reruns with these historical bugs on (none: faithful ZooKeeper), same seed, faults and time. */
  setBugs(bugs: string[]): void {
    this.rerun(() => ({ bugs: [...new Set(bugs)].sort() }));
  }

  /** Reruns the live scenario with one thing changed, at the current time. */
  private rerun(change: (src: ScenarioRun) => Partial<ScenarioRun>): void {
    const src = this.app.get().source;
    if (src?.kind !== 'scenario') return;
    const { scenario, seed, faults, bugs } = src;
    void this.runScenario({ scenario, seed, faults, bugs, ...change(src) }, this.run.get().t / 1000);
  }

  private showIndex(ix: TraceIndex, atMs?: number): void {
    performance.mark('zksim:indexed');
    const prev = this.run.get().selectedNode;
    const keepNode = prev !== null && ix.nodes.includes(prev) ? prev : (this.url.node !== undefined && ix.nodes.includes(this.url.node) ? this.url.node : null);
    this.run.set({ ix, selectedMsg: null, selectedNode: keepNode, picked: new Set() });
    setTime(this.run, atMs !== undefined ? atMs * 1000 : 0);
    markRendered();
  }

  private fail(message: string, notice?: string): void {
    this.app.set({ error: notice ? `${notice}\n${message}` : message, busy: null });
  }

  private urlTimer = 0;
  private urlDue = 0;

  /**
   * Writes the address bar soon: once the time rests for a moment, or every 10 s while it
   * keeps moving (history.replaceState costs a frame's worth of time in Chromium: while
   * scrubbing or playing, each write is a dropped frame).
   */
  syncUrl(): void {
    const now = performance.now();
    if (!this.urlDue) this.urlDue = now + URL_WHILE_MOVING_MS;
    clearTimeout(this.urlTimer);
    this.urlTimer = window.setTimeout(() => { this.urlTimer = 0; this.urlDue = 0; this.writeUrlNow(); }, Math.max(0, Math.min(300, this.urlDue - now)));
  }

  writeUrlNow(): void {
    const src = this.app.get().source;
    const s = this.run.get();
    const u = this.url;
    u.page = 'explore';
    delete u.scenario; delete u.trace;
    u.faults = []; u.bugs = [];
    if (src?.kind === 'scenario') { u.scenario = src.scenario; u.seed = src.seed; u.faults = src.faults; u.bugs = src.bugs; }
    if (src?.kind === 'url') u.trace = src.url;
    u.t = s.t / 1000;
    if (s.selectedNode !== null) u.node = s.selectedNode; else delete u.node;
    u.tab = this.app.get().tab;
    writeUrl(u);
  }
}
