// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { valueView } from '../../src/sandbox/value-view';
import { limitView, VIEW_LIMITS } from '../../src/data-files/view-limits';
import type { ValueView } from '../../src/sandbox/protocol';

/** A table of `columns` columns named c0…, and `rows` rows whose cells are `row*1000 + column`. */
function wideTable(columns: number, rows: number) {
  return aq.table(Object.fromEntries(Array.from({ length: columns }, (_, c) => [`c${c}`, Array.from({ length: rows }, (_, r) => r * 1000 + c)])));
}

function svgWith(elements: number): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  for (let i = 1; i < elements; i++) svg.append(document.createElementNS('http://www.w3.org/2000/svg', 'circle'));
  return svg;
}

describe('what the sandbox sends of a value too big to show', () => {
  it('sends a 20,000-column table as its first 200 columns, and how many there are', () => {
    const view = valueView(wideTable(20_000, 3));
    if (view.kind !== 'table') throw new Error(`a ${view.kind} view`);
    expect(view.columns).toHaveLength(200);
    expect(view.columns.at(-1)).toBe('c199');
    expect(view.numColumns).toBe(20_000);
    expect(view.numRows).toBe(3);
    expect(Object.keys(view.rows[2])).toHaveLength(200);
    expect(view.rows[2].c199).toBe(2199);
  });

  it('sends a narrow table whole, with no column count', () => {
    const view = valueView(wideTable(3, 2));
    expect(view).toEqual({ kind: 'table', columns: ['c0', 'c1', 'c2'], rows: [{ c0: 0, c1: 1, c2: 2 }, { c0: 1000, c1: 1001, c2: 1002 }], numRows: 2 });
  });

  it('sends the first 100 KB of a 30 MB string, and how much more there was', () => {
    const view = valueView('x'.repeat(30 * 1024 * 1024));
    if (view.kind !== 'json') throw new Error(`a ${view.kind} view`);
    expect(view.text.length).toBeLessThan(VIEW_LIMITS.textChars + 100);
    expect(view.text.startsWith(`"${'x'.repeat(1000)}`)).toBe(true);
    expect(view.text.endsWith('"… (29.9 MB more)')).toBe(true);
  });

  it('cuts a long text in a table cell', () => {
    const view = valueView(aq.table({ t: ['y'.repeat(5000), 'short'] }));
    if (view.kind !== 'table') throw new Error(`a ${view.kind} view`);
    expect(view.rows[0].t).toBe(`${'y'.repeat(1000)}… (4 KB more)`);
    expect(view.rows[1].t).toBe('short');
  });

  it('replaces a chart of too many elements by a plain message, and sends one under the limit', () => {
    expect(valueView(svgWith(60_000))).toEqual({ kind: 'limit', message: 'this chart has 60,000 elements, over the limit of 50,000; filter the data or sample it' });
    const small = svgWith(3);
    expect(valueView(small)).toEqual({ kind: 'dom', html: small.outerHTML });
  });
});

describe('the page keeps a view within the limits whatever the sandbox sends', () => {
  it('cuts a table view with too many columns and rows', () => {
    const columns = Array.from({ length: 20_000 }, (_, i) => `c${i}`);
    const row = Object.fromEntries(columns.map((c, i) => [c, i]));
    const view = limitView({ kind: 'table', columns, rows: Array.from({ length: 1000 }, () => row), numRows: 1000 });
    if (view.kind !== 'table') throw new Error(`a ${view.kind} view`);
    expect(view.columns).toHaveLength(200);
    expect(view.numColumns).toBe(20_000);
    expect(view.rows).toHaveLength(200);
    expect(Object.keys(view.rows[0])).toHaveLength(200);
  });

  it('refuses an element view of 300,000 elements, counted in its HTML', () => {
    const html = `<svg>${'<circle r="1"></circle>'.repeat(299_999)}</svg>`;
    expect(limitView({ kind: 'dom', html })).toEqual({ kind: 'limit', message: 'this chart has 300,000 elements, over the limit of 50,000; filter the data or sample it' });
    const small: ValueView = { kind: 'dom', html: '<svg><circle r="1"></circle></svg>' };
    expect(limitView(small)).toBe(small);
  });

  it('cuts a JSON preview of 1 MB', () => {
    const view = limitView({ kind: 'json', text: 'z'.repeat(1024 * 1024) });
    expect(view).toEqual({ kind: 'json', text: `${'z'.repeat(100_000)}… (926 KB more)` });
  });
});
