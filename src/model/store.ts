import type { Endpoint } from './endpoint';
import type { CellId, EndpointId, NotebookId, RunId, TrialId } from './ids';
import type { Notebook } from './notebook';
import type { Run } from './run';
import type { Trial } from './trial';
import type { SlimTrial } from './slim-trial';
import type { Dataset } from './dataset';
import type { ChatResult } from './provider';
import type { BatchRecord } from './batch';

/**
 * Persistence port. The Dexie implementation lives in `src/store/`; state classes receive
 * it from `main.ts`. All methods reject with an Error whose message says what failed
 * (e.g. storage quota exceeded) and leave stored data as it was.
 */
export interface Store {
  listNotebooks(): Promise<Notebook[]>;
  getNotebook(id: NotebookId): Promise<Notebook | undefined>;
  putNotebook(notebook: Notebook): Promise<void>;
  /** Deletes the notebook with its trials, runs and imported data tables, in one transaction. */
  deleteNotebook(id: NotebookId): Promise<void>;
  /** Stores a new notebook together with copies of data tables (a duplicate), all or none. */
  putNotebookWithDatasets(notebook: Notebook, datasets: readonly Dataset[]): Promise<void>;

  listEndpoints(): Promise<Endpoint[]>;
  putEndpoint(endpoint: Endpoint): Promise<void>;
  deleteEndpoint(id: EndpointId): Promise<void>;

  putRun(run: Run): Promise<void>;
  getRun(id: RunId): Promise<Run | undefined>;
  listRuns(notebookId: NotebookId): Promise<Run[]>;

  /**
   * Writes trials in one transaction (all or none); a trial replaces any stored with its id.
   * `fresh`: every id was just made by newTrialId (a live run's), so none can be stored yet and
   * the store need not look for them, which is most of the cost of a small write.
   */
  putTrials(trials: readonly Trial[], options?: { readonly fresh?: boolean }): Promise<void>;
  /** All trials of a cell, oldest first. */
  trialsForCell(notebookId: NotebookId, cellId: CellId): Promise<Trial[]>;
  /**
   * The same trials without their prompts: what analyses read, at a
   * fraction of the bytes. Use trialsForCell wherever the prompts are shown or sent again.
   */
  trialsForAnalysis(notebookId: NotebookId, cellId: CellId): Promise<SlimTrial[]>;
  /**
   * The whole trials (prompts included) with these ids, in the order of `ids` (ids not stored
   * are left out): what a page that holds slim trials reads when it shows or exports prompts.
   */
  trialsByIds(ids: readonly TrialId[]): Promise<Trial[]>;
  /** Plan keys of the cell's trials that already have a non-failed outcome. */
  completedKeys(notebookId: NotebookId, cellId: CellId): Promise<Set<string>>;
  deleteTrialsForCell(notebookId: NotebookId, cellId: CellId): Promise<void>;
  /** Deletes the trials with these ids (ids not stored are ignored), in one transaction. */
  deleteTrials(ids: readonly TrialId[]): Promise<void>;
  countTrials(): Promise<number>;

  /** The response cache: a stored reply by request hash. */
  getCached(key: string): Promise<CachedReply | undefined>;
  putCached(reply: CachedReply): Promise<void>;
  /** Many replies at once, in the order of `keys` (a run reads and writes its cache in batches). */
  getCachedMany?(keys: readonly string[]): Promise<readonly (CachedReply | undefined)[]>;
  putCachedMany?(replies: readonly CachedReply[]): Promise<void>;
  /** Deletes the whole response cache; returns how many replies it held. */
  clearCache(): Promise<number>;
  countCached(): Promise<number>;
  /** Deletes the run records of a notebook (history only; trials stay). */
  deleteRuns(notebookId: NotebookId): Promise<void>;

  /** Imported data tables (data cells). `putDataset` replaces the cell's previous table. */
  putDataset(dataset: Dataset): Promise<void>;
  getDataset(notebookId: NotebookId, cellId: CellId): Promise<Dataset | undefined>;
  listDatasets(notebookId: NotebookId): Promise<Dataset[]>;
  deleteDataset(notebookId: NotebookId, cellId: CellId): Promise<void>;
  countDatasets(): Promise<number>;
  /** Submitted Batch API batches (see BatchRecord). */
  putBatch(batch: BatchRecord): Promise<void>;
  listBatches(notebookId: NotebookId): Promise<BatchRecord[]>;
  /** True when the user trusted the notebook content with this hash (notebookHash) to run its code. */
  isTrusted(hash: string): Promise<boolean>;
  /** Remembers that the user trusts the notebook content with this hash. */
  putTrust(hash: string): Promise<void>;
  /** US$ spent on the named endpoint on a local day (`YYYY-MM-DD`, see localDay); 0 when nothing was. */
  daySpend(endpointName: string, day: string): Promise<number>;
  /** Adds to the endpoint's spend of that day, in one transaction; returns the day's new total. */
  addDaySpend(endpointName: string, day: string, usd: number): Promise<number>;
}

/** A cached chat reply, keyed by a hash of (base URL, model, messages, sampling parameters, repetition). */
export interface CachedReply {
  readonly key: string;
  readonly result: ChatResult;
  readonly storedAt: number;
}
