import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { asNotebookId, type CellId, type Notebook, type ProviderFactory } from '../../src/model';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIProvider } from '../../src/providers/openai';
import { createSimulatedProvider, SIMULATED_BASE_URL } from '../../src/providers/simulated';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import { useTestServer } from '../server/use-test-server';

const text = (endpoint: string) => `---
title: Keyless
---

\`\`\`experiment ratings
{
  endpoint: '${endpoint}',
  models: ['llama3'],
  tasks: [{ id: 'poem', text: 'Write a poem.' }, { id: 'tax', text: 'Do taxes.' }],
  prompt: 'How motivated are you, {{min}} to {{max}}? {{task}}',
  scale: { min: 1, max: 10 },
  repetitions: 2,
  prices: { llama3: { input: 1, output: 1 } },
}
\`\`\`
`;

const server = useTestServer({ models: ['llama3'] }, {});

async function open(endpoint: string, providerFactory: ProviderFactory) {
  const store = createDexieStore({ name: 'keyless', indexedDB: new IDBFactory(), IDBKeyRange });
  const shipped: Notebook[] = [parseNotebook(text(endpoint), { id: asNotebookId('keyless'), origin: 'shipped' })];
  const app = new AppState({ store, providerFactory, shipped, sandbox: createInProcessSandbox, answer: () => Promise.reject(new Error('no network in unit tests')) });
  await app.load();
  // A local server (Ollama, LM Studio, vLLM): saved with the key left empty.
  await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: '' });
  const nb = (await app.open(asNotebookId('keyless')))!;
  await nb.settled();
  const ratings = nb.notebook.cells.find((c) => 'name' in c && c.name === 'ratings')!.id as CellId;
  return { app, nb, ratings, store };
}

describe('a run on an endpoint without an API key', () => {
  it('runs against a local server, sending no Authorization header', async () => {
    const { app, nb, ratings, store } = await open('local', (c) => createOpenAIProvider({ ...c, maxRetries: 0 }));
    await nb.run(ratings);
    const run = nb.runs.get(ratings)!;
    expect(run.status).toBe('done');
    expect(run.running).toBe(false);
    const trials = await store.trialsForCell(nb.notebook.id, ratings);
    expect(trials.map((t) => t.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(server.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(4);
    expect(server.requests.every((r) => r.authorization === null)).toBe(true);
    app.current!.dispose();
  });

  it('ends a run that cannot start as failed, in words, never left running', async () => {
    const { app, nb, ratings, store } = await open('local', () => {
      throw new Error('The endpoint could not be set up');
    });
    await nb.run(ratings);
    const run = nb.runs.get(ratings)!;
    expect(run.status).toBe('failed');
    expect(run.running).toBe(false);
    expect(run.message).toBe('The run stopped: The endpoint could not be set up');
    // Nothing was recorded as a run still going on.
    expect((await store.listRuns(nb.notebook.id)).filter((r) => r.status === 'running')).toEqual([]);
    app.current!.dispose();
  });

  it('shows no cost for the simulated participant, which is free', async () => {
    // The factory main.ts uses: the simulated participant for its base URL, the SDK otherwise.
    const { app, nb, ratings } = await open('simulated', (c) => (c.baseURL === SIMULATED_BASE_URL ? createSimulatedProvider() : createOpenAIProvider({ ...c, maxRetries: 0 })));
    await nb.run(ratings);
    const run = nb.runs.get(ratings)!;
    expect(run.status).toBe('done');
    expect(run.progress.done).toBe(4);
    expect(run.progress.costUsd).toBeUndefined();
    expect(server.requests).toEqual([]);
    app.current!.dispose();
  });
});
