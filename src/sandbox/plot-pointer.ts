import * as Plot from '@observablehq/plot';
import type { TipLine } from './protocol';
import { MAX_TIPS, currentTips, tipLines } from './tip-collector';

type Next = (index: Index, scales: Scales, values: Values, dimensions: Dimensions, context: Context) => Element | null;
type Render = (this: object, index: Index, scales: Scales, values: Values, dimensions: Dimensions, context: Context, next?: Next) => Element | null;
type Index = number[] & { fx?: unknown; fy?: unknown; fi?: number };
type Scale = ((v: unknown) => number) & { bandwidth?: () => number };
interface Scales { x?: Scale; y?: Scale; fx?: Scale; fy?: Scale }
type Values = Record<string, ArrayLike<number> | undefined>;
interface Dimensions { width: number; height: number; marginTop: number; marginRight: number; marginBottom: number; marginLeft: number }
interface Context { document: Document; ownerSVGElement: SVGSVGElement }
interface PointerMark { render?: Render; frameAnchor?: string }
/** Plot's pointer transforms and crosshairs, typed loosely (their options are any mark's). */
const P = Plot as unknown as {
  pointer(options?: object): Record<string, unknown>;
  crosshair(data: unknown, options?: object): PointerMark[];
  crosshairX(data: unknown, options?: object): PointerMark[];
  crosshairY(data: unknown, options?: object): PointerMark[];
  Tip: new (...args: never[]) => object;
};

/**
 * At most this many data of one pointer mark are drawn for the page (a crosshair's four marks:
 * 8 elements per datum); a larger one stays as Plot draws it before any pointing: empty. The page
 * sanitises every element of a chart each time it changes (a crosshair over 1,000 points: ~0.4-1 s
 * on a loaded machine, `npm run bench -- interact`), so this keeps such a chart light. A tip needs
 * no drawing (one anchor per datum, in an attribute) and is bounded by MAX_TIPS.
 */
export const MAX_POINTER_DATA = 500;

/** Which way a pointer looks for the nearest point: both ways (`pointer`), or mostly along x or y. */
type Axis = 'xy' | 'x' | 'y';

/**
 * Plot's pointer transform, for the page to play. Plot's own listens to pointer events on the
 * chart, which only works where Plot runs, and the page runs no notebook code. So this renders
 * the mark for every datum at once, each hidden (its own `<g>` tagged `data-datum="i"`), and lists where each
 * datum is pointed at (Plot's anchor: px/py, the middle of x1/x2, or x) in `data-anchors`
 * ("i,x,y;" or "i,x,y,tip;": one attribute, not an element per datum, which the page's sanitiser
 * would have to walk); the page finds the anchor nearest the pointer as Plot would (weights and
 * maxRadius in `data-pointer` / `data-radius`) and shows that datum's group. A tip mark is not
 * drawn (its box needs a layout only the page can do): its lines go with the chart as text, like
 * `tip: true`'s, and its anchors name them.
 */
function pointerRender(axis: Axis, maxRadius: number): Render {
  return function (index, scales, values, dimensions, context, next) {
    const collector = currentTips();
    if (!next) return null;
    const isTip = this instanceof P.Tip;
    // Outside Plot.plot (e.g. mark.plot()) nothing can be handed to the page, and past the caps
    // nothing is drawn for it: nothing is pointed at, as in a static Plot chart.
    if (!collector || index.length > (isTip ? MAX_TIPS - collector.count : MAX_POINTER_DATA)) return next(withFacet([], index), scales, values, dimensions, context);
    const doc = context.document;
    const g = doc.createElementNS('http://www.w3.org/2000/svg', 'g');
    g.setAttribute('data-pointer', axis);
    g.setAttribute('data-radius', String(maxRadius));
    const [cx, cy] = frameAnchor(this as PointerMark, dimensions);
    const px = anchor(values.px, values.x1, values.x2, values.x, cx);
    const py = anchor(values.py, values.y1, values.y2, values.y, cy);
    // Band scales give a band's start; Plot points at its middle.
    const bx = scales.x?.bandwidth ? scales.x.bandwidth() / 2 : 0;
    const by = scales.y?.bandwidth ? scales.y.bandwidth() / 2 : 0;
    const lines = new Map<number, TipLine[]>();
    if (isTip) {
      const drawn = next(withFacet([...index], index), scales, values, dimensions, context);
      drawn?.querySelectorAll(':scope > g').forEach((box) => {
        const i = (box as { __data__?: unknown }).__data__;
        if (typeof i === 'number') lines.set(i, tipLines(box));
      });
      // Nothing left for Plot's deferred layout of the tips to measure: they are never shown here.
      drawn?.replaceChildren();
    }
    let anchors = '';
    for (const i of index) {
      const x = px(i) + bx;
      const y = py(i) + by;
      // Off any sensible chart (or NaN): not pointable, as Plot's pointer never reaches it.
      if (!(Math.abs(x) < 1e6 && Math.abs(y) < 1e6)) continue;
      // A hundredth of a pixel is as close as the page can point.
      const at = `${i},${Math.round(x * 100) / 100},${Math.round(y * 100) / 100}`;
      if (isTip) {
        const id = collector.nextId();
        if (id === undefined) break;
        anchors += `${at},${id};`;
        collector.tips[id] = lines.get(i) ?? [];
        continue;
      }
      const one = next(withFacet([i], index), scales, values, dimensions, context);
      if (!one) continue;
      anchors += `${at};`;
      // The mark's own group carries the datum: no wrapper, one element less per datum to sanitise.
      one.setAttribute('data-datum', String(i));
      g.append(one);
    }
    g.setAttribute('data-anchors', anchors);
    return g;
  };
}

function withFacet(I: number[], index: Index): Index {
  const out = I as Index;
  if (index.fi != null) [out.fx, out.fy, out.fi] = [index.fx, index.fy, index.fi];
  return out;
}

function anchor(P: ArrayLike<number> | undefined, A1: ArrayLike<number> | undefined, A2: ArrayLike<number> | undefined, A: ArrayLike<number> | undefined, c: number): (i: number) => number {
  if (P) return (i) => P[i];
  if (A1 && A2) return (i) => (A1[i] + A2[i]) / 2;
  const one = A ?? A1;
  return one ? (i) => one[i] : () => c;
}

/** As Plot's applyFrameAnchor: where a datum without x (or y) is pointed at. */
function frameAnchor({ frameAnchor: f = '' }: PointerMark, d: Dimensions): [number, number] {
  const x = /left$/.test(f) ? d.marginLeft : /right$/.test(f) ? d.width - d.marginRight : (d.marginLeft + d.width - d.marginRight) / 2;
  const y = /^top/.test(f) ? d.marginTop : /^bottom/.test(f) ? d.height - d.marginBottom : (d.marginTop + d.height - d.marginBottom) / 2;
  return [x, y];
}

/** As Plot's composeRender: `outer` runs first, with `inner` (then the mark's own) as its next. */
function compose(outer: Render, inner: Render | undefined): Render {
  if (!inner) return outer;
  return function (i, s, v, d, c, next) {
    return outer.call(this, i, s, v, d, c, (i2, s2, v2, d2, c2) => inner.call(this, i2, s2, v2, d2, c2, next));
  };
}

function pointerK(axis: Axis) {
  return (options: Record<string, unknown> = {}): Record<string, unknown> => {
    const maxRadius = options.maxRadius === undefined ? 40 : Number(options.maxRadius);
    // Plot's own pointer sets the px/py channels and x/y defaults; only its render is replaced.
    const made = P.pointer(options);
    return { ...made, render: compose(pointerRender(axis, maxRadius), options.render as Render | undefined) };
  };
}

/** `Plot.pointer`, `Plot.pointerX`, `Plot.pointerY` as cell code sees them: drawn on the page (see pointerRender). */
export const pointer = pointerK('xy');
export const pointerX = pointerK('x');
export const pointerY = pointerK('y');

function crosshairK(axis: Axis, make: (data: unknown, options?: object) => PointerMark[]) {
  return (data: unknown, options: { maxRadius?: number; [option: string]: unknown } = {}): PointerMark[] => {
    const marks = make(data, options);
    // Each of Plot's crosshair marks is a rule or text behind Plot's pointer; the pointer is swapped for ours.
    for (const mark of marks) {
      const own = Object.getPrototypeOf(mark) as PointerMark;
      mark.render = compose(pointerRender(axis, options.maxRadius ?? 40), own.render);
    }
    return marks;
  };
}

/** `Plot.crosshair`, `crosshairX`, `crosshairY`: Plot's rules and labels, shown by the page for the point nearest the pointer. */
export const crosshair = crosshairK('xy', (d, o) => P.crosshair(d, o));
export const crosshairX = crosshairK('x', (d, o) => P.crosshairX(d, o));
export const crosshairY = crosshairK('y', (d, o) => P.crosshairY(d, o));
