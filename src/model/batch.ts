import type { CellId, NotebookId, RunId } from './ids';
import type { ProviderConfig } from './provider';

/** A batch's lifecycle on the provider (OpenAI's Batch API statuses). */
export type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

/** Statuses after which a batch changes no more; its output and error files (if any) are final. */
export const TERMINAL_BATCH_STATUSES: readonly BatchStatus[] = ['failed', 'completed', 'expired', 'cancelled'];

/** What the provider says of a batch. */
export interface BatchInfo {
  readonly id: string;
  readonly status: BatchStatus;
  readonly inputFileId: string;
  readonly outputFileId: string | null;
  readonly errorFileId: string | null;
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  /** Why the batch itself failed (e.g. an invalid input file), when it did. */
  readonly errors: readonly string[];
}

/**
 * The Batch API boundary (OpenAI's `/v1/files` and `/v1/batches`, also offered by other
 * OpenAI-compatible providers). Errors are ProviderErrors whose messages never contain the key.
 */
export interface BatchProvider {
  /** Uploads a JSONL file with purpose `batch`; returns its file id. */
  uploadBatchFile(filename: string, jsonl: string): Promise<string>;
  /** Creates a chat-completions batch over an uploaded file, completion window 24h. */
  createBatch(inputFileId: string, metadata?: Readonly<Record<string, string>>): Promise<BatchInfo>;
  retrieveBatch(id: string): Promise<BatchInfo>;
  cancelBatch(id: string): Promise<BatchInfo>;
  /** The text of a file (a batch's output or error file). */
  fileContent(fileId: string): Promise<string>;
}

/** Makes a batch provider for an endpoint; chosen in `main.ts`. */
export type BatchProviderFactory = (config: ProviderConfig) => BatchProvider;

/**
 * A submitted batch as this browser remembers it, so polling resumes after a reload or on
 * another day. Holds the endpoint's name and base URL, never its key.
 */
export interface BatchRecord {
  /** The provider's batch id. */
  readonly id: string;
  readonly notebookId: NotebookId;
  readonly cellId: CellId;
  /** The run this batch's trials belong to. */
  readonly runId: RunId;
  readonly endpointName: string;
  readonly baseURL: string;
  readonly inputFileId: string;
  readonly status: BatchStatus;
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  readonly outputFileId: string | null;
  readonly errorFileId: string | null;
  /** The plan keys (`custom_id`s) the batch asks for. */
  readonly keys: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When its results were imported into trials; null until then. */
  readonly importedAt: number | null;
  /** The last problem met while following it (a failed poll, a batch error), if any. */
  readonly message: string | null;
  /** Part of "submit all as batch": once imported, the cells that read it are submitted next. */
  readonly chain?: boolean;
}

/** Where a batch is remembered: its endpoint (name and base URL) and the provider's id, since two endpoints may hand out the same id. */
export function batchKey(batch: Pick<BatchRecord, 'endpointName' | 'baseURL' | 'id'>): string {
  return JSON.stringify([batch.endpointName, batch.baseURL, batch.id]);
}
