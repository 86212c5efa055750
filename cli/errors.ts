// Bad input on the command line exits with status 2 and a message that names the problem.

export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_USAGE = 2;

export function fail(message: string): never {
  throw new UsageError(message);
}

/** Why a file could not be opened, in words: "it is a directory", not "EISDIR: illegal operation…". */
export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EISDIR': return 'it is a directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ENOTDIR': return 'a part of the path is not a directory';
    default: return e instanceof Error ? e.message : String(e);
  }
}
