import { normalizeBaseURL } from '../model';
import { stableHash } from './stable-hash';

/** The last segment of a plan key: which endpoint it is for (a hash of the normalised base URL). */
export function endpointSegment(baseURL: string): string {
  return `e${stableHash(normalizeBaseURL(baseURL))}`;
}

/** A plan key without its endpoint: `model|taskId|condition|rN|hash|eXXXXXXXX` → `model|taskId|condition|rN|hash`. */
export function withoutEndpoint(key: string): string {
  return key.replace(/\|e[0-9a-f]{8}$/, '');
}

/** The key a plan for this endpoint gives a key made without one (trials stored before endpoints were part of keys). */
export function withEndpoint(key: string, baseURL: string): string {
  return `${withoutEndpoint(key)}|${endpointSegment(baseURL)}`;
}
