import { mkdtempSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { asNotebookId } from '../../src/model';
import { parseNotebook } from '../../src/format/parse-notebook';
import { buildApp, launchBrowser, serveStatic } from './harness';
import { startTestServer, type TestServer } from '../server/test-server';

/**
 * Sharing as a user does it, on the production build served at a sub-path as GitHub Pages does:
 * shipped notebooks by stable URL; a run with a recognisable key, then every export searched
 * byte by byte for that key; a one-file export opened from disk with all network blocked.
 */
const KEY = `sk-PROBE-${randomBytes(16).toString('hex')}`;
const study = parseNotebook(readFileSync(resolve(import.meta.dirname, '../../cells/motivation-in-llms.md'), 'utf8'), { id: asNotebookId('x'), origin: 'shipped' });

let llm: TestServer;
let site: { url: string; close(): Promise<void> };
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every request the page made: URL, headers and body. */
const requests: { url: string; headers: Record<string, string>; body: string | null }[] = [];
/** Every console message and uncaught error of the page. */
const logs: string[] = [];
/** What the user downloaded or could see leave the app: checked byte by byte for the key. */
const outputs: { name: string; bytes: Buffer }[] = [];
const downloadsDir = mkdtempSync(join(tmpdir(), 'motivelab-downloads-'));

const cell = (p: Page, name: string) => p.locator(`[data-cell-name="${name}"]`);

beforeAll(async () => {
  llm = await startTestServer({ models: ['model-a', 'model-b'], apiKey: KEY, responseModel: (m) => `${m}-2026-01-15` });
  site = await serveStatic(await buildApp({ standalone: true }), { base: '/motivelab/' });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const allowed = new Set([new URL(site.url).origin, new URL(llm.url).origin]);
  await context.route('**/*', (route) => {
    const r = route.request();
    requests.push({ url: r.url(), headers: r.headers(), body: r.postData() });
    return allowed.has(new URL(r.url()).origin) ? route.continue() : route.abort();
  });
  page = await context.newPage();
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}\n${e.stack ?? ''}`));
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await llm?.close();
});

async function setText(p: Page, name: string, label: string | RegExp, text: string) {
  await cell(p, name).getByLabel(label).click();
  await p.keyboard.press('ControlOrMeta+a');
  await p.keyboard.type(text);
  await p.keyboard.press('Enter');
}

async function download(p: Page, click: () => Promise<void>): Promise<{ path: string; download: Download }> {
  const [d] = await Promise.all([p.waitForEvent('download'), click()]);
  const path = join(downloadsDir, d.suggestedFilename());
  await d.saveAs(path);
  return { path, download: d };
}

/** The key as it could appear in bytes: raw, URL-encoded, base64 at every alignment, UTF-16. */
function keyForms(key: string): string[] {
  const secret = key.slice('sk-PROBE-'.length);
  const base64 = [0, 1, 2].map((pad) => {
    const b = Buffer.from('x'.repeat(pad) + secret).toString('base64');
    // Drop the characters that depend on what precedes or follows the key.
    return b.slice(Math.ceil((pad * 4) / 3) + 1, -4);
  });
  return [key, secret, encodeURIComponent(key), Buffer.from(secret).toString('hex'), ...base64];
}

function leaks(bytes: Buffer): string[] {
  const found = keyForms(KEY).filter((form) => bytes.includes(form) || bytes.includes(Buffer.from(form, 'utf16le')));
  return found;
}

/** Waits until no cell computes, then returns every named cell's status and error. */
async function settledCells(p: Page): Promise<{ name: string; status: string; error: string | null }[]> {
  await p.waitForFunction(() => [...document.querySelectorAll('[data-cell-name]')].every((e) => e.getAttribute('data-status') !== 'pending'), undefined, { timeout: 60_000 });
  return p.evaluate(async () => {
    const w = window as unknown as { motivelab: { cell(n: string): Promise<{ status: string; error: string | null } | null> } };
    return Promise.all([...document.querySelectorAll('[data-cell-name]')].map(async (e) => {
      const name = e.getAttribute('data-cell-name')!;
      const c = (await w.motivelab.cell(name))!;
      return { name, status: c.status, error: c.error };
    }));
  });
}

/** Code of an imported notebook may wait for the user's trust (the sandbox's trust gate): give it. */
async function trustIfAsked(p: Page): Promise<void> {
  const review = p.getByTestId('review-trust');
  await review.waitFor({ timeout: 3000 }).then(async () => (await review.click(), await p.getByTestId('trust').click()), () => undefined);
}

/** Opens a one-file export from disk in a fresh context with every network request blocked. */
async function openOffline(path: string) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const attempted: string[] = [];
  await ctx.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : (attempted.push(route.request().url()), route.abort())));
  const p = await ctx.newPage();
  p.on('request', (r) => !/^(file|data|blob):/.test(r.url()) && attempted.push(r.url()));
  const errors: string[] = [];
  p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(pathToFileURL(path).href);
  await p.getByTestId('bundle-banner').waitFor({ timeout: 30_000 });
  await trustIfAsked(p);
  return { p, ctx, attempted, errors };
}

describe('sharing in Chromium', () => {
  it('serves the shipped notebooks as a static site at a sub-path, each at a stable URL', async () => {
    await page.goto(site.url);
    await page.getByRole('button', { name: /Quick start/ }).waitFor();
    await page.getByRole('button', { name: /Motivation in Large Language Models/ }).waitFor();
    await page.goto(`${site.url}#/notebook/quick-start`);
    await cell(page, 'ratings').waitFor();
    await cell(page, 'byTask').waitFor();
    await page.goto(`${site.url}#/notebook/motivation-in-llms`);
    await cell(page, 'pre').waitFor();
    const res = await fetch(`${site.url}.nojekyll`);
    expect(res.status).toBe(200);
  });

  it('records provenance of a run: returned model ids, endpoint without key, hashes', async () => {
    await page.goto(`${site.url}#/settings`);
    await page.getByLabel('Name').fill('local');
    await page.getByLabel('Base URL').fill(llm.url);
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(`sk-…${KEY.slice(-4)}`).waitFor();
    await page.goto(`${site.url}#/notebook/quick-start`);
    await setText(page, 'endpoint', 'Endpoint name (from Settings)', 'local');
    await setText(page, 'models', 'Models (comma-separated)', 'model-a, model-b');
    await cell(page, 'ratings').getByText(/calls planned/).filter({ hasText: '2 models' }).waitFor();
    await cell(page, 'ratings').getByTestId('run-experiment').click();
    await cell(page, 'ratings').getByText(/Finished: 20 of 20 trials done/).waitFor({ timeout: 60_000 });
    await cell(page, 'chart').locator('svg').first().waitFor();

    // Per experiment: the last run's provenance.
    const own = cell(page, 'ratings').getByTestId('cell-provenance');
    await own.getByText(/^Provenance of the last run/).click();
    await own.getByTestId('response-models').filter({ hasText: 'model-a-2026-01-15' }).waitFor();
    await own.getByText(llm.url).waitFor();
    // In the run history, per run.
    await page.getByText('Run history').click();
    const history = page.locator('.run-history');
    await history.locator('.provenance summary').first().click();
    const shown = await history.locator('.provenance').first().innerText();
    expect(shown).toMatch(/model-a-2026-01-15, model-b-2026-01-15|model-b-2026-01-15, model-a-2026-01-15/);
    expect(shown).toMatch(/Notebook hash\s+[0-9a-f]{64}/);
    expect(shown).toContain('temperature 1 · max tokens 20');
    expect(shown).not.toContain(KEY);
  });

  it('never lets the key out: every export, log and request searched byte by byte', async () => {
    const text = await download(page, () => page.getByRole('button', { name: 'Export as text' }).click());
    outputs.push({ name: 'notebook text', bytes: readFileSync(text.path) });
    const html = await download(page, () => page.getByRole('button', { name: 'Export as one HTML file' }).click());
    expect(html.download.suggestedFilename()).toBe('quick-start.html');
    outputs.push({ name: 'one-file HTML', bytes: readFileSync(html.path) });
    const prov = await download(page, () => page.getByRole('button', { name: 'Download provenance (JSON)' }).click());
    const provenance = JSON.parse(readFileSync(prov.path, 'utf8'));
    expect(provenance.runs[0]).toMatchObject({ baseURL: llm.url, requestedModels: ['model-a', 'model-b'], repetitions: 2, endpointName: 'local' });
    outputs.push({ name: 'provenance JSON', bytes: readFileSync(prov.path) });

    // An endpoint that echoes the key in its error: the run stops, and says why without the key.
    llm.configure({ models: ['model-a', 'model-b', 'model-c'], fail: () => ({ status: 401, message: `Incorrect API key provided: ${KEY}` }) });
    try {
      await setText(page, 'models', 'Models (comma-separated)', 'model-a, model-b, model-c');
      await cell(page, 'ratings').getByText(/calls planned/).filter({ hasText: '3 models' }).waitFor();
      await cell(page, 'ratings').getByTestId('run-experiment').click();
      await cell(page, 'ratings').getByText(/401/).first().waitFor({ timeout: 30_000 });
      await cell(page, 'ratings').getByRole('button', { name: /Show trials/ }).click();
      await cell(page, 'ratings').getByLabel('Model').selectOption('model-c');
      await cell(page, 'ratings').locator('table.trials tbody tr').first().click();
      await cell(page, 'ratings').getByRole('region', { name: 'Trial details' }).getByText('[API key]').first().waitFor();
    } finally {
      llm.configure({ models: ['model-a', 'model-b'], fail: undefined });
    }
    // The trials (with the refused run's errors) and a query's table, in every data format.
    for (const name of ['ratings', 'byTask']) {
      await cell(page, name).getByRole('button', { name: 'Export table' }).first().click();
      for (const label of ['CSV', 'JSON', 'Apache Arrow', 'Parquet']) {
        const file = await download(page, () => cell(page, name).getByRole('button', { name: `Export as ${label}` }).first().click());
        outputs.push({ name: `${name} as ${label}`, bytes: readFileSync(file.path) });
      }
    }
    expect(outputs.filter((o) => o.name.startsWith('ratings as')).every((o) => o.bytes.length > 100)).toBe(true);
    const failed = await download(page, () => page.getByRole('button', { name: 'Download provenance (JSON)' }).click());
    outputs.push({ name: 'provenance JSON with a refused run', bytes: readFileSync(failed.path) });
    outputs.push({ name: 'page text', bytes: Buffer.from(await page.locator('body').innerText()) });
    outputs.push({ name: 'page HTML', bytes: Buffer.from(await page.content()) });
    outputs.push({ name: 'console and page errors', bytes: Buffer.from(logs.join('\n')) });

    // The test can fail: the probe finds the key where it is.
    expect(leaks(Buffer.from(`xx${KEY}yy`))).toContain(KEY);
    expect(leaks(Buffer.from(Buffer.from(`a${KEY}`).toString('base64'))).length).toBeGreaterThan(0);
    for (const o of outputs) expect(leaks(o.bytes), o.name).toEqual([]);

    // The key went only to its endpoint, on every request there, and never anywhere else.
    const llmOrigin = new URL(llm.url).origin;
    const withKey = requests.filter((r) => leaks(Buffer.from(JSON.stringify(r))).length > 0);
    expect(withKey.length).toBeGreaterThan(0);
    expect(withKey.every((r) => new URL(r.url).origin === llmOrigin)).toBe(true);
    expect(requests.filter((r) => ![new URL(site.url).origin, llmOrigin].includes(new URL(r.url).origin))).toEqual([]);
    expect(llm.requests.length).toBeGreaterThan(0);
    expect(llm.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it('opens the one-file Quick start from disk with no network and redraws it from its trials', async () => {
    const path = join(downloadsDir, 'quick-start.html');
    const { p, ctx, attempted, errors } = await openOffline(path);
    await p.getByTestId('bundle-banner').getByText('Read-only copy of “Quick start”').waitFor();
    await cell(p, 'chart').locator('svg').first().waitFor();
    await cell(p, 'byTask').locator('tbody tr').first().waitFor();
    expect(await cell(p, 'byTask').locator('tbody tr').count()).toBe(10);
    expect((await settledCells(p)).filter((c) => c.status === 'rejected')).toEqual([]);
    // The run and its provenance travelled with the file.
    await p.getByText('Run history').click();
    await p.locator('.run-history .provenance summary').first().click();
    await p.locator('.run-history .provenance').first().getByText('model-a-2026-01-15', { exact: false }).waitFor();
    // The copy exports again with no server: its own page is the template.
    const again = await download(p, () => p.getByRole('button', { name: 'Export as one HTML file' }).click());
    const copy = readFileSync(again.path, 'utf8');
    expect(copy.startsWith('<!doctype html>')).toBe(true);
    expect(copy).toContain('<title>Quick start · Motivelab</title>');
    const json = /<script type="application\/json" id="motivelab-bundle">(.*?)<\/script>/s.exec(copy)![1];
    expect(JSON.parse(json)).toMatchObject({ notebookId: 'quick-start', title: 'Quick start' });
    expect(JSON.parse(json).trials).toHaveLength(20);
    expect(copy.match(/id="motivelab-bundle"/g)).toHaveLength(1);
    expect(attempted).toEqual([]);
    expect(errors).toEqual([]);
    expect(leaks(Buffer.from(await p.content()))).toEqual([]);
    await ctx.close();
    const second = await openOffline(again.path);
    await cell(second.p, 'chart').locator('svg').first().waitFor();
    expect(await cell(second.p, 'byTask').locator('tbody tr').count()).toBe(10);
    expect(second.attempted).toEqual([]);
    expect(second.errors).toEqual([]);
    await second.ctx.close();
  });

  it('re-runs the one-file Quick start when the viewer adds their own key, sending it only to that endpoint', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const llmOrigin = new URL(llm.url).origin;
    const elsewhere: string[] = [];
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith(llmOrigin)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const p = await ctx.newPage();
    const viewerLogs: string[] = [];
    p.on('console', (m) => viewerLogs.push(m.text()));
    p.on('pageerror', (e) => viewerLogs.push(e.message));
    const file = pathToFileURL(join(downloadsDir, 'quick-start.html')).href;
    await p.goto(file);
    await p.getByTestId('bundle-banner').waitFor();
    await trustIfAsked(p);
    // On a loaded machine the first click can land while the trust dialog is still closing: click again, as a user would.
    for (let i = 0; ; i++) {
      await cell(p, 'ratings').getByRole('link', { name: 'add it in Settings' }).click();
      const shown = await p.getByLabel('Base URL').waitFor({ timeout: 20_000 }).then(() => true, () => false);
      if (shown) break;
      if (i === 2) throw new Error('Settings never opened from the "add it in Settings" link');
    }
    await p.getByLabel('Name').fill('local');
    await p.getByLabel('Base URL').fill(llm.url);
    await p.getByLabel('API key').fill(KEY);
    await p.getByRole('button', { name: 'Save' }).click();
    await p.getByText(`sk-…${KEY.slice(-4)}`).waitFor();
    await p.goto(`${file}#/notebook/quick-start`);
    const before = llm.requests.length;
    p.once('dialog', (d) => void d.accept());
    await cell(p, 'ratings').getByRole('button', { name: 'Fresh run' }).click();
    // A one-file copy asks before its first call on the viewer's key, and sends nothing until then.
    await p.getByTestId('paid-call-dialog').getByText('Send 20 calls on your endpoints?').waitFor();
    expect(llm.requests.length - before).toBe(0);
    await p.getByTestId('paid-call-confirm').click();
    await cell(p, 'ratings').getByText(/Finished: 20 of 20 trials done/).waitFor({ timeout: 60_000 });
    expect(llm.requests.length - before).toBe(20);
    expect(elsewhere).toEqual([]);
    expect(leaks(Buffer.from(viewerLogs.join('\n')))).toEqual([]);
    // The key stays in this browser: the file on disk never holds it.
    expect(leaks(readFileSync(join(downloadsDir, 'quick-start.html')))).toEqual([]);
    await ctx.close();
  });

  it('exports the study notebook run on the simulated participant and renders every figure offline from the file', async () => {
    await page.goto(`${site.url}#/notebook/motivation-in-llms`);
    await cell(page, 'pre').locator('.badge.sim').waitFor();
    const planned = () => cell(page, 'pre').getByTestId('planned-calls').locator('strong').innerText();
    const before = await planned();
    await cell(page, 'perCategory').getByLabel(/^Sub-tasks per category/).fill('2');
    await setText(page, 'nPairs', /^Choice pairs/, '8');
    await expect.poll(planned, { timeout: 10_000 }).not.toBe(before);
    await page.getByTestId('run-all').click();
    await page.getByTestId('stop-all').waitFor();
    await page.getByTestId('run-all').waitFor({ timeout: 300_000 });
    const live = await settledCells(page);
    expect(live.filter((c) => c.status === 'rejected')).toEqual([]);

    const { path } = await download(page, () => page.getByRole('button', { name: 'Export as one HTML file' }).click());
    const started = Date.now();
    const { p, ctx, attempted, errors } = await openOffline(path);
    // Every figure the app drew is drawn from the file (a plot without its data, e.g. human ratings not pasted, says so in a note instead).
    const names = new Set(study.cells.filter((c) => c.kind === 'plot').map((c) => ('name' in c ? c.name : '')));
    const plots = (await page.$$eval('[data-cell-name]', (els) => els.filter((e) => e.querySelector('svg')).map((e) => e.getAttribute('data-cell-name')!))).filter((n) => names.has(n));
    expect(plots.length).toBeGreaterThan(5);
    for (const name of plots) await cell(p, name).locator('svg').first().waitFor({ timeout: 30_000 });
    const cells = await settledCells(p);
    expect(cells.filter((c) => c.status === 'rejected')).toEqual([]);
    expect(cells.map((c) => c.name).sort()).toEqual(live.map((c) => c.name).sort());
    // Tables show rows, as in the app the file was exported from.
    const tables = await page.$$eval('[data-cell-name]', (els) => els.filter((e) => e.querySelector('tbody tr')).map((e) => e.getAttribute('data-cell-name')!));
    expect(tables.length).toBeGreaterThan(5);
    for (const name of tables) await cell(p, name).locator('tbody tr').first().waitFor({ timeout: 10_000 });
    const embedded = JSON.parse(/<script type="application\/json" id="motivelab-bundle">(.*?)<\/script>/s.exec(readFileSync(path, 'utf8'))![1]) as { trials: unknown[]; runs: unknown[] };
    expect(embedded.runs.length).toBeGreaterThanOrEqual(7);
    console.log(`one-file study: ${(readFileSync(path).length / 1e6).toFixed(1)} MB with ${embedded.trials.length} trials, ${plots.length} figures and ${tables.length} tables opened from disk and drawn in ${((Date.now() - started) / 1000).toFixed(1)} s (incl. up to 3 s waiting for a trust prompt)`);
    expect(attempted).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
