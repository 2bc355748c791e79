import type { ValueView } from './protocol';
import { summarize } from '../analysis/summarize';
import { formatApa } from '../analysis/format-apa';
import { StudyNote } from '../study/study-note';
import { VIEW_LIMITS, elementProblem, limitView } from '../data-files/view-limits';
import { formatBytes } from '../data-files/limits';
import { chartTips } from './plot-tips';
import { jsonPreview } from './json-preview';

/** Rows of a table view sent to the page for display; the page pages through these. */
export const VIEW_ROWS = VIEW_LIMITS.rows;

interface TableLike {
  numRows(): number;
  columnNames(): string[];
  slice(start: number, end: number): TableLike;
  select?(columns: string[]): TableLike;
  objects(): Record<string, unknown>[];
}

/** True for Arquero tables (structurally). */
export function isTableValue(value: unknown): value is TableLike {
  const v = value as Partial<TableLike> | null;
  return typeof v === 'object' && v !== null && typeof v.numRows === 'function' && typeof v.columnNames === 'function' && typeof v.objects === 'function';
}

/** True for DOM elements (a Plot chart), recognised without touching the DOM globals. */
export function isElementValue(value: unknown): value is { outerHTML: string; tagName: string } {
  const v = value as { nodeType?: unknown; outerHTML?: unknown } | null;
  return typeof v === 'object' && v !== null && v.nodeType === 1 && typeof v.outerHTML === 'string';
}

/**
 * What the page shows of a value: plain data only, so nothing of cell code crosses to the page,
 * and within VIEW_LIMITS, cut before it is copied (a wide table's other columns, a chart's
 * HTML when it has too many elements) so the limits also bound the work here.
 */
export function valueView(value: unknown): ValueView {
  return limitView(fullView(value));
}

function fullView(value: unknown): ValueView {
  if (value === undefined) return { kind: 'undefined' };
  if (isTableValue(value)) {
    const all = value.columnNames();
    const columns = all.slice(0, VIEW_LIMITS.columns);
    let shown = value.slice(0, VIEW_ROWS);
    if (columns.length < all.length && shown.select) shown = shown.select(columns);
    return { kind: 'table', columns, rows: plainRows(shown.objects()), numRows: value.numRows(), ...(columns.length < all.length ? { numColumns: all.length } : {}) };
  }
  if (isElementValue(value)) {
    const problem = elementProblem(elementCount(value));
    if (problem) return { kind: 'limit', message: problem };
    const tips = chartTips(value);
    return { kind: 'dom', html: value.outerHTML, ...(tips && { tips }) };
  }
  if (value instanceof StudyNote) return { kind: 'note', text: value.note };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const summary = summarize(value);
    if (summary.kind !== 'unknown') return { kind: 'stat', summary, apa: apaOf(value) };
  }
  return { kind: 'json', text: preview(value) };
}

/** A value as plain data for the console and tests: tables as rows, elements as `<tag>`. */
export function plainValue(value: unknown): unknown {
  if (isTableValue(value)) return plainRows(value.objects());
  if (isElementValue(value)) return `<${value.tagName.toLowerCase()}>`;
  try {
    return structuredClone(value);
  } catch {
    return JSON.parse(JSON.stringify(value) ?? 'null') as unknown;
  }
}

function plainRows(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  try {
    return structuredClone(rows);
  } catch {
    return JSON.parse(JSON.stringify(rows)) as Record<string, unknown>[];
  }
}

function apaOf(value: unknown): string {
  try {
    return formatApa(value);
  } catch {
    return '';
  }
}

/** Elements in an element and below it, counted without serialising them. */
function elementCount(value: object): number | null {
  const el = value as { getElementsByTagName?: (tag: string) => { length: number } };
  return typeof el.getElementsByTagName === 'function' ? el.getElementsByTagName('*').length + 1 : null;
}

function preview(v: unknown): string {
  // Cut before quoting: quoting 30 MB would copy it twice to show its first 100 KB.
  if (typeof v === 'string') return v.length > VIEW_LIMITS.textChars ? `${JSON.stringify(v.slice(0, VIEW_LIMITS.textChars))}… (${formatBytes(v.length - VIEW_LIMITS.textChars)} more)` : JSON.stringify(v);
  try {
    const { text, cut } = jsonPreview(v, 4000);
    return text === undefined ? String(v) : cut ? `${text}…` : text;
  } catch {
    return String(v);
  }
}
