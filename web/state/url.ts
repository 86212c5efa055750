// What the address bar says, so a link reopens the same view of the same run:
// ?scenario=startup-3&seed=1&faults=[...]&t=120.5 (t in ms), or ?trace=<url>, plus the
// page (gallery | explore | compare), the selected server and the side panel's tab.
// Faults are the CLI's --faults JSON (`at` in ms). Reading is lenient: a bad `faults`
// value becomes an error message shown to the user, not an exception.
import type { FaultInput } from '../trace/types.ts';

export type Page = 'gallery' | 'explore' | 'compare';

export interface UrlState {
  page: Page;
  scenario?: string;
  seed?: string;
  faults: FaultInput[];
  /** Current time in ms. */
  t?: number;
  trace?: string;
  node?: number;
  tab?: string;
  preset?: string;
}

export function readUrl(search: string): { state: UrlState; error?: string } {
  const q = new URLSearchParams(search);
  const state: UrlState = { page: 'gallery', faults: [] };
  let error: string | undefined;
  const scenario = q.get('scenario'), trace = q.get('trace'), page = q.get('page');
  if (scenario) state.scenario = scenario;
  if (trace) state.trace = trace;
  if (page === 'compare') state.page = 'compare';
  else if (page === 'explore' || scenario || trace) state.page = 'explore';
  state.seed = q.get('seed') ?? '1';
  const faults = q.get('faults');
  if (faults) {
    try {
      const v = JSON.parse(faults) as unknown;
      if (!Array.isArray(v)) throw new Error('expected a list of {at, fault} entries');
      state.faults = v as FaultInput[];
    } catch (err) {
      error = `the URL's faults are not valid JSON: ${(err as Error).message}`;
    }
  }
  const t = Number(q.get('t'));
  if (q.has('t') && Number.isFinite(t) && t >= 0) state.t = t;
  const node = Number(q.get('node'));
  if (q.has('node') && Number.isInteger(node)) state.node = node;
  const tab = q.get('tab');
  if (tab) state.tab = tab;
  const preset = q.get('preset');
  if (preset) state.preset = preset;
  return error ? { state, error } : { state };
}

export function urlSearch(s: UrlState): string {
  const q = new URLSearchParams();
  if (s.page === 'compare') q.set('page', 'compare');
  if (s.scenario) q.set('scenario', s.scenario);
  if (s.trace) q.set('trace', s.trace);
  if (s.scenario && s.seed !== undefined) q.set('seed', s.seed);
  if (s.faults.length) q.set('faults', JSON.stringify(s.faults));
  if (s.t !== undefined) q.set('t', String(Math.round(s.t * 1000) / 1000));
  if (s.node !== undefined) q.set('node', String(s.node));
  if (s.tab) q.set('tab', s.tab);
  if (s.preset) q.set('preset', s.preset);
  if (s.page === 'explore' && !s.scenario && !s.trace) q.set('page', 'explore');
  const str = q.toString();
  return str ? `?${str}` : '';
}

/** Replaces the address (no history entry per scrub frame). */
export function writeUrl(s: UrlState): void {
  const search = urlSearch(s);
  if (search !== location.search) history.replaceState(null, '', `${location.pathname}${search}`);
}
