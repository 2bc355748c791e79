import DOMPurify from 'dompurify';

const URL_ATTRIBUTES = new Set(['src', 'href', 'xlink:href', 'srcset', 'action', 'formaction', 'poster', 'background', 'ping']);
const REMOTE_URL = /url\s*\(\s*['"]?\s*(?!data:|#)/i;

let purify: ReturnType<typeof DOMPurify> | null = null;

/** Its own DOMPurify instance: these hooks must not apply to Markdown, whose links are wanted. */
function viewPurifier(): ReturnType<typeof DOMPurify> {
  if (purify) return purify;
  const p = DOMPurify(window);
  p.addHook('uponSanitizeAttribute', (_node, data) => {
    const name = data.attrName.toLowerCase();
    const value = data.attrValue.trim();
    if (URL_ATTRIBUTES.has(name) && !/^(data:image\/|#)/i.test(value)) data.keepAttr = false;
    if (name === 'style' && REMOTE_URL.test(value)) data.keepAttr = false;
  });
  p.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && REMOTE_URL.test(node.textContent ?? '')) node.textContent = '';
  });
  return (purify = p);
}

/**
 * Sanitises HTML that a sandboxed cell produced (a Plot chart) before it enters the page: no
 * script and no event handler (DOMPurify), and no URL that would make the page fetch anything:
 * only `data:` images and `#fragment` references stay, so a chart cannot carry data out
 * through an image, a link or a CSS `url()`.
 */
export function sanitizeView(html: string): string {
  return viewPurifier().sanitize(html, { USE_PROFILES: { html: true, svg: true, svgFilters: true } });
}
