// The Faults panel: the run's extra fault schedule (each entry removable), the actions that
// append to it at the current time — partition the picked servers from the rest, isolate,
// heal, message loss and latency sliders — the historical bugs to re-introduce (one checkbox
// per flag, the scenario's own first; the run restarts with the same seed, faults and time)
// and the run as something to keep: a `zksim run` command and a vitest test, copied to the
// clipboard and shown for manual copying.
import type { AppState } from '../state/appState.ts';
import type { RunState } from '../state/runState.ts';
import { cliCommand, removeFault, vitestTest } from '../state/schedule.ts';
import type { FaultInput } from '../trace/types.ts';
import { fill, h, setText } from '../ui/dom.ts';
import { fmtTime } from '../ui/format.ts';
import type { View, ViewContext } from './view.ts';

function faultText(f: FaultInput['fault']): string {
  const { kind, ...rest } = f;
  const args = Object.entries(rest).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ');
  return args ? `${kind} (${args})` : kind;
}

export class FaultsView implements View {
  readonly el = h('section', { class: 'faults' });
  private readonly list = h('ol', { class: 'fault-list', 'data-testid': 'fault-list' });
  private readonly own = h('div', { class: 'muted' });
  private readonly pickedLabel = h('span');
  private readonly loss = h('input', { type: 'range', min: 0, max: 50, value: 0, 'aria-label': 'Message loss %', 'data-testid': 'loss' });
  private readonly lossLabel = h('span', {}, '0 %');
  private readonly latency = h('input', { type: 'range', min: 0, max: 500, step: 10, value: 0, 'aria-label': 'Extra latency ms', 'data-testid': 'latency' });
  private readonly latencyLabel = h('span', {}, '0 ms');
  private readonly out = h('pre', { class: 'copy-out', 'data-testid': 'copy-out' });
  private readonly note = h('div', { class: 'copy-note', role: 'status' });
  private readonly editable = h('div', { class: 'fault-actions' });
  private readonly bugFlags = h('ul', { class: 'bug-flags', 'data-testid': 'bug-flags' });

  constructor(private readonly ctx: ViewContext) {
    const a = ctx.actions;
    const btn = (label: string, testid: string, fn: () => void) => h('button', { type: 'button', 'data-testid': testid, onclick: fn }, label);
    this.loss.addEventListener('input', () => setText(this.lossLabel, `${this.loss.value} %`));
    this.loss.addEventListener('change', () => a.addFault({ kind: 'loss', probability: Number(this.loss.value) / 100 }));
    this.latency.addEventListener('input', () => setText(this.latencyLabel, `${this.latency.value} ms`));
    this.latency.addEventListener('change', () => {
      const s = ctx.run.get();
      const durationMs = Math.max(1, Math.round(((s.ix?.endT ?? 0) - s.t) / 1000));
      a.addFault({ kind: 'spike', durationMs, extraMs: Number(this.latency.value) });
    });
    fill(this.editable,
      h('div', { class: 'row' }, 'Picked: ', this.pickedLabel, ' (click servers in the Cluster, then “Pick”)'),
      h('div', { class: 'row' },
        btn('Partition picked | rest', 'partition', () => this.partition()),
        btn('Isolate selected server', 'isolate', () => { const n = ctx.run.get().selectedNode; if (n !== null) a.addFault({ kind: 'isolate', node: n }); }),
        btn('Heal', 'heal', () => a.addFault({ kind: 'heal' }))),
      h('label', { class: 'row' }, 'Loss ', this.loss, this.lossLabel),
      h('label', { class: 'row' }, 'Latency +', this.latency, this.latencyLabel),
    );
    this.el.append(
      h('h3', {}, 'Add a fault at the current time'), this.editable,
      h('h3', {}, 'Extra faults of this run'), this.list, this.own,
      h('h3', {}, 'Historical bugs'),
      h('div', { class: 'muted' }, 'Re-introduce a bug ZooKeeper has fixed (hover for what goes wrong): the run restarts with the same seed, faults and time, and the checkers report what breaks.'),
      this.bugFlags,
      h('h3', {}, 'Keep this run'),
      h('div', { class: 'row' }, btn('Copy zksim command', 'copy-cli', () => this.copy('cli')), btn('Copy vitest test', 'copy-test', () => this.copy('test'))),
      this.note, this.out);
    ctx.app.subscribe((s) => this.refresh(s));
    this.refresh(ctx.app.get());
  }

  update(s: Readonly<RunState>, changed: ReadonlySet<keyof RunState>): void {
    if (changed.has('picked') || changed.has('ix')) setText(this.pickedLabel, s.picked.size ? `{${[...s.picked].sort((x, y) => x - y).join(', ')}}` : 'none');
    if (changed.has('ix')) this.refresh(this.ctx.app.get());
  }

  private partition(): void {
    const s = this.ctx.run.get();
    if (!s.ix || s.picked.size === 0) { setText(this.note, 'Pick one or more servers first (click a server, then “Pick for a partition side”).'); return; }
    const side = [...s.picked].sort((x, y) => x - y);
    const rest = s.ix.nodes.filter((n) => !s.picked.has(n));
    if (rest.length === 0) { setText(this.note, 'A partition needs servers on both sides.'); return; }
    this.ctx.actions.addFault({ kind: 'partition', groups: [side, rest] });
    this.ctx.run.set({ picked: new Set() });
  }

  private refresh(app: Readonly<AppState>): void {
    const src = app.source;
    const edit = this.ctx.actions.canEdit();
    this.editable.classList.toggle('disabled', !edit);
    for (const el of this.editable.querySelectorAll('button, input')) (el as HTMLInputElement).disabled = !edit;
    const faults = src?.kind === 'scenario' ? src.faults : [];
    fill(this.list, ...faults.map((f, i) => h('li', {},
      h('span', { class: 'fault-at' }, fmtTime(f.at * 1000)), ` ${faultText(f.fault)} `,
      h('button', { type: 'button', class: 'x', title: 'Remove', 'aria-label': 'Remove', onclick: () => this.ctx.actions.setFaults(removeFault(faults, i)) }, '✕'))));
    if (!faults.length) this.list.append(h('li', { class: 'muted' }, edit ? 'None yet.' : 'A trace file cannot take faults; run a scenario live.'));
    const scenarioFaults = this.ctx.run.get().ix?.header.config.faults;
    setText(this.own, Array.isArray(scenarioFaults) && scenarioFaults.length ? `The scenario itself also schedules ${scenarioFaults.length} fault(s) (see the trace header).` : '');
    this.refreshBugs(app);
  }

  /** One checkbox per flag, the scenario's own first; only a live ZooKeeper run can take them. */
  private refreshBugs(app: Readonly<AppState>): void {
    const ix = this.ctx.run.get().ix;
    const scenario = ix?.header.scenario;
    const on = this.ctx.actions.canEdit() && ix?.ensemble.zookeeper === true;
    const flags = [...app.bugCatalogue].sort((a, b) => Number(b.scenario === scenario) - Number(a.scenario === scenario));
    this.bugFlags.classList.toggle('disabled', !on);
    fill(this.bugFlags, ...flags.map((b) => {
      const box = h('input', { type: 'checkbox', 'data-flag': b.flag, checked: app.bugs.includes(b.flag), disabled: !on });
      box.addEventListener('change', () => this.ctx.actions.setBugs(box.checked ? [...app.bugs, b.flag] : app.bugs.filter((f) => f !== b.flag)));
      const own = b.scenario === scenario;
      return h('li', { class: own ? 'own' : '', title: b.description },
        h('label', {}, box, h('span', { class: 'mono' }, b.flag), h('span', { class: 'muted' }, b.jira),
          own ? h('span', { class: 'own-note' }, 'this scenario’s bug') : null));
    }));
    if (!flags.length) this.bugFlags.append(h('li', { class: 'muted' }, 'The bug catalogue is not loaded.'));
    else if (!on) this.bugFlags.append(h('li', { class: 'muted' }, ix && !ix.ensemble.zookeeper ? 'This run is not a ZooKeeper ensemble.' : 'Only a scenario run live can take bug flags.'));
  }

  private copy(what: 'cli' | 'test'): void {
    const app = this.ctx.app.get();
    const src = app.source;
    if (src?.kind !== 'scenario') { setText(this.note, 'Only a scenario run can be copied as a command.'); return; }
    const text = what === 'cli' ? cliCommand(src) : vitestTest(src, app.hash, app.summary ?? {});
    setText(this.out, text);
    const done = () => setText(this.note, what === 'cli' ? 'Command copied to the clipboard.' : 'Test copied to the clipboard.');
    const failed = () => setText(this.note, 'The clipboard is not available here: copy the text below.');
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, failed);
    else failed();
  }
}
