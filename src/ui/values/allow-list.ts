/**
 * What HTML from a notebook may contain once it enters the page: explicit lists of elements and
 * attributes (anything else is dropped), one for a Markdown cell and one for a cell's output
 * view (a Plot chart, a legend, a small piece of HTML). Neither list has `style` (element or
 * attribute), forms, inputs, buttons, media, frames, `<use>` or `srcset`: those are the ways HTML
 * loads something or restyles the page; `<img>` and SVG `<image>` keep only `data:` raster
 * pictures (inert-html.ts). Names are lowercase, as DOMPurify compares them.
 */
export interface AllowList {
  readonly tags: readonly string[];
  readonly attributes: readonly string[];
}

const TEXT_TAGS = ['p', 'br', 'hr', 'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'code', 'kbd', 'pre', 'blockquote', 'span', 'div', 'a'];
const STRUCTURE_TAGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'details', 'summary', 'figure', 'figcaption'];
const SVG_TAGS = ['svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'title', 'desc', 'defs', 'clippath', 'marker', 'mask', 'lineargradient', 'radialgradient', 'stop', 'image'];

const SVG_ATTRIBUTES = [
  'xmlns', 'viewbox', 'width', 'height', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'd', 'points', 'dx', 'dy',
  'transform', 'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-miterlimit', 'opacity', 'paint-order', 'vector-effect', 'shape-rendering',
  'clip-path', 'clip-rule', 'clippathunits', 'mask', 'marker-start', 'marker-mid', 'marker-end', 'markerwidth', 'markerheight',
  'markerunits', 'refx', 'refy', 'orient', 'preserveaspectratio', 'font-family', 'font-size', 'font-weight', 'font-style',
  'font-variant', 'text-anchor', 'dominant-baseline', 'alignment-baseline', 'letter-spacing', 'text-decoration', 'writing-mode',
  'gradientunits', 'gradienttransform', 'offset', 'stop-color', 'stop-opacity', 'color', 'mix-blend-mode', 'pointer-events',
];

/** Markdown: text, lists, tables, links, headings; images only as `data:` raster pictures. */
export const MARKDOWN_ALLOW: AllowList = {
  tags: [...TEXT_TAGS, ...STRUCTURE_TAGS, 'img'],
  attributes: ['href', 'title', 'src', 'alt', 'align', 'start', 'colspan', 'rowspan', 'open'],
};

/** A cell's output: what Plot draws (SVG, legends, figures) and simple HTML. */
export const VIEW_ALLOW: AllowList = {
  tags: [...TEXT_TAGS, ...STRUCTURE_TAGS, ...SVG_TAGS, 'img'],
  attributes: ['class', 'id', 'href', 'xlink:href', 'title', 'src', 'alt', 'align', 'colspan', 'rowspan', 'role', 'aria-label', 'aria-description', 'aria-hidden', 'data-tip', 'data-pointer', 'data-radius', 'data-datum', 'data-anchors', ...SVG_ATTRIBUTES],
};
