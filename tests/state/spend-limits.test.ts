// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { asNotebookId, localDay } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createOpenAIProvider } from '../../src/providers/openai';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { startTestServer, type TestServer } from '../server/test-server';

/**
 * Spending you control, through the app state and the real SDK against the local server: a run
 * whose estimate passes the endpoint's confirm-above threshold asks and sends nothing until
 * confirmed; a run pauses within one call of its spend limit and Resume after raising the limit
 * finishes it; the day's spend is stored, so after a reload the day limit still holds.
 */
// Every reply reports 10 completion tokens; at US$ 1,000 per million output tokens (input free) a call costs US$ 0.01.
const CALL_USD = 0.01;
const design = (name: string, tasks: number, prices = true, first = 65) => `\`\`\`experiment ${name}
{ endpoint: 'local', models: ['model-a'], tasks: [${Array.from({ length: tasks }, (_, i) => `'Task ${String.fromCharCode(first + i)}'`).join(', ')}], prompt: 'Rate {{task}} from {{min}} to {{max}}', scale: { min: 1, max: 7 }, repetitions: 2${prices ? `,
  prices: { 'model-a': { input: 0, output: 1000 } }` : ''} }
\`\`\`
`;
const TEXT = `---
title: Spending
---

${design('ratings', 6)}
${design('more', 2, true, 77)}
${design('unpriced', 1, false, 90)}`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ models: ['model-a'], reply: () => ({ text: '5', completionTokens: 10 }) });
});
afterAll(() => server.close());
const chats = () => server.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

async function openApp(indexedDB: IDBFactory) {
  const app = new AppState({
    store: createDexieStore({ name: 'spend', indexedDB, IDBKeyRange }),
    providerFactory: (c) => createOpenAIProvider({ ...c, maxRetries: 0 }),
    shipped: [parseNotebook(TEXT, { id: asNotebookId('spending'), origin: 'shipped' })],
    sandbox: createInProcessSandbox,
    answer: () => Promise.reject(new Error('no network in unit tests')),
  });
  await app.load();
  const nb = (await app.open(asNotebookId('spending')))!;
  await nb.settled();
  const id = (n: string) => nb.notebook.cells.find((c) => 'name' in c && c.name === n)!.id;
  const endpoint = (patch: object) => app.saveEndpoint({ ...app.endpoints.find((e) => e.name === 'local')!, ...patch });
  return { app, nb, id, endpoint };
}

describe('spending you control', () => {
  it('asks before a run above the confirm-above threshold, and sends nothing until confirmed', async () => {
    server.reset();
    const { app, nb, id } = await openApp(new IDBFactory());
    // 12 calls at about US$ 0.008 each (the cost table's 8 tokens per rating): about US$ 0.10.
    await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'k', confirmAboveUsd: 0.05 });

    const declined = nb.run(id('ratings'));
    await expect.poll(() => nb.paidCalls.request).not.toBeNull();
    const request = nb.paidCalls.request!;
    expect(request.imported).toBe(false);
    expect(request.lines[0]).toMatchObject({ cell: 'ratings', endpoint: 'local', calls: 12 });
    expect(request.lines[0].tokens).toBeGreaterThan(12 * 8);
    expect(request.lines[0].cost).toBeCloseTo(12 * 8 * 1000 / 1e6, 6);
    expect(request.over).toEqual([{ endpoint: 'local', thresholdUsd: 0.05, costUsd: request.lines[0].cost }]);
    nb.paidCalls.answer(false);
    await declined;
    expect(chats()).toBe(0);

    // Below the threshold: no question. 4 calls ≈ US$ 0.032.
    await nb.run(id('more'));
    expect(nb.paidCalls.request).toBeNull();
    expect(chats()).toBe(4);

    // A model without a price is an unknown cost: it asks, whatever the threshold.
    const unknown = nb.run(id('unpriced'));
    await expect.poll(() => nb.paidCalls.request).not.toBeNull();
    expect(nb.paidCalls.request!.over).toEqual([{ endpoint: 'local', thresholdUsd: 0.05, costUsd: null }]);
    expect(chats()).toBe(4);
    nb.paidCalls.answer(true);
    await unknown;
    expect(chats()).toBe(6);

    const confirmed = nb.run(id('ratings'));
    await expect.poll(() => nb.paidCalls.request).not.toBeNull();
    expect(chats()).toBe(6);
    nb.paidCalls.answer(true);
    await confirmed;
    expect(chats()).toBe(18);
    app.current?.dispose();
  });

  it('reads a batch submission at batch prices, a live run at list prices', async () => {
    server.reset();
    const { app, nb, id } = await openApp(new IDBFactory());
    // 12 calls: about US$ 0.096 live, US$ 0.048 through the Batch API.
    await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'k', confirmAboveUsd: 0.07 });
    expect(await nb.paidCalls.confirm([id('ratings')], 'the Batch API')).toBe(true);
    const live = nb.paidCalls.confirm([id('ratings')]);
    await expect.poll(() => nb.paidCalls.request?.over[0]?.costUsd).toBeCloseTo(0.096, 6);
    nb.paidCalls.answer(false);
    expect(await live).toBe(false);
    expect(chats()).toBe(0);
    app.current?.dispose();
  });

  it('pauses a run within one call of its limit, records the spend against it, and finishes on Resume after the limit is raised', async () => {
    server.reset();
    const { app, nb, id, endpoint } = await openApp(new IDBFactory());
    await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'k', concurrency: 4, spendLimitRunUsd: 0.035 });

    const running = nb.run(id('ratings'));
    await expect.poll(() => nb.runs.get(id('ratings'))?.paused).toBe(true);
    const run = nb.runs.get(id('ratings'))!;
    // Calls in flight finish and are stored: 3 calls (US$ 0.03); a 4th would pass US$ 0.035. Nothing more is sent while paused.
    await expect.poll(async () => (await app.deps.store.trialsForCell(nb.notebook.id, id('ratings'))).length).toBe(3);
    const sent = chats();
    expect(sent).toBe(3);
    const spent = sent * CALL_USD;
    expect(spent).toBeLessThanOrEqual(0.035);
    expect(spent + CALL_USD).toBeGreaterThan(0.035);
    expect(run.status).toBe('running');
    expect(run.progress.pauseReason).toMatch(/spend limit of US\$ 0\.035 per run on “local” \(this run has spent US\$ 0\.03\)/);
    const [record] = await nb.runHistory();
    expect(record).toMatchObject({ status: 'running', spendLimit: { perRunUsd: 0.035, perDayUsd: null } });
    expect(record.message).toBe(run.progress.pauseReason);

    // Resume with the limit unchanged: it pauses again before another call.
    run.resume();
    await expect.poll(() => run.paused).toBe(true);
    expect(chats()).toBe(sent);

    await endpoint({ spendLimitRunUsd: 1 });
    run.resume();
    await running;
    expect(run.status).toBe('done');
    expect(chats()).toBe(12);
    const [done] = await nb.runHistory();
    expect(done).toMatchObject({ status: 'done', done: 12, spendLimit: { perRunUsd: 0.035 } });
    expect(done.costUsd).toBeCloseTo(12 * CALL_USD, 9);
    app.current?.dispose();
  });

  it('pauses before the first call when the endpoint has a limit and a model has no price', async () => {
    server.reset();
    const { app, nb, id } = await openApp(new IDBFactory());
    await app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'k', spendLimitRunUsd: 1 });
    const running = nb.run(id('unpriced'));
    await expect.poll(() => nb.runs.get(id('unpriced'))?.paused).toBe(true);
    const run = nb.runs.get(id('unpriced'))!;
    expect(run.progress.pauseReason).toMatch(/no price for model-a, so its spend cannot be counted/);
    expect(chats()).toBe(0);
    run.cancel();
    await running;
    expect(run.status).toBe('cancelled');
    app.current?.dispose();
  });

  it('stores the day\'s spend, so after a reload the day limit still holds', async () => {
    server.reset();
    const indexedDB = new IDBFactory();
    const first = await openApp(indexedDB);
    await first.app.saveEndpoint({ name: 'local', baseURL: server.url, apiKey: 'k', spendLimitDayUsd: 0.045 });
    await first.nb.run(first.id('more'));
    expect(chats()).toBe(4);
    first.app.current?.dispose();

    // A new app on the same database, as after a reload: 4 calls today already (US$ 0.04).
    const second = await openApp(indexedDB);
    expect(await second.app.deps.store.daySpend('local', localDay())).toBeCloseTo(4 * CALL_USD, 9);
    const running = second.nb.run(second.id('ratings'));
    await expect.poll(() => second.nb.runs.get(second.id('ratings'))?.paused).toBe(true);
    const run = second.nb.runs.get(second.id('ratings'))!;
    expect(run.progress.pauseReason).toMatch(/spend limit of US\$ 0\.045 per day on “local” \(spent today: US\$ 0\.04\)/);
    expect(chats()).toBe(4);
    run.cancel();
    await running;
    second.app.current?.dispose();
  });
});
