// Bad input on the command line exits with status 2 and a message that names the problem.

export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_USAGE = 2;

export function fail(message: string): never {
  throw new UsageError(message);
}
