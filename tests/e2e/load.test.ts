import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type Rollup } from 'vite';
import { startBrowserApp, stopBrowserApp, type BrowserApp } from './harness';
import { planCost } from '../../src/study';

/**
 * Load fast (issue 16, goal 5), by structure: the notebook list's first script leaves out what
 * only an open notebook needs; the sandbox's heavy libraries still work where they now run on
 * first use; switching notebooks makes one sandbox per notebook and leaves none behind.
 */
const root = resolve(__dirname, '../..');
const HEAVY = /node_modules\/(@codemirror|@lezer|@observablehq\/plot|openai|arquero|@uwdata\/flechette|acorn|marked|dompurify|gpt-tokenizer|compromise|d3-[a-z]+)\//;

describe('the first script', () => {
  it('holds neither editors, charts, tables, the SDK nor the study: those load when a notebook opens', async () => {
    const out = (await build({ root, logLevel: 'warn', build: { write: false } })) as Rollup.RollupOutput;
    const chunks = new Map(out.output.filter((o): o is Rollup.OutputChunk => o.type === 'chunk').map((c) => [c.fileName, c]));
    const entry = [...chunks.values()].find((c) => c.isEntry)!;
    // The entry and what it imports statically: all the page runs before the list shows.
    const first = new Set<Rollup.OutputChunk>();
    const visit = (c: Rollup.OutputChunk) => void (first.has(c) || (first.add(c), c.imports.forEach((f) => visit(chunks.get(f)!))));
    visit(entry);
    const modules = [...first].flatMap((c) => c.moduleIds);
    expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
    expect(modules.filter((m) => /src\/(ui\/notebook\/NotebookPage|state\/notebook-state|providers\/openai|study\/)/.test(m) || m.includes('sandbox-code'))).toEqual([]);
    // …and they are all still there, each in a chunk loaded on demand.
    const later = [...chunks.values()].filter((c) => !first.has(c)).flatMap((c) => c.moduleIds);
    for (const name of ['@codemirror/view', 'openai', 'arquero']) expect(later.some((m) => m.includes(`node_modules/${name}/`))).toBe(true);
    expect(later.some((m) => m.endsWith('src/ui/notebook/NotebookPage.svelte'))).toBe(true);
  }, 120_000);
});

describe('opening notebooks in Chromium', () => {
  let started: BrowserApp;
  beforeAll(async () => void (started = await startBrowserApp()));
  afterAll(() => stopBrowserApp(started ?? {}));

  const settled = (page: BrowserApp['page']) =>
    page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('section.cell[data-cell-name]')];
      return cells.length > 0 && cells.every((c) => !['pending', 'idle'].includes(c.getAttribute('data-status')!));
    }, undefined, { timeout: 120_000 });

  it('counts the study\'s prompt tokens in the sandbox as gpt-tokenizer does in Node, the tokenizer running on first use', async () => {
    const { page, app, errors } = started;
    await page.goto(app.url);
    await page.getByRole('button', { name: /Motivation in Large Language Models/ }).click();
    await page.locator('[data-cell-name="costs"][data-status="fulfilled"]').waitFor({ timeout: 120_000 });
    const value = async (name: string) => page.evaluate(async (n) => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown }> } }).motivelab.cell(n)).value, name);
    const costs = (await value('costs')) as { experiment: string; model: string; promptTokens: number }[];
    const expected = await planCost(await value('preDesign'), { prices: (await value('prices')) as never });
    const pre = costs.filter((r) => r.experiment === 'pre');
    expect(pre.length).toBeGreaterThan(0);
    expect(pre.map((r) => [r.model, r.promptTokens])).toEqual(expected.map((r) => [r.model, r.promptTokens]));
    expect(pre.every((r) => r.promptTokens > 0)).toBe(true);
    expect(errors).toEqual([]);
  }, 180_000);

  it('gives each notebook opened from the list one sandbox and leaves none behind when switching', async () => {
    const { page, app, errors } = started;
    const titles = ['Quick start', 'Personality of language models'];
    await page.goto(app.url);
    for (let i = 0; i < 4; i++) {
      await page.getByRole('button', { name: new RegExp(titles[i % 2]) }).click();
      await settled(page);
      await page.getByRole('link', { name: 'Notebooks' }).click();
    }
    // The open notebook's sandbox, and at most one made ahead for the next notebook.
    expect(await page.locator('iframe.sandbox-frame').count()).toBeLessThanOrEqual(2);
    expect(errors).toEqual([]);
  }, 180_000);
});
