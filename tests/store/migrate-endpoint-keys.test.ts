import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createDexieStore } from '../../src/store/dexie-store';
import { expandPlan, validateSpec } from '../../src/experiments';
import { trialTable } from '../../src/experiments/trial-table';
import { asCellId, asNotebookId, asRunId, SIMULATED_ENDPOINT, type Trial } from '../../src/model';
import { makeTrial } from '../fixtures/trial';

/** The schema as version 6 left it. */
const V6 = {
  notebooks: 'id, updatedAt', endpoints: 'id, name', runs: 'id, notebookId, [notebookId+cellId]', trials: 'id, [notebookId+cellId], runId, status',
  cache: 'key, storedAt', batches: 'id, notebookId, [notebookId+cellId]', datasets: 'id, notebookId', trust: 'hash',
};
const nb = asNotebookId('nb');
const ratings = asCellId('c_ratings');
const judgeCell = asCellId('c_judge');
const OPENAI = 'https://api.openai.com/v1';

// Keys exactly as version 6's expandPlan made them for these designs (its format: model|task|condition|rN|hash).
const sourceSpec = validateSpec({ endpoint: 'gpt', models: ['gpt-4o-mini'], tasks: [{ id: 'poem', text: 'Write a poem.' }, { id: 'sort', text: 'Sort numbers.' }], prompt: 'Rate {{task}} from {{min}} to {{max}}.', scale: { min: 1, max: 10 }, repetitions: 1 });
const OLD_SOURCE = ['gpt-4o-mini|poem|none|r1|71f0845b', 'gpt-4o-mini|sort|none|r1|b2607e90'];
const OLD_JUDGE = ['judge|poem|none|r1|75a7c521', 'judge|sort|none|r1|74454030'];
const OLD_SIMULATED = ['gpt-4o-mini|poem|none|r1|a3f416c5', 'gpt-4o-mini|sort|none|r1|18985bfa'];
const judgeSpec = (sources: readonly Trial[]) =>
  validateSpec({ endpoint: 'gpt', models: ['judge'], evaluates: trialTable(sources), criteria: [{ name: 'quality', text: 'Quality' }, { name: 'effort', text: 'Effort' }], prompt: 'Rate {{answer}} for {{task}}:\n{{criteria}}\n{{format}}', scale: { min: 1, max: 7 }, repetitions: 1, seed: 5 });

/** A v6 trial row: no base URL. */
function oldTrial(patch: Partial<Trial>): Record<string, unknown> {
  const { baseURL: _b, ...row } = makeTrial({ notebookId: nb, ...patch });
  return row;
}

describe('schema v7: trial keys name their endpoint', () => {
  it('rewrites v6 keys where the run knew the endpoint, so paid trials are not sent again; the rest become other trials', async () => {
    const indexedDB = new IDBFactory();
    const v6 = new Dexie('motivelab', { indexedDB, IDBKeyRange });
    v6.version(6).stores(V6);
    const plan = expandPlan(sourceSpec, { baseURL: 'unused' });
    const source = plan.map((p, i) => oldTrial({ id: `s${i}` as Trial['id'], runId: asRunId('r_paid'), cellId: ratings, endpointName: 'gpt', key: OLD_SOURCE[i], model: p.model, taskId: p.taskId, task: p.task, messages: p.messages, raw: `Answer ${i}`, endedAt: 100 + i }));
    const judged = OLD_JUDGE.map((key, i) => oldTrial({ id: `j${i}` as Trial['id'], runId: asRunId('r_judge'), cellId: judgeCell, endpointName: 'gpt', key, model: 'judge', parentKey: OLD_SOURCE[i] }));
    const simulated = OLD_SIMULATED.map((key, i) => oldTrial({ id: `sim${i}` as Trial['id'], runId: asRunId('r_gone'), cellId: ratings, endpointName: 'simulated', key }));
    const unknown = [
      oldTrial({ id: 'u_file' as Trial['id'], runId: asRunId('r_file'), cellId: ratings, endpointName: 'gpt', key: OLD_SOURCE[0] }),
      oldTrial({ id: 'u_norun' as Trial['id'], runId: asRunId('r_missing'), cellId: ratings, endpointName: 'gpt', key: OLD_SOURCE[1] }),
    ];
    await v6.table('trials').bulkPut([...source, ...judged, ...simulated, ...unknown]);
    const run = { notebookId: nb, status: 'done', planned: 2, done: 2, failed: 0, startedAt: 1, endedAt: 2, models: [], message: null };
    await v6.table('runs').bulkPut([
      // The endpoint as the user typed it: case and a trailing slash do not make it another one.
      { ...run, id: 'r_paid', cellId: ratings, endpointName: 'gpt', baseURL: '', provenance: { baseURL: 'HTTPS://API.OpenAI.com/v1/', endpointName: 'gpt' } },
      { ...run, id: 'r_judge', cellId: judgeCell, endpointName: 'gpt', baseURL: OPENAI },
      { ...run, id: 'r_file', cellId: ratings, endpointName: 'gpt', baseURL: '' },
    ]);
    await v6.table('batches').put({ id: 'batch_1', notebookId: nb, cellId: ratings, runId: 'r_b', endpointName: 'gpt', baseURL: OPENAI, keys: [OLD_SOURCE[0]], importedAt: null, createdAt: 1 });
    v6.close();

    const store = createDexieStore({ indexedDB, IDBKeyRange });
    const stored = await store.trialsForCell(nb, ratings);
    const byId = new Map(stored.map((t) => [t.id as string, t]));

    // The paid trials answer the plan for the same endpoint: a run would send nothing.
    const now = expandPlan(sourceSpec, { baseURL: OPENAI });
    const completed = await store.completedKeys(nb, ratings);
    expect(now.filter((p) => !completed.has(p.key))).toEqual([]);
    expect(['s0', 's1'].map((id) => byId.get(id)!.key)).toEqual(now.map((p) => p.key));
    expect(byId.get('s0')!.baseURL).toBe(OPENAI);
    // ... and no other endpoint's plan.
    expect(expandPlan(sourceSpec, { baseURL: 'http://127.0.0.1:8000/v1' }).filter((p) => completed.has(p.key))).toEqual([]);

    // The judge's keys are those its plan makes from the migrated sources, and its parentKeys follow them.
    const judge = expandPlan(judgeSpec(['s0', 's1'].map((id) => byId.get(id)!)), { baseURL: OPENAI });
    const judgeTrials = await store.trialsForCell(nb, judgeCell);
    expect(judgeTrials.map((t) => t.key).sort()).toEqual(judge.map((p) => p.key).sort());
    expect(judgeTrials.map((t) => t.parentKey).sort()).toEqual(now.map((p) => p.key).sort());

    // The simulated participant is built in: its trials are known even though their run is gone.
    const simPlan = expandPlan(validateSpec({ ...sourceSpec, endpoint: 'simulated', simulation: { noise: 1 } }), { baseURL: SIMULATED_ENDPOINT.baseURL });
    expect(['sim0', 'sim1'].map((id) => byId.get(id)!.key)).toEqual(simPlan.map((p) => p.key));

    // Unknown endpoint: kept as they were, with no base URL, matching no plan.
    for (const id of ['u_file', 'u_norun']) {
      expect(byId.get(id)!.baseURL).toBeUndefined();
      expect(now.some((p) => p.key === byId.get(id)!.key)).toBe(false);
    }
    expect((await store.listBatches(nb))[0].keys).toEqual([now[0].key]);
    store.close();
  });
});
