// engine/ must be deterministic and portable. Two independent guards: a textual scan of
// every engine file, and ESLint run on probe code placed under engine/ (so the lint
// override cannot be switched off quietly).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function engineFiles(dir = join(ROOT, 'engine')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? engineFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const BANNED: [RegExp, string][] = [
  [/\bMath\.random\b/, 'Math.random'],
  [/\bDate\.now\b|\bnew Date\b|\bDate\(/, 'Date'],
  [/(?<![./\w])performance\.\w/, 'performance'],
  [/\bset(Timeout|Interval|Immediate)\s*\(/, 'host timers'],
  [/(?<![./\w])process\.\w/, 'process'],
  [/from\s+['"]node:/, 'node:* imports'],
  [/\brequire\s*\(/, 'require'],
  [/(?<![./\w])crypto\.\w/, 'crypto'],
  [/^(let|var)\s/m, 'module-level mutable state'],
  [/from\s+['"][./]*\/(cli|web|test)\//, 'imports from cli/web/test'],
];

/** Drops comments so prose may mention the banned names. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('engine ban list', () => {
  const files = engineFiles();

  it('finds the engine files', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    it(`${relative(ROOT, file)} uses nothing banned`, () => {
      const text = code(readFileSync(file, 'utf8'));
      const found = BANNED.filter(([re]) => re.test(text)).map(([, what]) => what);
      expect(found).toEqual([]);
    });
  }

  // Each probe alone, so removing any one rule (or one name from a rule) fails the test.
  const PROBES = [
    'export const a = Math.random();',
    'export const a = Date.now();',
    'export const a = new Date();',
    'export const a = Date();',
    'export const a = performance.now();',
    'export const a = setTimeout(() => {}, 1);',
    'export const a = setInterval(() => {}, 1);',
    'export const a = setImmediate(() => {});',
    'export const a = process.env;',
    'export const a = crypto.getRandomValues(new Uint8Array(1));',
    "import { readFileSync } from 'node:fs'; export const a = readFileSync;",
    'let counter = 0; export const a = () => counter++;',
    'var counter = 0; export const a = () => counter++;',
  ];
  const LINT_ONLY = [
    'export const a = clearTimeout;',
    'export const a = clearInterval;',
    'export const a = globalThis;',
    'export const a = queueMicrotask;',
    'export const a = window;',
    "import { readFileSync } from 'fs'; export const a = readFileSync;",
    "import { x } from '../cli/x.ts'; export const a = x;",
  ];

  it.each(PROBES)('the textual scan catches %s', (probe) => {
    expect(BANNED.some(([re]) => re.test(code(probe)))).toBe(true);
  });

  it('ESLint rejects each banned construct under engine/', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const missed: string[] = [];
    for (const probe of [...PROBES, ...LINT_ONLY]) {
      const [result] = await eslint.lintText(probe + '\n', { filePath: join(ROOT, 'engine', 'probe.ts') });
      if (!result!.messages.some((m) => m.severity === 2 && m.line === 1)) missed.push(probe);
    }
    expect(missed).toEqual([]);
  }, 60_000);

  it('ESLint accepts the same code outside engine/ (the override is what rejects it)', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText('export const a = Date.now() + Math.random();\n', { filePath: join(ROOT, 'cli', 'probe.ts') });
    expect(result!.messages.filter((m) => m.severity === 2)).toEqual([]);
  }, 30_000);
});
