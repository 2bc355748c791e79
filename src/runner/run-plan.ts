import type { ChatResult, ModelPrices, PlannedTrial, Provider, RunProgress, Trial } from '../model';
import { newTrialId, ProviderError } from '../model';
import { answeredTrial, failedTrial, type ParseOutcome, type RunContext } from './trial-outcome';
import { costOfTokens, type ModelTokens } from '../experiments/cost-of-tokens';
import type { PauseGate } from './pause-gate';
import { groupCalls } from './group-calls';
import { splitChoices } from './split-choices';
import { SpendMeter, type SpendCheck } from './spend-meter';

export type { ParseOutcome, RunContext } from './trial-outcome';

export interface RunPlanOptions {
  readonly plan: readonly PlannedTrial[];
  readonly provider: Provider;
  readonly context: RunContext;
  readonly parse: (text: string, planned: PlannedTrial, result: ChatResult) => ParseOutcome;
  /** Stores a batch of trials; the run waits for it, so nothing is reported done before it is stored. */
  readonly persist: (trials: readonly Trial[]) => Promise<void>;
  /** Requests in flight at once (default 4). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RunProgress) => void;
  /**
   * Trials per write at most (default 1,000) … Writes are few and large: each costs a
   * transaction and a live update of the page, whatever its size.
   */
  readonly batchSize?: number;
  /** … written at the latest this many ms after the first of them arrived (default 200). A tab closed mid-run loses at most this much. */
  readonly flushMs?: number;
  /** Receives a function that writes what has arrived now (e.g. on `pagehide`). */
  readonly onFlushable?: (flush: () => Promise<void>) => void;
  readonly now?: () => number;
  /**
   * Failed calls in a row (after the provider's own retries) that pause the run instead of
   * spending money against a broken endpoint (default 8).
   */
  readonly maxConsecutiveFailures?: number;
  /** Holds the workers between calls while the run is paused. */
  readonly gate?: PauseGate;
  /** Prices per model: progress then carries the cost so far and the projected cost. */
  readonly prices?: ModelPrices;
  /**
   * A spend limit: asked before each call (see SpendCheck). A message pauses the run through
   * `gate` (resumable; asked again on Resume, so a raised limit lets it go on) and is reported
   * as the progress's `pauseReason`; `onSpendPause` is told first.
   */
  readonly spendCheck?: SpendCheck;
  readonly onSpendPause?: (message: string) => void;
  /** US$ one call is expected to cost before a reply has said (the cost table's estimate). */
  readonly callEstimateUsd?: number;
}

/** How a run ended. */
export interface RunSummary {
  readonly status: 'done' | 'cancelled' | 'failed';
  readonly total: number;
  /** Trials with an outcome (ok, unparsed or refused). */
  readonly done: number;
  /** Trials whose request failed after retries. */
  readonly failed: number;
  readonly message: string;
}

/**
 * Executes a trial plan: `concurrency` calls at a time, each outcome (including failures and
 * unparseable replies) recorded as a Trial and persisted in batches. Repetitions that make the
 * same request go out as one call asking for `n` responses (see groupCalls); responses the
 * endpoint did not return are asked for again in calls of their own. A cancelled run stops
 * sending and keeps what is stored; a run stops early when the key is refused or storage fails.
 */
export async function runPlan(options: RunPlanOptions): Promise<RunSummary> {
  const { plan, provider, context, parse, persist, signal } = options;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const total = plan.length;
  const batchSize = options.batchSize ?? 1000;
  let next = 0;
  let done = 0;
  let failed = 0;
  let stopReason: string | null = null;
  let consecutiveFailures = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  let cached = 0;
  const tokensByModel: Record<string, ModelTokens> = {};
  const meter = options.spendCheck ? new SpendMeter(options.prices, options.callEstimateUsd) : null;
  // A model without a price could spend without limit: pause before its first call, not after.
  if (meter) meter.unpriced = plan.find((p) => !options.prices?.[p.model])?.model ?? null;
  let pauseReason: string | null = null;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) stop.abort();

  let buffer: Trial[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = buffer;
    buffer = [];
    if (batch.length === 0) return writing;
    writing = writing.then(async () => {
      if (stopReason?.startsWith('Could not store')) return;
      try {
        await persist(batch);
        for (const t of batch) {
          if (t.status === 'failed') failed++;
          else done++;
          if (t.cached) cached++;
          else {
            promptTokens += t.promptTokens ?? 0;
            completionTokens += t.completionTokens ?? 0;
            const m = tokensByModel[t.model] ?? { prompt: 0, completion: 0 };
            tokensByModel[t.model] = { prompt: m.prompt + (t.promptTokens ?? 0), completion: m.completion + (t.completionTokens ?? 0) };
          }
        }
        report();
      } catch (error) {
        stopReason = `Could not store trials: ${(error as Error).message}. Trials stored before this are kept.`;
        stop.abort();
      }
    });
    return writing;
  };
  const report = () => {
    const elapsedMs = now() - startedAt;
    const finished = done + failed;
    const etaMs = finished > 0 ? (elapsedMs / finished) * (total - finished) : null;
    const costUsd = options.prices ? costOfTokens(tokensByModel, options.prices) : undefined;
    const projectedCostUsd = costUsd != null && finished > 0 ? (costUsd / finished) * total : costUsd === undefined ? undefined : null;
    options.onProgress?.({
      total, done, failed, startedAt, elapsedMs, etaMs, promptTokens, completionTokens, cached,
      ...(costUsd !== undefined && { costUsd, projectedCostUsd: projectedCostUsd ?? null }),
      ...(options.gate?.paused && { paused: true, ...(pauseReason && { pauseReason }) }),
    });
  };

  async function call(group: readonly PlannedTrial[]): Promise<void> {
    const start = now();
    const [first] = group;
    const { n: _n, ...single } = first.params;
    const params = group.length > 1 ? { ...single, n: group.length } : single;
    const trials: Trial[] = [];
    let rest: readonly PlannedTrial[] = [];
    // A signal per call, tied to the run's for the call's time only: the SDK adds an abort
    // listener to the signal it is given and never removes it, so one run-wide signal gathered
    // a listener per call, and each new one cost more (a 10,000-trial run spent most of its
    // page time there).
    const callStop = new AbortController();
    const onStop = () => callStop.abort();
    stop.signal.addEventListener('abort', onStop, { once: true });
    if (stop.signal.aborted) callStop.abort();
    try {
      const result = await provider.chat({ model: first.model, messages: first.messages, params, repetition: first.repetition, signal: callStop.signal, ...(first.simulation && { simulation: first.simulation }) });
      const endedAt = now();
      meter?.add(first.model, result);
      const results = splitChoices(result, group.length);
      results.forEach((r, i) => trials.push(answeredTrial(group[i], context, r, parse, { id: newTrialId(), startedAt: start, endedAt })));
      rest = group.slice(results.length);
      consecutiveFailures = 0;
    } catch (error) {
      if (stop.signal.aborted) return;
      const e = error instanceof ProviderError ? error : new ProviderError(String((error as Error)?.message ?? error), 'unknown');
      if (e.kind === 'aborted') return;
      consecutiveFailures++;
      if (e.kind === 'auth' || e.kind === 'not-found') {
        stopReason ??= `Stopped at once: ${e.message}`;
        stop.abort();
      } else if (consecutiveFailures >= (options.maxConsecutiveFailures ?? 8)) {
        stopReason ??= `Paused after ${consecutiveFailures} failed requests in a row (last: ${e.message}). Nothing stored is lost; check the endpoint and run again to continue`;
        stop.abort();
      }
      const endedAt = now();
      for (const planned of group) trials.push(failedTrial(planned, context, e, { id: newTrialId(), startedAt: start, endedAt, latencyMs: endedAt - start }));
    } finally {
      stop.signal.removeEventListener('abort', onStop);
    }
    buffer.push(...trials);
    if (buffer.length >= batchSize) void flush();
    else timer ??= setTimeout(() => void flush(), options.flushMs ?? 200);
    // An endpoint that ignores `n` returned fewer responses: ask for the others one call each.
    for (const planned of rest) {
      if (stop.signal.aborted) break;
      await call([planned]);
    }
  }

  const calls = groupCalls(plan);
  async function worker(): Promise<void> {
    while (!stop.signal.aborted && next < calls.length) {
      if (options.gate?.paused) {
        // A paused run may never resume: what has arrived is stored now, not at the end.
        void flush();
        await options.gate.wait(stop.signal);
      }
      if (stop.signal.aborted || next >= calls.length) break;
      if (meter?.calibrating) {
        await meter.settled();
        continue;
      }
      if (meter && !underLimit(meter)) continue;
      meter?.start();
      try {
        await call(calls[next++]);
      } finally {
        meter?.end();
      }
    }
  }

  /** False when the next call could pass the limit: the run pauses until Resume (then asks again). */
  function underLimit(m: SpendMeter): boolean {
    const message = m.unpriced
      ? `Paused: the endpoint has a spend limit, but the notebook gives no price for ${m.unpriced}, so its spend cannot be counted. Add its price to the design, or remove the limit in Settings, then Resume.`
      : options.spendCheck!(m.committedUsd, m.nextCallUsd);
    pauseReason = message;
    if (!message) return true;
    if (!options.gate) {
      stopReason ??= message;
      stop.abort();
    } else if (!options.gate.paused) {
      options.onSpendPause?.(message);
      options.gate.pause();
      report();
    }
    return false;
  }

  options.onFlushable?.(flush);
  report();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, calls.length)) }, worker));
  await flush();
  signal?.removeEventListener('abort', onAbort);
  report();
  const counts = `${done} of ${total} trials done, ${failed} failed`;
  if (stopReason) return { status: 'failed', total, done, failed, message: `${stopReason} (${counts})` };
  if (signal?.aborted) return { status: 'cancelled', total, done, failed, message: `Cancelled: ${counts}. Run again to continue where it stopped.` };
  if (failed > 0) return { status: 'done', total, done, failed, message: `Finished with errors: ${counts}. Run again to retry the failed ones.` };
  return { status: 'done', total, done, failed, message: `Finished: ${counts}.` };
}
