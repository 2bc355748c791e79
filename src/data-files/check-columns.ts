/**
 * The columns an imported table must have. Each entry of `required` is a column name, or
 * alternatives separated by `|` (`taskId|task`: either will do). With `exact`, columns not
 * named in `required` are reported as extra.
 */
export interface ColumnRule {
  readonly required: readonly string[];
  readonly exact?: boolean;
}

/** What an imported table of trials needs: who answered, which task, and the value. */
export const TRIAL_COLUMNS_RULE: ColumnRule = { required: ['model', 'taskId|task', 'value'] };

/** The missing and extra columns of a table under a rule, by name; null when it fits. */
export function columnProblems(columns: readonly string[], rule: ColumnRule): string | null {
  const have = new Set(columns);
  const missing = rule.required.filter((entry) => !entry.split('|').some((name) => have.has(name)));
  const allowed = new Set(rule.required.flatMap((entry) => entry.split('|')));
  const extra = rule.exact ? columns.filter((c) => !allowed.has(c)) : [];
  const problems: string[] = [];
  if (missing.length) problems.push(`it is missing the column${missing.length === 1 ? '' : 's'} ${missing.map(show).join(', ')}`);
  if (extra.length) problems.push(`it has the unexpected column${extra.length === 1 ? '' : 's'} ${extra.map(show).join(', ')}`);
  if (!problems.length) return null;
  return `${problems.join(' and ')} (expected ${rule.required.map(show).join(', ')}; found ${columns.length ? columns.map((c) => `'${c}'`).join(', ') : 'no columns'})`;
}

function show(entry: string): string {
  return entry.split('|').map((n) => `'${n}'`).join(' or ');
}
