import type { BatchProviderFactory, BatchRecord, CellId, Endpoint, ExperimentSpec, NotebookId, SlimTrial, Store } from '../model';

/** What following batches needs from the app. */
export interface BatchDeps {
  readonly store: Store;
  readonly batchProviderFactory?: BatchProviderFactory;
  endpoints(): readonly Endpoint[];
  /** Polling backoff: the first delay, doubled after each poll up to `max` (ms; default 2 s to 60 s). */
  readonly batchPollMs?: { readonly initial: number; readonly max: number };
}

/** What following batches needs from the notebook. */
export interface BatchHost {
  readonly notebookId: NotebookId;
  /** The experiment cell's design once the cells it reads have settled, or null when it has none. */
  spec(cellId: CellId): Promise<ExperimentSpec | null>;
  /** Trials just imported into the cell. */
  onTrials(cellId: CellId, trials: readonly SlimTrial[]): void;
  /** The experiment cells, in notebook order. */
  experimentCells(): readonly { readonly id: CellId; readonly name: string }[];
  /** The experiment cells a cell reads, directly or through other cells. */
  upstream(cellId: CellId): readonly CellId[];
}

/** The latest submission of a cell, summed over its batches, for the status line. */
export interface BatchSummary {
  readonly batches: readonly BatchRecord[];
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  /** Some batch still runs or awaits import. */
  readonly active: boolean;
}
