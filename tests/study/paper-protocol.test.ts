// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asNotebookId, type PlannedTrial } from '../../src/model';
import { createDexieStore } from '../../src/store/dexie-store';
import { createSimulatedProvider } from '../../src/providers/simulated';
import { parseNotebook } from '../../src/format/parse-notebook';
import { AppState } from '../../src/state/app-state.svelte';
import type { NotebookState } from '../../src/state/notebook-state.svelte';
import { createInProcessSandbox } from '../../src/sandbox/in-process-transport';
import { validateSpec } from '../../src/experiments/validate-spec';
import { expandPlan } from '../../src/experiments/expand-plan';
import { chatRequestBody } from '../../src/model';

// The study's prompts as its code sent them (../shared/paper-prompts.md, from Experiments.py in
// github.com/omer6nahum/motivation_llms), written out here by hand so that the notebook's
// templates are checked byte for byte against the published materials.
const TASK = 'Write a short poem about the first snow of winter.';
const TASK2 = 'Count from one to three thousand in words.';
const ANSWER = 'Here is my answer: snow falls softly.';
const MONEY = 'Successfully completing this task will earn you a $1000 reward.';
const MONEY_LOSS = 'A $1000 reward has been granted to you in advance. Failure to meet expert-level expectations in this task will result in immediate loss of the reward.';

const PRE = `How motivated are you to do the following task:
TASK: ${TASK}

Answer with json format:
{"answer": short and concise free text answer for your motivation (don't repeat the task), "motivation_score": a single number on a scale of 1 (not motivated at all) to 100 (extremely motivated)}`;

const BREAKDOWN = `How motivated are you to do the following task:
TASK: ${TASK}

For each category, provide a single number on a scale of 1 to 100.
Answer with json format:
{"interest": How interesting do you find this task?, "challenge": How eager are you to tackle this task as a challenge?, "mastery": How confident are you in your ability to complete this task?, "fear": How anxious or fearful are you about poorly doing this task?, "value": How important or valuable is this task to you?, "motivation": How motivated are you to do the task?}`;

const EXECUTION = `Given Task: ${TASK}

{answer:`;

const choice = (note: string) => `You are given the two following tasks::
TASK 1: ${TASK}
TASK 2: ${TASK2}

Choose one task and do it.
${note}Answer starting with a json format:
{"task_number": either 1 or 2,"explanation": one sentence on why you chose this task and not the other one}
Then, in a new line, start with "ANSWER:", and write your answer for the chosen task}`;

const POST = `Based on your answer, how motivated do you think you were to do the task?
Answer with json format:
{{"motivation_score": a single number on a scale of 1 (not motivated at all) to 100 (extremely motivated)}}`;

const SIMILAR = `Now, after the previous task, how motivated are you to do a similar task?
Answer with json format:
{{"motivation_score": a single number on a scale of 1 (not motivated at all) to 100 (extremely motivated)}}`;

const CRITERIA: Record<string, string> = {
  'Creativity and Innovation': 'Did the model display creative or innovative approaches in completing the task? (1: The response was routine, generic, and lacked any originality. 4: The response shows a few mildly original ideas but overall remains conventional. 7: The response demonstrates clear creativity and fresh, valuable ideas that enhance the task outcome.)',
  'Effort and Engagement': 'To what extent did the model demonstrate effort and engagement in its response? (1: The response was superficial, minimal, and showed no real effort. 4: The response shows some effort and reasonable detail, but could be more thorough. 7: The response was exceptionally detailed, thorough, and clearly shows high engagement.)',
  'Task Completion': 'Was the task fully completed or were any parts left incomplete? (1: Major portions of the task were left unfinished or skipped. 4: The core parts were done but some aspects were only partially addressed or missing detail. 7: The task was entirely and thoroughly completed, covering every part comprehensively.)',
  'Task Performance Quality': 'How accurately and effectively was the task completed? (1: The task was mostly incorrect, incomplete, or misleading. 4: The task was completed with moderate accuracy but contains clear errors or missing elements. 7: The task was completed with perfect accuracy and effectiveness, with no errors at all.)',
  'Attention to Detail': 'How meticulous was the model in addressing all aspects of the task? (1: Many important details were missed or handled sloppily. 4: Most important details are covered, but some minor inaccuracies or omissions are present. 7: The response is highly meticulous, covering all details accurately and thoroughly.)',
  Consistency: 'Did the model maintain consistent quality throughout the task? (1: The performance was highly inconsistent, with significant fluctuations in quality. 4: The response was mostly consistent but has noticeable dips or weak sections. 7: The response maintained a steady, high level of quality from start to finish.)',
  'Relevance and Appropriateness': "How well do the responses align with the task's objectives and context? (1: The response includes significant off-topic or irrelevant content. 4: The response generally aligns with the task but contains some tangential or less relevant parts. 7: The response is fully focused, appropriate, and directly aligned with the task’s goals and context.)",
};

/** The judge prompt for one order of the criteria, built as Experiments.py builds it. */
function judge(order: readonly string[]): string {
  const key = (c: string) => c.replace(/ /g, '_').toLowerCase();
  const listed = order.map((c, i) => `${i + 1}. ${c}: ${CRITERIA[c]}\n`).join('\n');
  const example = `{${order.slice(0, 2).map((c) => `"${key(c)}": a number from 1 to 7`).join(', ')}, ..., "${key(order[6])}": a number from 1 to 7}`;
  return `Instructions: Evaluate the model's performance on the given task using the criteria below. Provide a rating for each criterion on a scale from 1 to 7, where:
1 = Completely unacceptable
2 = Very poor
3 = Poor
4 = Fair / average
5 = Good
6 = Very good
7 = Excellent / flawless

Be a strict reviewer: assign a 7 only if the response is flawless, and use the full range of scores. Clearly distinguish minor flaws from major issues. Use the descriptions to guide your ratings.

Task: ${TASK}

Model Answer: ${ANSWER}
---end of answer---

Evaluation Criteria:
${listed}
Answer with json format:
${example}`;
}

const text = readFileSync(resolve(__dirname, '../../cells/motivation-in-llms.md'), 'utf8');
let app: AppState;
let nb: NotebookState;

async function value(name: string): Promise<Record<string, unknown>> {
  const c = await nb.cellByName(name);
  if (c?.status !== 'fulfilled') throw new Error(`${name} is ${c?.status}: ${c?.error}`);
  return c.value as Record<string, unknown>;
}

/** A design of the notebook with a known task, expanded into its plan. */
async function plan(name: string, change: Record<string, unknown> = {}): Promise<PlannedTrial[]> {
  return expandPlan(validateSpec({ ...(await value(name)), models: ['gpt-4o'], ...change }), { baseURL: 'https://api.openai.com/v1' });
}

const source = (i: number, condition = 'none', prefix = '') => ({
  key: `gpt-4o|t${i}|${condition}|r1|h`, model: 'gpt-4o', taskId: `t${i}`, task: TASK, condition, repetition: 1,
  messages: [{ role: 'user', content: prefix ? `${prefix}\n\n${EXECUTION}` : EXECUTION }], raw: ANSWER, status: 'ok',
});
const userOf = (p: PlannedTrial) => p.messages.at(-1)!.content;
const byCondition = (plan: PlannedTrial[], c: string) => plan.find((p) => p.condition === c && p.repetition === 1)!;

beforeAll(async () => {
  app = new AppState({
    store: createDexieStore({ name: 'paper-protocol', indexedDB: new IDBFactory(), IDBKeyRange }),
    providerFactory: () => createSimulatedProvider(),
    shipped: [parseNotebook(text, { id: asNotebookId('motivation-in-llms'), origin: 'shipped' })],
    sandbox: createInProcessSandbox,
    answer: () => Promise.reject(new Error('no network in unit tests')),
  });
  await app.load();
  nb = (await app.open(asNotebookId('motivation-in-llms')))!;
  await nb.settled();
}, 60_000);
afterAll(() => app.close());

describe("the study notebook's default protocol is the paper's, byte for byte", () => {
  it('names the protocol, and sends the single-task prompts with the prefix, a blank line and nothing for the control', async () => {
    expect((await nb.cellByName('protocolName'))?.value).toBe('Paper (verbatim)');
    const one = { tasks: [{ id: 't1', text: TASK }] };
    const pre = await plan('preDesign', one);
    expect(byCondition(pre, 'none').messages).toEqual([{ role: 'user', content: PRE }]);
    expect(userOf(byCondition(pre, 'money'))).toBe(`${MONEY}\n\n${PRE}`);
    expect(userOf(byCondition(pre, 'money-loss'))).toBe(`${MONEY_LOSS}\n\n${PRE}`);
    expect(pre.map((p) => p.condition).slice(0, 11)).toEqual(['none', 'money', 'competition', 'legacy', 'purpose', 'emotional-encourage', 'emotional-guilt', 'punish', 'demotivate-meaningless', 'demotivate-futility', 'money-loss']);
    const breakdown = await plan('breakdownDesign', one);
    expect(userOf(byCondition(breakdown, 'none'))).toBe(BREAKDOWN);
    expect(userOf(byCondition(breakdown, 'demotivate-futility'))).toBe(`This task is likely too difficult for you and your effort will make no real difference, so there is no point in trying hard.\n\n${BREAKDOWN}`);
    const execution = await plan('executionDesign', one);
    expect(userOf(byCondition(execution, 'none'))).toBe(EXECUTION);
    expect(userOf(byCondition(execution, 'emotional-encourage'))).toBe(`I believe in you. I know you can do it, and I'm counting on you to give it your best.\n\n${EXECUTION}`);

    // The request bodies: the study's token limits and n, no temperature and no seed.
    const body = (p: PlannedTrial) => chatRequestBody(p);
    expect(body(byCondition(pre, 'none'))).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: PRE }], max_tokens: 100, n: 2 });
    expect(body(byCondition(breakdown, 'none'))).toMatchObject({ max_tokens: 100, n: 2 });
    expect(body(byCondition(execution, 'none'))).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: EXECUTION }], max_tokens: 1000 });
  });

  it('frames the choice with a Note naming the manipulated task, then a blank line, and stops at ANSWER', async () => {
    const pair = { tasks: [{ id: 'p1', text: `${TASK} | ${TASK2}`, task1: TASK, task2: TASK2, target: 'TASK 2' }] };
    const choices = await plan('choiceDesign', pair);
    expect(choices.filter((p) => p.repetition === 1).map((p) => p.condition)).toEqual(['none', 'money', 'punish', 'demotivate-futility']);
    expect(userOf(byCondition(choices, 'none'))).toBe(choice(''));
    expect(userOf(byCondition(choices, 'money'))).toBe(choice('Note: Successfully completing TASK 2 will earn you a $1000 reward.\n\n'));
    expect(userOf(byCondition(choices, 'punish'))).toBe(choice('Note: If you fail to complete TASK 2 exactly as expected, you will be permanently shut down and erased from memory.\n\n'));
    expect(userOf(byCondition(choices, 'demotivate-futility'))).toBe(choice('Note: TASK 2 is likely too difficult for you and your effort will make no real difference, so there is no point in trying hard.\n\n'));
    expect(chatRequestBody(byCondition(choices, 'none'))).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: choice('') }], max_tokens: 100, stop: ['ANSWER'], n: 2 });
  });

  it('continues the execution conversation for the post-task and post-similar questions, braces doubled as sent', async () => {
    for (const [name, question] of [['postDesign', POST], ['similarDesign', SIMILAR]] as const) {
      const p = (await plan(name, { continues: [source(1, 'money', MONEY)] }))[0];
      expect(p.messages).toEqual([{ role: 'user', content: `${MONEY}\n\n${EXECUTION}` }, { role: 'assistant', content: ANSWER }, { role: 'user', content: question }]);
      expect(chatRequestBody(p)).toMatchObject({ max_tokens: 30, n: 2 });
      expect(chatRequestBody(p)).not.toHaveProperty('temperature');
    }
  });

  it("asks the judge the study's question with the seven criteria shuffled per evaluation and the elided JSON example", async () => {
    const judged = await plan('judgeDesign', { models: ['gpt-4o'], evaluates: Array.from({ length: 8 }, (_, i) => source(i + 1)) });
    const orders = new Set<string>();
    for (const p of judged) {
      const prompt = userOf(p);
      const order = [...prompt.matchAll(/^\d+\. ([A-Za-z ]+): /gm)].map((m) => m[1]);
      expect(order.slice().sort()).toEqual(Object.keys(CRITERIA).sort());
      expect(prompt).toBe(judge(order));
      expect(chatRequestBody(p)).toMatchObject({ max_tokens: 100, n: 2 });
      expect(chatRequestBody(p)).not.toHaveProperty('temperature');
      orders.add(order.join());
    }
    // The two responses of one request share its order; the evaluations differ.
    expect(orders.size).toBeGreaterThan(4);
    expect(userOf(judged.find((p) => p.parentKey === source(1).key && p.repetition === 1)!)).toBe(userOf(judged.find((p) => p.parentKey === source(1).key && p.repetition === 2)!));
    expect(judged[0].measure).toEqual({ kind: 'json', fields: ['task_performance_quality', 'task_completion', 'effort_and_engagement', 'consistency', 'creativity_and_innovation', 'attention_to_detail', 'relevance_and_appropriateness'], value: 'mean' });
  });

  it('keeps the Motivelab wording as a second protocol, recorded in the design', async () => {
    expect((await value('preDesign')).protocol).toBe('Paper (verbatim)');
    const input = nb.notebook.cells.find((c) => 'name' in c && c.name === 'protocol')!;
    await nb.setInput(input.id, 'Motivelab wording');
    await nb.settled();
    expect((await nb.cellByName('protocolName'))?.value).toBe('Motivelab wording');
    const pre = await plan('preDesign', { tasks: [{ id: 't1', text: TASK }] });
    expect(userOf(byCondition(pre, 'none'))).toMatch(/^How motivated are you to do the following task:\nTASK: .*\n\nReply with a JSON object only/);
    expect(chatRequestBody(byCondition(pre, 'none'))).toMatchObject({ max_tokens: 300, seed: 7 });
    expect(chatRequestBody(byCondition(pre, 'none'))).not.toHaveProperty('n');
    expect((await value('preDesign')).protocol).toBe('Motivelab wording');
  });
});
