/**
 * Issue 16, goal 5 (load fast), on the production build served by a static server to headless
 * Chromium:
 * - the first script (index.html's module script) gzipped, and with the chunks it imports
 *   statically (all the page must run before the list shows), against ≤ 300 KiB;
 * - cold load: a fresh browser context (empty cache and IndexedDB), from navigation to the notebook
 *   list answering a real click (Duplicate on a shipped notebook adds its copy to the list),
 *   against < 1 s;
 * - second notebook open: open the Quick start and wait for all its cells to settle, go back to
 *   the list, open another notebook; from that click to its cells rendered and settled (the sandbox
 *   ready and every cell computed), against < 1 s.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildApp, launchBrowser, serveStatic } from '../../tests/e2e/harness';

const KIB = 1024;
const gz = (data: Buffer | string) => gzipSync(data, { level: 9 }).length;
const kib = (bytes: number) => `${(bytes / KIB).toFixed(0)} KiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const goal = (ok: boolean) => (ok ? 'met' : 'NOT met');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

/** The cells of the open notebook have all settled: rendered, none idle or computing. */
async function cellsSettled(page: Page, title: string): Promise<number> {
  return page.waitForFunction(
    (t) => {
      const h = document.querySelector('h1, .notebook-title, input.title-input');
      const cells = [...document.querySelectorAll('section.cell[data-cell-name]')];
      const shown = document.body.textContent?.includes(t) && h !== null;
      return shown && cells.length > 0 && cells.every((c) => c.getAttribute('data-status') !== 'pending' && c.getAttribute('data-status') !== 'idle') ? performance.now() : null;
    },
    title,
    { polling: 'raf', timeout: 60_000 },
  ).then((h) => h.jsonValue() as Promise<number>);
}

async function coldLoad(browser: Browser, url: string): Promise<{ interactive: number; listShown: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const row = page.locator('[data-notebook-row]').filter({ hasText: 'Quick start' });
    await row.waitFor();
    const listShown = await page.evaluate(() => performance.now());
    const rows = await page.locator('[data-notebook-row]').count();
    await row.getByRole('button', { name: 'Duplicate' }).click();
    const interactive = await page
      .waitForFunction((n) => (document.querySelectorAll('[data-notebook-row]').length > n ? performance.now() : null), rows, { polling: 'raf' })
      .then((h) => h.jsonValue() as Promise<number>);
    return { interactive, listShown };
  } finally {
    await context.close();
  }
}

async function openTwo(browser: Browser, url: string, second: string, pauseMs: number): Promise<{ first: number; second: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const open = async (title: string) => {
      const card = page.getByRole('button', { name: new RegExp(title) });
      await card.waitFor();
      const t0 = await page.evaluate(() => performance.now());
      await card.click();
      return (await cellsSettled(page, title)) - t0;
    };
    const first = await open('Quick start');
    await page.getByRole('link', { name: 'Notebooks' }).click();
    // A user who reads the list first gives the sandbox made ahead time to start.
    await page.waitForTimeout(pauseMs);
    return { first, second: await open(second) };
  } finally {
    await context.close();
  }
}

/** Goal 5's rows; builds the app unless `appDir` holds a build already. */
export async function loadFigures(appDir?: string, repeats = 5): Promise<[string, string][]> {
  const dir = appDir ?? (await buildApp());
  const rows: [string, string][] = [];
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const entry = /<script type="module" crossorigin src="\.\/([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error('load bench: no module script in index.html');
  // Vite lists the entry's static imports as modulepreload links: the page runs none of its code before they arrive.
  const firstPath = [entry, ...[...html.matchAll(/<link rel="modulepreload" crossorigin href="\.\/([^"]+)"/g)].map((m) => m[1])];
  const first = gz(readFileSync(join(dir, entry)));
  const path = firstPath.reduce((n, f) => n + gz(readFileSync(join(dir, f))), 0);
  let all = 0;
  for (const f of files(dir).filter((f) => /\.(js|css|html)$/.test(f) && !f.endsWith('standalone.html'))) all += gz(readFileSync(f));
  rows.push(['first script, gzipped', `${kib(first)} (goal ≤ 300 KiB: ${goal(first <= 300 * KIB)})`]);
  rows.push(['  with its static imports (before the list)', `${kib(path)} in ${firstPath.length} files (goal ≤ 300 KiB: ${goal(path <= 300 * KIB)})`]);
  rows.push(['all JS+CSS+HTML, gzipped', kib(all)]);

  const site = await serveStatic(dir);
  const browser = await launchBrowser();
  try {
    const cold: { interactive: number; listShown: number }[] = [];
    for (let i = 0; i < repeats; i++) cold.push(await coldLoad(browser, site.url));
    const interactive = median(cold.map((c) => c.interactive));
    rows.push([`cold load to the list answering a click (median of ${repeats})`, `${interactive.toFixed(0)} ms, list shown at ${median(cold.map((c) => c.listShown)).toFixed(0)} ms (goal < 1,000 ms: ${goal(interactive < 1000)})`]);
    const opens: { first: number; second: number }[] = [];
    const paused: { first: number; second: number }[] = [];
    for (let i = 0; i < Math.max(3, Math.ceil(repeats / 2)); i++) {
      opens.push(await openTwo(browser, site.url, 'Personality of language models', 0));
      paused.push(await openTwo(browser, site.url, 'Personality of language models', 2000));
    }
    const second = median(opens.map((o) => o.second));
    const secondPaused = median(paused.map((o) => o.second));
    rows.push([`first notebook open, Quick start (median of ${opens.length})`, `${median(opens.map((o) => o.first)).toFixed(0)} ms to every cell settled`]);
    rows.push([`second notebook open, Personality, at once (median of ${opens.length})`, `${second.toFixed(0)} ms to every cell settled (goal < 1,000 ms: ${goal(second < 1000)})`]);
    rows.push([`  after 2 s on the list (median of ${paused.length})`, `${secondPaused.toFixed(0)} ms (goal < 1,000 ms: ${goal(secondPaused < 1000)})`]);
  } finally {
    await browser.close();
    await site.close();
  }
  return rows;
}
