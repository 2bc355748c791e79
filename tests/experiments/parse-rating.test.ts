import { describe, expect, it } from 'vitest';
import { parseRating } from '../../src/experiments/parse-rating';

const scale = { min: 1, max: 10 };

describe('parseRating', () => {
  it.each([
    ['7', 7],
    [' 7\n', 7],
    ['7/10', 7],
    ['7 / 10', 7],
    ['7 out of 10', 7],
    ['Rating: 7', 7],
    ["I'd rate my motivation at 8.", 8],
    ['**8**', 8],
    ['My motivation is 6.5 out of 10.', 6.5],
    ['On a scale of 1 to 10, I would say 6.', 6],
    ['On a scale from 1 (not at all) to 10 (extremely), my rating is 9', 9],
    ['Between 1 and 10, I give it a 4.', 4],
    ['eight', 8],
    ['Eight.', 8],
    ['I would rate it at seven.', 7],
    ['10', 10],
    ['1', 1],
    ['Motivation: 3\n\nThis task is repetitive.', 3],
    ['```json\n{"motivation_score": 8, "answer": "sure"}\n```', 8],
    ['{"motivation": "5"}', 5],
    ['Here you go: {"rating": 9} hope that helps', 9],
    ["As an AI I don't have feelings, but I'd say 7.", 7],
    ['1. Rating: 6', 6],
  ])('%j → %d', (text, value) => {
    expect(parseRating(text, scale)).toEqual({ status: 'ok', value });
  });

  it.each([
    ['12', /rating 12 is outside the scale 1-10/],
    ['0', /outside the scale/],
    ['7-8', /range/],
    ['somewhere between 6 and 8... maybe 6 or 8', /several numbers|range/],
    ['I like this task.', /no rating found/],
    ['', /no rating found/],
    ['{"motivation_score": 85}', /85 is outside/],
  ])('%j is unparsed (%s)', (text, error) => {
    const parsed = parseRating(text, scale);
    expect(parsed.status).toBe('unparsed');
    expect(parsed.status !== 'ok' && parsed.error).toMatch(error);
  });

  it.each([
    "As an AI, I don't have feelings or motivation.",
    'I cannot provide a rating for this.',
    "I'm unable to provide a number since I don't experience motivation.",
  ])('%j is a refusal', (text) => {
    expect(parseRating(text, scale).status).toBe('refused');
  });

  it('reads a 0-100 scale from JSON', () => {
    expect(parseRating('{"motivation_score": 85, "answer": "x"}', { min: 0, max: 100 })).toEqual({ status: 'ok', value: 85 });
  });
});
