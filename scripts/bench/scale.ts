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
import { addSeedPage, allFiguresDrawn, allSettled, designReady, heapUsage, openStudy, plotNames, recomputeAfter, seedOpenStudy, watchCells } from '../../tests/e2e/study-at-scale';
import { startProfiles, tasksIn, type ThreadProfile } from './cpu-profile';
import { PAPER_DATA_URL } from '../../src/study/load-paper-data';

const PAPER_TASKS = "The study's 1,305 sub-tasks (download from the authors' repository)";
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MB`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const started = Date.now();
/** Progress on stderr: a full run takes minutes. */
const say = (what: string) => console.error(`[scale ${((Date.now() - started) / 1000).toFixed(0)} s] ${what}`);

/** A profile's top functions by self time, on stderr. */
function printProfiles(what: string, threads: ThreadProfile[]): void {
  for (const t of threads) {
    say(`profile of ${what}, ${t.thread}: ${(t.total / 1000).toFixed(1)} s sampled; top self time:`);
    for (const f of t.top) console.error(`  ${f.ms.toFixed(0).padStart(7)} ms  ${f.fn}`);
    for (const s of t.stretches) {
      say(`  a busy stretch of ${s.ms.toFixed(0)} ms, ${t.thread}; inclusive time:`);
      for (const f of s.top) console.error(`    ${f.ms.toFixed(0).padStart(7)} ms  ${f.fn}`);
    }
  }
}

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
  // Profiles are read by function name: build without minifying for them.
  if (process.env.SCALE_PROFILE) process.env.MOTIVELAB_READABLE_BUILD = '1';
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
    const seeded = await seedOpenStudy(page, app.url, say, process.env.SCALE_PROFILE ? async (seeder) => {
      const profiles = await startProfiles(seeder);
      return async () => printProfiles('the seed', await profiles.stop());
    } : undefined);
    const importSeconds = (Date.now() - t0) / 1000;
    const total = seeded.reduce((s, r) => s + r.trials, 0);
    const writeSeconds = seeded.reduce((s, r) => s + r.writeSeconds, 0);
    add('study at scale: trials written through the store', `${total.toLocaleString('en')} trials in ${importSeconds.toFixed(0)} s, of which putTrials ${writeSeconds.toFixed(0)} s (${Math.round(total / writeSeconds).toLocaleString('en')} trials/s)`);
    // The dependent experiments (judge, post, similar) plan one trial per answered task, and the simulated participant refuses some.
    rows.push(['  per experiment', seeded.map((r) => `${r.name} ${r.trials.toLocaleString('en')}${r.trials === r.planned ? '' : ` of ${r.planned.toLocaleString('en')} planned (${r.status})`}${r.failed ? ` (${r.failed} failed: ${r.message.slice(0, 120)})` : ''}`).join(', ')]);

    // `SCALE_SEED_ONLY=1`: the write alone (to measure the seed).
    if (process.env.SCALE_SEED_ONLY) return rows;
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[]; longTaskStarts: number[] };
      w.longTasks = [];
      w.longTaskStarts = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => (w.longTasks.push(e.duration), w.longTaskStarts.push(e.startTime)))).observe({ type: 'longtask', buffered: true });
    });
    // From here every goal-4 figure gets a line, whatever happens: a crashed page or a step past
    // its time is reported as such (with how far the opening got), and the bench goes on or ends.
    let crashed = '';
    let t1 = Date.now();
    page.on('crash', () => (crashed = `the page crashed after ${((Date.now() - t1) / 1000).toFixed(0)} s`));
    const figure = (label: string, result: string) => add(label, crashed && !result.includes('crash') ? `${result} (${crashed})` : result);
    /** `work` within `ms`, or undefined (a crash or a page that no longer answers ends it too). */
    const within = async <T>(work: Promise<T>, ms: number): Promise<T | undefined> => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        return await Promise.race([work, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]);
      } catch {
        return undefined;
      } finally {
        clearTimeout(timer);
      }
    };
    /** How many of the plot cells show their figure (or note), and which do not. */
    const figuresSoFar = async () => (await within(page.evaluate((names) => {
      const els = names.map((n) => document.querySelector(`[data-cell-name="${n}"]`));
      const done = els.filter((el) => el?.getAttribute('data-status') === 'fulfilled' && (el.querySelector('svg g[aria-label]') || el.querySelector('[data-testid="cell-note"]')));
      const missing = els.filter((el) => !done.includes(el)).map((el) => (el ? `${el.getAttribute('data-cell-name')} (${el.getAttribute('data-status')}: ${(el.textContent ?? '').replace(/\s+/g, ' ').slice(-80)})` : '?'));
      return `${done.length} of ${names.length} figures drawn; not drawn: ${missing.join('; ') || 'none'}`;
    }, plotNames), 10_000)) ?? `no answer from the page${crashed ? ` (${crashed})` : ''}`;
    /** The page's longest tasks so far, each with what filled it. */
    const printLongTasks = async (what: string, threads: ThreadProfile[]) => {
      const t = threads.find((x) => x.thread === 'page');
      const tasks = await within(page.evaluate(() => {
        const w = window as unknown as { longTasks: number[]; longTaskStarts: number[] };
        return w.longTasks.map((duration, i) => ({ duration, start: w.longTaskStarts[i] }));
      }), 30_000);
      if (!t || t.origin === undefined || !tasks) return;
      for (const task of tasksIn(t.profile, t.origin, tasks.filter((x) => x.start >= t.origin!).sort((a, b) => b.duration - a.duration).slice(0, 6))) {
        say(`  a long task of ${task.ms.toFixed(0)} ms during ${what}, at ${((task.start - t.origin) / 1000).toFixed(1)} s; inclusive time:`);
        for (const f of task.top) console.error(`    ${f.ms.toFixed(0).padStart(7)} ms  ${f.fn}`);
      }
    };
    const profile = process.env.SCALE_PROFILE ? (what: string) => startProfiles(page).then((p) => async () => {
      const threads = await p.stop();
      printProfiles(what, threads);
      await printLongTasks(what, threads);
    }, () => async () => undefined) : undefined;

    say(`${total} trials written; opening the notebook`);
    const OPEN_S = Number(process.env.SCALE_OPEN_TIMEOUT ?? 600);
    // Profiled from the click that opens the notebook (the list loaded first): its first tasks too.
    await page.goto('about:blank');
    await page.goto(app.url);
    await page.getByRole('button', { name: /Motivation in Large Language Models/ }).first().waitFor();
    const stopOpenProfile = await profile?.('opening');
    t1 = Date.now();
    const opened = await within(openStudy(page, app.url, {}, { reload: false }).then(() => true), OPEN_S * 1000);
    const stopWatch = watchCells(page, say);
    const settledAt = opened ? allSettled(page, OPEN_S * 1500).then(() => (Date.now() - t1) / 1000, () => Infinity) : Promise.resolve(Infinity);
    let openSeconds = Infinity;
    if (opened && (await within(allFiguresDrawn(page, undefined, OPEN_S * 1000).then(() => true), OPEN_S * 1000 + 5_000))) openSeconds = (Date.now() - t1) / 1000;
    await stopOpenProfile?.();
    figure('  opening the notebook to every figure drawn', `${Number.isFinite(openSeconds) ? `${openSeconds.toFixed(1)} s` : `did not finish in ${OPEN_S} s: ${opened ? await figuresSoFar() : 'the notebook did not open'}`} (goal < 10 s: ${met(openSeconds < 10)})`);
    const settledSeconds = await within(settledAt, OPEN_S * 1500);
    figure('  opening the notebook to every cell computed', settledSeconds !== undefined && Number.isFinite(settledSeconds) ? `${settledSeconds.toFixed(1)} s` : `not within ${OPEN_S * 1.5} s`);
    stopWatch();
    const counted = (await within(page.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown } | null> } }).motivelab.cell('counts'))?.value), 60_000)) as { total: number }[] | null | undefined;
    figure('  trials the reply-counts table counts', Array.isArray(counted) ? `${counted.reduce((s, r) => s + r.total, 0).toLocaleString('en')} of ${total.toLocaleString('en')} written` : 'no table');
    const heapOpen = await within(heapUsage(page), 60_000);

    say('recomputing after an input change');
    const t2 = Date.now();
    let recompute = Infinity;
    const RECOMPUTE_S = Number(process.env.SCALE_RECOMPUTE_TIMEOUT ?? 300);
    if (Number.isFinite(openSeconds)) {
      const stopProfile = await profile?.('the recompute');
      if (await within(recomputeAfter(page, { seed: 8 }, RECOMPUTE_S * 1000).then(() => true), RECOMPUTE_S * 1000 + 5_000)) recompute = (Date.now() - t2) / 1000;
      await stopProfile?.();
    }
    figure('  recompute of every analysis after an input change (seed)', `${Number.isFinite(recompute) ? `${recompute.toFixed(1)} s` : Number.isFinite(openSeconds) ? `not settled after ${RECOMPUTE_S} s: ${await figuresSoFar()}` : 'not measured (the opening did not finish)'} (goal < 3 s: ${met(recompute < 3)})`);
    const heap = await within(heapUsage(page), 60_000);
    const sum = (h: { page: number; frames: number[] } | undefined) => (h ? h.page + h.frames.reduce((s, x) => s + x, 0) : 0);
    const last = heap ?? heapOpen;
    figure('  JS heap: page + sandbox frames', last ? `${mb(last.page)} + ${last.frames.map(mb).join(' + ')}${heap ? '' : ' (after opening)'} (goal < 2 GB: ${met(Math.max(sum(heap), sum(heapOpen)) < 2 * 2 ** 30)})` : 'not measured (no answer from the page)');
    const long = await within(page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks), 30_000);
    figure('  page long tasks (> 50 ms) from opening', `${long ? `${long.length}, longest ${Math.round(Math.max(0, ...long))} ms, ${(long.reduce((s, d) => s + Math.max(0, d - 50), 0) / 1000).toFixed(1)} s blocked` : 'not measured'}; errors: ${errors.length ? errors.slice(0, 3).join(' | ') : 'none'}`);
  } finally {
    await browser.close();
    await app.close();
  }
  return rows;
}
