/**
 * `npm run bench -- store`: IndexedDB write and read speed with study-shaped trials (issue 16,
 * goal 3), in Chromium with a profile on disk (an incognito context keeps IndexedDB in memory,
 * which no user has), and what each index and heavy field of the trials table costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../tests/e2e/harness';
import type { StoreFigure } from './store-page';

const WRITE_GOAL = 20_000;
const READ_GOAL_MS = 1_000;

const n = (v: number) => Math.round(v).toLocaleString('en');

function row(f: StoreFigure): [string, string] {
  if (f.unit === 'KB') return [f.label, `${f.value.toFixed(2)} KB`];
  if (f.unit === 'ms') return [f.label, `${n(f.value)} ms${/^trialsFor/.test(f.label) ? ` (goal < ${n(READ_GOAL_MS)} ms: ${f.value < READ_GOAL_MS ? 'met' : 'not met'})` : ''}`];
  return [f.label, `${n(f.value)} trials/s${/^putTrials/.test(f.label) ? ` (goal ≥ ${n(WRITE_GOAL)}: ${f.value >= WRITE_GOAL ? 'met' : 'not met'})` : ''}`];
}

/** The store's figures, as rows of the bench table. */
export async function storeBench(): Promise<[string, string][]> {
  const root = resolve(import.meta.dirname, '../..');
  const outDir = mkdtempSync(join(tmpdir(), 'motivelab-store-bench-'));
  const profile = mkdtempSync(join(tmpdir(), 'motivelab-store-profile-'));
  await build({ root: join(root, 'scripts/bench'), logLevel: 'warn', configFile: false, base: './', build: { outDir, emptyOutDir: true, rollupOptions: { input: join(root, 'scripts/bench/store.html') } } });
  const site = await serveStatic(outDir);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await context.newPage();
    if (process.env.BENCH_VERBOSE) page.on('console', (m) => console.log(`  [store] ${m.text()}`));
    await page.goto(`${site.url}/store.html`);
    await page.waitForFunction(() => window.storeBench, undefined, { timeout: 900_000 });
    const result = (await page.evaluate(() => window.storeBench))!;
    if (result.error) throw new Error(result.error);
    const f = (label: string) => result.figures!.find((x) => x.label.startsWith(label))!.value;
    const ratio = (a: number, b: number) => `×${(a / b).toFixed(1)}`;
    return [
      ...result.figures!.map(row),
      ['bulk write vs v9 layout, side by side', ratio(f('putTrials, batches of 2,000'), f('v9 layout, one trial'))],
      ['live-run write (25) vs v9 layout (25)', ratio(f('putTrials, batches of 25'), f('  v9 layout, batches of 25'))],
      ['read 100k vs v9 layout (whole / no prompts)', `${ratio(f('  v9 layout, same read'), f('trialsForCell'))} / ${ratio(f('  v9 layout, same read'), f('trialsForAnalysis'))} faster`],
    ];
  } finally {
    await context.close();
    await site.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}

// Run alone: `npx tsx scripts/bench/store.ts`.
if (process.argv[1] === import.meta.filename) {
  for (const [k, v] of await storeBench()) console.log(`${k.padEnd(44)} | ${v}`);
}
