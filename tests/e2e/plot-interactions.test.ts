import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { asNotebookId } from '../../src/model';
import { parseNotebook } from '../../src/format/parse-notebook';
import { startBrowserApp, stopBrowserApp, type BrowserApp } from './harness';
import { runNotebook } from './run-notebook';

/**
 * Plot's interactions in the page, in Chromium (issue 15): a stand-alone `Plot.tip` with a pointer
 * transform, `pointerX`, a crosshair, and a figure a click picks from. Nothing of the notebook runs
 * on the page: it shows what the sandbox drew for every datum (see src/sandbox/plot-pointer.ts).
 * A listener on 127.0.0.1 serves the notebook opened by link and must receive nothing else.
 */
const quickStart = parseNotebook(readFileSync(resolve(import.meta.dirname, '../../cells/quick-start.md'), 'utf8'), { id: asNotebookId('quick-start'), origin: 'shipped' });
const fence = (kind: string, name: string, code: string) => `\`\`\`${kind} ${name}\n${code}\n\`\`\`\n`;

let started: BrowserApp;
let listener: Server;
let L: string;
const received: string[] = [];
const served = new Map<string, string>();
const cell = (name: string) => started.page.locator(`[data-cell-name="${name}"]`);

beforeAll(async () => {
  listener = createServer((req, res) => {
    const text = served.get(req.url ?? '');
    if (text === undefined) received.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/markdown' }).end(text ?? 'ok');
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  L = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/`;
  started = await startBrowserApp();
}, 600_000);
afterAll(async () => {
  await stopBrowserApp(started ?? {});
  await new Promise((r) => listener?.close(r));
});

async function openByLink(page: Page, path: string, text: string): Promise<void> {
  served.set(`/${path}`, text);
  await page.goto(`${started.app.url}?notebook=${encodeURIComponent(L + path)}`);
  await page.getByTestId('review-trust').click();
  await page.getByTestId('trust').click();
}

/** The centre of a locator's box, in the page's pixels. */
async function centre(locator: ReturnType<Page['locator']>): Promise<{ x: number; y: number }> {
  await locator.scrollIntoViewIfNeeded();
  const b = (await locator.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

describe('pointer marks of a notebook opened by link', () => {
  let hostile: string;
  beforeAll(async () => {
    hostile = `<img src="${L}pointer-img" onerror="fetch('${L}pointer-onerror')">`;
    const pts = `[{ a: 1, b: 2, who: ${JSON.stringify(hostile)} }, { a: 5, b: 7, who: 'second' }, { a: 9, b: 3, who: 'third' }]`;
    const text = [
      '---\ntitle: Pointer marks\n---\n',
      fence('query', 'pts', pts),
      fence('plot', 'tipChart', "Plot.plot({ marks: [Plot.dot(pts, { x: 'a', y: 'b' }), Plot.tip(pts, Plot.pointer({ x: 'a', y: 'b', channels: { who: 'who' } }))] })"),
      fence('plot', 'xChart', "Plot.plot({ marks: [Plot.dot(pts, { x: 'a', y: 'b' }), Plot.tip(pts, Plot.pointerX({ x: 'a', y: 'b' }))] })"),
      fence('plot', 'crossChart', "Plot.plot({ marginLeft: 200, marks: [Plot.dot(pts, { x: 'a', y: 'who' }), Plot.crosshair(pts, { x: 'a', y: 'who' })] })"),
    ].join('\n');
    await openByLink(started.page, 'pointer.md', text);
    for (const name of ['tipChart', 'xChart', 'crossChart']) await cell(name).locator('svg g[data-pointer]').first().waitFor({ state: 'attached' });
  });

  it('a stand-alone Plot.tip with Plot.pointer shows the tip of the point nearest the pointer, at that point, as text', async () => {
    const { page, errors } = started;
    const dots = cell('tipChart').locator('g[aria-label="dot"] circle');
    const tip = cell('tipChart').getByTestId('chart-tip');
    expect(await tip.count()).toBe(0);
    const second = await centre(dots.nth(1));
    // Near the point, not on it: Plot's pointer takes the nearest point within 40 px.
    await page.mouse.move(second.x + 14, second.y - 12);
    await tip.waitFor();
    expect(await tip.locator('div').evaluateAll((ls) => ls.map((l) => [l.querySelector('b')?.textContent, l.querySelector('span')?.textContent]))).toEqual([['who', 'second'], ['a', '5'], ['b', '7']]);
    const t = (await tip.boundingBox())!;
    expect(Math.abs(t.x + t.width / 2 - second.x)).toBeLessThan(2);
    expect(t.y).toBeGreaterThan(second.y);
    // The first point's tip holds HTML: it shows as text, loading nothing.
    const first = await centre(dots.nth(0));
    await page.mouse.move(first.x - 5, first.y + 5);
    await tip.locator('span', { hasText: hostile }).waitFor();
    expect(await cell('tipChart').locator('.dom-view img, .dom-view [onerror]').count()).toBe(0);
    // Far from every point (the bottom middle: the points sit at the left, top and right): no tip, as Plot's pointer.
    const box = (await cell('tipChart').locator('svg').first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 3);
    await tip.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('Plot.pointerX looks along x: far above a point in y, its tip still shows', async () => {
    const { page } = started;
    const third = await centre(cell('xChart').locator('g[aria-label="dot"] circle').nth(2));
    const svg = (await cell('xChart').locator('svg').first().boundingBox())!;
    // ~ the top of the frame, well over 40 px above the third point (b = 3 is low in the chart).
    const y = svg.y + 25;
    expect(third.y - y).toBeGreaterThan(100);
    await page.mouse.move(third.x + 3, y);
    const tip = cell('xChart').getByTestId('chart-tip');
    await tip.waitFor();
    expect(await tip.locator('span').allTextContents()).toEqual(['9', '3']);
    await page.mouse.move(1, 1);
  });

  it('Plot.crosshair draws its two rules through the nearest point and its x and y at the frame\'s edges', async () => {
    const { page, errors } = started;
    const chart = cell('crossChart');
    expect(await chart.locator('g[data-pointer] > g.pointed').count()).toBe(0);
    for (const k of [1, 0]) {
      const dot = await centre(chart.locator('g[aria-label="dot"] circle').nth(k));
      await page.mouse.move(dot.x + 10, dot.y + 6);
      await page.waitForFunction(() => document.querySelectorAll('[data-cell-name="crossChart"] g[data-pointer] > g.pointed').length === 4);
      const shown = await chart.locator('g[data-pointer] > g.pointed').evaluateAll((gs) => gs.map((g) => {
        const el = g.querySelector('line, text')!;
        const b = el.getBoundingClientRect();
        return { tag: el.tagName, text: el.textContent, x: b.x + b.width / 2, y: b.y + b.height / 2, left: b.left, right: b.right, top: b.top, width: b.width, height: b.height };
      }));
      const frame = (await chart.locator('svg').first().evaluate((s) => {
        const b = (s.querySelector('g[aria-label="dot"]') ?? s).getBoundingClientRect();
        return { left: b.left, bottom: b.bottom };
      }));
      const [ruleX, ruleY, labelX, labelY] = shown;
      // The vertical rule at the point's x, the horizontal one at its y.
      expect(ruleX.tag).toBe('line');
      expect(Math.abs(ruleX.x - dot.x)).toBeLessThan(1.5);
      expect(ruleX.height).toBeGreaterThan(50);
      expect(Math.abs(ruleY.y - dot.y)).toBeLessThan(1.5);
      expect(ruleY.width).toBeGreaterThan(50);
      // The labels: x below the frame under the point, y left of the frame beside it; hostile text stays text.
      expect(labelX.text).toBe(k === 1 ? '5' : '1');
      expect(Math.abs(labelX.x - dot.x)).toBeLessThan(3);
      expect(labelX.top).toBeGreaterThan(dot.y);
      expect(labelY.text).toBe(k === 1 ? 'second' : hostile);
      expect(Math.abs(labelY.y - dot.y)).toBeLessThan(3);
      expect(labelY.right).toBeLessThanOrEqual(frame.left + 1);
    }
    expect(await chart.locator('.dom-view img, .dom-view [onerror]').count()).toBe(0);
    // The pointer leaves: the crosshair goes.
    await page.mouse.move(1, 1);
    expect(await chart.locator('g[data-pointer] > g.pointed').count()).toBe(0);
    await page.waitForTimeout(1000);
    expect(received).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('the Quick start chart picks a task', () => {
  beforeAll(async () => {
    await runNotebook(started.page, started.app.url, quickStart);
  }, 600_000);

  it('clicking a dot sets the task input to its taskId, and the replies table shows that task\'s replies', async () => {
    const { page, errors } = started;
    const rows = (await page.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown }> } }).motivelab.cell('byTask')).value)) as { taskId: string; n: number }[];
    const input = cell('task').getByLabel('Task (click a dot in the chart)', { exact: true });
    expect(await input.inputValue()).toBe('poem');
    const k = rows.findIndex((r) => r.taskId !== 'poem');
    const dot = cell('chart').locator('g[aria-label="dot"] circle').nth(k);
    const at = await centre(dot);
    await page.mouse.move(at.x, at.y);
    // Hovering shows the crosshair through that dot, and its tip.
    await cell('chart').getByTestId('chart-tip').waitFor();
    expect(await cell('chart').locator('g[data-pointer] > g.pointed').count()).toBe(4);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => input.inputValue()).toBe(rows[k].taskId);
    const table = cell('replies').locator('.table-view table');
    await expect.poll(async () => {
      const head = await table.locator('thead th').allTextContents();
      const col = head.findIndex((h) => h.trim() === 'taskId');
      return (await table.locator('tbody tr').evaluateAll((trs, c) => trs.map((tr) => tr.querySelectorAll('td')[c]?.textContent?.trim()), col));
    }).toEqual(Array.from({ length: rows[k].n }, () => rows[k].taskId));
    // As Plot's pointer, the click made it sticky: the tip and crosshair stay while the pointer goes away...
    await page.mouse.move(1, 1);
    await page.waitForTimeout(200);
    expect(await cell('chart').getByTestId('chart-tip').locator('span').last().textContent()).toBe(rows[k].taskId);
    expect(await cell('chart').locator('g[data-pointer] > g.pointed').count()).toBe(4);
    // ...until a click away from every dot lets go, picking nothing.
    const frame = (await cell('chart').locator('svg[class^="plot-"]').last().boundingBox())!;
    await page.mouse.click(frame.x + 3, frame.y + 3);
    await cell('chart').getByTestId('chart-tip').waitFor({ state: 'detached' });
    expect(await cell('chart').locator('g[data-pointer] > g.pointed').count()).toBe(0);
    expect(await input.inputValue()).toBe(rows[k].taskId);
    expect(errors).toEqual([]);
  });
});
