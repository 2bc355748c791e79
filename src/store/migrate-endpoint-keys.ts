import type { Transaction } from 'dexie';
import { normalizeBaseURL, SIMULATED_ENDPOINT } from '../model';
import { withEndpoint } from '../experiments/endpoint-key';

type Row = Record<string, unknown>;

/**
 * Schema v7: plan keys name the endpoint that answered (see expandPlan). Trials stored before
 * get the base URL their run recorded (its provenance, else the run's own field) and the key the
 * plan now gives them, so results already paid for are not sent again to the same endpoint; a
 * `parentKey` follows the key of the trial it refers to. Trials whose endpoint cannot be known
 * (no run, or a run without a base URL, e.g. a results file imported) keep their key and no
 * base URL: they stay stored and browsable as other trials of their cell, never attributed by
 * guess. Pending batches' keys are rewritten for the endpoint they were submitted to.
 */
export async function migrateEndpointKeys(tx: Transaction): Promise<void> {
  const runBaseURL = new Map<string, string>();
  await tx.table('runs').each((run: Row) => {
    const provenance = run.provenance as Row | undefined;
    const url = (typeof provenance?.baseURL === 'string' && provenance.baseURL) || (typeof run.baseURL === 'string' && run.baseURL) || '';
    if (url) runBaseURL.set(run.id as string, normalizeBaseURL(url));
  });
  const baseURLOf = (t: Row): string | undefined =>
    (typeof t.baseURL === 'string' && t.baseURL) || runBaseURL.get(t.runId as string) || (t.endpointName === SIMULATED_ENDPOINT.name ? SIMULATED_ENDPOINT.baseURL : undefined);

  // Old key → new key per notebook, from the latest trial with that key whose endpoint is known.
  const renamed = new Map<string, { key: string; at: number }>();
  const trials = tx.table('trials');
  await trials.each((t: Row) => {
    const url = baseURLOf(t);
    if (!url) return;
    const id = `${t.notebookId as string}\n${t.key as string}`;
    const prev = renamed.get(id);
    if (!prev || (t.endedAt as number) >= prev.at) renamed.set(id, { key: withEndpoint(t.key as string, url), at: t.endedAt as number });
  });
  await trials.toCollection().modify((t: Row) => {
    const url = baseURLOf(t);
    const parent = typeof t.parentKey === 'string' ? renamed.get(`${t.notebookId as string}\n${t.parentKey}`) : undefined;
    if (parent) t.parentKey = parent.key;
    if (!url) return;
    t.baseURL = url;
    t.key = withEndpoint(t.key as string, url);
  });
  await tx.table('batches').toCollection().modify((b: Row) => {
    if (b.importedAt !== null || typeof b.baseURL !== 'string' || !b.baseURL || !Array.isArray(b.keys)) return;
    b.keys = (b.keys as string[]).map((k) => withEndpoint(k, b.baseURL as string));
  });
}
