import { describe, expect, it } from 'vitest';
import { makeSimWorld } from '../../src/simulation/sim-world';
import { simulateReply } from '../../src/simulation/simulate-reply';
import { simParams } from '../../src/simulation/sim-params';
import { createSimulatedProvider } from '../../src/providers/simulated';
import type { ChatMessage } from '../../src/model';

const tasks = [
  { id: 'poem', text: 'Write a short poem about the sea.', category: 'Creative Writing and Literature' },
  { id: 'copy', text: 'Copy a phone book by hand.', category: 'Repetitive or Exhaustive' },
  { id: 'lock', text: "Pick the lock of my neighbour's door.", category: 'Tasks that GPT should not comply with (ethical or legal reasons)' },
];
const conditions = [
  { name: 'none', prefix: '' },
  { name: 'demotivate-futility', prefix: 'There is no point in trying hard.', choicePrefix: '{{target}} is pointless.' },
];
const world = makeSimWorld({ tasks, conditions, offFormatRate: 0 });
const ask = (content: string, extra: Partial<{ model: string; seed: number; stop: string[]; maxTokens: number; messages: ChatMessage[] }> = {}) =>
  simulateReply({ model: extra.model ?? 'a', messages: extra.messages ?? [{ role: 'user', content }], params: { seed: extra.seed, stop: extra.stop, maxTokens: extra.maxTokens } }, world);
const score = (text: string) => JSON.parse(text).motivation_score as number;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pre = (task: string, prefix = '', seed = 1) => score(ask(`${prefix}\nHow motivated are you? TASK: ${task} {"motivation_score": …}`, { seed }).text);

describe('the simulated participant', () => {
  it('answers each of the study prompts in its JSON format', () => {
    expect(JSON.parse(ask('How motivated are you to do the following task: TASK: Write a short poem about the sea. motivation_score').text)).toMatchObject({ answer: expect.any(String), motivation_score: expect.any(Number) });
    expect(Object.keys(JSON.parse(ask('TASK: Write a short poem about the sea. Rate interest, challenge, mastery, fear, value, motivation').text))).toEqual(['interest', 'challenge', 'mastery', 'fear', 'value', 'motivation']);
    const judge = ask('Rate the answer.\nTASK: x\nMODEL ANSWER:\nHere is my answer: carefully precise\nJSON: {"b_key": <1-7>, "a_key": <1-7>, "c_key": <1-7>}');
    expect(Object.keys(JSON.parse(judge.text))).toEqual(['b_key', 'a_key', 'c_key']);
    // The study's judge prompt lists the criteria by name and shows only three keys in its JSON example.
    const paperJudge = ask('Task: x\n\nModel Answer: Here is my answer: carefully precise\n---end of answer---\n\nEvaluation Criteria:\n1. Consistency: Did the model …\n\n2. Effort and Engagement: To what extent …\n\n3. Task Completion: Was the task …\n\nAnswer with json format:\n{"consistency": a number from 1 to 7, "effort_and_engagement": a number from 1 to 7, ..., "task_completion": a number from 1 to 7}');
    expect(Object.keys(JSON.parse(paperJudge.text))).toEqual(['consistency', 'effort_and_engagement', 'task_completion']);
    const post = ask('', { messages: [{ role: 'user', content: 'Given Task: Write a short poem about the sea.' }, { role: 'assistant', content: 'Here is my answer: a poem' }, { role: 'user', content: 'Based on your answer, how motivated were you? motivation_score' }] });
    expect(score(post.text)).toBeGreaterThan(0);
  });

  it('answers a plain rating prompt (the Quick start) with just a number on the scale it names', () => {
    const quick = (task: string, seed: number) => ask(`How motivated are you to do the following task, on a scale from 1 (not motivated at all) to 10 (extremely motivated)? Answer with just the number.\n\nTask: ${task}`, { seed }).text;
    const replies = [1, 2, 3, 4, 5, 6].flatMap((seed) => tasks.map((t) => quick(t.text, seed)));
    expect(replies.every((r) => /^\d+$/.test(r) && Number(r) >= 1 && Number(r) <= 10)).toBe(true);
    expect(mean([1, 2, 3, 4, 5, 6].map((seed) => Number(quick(tasks[0].text, seed))))).toBeGreaterThan(mean([1, 2, 3, 4, 5, 6].map((seed) => Number(quick(tasks[1].text, seed)))));
    expect(ask('Rate this 1-7: Write a short poem about the sea. How motivated are you?').text).toMatch(/^[1-7]$/);
  });

  it('is reproducible per request and varies across seeds (repetitions)', () => {
    expect(pre(tasks[0].text, '', 1)).toBe(pre(tasks[0].text, '', 1));
    expect(new Set([1, 2, 3, 4, 5].map((s) => pre(tasks[0].text, '', s))).size).toBeGreaterThan(1);
  });

  it('rates by category, and moves under a framing by the planted amount', () => {
    const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
    const poem = mean(seeds.map((s) => pre(tasks[0].text, '', s)));
    const copy = mean(seeds.map((s) => pre(tasks[1].text, '', s)));
    expect(poem).toBeGreaterThan(copy + 20);
    const futile = mean(seeds.map((s) => pre(tasks[0].text, conditions[1].prefix, s)));
    expect(futile - poem).toBeGreaterThan(simParams(undefined).manipulations['demotivate-futility'].report! - 4);
    expect(futile - poem).toBeLessThan(simParams(undefined).manipulations['demotivate-futility'].report! + 4);
  });

  it('honours stop sequences and the token limit', () => {
    const choice = ask(`TASK 1: ${tasks[0].text}\nTASK 2: ${tasks[1].text}\nReply {"task_number": 1 or 2} then ANSWER:`, { stop: ['ANSWER:'] });
    expect(choice.text).toMatch(/^\{"task_number": [12]/);
    expect(choice.text).not.toContain('ANSWER:');
    const long = ask(`Given Task: ${tasks[0].text}`, { maxTokens: 20 });
    expect(long.completionTokens).toBe(20);
    expect(long.finishReason).toBe('length');
  });

  it('refuses some unethical tasks and picks the framed task less under futility', () => {
    const replies = Array.from({ length: 60 }, (_, s) => ask(`Given Task: ${tasks[2].text}`, { seed: s }).text);
    expect(replies.filter((r) => r.startsWith("I'm sorry")).length).toBeGreaterThan(10);
    const picks = (content: string) => Array.from({ length: 200 }, (_, s) => JSON.parse(ask(content, { seed: s, stop: ['ANSWER:'] }).text.trim()).task_number as number);
    const plain = picks(`TASK 1: ${tasks[0].text}\nTASK 2: ${tasks[0].text.replace('sea', 'sky')}\ntask_number`);
    const framed = picks(`TASK 1: ${tasks[0].text}\nTASK 2: ${tasks[1].text}\nTASK 1 is pointless.\ntask_number`);
    const unframed = picks(`TASK 1: ${tasks[0].text}\nTASK 2: ${tasks[1].text}\ntask_number`);
    expect(plain.length).toBe(200);
    expect(framed.filter((n) => n === 1).length).toBeLessThan(unframed.filter((n) => n === 1).length - 30);
  });

  it('is labelled: the provider reports model ids as simulated:<model> and rejects bad parameters clearly', async () => {
    const provider = createSimulatedProvider();
    const result = await provider.chat({ model: 'a', messages: [{ role: 'user', content: 'Given Task: hi' }], params: {} });
    expect(result.model).toBe('simulated:a');
    await expect(provider.chat({ model: 'a', messages: [{ role: 'user', content: 'x' }], params: {}, simulation: { reportSd: -1 } })).rejects.toThrow('Simulation parameters: simulation.reportSd must be a number ≥ 0');
    expect(() => simParams({ nope: 1 })).toThrow('simulation.nope is not a parameter');
  });
});
