// What the page as a whole is showing: where the run came from (scenario + seed + extra
// faults + bug flags, or a trace file/URL), its hash and whether the worker has validated
// it, the historical bugs it re-introduces (from its trace header, so a loaded trace says
// so too), the engine's summary for live runs, the scenario list and bug catalogue, and
// any error to show. One per page;
// the runs' positions live in their own stores (runState.ts).
import type { BugInfo, CheckViolation, ScenarioInfo } from '../worker/protocol.ts';
import type { RunSource } from '../trace/types.ts';
import { Store } from './store.ts';

export type Validation = 'none' | 'pending' | 'valid' | 'live' | 'invalid';

export interface AppState {
  source: RunSource | null;
  hash: string;
  validation: Validation;
  /** A message for the user (bad trace, bad faults, worker failure); null when all is well. */
  error: string | null;
  /** What is running right now ("Running startup-3…"), or null. */
  busy: string | null;
  summary: Record<string, unknown> | null;
  /** What the checkers found in a live run; null when nothing was checked (a loaded trace, the demo). */
  violations: CheckViolation[] | null;
  /** Bug flags in effect in the run shown (its trace header's config.bugs); empty: faithful. */
  bugs: readonly string[];
  scenarios: ScenarioInfo[];
  /** Every historical bug the engine can re-introduce (from the worker's list). */
  bugCatalogue: BugInfo[];
  tab: string;
}

export type AppStore = Store<AppState>;

export function newAppStore(): AppStore {
  return new Store<AppState>({
    source: null, hash: '', validation: 'none', error: null, busy: null, summary: null, violations: null, bugs: [], scenarios: [], bugCatalogue: [], tab: 'votes',
  });
}
