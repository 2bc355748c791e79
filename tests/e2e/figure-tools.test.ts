import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download } from 'playwright-core';
import { asNotebookId } from '../../src/model';
import { parseNotebook } from '../../src/format/parse-notebook';
import { startBrowserApp, stopBrowserApp, type BrowserApp } from './harness';
import { runNotebook } from './run-notebook';

/**
 * The Quick start chart as a user meets it in Chromium, after a run on the simulated participant:
 * hovering a dot shows its tip (the values of that row of `byTask`), and the chart downloads as an
 * SVG with its marks and as a PNG at 2× with its text chunks, and copies as a PNG.
 */
const quickStart = parseNotebook(readFileSync(resolve(import.meta.dirname, '../../cells/quick-start.md'), 'utf8'), { id: asNotebookId('quick-start'), origin: 'shipped' });

let started: BrowserApp;
beforeAll(async () => {
  started = await startBrowserApp();
  const { page } = started;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(started.app.url).origin });
  await runNotebook(page, started.app.url, quickStart);
}, 600_000);
afterAll(() => stopBrowserApp(started ?? {}));

const chart = () => started.page.locator('[data-cell-name="chart"] .dom-view');

async function bytesOf(download: Download): Promise<Buffer> {
  return readFileSync((await download.path())!);
}

/** A PNG's chunks as [type, data]. */
function chunks(png: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    out.push([png.toString('latin1', at + 4, at + 8), png.subarray(at + 8, at + 8 + length)]);
    at += 12 + length;
  }
  return out;
}

describe('the Quick start chart', () => {
  it('shows the values of the dot under the pointer, as its row of byTask says', async () => {
    const { page, errors } = started;
    const rows = (await page.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown }> } }).motivelab.cell('byTask')).value)) as { model: string; taskId: string; mean: number }[];
    expect(rows.length).toBeGreaterThan(1);
    const dots = chart().locator('g[aria-label="dot"] circle');
    expect(await dots.count()).toBe(rows.length);
    await expect(page.getByTestId('chart-tip').count()).resolves.toBe(0);
    for (const k of [0, rows.length - 1]) {
      await dots.nth(k).hover();
      const tip = page.getByTestId('chart-tip');
      await tip.waitFor();
      const lines = await tip.locator('div').allTextContents();
      const labels = await tip.locator('b').allTextContents();
      const values = await tip.locator('span').allTextContents();
      // Plot's own labels: the x scale's label, else the channel's field.
      expect(labels).toEqual(['model', 'Mean motivation (1-10)', 'taskId']);
      const pairs = { model: values[0], mean: values[1], taskId: values[2] };
      const row = rows.find((r) => r.model === pairs.model && r.taskId === pairs.taskId);
      expect(row, `a row of byTask for ${lines.join(' / ')}`).toBeDefined();
      expect(Number(pairs.mean)).toBeCloseTo(row!.mean, 1);
      // The tip sits at the dot it describes.
      const [d, t] = [await dots.nth(k).boundingBox(), await tip.boundingBox()];
      expect(Math.abs(t!.x + t!.width / 2 - (d!.x + d!.width / 2))).toBeLessThan(2);
    }
    await page.mouse.move(1, 1);
    await page.getByTestId('chart-tip').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('downloads as an SVG with its marks, caption source and n, and as a PNG at 2× with text chunks', async () => {
    const { page, errors } = started;
    const cell = page.locator('[data-cell-name="chart"]');
    const shown = await chart().locator('svg[class^="plot-"]').last().evaluate((s) => ({ width: Number(s.getAttribute('width')), height: Number(s.getAttribute('height')), dots: s.querySelectorAll('g[aria-label="dot"] circle').length }));
    const trials = ((await page.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown }> } }).motivelab.cell('ratings')).value)) as { status: string }[]).filter((t) => t.status === 'ok').length;

    const [svgFile] = await Promise.all([page.waitForEvent('download'), cell.getByRole('button', { name: 'Download SVG' }).click()]);
    expect(svgFile.suggestedFilename()).toBe('chart.svg');
    const svgText = (await bytesOf(svgFile)).toString('utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        tag: root.tagName,
        width: Number(root.getAttribute('width')),
        height: Number(root.getAttribute('height')),
        dots: root.querySelectorAll('g[aria-label="dot"] circle').length,
        title: root.querySelector(':scope > title')?.textContent,
        desc: root.querySelector(':scope > desc')?.textContent,
        metadata: root.querySelector(':scope > metadata')?.textContent,
      };
    }, svgText);
    expect(parsed.error).toBeNull();
    expect(parsed).toMatchObject({ tag: 'svg', width: shown.width, dots: shown.dots });
    expect(parsed.height).toBeGreaterThan(shown.height);
    const today = new Date().toISOString().slice(0, 10);
    expect(parsed.desc).toBe(`Quick start · run ${today} · n = ${trials}`);
    expect(JSON.parse(parsed.metadata!)).toMatchObject({ notebook: 'Quick start', cell: 'chart', runDate: today, n: trials });
    expect(svgText).not.toContain('data-tip');
    // The colour legend (HTML swatches on the page) is in the file: one swatch per model, named.
    const models = [...new Set(((await page.evaluate(async () => (await (window as unknown as { motivelab: { cell(n: string): Promise<{ value: unknown }> } }).motivelab.cell('byTask')).value)) as { model: string }[]).map((r) => r.model))];
    const legend = await page.evaluate((text) => [...new DOMParser().parseFromString(text, 'image/svg+xml').documentElement.querySelectorAll(':scope > g > text')].map((t) => t.textContent), svgText);
    expect(legend.sort()).toEqual(models.sort());

    const [pngFile] = await Promise.all([page.waitForEvent('download'), cell.getByRole('button', { name: 'Download PNG' }).click()]);
    expect(pngFile.suggestedFilename()).toBe('chart.png');
    const png = await bytesOf(pngFile);
    if (process.env.FIGURE_PNG_OUT) (await import('node:fs')).writeFileSync(process.env.FIGURE_PNG_OUT, png);
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const all = chunks(png);
    expect(all[0][0]).toBe('IHDR');
    expect([all[0][1].readUInt32BE(0), all[0][1].readUInt32BE(4)]).toEqual([2 * parsed.width, 2 * parsed.height]);
    const text = Object.fromEntries(all.filter(([t]) => t === 'tEXt').map(([, d]) => [d.toString('latin1', 0, d.indexOf(0)), d.toString('latin1', d.indexOf(0) + 1)]));
    expect(text).toMatchObject({ Description: `Quick start · run ${today} · n = ${trials}`, Source: 'Motivelab', n: String(trials) });
    expect(all.at(-1)![0]).toBe('IEND');
    // Drawn, not blank: the PNG decodes in the page to the size above with dark pixels (marks, axes).
    const dark = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = Object.assign(document.createElement('canvas'), { width: img.width, height: img.height });
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] < 300) n++;
      return n;
    }, png.toString('base64'));
    expect(dark).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
  });

  it('copies the chart to the clipboard as a PNG', async () => {
    const { page, errors } = started;
    const cell = page.locator('[data-cell-name="chart"]');
    await cell.getByRole('button', { name: 'Copy' }).click();
    await cell.getByTestId('figure-status').waitFor();
    expect(await cell.getByTestId('figure-status').textContent()).toBe('Copied the figure as a picture.');
    const copied = await page.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      const blob = await item.getType('image/png');
      return [...new Uint8Array(await blob.arrayBuffer()).subarray(0, 8)];
    });
    expect(copied).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(errors).toEqual([]);
  });
});
