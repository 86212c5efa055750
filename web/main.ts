// The app's entry: reads the URL, starts the simulation worker, fetches the scenario list,
// and opens the page the URL asks for (gallery, explore or compare).
import './styles.css';
import { newAppStore } from './state/appState.ts';
import { readUrl, urlSearch } from './state/url.ts';
import { comparePage } from './pages/compare.ts';
import { explorePage } from './pages/explore.ts';
import { galleryPage } from './pages/gallery.ts';
import { WorkerClient } from './worker/client.ts';

async function main(): Promise<void> {
  const root = document.getElementById('app')!;
  const { state: url, error } = readUrl(location.search);
  // Start downloading a trace to replay before anything else.
  const traceFetch = url.page === 'explore' && url.trace ? fetch(url.trace) : undefined;
  traceFetch?.catch(() => {});
  const app = newAppStore();
  performance.mark('zksim:main');
  const worker = new WorkerClient();
  app.set({ scenarios: await worker.list(), ...(error ? { error } : {}) });
  if (url.page === 'gallery') {
    // Loading a file or running from the gallery switches to the Explore page.
    galleryPage(root, app,
      (f) => { root.replaceChildren(); explorePage(root, app, worker, { page: 'explore', faults: [] }, f); },
      (scenario, seed) => { location.search = urlSearch({ page: 'explore', scenario, seed, faults: [] }); });
    return;
  }
  if (url.page === 'compare') comparePage(root, app, worker, url);
  else explorePage(root, app, worker, url, undefined, traceFetch);
}

void main();
