// Replaces the ambient sources of nondeterminism with throwing stubs while `fn` runs —
// only then: fast-check and vitest themselves read Date.now.
export function withPoisonedGlobals<T>(fn: () => T): T {
  const g = globalThis as Record<string, unknown>;
  const saved = {
    random: Math.random,
    Date: g.Date as DateConstructor,
    perfNow: performance.now,
    setTimeout: g.setTimeout,
    setInterval: g.setInterval,
  };
  const boom = (what: string) => () => {
    throw new Error(`nondeterminism: the engine called ${what}`);
  };
  Math.random = boom('Math.random');
  // `new Date()`, `Date()` and `Date.now()` all throw; other statics (Date.UTC) still work.
  g.Date = new Proxy(saved.Date, {
    construct: boom('new Date'),
    apply: boom('Date()'),
    get: (target, key, receiver) => (key === 'now' ? boom('Date.now') : Reflect.get(target, key, receiver)),
  });
  performance.now = boom('performance.now');
  g.setTimeout = boom('setTimeout');
  g.setInterval = boom('setInterval');
  try {
    return fn();
  } finally {
    Math.random = saved.random;
    g.Date = saved.Date;
    performance.now = saved.perfNow;
    g.setTimeout = saved.setTimeout;
    g.setInterval = saved.setInterval;
  }
}
