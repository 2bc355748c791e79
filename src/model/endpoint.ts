import type { EndpointId } from './ids';

/** An OpenAI-compatible endpoint. The key lives only in this browser's store, apart from notebooks. */
export interface Endpoint {
  readonly id: EndpointId;
  readonly name: string;
  readonly baseURL: string;
  readonly apiKey: string;
  readonly createdAt: number;
  /** Requests per minute (default {@link DEFAULT_LIMITS}); lowered automatically by the endpoint's rate-limit headers. */
  readonly rpm?: number;
  /** Tokens per minute; unset means no token pacing. */
  readonly tpm?: number;
  /** Per-request timeout in seconds. */
  readonly timeoutSeconds?: number;
}

/** Pacing used when an endpoint sets none: generous for paid APIs, safe for a local server. */
export const DEFAULT_LIMITS = { rpm: 500, timeoutSeconds: 120 } as const;

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
