/**
 * The column a parsed reply field is stored in: `reply_<field>`. No trial column starts with
 * this prefix (a test over the TrialRow keys holds that), so a field the prompt asks for can
 * have any name, `value`, `text`, `model` or `status` included, and never hide a trial column,
 * nor a trial column hide it.
 */
export const REPLY_PREFIX = 'reply_';

/** The trial-table column of a parsed reply field (e.g. `value` → `reply_value`). */
export function replyColumn(field: string): string {
  return `${REPLY_PREFIX}${field}`;
}
