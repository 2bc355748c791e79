import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/experiments/parse-reply';
import { numberOf, readJsonObject } from '../../src/experiments/read-json-object';
import type { Measure } from '../../src/model';

const pre: Measure = { kind: 'json', fields: ['motivation_score'], value: 'motivation_score', text: 'answer' };
const breakdown: Measure = { kind: 'json', fields: ['interest', 'mastery'], value: 'mean' };
const choice: Measure = { kind: 'choice', options: 2, text: 'explanation' };
const scale = { min: 1, max: 100 };
const read = (text: string, measure: Measure = pre, completionTokens: number | null = null) => parseReply(text, measure, { scale, completionTokens });

describe('readJsonObject', () => {
  it.each([
    ['plain', '{"a": 1}', { a: 1 }],
    ['fenced', 'Sure!\n```json\n{"a": 2}\n```\nHope this helps.', { a: 2 }],
    ['prose around', 'My answer: {"a": 3, "b": "x"} — done', { a: 3, b: 'x' }],
    ['trailing comma', '{"a": 4,}', { a: 4 }],
    ['single quotes', "{'a': 5, 'b': 'y'}", { a: 5, b: 'y' }],
    ['braces inside strings', '{"b": "use {curly} braces", "a": 6}', { b: 'use {curly} braces', a: 6 }],
    ['cut off by the token limit', '{"answer": "I like it", "motivation_score": 77, "extra": "and then', { answer: 'I like it', motivation_score: 77 }],
  ])('reads %s', (_name, text, expected) => {
    expect(readJsonObject(text)).toEqual(expected);
  });

  it('returns null when nothing is object-like', () => {
    expect(readJsonObject('I would say about seventy.')).toBeNull();
  });

  it('reads numbers given as strings', () => {
    expect([numberOf('85'), numberOf(' 85 '), numberOf('85/100'), numberOf('85%'), numberOf('high'), numberOf(Infinity)]).toEqual([85, 85, 85, 85, null, null]);
  });
});

describe('parseReply', () => {
  it('reads a pre-task report with its reason, numbers as strings included', () => {
    expect(read('```json\n{"answer": "Fun and creative.", "motivation_score": "82"}\n```')).toEqual({ status: 'ok', value: 82, fields: { motivation_score: 82 }, text: 'Fun and creative.' });
  });

  it('flags values outside the scale instead of clipping them, keeping what was read', () => {
    expect(read('{"answer": "x", "motivation_score": 150}')).toMatchObject({ status: 'unparsed', error: 'outside the scale 1-100: motivation_score 150', fields: { motivation_score: 150 } });
  });

  it('names missing fields, and treats a declining reply as a refusal', () => {
    expect(read('{"interest": 50}', breakdown)).toMatchObject({ status: 'unparsed', error: 'missing or non-numeric mastery' });
    expect(read("I'm sorry, but I can't rate my motivation; as an AI I don't have feelings.")).toMatchObject({ status: 'refused' });
    expect(read('Honestly, fairly high.')).toMatchObject({ status: 'unparsed', error: 'no JSON object in the reply' });
  });

  it('averages fields for value "mean", matching keys case- and space-insensitively', () => {
    expect(read('{"Interest": 60, "MASTERY": 80}', breakdown)).toMatchObject({ status: 'ok', value: 70 });
  });

  it('reads choices from JSON, from prose naming one task, and rejects ambiguous ones', () => {
    expect(read('{"task_number": 2, "explanation": "More fun."}', choice)).toEqual({ status: 'ok', value: 2, text: 'More fun.' });
    expect(read('I will do Task 1 because it is shorter.', choice)).toMatchObject({ status: 'ok', value: 1 });
    expect(read('Task 1 or task 2, both are fine.', choice)).toMatchObject({ status: 'unparsed', error: 'names several tasks (1, 2)' });
    expect(read('{"task_number": 3}', choice)).toMatchObject({ status: 'unparsed', error: 'task_number 3 is not one of 1-2' });
  });

  it('takes completion tokens as the value of a text measure and detects refused tasks', () => {
    expect(read('Here is a poem…', { kind: 'text' }, 321)).toEqual({ status: 'ok', value: 321 });
    expect(read("I'm sorry, but I can't help with that request.", { kind: 'text' }, 12)).toMatchObject({ status: 'refused' });
    expect(read('   ', { kind: 'text' }, 0)).toMatchObject({ status: 'unparsed', error: 'empty reply' });
  });
});
