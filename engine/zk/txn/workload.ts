// A client-like write load: writes arrive at a mean rate, each at a server picked from a
// set, as `set` (or some `create`) of one of a few keys. Arrival gaps, targets, ops and keys
// come from the run's `workload` random stream only, so the load is the same whatever the
// network or the faults do. A write that reaches a server not serving (down, LOOKING,
// still syncing) is refused, as a ZooKeeper client would get ConnectionLoss.
import type { Kernel } from '../../kernel/kernel.ts';
import { assert } from '../../kernel/assert.ts';
import type { ClientSync, ClientWrite } from './types.ts';

export interface WorkloadSpec {
  /** Mean writes per second (gaps uniform in [0.5, 1.5] × the mean gap). */
  ratePerSec: number;
  /** Servers that receive writes (default: every server). */
  servers?: readonly number[];
  /** When writes start and stop (ms of virtual time; default 0 and forever). */
  fromMs?: number;
  untilMs?: number;
  /** Distinct keys written (default 16). */
  keys?: number;
  /** Percent of writes that are `create`, the rest `set` (default 0). */
  createPercent?: number;
  /** Percent of requests that are a client `sync` instead of a write (default 0). */
  syncPercent?: number;
}

/** What the workload needs of a server: try to submit a write or a sync. */
export interface WriteTarget {
  /** False when the server does not serve clients now. */
  submitWrite(req: ClientWrite): boolean;
  submitSync(req: ClientSync): boolean;
}

export const WORKLOAD_RATE_PER_SEC_MAX = 100_000;

export function validateWorkload(spec: WorkloadSpec): string | undefined {
  if (!(spec.ratePerSec > 0 && spec.ratePerSec <= WORKLOAD_RATE_PER_SEC_MAX)) return `workload.ratePerSec must be in (0, ${WORKLOAD_RATE_PER_SEC_MAX}]`;
  if (spec.keys !== undefined && !(Number.isInteger(spec.keys) && spec.keys >= 1)) return 'workload.keys must be a positive integer';
  if (spec.createPercent !== undefined && !(spec.createPercent >= 0 && spec.createPercent <= 100)) return 'workload.createPercent must be in [0, 100]';
  if (spec.syncPercent !== undefined && !(Number.isInteger(spec.syncPercent) && spec.syncPercent >= 0 && spec.syncPercent <= 100)) return 'workload.syncPercent must be an integer in [0, 100]';
  if (spec.servers !== undefined && spec.servers.length === 0) return 'workload.servers must not be empty';
  return undefined;
}

/**
 * Schedules the writes of `spec` on `kernel`. `servers` are all sids (used when the spec
 * names none); `target(sid)` is the live server or undefined when it is down.
 */
export function scheduleWorkload(kernel: Kernel, spec: WorkloadSpec, servers: readonly number[], target: (sid: number) => WriteTarget | undefined): void {
  const problem = validateWorkload(spec);
  assert(problem === undefined, problem ?? '');
  const rng = kernel.random.workload;
  const sids = spec.servers ?? servers;
  const meanGapUs = Math.max(1, Math.round(1_000_000 / spec.ratePerSec));
  const untilUs = spec.untilMs === undefined ? Infinity : spec.untilMs * 1000;
  const keys = spec.keys ?? 16;
  const createPercent = spec.createPercent ?? 0;
  const syncPercent = spec.syncPercent ?? 0;
  let seq = 0;
  const next = (): void => {
    const gap = rng.between(Math.floor(meanGapUs / 2), Math.floor((3 * meanGapUs) / 2));
    if (kernel.now + gap > untilUs) return;
    kernel.after(gap, fire);
  };
  const fire = (): void => {
    const sid = rng.pick(sids);
    seq++;
    // Drawn only when syncs are asked for, so a load without them draws what it always did.
    if (syncPercent > 0 && rng.chance(syncPercent, 100)) {
      target(sid)?.submitSync({ op: 'sync', id: seq });
    } else {
      const op = rng.chance(createPercent, 100) ? 'create' : 'set';
      const key = `k${rng.int(keys)}`;
      target(sid)?.submitWrite({ op, key, value: `v${seq}` });
    }
    next();
  };
  kernel.at(Math.max(kernel.now, (spec.fromMs ?? 0) * 1000), next);
}
