/**
 * `npm run bench -- interact`: what issue 15's interactions cost. The app's first script gzipped
 * (the one index.html loads; goal 5: ≤ 300 KiB), and in Chromium the sandbox's cost of drawing a
 * crosshair and a pointer tip, each over as many points as it takes (MAX_POINTER_DATA, MAX_TIPS), against the same
 * chart without them; the goal is that such a chart stays within the view's element limit.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { build } from 'vite';
import { buildApp, launchBrowser, serveStatic } from '../../tests/e2e/harness';
import { VIEW_LIMITS } from '../../src/data-files/view-limits';

const root = resolve(import.meta.dirname, '../..');
interface Drawn { ms: number; elements: number; htmlKiB: number; sanitizeMs: number }

async function firstScript(): Promise<[string, string]> {
  const dir = await buildApp();
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const src = /<script[^>]*\ssrc="([^"]+)"/.exec(html)?.[1];
  if (!src) return ['first script (gzipped)', 'inlined in index.html: not measured'];
  const kib = gzipSync(readFileSync(join(dir, src.replace(/^\.?\//, ''))), { level: 9 }).length / 1024;
  return ['first script (gzipped)', `${kib.toFixed(1)} KiB (goal ≤ 300 KiB: ${kib <= 300 ? 'met' : 'not met'})`];
}

export async function interactBench(): Promise<[string, string][]> {
  const rows: [string, string][] = [await firstScript()];
  const outDir = mkdtempSync(join(tmpdir(), 'motivelab-bench-interact-'));
  await build({ root: join(root, 'scripts/bench'), logLevel: 'warn', configFile: false, base: './', build: { outDir, emptyOutDir: true, rollupOptions: { input: join(root, 'scripts/bench/interact.html') } } });
  const site = await serveStatic(outDir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${site.url}interact.html`);
    await page.waitForFunction(() => (window as { benchResult?: unknown; benchError?: string }).benchResult || (window as { benchError?: string }).benchError, undefined, { timeout: 300_000 });
    const error = await page.evaluate(() => (window as { benchError?: string }).benchError);
    if (error) throw new Error(error);
    const r = (await page.evaluate(() => (window as { benchResult?: unknown }).benchResult)) as Record<'plain' | 'crosshair' | 'tipPlain' | 'tip', Drawn> & { points: [number, number] };
    const line = (what: string, with_: Drawn, without: Drawn): [string, string] => [
      what,
      `${with_.ms.toFixed(0)} ms vs ${without.ms.toFixed(0)} ms without (×${(with_.ms / without.ms).toFixed(1)}), ${with_.elements.toLocaleString('en')} elements, ${with_.htmlKiB.toFixed(0)} KiB HTML (goal ≤ ${VIEW_LIMITS.elements.toLocaleString('en')} elements: ${with_.elements <= VIEW_LIMITS.elements ? 'met' : 'not met'})`,
    ];
    rows.push(line(`crosshair over ${r.points[0].toLocaleString('en')} points, sandbox draw`, r.crosshair, r.plain));
    rows.push(['  page sanitises it', `${r.crosshair.sanitizeMs.toFixed(0)} ms vs ${r.plain.sanitizeMs.toFixed(0)} ms without`]);
    rows.push(line(`pointer tip over ${r.points[1].toLocaleString('en')} points, sandbox draw`, r.tip, r.tipPlain));
    rows.push(['  page sanitises it', `${r.tip.sanitizeMs.toFixed(0)} ms vs ${r.tipPlain.sanitizeMs.toFixed(0)} ms without`]);
  } finally {
    await browser.close();
    await site.close();
  }
  return rows;
}
