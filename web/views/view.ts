// The frame every view plugs into. A view owns one element, gets the run's state and the
// keys that changed, and redraws only what depends on them. Views that are tabs of the
// side panel are listed in panels.ts; later views (ZAB log, data tree, sessions, watches)
// are added there and get the same context.
import type { AppStore } from '../state/appState.ts';
import type { RunState, RunStore } from '../state/runState.ts';
import type { FaultInput } from '../trace/types.ts';

export interface View {
  readonly el: HTMLElement;
  update(s: Readonly<RunState>, changed: ReadonlySet<keyof RunState>): void;
  /** Called when the view's box may have changed size or it became visible. */
  resize?(): void;
}

/** What views may ask of the page that hosts them. */
export interface Actions {
  /** Whether the run can take new faults (live scenario runs; not loaded trace files). */
  canEdit(): boolean;
  /** Appends a fault at the current time and reruns. */
  addFault(fault: FaultInput['fault']): void;
  /** Replaces the extra fault schedule (e.g. removes an entry) and reruns. */
  setFaults(faults: FaultInput[]): void;
  /** Reruns with these historical bug flags on (none: faithful ZooKeeper). */
  setBugs(bugs: string[]): void;
  /** Shows a side-panel tab (e.g. 'votes'). */
  showTab(id: string): void;
}

export interface ViewContext {
  run: RunStore;
  app: AppStore;
  actions: Actions;
}

export interface PanelSpec {
  id: string;
  title: string;
  create(ctx: ViewContext): View;
}

/** Subscribes a view to a run store and gives it the current state at once. */
export function bind(view: View, run: RunStore): () => void {
  const all = new Set(Object.keys(run.get()) as (keyof RunState)[]);
  view.update(run.get(), all);
  return run.subscribe((s, changed) => view.update(s, changed));
}
