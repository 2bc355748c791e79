/**
 * Limits on a Markdown cell's text, so that no text can freeze the page or overflow the
 * formatter's stack: Markdown's emphasis rules cost time that grows much faster than the text
 * (200 KB of `*a` took 18 s), and every level of `>` or list nesting is a level of recursion.
 */
export const MAX_MARKDOWN_CHARS = 20_000;
/** Blockquote or list levels, far beyond any prose. */
export const MAX_MARKDOWN_NESTING = 16;
/** `*`, `_` and `~` in one paragraph: their pairing is what grows fastest. */
export const MAX_EMPHASIS_MARKS_PER_PARAGRAPH = 500;

/** Why this text is not formatted (it is shown as plain text instead), or null when it is fine. */
export function markdownLimitError(source: string): string | null {
  if (source.length > MAX_MARKDOWN_CHARS) {
    return `This text cell has ${source.length.toLocaleString('en')} characters, over the ${MAX_MARKDOWN_CHARS.toLocaleString('en')} that are formatted; it is shown as plain text. Split it into several cells to format it.`;
  }
  for (const line of source.split('\n')) {
    if (nestingOf(line) > MAX_MARKDOWN_NESTING) {
      return `This text cell nests quotes or lists more than ${MAX_MARKDOWN_NESTING} levels deep; it is shown as plain text.`;
    }
  }
  for (const paragraph of source.split(/\n\s*\n/)) {
    if ((paragraph.match(/[*_~]/g) ?? []).length > MAX_EMPHASIS_MARKS_PER_PARAGRAPH) {
      return `A paragraph of this text cell has more than ${MAX_EMPHASIS_MARKS_PER_PARAGRAPH} emphasis marks (*, _ or ~); it is shown as plain text.`;
    }
  }
  return null;
}

/** Quote and list markers that open a container at the start of a line (`> - 1. x` is three). */
const CONTAINERS = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/;

/** How deep a line nests: its container markers, and its indentation when it is a list item. */
function nestingOf(line: string): number {
  const prefix = CONTAINERS.exec(line)?.[0];
  if (!prefix) return 0;
  const markers = prefix.match(/>|[-*+]|\d{1,9}[.)]/g)?.length ?? 0;
  return markers + Math.floor(/^[ \t]*/.exec(line)![0].length / 2);
}
