import { describe, expect, it } from 'vitest';
import { runPlan } from '../../src/runner/run-plan';
import { createOpenAIProvider } from '../../src/providers/openai';
import { createSimulatedProvider } from '../../src/providers/simulated';
import { expandPlan, validateSpec } from '../../src/experiments';
import { readPlannedReply } from '../../src/runner/trial-outcome';
import { planToJsonl, type BatchRequestLine } from '../../src/runner/plan-to-jsonl';
import { parseBatchResults } from '../../src/runner/parse-batch-results';
import { batchTrials } from '../../src/runner/batch-trials';
import { planCost } from '../../src/study/plan-cost';
import { asCellId, asNotebookId, asRunId, type Trial } from '../../src/model';
import { startTestServer, type ChatBody } from '../server/test-server';
import { useTestServer } from '../server/use-test-server';

const server = useTestServer({ models: ['m1'] }, { reply: undefined, n: 'honour' });
const context = { runId: asRunId('run_n'), notebookId: asNotebookId('nb'), cellId: asCellId('c_n'), endpointName: 'local', baseURL: 'http://127.0.0.1:1/v1' };
const design = {
  endpoint: 'local',
  models: ['m1'],
  tasks: [{ id: 'a', text: 'Write a poem.' }, { id: 'b', text: 'Count to ten.' }],
  prompt: 'How motivated are you to do the following task:\nTASK: {{task}}\n\nAnswer with json format:\n{"motivation_score": a number}',
  measure: { kind: 'json', fields: ['motivation_score'], value: 'motivation_score' },
  scale: { min: 1, max: 100 },
  repetitions: 2,
  n: 2,
  maxTokens: 100,
};
const plan = expandPlan(validateSpec(design), { baseURL: 'http://127.0.0.1:1/v1' });
/** Each response says which request and which choice it was, so a trial shows where its reply came from. */
const reply = (_b: ChatBody, nth: number, choice: number) => `{"motivation_score": ${10 * nth + choice}}`;
const chats = () => server.requests.filter((r) => r.path === '/v1/chat/completions');

async function run(baseURL: string, options: { stream?: boolean } = {}): Promise<Trial[]> {
  const stored: Trial[] = [];
  const summary = await runPlan({ plan, provider: createOpenAIProvider({ baseURL, apiKey: 'k', ...options }), context, parse: readPlannedReply, persist: async (t) => void stored.push(...t), concurrency: 1 });
  expect(summary).toMatchObject({ status: 'done', total: 4, done: 4, failed: 0 });
  return stored.sort((a, b) => a.taskId.localeCompare(b.taskId) || a.repetition - b.repetition);
}

describe('n responses per call', () => {
  it('asks once for two responses and stores them as repetitions 1 and 2, each under its own key, tokens counted once', async () => {
    server.configure({ reply });
    const trials = await run(server.url);
    expect(chats()).toHaveLength(2);
    expect(chats().map((r) => r.body?.n)).toEqual([2, 2]);
    expect(trials.map((t) => [t.taskId, t.repetition, t.value])).toEqual([['a', 1, 10], ['a', 2, 11], ['b', 1, 20], ['b', 2, 21]]);
    expect(new Set(trials.map((t) => t.key))).toEqual(new Set(plan.map((p) => p.key)));
    // The prompt was paid once per request: the trials' prompt tokens add up to the requests'.
    const promptOf = (text: string) => Math.ceil(text.length / 4);
    expect(trials.reduce((s, t) => s + (t.promptTokens ?? 0), 0)).toBe(promptOf(plan[0].messages[0].content) + promptOf(plan[1].messages[0].content));
    expect(trials.every((t) => t.completionTokens !== null && t.completionTokens > 0)).toBe(true);
  });

  it('splits streamed choices by their index', async () => {
    server.configure({ reply });
    const trials = await run(server.url, { stream: true });
    expect(chats()).toHaveLength(2);
    expect(trials.map((t) => t.value)).toEqual([10, 11, 20, 21]);
  });

  it('sends the missing responses separately when the endpoint ignores n', async () => {
    server.configure({ reply, n: 'ignore' });
    const trials = await run(server.url);
    expect(chats().map((r) => r.body?.n ?? 1)).toEqual([2, 1, 2, 1]);
    expect(trials.map((t) => [t.repetition, t.value])).toEqual([[1, 10], [2, 20], [1, 30], [2, 40]]);
  });

  it('remembers an endpoint that refuses n with a 400 and asks it one response at a time', async () => {
    const refusing = await startTestServer({ models: ['m1'], n: 'refuse', reply });
    try {
      const trials = await run(refusing.url);
      expect(trials.every((t) => t.status === 'ok')).toBe(true);
      const sent = refusing.requests.map((r) => [r.body?.n ?? 1, r.outcome]);
      expect(sent).toEqual([[2, '400'], [1, 'ok'], [1, 'ok'], [1, 'ok'], [1, 'ok']]);
      // A second run on the same endpoint does not ask for n again.
      refusing.reset();
      await run(refusing.url);
      expect(refusing.requests.map((r) => r.body?.n ?? 1)).toEqual([1, 1, 1, 1]);
    } finally {
      await refusing.close();
    }
  });

  it('goes out in the Batch API as one line with n = 2, whose result imports as two trials', () => {
    const lines = planToJsonl(plan).map((l) => JSON.parse(l) as BatchRequestLine);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ custom_id: plan.find((p) => p.taskId === 'a' && p.repetition === 1)!.key, body: { n: 2, max_tokens: 100 } });
    const body = { id: 'x', object: 'chat.completion', model: 'm1', usage: { prompt_tokens: 30, completion_tokens: 14 }, choices: [1, 0].map((index) => ({ index, message: { role: 'assistant', content: `{"motivation_score": ${50 + index}}` }, finish_reason: 'stop' })) };
    const output = JSON.stringify({ custom_id: lines[0].custom_id, response: { status_code: 200, body }, error: null });
    const imported = batchTrials(plan, parseBatchResults(output), context, { completed: new Set() }, 1000);
    expect(imported.trials.map((t) => [t.taskId, t.repetition, t.value, t.promptTokens])).toEqual([['a', 1, 50, 15], ['a', 2, 51, 15]]);
    expect(imported.trials.map((t) => t.key)).toEqual(plan.filter((p) => p.taskId === 'a').map((p) => p.key));
    // Importing again adds nothing.
    const again = batchTrials(plan, parseBatchResults(output), context, { completed: new Set(imported.trials.map((t) => t.key)) }, 1000);
    expect(again).toMatchObject({ trials: [], skipped: 2 });
  });

  it('is honoured by the simulated participant: the second response is what a separate call for repetition 2 gets', async () => {
    const simulated = createSimulatedProvider();
    const [p1, p2] = [1, 2].map((r) => plan.find((p) => p.taskId === 'a' && p.repetition === r)!);
    const both = await simulated.chat({ model: 'm1', messages: p1.messages, params: { ...p1.params, n: 2 }, repetition: 1 });
    const second = await simulated.chat({ model: 'm1', messages: p2.messages, params: { maxTokens: 100 }, repetition: 2 });
    expect(both.choices).toHaveLength(2);
    expect(both.choices![1].text).toBe(second.text);
    expect(both.choices![0].text).not.toBe(both.choices![1].text);
  });

  it('counts requests, not responses, in the cost table: the prompt is paid once per request', async () => {
    const one = await planCost({ ...design, n: 1 }, { prices: { m1: { input: 1, output: 0 } } });
    const two = await planCost(design, { prices: { m1: { input: 1, output: 0 } } });
    expect(one[0]).toMatchObject({ calls: 4, responses: 4 });
    expect(two[0]).toMatchObject({ calls: 2, responses: 4, completionTokens: one[0].completionTokens });
    expect(two[0].promptTokens * 2).toBe(one[0].promptTokens);
  });
});
