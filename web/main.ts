// The app's entry: reads the URL, starts the simulation worker, fetches the scenario list,
// and opens the page the URL asks for (gallery, explore or compare). A trace to replay
// (?trace=) does not wait for the scenario list: the worker (bundle, engine, scenarios)
// starts once the trace is on screen, to validate it (app/session.ts), and the list fills
// in after that (or after a failed load).
import './styles.css';
import { newAppStore } from './state/appState.ts';
import { readUrl, urlSearch } from './state/url.ts';
import { comparePage } from './pages/compare.ts';
import { explorePage } from './pages/explore.ts';
import { galleryPage } from './pages/gallery.ts';
import { WorkerClient } from './worker/client.ts';

declare global {
  interface Window { __zksimTrace?: { url: string; res: Promise<Response> } }
}

async function main(): Promise<void> {
  const root = document.getElementById('app')!;
  const { state: url, error } = readUrl(location.search);
  // The download of a trace to replay: begun by index.html before this code loaded, else now.
  const early = window.__zksimTrace;
  delete window.__zksimTrace;
  const traceFetch = url.page === 'explore' && url.trace ? (early?.url === url.trace ? early.res : fetch(url.trace)) : undefined;
  traceFetch?.catch(() => {});
  const app = newAppStore();
  performance.mark('zksim:main');
  const worker = new WorkerClient();
  if (error) app.set({ error });
  const list = () => worker.list().then(({ scenarios, bugs }) => app.set({ scenarios, bugCatalogue: bugs }));
  if (traceFetch) {
    explorePage(root, app, worker, url, undefined, traceFetch);
    const off = app.subscribe((s) => {
      if (s.busy !== null || (s.validation === 'pending' && s.error === null)) return;
      off();
      void list();
    });
    return;
  }
  await list();
  if (url.page === 'gallery') {
    // Loading a file or running from the gallery switches to the Explore page.
    galleryPage(root, app,
      (f) => { root.replaceChildren(); explorePage(root, app, worker, { page: 'explore', faults: [], bugs: [] }, f); },
      (scenario, seed) => { location.search = urlSearch({ page: 'explore', scenario, seed, faults: [], bugs: [] }); });
    return;
  }
  if (url.page === 'compare') comparePage(root, app, worker, url);
  else explorePage(root, app, worker, url, undefined, traceFetch);
}

void main();
