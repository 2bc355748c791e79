/**
 * Calls `fn` at most once per `ms`, always including a trailing call, so that the last update
 * is never lost (live plots must end showing every trial). `ms` may be a function, read at each
 * call, so the interval can adapt (e.g. to how long the last update took).
 */
export function throttle(fn: () => void, ms: number | (() => number)): { (): void; flush(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  const run = () => {
    timer = null;
    last = Date.now();
    fn();
  };
  const throttled = () => {
    if (timer !== null) return;
    const wait = Math.max(0, last + (typeof ms === 'function' ? ms() : ms) - Date.now());
    timer = setTimeout(run, wait);
  };
  throttled.flush = () => {
    if (timer !== null) {
      clearTimeout(timer);
      run();
    }
  };
  throttled.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return throttled;
}
