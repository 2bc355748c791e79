import { SvelteMap } from 'svelte/reactivity';
import type { BatchProvider, BatchProviderFactory, BatchRecord, CellId, Endpoint, EndpointIdentity, ExperimentSpec, NotebookId, Run, Store, Trial } from '../model';
import { endpointIdentity, newRunId, normalizeBaseURL, SIMULATED_ENDPOINT, TERMINAL_BATCH_STATUSES } from '../model';
import { expandPlan } from '../experiments/expand-plan';
import { planToJsonl } from '../runner/plan-to-jsonl';
import { uniqueKeys } from '../runner/unique-keys';
import { splitBatches } from '../runner/split-batches';
import { importBatchResults } from './import-batch';

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
  onTrials(cellId: CellId, trials: readonly Trial[]): void;
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

/**
 * The Batch API batches of one notebook's cells: submits a cell's unanswered plan as batches
 * (split within the provider's limits), follows them with backoff while the notebook is open,
 * resumes from the store after a reload, cancels, and imports results exactly once.
 */
export class BatchState {
  readonly records = new SvelteMap<string, BatchRecord>();
  /** The last thing worth telling per cell (an import's result, a failure). */
  readonly messages = new SvelteMap<CellId, string>();
  /** What "submit all as batch" did last: submitted, waiting, skipped. */
  chainStatus = $state<string | null>(null);
  // Timers and in-flight imports are bookkeeping, not state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #timers = new Map<string, { timer: ReturnType<typeof setTimeout> | null; delay: number }>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #importing = new Set<string>();
  #disposed = false;

  constructor(
    readonly deps: BatchDeps,
    readonly host: BatchHost,
  ) {}

  /** The cell's latest submission (all batches of its newest run), or null. */
  summary(cellId: CellId): BatchSummary | null {
    const mine = [...this.records.values()].filter((r) => r.cellId === cellId).sort((a, b) => a.createdAt - b.createdAt);
    const last = mine.at(-1);
    if (!last) return null;
    const batches = mine.filter((r) => r.runId === last.runId);
    const sum = (f: (r: BatchRecord) => number) => batches.reduce((s, r) => s + f(r), 0);
    return { batches, total: sum((r) => r.total), completed: sum((r) => r.completed), failed: sum((r) => r.failed), active: batches.some((r) => r.importedAt === null) };
  }

  /** Loads the notebook's stored batches and follows those not imported yet (after a reload, or another day). */
  async resume(): Promise<void> {
    for (const r of await this.deps.store.listBatches(this.host.notebookId)) {
      this.records.set(r.id, r);
      if (r.importedAt === null) this.#schedule(r.id, 0);
    }
  }

  /**
   * Submits every experiment cell as batches, in notebook order. A cell that reads other
   * experiments waits until their batches are imported; it is then submitted when the last of
   * them is imported (also after a reload or on another day), built from the imported answers.
   * Continuations send only trials never tried, so failures do not loop; retry those by hand.
   */
  async submitAll(options: { untriedOnly?: boolean } = {}): Promise<void> {
    const sent: string[] = [];
    const waiting: string[] = [];
    const skipped: string[] = [];
    const submitted: CellId[] = [];
    for (const { id, name } of this.host.experimentCells()) {
      const blockers = this.host.upstream(id).filter((u) => submitted.includes(u) || this.summary(u)?.active);
      if (blockers.length) {
        waiting.push(name);
        continue;
      }
      try {
        const n = await this.submit(id, { chain: true, untriedOnly: options.untriedOnly });
        if (n > 0) {
          submitted.push(id);
          sent.push(`${name} (${n})`);
        }
      } catch (error) {
        skipped.push(`${name}: ${(error as Error).message}`);
      }
    }
    const parts = [sent.length ? `Submitted ${sent.join(', ')}` : 'Nothing new to submit'];
    if (waiting.length) parts.push(`waiting for the batches they read: ${waiting.join(', ')}`);
    if (skipped.length) parts.push(`skipped ${skipped.join('; ')}`);
    this.chainStatus = `${parts.join('; ')}.`;
  }

  /**
   * Submits the cell's plan, less what already has an outcome or is in a batch under way (and,
   * with `untriedOnly`, less what failed before), as one or more batches; returns how many requests.
   */
  async submit(cellId: CellId, options: { chain?: boolean; untriedOnly?: boolean } = {}): Promise<number> {
    const spec = await this.host.spec(cellId);
    if (!spec) throw new Error('Fix the experiment cell first: it has no valid specification');
    const endpoint = this.deps.endpoints().find((e) => e.name === spec.endpoint);
    if (!endpoint) throw new Error(`No endpoint named '${spec.endpoint}'. Add it in Settings.`);
    if (endpoint.baseURL === SIMULATED_ENDPOINT.baseURL) throw new Error('The simulated endpoint has no Batch API: run it live, or export the plan as JSONL for another runner.');
    const provider = this.#provider(endpoint);
    // Local lookups, not state.
    const stored = await this.deps.store.trialsForCell(this.host.notebookId, cellId);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const completed = new Set(stored.filter((t) => options.untriedOnly || t.status !== 'failed').map((t) => t.key));
    // A model that refused `max_tokens` in an earlier batch (o-series, newer GPT) gets `max_completion_tokens`, as the live provider learns.
    const tokenParam = stored.some((t) => t.status === 'failed' && /max_tokens/.test(t.errorMessage ?? '') && /max_completion_tokens/.test(t.errorMessage ?? '')) ? 'max_completion_tokens' : 'max_tokens';
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const pending = new Set([...this.records.values()].filter((r) => r.cellId === cellId && r.importedAt === null).flatMap((r) => r.keys));
    const plan = uniqueKeys(expandPlan(spec, { baseURL: normalizeBaseURL(endpoint.baseURL) }));
    const todo = plan.filter((p) => !completed.has(p.key) && !pending.has(p.key));
    if (todo.length === 0) {
      this.messages.set(cellId, pending.size ? 'Every unanswered trial is already in a batch under way.' : `All ${plan.length} planned trials already have results.`);
      return 0;
    }
    const runId = newRunId();
    const now = Date.now();
    const run: Run = { id: runId, notebookId: this.host.notebookId, cellId, status: 'running', planned: todo.length, done: 0, failed: 0, startedAt: now, endedAt: null, endpointName: endpoint.name, baseURL: endpoint.baseURL, models: [...spec.models], message: 'Submitted through the Batch API' };
    await this.deps.store.putRun(run);
    const chunks = splitBatches(planToJsonl(todo, tokenParam));
    let offset = 0;
    for (const [i, lines] of chunks.entries()) {
      const keys = todo.slice(offset, (offset += lines.length)).map((p) => p.key);
      const fileId = await provider.uploadBatchFile(`motivelab-${cellId}-${i + 1}.jsonl`, `${lines.join('\n')}\n`);
      const info = await provider.createBatch(fileId, { notebook: this.host.notebookId, cell: cellId });
      const record: BatchRecord = { id: info.id, notebookId: this.host.notebookId, cellId, runId, endpointName: endpoint.name, baseURL: endpoint.baseURL, inputFileId: fileId, status: info.status, total: info.total || keys.length, completed: info.completed, failed: info.failed, outputFileId: info.outputFileId, errorFileId: info.errorFileId, keys, createdAt: Date.now(), updatedAt: Date.now(), importedAt: null, message: null, ...(options.chain && { chain: true }) };
      await this.deps.store.putBatch(record);
      this.records.set(record.id, record);
      this.#schedule(record.id, this.#pollMs().initial);
    }
    this.messages.set(cellId, `Submitted ${todo.length} requests as ${chunks.length === 1 ? 'a batch' : `${chunks.length} batches`}.`);
    return todo.length;
  }

  /** Asks the provider to cancel the cell's batches under way; what they finished is imported. */
  async cancel(cellId: CellId): Promise<void> {
    for (const r of this.summary(cellId)?.batches ?? []) {
      if (r.importedAt !== null || TERMINAL_BATCH_STATUSES.includes(r.status)) continue;
      const info = await this.#providerFor(r).cancelBatch(r.id);
      await this.#save({ ...r, status: info.status, updatedAt: Date.now() });
      // Cancelling takes a moment on the provider: follow it closely again.
      this.#timers.delete(r.id);
      this.#backOff(r.id);
    }
  }

  /** Imports a results file (Batch API output format) into the cell, e.g. from a runner elsewhere. */
  async importFile(cellId: CellId, text: string): Promise<void> {
    const spec = await this.host.spec(cellId);
    if (!spec) throw new Error('Fix the experiment cell first: it has no valid specification');
    const runId = newRunId();
    const identity = this.#identity(spec.endpoint);
    const result = await importBatchResults({ store: this.deps.store, notebookId: this.host.notebookId, cellId, runId, endpointName: spec.endpoint, baseURL: identity.baseURL, plan: expandPlan(spec, identity), texts: [text] });
    const failed = result.trials.filter((t) => t.status === 'failed').length;
    const now = Date.now();
    await this.deps.store.putRun({ id: runId, notebookId: this.host.notebookId, cellId, status: 'done', planned: result.trials.length, done: result.trials.length - failed, failed, startedAt: now, endedAt: now, endpointName: spec.endpoint, baseURL: '', models: [...spec.models], message: `Results file: ${result.message}` });
    this.messages.set(cellId, result.message);
    this.host.onTrials(cellId, result.trials);
  }

  /** The cell's unanswered plan as Batch API input JSONL, for a runner elsewhere (e.g. vLLM's batch job). */
  async exportPlan(cellId: CellId, name: string): Promise<{ filename: string; text: string; requests: number }> {
    const spec = await this.host.spec(cellId);
    if (!spec) throw new Error('Fix the experiment cell first: it has no valid specification');
    const completed = await this.deps.store.completedKeys(this.host.notebookId, cellId);
    const lines = planToJsonl(uniqueKeys(expandPlan(spec, this.#identity(spec.endpoint))).filter((p) => !completed.has(p.key)));
    return { filename: `${name}-plan.jsonl`, text: lines.length ? `${lines.join('\n')}\n` : '', requests: lines.length };
  }

  dispose(): void {
    this.#disposed = true;
    for (const t of this.#timers.values()) if (t.timer) clearTimeout(t.timer);
    this.#timers.clear();
  }

  #pollMs() {
    return this.deps.batchPollMs ?? { initial: 2000, max: 60_000 };
  }

  #schedule(id: string, delay: number): void {
    if (this.#disposed) return;
    const entry = this.#timers.get(id) ?? { timer: null, delay: this.#pollMs().initial };
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.#poll(id), delay);
    this.#timers.set(id, entry);
  }

  /** Polls again later, each time twice as late, up to the maximum. */
  #backOff(id: string): void {
    const entry = this.#timers.get(id);
    const delay = entry?.delay ?? this.#pollMs().initial;
    this.#schedule(id, delay);
    this.#timers.get(id)!.delay = Math.min(delay * 2, this.#pollMs().max);
  }

  async #poll(id: string): Promise<void> {
    const r = this.records.get(id);
    if (!r || r.importedAt !== null || this.#disposed) return;
    let provider: BatchProvider;
    try {
      provider = this.#providerFor(r);
    } catch (error) {
      return void (await this.#save({ ...r, message: (error as Error).message }));
    }
    try {
      const info = await provider.retrieveBatch(id);
      const next: BatchRecord = { ...r, status: info.status, total: info.total || r.total, completed: info.completed, failed: info.failed, outputFileId: info.outputFileId, errorFileId: info.errorFileId, updatedAt: Date.now(), message: info.errors.length ? `The batch reported: ${info.errors.join('; ')}` : null };
      await this.#save(next);
      if (TERMINAL_BATCH_STATUSES.includes(next.status)) await this.#import(next, provider);
      else this.#backOff(id);
    } catch (error) {
      await this.#save({ ...(this.records.get(id) ?? r), message: `Could not check the batch (will try again): ${(error as Error).message}` }).catch(() => undefined);
      this.#backOff(id);
    }
  }

  async #import(r: BatchRecord, provider: BatchProvider): Promise<void> {
    if (this.#importing.has(r.id)) return;
    this.#importing.add(r.id);
    try {
      const texts = await Promise.all([r.outputFileId, r.errorFileId].map((f) => (f ? provider.fileContent(f) : Promise.resolve(null))));
      const spec = await this.host.spec(r.cellId);
      if (!spec) throw new Error('the cell has no valid design now; fix it and reopen the notebook to import');
      const result = await importBatchResults({ store: this.deps.store, notebookId: r.notebookId, cellId: r.cellId, runId: r.runId, endpointName: r.endpointName, baseURL: normalizeBaseURL(r.baseURL), plan: expandPlan(spec, { baseURL: normalizeBaseURL(r.baseURL) }), texts });
      const ended = r.status === 'completed' ? '' : ` The batch ended ${r.status}${r.message ? ` (${r.message})` : ''}.`;
      const imported: BatchRecord = { ...r, importedAt: Date.now(), message: result.message + ended };
      // The run is closed before the batch shows as imported, so whoever sees the one sees the other.
      await this.#finishRun(imported);
      this.messages.set(r.cellId, result.message + ended);
      await this.#save(imported);
      this.host.onTrials(r.cellId, result.trials);
      const chainDone = ![...this.records.values()].some((b) => b.chain && b.importedAt === null);
      if (imported.chain && chainDone) void this.submitAll({ untriedOnly: true });
    } finally {
      this.#importing.delete(r.id);
    }
  }

  /** Closes the run once all of its batches are imported (`last` being imported now). */
  async #finishRun(last: BatchRecord): Promise<void> {
    const runId = last.runId;
    const batches = [...this.records.values()].filter((b) => b.runId === runId).map((b) => (b.id === last.id ? last : b));
    if (batches.some((b) => b.importedAt === null)) return;
    const run = await this.deps.store.getRun(runId);
    if (!run) return;
    const failed = batches.reduce((s, b) => s + b.failed, 0);
    const status = batches.every((b) => b.status === 'cancelled') ? 'cancelled' : batches.every((b) => b.status === 'failed') ? 'failed' : 'done';
    await this.deps.store.putRun({ ...run, status, endedAt: Date.now(), done: batches.reduce((s, b) => s + b.completed, 0), failed, message: batches.map((b) => `${b.id}: ${b.status}`).join(', ') });
  }

  async #save(r: BatchRecord): Promise<void> {
    this.records.set(r.id, r);
    await this.deps.store.putBatch(r);
  }

  /** The endpoint a plan is for: the one configured under that name (an unknown name matches no stored trial). */
  #identity(name: string): EndpointIdentity {
    const endpoint = this.deps.endpoints().find((e) => e.name === name);
    return endpoint ? { baseURL: normalizeBaseURL(endpoint.baseURL) } : endpointIdentity(name, {});
  }

  #providerFor(r: BatchRecord): BatchProvider {
    const endpoint = this.deps.endpoints().find((e) => e.name === r.endpointName && e.baseURL === r.baseURL);
    if (!endpoint) throw new Error(`Endpoint '${r.endpointName}' (${r.baseURL}) is not configured any more: add it again in Settings to follow batch ${r.id}.`);
    return this.#provider(endpoint);
  }

  #provider(endpoint: Endpoint): BatchProvider {
    if (!this.deps.batchProviderFactory) throw new Error('This app has no Batch API provider');
    return this.deps.batchProviderFactory({ baseURL: endpoint.baseURL, apiKey: endpoint.apiKey, timeoutMs: 120_000 });
  }
}

