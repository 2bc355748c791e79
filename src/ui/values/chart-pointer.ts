/** Plot's weights for the distance along x and y: `pointerX` mostly looks along x, `pointerY` along y. */
const WEIGHTS: Record<string, [number, number]> = { xy: [1, 1], x: [1, 0.01], y: [0.01, 1] };

/** Where a pointer mark's nearest datum is, for a tip drawn by the page. */
export interface PointedTip {
  /** Index into the chart's tips. */
  readonly tip: number;
  /** The anchor, in client pixels. */
  readonly clientX: number;
  readonly clientY: number;
}

/**
 * Plays Plot's pointer transforms in a sanitised chart (see `src/sandbox/plot-pointer.ts`): in
 * every `g[data-pointer]`, finds the anchor nearest the pointer as Plot does (in the group's own
 * coordinates, weighted by axis, within `data-radius`), shows that datum's group and hides the
 * one shown before. Returns the first pointed anchor that carries a tip. Client coordinates null:
 * the pointer has left, nothing is pointed at.
 */
export function pointAt(root: Element, clientX: number | null, clientY: number | null): PointedTip | null {
  let tip: PointedTip | null = null;
  for (const group of root.querySelectorAll<SVGGElement>('g[data-pointer]')) {
    const datum = clientX === null || clientY === null ? null : nearestDatum(group, clientX, clientY);
    for (const shown of group.querySelectorAll(':scope > g.pointed')) shown.classList.remove('pointed');
    if (!datum) continue;
    group.querySelector(`:scope > g[data-datum="${datum.getAttribute('data-datum')}"]`)?.classList.add('pointed');
    const id = datum.getAttribute('data-tip');
    if (tip || id === null) continue;
    const m = datum.getScreenCTM();
    const [x, y] = [Number(datum.getAttribute('cx')), Number(datum.getAttribute('cy'))];
    if (m) tip = { tip: Number(id), clientX: m.a * x + m.c * y + m.e, clientY: m.b * x + m.d * y + m.f };
  }
  return tip;
}

function nearestDatum(group: SVGGElement, clientX: number, clientY: number): SVGCircleElement | null {
  const m = group.getScreenCTM();
  if (!m) return null;
  const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
  const [kx, ky] = WEIGHTS[group.getAttribute('data-pointer') ?? 'xy'] ?? WEIGHTS.xy;
  const radius = Number(group.getAttribute('data-radius') ?? 40);
  let best: SVGCircleElement | null = null;
  let bestDistance = radius * radius;
  for (const dot of group.querySelectorAll<SVGCircleElement>(':scope > circle[data-datum]')) {
    const dx = kx * (Number(dot.getAttribute('cx')) - p.x);
    const dy = ky * (Number(dot.getAttribute('cy')) - p.y);
    const d = dx * dx + dy * dy;
    if (d <= bestDistance) [best, bestDistance] = [dot, d];
  }
  return best;
}
