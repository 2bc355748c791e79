// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import { plotWithTips } from '../../src/sandbox/plot-tips';
import { crosshair, pointer, pointerX } from '../../src/sandbox/plot-pointer';
import { valueView } from '../../src/sandbox/value-view';

const rows = [
  { mean: 7.25, taskId: 'poem' },
  { mean: 3.5, taskId: '<img src=x onerror=alert(1)>' },
];

describe('pointer marks drawn for the page', () => {
  it('a stand-alone Plot.tip with a pointer sends an anchor and the tip lines of every datum', () => {
    const chart = plotWithTips({ marks: [Plot.dot(rows, { x: 'mean', y: 'taskId' }), Plot.tip(rows, pointer({ x: 'mean', y: 'taskId' }))] });
    const view = valueView(chart);
    if (view.kind !== 'dom') throw new Error(view.kind);
    const group = chart.querySelector('g[data-pointer]');
    expect(group?.getAttribute('data-pointer')).toBe('xy');
    expect(group?.getAttribute('data-radius')).toBe('40');
    // Each datum's anchor (datum, x, y, tip) is where Plot drew its dot; no element per datum.
    const anchors = group!.getAttribute('data-anchors')!.split(';').filter(Boolean).map((a) => a.split(',').map(Number));
    const dots = [...chart.querySelectorAll('g[aria-label="dot"] circle')];
    const r2 = (v: string | null) => Math.round(Number(v) * 100) / 100;
    expect(anchors).toEqual(dots.map((d, i) => [i, r2(d.getAttribute('cx')), r2(d.getAttribute('cy')), i]));
    expect(group!.children).toHaveLength(0);
    expect(view.tips).toEqual([
      [['mean', '7.25'], ['taskId', 'poem']],
      [['mean', '3.5'], ['taskId', '<img src=x onerror=alert(1)>']],
    ]);
  });

  it('pointerX says so; a crosshair draws its rules and labels once per datum, each in its own group', () => {
    const tipX = plotWithTips({ marks: [Plot.tip(rows, pointerX({ x: 'mean', y: 'taskId' }))] });
    expect(tipX.querySelector('g[data-pointer]')?.getAttribute('data-pointer')).toBe('x');
    const chart = plotWithTips({ marks: [Plot.dot(rows, { x: 'mean', y: 'taskId' }), crosshair(rows, { x: 'mean', y: 'taskId' })] });
    const groups = [...chart.querySelectorAll('g[data-pointer]')];
    // ruleX, ruleY, the x label and the y label: each a pointer mark with one group per datum.
    expect(groups).toHaveLength(4);
    for (const g of groups) expect(g.querySelectorAll(':scope > g[data-datum]')).toHaveLength(2);
    const xLabels = [...groups[2].querySelectorAll('text')].map((t) => t.textContent);
    expect(xLabels).toEqual(['7.25', '3.5']);
    const yLabels = [...groups[3].querySelectorAll('text')].map((t) => t.textContent);
    expect(yLabels).toEqual(['poem', '<img src=x onerror=alert(1)>']);
  });

  it('past MAX_POINTER_DATA a crosshair stays as Plot draws it unpointed (empty), so the chart stays within the view limits', async () => {
    const { MAX_POINTER_DATA } = await import('../../src/sandbox/plot-pointer');
    const many = Array.from({ length: MAX_POINTER_DATA + 1 }, (_, i) => ({ a: i, b: i % 7 }));
    const chart = plotWithTips({ marks: [Plot.dot(many, { x: 'a', y: 'b' }), crosshair(many, { x: 'a', y: 'b' })] });
    expect(chart.querySelectorAll('g[data-pointer]')).toHaveLength(0);
    expect(chart.querySelectorAll('g[aria-label="dot"] circle')).toHaveLength(MAX_POINTER_DATA + 1);
    const fits = plotWithTips({ marks: [crosshair(many.slice(1), { x: 'a', y: 'b' })] });
    expect(fits.querySelectorAll('g[data-pointer] > g[data-datum]')).toHaveLength(4 * MAX_POINTER_DATA);
  });

  it('without plotWithTips (mark.plot()) a pointer mark draws nothing, as a static Plot chart', () => {
    const chart = Plot.tip(rows, pointer({ x: 'mean', y: 'taskId' })).plot() as Element;
    expect(chart.querySelector('g[data-pointer]')).toBeNull();
  });
});
