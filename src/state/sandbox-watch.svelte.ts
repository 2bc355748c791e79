/** How often the page asks the sandbox for a heartbeat, in ms. */
export const HEARTBEAT_MS = 1000;
/** Silence after which the sandbox counts as stopped (an endless loop, out of memory, a crash), in ms. */
export const STOPPED_AFTER_MS = 10_000;

/**
 * Watches that the sandbox still answers. The sandbox runs in its own process in Chromium, so
 * the page stays live while cell code loops or runs out of memory there; this is how the page
 * notices: a `ping` every second, answered at once by a sandbox that is not held. `now` ticks
 * with it, so the page can say how long a cell has been running.
 */
export class SandboxWatch {
  /** performance.now() at the last tick. */
  now = $state(performance.now());
  /** True once the sandbox has not answered for STOPPED_AFTER_MS; false again if it answers. */
  stopped = $state(false);

  /**
   * When the oldest unanswered ping was sent (null: all answered). Silence is counted from a ping,
   * not from the last answer, so timers slowed in a background tab do not look like a stop.
   */
  #waitingSince: number | null = null;
  #seq = 0;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(ping: (seq: number) => void) {
    this.#timer = setInterval(() => {
      this.now = performance.now();
      if (this.#waitingSince !== null && this.now - this.#waitingSince >= STOPPED_AFTER_MS) this.stopped = true;
      this.#waitingSince ??= this.now;
      ping(++this.#seq);
    }, HEARTBEAT_MS);
  }

  /** The sandbox answered a ping. */
  answered(): void {
    this.#waitingSince = null;
    if (this.stopped) this.stopped = false;
  }

  dispose(): void {
    clearInterval(this.#timer);
  }
}
