import type { Trial } from '../model';
import { replyColumn } from './reply-column';

/**
 * A trial flattened for Arquero: one column per field, plus one per JSON field read (`fields`),
 * named by `replyColumn` (`reply_interest`, `reply_value` …) so it cannot collide with these; params left out.
 */
export interface TrialRow {
  readonly model: string;
  readonly taskId: string;
  readonly task: string;
  readonly condition: string;
  readonly repetition: number;
  readonly value: number | null;
  readonly status: Trial['status'];
  readonly raw: string | null;
  readonly parseError: string | null;
  readonly errorKind: string | null;
  readonly errorMessage: string | null;
  readonly finishReason: string | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly latencyMs: number | null;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly runId: string;
  readonly key: string;
  readonly trialId: string;
  readonly text: string | null;
  readonly parentKey: string | null;
  readonly messages: Trial['messages'];
  readonly responseModel: string | null;
  readonly httpStatus: number | null;
  /** The endpoint's name when the trial ran, and its normalised base URL (null when it could not be known). */
  readonly endpoint: string;
  readonly baseURL: string | null;
}

export function trialRows(trials: readonly Trial[], fields: readonly string[] = []): (TrialRow & Record<string, unknown>)[] {
  return trials.map((t) => ({
    ...Object.fromEntries(fields.map((f) => [replyColumn(f), t.fields?.[f] ?? null])),
    model: t.model,
    taskId: t.taskId,
    task: t.task,
    condition: t.condition,
    repetition: t.repetition,
    value: t.value,
    status: t.status,
    raw: t.raw,
    parseError: t.parseError,
    errorKind: t.errorKind,
    errorMessage: t.errorMessage,
    finishReason: t.finishReason,
    promptTokens: t.promptTokens,
    completionTokens: t.completionTokens,
    latencyMs: t.latencyMs,
    startedAt: t.startedAt,
    endedAt: t.endedAt,
    runId: t.runId,
    key: t.key,
    trialId: t.id,
    text: t.text ?? null,
    parentKey: t.parentKey ?? null,
    messages: t.messages,
    responseModel: t.responseModel,
    httpStatus: t.httpStatus,
    endpoint: t.endpointName,
    baseURL: t.baseURL ?? null,
  }));
}
