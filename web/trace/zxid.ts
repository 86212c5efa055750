// zxid formatting for the UI: a zxid is epoch (high 32 bits) * 2^32 + counter, carried in
// traces as a JS number. Shown the way ZooKeeper logs it (0x100000012) and as epoch:counter
// (1:18). Java's Long.MIN_VALUE (observers' votes) arrives as -(2^53-1) and prints as MIN.
const TWO_32 = 0x1_0000_0000;
const LONG_MIN = Number.MIN_SAFE_INTEGER;

export function zxidHex(z: number): string {
  if (z === LONG_MIN) return 'MIN';
  if (z < 0) return `-0x${(-z).toString(16)}`;
  return `0x${z.toString(16)}`;
}

export function zxidEpoch(z: number): number {
  return z < 0 ? -1 : Math.floor(z / TWO_32);
}

export function zxidCounter(z: number): number {
  return z < 0 ? -1 : z % TWO_32;
}

export function zxidPair(z: number): string {
  if (z === LONG_MIN) return 'MIN';
  return z < 0 ? String(z) : `${zxidEpoch(z)}:${zxidCounter(z)}`;
}

/** "0x100000012 (1:18)". */
export function zxidBoth(z: number): string {
  return `${zxidHex(z)} (${zxidPair(z)})`;
}
