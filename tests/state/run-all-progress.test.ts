import { describe, expect, it } from 'vitest';
import { asCellId, type CellId, type RunProgress, type RunStatus } from '../../src/model';
import { runAllProgress } from '../../src/state/run-all-progress';
import type { RunAllStatus } from '../../src/state/notebook-runs.svelte';

const [a, b, c] = ['a', 'b', 'c'].map(asCellId);
const run = (status: RunStatus, p: Partial<RunProgress>) => ({ status, progress: { total: 0, done: 0, failed: 0, startedAt: 1000, elapsedMs: 0, etaMs: null, ...p } });
const status = (s: Partial<RunAllStatus>): RunAllStatus => ({ running: true, current: null, skipped: [], startedAt: 1000, cells: [a, b, c], finished: 0, ...s });

describe('runAllProgress', () => {
  it('adds the runs of this run-all and the calls still planned by experiments not started', () => {
    const runs = new Map<CellId, ReturnType<typeof run>>([
      [a, run('done', { total: 10, done: 9, failed: 1, costUsd: 0.5, promptTokens: 100, completionTokens: 20 })],
      [b, run('running', { total: 20, done: 5, failed: 0, costUsd: 0.25, promptTokens: 50, completionTokens: 10 })],
    ]);
    const all = runAllProgress(status({ finished: 1, current: 'b' }), runs, (id) => (id === c ? 30 : 999), 31_000);
    expect(all).toMatchObject({ experimentsDone: 1, experimentsTotal: 3, status: 'running' });
    expect(all.progress).toMatchObject({ total: 60, done: 14, failed: 1, elapsedMs: 30_000, costUsd: 0.75, promptTokens: 150, completionTokens: 30 });
    // 15 calls in 30 s: the 45 left take 90 s more.
    expect(all.progress.etaMs).toBe(90_000);
  });

  it('leaves out runs from before this run-all, and skipped experiments’ plans', () => {
    const runs = new Map([[a, run('done', { total: 10, done: 10, startedAt: 500 })]]);
    const all = runAllProgress(status({ finished: 2, skipped: ['b: no valid design'] }), runs, (id) => (id === c ? 7 : 100), 2000);
    expect(all.progress).toMatchObject({ total: 7, done: 0, failed: 0, etaMs: null });
    expect('costUsd' in all.progress).toBe(false);
  });

  it('says stopped when a run was cancelled, and a cost without a price stays unknown', () => {
    const runs = new Map([[a, run('done', { total: 2, done: 2, costUsd: null })], [b, run('cancelled', { total: 4, done: 1, costUsd: 0.1 })]]);
    const all = runAllProgress(status({ running: false, finished: 1, endedAt: 5000 }), runs, () => 3, 99_000);
    expect(all).toMatchObject({ status: 'cancelled', experimentsDone: 1 });
    expect(all.progress).toMatchObject({ total: 9, done: 3, elapsedMs: 4000, costUsd: null, etaMs: null });
  });
});
