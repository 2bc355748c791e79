import type { Cell, CellId } from '../model';

/** One heading of a notebook's outline: its text, its level (1 for `#`) and the text cell it is in. */
export interface OutlineEntry {
  readonly cellId: CellId;
  readonly level: number;
  readonly text: string;
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The ATX headings (`#` … `######`) of the notebook's text cells, in order, as plain text. Lines
 * inside fenced code are not headings, as Markdown renders them.
 */
export function notebookOutline(cells: readonly Cell[]): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  for (const cell of cells) {
    if (cell.kind !== 'markdown') continue;
    let fence: string | null = null;
    for (const line of cell.source.split('\n')) {
      const f = FENCE.exec(line);
      if (f) {
        if (fence === null) fence = f[1];
        else if (f[1][0] === fence[0] && f[1].length >= fence.length) fence = null;
        continue;
      }
      if (fence !== null) continue;
      const h = HEADING.exec(line);
      const text = h ? plainText(h[2]) : '';
      if (h && text) entries.push({ cellId: cell.id, level: h[1].length, text });
    }
  }
  return entries;
}

/** Inline Markdown as the reader sees it: links by their text, no emphasis or code marks. */
function plainText(inline: string): string {
  return inline
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .trim();
}
