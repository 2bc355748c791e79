import { ProviderError } from '../model';

/** What stands in for a key wherever an endpoint echoed it. */
export const KEY_PLACEHOLDER = '[API key]';

/**
 * Keys shorter than this are not searched for in replies: the placeholders local servers take
 * ("EMPTY", "none", "x") are no secret, and replacing every "none" in a reply would change data.
 */
const MIN_KEY_LENGTH = 8;

/**
 * `value` with every occurrence of the API key replaced by `[API key]`: in strings, in arrays and
 * plain objects at any depth (a reply's text, model id, parsed fields …), and in an error's
 * message. Anything else is returned as it is. Endpoints echo keys (in error messages, in a
 * reply's `model`, in content that repeats the request): nothing echoed may be stored or exported.
 */
export function redactKey<T>(value: T, apiKey: string | null | undefined): T {
  if (!apiKey || apiKey.length < MIN_KEY_LENGTH) return value;
  return redact(value, apiKey) as T;
}

function redact(value: unknown, key: string): unknown {
  if (typeof value === 'string') return value.includes(key) ? value.split(key).join(KEY_PLACEHOLDER) : value;
  if (Array.isArray(value)) return value.map((v: unknown) => redact(v, key));
  if (value instanceof ProviderError) {
    return value.message.includes(key) ? new ProviderError(redact(value.message, key) as string, value.kind, value.status, value.retryAfterMs) : value;
  }
  if (value instanceof Error) {
    if (!value.message.includes(key)) return value;
    const copy = new Error(redact(value.message, key) as string);
    copy.name = value.name;
    return copy;
  }
  if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[redact(k, key) as string] = redact(v, key);
    return copy;
  }
  return value;
}
