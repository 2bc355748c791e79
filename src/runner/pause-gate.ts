/**
 * Holds a run's workers between calls while it is paused. Calls already in flight finish and
 * are stored; no new call starts until `resume()`. Aborting releases waiting workers too.
 */
export class PauseGate {
  #paused = false;
  #release: (() => void) | null = null;
  #waiting: Promise<void> = Promise.resolve();

  get paused(): boolean {
    return this.#paused;
  }

  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#waiting = new Promise<void>((resolve) => (this.#release = resolve));
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#release?.();
    this.#release = null;
  }

  /** Resolves at once when running; when paused, on resume or when `signal` aborts. */
  wait(signal?: AbortSignal): Promise<void> {
    if (!this.#paused || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      signal?.addEventListener('abort', done, { once: true });
      void this.#waiting.then(done);
    });
  }
}
