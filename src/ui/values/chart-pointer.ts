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

/** One datum's anchor: its index, where it is in its group's coordinates, and its tip (-1: none). */
type Anchor = readonly [datum: string, x: number, y: number, tip: number];

// Parsed once per group: the attribute is fixed once the chart is shown.
const parsed = new WeakMap<Element, Anchor[]>();

function anchorsOf(group: Element): Anchor[] {
  let anchors = parsed.get(group);
  if (!anchors) {
    anchors = (group.getAttribute('data-anchors') ?? '').split(';').filter(Boolean).map((entry) => {
      const [datum, x, y, tip] = entry.split(',');
      return [datum, Number(x), Number(y), tip === undefined ? -1 : Number(tip)] as const;
    });
    parsed.set(group, anchors);
  }
  return anchors;
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
    const m = group.getScreenCTM();
    const anchor = clientX === null || clientY === null || !m ? null : nearest(group, m, clientX, clientY);
    for (const shown of group.querySelectorAll(':scope > .pointed')) shown.classList.remove('pointed');
    if (!anchor || !m) continue;
    const [datum, x, y, id] = anchor;
    group.querySelector(`:scope > [data-datum="${datum}"]`)?.classList.add('pointed');
    if (!tip && id >= 0) tip = { tip: id, clientX: m.a * x + m.c * y + m.e, clientY: m.b * x + m.d * y + m.f };
  }
  return tip;
}

function nearest(group: SVGGElement, m: DOMMatrix, clientX: number, clientY: number): Anchor | null {
  const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
  const [kx, ky] = WEIGHTS[group.getAttribute('data-pointer') ?? 'xy'] ?? WEIGHTS.xy;
  const radius = Number(group.getAttribute('data-radius') ?? 40);
  let best: Anchor | null = null;
  let bestDistance = radius * radius;
  for (const anchor of anchorsOf(group)) {
    const dx = kx * (anchor[1] - p.x);
    const dy = ky * (anchor[2] - p.y);
    const d = dx * dx + dy * dy;
    if (d <= bestDistance) [best, bestDistance] = [anchor, d];
  }
  return best;
}
