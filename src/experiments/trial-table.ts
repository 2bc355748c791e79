import * as aq from 'arquero';
import type { PlannedTrial, Trial } from '../model';
import { trialRows } from './trial-rows';
import { replyColumn } from './reply-column';

/** Columns of an experiment cell's table, in display order (present even when there are no trials). */
export const TRIAL_COLUMNS = [
  'model', 'taskId', 'task', 'condition', 'repetition', 'value', 'status', 'text', 'raw', 'parseError',
  'errorKind', 'errorMessage', 'httpStatus', 'finishReason', 'promptTokens', 'completionTokens', 'latencyMs',
  'startedAt', 'endedAt', 'responseModel', 'runId', 'key', 'parentKey', 'trialId', 'messages', 'endpoint', 'baseURL',
] as const;

/**
 * The trials that answer the current plan: for each plan key the latest trial with an outcome,
 * or the latest failed one when every attempt failed (a retried failure is replaced, never doubled).
 */
export function currentTrials(trials: readonly Trial[], plan: readonly PlannedTrial[]): Trial[] {
  const order = new Map(plan.map((p, i) => [p.key, i]));
  const best = new Map<string, Trial>();
  for (const t of trials) {
    if (!order.has(t.key)) continue;
    const prev = best.get(t.key);
    if (!prev || rank(t) > rank(prev) || (rank(t) === rank(prev) && t.endedAt >= prev.endedAt)) best.set(t.key, t);
  }
  return [...best.values()].sort((a, b) => order.get(a.key)! - order.get(b.key)!);
}

function rank(t: Trial): number {
  return t.status === 'failed' ? 0 : 1;
}

/**
 * An Arquero table with one row per trial: the first TRIAL_COLUMNS, then the measure's JSON fields
 * (one column each, `reply_interest` … `reply_motivation`), then the other TRIAL_COLUMNS.
 */
export function trialTable(trials: readonly Trial[], fields: readonly string[] = []) {
  const rows = trialRows(trials, fields) as unknown as Record<string, unknown>[];
  const columns: Record<string, unknown[]> = {};
  for (const c of [...TRIAL_COLUMNS.slice(0, 6), ...fields.map(replyColumn), ...TRIAL_COLUMNS.slice(6)]) columns[c] = rows.map((r) => r[c] ?? null);
  return aq.table(columns);
}
