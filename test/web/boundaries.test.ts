// The UI reads trace events only: no module of web/ but the worker imports the engine or
// the scenarios (DESIGN.md, "the trace is the contract"), and no module of web/ builds
// HTML from strings (innerHTML / outerHTML / insertAdjacentHTML), so trace text can never
// become markup.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const WEB = join(import.meta.dirname, '..', '..', 'web');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const IMPORTS_ENGINE = /^\s*(import|export)[^\n]*from\s+['"][./]*\/(engine|scenarios)\//m;

test('only web/worker.ts imports engine/ or scenarios/', () => {
  const importers = files(WEB).filter((f) => IMPORTS_ENGINE.test(readFileSync(f, 'utf8')));
  expect(importers.map((f) => relative(WEB, f))).toEqual(['worker.ts']);
});

test('web/ never writes HTML strings into the page', () => {
  const offenders = files(WEB).filter((f) => /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|\.html\(/.test(readFileSync(f, 'utf8')));
  expect(offenders.map((f) => relative(WEB, f))).toEqual([]);
});
