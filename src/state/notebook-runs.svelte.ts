import { SvelteMap } from 'svelte/reactivity';
import type { Cell, CellId, Endpoint, ExperimentCell, ExperimentSpec, Notebook, ProviderFactory, SlimTrial, Store } from '../model';
import { newRunId, slimTrial } from '../model';
import type { CellState } from './cell-state.svelte';
import type { SandboxClient } from './sandbox-client';
import { notRunMessage } from './notebook-trust';
import { startExperimentRun } from './experiment-run';
import { runChannel, withRunLock, type RunMessage } from './run-coordination';
import { RunState } from './run-state.svelte';
import { PLAN_CONFIRM_CALLS, planSize } from '../experiments/plan-size';
import { throttle } from './throttle';

/** What running experiment cells needs from the app. */
export interface RunsDeps {
  readonly store: Store;
  readonly providerFactory: ProviderFactory;
  endpoints(): readonly Endpoint[];
  /** How often live trial updates recompute dependent cells, in ms. */
  readonly liveUpdateMs?: number;
}

/** What running experiment cells needs from the notebook. */
export interface RunsHost {
  /** The notebook as it is now. */
  notebook(): Notebook;
  /** The cell with this id (throws when the notebook has none). */
  cell(id: CellId): Cell;
  cellState(id: CellId): CellState;
  /** Trials per experiment cell, slim (the prompts stay in the store); runs append to it. */
  readonly trials: Map<CellId, readonly SlimTrial[]>;
  /** The sandbox evaluating the cells, or null before the notebook is trusted. */
  sandbox(): SandboxClient | null;
  /** A Batch API batch of the cell is under way. */
  batchActive(id: CellId): boolean;
  trusted(): boolean;
  /** Resolves when every cell has settled; with `ids`, when those cells and the cells they read have. */
  settled(ids?: readonly CellId[]): Promise<void>;
  /** Told when runs start and end here: while on, the cells' outputs reach the page spaced out (see OutputPacer). */
  pacing?(on: boolean): void;
}

/** Where "run all" is: the experiment cells it goes through, how many are finished (run or skipped), which runs now. */
export interface RunAllStatus {
  readonly running: boolean;
  /** The name of the experiment running now, null between two. */
  readonly current: string | null;
  readonly skipped: readonly string[];
  readonly startedAt: number;
  /** Set once it stopped or finished. */
  readonly endedAt?: number;
  /** The notebook's experiment cells, in the order they run. */
  readonly cells: readonly CellId[];
  readonly finished: number;
}

/** The live runs of a notebook's experiment cells, here and (read-only) in other tabs. */
export class NotebookRuns {
  /** Set while "run all" goes through the experiment cells: which one runs now, and what was skipped. */
  runAllStatus = $state<RunAllStatus | null>(null);
  readonly runs = new SvelteMap<CellId, RunState>();

  // Plain maps on purpose: the throttles are not state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #live = new Map<CellId, ReturnType<typeof throttle>>();
  /** How long the last live recompute took, to space the next ones. */
  #recomputeMs = 0;
  readonly #channel: ReturnType<typeof runChannel>;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #remoteReload = new Map<CellId, ReturnType<typeof throttle>>();
  /** Runs of this tab going on now (each ends after its last live update was sent). */
  #active = 0;

  constructor(
    readonly deps: RunsDeps,
    readonly host: RunsHost,
  ) {
    this.#channel = runChannel((m) => this.#onRemoteRun(m));
    globalThis.addEventListener?.('pagehide', this.#onPageHide);
  }

  /** The tab goes away: the trials that arrived since the last batch are written now, not lost. */
  readonly #onPageHide = () => {
    for (const r of this.runs.values()) void r.flush?.();
  };

  /**
   * Runs the experiment cell's plan: only trials without an outcome yet are sent, and replies
   * already in the response cache are not requested again. `fresh` deletes the trials of the cell's current plan
   * first and bypasses the cache, so every planned call goes to the endpoint.
   */
  async run(id: CellId, options: { fresh?: boolean } = {}): Promise<void> {
    const cell = this.host.cell(id);
    const spec = this.host.cellState(id).spec;
    if (cell.kind !== 'experiment') throw new Error('Only experiment cells can run');
    if (!this.host.trusted()) throw new Error(notRunMessage(this.host.notebook()));
    if (this.runs.get(id)?.running) return;
    if (!spec) throw new Error('Fix the experiment cell first: it has no valid specification');
    if (this.host.batchActive(id)) throw new Error(`“${cell.name}” has a batch under way: wait for its results, or cancel it, before running live.`);
    const live = this.#liveUpdate(id);
    this.#active++;
    this.#pace();
    try {
      const outcome = await withRunLock(`motivelab-run:${this.host.notebook().id}:${id}`, async () => {
        return this.#start(cell, spec, live, options.fresh ?? false);
      });
      if (outcome === 'busy') throw new Error(`“${cell.name}” is already running in another tab; its progress shows here, read-only.`);
      live.flush();
    } finally {
      this.#active--;
      this.#pace();
    }
  }

  /** Outputs are paced while a run of this tab or Run all goes on; after it, each goes through as heard. */
  #pace(): void {
    this.host.pacing?.(this.#active > 0 || (this.runAllStatus?.running ?? false));
  }

  async #start(cell: ExperimentCell, spec: ExperimentSpec, live: ReturnType<typeof throttle>, fresh: boolean): Promise<void> {
    const id = cell.id;
    const post = (run: RunState) => this.#channel.post({ notebookId: this.host.notebook().id, cellId: id, status: run.status, progress: $state.snapshot(run.progress) as RunState['progress'], message: run.message });
    await startExperimentRun({
      fresh,
      onUpdate: post,
      notebook: this.host.notebook(),
      cell,
      spec,
      deps: this.deps,
      onRun: (run) => this.runs.set(id, run),
      onDeleted: (ids) => {
        const kept = (this.host.trials.get(id) ?? []).filter((t) => !ids.has(t.id));
        this.host.trials.set(id, kept);
        this.host.sandbox()?.replaceTrials(id, kept);
      },
      onTrials: (stored) => {
        // The runner stored them whole; the page keeps them slim, as it reads them (see PageTrials).
        const trials = stored.map(slimTrial);
        this.host.trials.set(id, [...(this.host.trials.get(id) ?? []), ...trials]);
        this.host.sandbox()?.queueTrials(id, trials);
        live();
      },
    });
  }

  /**
   * Runs every experiment cell in notebook order. Before each, the cells it reads settle, so a
   * dependent design (a judge, a post-task report) sees the trials of the experiments above it;
   * the analyses that no design reads recompute meanwhile, and nothing waits for them until the
   * last run has ended. Run all then says every experiment done but stays running until every cell
   * has settled, so "finished" means every figure shows every trial. A cell whose design has an
   * error is skipped and named; stopping cancels the current run.
   */
  async runAll(): Promise<void> {
    if (this.runAllStatus?.running) return;
    if (!this.host.trusted()) throw new Error(notRunMessage(this.host.notebook()));
    const skipped: string[] = [];
    const cells = this.host.notebook().cells.filter((c) => c.kind === 'experiment').map((c) => c.id);
    const base = { startedAt: Date.now(), cells };
    let finished = 0;
    this.runAllStatus = { ...base, running: true, current: null, skipped, finished };
    this.#pace();
    try {
      for (const cell of this.host.notebook().cells) {
        if (cell.kind !== 'experiment') continue;
        // The trials stored so far were sent (run() flushes its live update at the end).
        await this.host.settled([cell.id]);
        if (!this.runAllStatus?.running) break;
        if (this.host.batchActive(cell.id)) {
          skipped.push(`${cell.name}: a batch is under way`);
          finished++;
          continue;
        }
        const state = this.host.cellState(cell.id);
        if (state.status === 'rejected' || !state.spec) {
          skipped.push(`${cell.name}: ${state.error?.message ?? 'no valid design'}`);
          finished++;
          continue;
        }
        if (planSize(state.spec) > PLAN_CONFIRM_CALLS) {
          skipped.push(`${cell.name}: it plans ${planSize(state.spec).toLocaleString('en-US')} calls; run it on its own`);
          finished++;
          continue;
        }
        this.runAllStatus = { ...base, running: true, current: cell.name, skipped: [...skipped], finished };
        await this.run(cell.id);
        if (this.runs.get(cell.id)?.status === 'cancelled') break;
        finished++;
        this.runAllStatus = { ...base, running: true, current: null, skipped: [...skipped], finished };
      }
      if (this.runAllStatus?.running) await this.host.settled();
    } finally {
      this.runAllStatus = { ...base, running: false, current: null, skipped, finished, endedAt: Date.now() };
      this.#pace();
    }
    await this.host.settled();
  }

  /** Stops "run all" and the run in progress. */
  stopAll(): void {
    if (this.runAllStatus) this.runAllStatus = { ...this.runAllStatus, running: false };
    this.#pace();
    for (const r of this.runs.values()) r.cancel();
  }

  cancel(id: CellId): void {
    this.runs.get(id)?.cancel();
  }

  dispose(): void {
    globalThis.removeEventListener?.('pagehide', this.#onPageHide);
    this.#channel.close();
    for (const r of this.#remoteReload.values()) r.cancel();
    for (const r of this.runs.values()) r.cancel();
    for (const l of this.#live.values()) l.cancel();
  }

  /** Another tab runs an experiment of this notebook: show its progress and its trials as they are stored. */
  #onRemoteRun(m: RunMessage): void {
    const notebook = this.host.notebook();
    if (m.notebookId !== notebook.id || !notebook.cells.some((c) => c.id === m.cellId)) return;
    let run = this.runs.get(m.cellId);
    if (!run?.remote) {
      if (run?.running) return;
      run = new RunState(newRunId(), m.progress.total, m.progress.startedAt, true);
      this.runs.set(m.cellId, run);
    }
    run.status = m.status;
    run.progress = m.progress;
    run.message = m.message;
    let reload = this.#remoteReload.get(m.cellId);
    if (!reload) {
      const cellId = m.cellId;
      reload = throttle(async () => {
        const trials = await this.deps.store.trialsForAnalysis(this.host.notebook().id, cellId);
        this.host.trials.set(cellId, trials);
        this.host.sandbox()?.replaceTrials(cellId, trials);
      }, 1000);
      this.#remoteReload.set(cellId, reload);
    }
    if (m.status === 'running') reload();
    else reload.flush();
  }

  #liveUpdate(id: CellId) {
    let l = this.#live.get(id);
    if (!l) {
      const update = () => {
        const started = performance.now();
        this.host.sandbox()?.flushTrials(id);
        void this.host.settled().then(() => (this.#recomputeMs = performance.now() - started));
      };
      // The page stays responsive during a run: live recomputes take at most about a quarter of the time.
      const interval = () => Math.max(this.deps.liveUpdateMs ?? 500, 3 * this.#recomputeMs);
      this.#live.set(id, (l = throttle(update, interval)));
    }
    return l;
  }
}
