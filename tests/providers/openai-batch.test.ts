import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIBatchProvider } from '../../src/providers/openai';
import { ProviderError } from '../../src/model';
import { parseBatchResults } from '../../src/runner/parse-batch-results';
import { startTestServer, type TestServer } from '../server/test-server';

const KEY = 'sk-batch-secret-abcdef';
let server: TestServer;
const line = (i: number, model = 'm1') => JSON.stringify({ custom_id: `k${i}`, method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content: `Rate task ${i} from 1 to 10.` }], max_tokens: 5 } });
const jsonl = (n: number, model = 'm1') => `${Array.from({ length: n }, (_, i) => line(i, model)).join('\n')}\n`;

beforeAll(async () => {
  server = await startTestServer({ models: ['m1'], apiKey: KEY });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.configure({ batch: undefined, reply: undefined });
});

describe('createOpenAIBatchProvider through the openai SDK against the local server', () => {
  const provider = () => createOpenAIBatchProvider({ baseURL: server.url, apiKey: KEY });

  it('uploads, creates, follows validating → in_progress → finalizing → completed, and reads the output', async () => {
    let now = 1_000_000;
    server.configure({ batch: { validateMs: 100, processMs: 400, finalizeMs: 100, now: () => now }, reply: () => '6' });
    const p = provider();
    const fileId = await p.uploadBatchFile('plan.jsonl', jsonl(4));
    expect(server.batches.files.get(fileId)).toMatchObject({ filename: 'plan.jsonl', purpose: 'batch', content: jsonl(4) });
    const created = await p.createBatch(fileId, { cell: 'c1' });
    expect(created).toMatchObject({ status: 'validating', inputFileId: fileId, total: 4, outputFileId: null });
    expect(server.requests.find((r) => r.path === '/v1/batches')?.body).toMatchObject({ input_file_id: fileId, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { cell: 'c1' } });
    now += 300;
    expect(await p.retrieveBatch(created.id)).toMatchObject({ status: 'in_progress', completed: 2, failed: 0, outputFileId: null });
    now += 250;
    expect(await p.retrieveBatch(created.id)).toMatchObject({ status: 'finalizing', completed: 4 });
    now += 100;
    const info = await p.retrieveBatch(created.id);
    expect(info).toMatchObject({ status: 'completed', total: 4, completed: 4, failed: 0, errorFileId: null });
    const output = parseBatchResults(await p.fileContent(info.outputFileId!));
    expect([...output.byKey.keys()].sort()).toEqual(['k0', 'k1', 'k2', 'k3']);
    expect(output.byKey.get('k2')).toMatchObject({ kind: 'answered', result: { text: '6', model: 'm1' } });
    expect(server.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it('reports partial failures in the output (non-200) and error files', async () => {
    server.configure({ batch: { fail: (_id, i) => (i === 1 ? 'error' : i === 2 ? 500 : null) } });
    const p = provider();
    const b = await p.createBatch(await p.uploadBatchFile('plan.jsonl', jsonl(4)));
    const info = await p.retrieveBatch(b.id);
    expect(info).toMatchObject({ status: 'completed', total: 4, completed: 2, failed: 2 });
    const results = parseBatchResults(await p.fileContent(info.outputFileId!), await p.fileContent(info.errorFileId!));
    expect(results.byKey.get('k1')).toMatchObject({ kind: 'failed' });
    expect(results.byKey.get('k2')).toMatchObject({ kind: 'failed', error: { kind: 'server', status: 500 } });
    expect(results.byKey.get('k0')?.kind).toBe('answered');
  });

  it('expires with partial output, and cancels', async () => {
    let now = 5_000_000;
    server.configure({ batch: { processMs: 400, expireAfterMs: 200, now: () => now } });
    const p = provider();
    const b = await p.createBatch(await p.uploadBatchFile('plan.jsonl', jsonl(10)));
    now += 230;
    const expired = await p.retrieveBatch(b.id);
    expect(expired).toMatchObject({ status: 'expired', completed: 5, failed: 5 });
    const results = parseBatchResults(await p.fileContent(expired.outputFileId!), await p.fileContent(expired.errorFileId!));
    expect(results.byKey.size).toBe(10);
    expect([...results.byKey.values()].filter((r) => r.kind === 'failed')).toHaveLength(expired.failed);

    server.configure({ batch: { processMs: 10_000 } });
    const c = await p.createBatch(await p.uploadBatchFile('plan.jsonl', jsonl(3)));
    expect((await p.cancelBatch(c.id)).status).toBe('cancelling');
    expect((await p.retrieveBatch(c.id)).status).toBe('cancelling');
    const cancelled = await p.retrieveBatch(c.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', failed: 3 });
  });

  it('classifies errors without the key', async () => {
    const bad = createOpenAIBatchProvider({ baseURL: server.url, apiKey: 'sk-wrong-key-zzzz' });
    const error = await bad.uploadBatchFile('plan.jsonl', jsonl(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect((error as Error).message).not.toContain('sk-wrong-key-zzzz');
    const missing = await provider().retrieveBatch('batch-nope').catch((e: unknown) => e);
    expect(missing).toMatchObject({ kind: 'not-found', status: 404 });
  });
});
