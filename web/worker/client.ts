// The page's side of the worker protocol: one module worker, requests answered in order by
// id as promises. A worker failure rejects every pending request with its message. The
// worker starts on the first request (its bundle holds the engine and every scenario), so a
// page that replays a trace can draw it before paying for the worker's start-up.
import type { BugInfo, ScenarioInfo, WorkerRequest, WorkerResponse } from './protocol.ts';

type Pending = (r: WorkerResponse) => void;
type Omit1<T> = T extends unknown ? Omit<T, 'id'> : never;

export class WorkerClient {
  private w: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private get worker(): Worker {
    return (this.w ??= this.start());
  }

  private start(): Worker {
    const worker = new Worker(new URL('../worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (m: MessageEvent<WorkerResponse>) => {
      const p = this.pending.get(m.data.id);
      this.pending.delete(m.data.id);
      p?.(m.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      for (const [id, p] of this.pending) p({ id, kind: 'crash', message: e.message || 'the simulation worker failed' });
      this.pending.clear();
    };
    return worker;
  }

  request(req: Omit1<WorkerRequest>): Promise<WorkerResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...req, id } as WorkerRequest);
    });
  }

  /** The scenarios and the catalogue of historical bugs (both empty if the worker failed). */
  async list(): Promise<{ scenarios: ScenarioInfo[]; bugs: BugInfo[] }> {
    const r = await this.request({ kind: 'list' });
    return r.kind === 'list' ? { scenarios: r.scenarios, bugs: r.bugs } : { scenarios: [], bugs: [] };
  }
}
