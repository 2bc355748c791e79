/**
 * Issue 16, goal 4: the study notebook at full scale in one browser. Writes 647,250 simulated
 * trials (the full design: the study's 1,305 sub-tasks, five models, 1,500 pairs, two responses)
 * through the store from a page of the app's origin, then opens the notebook as a user does and
 * times every figure drawn, a recompute of every analysis after an input change (`seed`), the
 * page's long tasks, and the JS heap of the page and of the sandbox's frames (CDP).
 * Needs the authors' data.csv (`SCALE_PAPER_DATA`, default ../shared/paper-data), served in place
 * of their repository; the choice pairs are drawn here (the study's file is not in the repository).
 * `SCALE_MODELS` (default 5) scales the run down.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildApp, launchBrowser, newPage, serveStatic } from '../../tests/e2e/harness';
import { addSeedPage, allFiguresDrawn, allSettled, designReady, heapUsage, openStudy, plotNames, recomputeAfter, seedOpenStudy } from '../../tests/e2e/study-at-scale';
import { PAPER_DATA_URL } from '../../src/study/load-paper-data';

const PAPER_TASKS = "The study's 1,305 sub-tasks (download from the authors' repository)";
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MB`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const started = Date.now();
/** Progress on stderr: a full run takes minutes. */
const say = (what: string) => console.error(`[scale ${((Date.now() - started) / 1000).toFixed(0)} s] ${what}`);

/** 1,500 pairs of distinct sub-tasks in the study file's shape, the manipulated side alternating. */
function pairsOf(csv: string): string {
  const ids = csv.split('\n').slice(1).map((l) => l.split(',')[0]).filter((x) => /^\d+$/.test(x)).map(Number);
  return JSON.stringify(Array.from({ length: 1500 }, (_, i) => [[ids[(i * 7) % ids.length], ids[(i * 7 + 1 + (i % 97)) % ids.length]], i % 2]));
}

export async function scaleBench(): Promise<[string, string][]> {
  const rows: [string, string][] = [];
  // Each figure also goes to stderr as soon as it is known: a full run takes many minutes.
  const add = (label: string, result: string) => (rows.push([label, result]), say(`${label} | ${result}`));
  const csv = readFileSync(resolve(process.env.SCALE_PAPER_DATA ?? resolve(import.meta.dirname, '../../../shared/paper-data'), 'data.csv'), 'utf8');
  const models = Array.from({ length: Number(process.env.SCALE_MODELS ?? 5) }, (_, i) => `participant-${'abcdefgh'[i]}`);
  const dir = await buildApp();
  await addSeedPage(dir);
  const app = await serveStatic(dir);
  const browser = await launchBrowser();
  try {
    const { page, errors } = await newPage(browser);
    await page.context().route(`${PAPER_DATA_URL}/**`, (route) => route.fulfill({ status: 200, body: route.request().url().endsWith('data.csv') ? csv : pairsOf(csv) }));
    await openStudy(page, app.url, { models: models.join(', '), perCategory: 250, nPairs: 1500, taskSource: PAPER_TASKS });
    say('setting the full design');
    await designReady(page, (d) => d.models.length === models.length && d.tasks.length === 1305, 180_000);
    say('writing trials');
    const t0 = Date.now();
    const seeded = await seedOpenStudy(page, app.url);
    const importSeconds = (Date.now() - t0) / 1000;
    const total = seeded.reduce((s, r) => s + r.trials, 0);
    const writeSeconds = seeded.reduce((s, r) => s + r.writeSeconds, 0);
    add('study at scale: trials written through the store', `${total.toLocaleString('en')} trials in ${importSeconds.toFixed(0)} s, of which putTrials ${writeSeconds.toFixed(0)} s (${Math.round(total / writeSeconds).toLocaleString('en')} trials/s)`);
    // The dependent experiments (judge, post, similar) plan one trial per answered task, and the simulated participant refuses some.
    rows.push(['  per experiment', seeded.map((r) => `${r.name} ${r.trials.toLocaleString('en')}${r.trials === r.planned ? '' : ` of ${r.planned.toLocaleString('en')} planned (${r.status})`}${r.failed ? ` (${r.failed} failed: ${r.message.slice(0, 120)})` : ''}`).join(', ')]);

    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    say(`${total} trials written; opening the notebook`);
    const t1 = Date.now();
    await openStudy(page, app.url);
    const settledAt = allSettled(page, 900_000).then(() => (Date.now() - t1) / 1000, () => Infinity);
    // Where the opening is, every 15 s: cells by status, figures drawn.
    const watch = setInterval(() => void page.evaluate(() => {
      const cells = [...document.querySelectorAll('[data-cell-name]')];
      const by: Record<string, number> = {};
      for (const c of cells) by[c.getAttribute('data-status') ?? '?'] = (by[c.getAttribute('data-status') ?? '?'] ?? 0) + 1;
      return `${JSON.stringify(by)}; pending: ${cells.filter((c) => c.getAttribute('data-status') === 'pending').map((c) => c.getAttribute('data-cell-name')).slice(0, 8).join(' ')}`;
    }).then((s) => say(s), () => undefined), 15_000);
    let drawn = 'timed out after 600 s';
    let openSeconds = Infinity;
    try {
      await allFiguresDrawn(page);
      openSeconds = (Date.now() - t1) / 1000;
      drawn = `${openSeconds.toFixed(1)} s`;
    } catch {
      // Which figures are not drawn, and what they show instead.
      const missing = await page.evaluate((names) => names.map((n) => document.querySelector(`[data-cell-name="${n}"]`)).filter((el) => el && !el.querySelector('svg g[aria-label]')).map((el) => `${el!.getAttribute('data-cell-name')} (${el!.getAttribute('data-status')}: ${(el!.textContent ?? '').replace(/\s+/g, ' ').slice(-100)})`), plotNames);
      drawn = `not every figure drawn after 600 s: ${missing.join('; ')}`;
    }
    clearInterval(watch);
    add('  opening the notebook to every figure drawn', `${drawn} (goal < 10 s: ${met(openSeconds < 10)})`);
    const settledSeconds = await settledAt;
    add('  opening the notebook to every cell computed', Number.isFinite(settledSeconds) ? `${settledSeconds.toFixed(1)} s` : 'not within 900 s');
    const counted = (await page.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown } | null> } }).motivelab.cell('counts'))?.value)) as { total: number }[] | null;
    add('  trials the reply-counts table counts', `${(counted ?? []).reduce((s, r) => s + r.total, 0).toLocaleString('en')}`);
    const heapOpen = await heapUsage(page);

    say('recomputing after an input change');
    const t2 = Date.now();
    let recompute = Infinity;
    try {
      await recomputeAfter(page, { seed: 8 }, 300_000);
      recompute = (Date.now() - t2) / 1000;
    } catch {
      // Reported as not met, with how long it was given; the memory is read all the same.
    }
    add('  recompute of every analysis after an input change (seed)', `${Number.isFinite(recompute) ? `${recompute.toFixed(1)} s` : 'not settled after 300 s'} (goal < 3 s: ${met(recompute < 3)})`);
    const heap = await heapUsage(page);
    const peak = Math.max(heap.page + heap.frames.reduce((s, x) => s + x, 0), heapOpen.page + heapOpen.frames.reduce((s, x) => s + x, 0));
    add('  JS heap: page + sandbox frames', `${mb(heap.page)} + ${heap.frames.map(mb).join(' + ')} (goal < 2 GB: ${met(peak < 2 * 2 ** 30)})`);
    const long = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    add('  page long tasks (> 50 ms) from opening', `${long.length}, longest ${Math.round(Math.max(0, ...long))} ms, ${(long.reduce((s, d) => s + Math.max(0, d - 50), 0) / 1000).toFixed(1)} s blocked; errors: ${errors.length ? errors.slice(0, 3).join(' | ') : 'none'}`);
  } finally {
    await browser.close();
    await app.close();
  }
  return rows;
}
