import type { CellId, NotebookId, RunId, TrialId } from './ids';
import type { ChatMessage, SamplingParams } from './experiment';

/**
 * Outcome of one call: `ok` parsed in range; `unparsed` a reply with no usable rating;
 * `refused` the model declined; `failed` the request itself failed (HTTP, network, timeout).
 */
export type TrialStatus = 'ok' | 'unparsed' | 'refused' | 'failed';

/** Why a request failed, as far as the provider can tell. */
export type ErrorKind =
  | 'auth'
  | 'not-found'
  | 'bad-request'
  | 'rate-limit'
  | 'server'
  | 'timeout'
  | 'network'
  | 'aborted'
  | 'unknown';

/** One model call and everything known about it. One row per call; never dropped. */
export interface Trial {
  readonly id: TrialId;
  readonly runId: RunId;
  readonly notebookId: NotebookId;
  readonly cellId: CellId;
  /** Stable plan key (see PlannedTrial.key). */
  readonly key: string;
  readonly endpointName: string;
  /**
   * Normalised base URL of the endpoint that answered (see normalizeBaseURL); part of the trial's
   * identity. Absent on trials stored before it was recorded whose endpoint could not be known.
   */
  readonly baseURL?: string;
  readonly model: string;
  readonly taskId: string;
  readonly task: string;
  readonly condition: string;
  readonly repetition: number;
  readonly messages: readonly ChatMessage[];
  readonly params: SamplingParams;
  readonly status: TrialStatus;
  readonly raw: string | null;
  readonly value: number | null;
  readonly parseError: string | null;
  readonly finishReason: string | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly latencyMs: number | null;
  readonly errorKind: ErrorKind | null;
  readonly errorMessage: string | null;
  readonly httpStatus: number | null;
  /** Model id as the API returned it. */
  readonly responseModel: string | null;
  /** True when the reply came from the response cache rather than a new call. */
  readonly cached?: boolean;
  /** Numbers read from a JSON reply (breakdown items, judge criteria), also when out of range. */
  readonly fields?: Readonly<Record<string, number>> | null;
  /** Free text read from the reply (the reason or explanation field). */
  readonly text?: string | null;
  /** Key of the trial this one continues or evaluates. */
  readonly parentKey?: string | null;
  readonly startedAt: number;
  readonly endedAt: number;
}

