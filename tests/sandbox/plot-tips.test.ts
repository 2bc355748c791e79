// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import { plotWithTips } from '../../src/sandbox/plot-tips';
import { valueView } from '../../src/sandbox/value-view';
import { checkFromSandbox } from '../../src/sandbox/protocol-check';

const rows = [
  { mean: 7.25, taskId: 'poem', model: 'gpt-x' },
  { mean: 3.5, taskId: 'tax form', model: 'gpt-y' },
];

describe('chart tips as data', () => {
  it('tags each dot of a tip mark and sends its tip lines (Plot’s labels and formats) beside the HTML', () => {
    const mark = Plot.dot(rows, { x: 'mean', y: 'taskId', fill: 'model', tip: true });
    const tipOption = (mark as unknown as { tip: unknown }).tip;
    const chart = plotWithTips({ marks: [Plot.ruleX([1]), mark] });
    const view = valueView(chart);
    if (view.kind !== 'dom') throw new Error(view.kind);
    const dots = [...chart.querySelectorAll('circle')];
    expect(dots.map((d) => d.getAttribute('data-tip'))).toEqual(['0', '1']);
    expect(view.html).toContain('data-tip="1"');
    expect(view.tips).toEqual([
      [['model', 'gpt-x'], ['mean', '7.25'], ['taskId', 'poem']],
      [['model', 'gpt-y'], ['mean', '3.5'], ['taskId', 'tax form']],
    ]);
    // The mark is as the cell made it: a second plot of it tips again, and Plot still sees `tip`.
    expect((mark as unknown as { tip: unknown }).tip).toBe(tipOption);
    expect(Object.hasOwn(mark, 'render')).toBe(false);
    const again = valueView(plotWithTips({ marks: [mark] }));
    expect(again.kind === 'dom' && again.tips?.length).toBe(2);
  });

  it('keeps a chart without tips as it was', () => {
    const chart = plotWithTips({ marks: [Plot.dot(rows, { x: 'mean', y: 'taskId' })] });
    expect(valueView(chart)).toEqual({ kind: 'dom', html: chart.outerHTML });
  });

  it('the gate passes tips as pairs of text and refuses anything else', () => {
    const ok = checkFromSandbox({ type: 'fulfilled', id: 'c', view: { kind: 'dom', html: '<svg></svg>', tips: [[['a', '<b>x</b>']]] } });
    expect(ok).toEqual({ ok: true, message: { type: 'fulfilled', id: 'c', view: { kind: 'dom', html: '<svg></svg>', tips: [[['a', '<b>x</b>']]] } } });
    for (const tips of [[[['a', 1]]], [[['a']]], 'x', [[{ a: 'b' }]]]) {
      const r = checkFromSandbox({ type: 'fulfilled', id: 'c', view: { kind: 'dom', html: '', tips } });
      expect(r.ok, JSON.stringify(tips)).toBe(false);
    }
  });
});
