import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { newPage, startBrowserApp, stopBrowserApp } from './harness';

/**
 * Limits instead of freezes, as a user meets them in Chromium: a notebook too big to open is
 * refused with a plain reason, a big one opens without freezing the page, and outputs too big to
 * show are cut with a note. "Without freezing" is a bound, not a benchmark: no task on the page's
 * main thread longer than 1 s (PerformanceObserver 'longtask').
 */
let app: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;

const cell = (name: string) => page.locator(`[data-cell-name="${name}"]`);
const fence = (kind: string, name: string, code: string) => `\`\`\`${kind} ${name}\n${code}\n\`\`\`\n`;

/** Records the page's long tasks from its first script on (see longestTask). */
async function watchLongTasks(p: Page): Promise<void> {
  await p.addInitScript(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

beforeAll(async () => {
  ({ app, browser, page } = await startBrowserApp());
  await watchLongTasks(page);
  await page.goto(app.url);
}, 300_000);

afterAll(async () => {
  await stopBrowserApp({ app, browser });
});

/** Forgets the long tasks seen so far. */
async function resetLongTasks(): Promise<void> {
  await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
}

/** The longest main-thread task since the last reset, in ms. */
async function longestTask(): Promise<number> {
  return page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
}

/** Imports a notebook file as a user does, with Import notebook on the list. */
async function importFile(text: string, name: string): Promise<void> {
  await page.getByRole('link', { name: 'Notebooks' }).click();
  await page.getByTestId('import-notebook').setInputFiles({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) });
}

/** A notebook of `n` one-line query cells. */
function manyCells(title: string, n: number): string {
  return [`---\ntitle: ${title}\n---\n`, ...Array.from({ length: n }, (_, i) => fence('query', `c${i}`, `${i} + 1`))].join('\n');
}

describe('limits instead of freezes', () => {
  it('refuses a notebook of 3,000 cells with the reason, and the page stays responsive', async () => {
    await resetLongTasks();
    await importFile(manyCells('Three thousand', 3000), 'huge.md');
    await page.getByTestId('notice').filter({ hasText: 'Could not import “huge.md”: it is not a valid notebook: it has 3,000 cells, over the limit of 500' }).waitFor();
    expect(await longestTask()).toBeLessThan(1000);
  });

  it('opens a notebook of 500 cells before trust without freezing the page', async () => {
    await resetLongTasks();
    await importFile(manyCells('Five hundred', 500), 'big.md');
    await page.getByTestId('review-trust').waitFor();
    await cell('c499').getByTestId('not-run').waitFor();
    await cell('c499').getByText('499 + 1').waitFor();
    expect(await page.locator('section.cell').count()).toBe(500);
    // Every code editor is made in turn, without a long task either.
    await page.waitForFunction(() => document.querySelectorAll('.cm-content').length === 500, null, { timeout: 60_000 });
    expect(await cell('c499').locator('.cm-content').textContent()).toBe('499 + 1');
    const longest = await longestTask();
    console.log(`500 cells: longest main-thread task ${Math.round(longest)} ms`);
    expect(longest).toBeLessThan(1000);
  });

  it('shows trusted outputs too big for the page cut, or as a plain message, and the page stays responsive', async () => {
    const text = [
      '---\ntitle: Big outputs\n---\n',
      fence('query', 'bigString', "'x'.repeat(30 * 1024 * 1024)"),
      fence('query', 'wideTable', 'aq.table(Object.fromEntries(Array.from({ length: 20000 }, (_, c) => [`c${c}`, [c, c + 1]])))'),
      fence('plot', 'hugeChart', `{
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  for (let i = 0; i < 300000; i++) svg.appendChild(document.createElementNS(ns, 'circle'));
  return svg;
}`),
      fence('query', 'small', '6 * 7'),
    ].join('\n');
    await importFile(text, 'big-outputs.md');
    await page.getByTestId('review-trust').click();
    await page.getByTestId('trust').click();
    await resetLongTasks();
    await cell('small').locator('.value-preview').filter({ hasText: '42' }).waitFor();
    await cell('hugeChart').getByTestId('value-limit').filter({ hasText: 'this chart has 300,001 elements, over the limit of 50,000; filter the data or sample it' }).waitFor({ timeout: 60_000 });
    await cell('wideTable').getByTestId('more-columns').filter({ hasText: '… and 19,800 more columns' }).waitFor({ timeout: 60_000 });
    expect(await cell('wideTable').locator('th').count()).toBe(200);
    expect(await cell('wideTable').locator('tbody tr').first().locator('td').last().innerText()).toBe('199');
    const preview = cell('bigString').locator('.value-preview');
    await preview.filter({ hasText: '… (29.9 MB more)' }).waitFor({ timeout: 60_000 });
    expect((await preview.innerText()).length).toBeLessThan(100_100);
    const longest = await longestTask();
    console.log(`big outputs: longest main-thread task ${Math.round(longest)} ms`);
    expect(longest).toBeLessThan(1000);
  });
});

describe('a design of many calls', () => {
  it('counts 3,000,000 planned calls without expanding them, asks before running a large design, and runs it once accepted', async () => {
    const list = (n: number, name: string) => JSON.stringify(Array.from({ length: n }, (_, i) => `${name} ${i}`));
    const design = (models: number, tasks: number) =>
      `{ endpoint: 'simulated', models: ${list(models, 'model')}, tasks: ${list(tasks, 'Task')}, prompt: 'Rate {{task}} from {{min}} to {{max}}', scale: { min: 1, max: 7 }, repetitions: 1000 }`;
    const text = ['---\ntitle: Many calls\n---\n', fence('experiment', 'huge', design(10, 300)), fence('experiment', 'large', design(4, 30))].join('\n');
    await importFile(text, 'many-calls.md');
    await page.getByTestId('review-trust').click();
    await page.getByTestId('trust').click();
    await resetLongTasks();
    await cell('huge').getByTestId('planned-calls').filter({ hasText: '3,000,000 calls planned' }).waitFor({ timeout: 60_000 });
    await cell('large').getByTestId('planned-calls').filter({ hasText: '120,000 calls planned' }).waitFor({ timeout: 60_000 });

    const asked: string[] = [];
    page.once('dialog', (d) => (asked.push(d.message()), void d.dismiss()));
    await cell('huge').getByTestId('run-experiment').click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('This design plans 3,000,000 calls to simulated.');
    // Declined: nothing runs.
    expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    const longest = await longestTask();
    console.log(`3,000,000 planned calls shown: longest main-thread task ${Math.round(longest)} ms`);
    expect(longest).toBeLessThan(1000);

    // Accepted: the plan is expanded and runs, and Cancel run stops it.
    page.once('dialog', (d) => (asked.push(d.message()), void d.accept()));
    await cell('large').getByTestId('run-experiment').click();
    await cell('large').getByRole('button', { name: 'Cancel run' }).click({ timeout: 60_000 });
    await cell('large').getByTestId('run-experiment').waitFor({ timeout: 60_000 });
    expect(asked[1]).toContain('This design plans 120,000 calls to simulated.');
    expect(await cell('large').getByRole('button', { name: /^Show trials \(\d+\)$/ }).count()).toBe(1);
  });
});

describe('a sandbox that stops answering', () => {
  let small: Browser;

  beforeAll(async () => {
    // A small JavaScript heap, so that running out of memory is quick and cheap on a shared machine.
    small = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--js-flags=--max-old-space-size=256'],
    });
    ({ page } = await newPage(small));
    await watchLongTasks(page);
    await page.goto(app.url);
  });

  afterAll(async () => {
    await small?.close();
  });

  it('says a cell in an endless loop is still running, then stopped, and Restart sandbox brings the other cells back', async () => {
    const text = [
      '---\ntitle: Endless loop\n---\n',
      fence('query', 'a', '1 + 1'),
      fence('query', 'spin', '{\n  while (true) {}\n}'),
      fence('query', 'afterSpin', 'spin + 1'),
      fence('query', 'b', 'a * 10'),
    ].join('\n');
    await importFile(text, 'loop.md');
    await page.getByTestId('review-trust').click();
    await page.getByTestId('trust').click();
    await resetLongTasks();
    await cell('spin').getByTestId('still-running').filter({ hasText: /^Still running \(\d+ s\)$/ }).waitFor();
    const stopped = cell('spin').getByTestId('sandbox-stopped');
    await stopped.filter({ hasText: 'Stopped: the sandbox stopped responding (out of memory or an endless loop).' }).waitFor({ timeout: 30_000 });
    // The page itself stayed live all along: the loop runs in the sandbox's process.
    expect(await longestTask()).toBeLessThan(1000);

    await stopped.getByRole('button', { name: 'Restart sandbox' }).click();
    await cell('b').locator('.value-preview').filter({ hasText: '20' }).waitFor();
    await cell('a').locator('.value-preview').filter({ hasText: '2' }).waitFor();
    await cell('spin').locator('.cell-error').filter({ hasText: 'Skipped: this cell was running when the sandbox stopped responding' }).waitFor();
    expect(await cell('b').getAttribute('data-status')).toBe('fulfilled');
    expect(await cell('afterSpin').getAttribute('data-status')).toBe('rejected');

    // Edited, the cell runs again, and the one that reads it follows.
    await cell('spin').locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('3');
    await page.keyboard.press('Shift+Enter');
    await cell('afterSpin').locator('.value-preview').filter({ hasText: '4' }).waitFor();
    expect(await longestTask()).toBeLessThan(1000);
  });

  it('says so when a cell runs the sandbox out of memory, and Restart sandbox brings the other cells back', async () => {
    const text = [
      '---\ntitle: Out of memory\n---\n',
      fence('query', 'hog', '{\n  const keep = [];\n  while (true) keep.push(new Array(1e6).fill(Math.random()));\n}'),
      fence('query', 'c', '6 * 7'),
    ].join('\n');
    await importFile(text, 'hog.md');
    // When the sandbox's process dies, Playwright counts the whole page as crashed (it hears the
    // crash on the frame's session too), though the page lives on: from here the test reads and
    // clicks through a DevTools session of its own.
    const cdp = await page.context().newCDPSession(page);
    const read = async <T>(expression: string): Promise<T> =>
      ((await cdp.send('Runtime.evaluate', { expression, returnByValue: true })).result as { value: T }).value;
    const waitUntil = async (expression: string) => {
      for (const end = Date.now() + 60_000; !(await read<boolean>(expression)); ) {
        if (Date.now() > end) throw new Error(`Timed out waiting for ${expression}; the page shows: ${await read<string>('document.body.innerText')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await page.getByTestId('review-trust').click();
    await page.getByTestId('trust').click();
    await resetLongTasks();
    const hog = `document.querySelector('[data-cell-name="hog"] [data-testid="sandbox-stopped"]')`;
    await waitUntil(`${hog}?.innerText.includes('Stopped: the sandbox stopped responding (out of memory or an endless loop).') ?? false`);
    await read(`${hog}.querySelector('button').click()`);
    await waitUntil(`document.querySelector('[data-cell-name="c"] .value-preview')?.innerText === '42'`);
    await waitUntil(`document.querySelector('[data-cell-name="hog"] .cell-error')?.innerText.includes('Skipped:') ?? false`);
    expect(await read<boolean>(`${hog} === null`)).toBe(true);
    expect(await read<number>('Math.max(0, ...window.longTasks)')).toBeLessThan(1000);
  });
});
