import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import * as aq from 'arquero';
import * as parquetWasm from 'parquet-wasm';
import { buildApp, launchBrowser, newPage, serveStatic } from './harness';

/**
 * Sharing through files, as a user does it in Chromium: import a notebook by file picker, by
 * drag-and-drop and by `?notebook=<url>`; duplicate, rename, delete; import a CSV of human
 * ratings into a data cell a query reads; export that query's table in four formats (re-read in
 * Node); and the messages for bad input, with nothing stored changed.
 */
let app: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let errors: string[];
const requests: string[] = [];

const ratingsNotebook = `---
title: Ratings
---

Human ratings of the tasks, next to the models'.

\`\`\`data ratings
{ "columns": ["taskId", "rater", "rating"] }
\`\`\`

\`\`\`query meanRating
ratings.groupby('taskId').rollup({ mean: op.mean('rating'), n: op.count() }).orderby('taskId')
\`\`\`
`;
const ratingsCsv = 'taskId,rater,rating\nt1,ann,4\nt1,bob,2\nt2,ann,5\n';
const expectedMeans = [{ taskId: 't1', mean: 3, n: 2 }, { taskId: 't2', mean: 5, n: 1 }];

const cell = (name: string) => page.locator(`[data-cell-name="${name}"]`);
const row = (title: string) => page.locator('li[data-notebook-row]').filter({ has: page.getByRole('button', { name: new RegExp(`^${title}`) }) });

/** What the app has stored, read straight from IndexedDB. */
function stored(): Promise<{ notebooks: string[]; datasets: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('motivelab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['notebooks', 'datasets']);
          const notebooks = tx.objectStore('notebooks').getAll();
          const datasets = tx.objectStore('datasets').count();
          tx.oncomplete = () => {
            resolve({ notebooks: (notebooks.result as { title: string; updatedAt: number }[]).map((n) => `${n.title}@${n.updatedAt}`).sort(), datasets: datasets.result });
            open.result.close();
          };
        };
      }),
  );
}

/** Drops files on the page as a drag from the desktop does. */
async function dropFiles(target: string, files: { name: string; text?: string; size?: number }[]) {
  await page.evaluate(
    ({ target, files }) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([f.text ?? new Uint8Array(f.size ?? 0)], f.name));
      document.querySelector(target)!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { target, files },
  );
}

async function download(click: () => Promise<void>): Promise<{ name: string; bytes: Uint8Array }> {
  const [dl] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, void];
  return { name: dl.suggestedFilename(), bytes: new Uint8Array(readFileSync((await dl.path())!)) };
}

beforeAll(async () => {
  const dir = await buildApp();
  mkdirSync(join(dir, 'shared'));
  writeFileSync(join(dir, 'shared', 'ratings.md'), ratingsNotebook.replace('title: Ratings', 'title: Ratings from the web'));
  app = await serveStatic(dir);
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser));
  page.on('dialog', (d) => void d.accept());
  page.on('request', (r) => requests.push(r.url()));
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('sharing notebooks and data through files, in Chromium', () => {
  it('imports a notebook file with the file picker', async () => {
    await page.goto(app.url);
    await page.getByRole('button', { name: /Quick start/ }).waitFor();
    await page.getByTestId('import-notebook').setInputFiles({ name: 'ratings.md', mimeType: 'text/markdown', buffer: Buffer.from(ratingsNotebook) });
    await cell('meanRating').waitFor();
    expect(await page.getByLabel('Notebook title').inputValue()).toBe('Ratings');
    // An imported notebook runs no code until the user trusts it.
    await cell('meanRating').getByText(/Not run: this notebook came from the file ratings\.md/).waitFor();
    await page.getByTestId('review-trust').click();
    await page.getByTestId('trust').click();
    await cell('ratings').getByText(/No table imported into “ratings” yet/).waitFor();
  });

  it('imports a CSV of human ratings into the data cell, and the query cell reads it', async () => {
    await cell('ratings').getByTestId('import-into-cell').setInputFiles({ name: 'human-ratings.csv', mimeType: 'text/csv', buffer: Buffer.from(ratingsCsv) });
    await cell('ratings').getByTestId('dataset-info').filter({ hasText: '“human-ratings.csv” · 3 rows · 3 columns' }).waitFor();
    await cell('meanRating').locator('table').getByText('t2').waitFor();
    const value = await page.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown }> } }).motivelab.cell('meanRating')).value);
    expect(value).toEqual(expectedMeans);
  });

  it('exports the query table as CSV, JSON, Arrow and Parquet, which read back the same in Node', async () => {
    await cell('meanRating').getByRole('button', { name: 'Export table' }).click();
    const files: Record<string, Uint8Array> = {};
    for (const label of ['CSV', 'JSON', 'Apache Arrow', 'Parquet']) {
      // parquet-wasm is fetched on first use only, not with the page.
      expect(requests.some((u) => u.endsWith('.wasm'))).toBe(false);
      const { name, bytes } = await download(() => cell('meanRating').getByRole('button', { name: `Export as ${label}` }).click());
      files[name] = bytes;
    }
    expect(requests.filter((u) => u.endsWith('.wasm'))).toHaveLength(1);
    expect(Object.keys(files).sort()).toEqual(['meanRating.arrow', 'meanRating.csv', 'meanRating.json', 'meanRating.parquet']);
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    expect(text(files['meanRating.csv'])).toBe('taskId,mean,n\nt1,3,2\nt2,5,1\n');
    expect(aq.fromJSON(text(files['meanRating.json'])).objects()).toEqual(expectedMeans);
    expect(aq.fromArrow(files['meanRating.arrow']).objects()).toEqual(expectedMeans);
    const fromParquet = aq.fromArrow(parquetWasm.readParquet(files['meanRating.parquet']).intoIPCStream());
    expect(fromParquet.objects()).toEqual(expectedMeans);
  });

  it('re-imports into the data cell when a file is dropped on it, and the query recomputes', async () => {
    const cells = await page.locator('[data-cell-name]').count();
    await dropFiles('[data-cell-name="ratings"] .data-panel', [{ name: 'human-ratings.csv', text: `${ratingsCsv}t3,cy,1\n` }]);
    await cell('ratings').getByTestId('dataset-info').filter({ hasText: '4 rows' }).waitFor();
    await cell('meanRating').locator('table').getByText('t3').waitFor();
    expect(await page.locator('[data-cell-name]').count()).toBe(cells);
    // Back to the three ratings the next steps expect.
    await dropFiles('[data-cell-name="ratings"] .data-panel', [{ name: 'human-ratings.csv', text: ratingsCsv }]);
    await cell('ratings').getByTestId('dataset-info').filter({ hasText: '3 rows' }).waitFor();
    await page.waitForFunction(() => document.querySelector('[data-cell-name="meanRating"] table')?.textContent?.includes('t3') === false);
  });

  it('imports a data file with Import data as a new data cell', async () => {
    await page.getByTestId('import-data').setInputFiles({ name: 'model-ratings.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify([{ model: 'm1', taskId: 't1', value: 7 }, { model: 'm2', taskId: 't1', value: 3 }])) });
    await page.getByTestId('import-message').filter({ hasText: 'Imported “model-ratings.json” as the table modelRatings' }).waitFor();
    await cell('modelRatings').locator('table').getByText('m2').waitFor();
  });

  it('says what is wrong with bad data files, and changes nothing stored', async () => {
    const before = await stored();
    await cell('ratings').getByTestId('import-into-cell').setInputFiles({ name: 'short.csv', mimeType: 'text/csv', buffer: Buffer.from('taskId,rating\nt1,4\n') });
    await cell('ratings').getByRole('alert').filter({ hasText: "Could not import “short.csv”: it is missing the column 'rater'" }).waitFor();
    await cell('ratings').getByTestId('import-into-cell').setInputFiles({ name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('taskId,rater,rating\nt1,ann,4\nt2,bob\n') });
    await cell('ratings').getByRole('alert').filter({ hasText: 'Could not import “ragged.csv”: the header names 3 columns, but row 2 has 2 fields' }).waitFor();
    // An unbalanced quote would swallow the rows after it into one field: refused, naming its line.
    await cell('ratings').getByTestId('import-into-cell').setInputFiles({ name: 'unbalanced.csv', mimeType: 'text/csv', buffer: Buffer.from('taskId,rater,rating\nt1,ann,4\n"t2,bob,5\nt3,cy,2\n') });
    await cell('ratings').getByRole('alert').filter({ hasText: 'Could not import “unbalanced.csv”: line 3: a quoted field is never closed. Nothing was changed.' }).waitFor();
    await page.getByTestId('import-data').setInputFiles({ name: 'proto.csv', mimeType: 'text/csv', buffer: Buffer.from('__proto__,rating\nt1,4\n') });
    await page.getByTestId('import-message').filter({ hasText: "Could not import “proto.csv”: the column name '__proto__' cannot be used" }).waitFor();
    await page.getByTestId('import-data').setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0]) });
    await page.getByTestId('import-message').filter({ hasText: 'Could not import “photo.csv”: it is a PNG image, not a CSV file' }).waitFor();
    await page.getByTestId('import-data').setInputFiles({ name: 'broken.parquet', mimeType: 'application/octet-stream', buffer: Buffer.from('PAR1 and then nothing') });
    await page.getByTestId('import-message').filter({ hasText: 'Could not import “broken.parquet”: it is truncated' }).waitFor();
    await dropFiles('main', [{ name: 'huge.csv', size: 50 * 1024 * 1024 + 1 }]);
    await page.getByTestId('notice').filter({ hasText: 'Could not import “huge.csv”: it is 50 MB, over the limit of 50 MB' }).waitFor();
    expect(await stored()).toEqual(before);
    expect(await page.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown }> } }).motivelab.cell('meanRating')).value)).toEqual(expectedMeans);
  });

  it('imports a notebook dropped on the page, and refuses malformed, truncated, wrong-type and oversized ones', async () => {
    await page.goto(`${app.url}#/`);
    await page.getByRole('button', { name: /Quick start/ }).waitFor();
    const before = await stored();
    await dropFiles('main', [{ name: 'cut.md', text: ratingsNotebook.slice(0, ratingsNotebook.indexOf('ratings.groupby')) }]);
    await page.getByTestId('notice').filter({ hasText: "Could not import “cut.md”: it is not a valid notebook: Line 11: the query cell 'meanRating' has no closing ```" }).waitFor();
    await page.getByTestId('import-notebook').setInputFiles({ name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Notes\n\nno front matter\n') });
    await page.getByTestId('notice').filter({ hasText: 'Could not import “notes.md”: it is not a valid notebook: Line 1: a notebook starts with a front matter' }).waitFor();
    await dropFiles('main', [{ name: 'picture.png', text: '\x89PNG' }]);
    await page.getByTestId('notice').filter({ hasText: 'Could not import “picture.png”: a notebook file is Markdown text ending in .md' }).waitFor();
    await dropFiles('main', [{ name: 'big.md', size: 5 * 1024 * 1024 + 1 }]);
    await page.getByTestId('notice').filter({ hasText: 'Could not import “big.md”: it is 5 MB, over the limit of 5 MB' }).waitFor();
    expect(await stored()).toEqual(before);

    await dropFiles('main', [{ name: 'dropped.md', text: ratingsNotebook.replace('title: Ratings', 'title: Dropped ratings') }]);
    await cell('meanRating').waitFor();
    expect(await page.getByLabel('Notebook title').inputValue()).toBe('Dropped ratings');
  });

  it('opens a notebook by ?notebook=<url>, and says so when the URL does not answer', async () => {
    await page.goto(`${app.url}?notebook=shared/ratings.md`);
    await cell('meanRating').waitFor();
    expect(await page.getByLabel('Notebook title').inputValue()).toBe('Ratings from the web');
    expect(page.url()).not.toContain('?notebook=');
    await page.goto(`${app.url}?notebook=shared/missing.md`);
    await page.getByTestId('notice').filter({ hasText: /Could not import “http:\/\/127\.0\.0\.1:\d+\/shared\/missing\.md”: the server answered HTTP 404/ }).waitFor();
  });

  it('duplicates, renames and deletes user notebooks from the list; shipped ones only duplicate', async () => {
    await page.goto(`${app.url}#/`);
    await row('Ratings from the web').waitFor();
    expect(await row('Quick start').getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await row('Ratings').first().getByRole('button', { name: 'Duplicate' }).click();
    await row('Ratings \\(copy\\)').waitFor();
    await row('Ratings \\(copy\\)').getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New title').fill('Shared ratings');
    await page.getByRole('button', { name: 'Save title' }).click();
    await row('Shared ratings').waitFor();
    // The copy carries the imported table: its query shows the same means.
    await row('Shared ratings').getByRole('button', { name: /^Shared ratings/ }).click();
    await cell('meanRating').locator('table').getByText('t2').waitFor();
    // On the notebook page: duplicate (opens the copy), rename it, delete it.
    await page.getByRole('button', { name: 'Duplicate', exact: true }).click();
    await page.waitForFunction(() => (document.querySelector('[aria-label="Notebook title"]') as HTMLInputElement | null)?.value === 'Shared ratings (copy)');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await page.getByLabel('New title').fill('Page copy');
    await page.getByRole('button', { name: 'Save title' }).click();
    await page.waitForFunction(() => (document.querySelector('[aria-label="Notebook title"]') as HTMLInputElement | null)?.value === 'Page copy');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted the notebook “Page copy”' }).waitFor();
    await row('Shared ratings').getByRole('button', { name: 'Delete' }).click();
    await row('Shared ratings').waitFor({ state: 'detached' });
    expect((await stored()).notebooks.some((n) => n.startsWith('Shared ratings'))).toBe(false);
    expect(errors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
  });
});
