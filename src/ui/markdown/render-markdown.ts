import { marked } from 'marked';
import { MARKDOWN_ALLOW } from '../values/allow-list';
import { inertHtml } from '../values/inert-html';
import { markdownLimitError } from './markdown-limits';

/** A Markdown cell as the page shows it: inert HTML, or why its text is shown plain instead. */
export type RenderedMarkdown = { readonly html: string } | { readonly plain: string; readonly reason: string };

/**
 * Markdown to inert HTML (the `MARKDOWN_ALLOW` allow-list: no style, form, script or remote
 * resource; links open in a new tab). Text over the limits of markdown-limits.ts, or that the
 * formatter fails on, comes back as plain text with the reason, never as an exception.
 */
export function renderMarkdown(source: string): RenderedMarkdown {
  const limit = markdownLimitError(source);
  if (limit) return { plain: source, reason: limit };
  try {
    const html = marked.parse(source, { async: false, gfm: true }) as string;
    return { html: inertHtml(html, MARKDOWN_ALLOW) };
  } catch (error) {
    return { plain: source, reason: `This text could not be formatted (${(error as Error).message.split('\n')[0]}); it is shown as plain text.` };
  }
}
