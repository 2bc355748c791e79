import { describe, expect, it } from 'vitest';
import { expandPlan, validateSpec } from '../../src/experiments';
import { chatRequestBody, ProviderError, asCellId, asNotebookId, asRunId } from '../../src/model';
import { planToJsonl, type BatchRequestLine } from '../../src/runner/plan-to-jsonl';
import { splitBatches } from '../../src/runner/split-batches';
import { parseBatchResults } from '../../src/runner/parse-batch-results';
import { batchTrialId, batchTrials } from '../../src/runner/batch-trials';

/** The endpoint the plans are for (keys name it). */
const LOCAL = { baseURL: 'http://127.0.0.1' };

const spec = validateSpec({
  endpoint: 'local',
  models: ['m1', 'm2'],
  tasks: [{ id: 'a', text: 'Sort numbers.' }, { id: 'b', text: 'Write a poem.' }],
  conditions: [{ name: 'none', prefix: '' }, { name: 'money', prefix: 'You get $1000.' }],
  prompt: '{{prefix}} Rate {{task}} from {{min}} to {{max}}.',
  scale: { min: 1, max: 10 },
  repetitions: 2,
  temperature: 0.7,
  maxTokens: 30,
  seed: 5,
  stop: ['END'],
});
const plan = expandPlan(spec, LOCAL);
const context = { runId: asRunId('run_b'), notebookId: asNotebookId('nb'), cellId: asCellId('c1'), endpointName: 'local', baseURL: 'http://127.0.0.1' };
const completion = (content: string, model = 'm1') => ({ id: 'x', object: 'chat.completion', model, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 11, completion_tokens: 2 } });
const outputLine = (custom_id: string, status: number, body: unknown) => JSON.stringify({ id: `r-${custom_id}`, custom_id, response: { status_code: status, body }, error: null });

describe('planToJsonl', () => {
  it('writes one request per planned trial, custom_id its key and the body the live request', () => {
    const lines = planToJsonl(plan);
    expect(lines).toHaveLength(16);
    const parsed = lines.map((l) => JSON.parse(l) as BatchRequestLine);
    expect(parsed.map((l) => l.custom_id)).toEqual(plan.map((p) => p.key));
    expect(new Set(parsed.map((l) => l.custom_id)).size).toBe(16);
    for (const [i, line] of parsed.entries()) {
      expect(line.method).toBe('POST');
      expect(line.url).toBe('/v1/chat/completions');
      expect(line.body).toEqual(chatRequestBody(plan[i]));
    }
    expect(parsed[0].body).toMatchObject({ model: 'm1', temperature: 0.7, max_tokens: 30, stop: ['END'] });
    expect(typeof parsed[0].body.seed).toBe('number');
    expect(JSON.parse(planToJsonl(plan, 'max_completion_tokens')[0]).body).toMatchObject({ max_completion_tokens: 30 });
  });
});

describe('splitBatches', () => {
  const lines = planToJsonl(plan);
  it('keeps everything in one file within the limits, in order', () => {
    expect(splitBatches(lines)).toEqual([lines]);
  });
  it('splits by request count and by bytes, never losing or reordering a line', () => {
    const byCount = splitBatches(lines, { maxRequests: 5, maxBytes: 1e9 });
    expect(byCount.map((b) => b.length)).toEqual([5, 5, 5, 1]);
    expect(byCount.flat()).toEqual(lines);
    const size = new TextEncoder().encode(lines[0]).length + 1;
    const byBytes = splitBatches(lines, { maxRequests: 1000, maxBytes: size * 3 + 2 });
    expect(byBytes.every((b) => b.reduce((s, l) => s + new TextEncoder().encode(l).length + 1, 0) <= size * 3 + 2)).toBe(true);
    expect(byBytes.length).toBeGreaterThanOrEqual(6);
    expect(byBytes.flat()).toEqual(lines);
  });
  it('refuses a request larger than a whole file', () => {
    expect(() => splitBatches(lines, { maxRequests: 10, maxBytes: 20 })).toThrow(/more than a batch file may hold/);
  });
});

describe('parseBatchResults', () => {
  it('reads replies, non-200 answers, error-file lines and unreadable lines', () => {
    const [k1, k2, k3, k4] = plan.map((p) => p.key);
    const output = [outputLine(k1, 200, completion('7')), outputLine(k2, 429, { error: { message: 'Too many' } }), 'not json', JSON.stringify({ response: null })].join('\n');
    const errors = JSON.stringify({ id: 'e', custom_id: k3, response: null, error: { code: 'batch_expired', message: 'expired' } });
    const results = parseBatchResults(output, errors, null);
    expect(results.byKey.size).toBe(3);
    expect(results.byKey.get(k1)).toMatchObject({ kind: 'answered', result: { text: '7', promptTokens: 11, completionTokens: 2, model: 'm1', finishReason: 'stop' } });
    const rateLimited = results.byKey.get(k2);
    expect(rateLimited?.kind === 'failed' && rateLimited.error).toBeInstanceOf(ProviderError);
    expect(rateLimited).toMatchObject({ kind: 'failed', error: { kind: 'rate-limit', status: 429 } });
    expect(results.byKey.get(k3)).toMatchObject({ kind: 'failed', error: { kind: 'timeout', status: null } });
    expect(results.byKey.has(k4)).toBe(false);
    expect(results.problems).toHaveLength(2);
  });
  it('prefers a reply over a failure for the same custom_id', () => {
    const k = plan[0].key;
    const r = parseBatchResults(outputLine(k, 200, completion('4')), JSON.stringify({ custom_id: k, response: null, error: { message: 'x' } }));
    expect(r.byKey.get(k)?.kind).toBe('answered');
  });
});

describe('batchTrials', () => {
  const [k1, k2] = plan.map((p) => p.key);
  const results = parseBatchResults([outputLine(k1, 200, completion('I rate it 8.')), outputLine(k2, 500, { error: { message: 'boom' } }), outputLine('other|key', 200, completion('3'))].join('\n'));

  it('parses replies like live runs, keeps failures as failed trials, ids from the key', () => {
    const made = batchTrials(plan, results, context, { completed: new Set() }, 1000);
    expect(made.unknown).toEqual(['other|key']);
    expect(made.trials).toHaveLength(2);
    const [ok, failed] = made.trials;
    expect(ok).toMatchObject({ key: k1, status: 'ok', value: 8, raw: 'I rate it 8.', runId: 'run_b', cellId: 'c1', httpStatus: 200, latencyMs: null, messages: plan[0].messages, params: plan[0].params });
    expect(ok.id).toBe(batchTrialId(context, k1));
    expect(failed).toMatchObject({ key: k2, status: 'failed', errorKind: 'server', httpStatus: 500, value: null });
    expect(batchTrialId(context, k1)).not.toBe(batchTrialId(context, k2));
    expect(batchTrialId({ ...context, cellId: asCellId('c2') }, k1)).not.toBe(batchTrialId(context, k1));
  });

  it('skips keys that already have an outcome', () => {
    const made = batchTrials(plan, results, context, { completed: new Set([k1]) }, 1000);
    expect(made.skipped).toBe(1);
    expect(made.trials.map((t) => t.key)).toEqual([k2]);
    expect(batchTrials(plan, results, context, { completed: new Set([k1]), failed: new Set([k2]) }, 1000)).toMatchObject({ skipped: 2, trials: [] });
    expect(batchTrials(plan, results, context, { completed: new Set(), failed: new Set([k1]) }, 1000).trials.map((t) => t.status)).toEqual(['ok', 'failed']);
  });
});
