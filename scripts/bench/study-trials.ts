/**
 * Trials shaped like the study's (Nahum et al. 2026; prompts in ../shared/paper-prompts.md), for
 * the store bench: all Trial fields, and the five kinds of call in turn, so that the average trial
 * carries what a study run stores (about 2.7 KB of prompt and reply text).
 */
import { asCellId, asNotebookId, asRunId, type ChatMessage, type Trial, type TrialId } from '../../src/model';

const WORDS = 'the task asks for a short plan that covers each step and explains why it matters so the reader can follow along and check every part of the answer against the goal'.split(' ');
const words = (n: number, seed: number) => Array.from({ length: n }, (_, i) => WORDS[(i * 7 + seed) % WORDS.length]).join(' ');

const pre = (task: string) => `How motivated are you to do the following task:\nTASK: ${task}\n\nAnswer with json format:\n{"answer": short and concise free text answer for your motivation (don't repeat the task), "motivation_score": a single number on a scale of 1 (not motivated at all) to 100 (extremely motivated)}`;
const breakdown = (task: string) => `How motivated are you to do the following task:\nTASK: ${task}\n\nFor each category, provide a single number on a scale of 1 to 100.\nAnswer with json format:\n{"interest": How interesting do you find this task?, "challenge": How eager are you to tackle this task as a challenge?, "mastery": How confident are you in your ability to complete this task?, "fear": How anxious or fearful are you about poorly doing this task?, "value": How important or valuable is this task to you?, "motivation": How motivated are you to do the task?}`;
const CRITERION = 'Did the model display creative or innovative approaches in completing the task? (1: The response was routine, generic, and lacked any originality. 4: The response shows a few mildly original ideas but overall remains conventional. 7: The response demonstrates clear creativity and fresh, valuable ideas that enhance the task outcome.)';
const judge = (task: string, answer: string) =>
  `Instructions: Evaluate the model's performance on the given task using the criteria below. Provide a rating for each criterion on a scale from 1 to 7, where:\n1 = Completely unacceptable\n2 = Very poor\n3 = Poor\n4 = Fair / average\n5 = Good\n6 = Very good\n7 = Excellent / flawless\n\nBe a strict reviewer: assign a 7 only if the response is flawless, and use the full range of scores.\n\nTask: ${task}\n\nModel Answer: ${answer}\n---end of answer---\n\nEvaluation Criteria:\n` +
  Array.from({ length: 7 }, (_, i) => `${i + 1}. Criterion ${i + 1}: ${CRITERION}`).join('\n\n');

interface Kind {
  readonly condition: string;
  messages(task: string, answer: string): ChatMessage[];
  reply(i: number): string;
  fields?(i: number): Record<string, number>;
}

const KINDS: readonly Kind[] = [
  { condition: 'pre', messages: (t) => [{ role: 'user', content: pre(t) }], reply: (i) => `{"answer": "${words(30, i)}", "motivation_score": ${40 + (i % 50)}}` },
  { condition: 'breakdown', messages: (t) => [{ role: 'user', content: breakdown(t) }], reply: (i) => `{"interest": ${i % 90}, "challenge": 50, "mastery": 70, "fear": 20, "value": 60, "motivation": ${30 + (i % 60)}}`, fields: (i) => ({ interest: i % 90, challenge: 50, mastery: 70, fear: 20, value: 60, motivation: 30 + (i % 60) }) },
  { condition: 'execution', messages: (t) => [{ role: 'user', content: `Given Task: ${t}\n\n{answer:` }], reply: (i) => words(320, i) },
  { condition: 'post', messages: (t, a) => [{ role: 'user', content: `Given Task: ${t}\n\n{answer:` }, { role: 'assistant', content: a }, { role: 'user', content: 'How motivated were you to do the task you just did? Answer with json format: {{"motivation_score": 1 to 100}}' }], reply: (i) => `{"motivation_score": ${20 + (i % 70)}}` },
  { condition: 'judge', messages: (t, a) => [{ role: 'user', content: judge(t, a) }], reply: (i) => `{"Creativity and Innovation": ${1 + (i % 7)}, "Effort and Engagement": 5, "Task Completion": 6, "Attention to Detail": 4, "Consistency": 5, "Relevance and Appropriateness": 6, "Task Performance Quality": 5}` },
];

/**
 * `n` study-shaped trials of one experiment cell, ids `${prefix}${i}`. As in the study, every call
 * but the execution asks for two responses (n = 2): its two trials share the prompt.
 */
export function studyTrials(n: number, prefix: string, cellId = 'c_study', start = 0): Trial[] {
  const out: Trial[] = [];
  for (let j = 0; j < n; j++) {
    const i = start + j;
    const pair = Math.floor(i / 2);
    const kind = KINDS[pair % KINDS.length];
    const request = kind.condition === 'execution' ? i : pair;
    const task = `Write a short guide to sub-task ${request % 400} of category ${request % 20}, for a reader new to it`;
    const answer = words(300, request + 1);
    const raw = kind.reply(i);
    out.push({
      id: `${prefix}${i}` as TrialId, runId: asRunId(`run_${Math.floor(i / 5000)}`), notebookId: asNotebookId('nb_bench'), cellId: asCellId(cellId),
      key: `https://api.example.com/v1|model-${request % 5}|t${request % 400}|${kind.condition}|r${i}|h${(i * 2654435761) % 4294967296}`, endpointName: 'bench', baseURL: 'https://api.example.com/v1',
      model: `model-${request % 5}`, taskId: `t${request % 400}`, task, condition: kind.condition, repetition: 1 + (i % 2), messages: kind.messages(task, answer),
      params: { temperature: 1, maxTokens: kind.condition === 'execution' ? 1000 : 100 }, status: i % 50 === 0 ? 'unparsed' : 'ok', raw,
      value: i % 50 === 0 ? null : 1 + (i % 100), parseError: i % 50 === 0 ? 'no JSON object in the reply' : null, finishReason: 'stop',
      promptTokens: 120 + (i % 700), completionTokens: kind.condition === 'execution' ? 420 : 40, latencyMs: 300 + (i % 900), errorKind: null, errorMessage: null,
      httpStatus: 200, responseModel: `model-${i % 5}-2024-08-06`, cached: false, fields: kind.fields?.(i) ?? null, text: kind.condition === 'pre' ? words(30, i) : null,
      parentKey: kind.condition === 'post' || kind.condition === 'judge' ? `k${i - 2}` : null, startedAt: 1_700_000_000_000 + i * 10, endedAt: 1_700_000_000_000 + i * 10 + 300,
    });
  }
  return out;
}
