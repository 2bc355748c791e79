import type { CellId, RunProgress, RunStatus } from '../model';
import type { RunAllStatus } from './notebook-runs.svelte';

/** What "run all" shows at the top: experiments finished of all, and the calls of all of them as one run. */
export interface RunAllProgress {
  readonly experimentsDone: number;
  readonly experimentsTotal: number;
  readonly status: RunStatus;
  /** Calls summed over the experiments' runs; `total` counts the calls still to make of experiments not started yet. */
  readonly progress: RunProgress;
}

/** The part of a run "run all" reads. */
interface RunView {
  readonly status: RunStatus;
  readonly progress: RunProgress;
}

/**
 * Sums the runs "run all" started (those that began after it did) into one progress, and adds
 * what each experiment still waiting will send (`pending`: its plan's calls without an outcome,
 * null while its design is not ready). The ETA is the elapsed time scaled to the calls left.
 */
export function runAllProgress(status: RunAllStatus, runs: ReadonlyMap<CellId, RunView>, pending: (id: CellId) => number | null, now: number): RunAllProgress {
  let total = 0, done = 0, failed = 0, promptTokens = 0, completionTokens = 0, cached = 0;
  let cost: number | null | undefined;
  let paused = false;
  for (const [i, id] of status.cells.entries()) {
    const run = runs.get(id);
    if (run && run.progress.startedAt >= status.startedAt) {
      const p = run.progress;
      total += p.total;
      done += p.done;
      failed += p.failed;
      promptTokens += p.promptTokens ?? 0;
      completionTokens += p.completionTokens ?? 0;
      cached += p.cached ?? 0;
      if (p.costUsd !== undefined) cost = cost === null || p.costUsd === null ? null : (cost ?? 0) + p.costUsd;
      paused ||= run.status === 'running' && p.paused === true;
    } else if (i >= status.finished) {
      total += pending(id) ?? 0;
    }
  }
  const elapsedMs = Math.max(0, (status.endedAt ?? now) - status.startedAt);
  const finishedCalls = done + failed;
  const etaMs = status.running && finishedCalls > 0 ? (elapsedMs * Math.max(0, total - finishedCalls)) / finishedCalls : null;
  const stopped = status.cells.some((id) => runs.get(id)?.status === 'cancelled' && runs.get(id)!.progress.startedAt >= status.startedAt);
  return {
    experimentsDone: Math.min(status.finished, status.cells.length),
    experimentsTotal: status.cells.length,
    status: status.running ? 'running' : stopped ? 'cancelled' : 'done',
    progress: {
      total, done, failed, startedAt: status.startedAt, elapsedMs, etaMs, promptTokens, completionTokens, cached,
      ...(cost !== undefined ? { costUsd: cost } : {}),
      ...(paused ? { paused: true } : {}),
    },
  };
}
