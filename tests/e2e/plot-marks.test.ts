import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asNotebookId } from '../../src/model';
import { parseNotebook } from '../../src/format/parse-notebook';
import { startBrowserApp, stopBrowserApp, type BrowserApp } from './harness';
import { checkFigures } from './figures';
import { runNotebook } from './run-notebook';

/**
 * Every shipped notebook (cells/*.md), run whole in Chromium on the built-in simulated
 * participant at its default settings, with no network: every figure draws data marks inside
 * its frame, and every table with rows shows numbers (no NaN, n > 0).
 */
const dir = resolve(import.meta.dirname, '../../cells');
const shipped = readdirSync(dir).filter((f) => f.endsWith('.md')).sort().map((f) => parseNotebook(readFileSync(resolve(dir, f), 'utf8'), { id: asNotebookId(f.replace(/\.md$/, '')), origin: 'shipped' }));

let started: BrowserApp;
beforeAll(async () => {
  started = await startBrowserApp();
});
afterAll(() => stopBrowserApp(started ?? {}));

describe('the figures of every shipped notebook', () => {
  it('finds the shipped notebooks', () => {
    expect(shipped.map((n) => n.title)).toEqual(expect.arrayContaining(['Quick start', 'Motivation in Large Language Models']));
  });

  for (const notebook of shipped) {
    it(`${notebook.title}: every plot draws its marks inside the frame and every table reads as numbers`, async () => {
      const { page, errors } = started;
      const { trials, seconds, outside, longTasks } = await runNotebook(page, started.app.url, notebook);
      const seen = await checkFigures(page, notebook, { notes: { figHuman: /^no human ratings yet: paste a CSV/ } });
      expect(outside).toEqual([]);
      // Every figure drawn with `tip: true` showed its tip on hover (checkFigures hovers one mark of each).
      const tipped = notebook.cells.filter((c) => c.kind === 'plot' && 'source' in c && /tip:\s*true/.test(c.source) && !(c.name in seen.notes)).map((c) => ('name' in c ? c.name : ''));
      expect(seen.figures.filter((f) => f.tip).map((f) => f.name).sort()).toEqual(tipped.sort());
      expect(errors).toEqual([]);
      expect(seen.figures.length + Object.keys(seen.notes).length).toBe(notebook.cells.filter((c) => c.kind === 'plot').length);
      console.log(`${notebook.title}: ${trials} simulated trials in ${seconds.toFixed(1)} s; ${longTasks}; figures: ${seen.figures.map((f) => `${f.name} ${JSON.stringify(f.marks)}${f.tip ? ` tip [${f.tip.join(' / ')}]` : ''}`).join(', ')}; tables: ${seen.tables.map((t) => `${t.name} (${t.rows})`).join(', ')}`);
    }, 900_000);
  }
});
