import type { ValueView } from '../sandbox/protocol';
import { formatBytes } from './limits';

/**
 * How much of a cell's value the page is sent and shows. Past these a value is cut, with a note
 * of what was left out, or replaced by a plain message: a 30 MB string, a 20,000-column table or
 * a 300,000-element chart held the page for half a minute when shown whole.
 */
export const VIEW_LIMITS = {
  /** Rows of a table sent for display (the page pages through them). */
  rows: 200,
  /** Columns of a table sent for display. */
  columns: 200,
  /** Characters of one table cell's text. */
  cellChars: 1_000,
  /** Characters of a text or JSON preview. */
  textChars: 100_000,
  /** Elements of a chart or other element. */
  elements: 50_000,
  /** Characters of a chart's HTML. */
  htmlChars: 8 * 1024 * 1024,
} as const;

/**
 * Keeps a view within VIEW_LIMITS. The sandbox applies it to what it sends and the page again to
 * what it receives, so a view over the limits never reaches the page's DOM.
 */
export function limitView(view: ValueView): ValueView {
  switch (view.kind) {
    case 'table': {
      const columns = view.columns.slice(0, VIEW_LIMITS.columns);
      const numColumns = Math.max(view.numColumns ?? 0, view.columns.length);
      const rows = view.rows.slice(0, VIEW_LIMITS.rows).map((row) => limitRow(row, columns));
      return { kind: 'table', columns, rows, numRows: view.numRows, ...(numColumns > columns.length ? { numColumns } : {}) };
    }
    case 'dom': {
      const problem = elementProblem(view.html.length > VIEW_LIMITS.htmlChars ? null : countElements(view.html), view.html.length);
      return problem ? { kind: 'limit', message: problem } : view;
    }
    case 'json':
      // The sandbox's own cut adds a short note; only a longer text is cut again.
      return view.text.length > VIEW_LIMITS.textChars + 100 ? { kind: 'json', text: cutText(view.text, VIEW_LIMITS.textChars) } : view;
    case 'limit':
      return { kind: 'limit', message: cutText(String(view.message), 1000) };
    default:
      return view;
  }
}

/** Why an element of `count` elements (null: not counted) and `htmlChars` characters is not shown, or null. */
export function elementProblem(count: number | null, htmlChars = 0): string | null {
  if (count !== null && count > VIEW_LIMITS.elements) {
    return `this chart has ${count.toLocaleString('en-US')} elements, over the limit of ${VIEW_LIMITS.elements.toLocaleString('en-US')}; filter the data or sample it`;
  }
  if (htmlChars > VIEW_LIMITS.htmlChars) {
    return `this chart is ${formatBytes(htmlChars)} of HTML, over the limit of ${formatBytes(VIEW_LIMITS.htmlChars)}; filter the data or sample it`;
  }
  return null;
}

/** The first `max` characters of a text, and how much more there was. */
export function cutText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${formatBytes(text.length - max)} more)` : text;
}

function limitRow(row: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const v = row[c];
    if (typeof v === 'string') out[c] = cutText(v, VIEW_LIMITS.cellChars);
    else if (typeof v === 'object' && v !== null && !(v instanceof Date)) out[c] = cutText(jsonOf(v), VIEW_LIMITS.cellChars);
    else out[c] = v;
  }
  return out;
}

function jsonOf(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Start tags in serialised HTML: in outerHTML a `<` before a letter only opens an element. */
function countElements(html: string): number {
  let n = 0;
  const re = /<[a-zA-Z]/g;
  while (re.exec(html)) n++;
  return n;
}
