import type { CellId, ChatResult, NotebookId, PlannedTrial, ProviderError, RunId, Trial, TrialId } from '../model';
import { parseReply, type ReplyOutcome } from '../experiments/parse-reply';

/** What a reply is read as (see parseReply): the runner stores whatever the parser read. */
export type ParseOutcome = ReplyOutcome;

/** Where the trials of a run belong. */
export interface RunContext {
  readonly runId: RunId;
  readonly notebookId: NotebookId;
  readonly cellId: CellId;
  readonly endpointName: string;
  /** Normalised base URL of the endpoint (see normalizeBaseURL): the trials belong to it. */
  readonly baseURL: string;
}

/** Reads a reply as the planned trial's measure says: the parse of live runs and imported batches alike. */
export function readPlannedReply(text: string, planned: PlannedTrial, result: ChatResult): ParseOutcome {
  return parseReply(text, planned.measure, { scale: planned.scale, completionTokens: result.completionTokens });
}

/** When a call happened and which id its trial gets. */
export interface TrialTiming {
  readonly id: TrialId;
  readonly startedAt: number;
  readonly endedAt: number;
}

function base(planned: PlannedTrial, context: RunContext, timing: TrialTiming) {
  return { id: timing.id, ...context, key: planned.key, model: planned.model, taskId: planned.taskId, task: planned.task, condition: planned.condition, repetition: planned.repetition, messages: planned.messages, params: planned.params, parentKey: planned.parentKey, startedAt: timing.startedAt, endedAt: timing.endedAt };
}

/**
 * The trial of a call that returned a reply, read by `parse`: one builder for live runs and
 * imported batch results, so both store the same row for the same reply.
 */
export function answeredTrial(planned: PlannedTrial, context: RunContext, result: ChatResult, parse: (text: string, planned: PlannedTrial, result: ChatResult) => ParseOutcome, timing: TrialTiming): Trial {
  const parsed = parse(result.text, planned, result);
  return {
    ...base(planned, context, timing),
    status: parsed.status,
    raw: result.text,
    value: parsed.status === 'ok' ? parsed.value : null,
    parseError: parsed.status === 'ok' ? null : parsed.error,
    fields: parsed.fields ?? null,
    text: parsed.text ?? null,
    finishReason: result.finishReason,
    promptTokens: result.promptTokens,
    completionTokens: result.completionTokens,
    latencyMs: Math.round(result.latencyMs),
    errorKind: null,
    errorMessage: null,
    httpStatus: 200,
    responseModel: result.model,
    ...(result.cached && { cached: true }),
  };
}

/** The trial of a call whose request failed: kept, so it can be retried and counted. */
export function failedTrial(planned: PlannedTrial, context: RunContext, error: ProviderError, timing: TrialTiming & { readonly latencyMs: number | null }): Trial {
  return { ...base(planned, context, timing), status: 'failed', raw: null, value: null, parseError: null, finishReason: null, promptTokens: null, completionTokens: null, latencyMs: timing.latencyMs, errorKind: error.kind, errorMessage: error.message, httpStatus: error.status, responseModel: null };
}
