/**
 * `npm run bench`: the figures the project reports. Prints a table of
 * - trials persisted per second into IndexedDB in Chromium (bulk batches of 500, and one by one),
 * - runner overhead per call against the local server at concurrency 16 (runPlan vs bare SDK calls),
 * - time to recompute the Quick start's query + plot cells at 10k and 100k trials (Chromium),
 * - production bundle size, gzipped,
 * - main-thread long tasks while the study notebook runs over 10,000 trials on the simulated participant,
 * - load: first script gzipped, cold load to the list answering a click, second notebook open (bench/load.ts).
 * - IndexedDB write and read with study-shaped trials, and what each index and field costs (scripts/bench/store.ts).
 * - the study's cost table at its full design, planCost against the old whole-plan algorithm (scripts/bench/plan-cost.ts).
 */
import { setMaxListeners } from 'node:events';
import { readdirSync, readFileSync, statSync, mkdtempSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { build } from 'vite';
import { buildApp, launchBrowser, serveStatic } from '../tests/e2e/harness';
import { startTestServer } from '../tests/server/test-server';
import { createOpenAIProvider } from '../src/providers/openai';
import { runPlan } from '../src/runner/run-plan';
import { expandPlan, parseRating, validateSpec } from '../src/experiments';
import { asCellId, asNotebookId, asRunId } from '../src/model';
import { mainThreadDuringRun } from './bench/main-thread';
import { interactBench } from './bench/interact';
import { loadFigures } from './bench/load';
import { storeBench } from './bench/store';
import { runsBench } from './bench/runs';
import { scaleBench } from './bench/scale';
import { planCostBench } from './bench/plan-cost';

// 16 concurrent SDK calls share one run-wide AbortSignal; Node warns past 10 listeners.
setMaxListeners(64);
const root = resolve(import.meta.dirname, '..');
const rows: [string, string][] = [];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

let appDir = '';

async function bundleSize(): Promise<void> {
  const dir = (appDir = await buildApp());
  let raw = 0;
  let gz = 0;
  for (const f of files(dir).filter((f) => /\.(js|css|html)$/.test(f))) {
    const data = readFileSync(f);
    raw += data.length;
    gz += gzipSync(data, { level: 9 }).length;
  }
  rows.push(['bundle size (js+css+html)', `${(gz / 1024).toFixed(0)} KiB gzipped (${(raw / 1024).toFixed(0)} KiB raw); the first script: see "load" below`]);
}

async function runnerOverhead(): Promise<void> {
  const server = await startTestServer({ models: ['m1', 'm2', 'm3', 'm4'] });
  const spec = validateSpec({ endpoint: 'local', models: ['m1', 'm2', 'm3', 'm4'], tasks: Array.from({ length: 25 }, (_, i) => `Task ${i}`), prompt: 'Rate {{task}}', scale: { min: 1, max: 10 }, repetitions: 20 });
  const plan = expandPlan(spec, { baseURL: 'http://127.0.0.1' });
  const provider = createOpenAIProvider({ baseURL: server.url, apiKey: 'k' });
  // Warm up connections and JIT.
  await Promise.all(plan.slice(0, 64).map((p) => provider.chat({ model: p.model, messages: p.messages, params: p.params })));
  const bareRun = async () => {
    const t = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < plan.length) {
        const p = plan[next++];
        await provider.chat({ model: p.model, messages: p.messages, params: p.params });
      }
    }));
    return (performance.now() - t) / plan.length;
  };
  const runnerRun = async () => {
    const t = performance.now();
    await runPlan({
      plan, provider, concurrency: 16, parse: (text, p) => parseRating(text, p.scale), persist: async () => undefined,
      context: { runId: asRunId('run'), notebookId: asNotebookId('nb'), cellId: asCellId('c'), endpointName: 'local', baseURL: 'http://127.0.0.1' },
    });
    return (performance.now() - t) / plan.length;
  };
  // Alternate the two and keep the best of three, so warm-up and GC do not favour either.
  const bares: number[] = [];
  const runners: number[] = [];
  for (let i = 0; i < 3; i++) {
    bares.push(await bareRun());
    runners.push(await runnerRun());
  }
  const bare = Math.min(...bares);
  const runner = Math.min(...runners);
  await server.close();
  rows.push(['calls per run (local server, 0 ms latency)', String(plan.length)]);
  rows.push(['bare SDK call, concurrency 16', `${(bare * 1000).toFixed(0)} µs/call`]);
  rows.push(['runPlan call, concurrency 16', `${(runner * 1000).toFixed(0)} µs/call`]);
  rows.push(['runner overhead per call', `${((runner - bare) * 1000).toFixed(0)} µs`]);
}

async function browserFigures(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'motivelab-bench-'));
  await build({ root: join(root, 'scripts/bench'), logLevel: 'warn', configFile: false, base: './', build: { outDir, emptyOutDir: true } });
  const site = await serveStatic(outDir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => window.benchResult || window.benchError, undefined, { timeout: 300_000 });
    const error = await page.evaluate(() => window.benchError);
    if (error) throw new Error(error);
    const r = (await page.evaluate(() => window.benchResult)) as { bulk: number; single: number; recompute10k: number; recompute100k: number };
    rows.push(['IndexedDB, bulk (batches of 500)', `${Math.round(r.bulk).toLocaleString('en')} trials/s`]);
    rows.push(['IndexedDB, one trial per transaction', `${Math.round(r.single).toLocaleString('en')} trials/s`]);
    rows.push(['recompute query + plot, 10k trials', `${r.recompute10k.toFixed(0)} ms`]);
    rows.push(['recompute query + plot, 100k trials', `${r.recompute100k.toFixed(0)} ms`]);
  } finally {
    await browser.close();
    await site.close();
  }
}

async function mainThread(): Promise<void> {
  const site = await serveStatic(appDir || (appDir = await buildApp()));
  const browser = await launchBrowser();
  try {
    const r = await mainThreadDuringRun(browser, site.url, 5);
    rows.push([`main thread, study run on the simulated participant`, `${r.trials.toLocaleString('en')} trials in ${r.seconds.toFixed(1)} s`]);
    rows.push(['  long tasks (> 50 ms) from pressing Run all', `${r.longTasks}, longest ${Math.round(r.longestMs)} ms, ${r.blockedSeconds.toFixed(2)} s blocked (${((100 * r.blockedSeconds) / r.seconds).toFixed(1)}%)`]);
  } finally {
    await browser.close();
    await site.close();
  }
}

// `npm run bench -- <name>…` runs only the sections whose name contains one of the arguments.
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.some((a) => name.includes(a));
if (want('bundle') || want('main-thread')) await bundleSize();
if (want('runner')) await runnerOverhead();
if (want('browser')) await browserFigures();
if (want('main-thread')) await mainThread();
if (want('interact')) rows.push(...(await interactBench()));
if (want('load')) rows.push(...(await loadFigures(appDir || undefined)));
if (want('store')) rows.push(...(await storeBench()));
if (want('runs')) rows.push(...(await runsBench()));
if (want('scale')) rows.push(...(await scaleBench()));
if (want('plan-cost')) rows.push(...(await planCostBench()));
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\n${'measure'.padEnd(width)} | result\n${'-'.repeat(width)}-|-${'-'.repeat(30)}`);
for (const [k, v] of rows) console.log(`${k.padEnd(width)} | ${v}`);
