import type { ChatMessage, SamplingParams } from './experiment';
import type { ErrorKind } from './trial';

/** One chat completion request. Each call is a fresh conversation made of `messages`. */
export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly params: SamplingParams;
  readonly signal?: AbortSignal;
  /** Simulation parameters, read only by the simulated provider. */
  readonly simulation?: Readonly<Record<string, unknown>>;
  /** Which repetition this call is: part of the response-cache key, so repetitions are separate samples. */
  readonly repetition?: number;
}

/** One of several responses a call returned (the API's `choices` when `n` > 1). */
export interface ChatChoice {
  readonly text: string;
  readonly finishReason: string | null;
  /** This response's own completion tokens, where the endpoint says (the API reports only the total). */
  readonly completionTokens?: number | null;
}

/** What a completed chat call returned. */
export interface ChatResult {
  readonly text: string;
  readonly finishReason: string | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  /** Model id as the API returned it. */
  readonly model: string | null;
  readonly latencyMs: number;
  /** What the endpoint said of its rate limits (`x-ratelimit-*` headers), when it said anything. */
  readonly rateLimit?: RateLimitInfo;
  /** True when the reply came from the response cache, not the endpoint. */
  readonly cached?: boolean;
  /**
   * Every response when more than one was asked for (`params.n`), the first being `text`;
   * token counts then cover them all. May hold fewer than asked when the endpoint ignores `n`.
   */
  readonly choices?: readonly ChatChoice[];
}

/** An endpoint's rate-limit headers, read: limits per minute, what remains, and when it resets (ms). */
export interface RateLimitInfo {
  readonly requests?: { readonly limit: number | null; readonly remaining: number | null; readonly resetMs: number | null };
  readonly tokens?: { readonly limit: number | null; readonly remaining: number | null; readonly resetMs: number | null };
}

/** The LLM boundary: everything above it talks to models only through this. */
export interface Provider {
  chat(request: ChatRequest): Promise<ChatResult>;
  /** The endpoint's model ids (`GET /models`). */
  listModels(signal?: AbortSignal): Promise<string[]>;
}

/** Connection settings a provider is made from. */
export interface ProviderConfig {
  readonly baseURL: string;
  readonly apiKey: string;
  /** Per-request timeout in milliseconds. */
  readonly timeoutMs?: number;
  /** Retries on 429/5xx/network errors before a call counts as failed. */
  readonly maxRetries?: number;
  /** Stream replies over server-sent events (tokens arrive as they are generated). */
  readonly stream?: boolean;
  /** Requests per minute allowed to this endpoint (user-set; lowered by what the endpoint's headers say). */
  readonly rpm?: number;
  /** Tokens per minute allowed to this endpoint (prompt plus max completion tokens). */
  readonly tpm?: number;
  /** Requests in flight at once to this endpoint, across all runs. */
  readonly concurrency?: number;
}

/** Makes a provider for an endpoint; chosen in `main.ts`. */
export type ProviderFactory = (config: ProviderConfig) => Provider;

/** A failed provider call, classified. Messages never contain the API key. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
    readonly status: number | null = null,
    /** How long the server asked us to wait before retrying (Retry-After), in ms. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** How an HTTP error status is classified (401 → auth, 429 → rate-limit, 5xx → server …). */
export function errorKindOfStatus(status: number | null): ErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limit';
  if (status === 408) return 'timeout';
  if (status !== null && status >= 500) return 'server';
  if (status !== null && status >= 400) return 'bad-request';
  return 'unknown';
}
