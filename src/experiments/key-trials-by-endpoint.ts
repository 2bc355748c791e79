import { normalizeBaseURL, SIMULATED_ENDPOINT } from '../model';
import { withEndpoint } from './endpoint-key';

/** What of a stored trial says where it belongs (older trials lack `baseURL`). */
interface KeyedTrial {
  readonly notebookId: string;
  readonly runId: string;
  readonly endpointName: string;
  readonly key: string;
  readonly baseURL?: string;
  readonly parentKey?: string | null;
  readonly endedAt: number;
}

/** What of a run says which endpoint it called. */
interface EndpointRun {
  readonly id: string;
  readonly baseURL?: string;
  readonly provenance?: { readonly baseURL?: string };
}

/**
 * Trials stored before plan keys named their endpoint, keyed as plans are now: each gets the base
 * URL its run recorded (its provenance, else the run's own field; the built-in simulated
 * participant by name) and the key its plan now gives it; a `parentKey` follows the key of the
 * trial it refers to (the latest one with that key in the notebook). Trials whose endpoint cannot
 * be known (no run, a run without a base URL, e.g. a results file imported) keep their key and
 * get no base URL: they stay stored as other trials of their cell, never attributed by guess.
 * Trials keyed already come back unchanged, so this can run on any mix.
 */
export function keyTrialsByEndpoint<T extends KeyedTrial>(trials: readonly T[], runs: readonly EndpointRun[]): T[] {
  const runBaseURL = new Map<string, string>();
  for (const run of runs) {
    const url = run.provenance?.baseURL || run.baseURL || '';
    if (url) runBaseURL.set(run.id, normalizeBaseURL(url));
  }
  const baseURLOf = (t: KeyedTrial): string | undefined =>
    t.baseURL || runBaseURL.get(t.runId) || (t.endpointName === SIMULATED_ENDPOINT.name ? SIMULATED_ENDPOINT.baseURL : undefined);
  const renamed = new Map<string, { key: string; at: number }>();
  for (const t of trials) {
    const url = baseURLOf(t);
    if (!url) continue;
    const id = `${t.notebookId}\n${t.key}`;
    const prev = renamed.get(id);
    if (!prev || t.endedAt >= prev.at) renamed.set(id, { key: withEndpoint(t.key, url), at: t.endedAt });
  }
  return trials.map((t) => {
    const url = baseURLOf(t);
    const parent = t.parentKey ? renamed.get(`${t.notebookId}\n${t.parentKey}`) : undefined;
    return { ...t, ...(parent && { parentKey: parent.key }), ...(url && { baseURL: url, key: withEndpoint(t.key, url) }) };
  });
}
