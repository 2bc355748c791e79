import type { EndpointId } from './ids';

/** An OpenAI-compatible endpoint. The key lives only in this browser's store, apart from notebooks. */
export interface Endpoint {
  readonly id: EndpointId;
  readonly name: string;
  readonly baseURL: string;
  readonly apiKey: string;
  readonly createdAt: number;
  /** Requests per minute; unset means none beyond what the endpoint's rate-limit headers say. */
  readonly rpm?: number;
  /** Tokens per minute; unset means no token pacing. */
  readonly tpm?: number;
  /** Per-request timeout in seconds. */
  readonly timeoutSeconds?: number;
  /** Requests in flight at once to this endpoint, across all runs (default 4). */
  readonly concurrency?: number;
  /** Batch API input files hold one model each (some OpenAI-compatible providers require it). */
  readonly batchOneModelPerFile?: boolean;
  /** US$ this endpoint may spend per local day (counted from returned usage at the notebook's prices). */
  readonly spendLimitDayUsd?: number;
  /** US$ one run on this endpoint may spend; the run pauses when its next call could pass it. */
  readonly spendLimitRunUsd?: number;
  /** A run, Run all or batch estimated above this many US$ (or at an unknown cost) asks first. */
  readonly confirmAboveUsd?: number;
}

/**
 * Defaults when an endpoint sets none: no pacing of our own (a local server has no limits; a
 * hosted API's `x-ratelimit-*` headers teach the limiter its limits on the first reply, and 429s
 * are retried after Retry-After), a two-minute timeout, enough for a long answer, and four
 * requests in flight per endpoint.
 */
export const DEFAULT_LIMITS = { timeoutSeconds: 120, concurrency: 4 } as const;

/** OpenAI's API, the default base URL of a new endpoint. */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Shows a key as `sk-…abcd` so a user can tell keys apart without exposing them. */
export function maskKey(key: string): string {
  if (key.length === 0) return '(no key)';
  if (key.length <= 8) return '•'.repeat(key.length);
  return `${key.slice(0, 3)}…${key.slice(-4)}`;
}

/**
 * The built-in offline endpoint: the simulated participant. Always present, needs no key, makes
 * no network request, and is labelled "simulated" wherever it appears.
 */
export const SIMULATED_ENDPOINT: Endpoint = {
  id: 'simulated' as EndpointId,
  name: 'simulated',
  baseURL: 'simulated://participant',
  apiKey: '',
  createdAt: 0,
};
