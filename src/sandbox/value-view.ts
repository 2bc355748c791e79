import type { ValueView } from './protocol';
import { summarize } from '../analysis/summarize';
import { formatApa } from '../analysis/format-apa';
import { StudyNote } from '../study/study-note';
import { chartTips } from './plot-tips';

/** Rows of a table view sent to the page for display; the page pages through these. */
export const VIEW_ROWS = 200;

interface TableLike {
  numRows(): number;
  columnNames(): string[];
  slice(start: number, end: number): TableLike;
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

/** What the page shows of a value: plain data only, so nothing of cell code crosses to the page. */
export function valueView(value: unknown): ValueView {
  if (value === undefined) return { kind: 'undefined' };
  if (isTableValue(value)) {
    return { kind: 'table', columns: value.columnNames(), rows: plainRows(value.slice(0, VIEW_ROWS).objects()), numRows: value.numRows() };
  }
  if (isElementValue(value)) {
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

function preview(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    const text = JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(6)) : x), 2);
    return text === undefined ? String(v) : text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
  } catch {
    return String(v);
  }
}
