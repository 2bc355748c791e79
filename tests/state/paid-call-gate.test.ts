// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIProvider } from '../../src/providers/openai';
import { createSimulatedProvider, SIMULATED_BASE_URL } from '../../src/providers/simulated';
import { AppState } from '../../src/state/app-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { startTestServer, type TestServer } from '../server/test-server';

/**
 * An imported notebook asks before its first paid call: Run waits on the gate's request (the
 * plan: calls, models, endpoint, cost at the notebook's prices) and sends nothing until the
 * answer; a confirmation is remembered for the content, and the simulated endpoint never asks.
 */
const TEXT = `---
title: Shared study
---

\`\`\`experiment paid
{ endpoint: 'local', models: ['model-a', 'model-b'], tasks: ['Write a poem', 'Sort a list'], prompt: 'Rate {{task}} from {{min}} to {{max}}', scale: { min: 1, max: 7 }, repetitions: 2,
  prices: { 'model-a': { input: 1, output: 2 }, 'model-b': { input: 3, output: 4 } } }
\`\`\`

\`\`\`experiment free
{ endpoint: 'simulated', models: ['sim-a'], tasks: ['Write a poem'], prompt: 'Rate {{task}} from {{min}} to {{max}}', scale: { min: 1, max: 7 }, repetitions: 1 }
\`\`\`
`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ latencyMs: 1, models: ['model-a', 'model-b'] });
});
afterAll(() => server.close());
const chatCalls = () => server.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

describe('asking before an imported notebook\'s first paid call', () => {
  it('sends nothing until confirmed, shows the plan, and remembers the confirmation for the content', async () => {
    const app = new AppState({
      store: createDexieStore({ name: 'paid', indexedDB: new IDBFactory(), IDBKeyRange }),
      providerFactory: (config) => (config.baseURL === SIMULATED_BASE_URL ? createSimulatedProvider() : createOpenAIProvider({ ...config, maxRetries: 0 })),
      shipped: [],
      sandbox: createInProcessSandbox,
      answer: () => Promise.reject(new Error('no network in unit tests')),
    });
    await app.load();
    await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'sk-viewer-key' });
    const nb = (await app.open(await app.importNotebookText(TEXT, { kind: 'url', name: 'https://example.org/study.md' })))!;
    await nb.trust();
    await nb.settled();
    const id = (name: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === name)!.id;

    // The simulated participant costs nothing: no question.
    await nb.run(id('free'));
    expect(nb.paidCalls.request).toBeNull();
    expect(nb.trials.get(id('free'))).toHaveLength(1);

    const declined = nb.run(id('paid'));
    await expect.poll(() => nb.paidCalls.request).not.toBeNull();
    const [line] = nb.paidCalls.request!.lines;
    expect(line).toMatchObject({ cell: 'paid', endpoint: 'local', baseURL: server.url, models: ['model-a', 'model-b'], calls: 8 });
    // 2 models × 2 tasks × 2 repetitions at 1-4 US$ per million tokens: a small positive estimate.
    expect(line.cost).toBeGreaterThan(0);
    expect(line.cost).toBeLessThan(0.01);
    nb.paidCalls.answer(false);
    await declined;
    expect(chatCalls()).toBe(0);
    expect(nb.trials.get(id('paid'))).toHaveLength(0);

    const confirmed = nb.run(id('paid'));
    await expect.poll(() => nb.paidCalls.request).not.toBeNull();
    expect(chatCalls()).toBe(0);
    nb.paidCalls.answer(true);
    await confirmed;
    expect(chatCalls()).toBe(8);

    // Remembered for this content: a fresh run goes without asking.
    await nb.run(id('paid'), { fresh: true });
    expect(nb.paidCalls.request).toBeNull();
    expect(chatCalls()).toBe(16);
    app.current?.dispose();
  });
});
