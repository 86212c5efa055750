// What the address bar says, so a link reopens the same view of the same run:
// ?scenario=startup-3&seed=1&bugs=sync-1154&faults=[...]&t=120.5 (t in ms), or
// ?trace=<url>, plus the page (gallery | explore | compare), the selected server and the
// side panel's tab. Faults are the CLI's --faults JSON (`at` in ms); bugs are the CLI's
// --bug flags, comma-separated. Reading is lenient: a bad `faults` value, or a bug flag the
// engine does not know (checked against the worker's catalogue, checkBugFlags), becomes an
// error message shown to the user, not an exception.
import type { FaultInput } from '../trace/types.ts';

export type Page = 'gallery' | 'explore' | 'compare';

export interface UrlState {
  page: Page;
  scenario?: string;
  seed?: string;
  faults: FaultInput[];
  /** Historical bug flags to re-introduce (`zksim run --bug`), as the URL lists them. */
  bugs: string[];
  /** Current time in ms. */
  t?: number;
  trace?: string;
  node?: number;
  tab?: string;
  preset?: string;
}

export function readUrl(search: string): { state: UrlState; error?: string } {
  const q = new URLSearchParams(search);
  const state: UrlState = { page: 'gallery', faults: [], bugs: [] };
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
  state.bugs = [...new Set(q.getAll('bugs').flatMap((v) => v.split(',')).map((f) => f.trim()).filter((f) => f !== ''))];
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
  if (s.scenario && s.bugs.length) q.set('bugs', s.bugs.join(','));
  if (s.faults.length) q.set('faults', JSON.stringify(s.faults));
  if (s.t !== undefined) q.set('t', String(Math.round(s.t * 1000) / 1000));
  if (s.node !== undefined) q.set('node', String(s.node));
  if (s.tab) q.set('tab', s.tab);
  if (s.preset) q.set('preset', s.preset);
  if (s.page === 'explore' && !s.scenario && !s.trace) q.set('page', 'explore');
  // Flags are [a-z0-9-]: keep their commas readable (URLSearchParams writes %2C).
  const str = q.toString().replace(/(^|&)bugs=([^&]*)/, (_m, pre: string, v: string) => `${pre}bugs=${v.replace(/%2C/gi, ',')}`);
  return str ? `?${str}` : '';
}

/**
 * Splits the URL's bug flags into those the engine knows (`known`, the worker's catalogue)
 * and an error naming the others and listing the valid ones. An empty catalogue (the
 * worker did not answer) checks nothing: the worker rejects unknown flags itself.
 */
export function checkBugFlags(bugs: readonly string[], known: readonly string[]): { bugs: string[]; error?: string } {
  if (known.length === 0) return { bugs: [...bugs] };
  const bad = bugs.filter((f) => !known.includes(f));
  const ok = bugs.filter((f) => known.includes(f));
  if (bad.length === 0) return { bugs: ok };
  const names = bad.map((f) => `"${f}"`).join(', ');
  const error = `The URL asks for ${bad.length > 1 ? 'unknown bug flags' : 'an unknown bug flag'} ${names}, left out of the run. ` +
    `The flags are: ${known.join(', ')}.`;
  return { bugs: ok, error };
}

/** Replaces the address (no history entry per scrub frame). */
export function writeUrl(s: UrlState): void {
  const search = urlSearch(s);
  if (search !== location.search) history.replaceState(null, '', `${location.pathname}${search}`);
}
