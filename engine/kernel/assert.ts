// Assertions for engine invariants. A failed assertion is a bug in zksim (or in the
// protocol re-implementation) and stops the run; protocol outcomes are values, not throws.

export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new AssertionError(msg);
}

export function unreachable(x: never): never {
  throw new AssertionError(`unreachable: ${JSON.stringify(x)}`);
}

/** Throws an AssertionError; for hot paths, where `assert`'s message would be built on every call. */
export function fail(msg: string): never {
  throw new AssertionError(msg);
}
