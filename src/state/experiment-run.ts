import type { Endpoint, ExperimentCell, ExperimentSpec, Notebook, PlannedTrial, ProviderFactory, Run, RunProvenance, Store, Trial, TrialId } from '../model';
import { DEFAULT_LIMITS, endpointIdentity, localDay, newRunId, normalizeBaseURL, SIMULATED_ENDPOINT } from '../model';
import { withCache } from '../providers/with-cache';
import { batchedReplyCache } from '../providers/batched-reply-cache';
import { withKeyRedaction } from '../providers/with-key-redaction';
import { expandPlan } from '../experiments/expand-plan';
import { expandPlanInChunks } from '../experiments/expand-plan-chunked';
import { PLAN_CONFIRM_CALLS, planSize } from '../experiments/plan-size';
import { readPlannedReply } from '../runner/trial-outcome';
import { runPlan } from '../runner/run-plan';
import { RunState } from './run-state.svelte';
import { startProvenance } from './run-provenance';
import { callEstimateUsd, spendLimitOf, trialsCostUsd } from './spend-limit';
import { spendCheck } from './spend-check';

/** Everything one run of an experiment cell needs. */
export interface ExperimentRunRequest {
  /** The notebook as it is when the run starts (its hash goes into the run's provenance). */
  readonly notebook: Notebook;
  readonly cell: ExperimentCell;
  readonly spec: ExperimentSpec;
  /** Bypass the response cache and call the endpoint for every planned trial. */
  readonly fresh?: boolean;
  readonly deps: { readonly store: Store; readonly providerFactory: ProviderFactory; endpoints(): readonly Endpoint[] };
  /** Receives the run's reactive state as soon as it exists. */
  onRun(run: RunState): void;
  /** Told of every progress update and of the end, e.g. to tell other tabs. */
  onUpdate?(run: RunState): void;
  /** Receives each batch of trials after it is stored. */
  onTrials(trials: readonly Trial[]): void;
  /** A fresh run deleted these stored trials (the current plan's; other plans' trials stay). */
  onDeleted?(ids: ReadonlySet<TrialId>): void;
}

/**
 * Runs the part of the cell's plan that has no outcome yet (completed trials are never sent
 * again, so a run interrupted by a reload resumes where it stopped), recording the run.
 */
export async function startExperimentRun(req: ExperimentRunRequest): Promise<RunState> {
  const startedAt = Date.now();
  const endpoint = req.deps.endpoints().find((e) => e.name === req.spec.endpoint);
  // The plan is for the endpoint the name means now: trials another endpoint answered are not its results.
  const identity = endpoint ? { baseURL: normalizeBaseURL(endpoint.baseURL) } : endpointIdentity(req.spec.endpoint, {});
  // A large plan is made in chunks, the page drawing and answering between them.
  const plan = planSize(req.spec) > PLAN_CONFIRM_CALLS ? await expandPlanInChunks(req.spec, identity, () => new Promise((r) => setTimeout(r, 0))) : expandPlan(req.spec, identity);
  if (req.fresh) await deletePlanTrials(req, plan);
  const done = await req.deps.store.completedKeys(req.notebook.id, req.cell.id);
  const todo = plan.filter((p) => !done.has(p.key));
  const state = new RunState(newRunId(), todo.length, startedAt);
  state.onChange = () => req.onUpdate?.(state);
  req.onRun(state);
  try {
    return await runTodo(req, state, startedAt, plan.length, todo);
  } catch (error) {
    // A run that cannot start (or breaks off) ends as failed, so Pause and Cancel never linger.
    finish(state, 'failed', `The run stopped: ${(error as Error).message}`);
    req.onUpdate?.(state);
    return state;
  }
}

/**
 * A fresh run starts its plan over: the trials of the current plan are deleted. Trials of an
 * earlier design, endpoint or model list are other plans' results and stay.
 */
async function deletePlanTrials(req: ExperimentRunRequest, plan: readonly PlannedTrial[]): Promise<void> {
  const keys = new Set(plan.map((p) => p.key));
  const stored = await req.deps.store.trialsForAnalysis(req.notebook.id, req.cell.id);
  const ids = stored.filter((t) => keys.has(t.key)).map((t) => t.id);
  await req.deps.store.deleteTrials(ids);
  req.onDeleted?.(new Set(ids));
}

async function runTodo(req: ExperimentRunRequest, state: RunState, startedAt: number, planned: number, todo: ReturnType<typeof expandPlan>): Promise<RunState> {
  const { store, providerFactory } = req.deps;
  const notebookId = req.notebook.id;
  const endpoint = req.deps.endpoints().find((e) => e.name === req.spec.endpoint);
  const baseURL = endpoint ? normalizeBaseURL(endpoint.baseURL) : '';
  const concurrency = req.spec.concurrency ?? endpoint?.concurrency ?? DEFAULT_LIMITS.concurrency;
  const provenance = await startProvenance(req.notebook, req.spec, endpoint, startedAt);
  const responseModels = new Set<string>();
  const limits = endpoint && spendLimitOf(endpoint);
  const provenanceNow = (endedAt: number | null): RunProvenance => ({ ...provenance, responseModels: [...responseModels], endedAt });

  const record = (patch: Partial<Run>): Run => ({
    id: state.runId,
    notebookId: notebookId,
    cellId: req.cell.id,
    status: state.status,
    planned: todo.length,
    done: state.progress.done,
    failed: state.progress.failed,
    startedAt,
    endedAt: null,
    endpointName: req.spec.endpoint,
    baseURL,
    models: [...req.spec.models],
    message: state.message,
    settings: { concurrency, rpm: endpoint?.rpm ?? null, tpm: endpoint?.tpm ?? null, fresh: req.fresh ?? false },
    provenance: provenanceNow(null),
    ...(limits && { spendLimit: limits }),
    ...patch,
  });

  if (!endpoint) {
    const names = req.deps.endpoints().map((e) => `'${e.name}'`).join(', ') || 'none yet';
    return finish(state, 'failed', `No endpoint named '${req.spec.endpoint}'. Add it in Settings (configured: ${names}).`);
  }
  if (todo.length === 0) return finish(state, 'done', `All ${planned} planned trials already have results.`);

  // Redacted before the cache, so an echoed key is stored nowhere, and after it, for replies cached before redaction existed.
  const endpointProvider = withKeyRedaction(providerFactory({
    baseURL: endpoint.baseURL,
    apiKey: endpoint.apiKey,
    ...(endpoint.rpm !== undefined && { rpm: endpoint.rpm }),
    ...(endpoint.tpm !== undefined && { tpm: endpoint.tpm }),
    timeoutMs: (endpoint.timeoutSeconds ?? DEFAULT_LIMITS.timeoutSeconds) * 1000,
    concurrency: endpoint.concurrency ?? DEFAULT_LIMITS.concurrency,
  }), endpoint.apiKey);
  await store.putRun(record({}));
  // The simulated participant is deterministic and free: caching it would only fill storage.
  const simulated = endpoint.baseURL === SIMULATED_ENDPOINT.baseURL;
  const cacheable = !req.fresh && !simulated;
  const cache = batchedReplyCache(store);
  const provider = cacheable ? withKeyRedaction(withCache(endpointProvider, cache, endpoint.baseURL), endpoint.apiKey) : endpointProvider;
  const prices = simulated ? undefined : req.spec.prices;
  const endpointNow = () => req.deps.endpoints().find((e) => e.name === endpoint.name);
  // The day's total as last stored (all runs) and this run's part of it: the others' spend is their difference.
  const day = { stored: limits ? await store.daySpend(endpoint.name, localDay()) : 0, mine: 0 };
  const limited = limits && {
    spendCheck: spendCheck(endpointNow, () => Math.max(0, day.stored - day.mine)),
    callEstimateUsd: await callEstimateUsd(req.spec),
    onSpendPause: (message: string) => {
      state.pause(message);
      void store.putRun(record({ message })).catch(() => undefined);
    },
  };
  const summary = await runPlan({
    plan: todo,
    provider,
    context: { runId: state.runId, notebookId, cellId: req.cell.id, endpointName: endpoint.name, baseURL },
    parse: readPlannedReply,
    persist: async (trials) => {
      // The runner gives every trial a new id (newTrialId).
      await store.putTrials(trials, { fresh: true });
      // The day's spend is stored with the trials, so a reload (or another run) counts it.
      const spent = prices ? trialsCostUsd(trials, prices) : 0;
      if (spent > 0) {
        day.stored = await store.addDaySpend(endpoint.name, localDay(), spent);
        day.mine += spent;
      }
      for (const t of trials) if (t.responseModel) responseModels.add(t.responseModel);
      req.onTrials(trials);
    },
    concurrency,
    onFlushable: (flush) => (state.flush = flush),
    signal: state.controller.signal,
    gate: state.gate,
    // The simulated participant is free: no cost line ("$0.00 so far") for it.
    ...(prices && { prices }),
    ...limited,
    onProgress: (p) => {
      state.progress = p;
      req.onUpdate?.(state);
    },
  });
  await cache.flush();
  const status = summary.status === 'done' ? 'done' : summary.status === 'cancelled' ? 'cancelled' : 'failed';
  finish(state, status, req.fresh ? `Fresh run (response cache bypassed). ${summary.message}` : summary.message);
  req.onUpdate?.(state);
  const costUsd = state.progress.costUsd;
  const endedAt = Date.now();
  await store.putRun(record({ status, endedAt, done: summary.done, failed: summary.failed, provenance: provenanceNow(endedAt), ...(costUsd !== undefined && { costUsd }) })).catch(() => undefined);
  return state;
}

function finish(state: RunState, status: RunState['status'], message: string | null): RunState {
  state.status = status;
  state.message = message;
  return state;
}
