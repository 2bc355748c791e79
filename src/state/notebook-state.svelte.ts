import { SvelteMap } from 'svelte/reactivity';
import type { Cell, CellId, CellKind, DataCell, InputSpec, Notebook, Run, SlimTrial, Trial, TrialId } from '../model';
import { insertCell, isNamedCell, moveCell, newCell, removeCell, replaceCell } from '../model';
import { CellState } from './cell-state.svelte';
import { SandboxClient } from './sandbox-client';
import { sandboxCell } from './sandbox-cell';
import { isNotebookTrusted, notRunMessage, trustNotebook } from './notebook-trust';
import { NotebookRuns } from './notebook-runs.svelte';
import type { RunState } from './run-state.svelte';
import { serializeNotebook } from '../format/serialize-notebook';
import { BatchState } from './batch-state.svelte';
import { upstreamExperiments } from './upstream-experiments';
import { DataTables } from './data-tables.svelte';
import { tableOfView, tableFile, type DownloadFile } from './table-export';
import type { LoadParquet } from '../data-files/parquet-codec';
import type { TableFormat } from '../data-files/table-format';
import type { DataFileInput } from '../data-files/read-data-file';
import { exportStem } from './export-stem';
import { PaidCallGate } from './paid-call-gate.svelte';
import { NotebookIdentity } from './notebook-identity.svelte';
import { SandboxWatch } from './sandbox-watch.svelte';
import { skippedCell } from './skipped-cell';
import { stalledCell } from './stalled-cell';
import { runAllProgress, type RunAllProgress } from './run-all-progress';
import { PageTrials } from './page-trials';
import type { NotebookDeps } from './notebook-deps';
import { OutputPacer } from './output-pacer';

export type { NotebookDeps } from './notebook-deps';

const noParquet: LoadParquet = () => Promise.reject(new Error('Parquet is not available in this build'));

/** An open notebook: its cells, their live values, edits, and experiment runs. */
export class NotebookState {
  notebook = $state.raw<Notebook>(null as unknown as Notebook);
  saveError = $state<string | null>(null);
  /**
   * Trials per experiment cell, slim (without prompts; see PageTrials); kept in memory so live
   * updates need no re-read. `wholeTrial` reads one with its prompt.
   */
  readonly trials = new SvelteMap<CellId, readonly SlimTrial[]>();
  /** False while an imported notebook's code waits for the user's Trust. */
  trusted = $state(true);
  /** The imported tables of the data cells. */
  readonly data: DataTables;
  /** The cells' Batch API batches: submitted, followed, imported. */
  readonly batches: BatchState;
  /** Asks before an imported notebook's first paid call (see PaidCallGate). */
  readonly paidCalls: PaidCallGate;
  /** Which endpoint each experiment's plan is for; its current and other trials; which cells show simulated data. */
  readonly identity: NotebookIdentity;
  /** Whether the sandbox still answers (null while it is not started). */
  watch = $state.raw<SandboxWatch | null>(null);

  // A plain map on purpose: CellState is reactive itself.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #cells = new Map<CellId, CellState>();
  #sandbox: SandboxClient | null = null;
  /** Cells skipped since the sandbox stopped while they ran, until edited or run again. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read only when cells are defined
  readonly #skipped = new Set<CellId>();
  #disposed = false;
  readonly #runs: NotebookRuns;
  /** The names each cell reads (as the sandbox found them), for "submit all as batch" to order dependent cells and the simulated badges. */
  readonly #inputs = new SvelteMap<CellId, readonly string[]>();
  readonly #pageTrials: PageTrials;
  /** Spaces the cells' outputs on the page while a run is live (see OutputPacer). */
  readonly #pacer: OutputPacer;

  constructor(
    notebook: Notebook,
    readonly deps: NotebookDeps,
  ) {
    this.notebook = notebook;
    this.#pageTrials = new PageTrials(this.trials, deps.store, notebook.id);
    this.#pacer = new OutputPacer(deps.liveOutputMs);
    this.#runs = new NotebookRuns(deps, {
      notebook: () => this.notebook,
      cell: (id) => this.#find(id),
      cellState: (id) => this.cellState(id),
      trials: this.trials,
      sandbox: () => this.#sandbox,
      batchActive: (id) => this.batches.summary(id)?.active ?? false,
      trusted: () => this.trusted,
      settled: async (ids) => await this.#sandbox?.settled(ids),
      pacing: (on) => this.#pacer.setPacing(on),
    });
    this.identity = new NotebookIdentity({
      cells: () => this.notebook.cells,
      endpoints: () => deps.endpoints(),
      cellState: (id) => this.cellState(id),
      trials: this.trials,
      inputs: this.#inputs,
      sandbox: () => this.#sandbox,
    });
    this.data = new DataTables(deps.store, notebook.id, deps.loadParquet ?? noParquet);
    this.paidCalls = new PaidCallGate({ notebook: () => this.notebook, spec: (id) => this.cellState(id).spec ?? null, endpoints: () => deps.endpoints(), store: deps.store });
    this.batches = new BatchState(deps, {
      notebookId: notebook.id,
      spec: async (id) => (await this.settled(), this.cellState(id).spec ?? null),
      onTrials: (id, trials) => {
        const { all, added } = this.#pageTrials.merge(id, trials);
        if (!added) return this.#sandbox?.replaceTrials(id, all);
        this.#sandbox?.queueTrials(id, added);
        this.#sandbox?.flushTrials(id);
      },
      experimentCells: () => this.notebook.cells.filter((c) => c.kind === 'experiment').map((c) => ({ id: c.id, name: c.name })),
      upstream: (id) => upstreamExperiments(this.notebook.cells, this.#inputs, id),
    });
  }

  /** Loads stored trials and computes every cell, in the sandbox, once the notebook is trusted. */
  async open(): Promise<void> {
    await this.#pageTrials.load(this.notebook.cells.filter((c) => c.kind === 'experiment').map((c) => c.id));
    await this.data.load();
    this.identity.sync();
    this.trusted = await isNotebookTrusted(this.notebook, this.deps.store);
    if (this.trusted) this.#startSandbox();
    else for (const c of this.notebook.cells) if (isNamedCell(c) && c.kind !== 'input') this.cellState(c.id).notRun = notRunMessage(this.notebook);
    void this.batches.resume().catch((error: Error) => (this.saveError = `Could not resume the batches: ${error.message}`));
  }

  /** The user trusts this imported notebook: remembered for its content, and its code runs. */
  async trust(): Promise<void> {
    await trustNotebook(this.notebook, this.deps.store);
    this.trusted = true;
    this.#startSandbox();
  }

  #startSandbox(): void {
    if (this.#sandbox || this.#disposed) return;
    this.#sandbox = new SandboxClient(this.deps.sandbox(), (ask) => this.deps.answer(ask));
    this.identity.sync(true);
    const watch = new SandboxWatch((seq) => this.#sandbox?.ping(seq));
    this.#sandbox.onPong = () => watch.answered();
    this.watch = watch;
    for (const [id, trials] of this.trials) this.#sandbox.replaceTrials(id, trials);
    for (const cell of this.notebook.cells) this.#define(cell);
  }

  /** The cell whose code started last and still runs: when the sandbox stops answering, the likely cause. */
  get stalledCell(): CellId | null {
    return stalledCell(this.notebook.cells, (id) => this.#cells.get(id));
  }

  /**
   * Replaces a sandbox that stopped answering with a new one, which gets every cell and the
   * trials again; the cell that was running is skipped until edited, so it cannot stop it again.
   */
  restartSandbox(): void {
    const stalled = this.stalledCell;
    if (stalled) this.#skipped.add(stalled);
    this.watch?.dispose();
    this.watch = null;
    this.#sandbox?.dispose();
    this.#sandbox = null;
    this.#startSandbox();
  }

  /** The reactive computation state of a cell. */
  cellState(id: CellId): CellState {
    let s = this.#cells.get(id);
    if (!s) this.#cells.set(id, (s = new CellState()));
    return s;
  }

  /**
   * Whether the cell is on screen (the view tells, cells it never told about count as visible):
   * during a run, an offscreen cell's output waits until it scrolls into view or the run ends.
   */
  setCellVisible(id: CellId, visible: boolean): void {
    this.#pacer.setVisible(id, visible);
  }

  /** A named cell's current state, for the console and tests: its status, value (as plain data, tables as rows) or error message. */
  async cellByName(name: string): Promise<{ status: string; value: unknown; error: string | null } | null> {
    const cell = this.notebook.cells.find((c) => isNamedCell(c) && c.name === name);
    if (!cell) return null;
    const s = this.cellState(cell.id);
    const value = s.status === 'fulfilled' && this.#sandbox ? await this.#sandbox.inspect(name) : undefined;
    return { status: s.status, value, error: s.error?.message ?? s.notRun };
  }

  /** Resolves when every cell has settled (for tests and "run all"). */
  async settled(): Promise<void> {
    await this.#sandbox?.settled();
  }

  /** Saves a cell's edited source and recomputes it and the cells that depend on it. */
  async commitSource(id: CellId, source: string): Promise<void> {
    const cell = this.#find(id);
    if (!('source' in cell)) throw new Error(`Cell ${id} has no source`);
    this.cellState(id).draft = null;
    this.#skipped.delete(id);
    if (cell.source === source) return this.#define(cell);
    await this.#update(replaceCell(this.notebook, { ...cell, source }), { ...cell, source });
  }

  /** Renames a named cell; cells that read the old name now see an unknown name. */
  async renameCell(id: CellId, name: string): Promise<void> {
    const cell = this.#find(id);
    if (!isNamedCell(cell) || cell.name === name) return;
    await this.#update(replaceCell(this.notebook, { ...cell, name }), { ...cell, name });
  }

  /** Sets an input cell's value (a knob turned): everything downstream recomputes. */
  async setInput(id: CellId, value: number | string): Promise<void> {
    const cell = this.#find(id);
    if (cell.kind !== 'input') throw new Error(`Cell ${id} is not an input`);
    const input = { ...cell.input, value } as InputSpec;
    await this.#update(replaceCell(this.notebook, { ...cell, input }), { ...cell, input });
  }

  async addCell(kind: CellKind, index: number): Promise<Cell> {
    const cell = newCell(this.notebook, kind);
    await this.#update(insertCell(this.notebook, cell, index), cell);
    return cell;
  }

  async moveCell(id: CellId, delta: -1 | 1): Promise<void> {
    await this.#save(moveCell(this.notebook, id, delta));
  }

  async deleteCell(id: CellId): Promise<void> {
    this.#runs.cancel(id);
    if (this.#find(id).kind === 'data') await this.data.delete(id);
    this.#sandbox?.delete(id);
    this.#pacer.forget(id);
    this.#cells.delete(id);
    await this.#save(removeCell(this.notebook, id));
  }

  async setTitle(title: string): Promise<void> {
    await this.#save({ ...this.notebook, title, updatedAt: Date.now() });
  }

  /** Turns the present view on or off; remembered with the notebook, and not an edit (updatedAt stays). */
  async setPresenting(on: boolean): Promise<void> {
    await this.#save({ ...this.notebook, presenting: on });
  }

  /** True for a shipped notebook the user has edited: Reset can bring back the shipped text. */
  get editedShipped(): boolean {
    return this.deps.shipped !== undefined && this.notebook.updatedAt > 0;
  }

  /** Replaces the user's edits with the shipped version; its cells keep their ids, so the trials stay attached. */
  async resetToShipped(): Promise<void> {
    const shipped = this.deps.shipped;
    if (!shipped) throw new Error(`“${this.notebook.title}” is not a shipped notebook: there is no shipped version to go back to`);
    const before = this.notebook.cells;
    const removed = before.filter((c) => !shipped.cells.some((s) => s.id === c.id));
    for (const c of removed) {
      this.#runs.cancel(c.id);
      this.#sandbox?.delete(c.id);
    }
    await this.#save({ ...shipped, updatedAt: 0, ...(this.notebook.presenting && { presenting: true }) });
    // An experiment cell the user had deleted comes back with the trials it kept in the store.
    const back = this.notebook.cells.filter((c) => c.kind === 'experiment' && !before.some((b) => b.id === c.id)).map((c) => c.id);
    await this.#pageTrials.load(back);
    for (const id of back) this.#sandbox?.replaceTrials(id, this.trials.get(id) ?? []);
    this.identity.sync(true);
    for (const cell of this.notebook.cells) this.#define(cell);
  }

  /** A stored trial with its prompt (`messages`) and parameters, for the inspector's detail; undefined when it is not stored. */
  async wholeTrial(id: TrialId): Promise<Trial | undefined> {
    return (await this.deps.store.trialsByIds([id]))[0];
  }

  /** Live runs of the experiment cells (here, or read-only from another tab); see NotebookRuns. */
  get runs(): SvelteMap<CellId, RunState> {
    return this.#runs.runs;
  }

  /** Set while "run all" goes through the experiment cells: which one runs now, and what was skipped. */
  get runAllStatus(): NotebookRuns['runAllStatus'] {
    return this.#runs.runAllStatus;
  }

  /** "Run all"'s progress over every experiment, as of `now`, or null before the first "run all". */
  runAllProgress(now: number): RunAllProgress | null {
    const status = this.#runs.runAllStatus;
    return status && runAllProgress(status, this.#runs.runs, (id) => this.identity.pendingCalls(id), now);
  }

  /** Runs an experiment cell's plan (`fresh`: its trials deleted, the cache bypassed); see NotebookRuns.run. */
  async run(id: CellId, options: { fresh?: boolean } = {}): Promise<void> {
    if (this.trusted && !(await this.paidCalls.confirm([id], 'live calls', options.fresh))) return;
    return this.#runs.run(id, options);
  }

  /** Runs every experiment cell in notebook order; see NotebookRuns.runAll. */
  async runAll(): Promise<void> {
    const experiments = this.notebook.cells.filter((c) => c.kind === 'experiment').map((c) => c.id);
    if (this.trusted && !(await this.paidCalls.confirm(experiments))) return;
    return this.#runs.runAll();
  }

  /** Stops "run all" and the run in progress. */
  stopAll(): void {
    this.#runs.stopAll();
  }

  /** This notebook's runs, newest first: when, which cell, status, counts, endpoint and models. */
  async runHistory(): Promise<Run[]> {
    return (await this.deps.store.listRuns(this.notebook.id)).reverse();
  }

  /** Forgets the run history (the trials stay). */
  async clearRunHistory(): Promise<void> {
    await this.deps.store.deleteRuns(this.notebook.id);
  }

  /** The notebook as its text file (the format of cells/), for download. Holds no keys and no trials. */
  exportText(): { filename: string; text: string } {
    return { filename: `${exportStem(this.notebook.title)}.md`, text: serializeNotebook(this.notebook) };
  }

  /**
   * Imports a data file into a data cell (`target`), or into a new data cell named after the file
   * at the end. A refused file (DataFileError) changes nothing; returns the cell.
   */
  async importData(file: DataFileInput, target?: CellId): Promise<DataCell> {
    const { cell, isNew } = await this.data.importIntoCell(this.notebook, file, target);
    await this.#update(isNew ? insertCell(this.notebook, cell, this.notebook.cells.length) : replaceCell(this.notebook, cell), cell);
    return cell;
  }

  /** A cell's table (all its rows, from the sandbox) as a CSV, JSON, Arrow or Parquet file, for the page to download. */
  async exportTable(id: CellId, format: TableFormat): Promise<DownloadFile> {
    const cell = this.#find(id);
    const name = 'name' in cell ? cell.name : 'table';
    const view = this.cellState(id).value;
    const rows = view?.kind === 'table' && this.#sandbox ? ((await this.#sandbox.inspect(name)) as Record<string, unknown>[] | null) : null;
    // A wide table's view holds only its first columns; the rows from the sandbox hold them all.
    const columns = view?.kind === 'table' && view.numColumns && rows?.length ? Object.keys(rows[0]) : view?.kind === 'table' ? view.columns : [];
    return tableFile(view?.kind === 'table' && rows ? tableOfView(columns, rows) : null, name, format, this.deps.loadParquet ?? noParquet);
  }

  cancel(id: CellId): void {
    this.#runs.cancel(id);
  }

  dispose(): void {
    this.#runs.dispose();
    this.#pacer.dispose();
    this.#disposed = true;
    this.batches.dispose();
    this.watch?.dispose();
    this.#sandbox?.dispose();
    this.#sandbox = null;
  }

  #define(cell: Cell): void {
    if (!this.#sandbox || !isNamedCell(cell)) return;
    const names = this.notebook.cells.filter(isNamedCell).map((c) => c.name);
    const own = { ...this.cellState(cell.id).observer, inputs: (inputs: readonly string[]) => void this.#inputs.set(cell.id, inputs) };
    // The stand-in's line is not the cell's: the message alone.
    const observer = this.#pacer.wrap(cell.id, this.#skipped.has(cell.id) ? { ...own, rejected: (e) => own.rejected({ message: e.message }) } : own);
    this.#sandbox.define(cell.id, this.#skipped.has(cell.id) ? skippedCell(cell) : sandboxCell(cell, (c) => this.data.table(c.id)), names, observer);
  }

  #find(id: CellId): Cell {
    const cell = this.notebook.cells.find((c) => c.id === id);
    if (!cell) throw new Error(`No cell ${id} in this notebook`);
    return cell;
  }

  async #update(next: Notebook, changed: Cell): Promise<void> {
    this.#define(changed);
    await this.#save(next);
  }

  async #save(next: Notebook): Promise<void> {
    this.notebook = next;
    try {
      // The user's own edits keep a trusted imported notebook trusted (its hash changes).
      if (next.importedFrom && this.trusted) await trustNotebook(next, this.deps.store);
      await this.deps.store.putNotebook(next);
      this.saveError = null;
    } catch (error) {
      this.saveError = `Could not save the notebook: ${(error as Error).message}`;
    }
  }
}

