import type { Provider } from '../model';
import { ProviderError } from '../model';

/** Caps the calls in flight to one endpoint; shared by every run that calls it. */
export interface ConcurrencyLimit {
  /** Waits for a free slot; rejects with an aborted ProviderError on abort. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Calls in flight now. */
  inFlight(): number;
}

/** A counting semaphore with first-come, first-served waiters. */
export function createConcurrencyLimit(max: number): ConcurrencyLimit {
  if (!Number.isInteger(max) || max < 1) throw new Error(`Concurrency must be a whole number of at least 1 (got ${max})`);
  let active = 0;
  const waiters: (() => void)[] = [];
  const release = () => {
    active--;
    waiters.shift()?.();
  };
  return {
    inFlight: () => active,
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(new ProviderError('Request aborted', 'aborted'));
      if (active < max) {
        active++;
        return Promise.resolve(once(release));
      }
      return new Promise((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener('abort', abort);
          active++;
          resolve(once(release));
        };
        const abort = () => {
          const i = waiters.indexOf(grant);
          if (i >= 0) waiters.splice(i, 1);
          reject(new ProviderError('Request aborted', 'aborted'));
        };
        waiters.push(grant);
        signal?.addEventListener('abort', abort, { once: true });
      });
    },
  };
}

function once(f: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    f();
  };
}

/**
 * Holds each chat call until the endpoint has a free slot. Place it inside withRetry, so a
 * call waiting out a Retry-After does not hold a slot other runs could use.
 */
export function withConcurrency(provider: Provider, limit: ConcurrencyLimit): Provider {
  return {
    listModels: (signal) => provider.listModels(signal),
    async chat(request) {
      const release = await limit.acquire(request.signal);
      try {
        return await provider.chat(request);
      } finally {
        release();
      }
    },
  };
}
