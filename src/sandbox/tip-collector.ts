import type { TipLine } from './protocol';

/** At most this many tips (and pointer anchors) per chart: keeps the view small, the rest stays a picture. */
export const MAX_TIPS = 5000;

/** The tips of the chart `Plot.plot` is drawing: ids handed to `data-tip` elements, lines by id. */
export class TipCollector {
  /** Lines of tip n; a gap is filled with no lines when the chart is done. */
  readonly tips: TipLine[][] = [];
  /** Ids handed out so far (also counts pointer anchors, which share the cap). */
  count = 0;

  /** A new id, or undefined once MAX_TIPS are out. */
  nextId(): number | undefined {
    return this.count < MAX_TIPS ? this.count++ : undefined;
  }
}

let current: TipCollector | null = null;

/** The collector of the chart being drawn by `plotWithTips`, or null outside it (`mark.plot()`). */
export function currentTips(): TipCollector | null {
  return current;
}

/** Runs `draw` (Plot draws synchronously) with `collector` as the current one. */
export function collectingTips<T>(collector: TipCollector, draw: () => T): T {
  const outer = current;
  current = collector;
  try {
    return draw();
  } finally {
    current = outer;
  }
}

/** A rendered tip's lines: the bold tspan is the label, the rest the value (a truncated value's full text is its <title>). */
export function tipLines(box: Element): TipLine[] {
  const lines: TipLine[] = [];
  for (const line of box.querySelectorAll(':scope > text > tspan')) {
    const label = line.querySelector('tspan[font-weight="bold"]')?.textContent ?? '';
    const full = line.querySelector('title')?.textContent;
    let value = '';
    for (const node of line.childNodes) if (node.nodeType === 3) value += node.textContent ?? '';
    lines.push([label, (full ?? value).replace(/\u200b/g, '').trim()]);
  }
  return lines;
}
