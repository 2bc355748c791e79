import * as aq from 'arquero';
import type { PlannedTrial, SlimTrial, Trial } from '../model';
import { replyColumn } from './reply-column';

/** Columns of an experiment cell's table, in display order (present even when there are no trials). */
export const TRIAL_COLUMNS = [
  'model', 'taskId', 'task', 'condition', 'repetition', 'value', 'status', 'text', 'raw', 'parseError',
  'errorKind', 'errorMessage', 'httpStatus', 'finishReason', 'promptTokens', 'completionTokens', 'latencyMs',
  'startedAt', 'endedAt', 'responseModel', 'runId', 'key', 'parentKey', 'trialId', 'messages', 'endpoint', 'baseURL',
] as const;

/** What the table needs of a trial: a stored one, or one as the sandbox receives it (no messages). */
export type TableTrial = SlimTrial & { readonly messages?: Trial['messages'] };

/**
 * The trials that answer the current plan: for each plan key the latest trial with an outcome,
 * or the latest failed one when every attempt failed (a retried failure is replaced, never doubled).
 */
export function currentTrials<T extends Pick<Trial, 'key' | 'status' | 'endedAt'>>(trials: readonly T[], plan: readonly Pick<PlannedTrial, 'key'>[]): T[] {
  const order = new Map<string, number>();
  for (let i = 0; i < plan.length; i++) order.set(plan[i].key, i);
  const best = new Map<string, T>();
  for (const t of trials) {
    if (!order.has(t.key)) continue;
    const prev = best.get(t.key);
    if (!prev || rank(t) > rank(prev) || (rank(t) === rank(prev) && t.endedAt >= prev.endedAt)) best.set(t.key, t);
  }
  // In plan order by bucket, not by a comparison sort: one pass at any size.
  const slots: (T | undefined)[] = new Array(plan.length);
  for (const t of best.values()) slots[order.get(t.key)!] = t;
  return slots.filter((t): t is T => t !== undefined);
}

function rank(t: Pick<Trial, 'status'>): number {
  return t.status === 'failed' ? 0 : 1;
}

const COLUMN: Record<(typeof TRIAL_COLUMNS)[number], (t: TableTrial) => unknown> = {
  model: (t) => t.model, taskId: (t) => t.taskId, task: (t) => t.task, condition: (t) => t.condition,
  repetition: (t) => t.repetition, value: (t) => t.value, status: (t) => t.status, text: (t) => t.text ?? null,
  raw: (t) => t.raw, parseError: (t) => t.parseError, errorKind: (t) => t.errorKind, errorMessage: (t) => t.errorMessage,
  httpStatus: (t) => t.httpStatus, finishReason: (t) => t.finishReason, promptTokens: (t) => t.promptTokens,
  completionTokens: (t) => t.completionTokens, latencyMs: (t) => t.latencyMs, startedAt: (t) => t.startedAt,
  endedAt: (t) => t.endedAt, responseModel: (t) => t.responseModel, runId: (t) => t.runId, key: (t) => t.key,
  parentKey: (t) => t.parentKey ?? null, trialId: (t) => t.id, messages: (t) => t.messages ?? null,
  endpoint: (t) => t.endpointName, baseURL: (t) => t.baseURL ?? null,
};

/** A table column's value at row j of the table. */
export type ColumnRead = (j: number) => unknown;

/**
 * An Arquero table with one row per trial: the first TRIAL_COLUMNS, then the measure's JSON fields
 * (one column each, `reply_interest` … `reply_motivation`), then the other TRIAL_COLUMNS.
 * `messagesOf` gives the messages of trials that came without them (the sandbox's, from its plan).
 * Built column by column, with no row objects in between: at half a million trials those cost
 * seconds and gigabytes.
 */
export function trialTable(trials: readonly TableTrial[], fields: readonly string[] = [], messagesOf?: (t: TableTrial) => Trial['messages'] | null) {
  return tableOf(
    trials.length,
    (c) => (c === 'messages' && messagesOf ? (j) => messagesOf(trials[j]) : (j) => COLUMN[c](trials[j])),
    fields,
    (f) => (j) => trials[j].fields?.[f],
  );
}

/**
 * The same table from readers (the sandbox's trials come as columns, not trial objects):
 * `read(c)` reads column c at a row, `readField(f)` the JSON field f; undefined reads as null.
 */
export function tableOf(rows: number, read: (c: (typeof TRIAL_COLUMNS)[number]) => ColumnRead, fields: readonly string[], readField: (f: string) => ColumnRead) {
  const columns: Record<string, unknown[]> = {};
  const column = (get: ColumnRead) => {
    const out = new Array<unknown>(rows);
    for (let j = 0; j < rows; j++) out[j] = get(j) ?? null;
    return out;
  };
  for (const c of TRIAL_COLUMNS.slice(0, 6)) columns[c] = column(read(c));
  for (const f of fields) columns[replyColumn(f)] = column(readField(f));
  for (const c of TRIAL_COLUMNS.slice(6)) columns[c] = column(read(c));
  return aq.table(columns);
}
