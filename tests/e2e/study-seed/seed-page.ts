/**
 * A page served from the app's origin (so it shares the app's IndexedDB) that writes simulated
 * trials for the study notebook's real designs through the store's public API: each design is
 * expanded as the app expands it, answered by the simulated participant through the real runner
 * (so trials have the shape and keys of a live run), and stored with `putTrials` in big batches.
 * Progress goes to the console (the bench prints it on stderr).
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

const heapMb = () => Math.round(((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20);

async function seedStudy(notebookId: string, cells: readonly SeedCell[]): Promise<SeedResult[]> {
  const store = createDexieStore({});
  const baseURL = normalizeBaseURL(SIMULATED_ENDPOINT.baseURL);
  const provider = createSimulatedProvider();
  const current = new Map<string, Trial[]>();
  // Only the trials a later design reads are kept (with their messages): the rest are in the store.
  const read = new Set(cells.flatMap((c) => (c.upstream ? [c.upstream.name] : [])));
  const out: SeedResult[] = [];
  for (const c of cells) {
    const t0 = performance.now();
    let spec = c.spec;
    if (c.upstream) {
      // What the notebook passes: the upstream experiment's table (all its current trials, or the control's).
      const rows = trialTable(current.get(c.upstream.name) ?? []).objects() as Record<string, unknown>[];
      spec = { ...spec, [c.upstream.field]: c.upstream.onlyControl ? rows.filter((r) => r.condition === 'none') : rows };
    }
    const plan = expandPlan(validateSpec(spec), { baseURL });
    const expandMs = performance.now() - t0;
    const trials: Trial[] = [];
    const keep = read.has(c.name);
    let written = 0;
    let writing = 0;
    let lastSaid = performance.now();
    let firstError: string | undefined;
    const summary = await runPlan({
      // Never paused by failures in a row: every planned trial is written, a failed one as failed (its message says why).
      plan, provider, concurrency: 64, batchSize: 5000, flushMs: 5000, parse: readPlannedReply, maxConsecutiveFailures: Infinity,
      persist: async (batch) => {
        written += batch.length;
        for (const t of batch) {
          if (keep) trials.push(t);
          if (t.status === 'failed') firstError ??= t.errorMessage ?? t.errorKind ?? 'failed';
        }
        const w = performance.now();
        await store.putTrials(batch, { fresh: true });
        writing += performance.now() - w;
        if (performance.now() - lastSaid > 10_000) {
          lastSaid = performance.now();
          console.log(`seed ${c.name}: ${written} of ${plan.length} written, ${((performance.now() - t0) / 1000).toFixed(0)} s (putTrials ${(writing / 1000).toFixed(0)} s), heap ${heapMb()} MB`);
        }
      },
      context: { runId: newRunId(), notebookId: asNotebookId(notebookId), cellId: asCellId(c.cellId), endpointName: SIMULATED_ENDPOINT.name, baseURL },
    });
    if (keep) current.set(c.name, currentTrials(trials, plan));
    const seconds = (performance.now() - t0) / 1000;
    console.log(`seed ${c.name}: ${written} trials in ${seconds.toFixed(1)} s: plan ${(expandMs / 1000).toFixed(1)} s, putTrials ${(writing / 1000).toFixed(1)} s; heap ${heapMb()} MB`);
    out.push({ name: c.name, planned: plan.length, status: summary.status, message: firstError ?? summary.message, failed: summary.failed, trials: written, seconds, writeSeconds: writing / 1000 });
  }
  return out;
}

(window as unknown as { seedStudy: typeof seedStudy }).seedStudy = seedStudy;
