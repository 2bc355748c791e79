import { SvelteMap } from 'svelte/reactivity';
import type { CellId, DataCell, Dataset, Notebook, NotebookId, Store } from '../model';
import { datasetId, newCellId } from '../model';
import { cellNameFromFile } from '../data-files/cell-name-from-file';
import { dataSpecText, parseDataSpec } from '../data-files/data-spec';
import type { DataSpec } from '../data-files/data-spec';
import type { DataCellTable } from '../data-files/data-cell-value';
import type { LoadParquet } from '../data-files/parquet-codec';
import { readDataFile, type DataFileInput } from '../data-files/read-data-file';
import { encodeTable } from '../data-files/encode-table';

/** The imported tables of a notebook's data cells: stored as Arrow IPC, read back as Arquero tables. */
export class DataTables {
  /** The stored dataset of each data cell that has one. */
  readonly datasets = new SvelteMap<CellId, Dataset>();

  constructor(
    private readonly store: Store,
    private readonly notebookId: NotebookId,
    private readonly loadParquet: LoadParquet,
  ) {}

  async load(): Promise<void> {
    for (const d of await this.store.listDatasets(this.notebookId)) this.datasets.set(d.cellId, d);
  }

  /** A data cell's stored table, as the sandbox reads it (null: nothing imported yet). */
  table(cellId: CellId): DataCellTable | null {
    const d = this.datasets.get(cellId);
    return d ? { ipc: d.ipc, fileName: d.fileName } : null;
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

