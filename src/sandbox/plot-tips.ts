import * as Plot from '@observablehq/plot';
import type { TipLine } from './protocol';
import { TipCollector, collectingTips, tipLines } from './tip-collector';

export { MAX_TIPS } from './tip-collector';

type RenderFn = (index: ArrayLike<number> & { fi?: number }, scales: unknown, values: unknown, dimensions: unknown, context: unknown) => Element | null;
interface MarkLike {
  tip?: unknown;
  data?: unknown;
  facet?: unknown;
  facetAnchor?: unknown;
  render: RenderFn;
}

type Next = (index: ArrayLike<number>, scales: unknown, values: unknown, dimensions: unknown, context: unknown) => Element | null;
type Initialize = (data: unknown, facets: unknown, channels: unknown, scales: unknown, dimensions: unknown, context: { getMarkState(mark: unknown): unknown }) => unknown;
/** The parts of Plot used here, typed loosely: Plot's own types do not describe render transforms' `next`. */
const P = Plot as unknown as {
  plot(options: object): Element;
  initializer(options: object, initialize: Initialize): object;
  tip(data: unknown, options: object): MarkLike;
};

const tipsByChart = new WeakMap<object, TipLine[][]>();

/** The tip lines of each `data-tip` element of a chart made by `plotWithTips`, by the attribute's number. */
export function chartTips(value: unknown): TipLine[][] | undefined {
  return typeof value === 'object' && value !== null ? tipsByChart.get(value) : undefined;
}

function isMark(x: unknown): x is MarkLike {
  return typeof x === 'object' && x !== null && typeof (x as MarkLike).render === 'function';
}

function flatMarks(marks: unknown): MarkLike[] {
  if (isMark(marks)) return [marks];
  if (Array.isArray(marks)) return marks.flatMap(flatMarks);
  return [];
}

/**
 * `Plot.plot` as cell code sees it. The page cannot run Plot's pointer tips (no notebook code runs
 * there), so for every mark with a `tip` option this renders, in the sandbox, Plot's own tip for
 * every datum (hidden, only read), tags the mark's elements with `data-tip="n"` and keeps the
 * tips' lines (label, value as text) beside the chart; `valueView` sends them as data and the
 * page draws the tooltip from that text alone. Marks are restored afterwards, as the cell made them.
 * Pointer marks (`plot-pointer.ts`: a stand-alone `Plot.tip` behind `Plot.pointer`) add their
 * tips through the same collector while Plot draws, so ids are shared and capped together.
 */
export function plotWithTips(options: Record<string, unknown> = {}): Element {
  const tipped = flatMarks(options.marks).filter((m) => m.tip);
  const collector = new TipCollector();
  const tips = collector.tips;
  const ids = new Map<string, number>();
  const restore: (() => void)[] = [];
  const extra = tipped.map((mark, m) => {
    const own = Object.getOwnPropertyDescriptor(mark, 'render');
    const render = mark.render;
    const tip = mark.tip;
    restore.push(() => {
      if (own) Object.defineProperty(mark, 'render', own);
      else delete (mark as Partial<MarkLike>).render;
      mark.tip = tip;
    });
    // Plot's own pointer tip would only work where Plot runs; the page draws it instead.
    mark.tip = false;
    mark.render = function (index, ...rest) {
      const node = render.call(this, index, ...rest);
      for (const el of node ? [node, ...node.querySelectorAll('*')] : []) {
        const i = (el as { __data__?: unknown }).__data__;
        if (typeof i !== 'number') continue;
        const key = `${m}:${index.fi ?? 0}:${i}`;
        let id = ids.get(key);
        if (id === undefined) {
          id = collector.nextId();
          if (id === undefined) continue;
          ids.set(key, id);
        }
        el.setAttribute('data-tip', String(id));
      }
      return node;
    };
    const tipOptions = typeof tip === 'object' && tip !== null ? { ...(tip as object), pointer: undefined } : {};
    // As Plot derives a mark's pointer tip (inferTips in plot.js), without the pointer.
    const derived = P.initializer({ ...tipOptions, x: null, y: null }, (_d, _f, _c, _s, _dims, context) => context.getMarkState(mark));
    const t = P.tip(mark.data, {
      ...derived,
      title: null,
      render: (index: ArrayLike<number>, scales: unknown, values: unknown, dimensions: unknown, context: unknown, next: Next) => {
        const g = next(index, scales, values, dimensions, context);
        const fi = (index as unknown as { fi?: number }).fi ?? 0;
        g?.querySelectorAll(':scope > g').forEach((box) => {
          const id = ids.get(`${m}:${fi}:${String((box as { __data__?: unknown }).__data__)}`);
          if (id !== undefined) tips[id] = tipLines(box);
        });
        // Nothing left for Plot's deferred layout of the tips to measure: they are never shown here.
        g?.replaceChildren();
        return null;
      },
    });
    t.facet = mark.facet;
    t.facetAnchor = mark.facetAnchor;
    return t;
  });
  try {
    const chart = collectingTips(collector, () => P.plot(extra.length ? { ...options, marks: [options.marks, ...extra] } : options));
    for (let id = 0; id < collector.count; id++) tips[id] ??= [];
    if (collector.count > 0) tipsByChart.set(chart, tips);
    return chart;
  } finally {
    restore.forEach((r) => r());
  }
}
