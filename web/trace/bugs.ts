// The historical bugs a run re-introduces, as its trace header says (config.bugs, written by
// the ZooKeeper scenarios when a --bug flag is on): a live run and a trace file recorded with
// `zksim run --bug` read the same way. Read defensively: anything but a list of strings is
// "no bugs".
import type { TraceHeader } from './types.ts';

export function headerBugs(header: TraceHeader): string[] {
  const v = header.config.bugs;
  return Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string') : [];
}
