import type { Transaction } from 'dexie';
import { withEndpoint } from '../experiments/endpoint-key';
import { keyTrialsByEndpoint } from '../experiments/key-trials-by-endpoint';

type Row = Record<string, unknown>;

/**
 * Schema v7: plan keys name the endpoint that answered (see expandPlan). Stored trials are keyed
 * as plans are now (keyTrialsByEndpoint), so results already paid for are not sent again to the
 * same endpoint, and trials whose endpoint cannot be known stay as other trials. Pending
 * batches' keys are rewritten for the endpoint they were submitted to.
 */
export async function migrateEndpointKeys(tx: Transaction): Promise<void> {
  const runs = await tx.table('runs').toArray();
  const trials = tx.table('trials');
  await trials.bulkPut(keyTrialsByEndpoint(await trials.toArray(), runs));
  await tx.table('batches').toCollection().modify((b: Row) => {
    if (b.importedAt !== null || typeof b.baseURL !== 'string' || !b.baseURL || !Array.isArray(b.keys)) return;
    b.keys = (b.keys as string[]).map((k) => withEndpoint(k, b.baseURL as string));
  });
}
