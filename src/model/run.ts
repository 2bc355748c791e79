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
}
