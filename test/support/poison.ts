// Replaces the ambient sources of nondeterminism with throwing stubs while `fn` runs —
// only then: fast-check and vitest themselves read Date.now.
export function withPoisonedGlobals<T>(fn: () => T): T {
  const g = globalThis as Record<string, unknown>;
  const saved = {
    random: Math.random,
    now: Date.now,
    perfNow: performance.now,
    setTimeout: g.setTimeout,
    setInterval: g.setInterval,
  };
  const boom = (what: string) => () => {
    throw new Error(`nondeterminism: the engine called ${what}`);
  };
  Math.random = boom('Math.random');
  Date.now = boom('Date.now');
  performance.now = boom('performance.now');
  g.setTimeout = boom('setTimeout');
  g.setInterval = boom('setInterval');
  try {
    return fn();
  } finally {
    Math.random = saved.random;
    Date.now = saved.now;
    performance.now = saved.perfNow;
    g.setTimeout = saved.setTimeout;
    g.setInterval = saved.setInterval;
  }
}
