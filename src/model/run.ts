import type { CellId, NotebookId, RunId } from './ids';

/** Lifecycle of a run. */
export type RunStatus = 'running' | 'done' | 'cancelled' | 'failed' | 'interrupted';

/** One execution of an experiment cell's plan. */
export interface Run {
  readonly id: RunId;
  readonly notebookId: NotebookId;
  readonly cellId: CellId;
  readonly status: RunStatus;
  readonly planned: number;
  readonly done: number;
  readonly failed: number;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly endpointName: string;
  readonly baseURL: string;
  readonly models: readonly string[];
  readonly message: string | null;
  /** US$ the run spent at the spec's prices, when the spec gives them (null: a model has no price). */
  readonly costUsd?: number | null;
  /** The endpoint's spend limits when the run started (US$; null: none), to read `costUsd` against. */
  readonly spendLimit?: { readonly perRunUsd: number | null; readonly perDayUsd: number | null };
  /** Settings the run ran with: concurrency, requests and tokens per minute, fresh (cache bypassed). */
  readonly settings?: RunSettings;
  /** What the run was made of, to reproduce or audit it. Absent on runs recorded before provenance existed. */
  readonly provenance?: RunProvenance;
}

/** The settings a run ran with, for the run history. */
export interface RunSettings {
  readonly concurrency: number;
  readonly rpm: number | null;
  readonly tpm: number | null;
  readonly fresh: boolean;
}

/**
 * Where a run's trials came from: app, notebook, endpoint (never its key), models, sampling and
 * prompts. Recorded when the run starts; `responseModels` and `endedAt` when it ends.
 */
export interface RunProvenance {
  readonly appVersion: string;
  /** SHA-256 of the notebook's canonical text when the run started (see notebookHash). */
  readonly notebookHash: string;
  readonly endpointName: string;
  /** Base URL of the endpoint. The API key is never recorded. */
  readonly baseURL: string;
  /** Model ids as the experiment asked for them. */
  readonly requestedModels: readonly string[];
  /** Distinct model ids as the API returned them (e.g. a dated snapshot), in order of arrival. */
  readonly responseModels: readonly string[];
  readonly sampling: { readonly temperature: number | null; readonly maxTokens: number | null; readonly seed: number | null; readonly stop: readonly string[] | null };
  readonly repetitions: number;
  /** Responses asked for per request (the API's `n`); absent in runs recorded before it existed. */
  readonly responsesPerCall?: number;
  /** The protocol (prompt wording) the design named, e.g. "Paper (verbatim)"; null when it named none. */
  readonly protocol?: string | null;
  /** Seed of the judge criteria shuffle (the spec's seed, 0 when unset), null without criteria. */
  readonly criteriaShuffleSeed: number | null;
  /** SHA-256 of the prompt template and of the system template (null when there is none). */
  readonly promptTemplateHash: string;
  readonly systemTemplateHash: string | null;
  readonly startedAt: number;
  readonly endedAt: number | null;
}

/** Live progress of a run, as shown by the progress bar. */
export interface RunProgress {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly startedAt: number;
  readonly elapsedMs: number;
  /** Estimated milliseconds to completion, null until the first trial completes. */
  readonly etaMs: number | null;
  /** Tokens the endpoint reported so far (cached replies count 0). */
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  /** Replies answered from the response cache. */
  readonly cached?: number;
  /** US$ spent so far at the spec's prices; null when a model that used tokens has no price. */
  readonly costUsd?: number | null;
  /** The cost so far scaled to the whole plan. */
  readonly projectedCostUsd?: number | null;
  /** True while the run is paused: calls in flight finish, no new call starts. */
  readonly paused?: boolean;
  /** Why the run paused itself (e.g. a spend limit), in words; absent when the user paused it. */
  readonly pauseReason?: string;
}
