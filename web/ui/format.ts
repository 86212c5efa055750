// How times and numbers read in the UI: virtual time is µs in traces, shown in ms with
// enough digits to tell events apart, or in s for long spans.
export function fmtTime(us: number): string {
  if (!Number.isFinite(us)) return '—';
  const ms = us / 1000;
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(3)} s`;
  return `${ms.toFixed(3)} ms`;
}

/** Short axis labels. */
export function fmtTick(us: number): string {
  const ms = us / 1000;
  if (ms >= 1000) return `${+(ms / 1000).toFixed(3)} s`;
  return `${+ms.toFixed(3)} ms`;
}

export function fmtSpeed(speed: number): string {
  const perS = speed * 1000;
  const rate = perS >= 1000 ? `${+(perS / 1000).toPrecision(2)} s` : `${+perS.toPrecision(2)} ms`;
  return `×${+speed.toPrecision(2)} (${rate} per second)`;
}
