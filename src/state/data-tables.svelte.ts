import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SvelteMap } from 'svelte/reactivity';
import type { CellId, DataCell, Dataset, Notebook, NotebookId, Store } from '../model';
import { datasetId, newCellId } from '../model';
import { cellNameFromFile } from '../data-files/cell-name-from-file';
import { dataSpecText, parseDataSpec } from '../data-files/data-spec';
import { columnProblems } from '../data-files/check-columns';
import type { DataSpec } from '../data-files/data-spec';
import type { LoadParquet } from '../data-files/parquet-codec';
import { readDataFile, type DataFileInput } from '../data-files/read-data-file';
import { encodeTable } from '../data-files/encode-table';

/** The imported tables of a notebook's data cells: stored as Arrow IPC, read back as Arquero tables. */
export class DataTables {
  /** The stored dataset of each data cell that has one. */
  readonly datasets = new SvelteMap<CellId, Dataset>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache of decoded tables, not state
  readonly #tables = new Map<string, { at: number; table: ColumnTable }>();

  constructor(
    private readonly store: Store,
    private readonly notebookId: NotebookId,
    private readonly loadParquet: LoadParquet,
  ) {}

  async load(): Promise<void> {
    for (const d of await this.store.listDatasets(this.notebookId)) this.datasets.set(d.cellId, d);
  }

  /** A data cell's table, checked against its spec's columns; throws saying why there is none. */
  value(cell: DataCell, spec: DataSpec): ColumnTable {
    const d = this.datasets.get(cell.id);
    if (!d) throw new Error(`No table imported into “${cell.name}” yet: press Import file on this cell (CSV, JSON, Arrow or Parquet)${spec.file ? `, e.g. ${spec.file}` : ''}`);
    let cached = this.#tables.get(d.id);
    if (!cached || cached.at !== d.importedAt) this.#tables.set(d.id, (cached = { at: d.importedAt, table: aq.fromArrow(bytesOf(d.ipc)) }));
    const problems = spec.columns ? columnProblems(cached.table.columnNames(), spec.columns) : null;
    if (problems) throw new Error(`The table imported from “${d.fileName}” does not fit this cell: ${problems}`);
    return cached.table;
  }

  /**
   * Reads, checks and stores a file as the cell's table, replacing the previous one. Every check
   * runs before anything is written, so a refused file (DataFileError) leaves the stored table as it was.
   */
  async importFile(cell: { readonly id: CellId; readonly name: string }, file: DataFileInput, spec: DataSpec): Promise<Dataset> {
    const { table, format } = await readDataFile(file, { loadParquet: this.loadParquet, columns: spec.columns });
    const dataset: Dataset = {
      id: datasetId(this.notebookId, cell.id),
      notebookId: this.notebookId,
      cellId: cell.id,
      name: cell.name,
      format,
      columns: table.columnNames(),
      rowCount: table.numRows(),
      ipc: await encodeTable(table, 'arrow', this.loadParquet),
      fileName: file.name,
      fileBytes: file.bytes.length,
      importedAt: Date.now(),
    };
    await this.store.putDataset(dataset);
    this.datasets.set(cell.id, dataset);
    return dataset;
  }

  /**
   * Imports a file into the data cell `target`, or into a new data cell named after the file.
   * Returns the cell with its body naming the file, for the notebook to save.
   */
  async importIntoCell(notebook: Notebook, file: DataFileInput, target?: CellId): Promise<{ cell: DataCell; isNew: boolean }> {
    const existing = target ? notebook.cells.find((c) => c.id === target) : undefined;
    if (target && existing?.kind !== 'data') throw new Error(`Cell ${target} is not a data cell of this notebook`);
    const names = notebook.cells.map((c) => ('name' in c ? c.name : ''));
    const cell: DataCell = (existing as DataCell | undefined) ?? { kind: 'data', id: newCellId(), name: cellNameFromFile(file.name, names), source: '{}' };
    const spec = parseDataSpec(cell.source);
    await this.importFile(cell, file, spec);
    return { cell: { ...cell, source: dataSpecText({ ...spec, file: file.name }) }, isNew: !existing };
  }

  async delete(cellId: CellId): Promise<void> {
    await this.store.deleteDataset(this.notebookId, cellId);
    this.datasets.delete(cellId);
  }
}

/** Stored bytes as this realm's Uint8Array (arquero checks `instanceof`; a structured clone may come from another realm). */
function bytesOf(ipc: Uint8Array): Uint8Array {
  return new Uint8Array(ipc.buffer, ipc.byteOffset, ipc.byteLength);
}
