import type { ValueView } from '../sandbox/protocol';
import type { SandboxCellObserver } from './sandbox-client';

/** The word the page holds back for a cell: computing again, with when it was first heard. */
interface Busy {
  readonly kind: 'pending' | 'running';
  readonly at: number;
}

/** What a cell's observer has been told by the sandbox but not yet applied to the page. */
interface Held {
  /** The latest value (null: none since the last application). */
  view: ValueView | null;
  /** Computing again since `view` (or since the last application). */
  busy: Busy | null;
}

/** How often, at most, a cell's output reaches the page while a run is live (ms). */
export const LIVE_OUTPUT_MS = 1000;

/**
 * Spaces the cell outputs the page applies while an experiment runs (issue 16). During a run the
 * sandbox recomputes the readers of the new trials every ~500 ms, and each recompute says
 * `pending` then `fulfilled`: applied as heard, every chart's view unmounts, its HTML is sanitised
 * and laid out again, and the page's layout jumps with it, about as often as the endpoint answers.
 * While `pacing`, the pacer keeps each cell's latest word (latest wins) and applies them together,
 * at most once per `intervalMs` per cell (one Svelte flush and one layout for all), and only for
 * cells on screen: an offscreen cell's output waits until it scrolls into view. A `pending` that
 * follows a value is held back as long as a newer value comes within an interval (so a live chart
 * does not flicker to "running" between updates), and applied once the cell has been computing
 * that long without one. When pacing stops (the run ends) every held word is applied at once, and
 * later ones go through as heard, so every cell ends on exactly its final output. Errors and
 * designs always go through at once (Run all reads them to choose the next experiment).
 */
export class OutputPacer {
  #pacing = false;
  readonly #held = new Map<string, Held>();
  readonly #observers = new Map<string, SandboxCellObserver>();
  readonly #hidden = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastTick = -Infinity;

  constructor(
    readonly intervalMs = LIVE_OUTPUT_MS,
    readonly now: () => number = () => Date.now(),
  ) {}

  /** The observer to give the sandbox for cell `id`: it routes values through the pacer to `observer`. */
  wrap(id: string, observer: SandboxCellObserver): SandboxCellObserver {
    this.#observers.set(id, observer);
    return {
      ...observer,
      pending: () => this.#busy(id, 'pending'),
      running: () => this.#busy(id, 'running'),
      fulfilled: (view) => this.#value(id, view),
      rejected: (error) => {
        this.#held.delete(id);
        this.#observers.get(id)?.rejected(error);
      },
    };
  }

  /** Whether outputs are paced now (a run is live); turning it off applies everything held. */
  setPacing(on: boolean): void {
    this.#pacing = on;
    if (on) return;
    this.#stopTimer();
    for (const id of [...this.#held.keys()]) this.#apply(id, true);
  }

  /** Whether the cell is on screen (unknown cells count as visible); a cell coming into view gets its output at once. */
  setVisible(id: string, visible: boolean): void {
    if (visible === !this.#hidden.has(id)) return;
    if (!visible) return void this.#hidden.add(id);
    this.#hidden.delete(id);
    if (this.#held.has(id)) this.#apply(id, true);
  }

  /** The cell is gone: nothing of it is applied any more. */
  forget(id: string): void {
    this.#held.delete(id);
    this.#observers.delete(id);
    this.#hidden.delete(id);
  }

  dispose(): void {
    this.#stopTimer();
    this.#held.clear();
  }

  #value(id: string, view: ValueView): void {
    if (!this.#pacing) return this.#observers.get(id)?.fulfilled(view);
    this.#hold(id, { view, busy: null });
  }

  #busy(id: string, kind: Busy['kind']): void {
    if (!this.#pacing) return this.#tell(id, kind);
    const held = this.#held.get(id);
    this.#hold(id, { view: held?.view ?? null, busy: { kind, at: held?.busy?.at ?? this.now() } });
  }

  #hold(id: string, held: Held): void {
    this.#held.set(id, held);
    if (this.#timer === null) this.#timer = setTimeout(this.#tick, Math.max(0, this.#lastTick + this.intervalMs - this.now()));
  }

  readonly #tick = (): void => {
    this.#timer = null;
    this.#lastTick = this.now();
    for (const id of [...this.#held.keys()]) if (!this.#hidden.has(id)) this.#apply(id, false);
    // Only what a later tick could apply keeps the clock going: offscreen cells wait to be seen or for the run's end.
    if ([...this.#held.keys()].some((id) => !this.#hidden.has(id))) this.#timer = setTimeout(this.#tick, this.intervalMs);
  };

  /** Applies the cell's held value; its held `pending` too when `all`, or when it has waited a whole interval without a value. */
  #apply(id: string, all: boolean): void {
    const held = this.#held.get(id);
    if (!held) return;
    if (held.view) this.#observers.get(id)?.fulfilled(held.view);
    const busy = held.busy;
    if (busy && (all || (!held.view && this.now() - busy.at >= this.intervalMs))) {
      this.#tell(id, busy.kind);
      this.#held.delete(id);
    } else if (busy) this.#held.set(id, { view: null, busy });
    else this.#held.delete(id);
  }

  #tell(id: string, kind: Busy['kind']): void {
    const observer = this.#observers.get(id);
    if (kind === 'pending') observer?.pending();
    else observer?.running?.();
  }

  #stopTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
