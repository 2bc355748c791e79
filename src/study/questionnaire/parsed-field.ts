import { replyColumn } from '../../experiments/reply-column';
import type { Row } from '../rows';

/** A number read from a reply's JSON (a trial's parsed field): its `reply_<name>` column, or `fields` of a raw trial. */
export function parsedField(row: Row, name: string): unknown {
  const column = replyColumn(name);
  if (column in row) return row[column];
  const fields = row.fields;
  return fields && typeof fields === 'object' && name in fields ? (fields as Record<string, unknown>)[name] : undefined;
}
