/**
 * The study notebook with many stored trials, as a user meets it: used by the scaled-down browser
 * test (tests/e2e/study-at-scale.test.ts) and the full-scale bench (scripts/bench/scale.ts).
 * Trials are written by a page of the app's origin (`study-seed/`) through the store's public
 * API, for the designs the notebook itself computes at the chosen inputs.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { CDPSession, Page } from 'playwright-core';
import { asNotebookId } from '../../src/model';
import { parseNotebook } from '../../src/format/parse-notebook';
import type { SeedCell, SeedResult } from './study-seed/seed-types';

export const studyNotebook = parseNotebook(readFileSync(resolve(import.meta.dirname, '../../cells/motivation-in-llms.md'), 'utf8'), { id: asNotebookId('motivation-in-llms'), origin: 'shipped' });
const named = studyNotebook.cells.filter((c) => 'name' in c) as (typeof studyNotebook.cells[number] & { name: string })[];
export const plotNames = named.filter((c) => c.kind === 'plot').map((c) => c.name);

/** Seeded in this order: a design that reads another experiment's trials after it. */
const EXPERIMENTS: readonly { name: string; design: string; upstream?: SeedCell['upstream'] }[] = [
  { name: 'pre', design: 'preDesign' },
  { name: 'breakdown', design: 'breakdownDesign' },
  { name: 'execution', design: 'executionDesign' },
  { name: 'choice', design: 'choiceDesign' },
  { name: 'judge', design: 'judgeDesign', upstream: { name: 'execution', field: 'evaluates' } },
  { name: 'post', design: 'postDesign', upstream: { name: 'execution', field: 'continues' } },
  { name: 'similar', design: 'similarDesign', upstream: { name: 'execution', field: 'continues', onlyControl: true } },
];

/** Builds the seeding page into the app's folder, so it is served from the app's origin. */
export async function addSeedPage(appDir: string): Promise<void> {
  await build({ root: resolve(import.meta.dirname, 'study-seed'), logLevel: 'warn', configFile: false, base: './', build: { outDir: join(appDir, 'study-seed'), emptyOutDir: true, minify: false } });
}

/** Resolves when no cell of the open notebook is pending or idle. */
export function allSettled(page: Page, timeout = 600_000): Promise<unknown> {
  return page.waitForFunction(() => [...document.querySelectorAll('[data-cell-name]')].every((e) => !['pending', 'idle'].includes(e.getAttribute('data-status') ?? '')), undefined, { timeout, polling: 100 });
}

/** Every 15 s until stopped: the open notebook's cells by status and the first pending ones (a full-scale run takes minutes). */
export function watchCells(page: Page, say: (line: string) => void): () => void {
  const timer = setInterval(() => void page.evaluate(() => {
    const cells = [...document.querySelectorAll('[data-cell-name]')];
    const by: Record<string, number> = {};
    for (const c of cells) by[c.getAttribute('data-status') ?? '?'] = (by[c.getAttribute('data-status') ?? '?'] ?? 0) + 1;
    const waiting = cells.filter((c) => ['pending', 'idle'].includes(c.getAttribute('data-status') ?? ''));
    return `${JSON.stringify(by)}; waiting: ${waiting.map((c) => c.getAttribute('data-cell-name')).slice(0, 8).join(' ')}`;
  }).then(say, () => undefined), 15_000);
  return () => clearInterval(timer);
}

/** Sets inputs and resolves when the cells they move have gone pending and every cell has settled again. */
export async function recomputeAfter(page: Page, inputs: Record<string, string | number>, timeout = 600_000): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { sawPending: boolean };
    w.sawPending = false;
    new MutationObserver(() => (w.sawPending ||= document.querySelector('[data-status="pending"]') !== null)).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
  });
  await setInputs(page, inputs);
  await page.waitForFunction(() => (window as unknown as { sawPending: boolean }).sawPending && [...document.querySelectorAll('[data-cell-name]')].every((e) => !['pending', 'idle'].includes(e.getAttribute('data-status') ?? '')), undefined, { timeout, polling: 50 });
}

/** Opens the study from the notebook list and sets inputs by cell name, as a user does. */
export async function openStudy(page: Page, appUrl: string, inputs: Record<string, string | number> = {}, options: { reload?: boolean } = {}): Promise<void> {
  // `reload: false`: the app's list is already loaded (the bench profiles from the click on).
  if (options.reload !== false) {
    await page.goto('about:blank');
    await page.goto(appUrl);
  }
  await page.getByRole('button', { name: /Motivation in Large Language Models/ }).first().click();
  await page.locator('[data-cell-name="pre"]').waitFor();
  await setInputs(page, inputs);
}

/** Sets inputs of the open study by cell name, as a user does. */
export async function setInputs(page: Page, inputs: Record<string, string | number>): Promise<void> {
  for (const [name, value] of Object.entries(inputs)) {
    const spec = studyNotebook.cells.find((c) => c.kind === 'input' && c.name === name);
    if (spec?.kind !== 'input') throw new Error(`no input cell ${name}`);
    const box = page.locator(`[data-cell-name="${name}"]`).getByLabel(spec.input.label ?? name, { exact: true });
    if (spec.input.type === 'select') await box.selectOption(String(value));
    else if (spec.input.type === 'range') await box.fill(String(value));
    else {
      await box.click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(String(value));
      await page.keyboard.press('Enter');
    }
  }
}

/** Waits until the pre-task design, as the notebook computes it, passes `ready` (e.g. after inputs changed). */
export async function designReady(page: Page, ready: (design: { models: unknown[]; tasks: unknown[] }) => boolean, timeout = 600_000): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    const design = await page.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown } | null> } }).motivelab.cell('preDesign'))?.value);
    if (design && typeof design === 'object' && ready(design as { models: unknown[]; tasks: unknown[] })) return;
    if (Date.now() > until) throw new Error(`the design did not change: ${JSON.stringify(design).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Writes simulated trials for every experiment of the open study, at its current inputs, through
 * the store (in a second tab of the app's origin). The notebook must then be opened again to see them.
 */
export async function seedOpenStudy(page: Page, appUrl: string, progress?: (line: string) => void, watch?: (seeder: Page) => Promise<() => Promise<void>>): Promise<SeedResult[]> {
  const stop = progress ? watchCells(page, progress) : () => undefined;
  await allSettled(page).finally(stop);
  const specs = (await page.evaluate(async (names) => {
    const w = window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown } | null> } };
    const out: Record<string, unknown> = {};
    for (const n of names) out[n] = (await w.motivelab.cell(n))?.value;
    return out;
  }, EXPERIMENTS.map((e) => e.design))) as Record<string, Record<string, unknown>>;
  const ids = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-cell-name][data-cell-id]')].map((e) => [e.dataset.cellName, e.dataset.cellId])));
  const notebookId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
  const cells: SeedCell[] = EXPERIMENTS.map((e) => {
    const spec = { ...specs[e.design] };
    // The upstream table came back as plain data, if at all; the seeding page puts its own rows there.
    if (e.upstream) delete spec[e.upstream.field];
    return { name: e.name, cellId: ids[e.name]!, spec, ...(e.upstream && { upstream: e.upstream }) };
  });
  const seeder = await page.context().newPage();
  if (progress) seeder.on('console', (m) => progress(m.text()));
  try {
    await seeder.goto(`${appUrl}study-seed/index.html`);
    await seeder.waitForFunction(() => 'seedStudy' in window);
    const done = await watch?.(seeder);
    const result = await seeder.evaluate(({ id, list }) => (window as unknown as { seedStudy(id: string, cells: unknown): Promise<SeedResult[]> }).seedStudy(id, list), { id: notebookId, list: cells });
    await done?.();
    return result;
  } finally {
    await seeder.close();
  }
}

/** Resolves when every plot cell is drawn: an svg with marks, or a note for the plots named in `notes`. */
export function allFiguresDrawn(page: Page, notes: readonly string[] = ['figHuman'], timeout = 600_000): Promise<unknown> {
  return page.waitForFunction(({ plots, notes }) => plots.every((n) => {
    const el = document.querySelector(`[data-cell-name="${n}"]`);
    if (el?.getAttribute('data-status') !== 'fulfilled') return false;
    return el.querySelector('svg g[aria-label]') !== null || (notes.includes(n) && el.querySelector('[data-testid="cell-note"]') !== null);
  }), { plots: plotNames, notes }, { timeout, polling: 100 });
}

/** JS heap in use, in bytes, of the page and of each sandbox frame (out-of-process iframes have targets of their own). */
export async function heapUsage(page: Page): Promise<{ page: number; frames: number[] }> {
  const used = async (session: CDPSession) => ((await session.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
  const main = await page.context().newCDPSession(page);
  const result = { page: await used(main), frames: [] as number[] };
  await main.detach();
  for (const frame of page.frames().slice(1)) {
    try {
      const s = await page.context().newCDPSession(frame);
      result.frames.push(await used(s));
      await s.detach();
    } catch {
      // A frame in the page's own process has no target of its own; its heap is the page's.
    }
  }
  return result;
}
