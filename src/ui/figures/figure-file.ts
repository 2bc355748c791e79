import type { FigureFacts } from '../../state/figure-facts';
import { withPngText } from './png-text';

const SVG_NS = 'http://www.w3.org/2000/svg';
const LINE = 14;
/** What app.css gives Plot's classes on the page, for the file (which has no page around it). */
const FILE_STYLE = 'svg{font:10px system-ui,sans-serif}text,tspan{white-space:pre}.footer{font-size:11px;fill:#333}';

/** A figure made into a file: a standalone SVG of the chart, its size, and the lines that describe it. */
export interface FigureSvg {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  /** What the PNG's text chunks carry: Title, Description, Source, Creation Time, n. */
  readonly text: Readonly<Record<string, string>>;
}

function chartOf(root: Element): SVGSVGElement | null {
  let best: SVGSVGElement | null = null;
  let area = 0;
  // The chart is the largest top-level svg; legends are small ones beside it.
  for (const svg of root.querySelectorAll('svg')) {
    if (svg.parentElement?.closest('svg')) continue;
    const a = Number(svg.getAttribute('width') || 0) * Number(svg.getAttribute('height') || 0);
    if (a > area) [best, area] = [svg, a];
  }
  return best;
}

interface Legend {
  readonly ramps: SVGSVGElement[];
  readonly swatches: { svg: SVGSVGElement; svgWidth: number; label: string; x: number; y: number }[];
  readonly height: number;
}

/** The output's legends beside the chart: colour ramps (svg) and swatches (HTML spans with a small svg), laid out in rows. */
function legendOf(root: Element, chart: SVGSVGElement): Legend {
  const ramps = [...root.querySelectorAll<SVGSVGElement>('svg[class$="-ramp"]')].filter((r) => r !== chart);
  let y = ramps.reduce((h, r) => h + (Number(r.getAttribute('height')) || 0), 0);
  const width = Number(chart.getAttribute('width')) || 640;
  const swatches: Legend['swatches'] = [];
  let x = 0;
  for (const item of root.querySelectorAll('[class$="-swatch"]')) {
    const svg = item.querySelector('svg');
    if (!svg) continue;
    const svgWidth = Number(svg.getAttribute('width')) || 15;
    const label = item.textContent?.trim() ?? '';
    const w = svgWidth + 4 + label.length * 6 + 14;
    if (x > 0 && x + w > width) [x, y] = [0, y + 20];
    swatches.push({ svg, svgWidth, label, x, y });
    x += w;
  }
  return { ramps, swatches, height: y + (swatches.length ? 24 : ramps.length ? 4 : 0) };
}

function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > chars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/**
 * The figure shown in `root` (already sanitised HTML on the page) as a standalone SVG file: the
 * chart on white, then a footer with the caption and "notebook · run date · n", which also go
 * into the file's <title>, <desc> and <metadata>. Null when the output has no chart.
 */
export function figureSvg(root: Element, facts: FigureFacts): FigureSvg | null {
  const chart = chartOf(root);
  if (!chart) return null;
  const box = chart.getBoundingClientRect();
  const width = Math.round(Number(chart.getAttribute('width')) || box.width);
  const chartHeight = Math.round(Number(chart.getAttribute('height')) || box.height);
  const caption = root.querySelector('figcaption')?.textContent?.trim() ?? '';
  const source = [facts.notebookTitle, facts.runDate && `run ${facts.runDate}`, facts.n !== null && `n = ${facts.n}`].filter(Boolean).join(' · ');
  const footer = [...wrap(caption, Math.max(30, Math.floor(width / 6))), ...wrap(source, Math.max(30, Math.floor(width / 6)))];
  const legend = legendOf(root, chart);
  const top = legend.height;
  const height = top + chartHeight + 8 + footer.length * LINE;

  const doc = document.implementation.createDocument(SVG_NS, 'svg', null);
  const svg = doc.documentElement;
  const el = (tag: string, attrs: Record<string, string | number> = {}, text?: string) => {
    const e = doc.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  for (const [k, v] of Object.entries({ width, height, viewBox: `0 0 ${width} ${height}` })) svg.setAttribute(k, String(v));
  svg.append(el('title', {}, caption || facts.name), el('desc', {}, [caption, source].filter(Boolean).join('\n')));
  const meta = el('metadata');
  meta.append(el('motivelab-figure', {}, JSON.stringify({ notebook: facts.notebookTitle, cell: facts.name, runDate: facts.runDate, n: facts.n, caption })));
  svg.append(meta, el('style', {}, FILE_STYLE), el('rect', { width, height, fill: 'white' }));
  // Legends first: swatches (HTML on the page) redrawn as SVG, ramps as they are.
  let y = 0;
  for (const ramp of legend.ramps) {
    const r = doc.importNode(ramp, true) as SVGSVGElement;
    r.setAttribute('y', String(y));
    svg.append(r);
    y += Number(ramp.getAttribute('height')) || 0;
  }
  for (const item of legend.swatches) {
    const g = el('g', { transform: `translate(${item.x},${item.y})` });
    const mark = doc.importNode(item.svg, true) as SVGSVGElement;
    mark.setAttribute('y', '0');
    g.append(mark, el('text', { x: item.svgWidth + 4, y: 11 }, item.label));
    svg.append(g);
  }
  const copy = doc.importNode(chart, true) as SVGSVGElement;
  copy.setAttribute('y', String(top));
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(chartHeight));
  copy.removeAttribute('style');
  // The page's tip indexes mean nothing in a file, and a pointer mark's groups (one per datum,
  // shown by the page's CSS one at a time) would all show: the file has what the page shows now.
  for (const e of copy.querySelectorAll('g[data-pointer] > [data-datum]:not(.pointed)')) e.remove();
  for (const e of copy.querySelectorAll('[data-anchors]')) e.removeAttribute('data-anchors');
  for (const e of copy.querySelectorAll('[data-tip]')) e.removeAttribute('data-tip');
  svg.append(copy);
  footer.forEach((line, i) => svg.append(el('text', { class: 'footer', x: 4, y: top + chartHeight + 4 + (i + 1) * LINE - 3 }, line)));
  const text = { Title: caption || facts.name, Description: source, Source: 'Motivelab', 'Creation Time': new Date().toISOString(), ...(facts.n !== null && { n: String(facts.n) }) };
  return { svg: new XMLSerializer().serializeToString(svg), width, height, text };
}

/**
 * The figure as a PNG at twice its size, drawn on a canvas from the SVG file above (an SVG used as
 * an image loads nothing, so this adds no way out), with its text chunks.
 */
export async function figurePng(figure: FigureSvg): Promise<Uint8Array> {
  const url = URL.createObjectURL(new Blob([figure.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image(figure.width, figure.height);
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = figure.width * 2;
    canvas.height = figure.height * 2;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw the figure on a canvas.');
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0, figure.width, figure.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('This browser could not make a PNG of the figure.');
    return withPngText(new Uint8Array(await blob.arrayBuffer()), figure.text);
  } finally {
    URL.revokeObjectURL(url);
  }
}
