import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';

/** A CSV row with numeric columns parsed as numbers. */
export type Row = Record<string, string | number>;

/** `../shared/reference/stats` beside the repository (never copied into it). */
export const REFERENCE_DIR = resolve(import.meta.dirname, '../../../shared/reference/stats');
export const hasReference = existsSync(REFERENCE_DIR);

function parseCsv(text: string): Row[] {
  const lines = text.trim().split(/\r?\n/);
  const cells = (line: string) => [...line.matchAll(/("([^"]*(?:""[^"]*)*)"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => (m[2] !== undefined ? m[2].replace(/""/g, '"') : m[1]));
  const header = cells(lines[0]);
  return lines.slice(1).map((line) => {
    const values = cells(line);
    return Object.fromEntries(header.map((h, i) => {
      const v = values[i] ?? '';
      const quoted = /(^|,)"/.test(line) && line.includes(`"${v}"`);
      return [h, !quoted && v !== '' && Number.isFinite(Number(v)) ? Number(v) : v];
    }));
  });
}

/** The R reference data set `name`: trials, choices and R's results. */
export function loadReference(name: 'small' | 'medium') {
  const dir = resolve(REFERENCE_DIR, name);
  return {
    trials: parseCsv(readFileSync(resolve(dir, 'trials.csv'), 'utf8')),
    choices: parseCsv(readFileSync(resolve(dir, 'choices.csv'), 'utf8')),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- R's JSON, checked key by key
    expected: JSON.parse(readFileSync(resolve(dir, 'expected.json'), 'utf8')) as Record<string, any>,
  };
}

/** The crossed-random-effects reference: trials and `lmer(… + (1|task) + (1|model))`'s results. */
export function loadCrossedReference() {
  const dir = resolve(REFERENCE_DIR, 'crossed');
  return {
    trials: parseCsv(readFileSync(resolve(dir, 'trials.csv'), 'utf8')),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- R's JSON, checked key by key
    expected: JSON.parse(readFileSync(resolve(dir, 'expected.json'), 'utf8')) as Record<string, any>,
  };
}

/** Relative closeness, with an absolute floor for values near zero. */
export function expectClose(actual: number, expected: number, rel: number, what = ''): void {
  const tol = rel * Math.max(Math.abs(expected), 1e-12) + 1e-14;
  expect(Math.abs(actual - expected), `${what}: ${actual} vs R ${expected}`).toBeLessThanOrEqual(tol);
}

/** p-values: 1e-5 relative; below 1e-10, 1e-3 in log10; never 0 by underflow. */
export function expectP(actual: number, expected: number, what = ''): void {
  expect(actual, `${what}: p underflowed to 0`).toBeGreaterThan(0);
  if (expected < 1e-10) expect(Math.abs(Math.log10(actual) - Math.log10(expected)), `${what}: log10 p ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-3);
  else expectClose(actual, expected, 1e-5, what);
}

export function expectAllClose(actual: readonly number[], expected: readonly number[], rel: number, what = ''): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((a, i) => expectClose(a, expected[i], rel, `${what}[${i}]`));
}

export const num = (rows: Row[], col: string) => rows.map((r) => Number(r[col]));
export const baseline = (rows: Row[]) => rows.filter((r) => r.condition === 'baseline');
export const sortedUnique = (values: (string | number)[]) => [...new Set(values)].sort();
