// Parsing and checking of CLI option values (seeds, durations, fault schedules).
import { existsSync, readFileSync } from 'node:fs';
import { parseDuration } from '../engine/kernel/time.ts';
import { parseFaultSchedule, type FaultEntry } from '../engine/faults/schedule.ts';
import { fail } from './errors.ts';

export function parseSeed(text: string): string {
  if (!/^\d+$/.test(text)) fail(`bad --seed "${text}": expected a non-negative integer`);
  if (!Number.isSafeInteger(Number(text))) fail(`bad --seed "${text}": too large (at most ${Number.MAX_SAFE_INTEGER})`);
  return String(Number(text));
}

export function parseUntil(text: string): number {
  const us = parseDuration(text);
  if (typeof us === 'string') fail(`bad --until: ${us}`);
  if (us <= 0) fail(`bad --until "${text}": must be greater than 0`);
  return us;
}

/** `--faults` takes JSON (a list of {at, fault}) or the path of a JSON file holding one. */
export function parseFaultsOption(text: string, nodes: readonly number[]): FaultEntry[] {
  let raw: unknown;
  const source = text.trim().startsWith('[') ? text : existsSync(text) ? readFileSync(text, 'utf8') : undefined;
  if (source === undefined) fail(`bad --faults: "${text}" is neither a JSON list nor a file`);
  try {
    raw = JSON.parse(source);
  } catch (e) {
    fail(`bad --faults: not valid JSON: ${(e as Error).message}`);
  }
  const r = parseFaultSchedule(raw, nodes);
  if (!r.ok) fail(`bad --faults:\n  ${r.errors.join('\n  ')}`);
  return r.schedule;
}
