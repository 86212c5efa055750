// The state of one run being viewed: its index, the current position (time t in µs and
// `cursor`, the last event applied — both, because many events share a time and stepping
// goes event by event), and the selections every view shares. The compare page holds two
// of these, moved in lockstep by time.
import { cursorAt, type TraceIndex } from '../trace/index.ts';
import { HIDDEN_BY_DEFAULT } from '../trace/families.ts';
import { Store } from './store.ts';

export interface RunState {
  ix: TraceIndex | null;
  t: number;
  cursor: number;
  selectedNode: number | null;
  /** A message row of ix.messages, selected in any view. */
  selectedMsg: number | null;
  /** Message types hidden in the space-time diagram and the cluster. */
  hiddenTypes: ReadonlySet<string>;
  /** Servers picked to form one side of a partition. */
  picked: ReadonlySet<number>;
}

export type RunStore = Store<RunState>;

export function newRunStore(): RunStore {
  return new Store<RunState>({
    ix: null, t: 0, cursor: -1, selectedNode: null, selectedMsg: null, hiddenTypes: new Set(HIDDEN_BY_DEFAULT), picked: new Set(),
  });
}

export function setTime(store: RunStore, t: number): void {
  const ix = store.get().ix;
  if (!ix) return;
  const tt = Math.max(0, Math.min(ix.endT, t));
  store.set({ t: tt, cursor: cursorAt(ix, tt) });
}

export function setCursor(store: RunStore, i: number): void {
  const ix = store.get().ix;
  if (!ix || ix.events.length === 0) return;
  const c = Math.max(0, Math.min(ix.events.length - 1, i));
  store.set({ cursor: c, t: ix.times[c]! });
}

/** One event forward or back. */
export function stepEvent(store: RunStore, dir: 1 | -1): void {
  setCursor(store, store.get().cursor + dir);
}

/** To the next (or previous) change of any server's state. */
export function jumpStateChange(store: RunStore, dir: 1 | -1): void {
  const { ix, cursor } = store.get();
  if (!ix) return;
  const i = dir > 0 ? ix.states.nextChange(cursor) : ix.states.prevChange(cursor);
  if (i >= 0) setCursor(store, i);
}

/** To the next (or previous) captioned moment. */
export function jumpMoment(store: RunStore, dir: 1 | -1): void {
  const { ix, cursor } = store.get();
  if (!ix) return;
  const k = currentMoment(ix, cursor);
  const m = ix.moments[k + dir];
  if (m) setCursor(store, m.idx);
}

/** The index (in ix.moments) of the moment shown at `cursor`: the last at or before it, or -1. */
export function currentMoment(ix: TraceIndex, cursor: number): number {
  let k = -1;
  for (let i = 0; i < ix.moments.length && ix.moments[i]!.idx <= cursor; i++) k = i;
  return k;
}
