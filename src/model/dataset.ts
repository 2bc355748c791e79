import type { CellId, NotebookId } from './ids';

/**
 * A table imported from a file into a data cell, stored in this browser as Arrow IPC bytes
 * (typed, compact, read back with Arquero's fromArrow). One per data cell.
 */
export interface Dataset {
  /** `${notebookId}/${cellId}`. */
  readonly id: string;
  readonly notebookId: NotebookId;
  readonly cellId: CellId;
  /** The data cell's name when the file was imported. */
  readonly name: string;
  /** The format of the imported file. */
  readonly format: 'csv' | 'json' | 'arrow' | 'parquet';
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** The table as an Arrow IPC stream. */
  readonly ipc: Uint8Array;
  /** The name of the imported file. */
  readonly fileName: string;
  /** Size of the imported file in bytes. */
  readonly fileBytes: number;
  /** Milliseconds since epoch of the import. */
  readonly importedAt: number;
}

/** The key of a data cell's dataset. */
export function datasetId(notebookId: NotebookId, cellId: CellId): string {
  return `${notebookId}/${cellId}`;
}
