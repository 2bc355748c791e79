import type { Provider } from '../model';
import type { RateLimiter } from './rate-limiter';

/**
 * Paces chat calls through an endpoint's rate limiter: each call first acquires one request and
 * its estimated tokens (prompt characters / 4 plus the completion budget), and the limiter
 * learns from the rate-limit headers of every reply. Place it inside withRetry, so retries are
 * paced too.
 */
export function withRateLimit(provider: Provider, limiter: RateLimiter): Provider {
  return {
    listModels: (signal) => provider.listModels(signal),
    async chat(request) {
      const prompt = request.messages.reduce((n, m) => n + m.content.length, 0) / 4;
      // Each of the `n` responses may use the whole completion budget.
      await limiter.acquire(Math.ceil(prompt + (request.params.maxTokens ?? 256) * Math.max(1, request.params.n ?? 1)), request.signal);
      const result = await provider.chat(request);
      limiter.learn(result.rateLimit);
      return result;
    },
  };
}
