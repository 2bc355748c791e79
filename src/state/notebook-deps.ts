import type { BatchProviderFactory, Endpoint, Notebook, ProviderFactory, Store } from '../model';
import type { SandboxAsk, SandboxFactory } from '../sandbox/protocol';
import type { LoadParquet } from '../data-files/parquet-codec';

/** What a notebook needs from the app around it. */
export interface NotebookDeps {
  readonly store: Store;
  readonly providerFactory: ProviderFactory;
  /** Makes the sandbox that evaluates the notebook's code cells (an iframe in the app). */
  readonly sandbox: SandboxFactory;
  /** Answers what the sandbox asks of the page (e.g. the study's data, fetched here). */
  answer(ask: SandboxAsk): Promise<unknown>;
  endpoints(): readonly Endpoint[];
  /** How often live trial updates recompute dependent cells, in ms. */
  readonly liveUpdateMs?: number;
  /** How often, at most, a cell's output reaches the page while a run is live, in ms (see OutputPacer). */
  readonly liveOutputMs?: number;
  /** The Parquet codec, loaded on first use. */
  readonly loadParquet?: LoadParquet;
  /** The standalone build's HTML, the template of one-file exports (see notebook-exports.ts). */
  readonly standaloneHtml?: () => Promise<string>;
  /** The Batch API of an endpoint (absent: no batch submission). */
  readonly batchProviderFactory?: BatchProviderFactory;
  /** Batch polling backoff in ms (default 2 s doubling to 60 s). */
  readonly batchPollMs?: { readonly initial: number; readonly max: number };
  /** The version shipped in cells/ of this notebook, when it is a shipped one (for Reset). */
  readonly shipped?: Notebook;
}
