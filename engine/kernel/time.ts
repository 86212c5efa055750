// Virtual time is an integer number of microseconds. These helpers convert the units
// people write (ms, s, "1.5s") into it; nothing here reads a real clock.

export type Micros = number;

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;

export const ms = (n: number): Micros => Math.round(n * US_PER_MS);
export const s = (n: number): Micros => Math.round(n * US_PER_S);

const DURATION = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)?$/;
const UNIT_US: Record<string, number> = { us: 1, ms: US_PER_MS, s: US_PER_S, m: 60 * US_PER_S, h: 3600 * US_PER_S };

/** Parses "250ms", "1.5s", "2m", "30" (seconds) into microseconds; returns an error string on bad input. */
export function parseDuration(text: string): Micros | string {
  const m = DURATION.exec(text.trim());
  if (!m) return `not a duration: "${text}" (expected e.g. 500ms, 60s, 2m)`;
  const unit = UNIT_US[m[2] ?? 's']!;
  const value = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(value)) return `duration too large: "${text}"`;
  return value;
}

export function formatMicros(us: Micros): string {
  if (us % US_PER_S === 0) return `${us / US_PER_S}s`;
  if (us % US_PER_MS === 0) return `${us / US_PER_MS}ms`;
  return `${us}us`;
}
