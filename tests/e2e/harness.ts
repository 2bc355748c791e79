import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');

/**
 * Builds the production app into a fresh temporary folder and returns it. With `standalone`, also
 * the one-file build (standalone.html) next to it, as `npm run build` does.
 */
export async function buildApp(options: { standalone?: boolean } = {}): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'motivelab-build-'));
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  if (options.standalone) await build({ root, mode: 'standalone', logLevel: 'warn', build: { outDir } });
  return outDir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * Serves a folder over HTTP on 127.0.0.1, as any static host would; with `base` (e.g.
 * `/motivelab/`) only under that path, as GitHub Pages serves a project site.
 */
export async function serveStatic(dir: string, options: { base?: string } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const base = options.base ?? '/';
  const server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (!url.startsWith(base)) return void res.writeHead(404).end('not found');
    const path = normalize(decodeURIComponent(`/${url.slice(base.length)}`)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Debian's Chromium, headless, with the flags this sandbox needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page that records console errors and uncaught exceptions, so a test can assert there were none. */
export async function newPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

/** What most browser tests start from: the app built and served, Chromium, and one page that records errors. */
export interface BrowserApp {
  readonly app: { url: string; close(): Promise<void> };
  readonly browser: Browser;
  readonly page: Page;
  readonly errors: string[];
}

/** Builds and serves the app, launches Chromium and opens a page. */
export async function startBrowserApp(): Promise<BrowserApp> {
  const app = await serveStatic(await buildApp());
  const browser = await launchBrowser();
  return { app, browser, ...(await newPage(browser)) };
}

/** Closes what startBrowserApp opened (whatever of it exists, so a failed start still cleans up). */
export async function stopBrowserApp(started: Partial<BrowserApp>): Promise<void> {
  await started.browser?.close();
  await started.app?.close();
}

/** Adds an endpoint in Settings as a user does, and waits until the list shows its masked key. */
export async function addEndpoint(page: Page, endpoint: { name: string; baseURL: string; apiKey: string }): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Name').fill(endpoint.name);
  await page.getByLabel('Base URL').fill(endpoint.baseURL);
  await page.getByLabel('API key').fill(endpoint.apiKey);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText(`${endpoint.apiKey.slice(0, 3)}…${endpoint.apiKey.slice(-4)}`).waitFor();
}
