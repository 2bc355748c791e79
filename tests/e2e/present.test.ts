import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { asNotebookId } from '../../src/model';
import { parseNotebook } from '../../src/format/parse-notebook';
import { buildApp, launchBrowser, newPage, serveStatic } from './harness';

/**
 * The present view of the study notebook, as a teacher uses it: code folds away and stays so
 * after a reload and in a one-file copy; the outline jumps to a section; Run all on the built-in
 * simulated participant shows the whole study's progress at the top; Reset brings back the
 * shipped text and keeps the trials.
 */
const study = parseNotebook(readFileSync(resolve(import.meta.dirname, '../../cells/motivation-in-llms.md'), 'utf8'), { id: asNotebookId('x'), origin: 'shipped' });
const experiments = study.cells.filter((c) => c.kind === 'experiment').map((c) => ('name' in c ? c.name : ''));
const downloads = mkdtempSync(join(tmpdir(), 'motivelab-present-'));

let site: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let errors: string[];
const cell = (p: Page, name: string) => p.locator(`[data-cell-name="${name}"]`);
const editors = (p: Page) => p.locator('article.notebook .cm-editor');

beforeAll(async () => {
  site = await serveStatic(await buildApp({ standalone: true }));
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser));
  page.on('dialog', (d) => void d.accept());
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function setRange(p: Page, name: string, label: string, value: number) {
  await cell(p, name).getByLabel(label, { exact: true }).fill(String(value));
}

/** Every experiment's trials of its current plan, as its cell's table holds them. */
async function trialCounts(p: Page): Promise<number[]> {
  await p.waitForFunction(() => [...document.querySelectorAll('[data-cell-name]')].every((e) => !['pending', 'idle'].includes(e.getAttribute('data-status') ?? '')), undefined, { timeout: 120_000 });
  return p.evaluate(async (names) => {
    const w = window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown } | null> } };
    return Promise.all(names.map(async (n) => ((await w.motivelab.cell(n))?.value as unknown[] | undefined)?.length ?? -1));
  }, experiments);
}

const reps = 'Responses per model × experiment × sub-task (study: 2)';
const perCategory = 'Sub-tasks per category (stratified, seeded sample; 250 = all)';

describe('the present view of the study notebook', () => {
  it('hides the code, in large type, and stays so after a reload', async () => {
    await page.goto(site.url);
    await page.getByRole('button', { name: /Motivation in Large Language Models/ }).first().click();
    await cell(page, experiments[0]).waitFor();
    // Editors are made a few at a time as cells come near the viewport; a loaded machine is slower.
    await expect.poll(() => editors(page).count(), { timeout: 30_000 }).toBeGreaterThan(10);
    const before = await page.locator('article.notebook').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));

    await page.getByTestId('present').click();
    await expect.poll(() => editors(page).count(), { timeout: 30_000 }).toBe(0);
    expect(await page.getByTestId('present').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('article.notebook').evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThan(before);
    // Text and inputs stay; a code cell is its name, and opens on a click.
    await page.getByRole('heading', { name: 'Motivation in Large Language Models', level: 1 }).waitFor();
    await cell(page, 'reps').getByLabel(reps, { exact: true }).waitFor();
    const toggle = cell(page, experiments[0]).getByTestId('show-code');
    expect(await toggle.innerText()).toContain(experiments[0]);
    await toggle.click();
    await expect.poll(() => cell(page, experiments[0]).locator('.cm-editor').count()).toBe(1);
    await toggle.click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(downloads, 'present.png') });
    console.log(`present view screenshot: ${join(downloads, 'present.png')}`);

    await page.reload();
    await cell(page, experiments[0]).waitFor();
    expect(await page.getByTestId('present').getAttribute('aria-pressed')).toBe('true');
    expect(await editors(page).count()).toBe(0);
  });

  it('jumps to a heading from the outline', async () => {
    const heading = page.getByRole('heading', { name: 'Do reports differ by task category? (Figure 1)' });
    const viewport = page.viewportSize()!;
    expect((await heading.boundingBox())!.y).toBeGreaterThan(viewport.height);
    await page.getByTestId('outline').locator('summary').click();
    await page.getByRole('navigation', { name: 'Outline' }).getByRole('button', { name: 'Do reports differ by task category? (Figure 1)' }).click();
    await expect.poll(async () => (await heading.boundingBox())!.y).toBeLessThan(viewport.height / 2);
    expect((await heading.boundingBox())!.y).toBeGreaterThanOrEqual(0);
    await page.getByTestId('outline').locator('summary').click();
  });

  it('shows the whole study’s progress at the top during Run all on simulated', async () => {
    await setRange(page, 'reps', reps, 1);
    await setRange(page, 'perCategory', perCategory, 1);
    for (const name of experiments) await cell(page, name).locator('.badge.sim').waitFor();
    await page.getByTestId('run-all').click();
    const bar = page.getByTestId('run-all-progress');
    await bar.waitFor();
    expect(await page.getByTestId('run-all-experiments').innerText()).toMatch(new RegExp(`^\\d of ${experiments.length} experiments done$`));
    // At the top: above every cell.
    expect(await bar.evaluate((b) => !!(b.compareDocumentPosition(document.querySelector('[data-cell-id]')!) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);
    await page.getByTestId('run-all').waitFor({ timeout: 600_000 });
    expect(await page.getByTestId('run-all-experiments').innerText()).toBe(`${experiments.length} of ${experiments.length} experiments done`);
    const counts = await trialCounts(page);
    const trials = counts.reduce((a, b) => a + b, 0);
    expect(counts.every((n) => n > 0)).toBe(true);
    const text = await bar.locator('.progress-text').innerText();
    expect(text).toContain(`${trials} done · 0 failed · ${trials} total`);
    expect(text).toMatch(/elapsed \S+/);
    expect(await bar.getByRole('progressbar').getAttribute('aria-valuenow')).toBe(String(trials));
    await bar.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(downloads, 'run-all.png') });
  });

  it('opens a one-file copy in the present view', async () => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as one HTML file' }).click()]);
    const path = join(downloads, d.suggestedFilename());
    await d.saveAs(path);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
    const p = await ctx.newPage();
    await p.goto(pathToFileURL(path).href);
    await p.getByTestId('bundle-banner').waitFor({ timeout: 30_000 });
    await cell(p, experiments[0]).waitFor();
    expect(await p.getByTestId('present').getAttribute('aria-pressed')).toBe('true');
    expect(await editors(p).count()).toBe(0);
    await p.getByRole('heading', { name: 'Motivation in Large Language Models', level: 1 }).waitFor();
    await ctx.close();
  });

  it('resets an edited shipped notebook to the shipped text and keeps the trials', async () => {
    const counts = await trialCounts(page);
    expect(counts.every((n) => n > 0)).toBe(true);
    await page.getByTestId('present').click();
    await expect.poll(() => editors(page).count(), { timeout: 30_000 }).toBeGreaterThan(10);
    // Editors are made a few at a time: count them once every one is made.
    await expect.poll(() => page.locator('.code-preview').count(), { timeout: 60_000 }).toBe(0);
    // One cell folds away and back, the others stay as they are.
    const all = await editors(page).count();
    await cell(page, experiments[0]).getByRole('button', { name: 'Collapse cell' }).click();
    expect(await cell(page, experiments[0]).locator('.cm-editor').count()).toBe(0);
    expect(await cell(page, experiments[0]).getByTestId('collapsed').innerText()).toContain(experiments[0]);
    expect(await editors(page).count()).toBe(all - 1);
    await cell(page, experiments[0]).getByRole('button', { name: 'Expand cell' }).click();
    expect(await editors(page).count()).toBe(all);
    const title = page.locator('.cell-markdown').first();
    await title.locator('.markdown-view').dblclick();
    await title.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('# An edited title');
    await page.keyboard.press('Shift+Enter');
    await page.getByRole('heading', { name: 'An edited title', level: 1 }).waitFor();

    await page.getByTestId('reset-shipped').click();
    await page.getByRole('heading', { name: 'Motivation in Large Language Models', level: 1 }).waitFor();
    expect(await page.getByRole('heading', { name: 'An edited title' }).count()).toBe(0);
    expect(await page.getByTestId('reset-shipped').count()).toBe(0);
    // The shipped inputs are back (2 responses, 3 sub-tasks); at the run's settings the same trials show, with no new run.
    expect(await cell(page, 'reps').getByLabel(reps, { exact: true }).inputValue()).toBe('2');
    await setRange(page, 'reps', reps, 1);
    await setRange(page, 'perCategory', perCategory, 1);
    expect(await trialCounts(page)).toEqual(counts);
    await page.reload();
    await cell(page, experiments[0]).waitFor();
    expect(await trialCounts(page)).toEqual(counts);
    expect(errors).toEqual([]);
  });
});
