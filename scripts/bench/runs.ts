/**
 * Issue 16 goals 1 and 2 (`npm run bench -- runs`): in Chromium, against the local test server at
 * ~0 ms latency and 64 concurrent requests, side by side in the same page,
 * (a) a bare `openai` SDK loop (runs-sdk-loop.ts, evaluated in the page; the app has no hook), and
 * (b) a 10,000-trial experiment run through the UI (Run on a one-experiment notebook with a query
 *     and a plot reading it), alternated with (a); then
 * (c) the study notebook run whole on that endpoint (~10k trials, Motivelab wording so one request
 *     per trial), against (a) with the same number of calls.
 * Each run counts the page's long tasks (> 50 ms) from pressing Run to the last trial.
 * Knobs (environment): BENCH_RUNS_TRIALS (10000), BENCH_RUNS_ROUNDS (2), BENCH_RUNS_STUDY=0 (skip
 * (c)), BENCH_RUNS_PER_CATEGORY (4), BENCH_RUNS_PROFILE=<file> (the page's CPU profile of each run,
 * with its top functions printed), BENCH_RUNS_TIMEOUT (ms), BENCH_APP_DIR (a built app to reuse).
 */
import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { buildApp, launchBrowser, serveStatic } from '../../tests/e2e/harness';
import { startTestServer } from '../../tests/server/test-server';
import { cpuLine, cpuSnapshot } from './process-cpu';
import { traceSummary } from './trace-summary';

const root = resolve(import.meta.dirname, '../..');
const KEY = 'sk-bench-runs-0000';
const CONCURRENCY = 64;
const TRIALS = Number(process.env.BENCH_RUNS_TRIALS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_RUNS_ROUNDS ?? 2);

type Rows = [string, string][];

/** A one-experiment notebook of `trials` distinct calls (one model, one repetition each); `salt` keeps the cache cold. */
function experimentNotebook(trials: number, salt: string): string {
  return `---
title: Bench run ${salt}
---

\`\`\`input endpoint
{ "type": "text", "label": "Endpoint name", "value": "local" }
\`\`\`

\`\`\`experiment ratings
{
  endpoint,
  models: ['m1'],
  tasks: Array.from({ length: ${trials} }, (_, i) => ({ id: 't' + i, text: 'Task ${salt} number ' + i })),
  prompt: 'How motivated are you to do the following task, on a scale from {{min}} to {{max}}? Answer with just the number.\\n\\nTask: {{task}}',
  scale: { min: 1, max: 10 },
  repetitions: 1,
  temperature: 1,
  maxTokens: 20,
}
\`\`\`

\`\`\`query byModel
ratings
  .filter((d) => d.status === 'ok')
  .groupby('model')
  .rollup({ mean: op.mean('value'), sd: op.stdev('value'), n: op.count() })
\`\`\`

\`\`\`plot chart
Plot.plot({ marks: [Plot.barX(byModel, { x: 'n', y: 'model' })] })
\`\`\`
`;
}

async function sdkLoopScript(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'motivelab-bench-sdk-'));
  await build({
    root, configFile: false, logLevel: 'warn',
    build: { outDir, emptyOutDir: true, minify: true, lib: { entry: join(root, 'scripts/bench/runs-sdk-loop.ts'), formats: ['iife'], name: 'benchSdk', fileName: () => 'sdk-loop.js' } },
  });
  return readFileSync(join(outDir, 'sdk-loop.js'), 'utf8');
}

interface Figures { readonly seconds: number; readonly trials: number; readonly longTasks: number; readonly longestMs: number; readonly blockedPct: number }

const log = (m: string) => process.stderr.write(`[runs ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const perSecond = (f: { trials: number; seconds: number }) => f.trials / f.seconds;
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const tasksLine = (f: Figures) => `${f.longTasks} long tasks, longest ${Math.round(f.longestMs)} ms, ${f.blockedPct.toFixed(1)}% blocked (goal: none > 50 ms, ≤ 1%: ${f.longestMs <= 50 && f.blockedPct <= 1 ? 'met' : 'NOT met'})`;

async function longTasksSince(page: Page, from: number, seconds: number): Promise<Omit<Figures, 'seconds' | 'trials'>> {
  const tasks = await page.evaluate((t0) => (window as unknown as { benchLongTasks: [number, number][] }).benchLongTasks.filter(([s]) => s >= t0).map(([, d]) => d), from);
  const blocked = tasks.reduce((s, d) => s + Math.max(0, d - 50), 0) / 1000;
  return { longTasks: tasks.length, longestMs: Math.max(0, ...tasks), blockedPct: (100 * blocked) / seconds };
}

/** BENCH_RUNS_CPU=1: each run's CPU seconds per process (page, sandbox, browser's IndexedDB, network, test server). */
function cpuMeter(what: string): () => void {
  if (process.env.BENCH_RUNS_CPU !== '1') return () => undefined;
  const before = cpuSnapshot();
  return () => log(`${what}: ${cpuLine(before, cpuSnapshot())}`);
}

async function bare(page: Page, url: string, calls: number): Promise<Figures> {
  const t0 = await page.evaluate(() => performance.now());
  const cpu = cpuMeter(`bare ${calls}`);
  const profiling = calls === TRIALS ? await startProfile(page, '.bare') : null;
  const ms = await page.evaluate(([u, k, n, c]) => window.benchSdkLoop!(u, k, 'm1', n, c), [url, KEY, calls, CONCURRENCY] as [string, string, number, number]);
  await profiling?.();
  cpu();
  return { seconds: ms / 1000, trials: calls, ...(await longTasksSince(page, t0, ms / 1000)) };
}

async function uiRun(page: Page, appUrl: string, file: string): Promise<Figures> {
  try {
    return await uiRunSteps(page, appUrl, file);
  } catch (error) {
    await page.screenshot({ path: '/tmp/bench-runs-failure.png', fullPage: true });
    throw error;
  }
}

async function uiRunSteps(page: Page, appUrl: string, file: string): Promise<Figures> {
  log(`opening ${file}`);
  await page.goto(`${appUrl}?notebook=${file}`);
  await page.getByTestId('review-trust').click();
  await page.getByTestId('trust').click();
  log('trusted');
  const cell = page.locator('[data-cell-name="ratings"]');
  await cell.getByText(/on\s+local/).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-cell-name]')].every((e) => !['pending', 'idle'].includes(e.getAttribute('data-status') ?? '')), undefined, { timeout: 120_000 });
  const profiling = await startProfile(page);
  log('running');
  await cell.getByTestId('run-experiment').click();
  // An imported notebook asks once before it spends on the endpoint: the run starts on "Send".
  const send = page.getByRole('button', { name: 'Send the calls' });
  await send.waitFor();
  const t0 = await page.evaluate(() => performance.now());
  const cpu = cpuMeter('UI run');
  await send.click();
  // Not a locator's waitFor: it reads the page's text on every animation frame (a forced layout
  // each time), work the bare loop is spared. A read of textContent every 250 ms costs nothing.
  await page.waitForFunction(() => /Finished: \d+ of \d+ trials done/.test(document.querySelector('[data-cell-name="ratings"]')?.textContent ?? ''), undefined, { polling: 250, timeout: Number(process.env.BENCH_RUNS_TIMEOUT ?? 900_000) });
  cpu();
  const t1 = await page.evaluate(() => performance.now());
  await profiling?.();
  const seconds = (t1 - t0) / 1000;
  const text = (await cell.getByText(/Finished: \d+ of \d+ trials done/).textContent()) ?? '';
  const trials = Number(/Finished: (\d+)/.exec(text)?.[1] ?? 0);
  return { seconds, trials, ...(await longTasksSince(page, t0, seconds)) };
}

async function studyRun(page: Page, serverUrl: string): Promise<Figures> {
  await page.goto(page.url().replace(/#.*$/, '#/'));
  await page.getByRole('button', { name: /Motivation in Large Language Models/ }).click();
  const cell = (name: string) => page.locator(`[data-cell-name="${name}"]`);
  const setText = async (name: string, label: RegExp, value: string) => {
    const box = cell(name).getByLabel(label);
    await box.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(value);
    await page.keyboard.press('Enter');
  };
  await cell('endpoint').waitFor();
  await setText('endpoint', /^Endpoint/, 'local');
  await setText('judgeEndpoint', /^Judge endpoint/, 'local');
  await setText('models', /^Models/, 'm1, m2');
  await setText('judgeModel', /^Judge model/, 'm1');
  await cell('protocol').getByLabel(/^Protocol/).selectOption('Motivelab wording');
  await cell('pre').getByText(/on\s+local/).waitFor();
  const before = await cell('pre').getByTestId('planned-calls').locator('strong').textContent();
  await cell('perCategory').locator('input[type="range"]').fill(process.env.BENCH_RUNS_PER_CATEGORY ?? '4');
  await page.waitForFunction((b) => document.querySelector('[data-cell-name="pre"] [data-testid="planned-calls"] strong')?.textContent !== b, before);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-cell-name]')].every((e) => !['pending', 'idle'].includes(e.getAttribute('data-status') ?? '')), undefined, { timeout: 120_000 });
  const profiling = await startProfile(page);
  log('running the study');
  const t0 = await page.evaluate(() => performance.now());
  const cpu = cpuMeter('study run');
  await page.getByTestId('run-all').click();
  await page.getByTestId('stop-all').waitFor();
  // To the last trial (goal 2's span): every experiment done; Run all itself ends once the analyses settle too.
  // Polled every 250 ms, not on every frame (see uiRunSteps).
  await page.waitForFunction(() => /^(\d+) of \1 experiments done/.test(document.querySelector('[data-testid="run-all-experiments"]')?.textContent ?? ''), undefined, { polling: 250, timeout: 1_800_000 });
  cpu();
  const t1 = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => document.querySelector('[data-testid="run-all"]') !== null, undefined, { polling: 250, timeout: 1_800_000 });
  await profiling?.();
  const seconds = (t1 - t0) / 1000;
  void serverUrl;
  return { seconds, trials: 0, ...(await longTasksSince(page, t0, seconds)) };
}

/** BENCH_RUNS_PROFILE=<file>: the page's CPU profile during a run (open it in DevTools); returns the function that stops it. */
async function startProfile(page: Page, suffix = ''): Promise<(() => Promise<void>) | null> {
  const traceFile = process.env.BENCH_RUNS_TRACE && process.env.BENCH_RUNS_TRACE + suffix;
  if (traceFile) {
    const browser = page.context().browser()!;
    await browser.startTracing(undefined, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'IndexedDB'] });
    return async () => {
      const trace = (await browser.stopTracing()).toString('utf8');
      writeFileSync(traceFile, trace);
      console.log(traceSummary(trace));
    };
  }
  const file = process.env.BENCH_RUNS_PROFILE;
  if (!file) return null;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    console.log(profileSummary(profile));
    await cdp.detach();
  };
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }

/** The 25 functions with the most self time in a CPU profile, with their share. */
function profileSummary(profile: { nodes: ProfileNode[]; samples?: number[] }): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (const id of profile.samples ?? []) {
    const f = byId.get(id)!.callFrame;
    const name = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  const total = profile.samples?.length ?? 1;
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
}

/** One build of the app served on an origin of its own (a fresh IndexedDB), with the endpoint added in Settings. */
interface App { readonly label: string; readonly dir: string; readonly url: string; readonly page: Page; close(): Promise<void> }

async function openApp(browser: Browser, label: string, dir: string, llmUrl: string, sdk: string): Promise<App> {
  const site = await serveStatic(dir);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { benchLongTasks: [number, number][] };
    w.benchLongTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.benchLongTasks.push([e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(site.url);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Name').fill('local');
  await page.getByLabel('Base URL').fill(llmUrl);
  await page.getByLabel('API key').fill(KEY);
  await page.getByLabel('Concurrent requests').fill(String(CONCURRENCY));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('sk-…0000').waitFor();
  await page.evaluate(sdk);
  await bare(page, llmUrl, 500); // warm-up: connections and JIT
  return { label, dir, url: site.url, page, close: async () => (await context.close(), await site.close()) };
}

/** The SDK loop is installed again after each navigation. */
async function ready(page: Page, sdk: string): Promise<void> {
  if (!(await page.evaluate(() => typeof window.benchSdkLoop === 'function'))) await page.evaluate(sdk);
}

const ratioOf = (ui: Figures, b: Figures) => perSecond(ui) / perSecond(b);
const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);

/**
 * BENCH_RUNS_APPS="old=/tmp/old-build,new=/tmp/new-build" measures several builds side by side,
 * alternating them in each round (the machine's load drifts); otherwise BENCH_APP_DIR or a fresh
 * build. BENCH_RUNS_ONE=0 skips the one-experiment runs, BENCH_RUNS_STUDY=0 the study runs;
 * BENCH_RUNS_STUDY_ROUNDS (1) study runs per build, each on a fresh origin.
 */
export async function runsBench(): Promise<Rows> {
  const rows: Rows = [];
  const builds = process.env.BENCH_RUNS_APPS
    ? process.env.BENCH_RUNS_APPS.split(',').map((x) => x.split('=') as [string, string])
    : [['', process.env.BENCH_APP_DIR ?? (log('building the app'), await buildApp())] as [string, string]];
  log(`apps: ${builds.map(([l, d]) => `${l || 'app'} in ${d}`).join(', ')}`);
  const salts = Array.from({ length: ROUNDS }, (_, i) => `r${i}-${Date.now().toString(36)}`);
  for (const [, dir] of builds) salts.forEach((s) => writeFileSync(join(dir, `bench-${s}.md`), experimentNotebook(TRIALS, s)));
  const sdk = await sdkLoopScript();
  const llm = await startTestServer({ models: ['m1', 'm2'], apiKey: KEY, latencyMs: 0 });
  const browser = await launchBrowser();
  const name = (label: string, what: string) => (label ? `[${label}] ${what}` : what);
  try {
    if (process.env.BENCH_RUNS_ONE !== '0') {
      const apps: App[] = [];
      for (const [label, dir] of builds) apps.push(await openApp(browser, label, dir, llm.url, sdk));
      const bares = new Map<App, Figures[]>(apps.map((a) => [a, []]));
      const uis = new Map<App, Figures[]>(apps.map((a) => [a, []]));
      for (const salt of salts) {
        for (const app of apps) {
          await ready(app.page, sdk);
          bares.get(app)!.push(await bare(app.page, llm.url, TRIALS));
          log(name(app.label, `bare: ${fmt(perSecond(bares.get(app)!.at(-1)!))} calls/s`));
          uis.get(app)!.push(await uiRun(app.page, app.url, `bench-${salt}.md`));
          const u = uis.get(app)!.at(-1)!;
          log(name(app.label, `UI: ${fmt(perSecond(u))} trials/s, ratio ${ratioOf(u, bares.get(app)!.at(-1)!).toFixed(2)}, ${tasksLine(u)}`));
        }
      }
      for (const app of apps) {
        const b = bares.get(app)!;
        const u = uis.get(app)!;
        // Each UI run against the bare loop just before it, in the same page.
        const ratios = u.map((x, i) => ratioOf(x, b[i]));
        const ratio = mean(ratios);
        rows.push([name(app.label, `goal 1, one experiment of ${fmt(TRIALS)} trials, concurrency ${CONCURRENCY}`), `ratio ${ratio.toFixed(2)} (per round ${ratios.map((r) => r.toFixed(2)).join(', ')}; goal ≥ 0.80: ${ratio >= 0.8 ? 'met' : 'NOT met'})`]);
        rows.push([name(app.label, '  trials/s, UI run vs bare SDK loop'), u.map((x, i) => `${fmt(perSecond(x))} vs ${fmt(perSecond(b[i]))}`).join('; ')]);
        u.forEach((x, i) => rows.push([name(app.label, `  goal 2, page main thread, round ${i + 1}`), tasksLine(x)]));
      }
      for (const app of apps) await app.close();
    }
    if (process.env.BENCH_RUNS_STUDY !== '0') {
      const results = new Map<string, { s: Figures; b: Figures }[]>();
      for (let round = 0; round < Number(process.env.BENCH_RUNS_STUDY_ROUNDS ?? 1); round++) {
        for (const [label, dir] of builds) {
          const app = await openApp(browser, label, dir, llm.url, sdk);
          const s0 = llm.requests.length;
          const study = await studyRun(app.page, llm.url);
          const calls = llm.requests.slice(s0).filter((r) => r.path.endsWith('/chat/completions')).length;
          await ready(app.page, sdk);
          const b = await bare(app.page, llm.url, calls);
          const s = { ...study, trials: calls };
          log(name(label, `study: ${fmt(calls)} calls in ${fmt(study.seconds)} s, ratio ${ratioOf(s, b).toFixed(2)}, ${tasksLine(s)}`));
          (results.get(label) ?? results.set(label, []).get(label)!).push({ s, b });
          await app.close();
        }
      }
      for (const [label, list] of results) {
        const ratios = list.map((x) => ratioOf(x.s, x.b));
        const ratio = mean(ratios);
        rows.push([name(label, `goal 1, study notebook (run all), ${list.map((x) => fmt(x.s.trials)).join('/')} calls`), `ratio ${ratio.toFixed(2)} (per run ${ratios.map((r) => r.toFixed(2)).join(', ')}; goal ≥ 0.60: ${ratio >= 0.6 ? 'met' : 'NOT met'})`]);
        rows.push([name(label, '  trials/s, UI run vs bare SDK loop'), list.map((x) => `${fmt(perSecond(x.s))} vs ${fmt(perSecond(x.b))}`).join('; ')]);
        list.forEach((x, i) => rows.push([name(label, `  goal 2, page main thread, run ${i + 1}`), tasksLine(x.s)]));
      }
    }
  } finally {
    await browser.close();
    await llm.close();
  }
  return rows;
}
