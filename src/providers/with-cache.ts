import type { CachedReply, Provider } from '../model';
import { stableHash } from '../experiments/stable-hash';

/** Where cached replies live (the Store's cache methods). */
export interface ReplyCache {
  getCached(key: string): Promise<CachedReply | undefined>;
  putCached(reply: CachedReply): Promise<void>;
}

/**
 * Answers a chat call from the response cache when the same request was answered before: same
 * base URL, model, messages, sampling parameters and repetition index. Only successful replies
 * are cached; a cache that cannot be read or written never fails the call. A cached result is
 * returned with `cached: true` and latency 0, so trials say where they came from.
 */
export function withCache(provider: Provider, cache: ReplyCache, baseURL: string): Provider {
  return {
    listModels: (signal) => provider.listModels(signal),
    async chat(request) {
      const key = cacheKey(baseURL, request);
      const hit = await cache.getCached(key).catch(() => undefined);
      if (hit) return { ...hit.result, latencyMs: 0, cached: true };
      const result = await provider.chat(request);
      await cache.putCached({ key, result, storedAt: Date.now() }).catch(() => undefined);
      return result;
    },
  };
}

/** The cache key of a request: a hash of everything that makes it the same sample. */
export function cacheKey(baseURL: string, request: Parameters<Provider['chat']>[0]): string {
  const { temperature, maxTokens, seed, stop, n } = request.params;
  // `n` joins the key only when set, so replies cached before it existed still match.
  return stableHash(JSON.stringify([baseURL, request.model, request.messages, { temperature, maxTokens, seed, stop, ...(n !== undefined && n > 1 && { n }) }, request.repetition ?? 1, request.simulation ?? null]));
}

