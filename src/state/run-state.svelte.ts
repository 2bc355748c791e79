import type { RunId, RunProgress, RunStatus } from '../model';

/** Reactive view of one run of an experiment cell. */
export class RunState {
  status = $state<RunStatus>('running');
  progress = $state.raw<RunProgress>({ total: 0, done: 0, failed: 0, startedAt: 0, elapsedMs: 0, etaMs: null });
  message = $state<string | null>(null);
  readonly controller = new AbortController();

  constructor(
    readonly runId: RunId,
    total: number,
    startedAt: number,
    /** True for a run going on in another tab, shown here read-only. */
    readonly remote = false,
  ) {
    this.progress = { total, done: 0, failed: 0, startedAt, elapsedMs: 0, etaMs: null };
  }

  get running(): boolean {
    return this.status === 'running';
  }

  cancel(): void {
    this.controller.abort();
  }
}
