import { SvelteMap } from 'svelte/reactivity';
import type { BatchProvider, BatchRecord, CellId, Endpoint, EndpointIdentity, Run } from '../model';
import type { BatchDeps, BatchHost, BatchSummary } from './batch-host';
import { batchKey, endpointIdentity, newRunId, normalizeBaseURL, SIMULATED_ENDPOINT, TERMINAL_BATCH_STATUSES } from '../model';
import { expandPlan } from '../experiments/expand-plan';
import { uniqueKeys } from '../runner/unique-keys';
import { batchFiles } from '../runner/batch-files';
import { closedBatchRun } from '../runner/closed-batch-run';
import { importBatchResults } from './import-batch';
import { BATCH_PRICE_FACTOR } from '../study/plan-cost';
import { withBatchKeyRedaction } from '../providers/with-batch-key-redaction';
import { redactKey } from '../providers/redact-key';
import { exportUnansweredPlan, importResultsFile, type BatchFileTarget } from './batch-file-io';
import { batchChannel, withBatchLock } from './batch-coordination';
import { PollTimers } from './poll-timers';

export type { BatchDeps, BatchHost, BatchSummary } from './batch-host';

/**
 * The Batch API batches of one notebook's cells: submits a cell's unanswered plan as batches
 * (split within the provider's limits), follows them with backoff while the notebook is open,
 * resumes from the store after a reload, cancels, and imports results exactly once.
 * Submitting and importing take the notebook's batch lock (one at a time in this tab and across
 * tabs) and start from what the store holds, so no planned call is ever in two batches.
 */
export class BatchState {
  /** The notebook's batches by `batchKey` (endpoint and id). */
  readonly records = new SvelteMap<string, BatchRecord>();
  /** The last thing worth telling per cell (an import's result, a failure). */
  readonly messages = new SvelteMap<CellId, string>();
  /** What "submit all as batch" did last: submitted, waiting, skipped. */
  chainStatus = $state<string | null>(null);
  readonly #timers = new PollTimers(
    () => this.deps.batchPollMs ?? { initial: 2000, max: 60_000 },
    (key) => void this.#poll(key),
  );
  // In-flight imports are bookkeeping, not state.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #importing = new Set<string>();
  #disposed = false;
  /** This tab's batch work, one piece after another (then also under the cross-tab lock). */
  #serial: Promise<unknown> = Promise.resolve();
  /** A "submit all" waiting its turn, which later requests join instead of queueing another. */
  #queuedAll: { untriedOnly: boolean; promise: Promise<void> } | null = null;
  readonly #channel: { announce(): void; close(): void };

  constructor(
    readonly deps: BatchDeps,
    readonly host: BatchHost,
  ) {
    this.#channel = batchChannel(host.notebookId, () => void this.#reload().catch(() => undefined));
  }

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
    await this.#reload();
  }

  /**
   * Submits every experiment cell as batches, in notebook order. A cell that reads other
   * experiments waits until their batches are imported; it is then submitted when the last of
   * them is imported (also after a reload or on another day), built from the imported answers.
   * Continuations send only trials never tried, so failures do not loop; retry those by hand.
   */
  submitAll(options: { untriedOnly?: boolean } = {}): Promise<void> {
    const queued = this.#queuedAll;
    if (queued) {
      queued.untriedOnly &&= options.untriedOnly ?? false;
      return queued.promise;
    }
    const entry = { untriedOnly: options.untriedOnly ?? false, promise: Promise.resolve() };
    entry.promise = this.#exclusive(() => {
      if (this.#queuedAll === entry) this.#queuedAll = null;
      return this.#submitAllNow({ untriedOnly: entry.untriedOnly });
    });
    this.#queuedAll = entry;
    return entry.promise;
  }

  async #submitAllNow(options: { untriedOnly: boolean }): Promise<void> {
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
        const n = await this.#submitNow(id, { chain: true, untriedOnly: options.untriedOnly });
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
  submit(cellId: CellId, options: { untriedOnly?: boolean } = {}): Promise<number> {
    return this.#exclusive(() => this.#submitNow(cellId, options));
  }

  async #submitNow(cellId: CellId, options: { chain?: boolean; untriedOnly?: boolean }): Promise<number> {
    const spec = await this.host.spec(cellId);
    if (!spec) throw new Error('Fix the experiment cell first: it has no valid specification');
    const endpoint = this.deps.endpoints().find((e) => e.name === spec.endpoint);
    if (!endpoint) throw new Error(`No endpoint named '${spec.endpoint}'. Add it in Settings.`);
    if (endpoint.baseURL === SIMULATED_ENDPOINT.baseURL) throw new Error('The simulated endpoint has no Batch API: run it live, or export the plan as JSONL for another runner.');
    const provider = this.#provider(endpoint);
    // Local lookups, not state.
    const stored = await this.deps.store.trialsForAnalysis(this.host.notebookId, cellId);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const completed = new Set(stored.filter((t) => options.untriedOnly || t.status !== 'failed').map((t) => t.key));
    // A model that refused `max_tokens` in an earlier batch (o-series, newer GPT) gets `max_completion_tokens`, as the live provider learns.
    const tokenParam = stored.some((t) => t.status === 'failed' && /max_tokens/.test(t.errorMessage ?? '') && /max_completion_tokens/.test(t.errorMessage ?? '')) ? 'max_completion_tokens' : 'max_tokens';
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const pending = new Set([...this.records.values()].filter((r) => r.cellId === cellId && r.importedAt === null).flatMap((r) => r.keys));
    const plan = uniqueKeys(expandPlan(spec, { baseURL: normalizeBaseURL(endpoint.baseURL) }));
    const todo = plan.filter((p) => !completed.has(p.key) && !pending.has(p.key));
    if (todo.length === 0) {
      // In a chain, the cell keeps its import's message; the chain's status says what was sent.
      if (!options.chain) this.messages.set(cellId, pending.size ? 'Every unanswered trial is already in a batch under way.' : `All ${plan.length} planned trials already have results.`);
      return 0;
    }
    const runId = newRunId();
    const now = Date.now();
    const run: Run = { id: runId, notebookId: this.host.notebookId, cellId, status: 'running', planned: todo.length, done: 0, failed: 0, startedAt: now, endedAt: null, endpointName: endpoint.name, baseURL: endpoint.baseURL, models: [...spec.models], message: 'Submitted through the Batch API' };
    await this.deps.store.putRun(run);
    const chunks = batchFiles(todo, { tokenParam, oneModelPerFile: endpoint.batchOneModelPerFile });
    for (const [i, { lines, keys }] of chunks.entries()) {
      const fileId = await provider.uploadBatchFile(`motivelab-${cellId}-${i + 1}.jsonl`, `${lines.join('\n')}\n`);
      const info = await provider.createBatch(fileId, { notebook: this.host.notebookId, cell: cellId });
      const record: BatchRecord = { id: info.id, notebookId: this.host.notebookId, cellId, runId, endpointName: endpoint.name, baseURL: endpoint.baseURL, inputFileId: fileId, status: info.status, total: info.total || keys.length, completed: info.completed, failed: info.failed, outputFileId: info.outputFileId, errorFileId: info.errorFileId, keys, createdAt: Date.now(), updatedAt: Date.now(), importedAt: null, message: null, ...(options.chain && { chain: true }) };
      await this.deps.store.putBatch(record);
      this.records.set(batchKey(record), record);
      this.#timers.schedule(batchKey(record), this.deps.batchPollMs?.initial ?? 2000);
      this.#channel.announce();
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
      this.#timers.stop(batchKey(r));
      this.#timers.backOff(batchKey(r));
    }
  }

  /** Imports a results file (Batch API output format) into the cell, e.g. from a runner elsewhere. */
  async importFile(cellId: CellId, text: string): Promise<void> {
    const target = await this.#target(cellId);
    // A runner elsewhere may have used the same endpoint and key, and the endpoint may have echoed it.
    const apiKey = this.deps.endpoints().find((e) => e.name === target.spec.endpoint)?.apiKey;
    const result = await importResultsFile(target, redactKey(text, apiKey));
    this.messages.set(cellId, result.message);
    this.host.onTrials(cellId, result.trials);
  }

  /** The cell's unanswered plan as Batch API input JSONL, for a runner elsewhere (e.g. vLLM's batch job). */
  async exportPlan(cellId: CellId, name: string): Promise<{ filename: string; text: string; requests: number }> {
    return exportUnansweredPlan(await this.#target(cellId), name);
  }

  async #target(cellId: CellId): Promise<BatchFileTarget> {
    const spec = await this.host.spec(cellId);
    if (!spec) throw new Error('Fix the experiment cell first: it has no valid specification');
    return { store: this.deps.store, notebookId: this.host.notebookId, cellId, spec, identity: this.#identity(spec.endpoint) };
  }

  dispose(): void {
    this.#disposed = true;
    this.#channel.close();
    this.#timers.dispose();
  }

  async #poll(key: string): Promise<void> {
    const r = this.records.get(key);
    if (!r || r.importedAt !== null || this.#disposed) return;
    let provider: BatchProvider;
    try {
      provider = this.#providerFor(r);
    } catch (error) {
      return void (await this.#update(key, { message: (error as Error).message }));
    }
    try {
      const info = await provider.retrieveBatch(r.id);
      const next = await this.#update(key, { status: info.status, total: info.total || r.total, completed: info.completed, failed: info.failed, outputFileId: info.outputFileId, errorFileId: info.errorFileId, updatedAt: Date.now(), message: info.errors.length ? `The batch reported: ${info.errors.join('; ')}` : null });
      if (!next) return;
      if (TERMINAL_BATCH_STATUSES.includes(next.status)) await this.#import(next, provider);
      else this.#timers.backOff(key);
    } catch (error) {
      await this.#update(key, { message: `Could not check the batch (will try again): ${(error as Error).message}` }).catch(() => undefined);
      this.#timers.backOff(key);
    }
  }

  /** Stores what a poll learned, unless the batch was imported meanwhile (maybe by another tab). */
  #update(key: string, patch: Partial<BatchRecord>): Promise<BatchRecord | null> {
    return this.#exclusive(async () => {
      const current = this.records.get(key);
      if (!current || current.importedAt !== null) return null;
      const next = { ...current, ...patch };
      await this.#save(next);
      return next;
    });
  }

  /**
   * Imports an ended batch's results, under the batch lock: a batch another tab imported
   * meanwhile is not imported again, but its cell is refreshed from the store. The last import of
   * a "submit all" chain sends the cells that read it (one submit-all at a time, see submitAll).
   */
  async #import(ended: BatchRecord, provider: BatchProvider): Promise<void> {
    const key = batchKey(ended);
    if (this.#importing.has(key)) return;
    this.#importing.add(key);
    try {
      const chain = await this.#exclusive(async () => {
        const known = this.records.get(key);
        // Imported by another tab: #reload took its record and the cell's stored trials.
        if (known && known.importedAt !== null) return known.chain === true;
        const r = known ?? ended;
        const texts = await Promise.all([r.outputFileId, r.errorFileId].map((f) => (f ? provider.fileContent(f) : Promise.resolve(null))));
        const spec = await this.host.spec(r.cellId);
        if (!spec) throw new Error('the cell has no valid design now; fix it and reopen the notebook to import');
        const result = await importBatchResults({ store: this.deps.store, notebookId: r.notebookId, cellId: r.cellId, runId: r.runId, endpointName: r.endpointName, baseURL: normalizeBaseURL(r.baseURL), plan: expandPlan(spec, { baseURL: normalizeBaseURL(r.baseURL) }), texts, spend: spec.prices ? { prices: spec.prices, factor: BATCH_PRICE_FACTOR } : undefined });
        const endedNote = r.status === 'completed' ? '' : ` The batch ended ${r.status}${r.message ? ` (${r.message})` : ''}.`;
        const imported: BatchRecord = { ...r, importedAt: Date.now(), message: result.message + endedNote };
        // The run is closed and the cell shows the trials before the batch shows as imported, so whoever sees the one sees the others.
        await this.#finishRun(imported);
        await this.#refreshCell(r.cellId);
        this.messages.set(r.cellId, result.message + endedNote);
        await this.#save(imported);
        return imported.chain === true;
      });
      this.#channel.announce();
      const chainDone = ![...this.records.values()].some((b) => b.chain && b.importedAt === null);
      if (chain && chainDone) void this.submitAll({ untriedOnly: true }).catch((error: Error) => (this.chainStatus = `Could not submit the next batches: ${error.message}`));
    } finally {
      this.#importing.delete(key);
    }
  }

  /** Shows the cell every stored trial of its plan, whichever tab imported them. */
  async #refreshCell(cellId: CellId): Promise<void> {
    this.host.onTrials(cellId, await this.deps.store.trialsForAnalysis(this.host.notebookId, cellId));
  }

  /** Runs `fn` after this tab's earlier batch work, holding the notebook's batch lock, from the stored batches. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#serial.then(() =>
      withBatchLock(this.host.notebookId, async () => {
        await this.#reload();
        return fn();
      }),
    );
    this.#serial = run.catch(() => undefined);
    return run;
  }

  /**
   * Takes in the stored batches: new ones are followed; one another tab imported shows as
   * imported, with its message and the cell's stored trials. Never takes a record back in time.
   */
  async #reload(): Promise<void> {
    if (this.#disposed) return;
    for (const s of await this.deps.store.listBatches(this.host.notebookId)) {
      const key = batchKey(s);
      const known = this.records.get(key);
      if (!known) {
        this.records.set(key, s);
        if (s.importedAt === null) this.#timers.schedule(key, 0);
      } else if (known.importedAt === null && s.importedAt !== null) {
        this.records.set(key, s);
        this.#timers.stop(key);
        if (s.message) this.messages.set(s.cellId, s.message);
        await this.#refreshCell(s.cellId);
      } else if (known.importedAt === s.importedAt && s.updatedAt > known.updatedAt) {
        this.records.set(key, s);
      }
    }
  }

  /** Closes the run once all of its batches are imported (`last` being imported now). */
  async #finishRun(last: BatchRecord): Promise<void> {
    const batches = [...this.records.values()].filter((b) => b.runId === last.runId).map((b) => (batchKey(b) === batchKey(last) ? last : b));
    const run = batches.every((b) => b.importedAt !== null) ? await this.deps.store.getRun(last.runId) : undefined;
    if (run) await this.deps.store.putRun(closedBatchRun(run, batches, Date.now()));
  }

  async #save(r: BatchRecord): Promise<void> {
    this.records.set(batchKey(r), r);
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
    return withBatchKeyRedaction(this.deps.batchProviderFactory({ baseURL: endpoint.baseURL, apiKey: endpoint.apiKey, timeoutMs: 120_000 }), endpoint.apiKey);
  }
}

