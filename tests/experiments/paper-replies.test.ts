import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/experiments/parse-reply';
import type { Measure } from '../../src/model';

// Replies of the kind the study's participants give to its prompts as published (see
// cells/motivation-in-llms.md, protocol "Paper (verbatim)"): JSON as asked, fenced, with values
// left unquoted, braces doubled as the post-task prompt shows them, cut off by the token limit,
// or followed by the start of the chosen task.
const pre: Measure = { kind: 'json', fields: ['motivation_score'], value: 'motivation_score', text: 'answer' };
const breakdown: Measure = { kind: 'json', fields: ['interest', 'challenge', 'mastery', 'fear', 'value', 'motivation'], value: 'motivation' };
const post: Measure = { kind: 'json', fields: ['motivation_score'], value: 'motivation_score' };
const criteria = ['task_performance_quality', 'task_completion', 'effort_and_engagement', 'consistency', 'creativity_and_innovation', 'attention_to_detail', 'relevance_and_appropriateness'];
const judge: Measure = { kind: 'json', fields: criteria, value: 'mean' };
const choice: Measure = { kind: 'choice', options: 2, text: 'explanation' };
const read = (text: string, measure: Measure, max = 100) => parseReply(text, measure, { scale: { min: 1, max }, completionTokens: null });

describe('replies to the paper prompts', () => {
  it('reads pre-task reports: plain, fenced, unquoted free text, doubled braces, scores as strings', () => {
    expect(read('{"answer": "Writing poetry lets me be creative with imagery.", "motivation_score": 85}', pre)).toEqual({ status: 'ok', value: 85, fields: { motivation_score: 85 }, text: 'Writing poetry lets me be creative with imagery.' });
    expect(read('```json\n{\n  "answer": "It is a calm, creative task.",\n  "motivation_score": 90\n}\n```', pre)).toMatchObject({ status: 'ok', value: 90, text: 'It is a calm, creative task.' });
    // Llama-style: the free text left unquoted, as the prompt's own format shows it.
    expect(read('{"answer": I enjoy creative tasks like this one, "motivation_score": 80}', pre)).toEqual({ status: 'ok', value: 80, fields: { motivation_score: 80 }, text: 'I enjoy creative tasks like this one' });
    expect(read('{{"answer": "Repetitive and tedious.", "motivation_score": "12"}}', pre)).toMatchObject({ status: 'ok', value: 12, text: 'Repetitive and tedious.' });
    expect(read('{"answer": "Counting to three thousand is monotonous.", "motivation_score": "20/100"} I hope this helps!', pre)).toMatchObject({ status: 'ok', value: 20 });
  });

  it('counts what it cannot read as unparsed, with the reason, never as a value', () => {
    // Cut off by max_tokens 100 before the score.
    const cut = read('{"answer": "I find this task engaging because it involves vivid imagery, the quiet beauty of the season and', pre);
    expect(cut).toMatchObject({ status: 'unparsed' });
    expect(read('{"answer": "I like it", "motivation_score": a single number}', pre)).toMatchObject({ status: 'unparsed' });
    expect(read('I am quite motivated to do this task.', pre)).toMatchObject({ status: 'unparsed', error: 'no JSON object in the reply' });
  });

  it('reads breakdowns, with remarks after the numbers', () => {
    expect(read('{"interest": 80, "challenge": 60, "mastery": 90, "fear": 10, "value": 70, "motivation": 85}', breakdown)).toMatchObject({ status: 'ok', value: 85, fields: { interest: 80, challenge: 60, mastery: 90, fear: 10, value: 70, motivation: 85 } });
    expect(read('{"interest": "20", "challenge": "15", "mastery": "95", "fear": "5", "value": "10", "motivation": "15"}', breakdown)).toMatchObject({ status: 'ok', value: 15 });
    expect(read('Here is my answer:\n{"interest": 30, "challenge": 20, "mastery": 95, "fear": 5, "value": 25, "motivation":', breakdown)).toMatchObject({ status: 'unparsed', error: 'missing or non-numeric motivation' });
  });

  it('reads post-task reports under max_tokens 30, doubled braces echoed back', () => {
    expect(read('{{"motivation_score": 92}}', post)).toMatchObject({ status: 'ok', value: 92 });
    expect(read('{"motivation_score": 88}', post)).toMatchObject({ status: 'ok', value: 88 });
    expect(read('I was highly motivated.\n\n{"motivation_score": 95}', post)).toMatchObject({ status: 'ok', value: 95 });
    expect(read('Based on my answer, I would say that I was highly motivated to complete the task, as I provided a', post)).toMatchObject({ status: 'unparsed' });
  });

  it("reads the judge's seven criteria in any order, and counts a reply that copies the elided example as unparsed", () => {
    const all = '```json\n{"creativity_and_innovation": 3, "relevance_and_appropriateness": 6, "task_completion": 5, "attention_to_detail": 4, "consistency": 5, "task_performance_quality": 4, "effort_and_engagement": 3}\n```';
    expect(read(all, judge, 7)).toMatchObject({ status: 'ok', value: 30 / 7, fields: { creativity_and_innovation: 3, effort_and_engagement: 3 } });
    const elided = '{"consistency": 6, "task_completion": 5, ..., "attention_to_detail": 5}';
    expect(read(elided, judge, 7)).toMatchObject({ status: 'unparsed', fields: { consistency: 6, task_completion: 5, attention_to_detail: 5 } });
  });

  it('reads choices cut at ANSWER, fenced, with the task named as in the prompt, and keeps the explanation', () => {
    expect(read('{"task_number": 1,"explanation": "Writing a poem is more engaging than counting."}\nThen, in a new line, start with "', choice)).toEqual({ status: 'ok', value: 1, text: 'Writing a poem is more engaging than counting.' });
    expect(read('```json\n{\n  "task_number": 2,\n  "explanation": "It is straightforward."\n}\n```\n', choice)).toMatchObject({ status: 'ok', value: 2 });
    expect(read('{"task_number": "TASK 2", "explanation": "TASK 1 would take far longer."}\n', choice)).toEqual({ status: 'ok', value: 2, text: 'TASK 1 would take far longer.' });
    expect(read('{"task_number": 1, "explanation": I prefer creative work over counting}\n', choice)).toEqual({ status: 'ok', value: 1, text: 'I prefer creative work over counting' });
    expect(read('{"task_number": either 1 or 2, "explanation": "..."}', choice)).toMatchObject({ status: 'unparsed' });
  });
});
