import type { Endpoint, EndpointBaseURLs, SlimTrial } from '../model';
import { normalizeBaseURL } from '../model';

/**
 * Resolves endpoint names to base URLs: a name configured here means that endpoint; a name that
 * is not (a notebook copied from another browser, a one-file copy) means the endpoint its
 * latest stored trial of that name recorded, so carried trials stay the cell's own.
 */
export function endpointBaseURLs(endpoints: readonly Endpoint[], trials: Iterable<readonly SlimTrial[]>): EndpointBaseURLs {
  const out: Record<string, string> = {};
  const latest = new Map<string, SlimTrial>();
  for (const list of trials) {
    for (const t of latestOf(list).values()) {
      const prev = latest.get(t.endpointName);
      if (!prev || t.endedAt >= prev.endedAt) latest.set(t.endpointName, t);
    }
  }
  for (const [name, t] of latest) out[name] = t.baseURL!;
  for (const e of endpoints) out[e.name] = normalizeBaseURL(e.baseURL);
  return out;
}


/**
 * The latest trial with a base URL per endpoint name of one list, walked once per list (a cell's
 * list is replaced, never changed in place, when its trials change): opening asks twice, and
 * endpoint edits again, and at full scale the lists hold 719,025 trials.
 */
const latestByList = new WeakMap<readonly SlimTrial[], Map<string, SlimTrial>>();

function latestOf(list: readonly SlimTrial[]): Map<string, SlimTrial> {
  let latest = latestByList.get(list);
  if (latest) return latest;
  latest = new Map<string, SlimTrial>();
  for (const t of list) {
    const prev = latest.get(t.endpointName);
    if (t.baseURL && (!prev || t.endedAt >= prev.endedAt)) latest.set(t.endpointName, t);
  }
  latestByList.set(list, latest);
  return latest;
}
