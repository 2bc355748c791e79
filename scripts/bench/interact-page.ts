/**
 * Runs inside Chromium (built by scripts/bench/interact.ts): what pointer marks cost the sandbox.
 * The same chart of N points drawn by `plotWithTips` plain, with a crosshair, and with a
 * stand-alone pointer tip: median draw time, elements and HTML size of each.
 */
import * as Plot from '@observablehq/plot';
import { plotWithTips } from '../../src/sandbox/plot-tips';
import { MAX_POINTER_DATA, crosshair, pointer } from '../../src/sandbox/plot-pointer';
import { MAX_TIPS } from '../../src/sandbox/tip-collector';
import { valueView } from '../../src/sandbox/value-view';
import { sanitizeView } from '../../src/ui/values/sanitize-view';

interface Drawn { ms: number; elements: number; htmlKiB: number; sanitizeMs: number }

function median(f: () => void): number {
  const times: number[] = [];
  for (let k = 0; k < 7; k++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[3];
}

function measure(make: () => Element): Drawn {
  const times: number[] = [];
  let chart: Element | null = null;
  for (let k = 0; k < 7; k++) {
    const t = performance.now();
    chart = make();
    valueView(chart);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const html = chart!.outerHTML;
  // What the page then does with it before showing it: the allow-list sanitiser.
  const sanitizeMs = median(() => sanitizeView(html));
  return { ms: times[3], elements: chart!.getElementsByTagName('*').length + 1, htmlKiB: html.length / 1024, sanitizeMs };
}

const w = window as unknown as { benchResult?: unknown; benchError?: string };
try {
  const points = (n: number) => Array.from({ length: n }, (_, i) => ({ a: (i * 7919) % 1000, b: (i * 104729) % 997, who: `task ${i}` }));
  // Each at its cap: the most a chart can carry.
  const pts = points(MAX_POINTER_DATA);
  const tipPts = points(MAX_TIPS);
  const dots = (data: object[]) => Plot.dot(data, { x: 'a', y: 'b' });
  w.benchResult = {
    points: [MAX_POINTER_DATA, MAX_TIPS],
    plain: measure(() => plotWithTips({ marks: [dots(pts)] })),
    crosshair: measure(() => plotWithTips({ marks: [dots(pts), crosshair(pts, { x: 'a', y: 'b' })] })),
    tipPlain: measure(() => plotWithTips({ marks: [dots(tipPts)] })),
    tip: measure(() => plotWithTips({ marks: [dots(tipPts), Plot.tip(tipPts, pointer({ x: 'a', y: 'b', channels: { who: 'who' } }))] })),
  };
} catch (e) {
  w.benchError = String((e as Error).stack ?? e);
}
