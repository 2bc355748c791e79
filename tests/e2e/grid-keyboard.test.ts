import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startBrowserApp, stopBrowserApp, type BrowserApp } from './harness';

/**
 * Comparing replies, small screens and the keyboard, in Chromium on the production build: the
 * trial inspector's grid against the trials it shows, no sideways scroll at 390 × 844, and a
 * run from the notebook list to a finished run with Tab, Enter and Esc only.
 */
let s: BrowserApp;

beforeAll(async () => {
  s = await startBrowserApp();
});

afterAll(async () => {
  await stopBrowserApp(s ?? {});
});

/** What has focus, in words a test can compare: a test id, an aria-label, or the text of a button or link. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    if (!e || e === document.body) return '(body)';
    const cell = e.closest('[data-cell-name]')?.getAttribute('data-cell-name');
    const name = e.getAttribute('data-testid') ?? e.getAttribute('aria-label') ?? e.textContent?.trim().slice(0, 40) ?? e.tagName;
    return `${cell ? `${cell}: ` : ''}${e.classList.contains('cm-content') ? 'editor ' : ''}${name}`;
  });

/**
 * Presses Tab (Shift+Tab with `back`) until `target` has focus and returns every stop on the way. In a
 * code editor, where Tab indents, it leaves as the editor's hint says: Esc, then Tab.
 */
async function tabTo(page: Page, target: (stop: string) => boolean, stops: string[] = [], back = false): Promise<string[]> {
  for (let i = 0; i < 150; i++) {
    const here = await focused(page);
    if (i > 0 && target(here)) return stops;
    if (here.includes('editor ')) {
      const hint = await page.evaluate(() => document.getElementById(document.activeElement?.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
      expect(hint, here).toMatch(/press Esc then Tab/);
      await page.keyboard.press('Escape');
      // CodeMirror's convention: Esc alone keeps the editor focused; only the Tab right after it moves on.
      expect(await focused(page)).toBe(here);
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    stops.push(await focused(page));
  }
  throw new Error(`never reached the target; stops: ${stops.join(' | ')}`);
}

const overflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth);

describe('keyboard, grid and small screens', () => {
  it('goes from the notebook list to a finished run with Tab, Enter and Esc only', async () => {
    const { page } = s;
    await page.goto(s.app.url);
    await page.getByRole('button', { name: /Quick start/ }).waitFor();
    const toList = await tabTo(page, (f) => /^Quick start/.test(f));
    expect(toList.slice(0, 3)).toEqual(['Motivelab', 'Notebooks', 'Settings']);
    await page.keyboard.press('Enter');
    await page.locator('[data-cell-name="ratings"] .badge.sim').waitFor();
    const stops = await tabTo(page, (f) => f === 'ratings: run-experiment');
    // The main actions in reading order: Settings, then Export, then the first cell's Run, then the experiment's Run.
    const at = (label: RegExp) => stops.findIndex((f) => label.test(f));
    expect(at(/^Export as text$/)).toBeGreaterThan(-1);
    expect(at(/^Export as text$/)).toBeLessThan(at(/^ratings: Run cell/));
    expect(at(/^ratings: editor/)).toBeLessThan(stops.length - 1);
    // Esc then Tab left the editor without indenting its code: no cell says it was edited.
    expect(await page.getByText(/Edited — press Shift\+Enter/).count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.locator('[data-cell-name="ratings"]').getByText(/Finished: 10 of 10 trials done/).waitFor({ timeout: 60_000 });
    // Back up to the top bar (Shift+Tab; Esc first in an editor), then the study notebook: Export comes before Run all.
    await tabTo(page, (f) => f === 'Notebooks', [], true);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /Motivation in Large Language Models/ }).waitFor();
    await tabTo(page, (f) => /^Motivation in Large Language Models/.test(f));
    await page.keyboard.press('Enter');
    const toRunAll = await tabTo(page, (f) => f === 'run-all');
    expect(toRunAll.findIndex((f) => f === 'Export as text')).toBeGreaterThan(-1);
    expect(toRunAll.some((f) => /^\w+: /.test(f)), 'Run all comes before any cell').toBe(false);
  });

  it('shows each model and task in its grid cell, as the trials say', async () => {
    const { page } = s;
    await page.goto(s.app.url);
    await page.getByRole('button', { name: /Quick start/ }).click();
    const cell = page.locator('[data-cell-name="ratings"]');
    const models = page.locator('[data-cell-name="models"]').getByLabel('Models (comma-separated)');
    await models.fill('llama-3-8b, gpt-4o-mini');
    await models.press('Enter');
    await cell.getByText(/calls planned/).filter({ hasText: '2 models' }).waitFor();
    await cell.getByTestId('run-experiment').click();
    // gpt-4o-mini's trials are stored from the first test: only llama-3-8b's are sent.
    await cell.getByText(/Finished: 10 of 10 trials done/).waitFor({ timeout: 60_000 });
    await cell.getByRole('button', { name: /Show trials/ }).click();
    await cell.getByTestId('grid-view').click();
    const grid = cell.getByTestId('reply-grid');
    await grid.waitFor();

    // The trials, as the cell's table has them.
    const trials = await page.evaluate(async () => {
      const w = window as unknown as { motivelab: { cell(n: string): Promise<{ value: { model: string; taskId: string; value: number | null; status: string; repetition: number }[] } | null> } };
      return (await w.motivelab.cell('ratings'))!.value.map((t) => ({ model: t.model, taskId: t.taskId, value: t.value, status: t.status, repetition: t.repetition, raw: (t as { raw?: string }).raw ?? '' }));
    });
    expect(trials).toHaveLength(20);
    expect(trials.every((t) => t.raw.trim() !== '')).toBe(true);
    expect(await grid.locator('thead th').allInnerTexts()).toEqual(['task', 'gpt-4o-mini', 'llama-3-8b']);
    expect(await grid.locator('tbody th').allInnerTexts()).toEqual(['copy', 'poem', 'proof', 'sort', 'tax']);
    let excerpts = 0;
    for (const model of ['gpt-4o-mini', 'llama-3-8b']) {
      for (const task of ['copy', 'poem', 'proof', 'sort', 'tax']) {
        const mine = trials.filter((t) => t.model === model && t.taskId === task).sort((a, b) => a.repetition - b.repetition);
        const td = grid.locator(`tbody tr[data-row="${task}"] td[data-column="${model}"]`);
        expect(await td.getByTestId('grid-reply').allInnerTexts(), `${model} ${task}`).toEqual(mine.map((t) => String(t.value ?? t.status)));
        const ok = mine.filter((t) => t.status === 'ok' && t.value !== null).map((t) => t.value!);
        const mean = ok.reduce((a, b) => a + b, 0) / ok.length;
        expect(Number(await td.getByTestId('grid-mean').innerText()), `${model} ${task}`).toBeCloseTo(mean, 2);
        await td.getByText(`mean, n = ${ok.length}`).waitFor();
        // The first lines of the first repetition's reply, unless it is only the number already shown.
        const reply = mine[0].raw.trim();
        if (reply === String(mine[0].value)) expect(await td.locator('.grid-excerpt').count()).toBe(0);
        else expect(await td.locator('.grid-excerpt').innerText()).toContain(reply.split('\n')[0].slice(0, 60));
        excerpts += reply === String(mine[0].value) ? 0 : 1;
      }
    }
    // These seeded models answer some tasks in words (llama-3-8b on tax), so the excerpt check above ran.
    expect(excerpts).toBeGreaterThan(0);
    // The simulated models differ somewhere, or the grid would show nothing worth comparing.
    const means = await grid.getByTestId('grid-mean').allInnerTexts();
    expect(new Set(means).size).toBeGreaterThan(1);

    // A click opens the whole trial; the model filter narrows the grid to one column.
    await grid.locator('tbody tr[data-row="tax"] td[data-column="llama-3-8b"]').getByTestId('grid-reply').last().click();
    const details = cell.getByRole('region', { name: 'Trial details' });
    await details.getByText('llama-3-8b · tax · none · repetition 2').waitFor();
    await details.getByText(/Fill in a long tax form/).first().waitFor();
    await cell.getByRole('combobox', { name: /^Model/ }).selectOption('gpt-4o-mini');
    expect(await grid.locator('thead th').allInnerTexts()).toEqual(['task', 'gpt-4o-mini']);
    // Sorted by how much the models differ: with one model left no row differs, so task order stays.
    await cell.getByRole('combobox', { name: /^Model/ }).selectOption('');
    await cell.getByTestId('grid-sort').selectOption('spread');
    const spreads = await grid.locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('[data-testid="grid-mean"]')].map((m) => Number(m.textContent))).map((m) => Math.max(...m) - Math.min(...m)));
    expect(spreads).toEqual([...spreads].sort((a, b) => b - a));
    expect(s.errors).toEqual([]);
  });

  it('has no sideways scroll at 390 × 844 on Quick start (run, with its grid) and the study notebook', async () => {
    const context = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      await page.goto(s.app.url);
      await page.getByRole('button', { name: /Quick start/ }).click();
      const cell = page.locator('[data-cell-name="ratings"]');
      await cell.locator('.badge.sim').waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await cell.getByTestId('run-experiment').click();
      await cell.getByText(/Finished: 10 of 10 trials done/).waitFor({ timeout: 60_000 });
      await page.locator('[data-cell-name="chart"] svg').first().waitFor();
      await cell.getByRole('button', { name: /Show trials/ }).click();
      await cell.locator('table.trials tbody tr').first().click();
      await cell.getByRole('region', { name: 'Trial details' }).waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      // The wide trials table scrolls inside its cell instead.
      expect(await cell.locator('.trial-inspector .table-scroll').evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
      await cell.getByTestId('grid-view').click();
      await cell.getByTestId('reply-grid').waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);

      await page.getByRole('link', { name: 'Notebooks' }).click();
      await page.getByRole('button', { name: /Motivation in Large Language Models/ }).first().click();
      await page.locator('[data-cell-kind="experiment"]').first().waitFor();
      await page.waitForFunction(() => [...document.querySelectorAll('[data-cell-name]')].every((e) => e.getAttribute('data-status') !== 'pending'), undefined, { timeout: 60_000 });
      expect(await overflow(page)).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
});
