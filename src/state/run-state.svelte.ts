import type { RunId, RunProgress, RunStatus } from '../model';
import { PauseGate } from '../runner/pause-gate';

/** Reactive view of one run of an experiment cell. */
export class RunState {
  status = $state<RunStatus>('running');
  progress = $state.raw<RunProgress>({ total: 0, done: 0, failed: 0, startedAt: 0, elapsedMs: 0, etaMs: null });
  message = $state<string | null>(null);
  readonly controller = new AbortController();
  /** Holds the runner between calls while paused. */
  readonly gate = new PauseGate();
  /** Told when the run is paused or resumed, e.g. to tell other tabs. */
  onChange: (() => void) | null = null;
  /** Stores the trials that have arrived but wait for their batch's write (set once the runner starts). */
  flush: (() => Promise<void>) | null = null;

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

  get paused(): boolean {
    return this.progress.paused === true;
  }

  /** Calls in flight finish and are stored; no new call starts until resume. `reason`: why the run paused itself. */
  pause(reason?: string): void {
    if (!this.running || this.remote) return;
    this.gate.pause();
    this.progress = { ...this.progress, paused: true, ...(reason && { pauseReason: reason }) };
    this.onChange?.();
  }

  resume(): void {
    if (this.remote) return;
    this.gate.resume();
    const { pauseReason: _reason, ...progress } = this.progress;
    this.progress = { ...progress, paused: false };
    this.onChange?.();
  }

  cancel(): void {
    this.gate.resume();
    this.controller.abort();
  }
}
