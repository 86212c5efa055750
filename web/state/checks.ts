// What the checkers (engine/check/) found in a live run, as the worker reports it: counted
// by checker for the bug strip, which lists them and links each to its moment.
import type { CheckViolation } from '../worker/protocol.ts';

export interface CheckVerdict {
  violations: readonly CheckViolation[];
  /** [checker, count], most frequent first. */
  byChecker: [string, number][];
}

/** null when nothing was checked. */
export function checkVerdict(violations: readonly CheckViolation[] | null): CheckVerdict | null {
  if (!violations) return null;
  const counts = new Map<string, number>();
  for (const x of violations) counts.set(x.checker, (counts.get(x.checker) ?? 0) + 1);
  const byChecker = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { violations, byChecker };
}
