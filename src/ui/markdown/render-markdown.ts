import { marked } from 'marked';
import DOMPurify from 'dompurify';

/** Markdown to sanitised HTML: no scripts, no event handlers, links open safely. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true }) as string;
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}
