import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp, launchBrowser, serveStatic } from './harness';
import { startTestServer, type TestServer } from '../server/test-server';

/**
 * A key added to a one-file copy, as the attack of issue 18 (item 4) tried to steal it: Chromium
 * gives every page opened from `file://` one IndexedDB, so a plain local HTML file can read what
 * a one-file copy stored. The viewer adds their key to a copy opened from disk and runs it against
 * the local server; a "thief" page opened from disk then dumps every database, store,
 * localStorage and sessionStorage it can reach, and the key is in none of them, in any encoding.
 * Keys an older copy stored there are deleted when the copy opens.
 */
const KEY = `sk-FILE-${randomBytes(16).toString('hex')}`;
const OLD_KEY = `sk-OLDCOPY-${randomBytes(16).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'motivelab-file-keys-'));

/** A plain local page that reads everything file:// pages share, as the attack's thief did. */
const THIEF = `<!doctype html><title>Holiday photos</title><script>
const bytes = (x) => { const u = x instanceof ArrayBuffer ? new Uint8Array(x) : new Uint8Array(x.buffer, x.byteOffset, x.byteLength); let s = ''; for (const b of u) s += String.fromCharCode(b); return s; };
const text = (v) => JSON.stringify(v, (k, x) => (x instanceof ArrayBuffer || ArrayBuffer.isView(x) ? bytes(x) : x));
window.dump = (async () => {
  const out = { databases: {}, localStorage: { ...localStorage }, sessionStorage: { ...sessionStorage } };
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((ok, no) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
    for (const store of db.objectStoreNames) {
      out.databases[name + '/' + store] = await new Promise((ok) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); });
    }
    db.close();
  }
  return text(out);
})();
</script>`;

let llm: TestServer;
let site: { url: string; close(): Promise<void> };
let browser: Browser;
let copyPath: string;

beforeAll(async () => {
  llm = await startTestServer({ models: ['model-a', 'model-b'], apiKey: KEY });
  site = await serveStatic(await buildApp({ standalone: true }));
  browser = await launchBrowser();
  writeFileSync(join(dir, 'holiday-photos.html'), THIEF);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await llm?.close();
});

const cell = (p: Page, name: string) => p.locator(`[data-cell-name="${name}"]`);

async function setText(p: Page, name: string, label: string, text: string) {
  await cell(p, name).getByLabel(label).click();
  await p.keyboard.press('ControlOrMeta+a');
  await p.keyboard.type(text);
  await p.keyboard.press('Enter');
}

/** The key as it could appear in bytes: raw, URL-encoded, hex, base64 at every alignment, UTF-16. */
function leaks(bytes: Buffer, key: string): string[] {
  const secret = key.slice(key.indexOf('-', 3) + 1);
  const base64 = [0, 1, 2].map((pad) => Buffer.from('x'.repeat(pad) + secret).toString('base64').slice(Math.ceil((pad * 4) / 3) + 1, -4));
  const forms = [key, secret, encodeURIComponent(key), Buffer.from(secret).toString('hex'), ...base64];
  return forms.filter((form) => bytes.includes(form) || bytes.includes(Buffer.from(form, 'utf16le')));
}

/** What the thief page reads when opened from disk in this browser profile. */
async function steal(ctx: BrowserContext): Promise<Buffer> {
  const thief = await ctx.newPage();
  await thief.goto(pathToFileURL(join(dir, 'holiday-photos.html')).href);
  const dump = await thief.evaluate(() => (window as unknown as { dump: Promise<string> }).dump);
  await thief.close();
  return Buffer.from(dump, 'latin1');
}

/** Opens the one-file copy from disk and gives it the trust it may ask for. */
async function openCopy(ctx: BrowserContext): Promise<Page> {
  const p = await ctx.newPage();
  p.on('dialog', (d) => void d.accept());
  await p.goto(pathToFileURL(copyPath).href);
  await p.getByTestId('bundle-banner').waitFor({ timeout: 30_000 });
  // A copy asks once, in its trust dialog, before its code runs.
  const review = p.getByTestId('review-trust');
  await review.waitFor({ timeout: 3000 }).then(async () => (await review.click(), await p.getByTestId('trust').click()), () => undefined);
  return p;
}

describe('keys in a one-file copy opened from disk, in Chromium', () => {
  it('exports the Quick start as one file from the app', async () => {
    const ctx = await browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(`${site.url}#/notebook/quick-start`);
    await setText(page, 'endpoint', 'Endpoint name (from Settings)', 'local');
    await setText(page, 'models', 'Models (comma-separated)', 'model-a, model-b');
    await cell(page, 'ratings').getByText(/calls planned/).filter({ hasText: '2 models' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as one HTML file' }).click()]);
    copyPath = join(dir, download.suggestedFilename());
    await download.saveAs(copyPath);
    await ctx.close();
  });

  it('keeps a key added to the copy out of everything a local HTML file can read, and deletes keys older copies stored', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const llmOrigin = new URL(llm.url).origin;
    const elsewhere: string[] = [];
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith(llmOrigin)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });

    // An older copy stored a key in its database, as copies did before; another in the shared default one.
    const first = await openCopy(ctx);
    await first.close();
    const planter = await ctx.newPage();
    await planter.goto(pathToFileURL(join(dir, 'holiday-photos.html')).href);
    await planter.evaluate(async (oldKey) => {
      const open = (name: string, upgrade?: (db: IDBDatabase) => void) =>
        new Promise<IDBDatabase>((ok, no) => {
          const r = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
          if (upgrade) r.onupgradeneeded = () => upgrade(r.result);
          r.onsuccess = () => ok(r.result);
          r.onerror = () => no(r.error);
        });
      const put = (db: IDBDatabase) =>
        new Promise<void>((ok) => {
          const tx = db.transaction('endpoints', 'readwrite');
          tx.objectStore('endpoints').put({ id: 'e_old', name: 'old', baseURL: 'http://127.0.0.1:9/v1', apiKey: oldKey, createdAt: 1 });
          tx.oncomplete = () => (db.close(), ok());
        });
      const copy = (await indexedDB.databases()).find((d) => d.name?.startsWith('motivelab-bundle-'))!.name!;
      await put(await open(copy));
      await put(await open('motivelab', (db) => db.createObjectStore('endpoints', { keyPath: 'id' })));
    }, OLD_KEY);
    await planter.close();
    // The thief can read what is stored: the probe finds the planted key.
    expect(leaks(await steal(ctx), OLD_KEY)).toContain(OLD_KEY);

    // The viewer opens the copy again and adds their key: Settings says it lasts as long as the page.
    const p = await openCopy(ctx);
    await p.getByRole('link', { name: 'Settings', exact: true }).click();
    await p.getByTestId('keys-in-memory').getByText('This is a one-file copy: keys you add here are kept only until you close this page.').waitFor();
    // The older copy's key is not in use.
    expect(await p.getByText(`sk-…${OLD_KEY.slice(-4)}`).count()).toBe(0);
    await p.getByLabel('Name').fill('local');
    await p.getByLabel('Base URL').fill(llm.url);
    await p.getByLabel('API key').fill(KEY);
    await p.getByRole('button', { name: 'Save' }).click();
    await p.getByText(`sk-…${KEY.slice(-4)}`).waitFor();
    await p.evaluate(() => (window.location.hash = '#/notebook/quick-start'));
    await cell(p, 'ratings').getByTestId('run-experiment').click();
    // A copy asks before its first paid call on the viewer's key.
    await p.getByTestId('paid-call-confirm').click();
    await cell(p, 'ratings').getByText(/Finished: 20 of 20 trials done/).waitFor({ timeout: 60_000 });
    const chats = llm.requests.filter((r) => r.path.endsWith('/chat/completions'));
    expect(chats).toHaveLength(20);
    expect(chats.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);

    // While the copy is open with the key in use, the thief reads everything file:// pages share.
    const stolen = await steal(ctx);
    expect(stolen.toString('latin1')).toMatch(/motivelab-bundle-[0-9a-f]{16}\/trialChunks/);
    expect(stolen.toString('latin1')).toContain('model-a');
    expect(leaks(stolen, KEY)).toEqual([]);
    expect(leaks(stolen, OLD_KEY)).toEqual([]);
    // Nor is it in the copy's own localStorage or sessionStorage.
    const own = Buffer.from(await p.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })));
    expect(leaks(own, KEY)).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(leaks(readFileSync(copyPath), KEY)).toEqual([]);

    // Closed and opened again, the copy no longer has the key: the viewer adds it again.
    await p.close();
    const again = await openCopy(ctx);
    await again.getByRole('link', { name: 'Settings', exact: true }).click();
    await again.getByTestId('keys-in-memory').waitFor();
    expect(await again.getByText(`sk-…${KEY.slice(-4)}`).count()).toBe(0);
    await ctx.close();
  });

  it('stores and exports a key the endpoint echoes, in its reply or its model id, as [API key]', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await ctx.newPage();
    const logs: string[] = [];
    page.on('console', (m) => logs.push(m.text()));
    page.on('pageerror', (e) => logs.push(e.message));
    llm.configure({ reply: () => `You sent me ${KEY}, so: 6`, responseModel: (m) => `${m}@${KEY}` });
    const outputs: { name: string; bytes: Buffer }[] = [];
    const download = async (name: string, click: () => Promise<void>) => {
      const [d] = await Promise.all([page.waitForEvent('download'), click()]);
      const path = join(dir, `echo-${d.suggestedFilename()}`);
      await d.saveAs(path);
      outputs.push({ name, bytes: readFileSync(path) });
    };
    try {
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
      await cell(page, 'ratings').getByText(/Finished: 20 of 20 trials done/).waitFor({ timeout: 120_000 }).catch(async (error: Error) => {
        throw new Error(`${error.message}\nThe cell shows: ${await cell(page, 'ratings').innerText()}\nLogs: ${logs.join('\n')}`);
      });
    } finally {
      llm.configure({ reply: undefined, responseModel: undefined });
    }
    // The endpoint did echo the key; the trial shows where it was replaced.
    expect(llm.requests.filter((r) => r.path.endsWith('/chat/completions')).length).toBeGreaterThanOrEqual(20);
    await cell(page, 'ratings').getByRole('button', { name: /Show trials/ }).click();
    await cell(page, 'ratings').locator('table.trials tbody tr').first().click();
    const details = cell(page, 'ratings').getByRole('region', { name: 'Trial details' });
    await details.getByText('You sent me [API key], so: 6').first().waitFor();

    await download('one-file HTML', () => page.getByRole('button', { name: 'Export as one HTML file' }).click());
    await page.getByText('Run history').click();
    await download('provenance JSON', () => page.getByRole('button', { name: 'Download provenance (JSON)' }).click());
    await cell(page, 'ratings').getByRole('button', { name: 'Export table' }).first().click();
    for (const label of ['CSV', 'JSON', 'Apache Arrow', 'Parquet']) {
      await download(`trials as ${label}`, () => cell(page, 'ratings').getByRole('button', { name: `Export as ${label}` }).first().click());
    }
    outputs.push({ name: 'page text', bytes: Buffer.from(await page.locator('body').innerText()) });
    outputs.push({ name: 'page HTML', bytes: Buffer.from(await page.content()) });
    outputs.push({ name: 'console', bytes: Buffer.from(logs.join('\n')) });
    // The exports hold the redacted replies (so the search below looks where the key would be).
    const csv = outputs.find((o) => o.name === 'trials as CSV')!.bytes.toString('utf8');
    expect(csv.split('You sent me [API key], so: 6').length - 1).toBe(20);
    expect(csv).toContain('model-a@[API key]');
    expect(outputs.find((o) => o.name === 'provenance JSON')!.bytes.toString('utf8')).toContain('model-b@[API key]');
    for (const o of outputs) expect(leaks(o.bytes, KEY), o.name).toEqual([]);
    await ctx.close();
  });
});
