import type { Provider } from '../model';
import { ProviderError } from '../model';
import { abortableSleep } from './abortable-sleep';

export interface RetryOptions {
  /** Retries after the first attempt (default 4). */
  readonly maxRetries?: number;
  /** First backoff in ms, doubled each retry with full jitter (default 500). */
  readonly baseDelayMs?: number;
  /** Upper bound of one wait, also for Retry-After (default 60 s). */
  readonly maxDelayMs?: number;
  /** Told before each wait, so the UI can say "rate limited, retrying in 4 s". */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: ProviderError }) => void;
  readonly random?: () => number;
}

const RETRYABLE = new Set(['rate-limit', 'server', 'timeout', 'network']);

/**
 * Retries chat calls that failed for a passing reason (429, 5xx, timeout, network drop) with
 * exponential backoff and full jitter, waiting at least what the server's Retry-After asks.
 * Auth, bad-request and not-found errors fail at once; an aborted signal stops the waiting.
 */
export function withRetry(provider: Provider, options: RetryOptions = {}): Provider {
  const { maxRetries = 4, baseDelayMs = 500, maxDelayMs = 60_000, onRetry, random = Math.random } = options;
  return {
    listModels: (signal) => provider.listModels(signal),
    async chat(request) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await provider.chat(request);
        } catch (error) {
          if (!(error instanceof ProviderError) || !RETRYABLE.has(error.kind) || attempt >= maxRetries || request.signal?.aborted) throw error;
          const backoff = random() * baseDelayMs * 2 ** attempt;
          const delayMs = Math.min(maxDelayMs, Math.max(backoff, error.retryAfterMs ?? 0));
          onRetry?.({ attempt: attempt + 1, delayMs, error });
          await abortableSleep(delayMs, request.signal);
        }
      }
    },
  };
}
