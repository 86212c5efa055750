// What the checkers (engine/check/) said about a live run, read from the engine's summary:
// its `violations` are lines "4004.1 ms Agreement: server 3's state … differs …". Parsed
// into time, checker and message so the page can count them by checker and jump to each.
// A summary without the field (kernel demos, traces loaded from files) has no verdict.

export interface Violation {
  /** When the checker saw it (ms), if the line says. */
  atMs: number | null;
  checker: string;
  message: string;
}

export interface CheckVerdict {
  violations: Violation[];
  /** [checker, count], most frequent first. */
  byChecker: [string, number][];
}

const LINE = /^(\d+(?:\.\d+)?) ms ([A-Za-z][\w-]*): ([\s\S]*)$/;

export function parseViolation(line: string): Violation {
  const m = LINE.exec(line);
  return m ? { atMs: Number(m[1]), checker: m[2]!, message: m[3]! } : { atMs: null, checker: 'check', message: line };
}

export function checkVerdict(summary: Record<string, unknown> | null): CheckVerdict | null {
  const v = summary?.violations;
  if (!Array.isArray(v)) return null;
  const violations = v.map((x) => parseViolation(String(x)));
  const counts = new Map<string, number>();
  for (const x of violations) counts.set(x.checker, (counts.get(x.checker) ?? 0) + 1);
  const byChecker = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { violations, byChecker };
}
