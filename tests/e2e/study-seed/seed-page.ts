/**
 * A page served from the app's origin (so it shares the app's IndexedDB) that writes simulated
 * trials for the study notebook's real designs through the store's public API: each design is
 * expanded as the app expands it, answered by the simulated participant through the real runner
 * (so trials have the shape and keys of a live run), and stored with `putTrials` in big batches.
 */
import { createDexieStore } from '../../../src/store';
import { createSimulatedProvider } from '../../../src/providers/simulated';
import { runPlan } from '../../../src/runner/run-plan';
import { readPlannedReply } from '../../../src/runner/trial-outcome';
import { expandPlan } from '../../../src/experiments/expand-plan';
import { validateSpec } from '../../../src/experiments/validate-spec';
import { currentTrials, trialTable } from '../../../src/experiments/trial-table';
import { asCellId, asNotebookId, newRunId, normalizeBaseURL, SIMULATED_ENDPOINT, type Trial } from '../../../src/model';
import type { SeedCell, SeedResult } from './seed-types';

async function seedStudy(notebookId: string, cells: readonly SeedCell[]): Promise<SeedResult[]> {
  const store = createDexieStore({});
  const baseURL = normalizeBaseURL(SIMULATED_ENDPOINT.baseURL);
  const provider = createSimulatedProvider();
  const current = new Map<string, Trial[]>();
  const out: SeedResult[] = [];
  for (const c of cells) {
    let spec = c.spec;
    if (c.upstream) {
      // What the notebook passes: the upstream experiment's table (all its current trials, or the control's).
      const rows = trialTable(current.get(c.upstream.name) ?? []).objects() as Record<string, unknown>[];
      spec = { ...spec, [c.upstream.field]: c.upstream.onlyControl ? rows.filter((r) => r.condition === 'none') : rows };
    }
    const plan = expandPlan(validateSpec(spec), { baseURL });
    const trials: Trial[] = [];
    const t0 = performance.now();
    let writing = 0;
    let firstError: string | undefined;
    const summary = await runPlan({
      // Never paused by failures in a row: every planned trial is written, a failed one as failed (its message says why).
      plan, provider, concurrency: 64, batchSize: 5000, flushMs: 5000, parse: readPlannedReply, maxConsecutiveFailures: Infinity,
      persist: async (batch) => {
        for (const t of batch) {
          trials.push(t);
          if (t.status === 'failed') firstError ??= t.errorMessage ?? t.errorKind ?? 'failed';
        }
        const w = performance.now();
        await store.putTrials(batch);
        writing += performance.now() - w;
      },
      context: { runId: newRunId(), notebookId: asNotebookId(notebookId), cellId: asCellId(c.cellId), endpointName: SIMULATED_ENDPOINT.name, baseURL },
    });
    current.set(c.name, currentTrials(trials, plan));
    out.push({ name: c.name, planned: plan.length, status: summary.status, message: firstError ?? summary.message, failed: summary.failed, trials: trials.length, seconds: (performance.now() - t0) / 1000, writeSeconds: writing / 1000 });
  }
  return out;
}

(window as unknown as { seedStudy: typeof seedStudy }).seedStudy = seedStudy;
