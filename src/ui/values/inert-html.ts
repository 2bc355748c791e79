import DOMPurify from 'dompurify';
import type { AllowList } from './allow-list';

/** Attributes whose value is a URL; each is checked by `allowedUrl`. */
const URL_ATTRIBUTES = new Set(['href', 'xlink:href', 'src']);
/** Attributes that are plain text to the browser, never parsed as CSS or a URL. */
const TEXT_ATTRIBUTES = new Set(['title', 'alt', 'aria-label', 'aria-description']);
/**
 * The only values with a parenthesis or a backslash an attribute may keep: a reference to an
 * element of the same document (`url(#clip1)`: a fragment alone cannot name another host), a
 * colour function, or an SVG transform of numbers. Anything else that a CSS parser might read as
 * `url(`, `image-set(`, `src(` or a CSS escape (`u\72l(`) is dropped.
 */
const SAFE_FUNCTION_VALUE = [
  /^\s*url\(\s*#[\w:.-]+\s*\)\s*$/i,
  /^\s*(rgba?|hsla?)\([\d\s.,%/+-]+\)\s*$/i,
  /^\s*((translate|rotate|scale|matrix|skewx|skewy)\s*\([\d\s.,eE+-]*\)\s*,?\s*)+$/i,
  // The halo of Plot's crosshair labels: the page's background, set by app.css.
  /^var\(--plot-background\)$/,
];
/** A pointer group's anchors: "datum,x,y;" or "datum,x,y,tip;" entries (each ends with ";", so the match is linear). */
const ANCHORS = /^(?:\d{1,7},-?\d{1,7}(?:\.\d{1,2})?,-?\d{1,7}(?:\.\d{1,2})?(?:,\d{1,6})?;){0,20000}$/;
/** Raster pictures only: an SVG in a data URL is a document of its own and could load more. */
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|avif|bmp);base64,[a-z0-9+/=\s]*$/i;

function allowedUrl(tag: string, name: string, value: string): boolean {
  const v = value.trim();
  if (name === 'src') return tag === 'img' && DATA_IMAGE.test(v);
  // Plot draws rasters and colour ramps as an SVG <image> of a PNG it made (serialised with xlink:href): kept, as data only.
  if (tag === 'image') return DATA_IMAGE.test(v);
  if (name === 'xlink:href') return false;
  // Links: the web and mail only, or a place in this page; nothing relative to the app.
  return tag === 'a' && (/^(https?:\/\/|mailto:)/i.test(v) || /^#[\w:.-]*$/.test(v));
}

function allowedValue(name: string, value: string): boolean {
  // A chart element's tip: only an index into the tips the page holds as text.
  if (name === 'data-tip' || name === 'data-datum') return /^\d{1,7}$/.test(value);
  // A pointer mark's group (plot-pointer.ts): which way it looks for the nearest point, and how far.
  if (name === 'data-pointer') return /^(xy|x|y)$/.test(value);
  if (name === 'data-radius') return /^\d{1,4}(\.\d{1,4})?$/.test(value);
  if (name === 'data-anchors') return ANCHORS.test(value);
  if (TEXT_ATTRIBUTES.has(name) || !/[\\(]/.test(value)) return true;
  return SAFE_FUNCTION_VALUE.some((re) => re.test(value));
}

const purifiers = new Map<AllowList, ReturnType<typeof DOMPurify>>();

function purifierFor(allow: AllowList): ReturnType<typeof DOMPurify> {
  let p = purifiers.get(allow);
  if (p) return p;
  p = DOMPurify(window);
  p.setConfig({
    ALLOWED_TAGS: [...allow.tags],
    ALLOWED_ATTR: [...allow.attributes],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    KEEP_CONTENT: true,
  });
  p.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName.toLowerCase();
    const tag = node.nodeName.toLowerCase();
    const ok = URL_ATTRIBUTES.has(name) ? allowedUrl(tag, name, data.attrValue) : allowedValue(name, data.attrValue);
    if (!ok) data.keepAttr = false;
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName.toLowerCase() !== 'a' || !node.hasAttribute('href')) return;
    if (node.getAttribute('href')!.startsWith('#')) return;
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  });
  purifiers.set(allow, p);
  return p;
}

/**
 * A picture whose source was dropped (from another host, or not a raster `data:` URL) becomes a
 * visible note instead of a broken image. Done on an inert document (DOMParser), where nothing
 * loads, before the HTML enters the page.
 */
function markDroppedImages(html: string): string {
  if (!/<img/i.test(html)) return html;
  const doc = new DOMParser().parseFromString(`<body>${html}`, 'text/html');
  for (const img of doc.querySelectorAll('img:not([src])')) {
    const note = doc.createElement('span');
    note.className = 'remote-image';
    const alt = img.getAttribute('alt');
    note.textContent = `remote image not loaded${alt ? `: ${alt}` : ''}`;
    img.replaceWith(note);
  }
  return doc.body.innerHTML;
}

/**
 * HTML from a notebook made inert for the page: only the allow-listed elements and attributes
 * stay, no attribute can carry a URL to another host or anything CSS might fetch, links open in
 * a new tab without a referrer, and images are only `data:` raster pictures.
 */
export function inertHtml(html: string, allow: AllowList): string {
  return markDroppedImages(purifierFor(allow).sanitize(html) as string);
}
