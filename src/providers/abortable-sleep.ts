import { ProviderError } from '../model';

/** Waits `ms`, or rejects with an `aborted` ProviderError as soon as the signal aborts. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ProviderError('Cancelled', 'aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ProviderError('Cancelled', 'aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
