/**
 * One polling timer per key with exponential backoff: the first delay, doubled after each poll up
 * to the maximum. Bookkeeping, not state; `poll` is called when a key's timer fires.
 */
export class PollTimers {
  readonly #timers = new Map<string, { timer: ReturnType<typeof setTimeout> | null; delay: number }>();
  #disposed = false;

  constructor(
    private readonly ms: () => { readonly initial: number; readonly max: number },
    private readonly poll: (key: string) => void,
  ) {}

  /** Polls `key` after `delay` ms (replacing its pending timer). */
  schedule(key: string, delay: number): void {
    if (this.#disposed) return;
    const entry = this.#timers.get(key) ?? { timer: null, delay: this.ms().initial };
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.poll(key), delay);
    this.#timers.set(key, entry);
  }

  /** Polls again later, each time twice as late, up to the maximum. */
  backOff(key: string): void {
    const delay = this.#timers.get(key)?.delay ?? this.ms().initial;
    this.schedule(key, delay);
    const entry = this.#timers.get(key);
    if (entry) entry.delay = Math.min(delay * 2, this.ms().max);
  }

  /** Stops polling `key`; a later backOff starts again from the first delay. */
  stop(key: string): void {
    const timer = this.#timers.get(key)?.timer;
    if (timer) clearTimeout(timer);
    this.#timers.delete(key);
  }

  dispose(): void {
    this.#disposed = true;
    for (const { timer } of this.#timers.values()) if (timer) clearTimeout(timer);
    this.#timers.clear();
  }
}
