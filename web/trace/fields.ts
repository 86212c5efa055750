// Defensive readers for loose trace-event fields. A trace that passed the reader has the
// documented shapes, but the UI also renders traces still being validated, so every read
// falls back instead of throwing.
import type { RecvEntry, TraceEvent, VoteTriple } from './types.ts';

export function num(ev: TraceEvent | Record<string, unknown>, key: string, fallback = NaN): number {
  const v = ev[key];
  return typeof v === 'number' ? v : fallback;
}

export function str(ev: TraceEvent | Record<string, unknown>, key: string, fallback = ''): string {
  const v = ev[key];
  return typeof v === 'string' ? v : fallback;
}

export function obj(ev: TraceEvent | Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = ev[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function nums(ev: TraceEvent | Record<string, unknown>, key: string): number[] {
  const v = ev[key];
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
}

export function vote(v: unknown): VoteTriple | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.leader !== 'number' || typeof o.zxid !== 'number') return undefined;
  return { leader: o.leader, zxid: o.zxid, peerEpoch: typeof o.peerEpoch === 'number' ? o.peerEpoch : -1 };
}

export function entries(v: unknown): RecvEntry[] {
  if (!Array.isArray(v)) return [];
  const out: RecvEntry[] = [];
  for (const x of v) {
    const tv = vote(x);
    if (!tv || typeof (x as Record<string, unknown>).sid !== 'number') continue;
    const o = x as Record<string, unknown>;
    out.push({
      ...tv, sid: o.sid as number,
      electionEpoch: typeof o.electionEpoch === 'number' ? o.electionEpoch : -1,
      ...(typeof o.state === 'string' ? { state: o.state } : {}),
    });
  }
  return out;
}
