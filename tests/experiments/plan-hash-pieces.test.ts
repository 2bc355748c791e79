import { afterEach, describe, expect, it, vi } from 'vitest';
import { expandPlan, validateSpec } from '../../src/experiments';
import { stableHash } from '../../src/experiments/stable-hash';
import { stableHashOfPieces } from '../../src/experiments/hash-pieces';
import { MessagesJson } from '../../src/experiments/messages-json';
import { filledPieces, renderPrompt } from '../../src/experiments/render-prompt';
import { oldExpandPlan } from './expand-plan-oracle';

// A judge's key hashed its ~6 KB prompt as JSON.stringify of the whole messages, per call: the
// expansion's largest cost, and every rendered prompt flattened into a string of its own. Now the
// key hashes the prompt from its pieces: a criterion's text is escaped once per plan, and no call's
// messages are stringified whole; the keys are those of the old expansion (the oracle).

const LOCAL = { baseURL: 'http://127.0.0.1:8080/v1' };
const criteria = ['quality', 'completion', 'effort', 'consistency', 'creativity', 'detail', 'relevance'].map((name) => ({ name, text: `${name}: rate it, 1 = poor, 7 = flawless; the rater’s notes on ${name} `.repeat(8) }));
const upstream = validateSpec({ endpoint: 'e', models: ['m1', 'm2'], tasks: Array.from({ length: 30 }, (_, i) => `Task ${i} ✓`), prompt: 'Do {{task}}', scale: { min: 1, max: 7 }, repetitions: 2 });
const answered = oldExpandPlan(upstream, LOCAL).map((p, i) => ({ ...p, raw: `Answer ${i} “quoted” 😀`, status: 'ok' }));
const judge = validateSpec({ endpoint: 'e', models: ['j'], evaluates: answered, criteria, system: 'Judge.', prompt: 'Task: {{task}}\nAnswer: {{answer}}\n{{criteriaSpaced}}\n{{formatElided}}\n{{criteria}}', scale: { min: 1, max: 7 }, repetitions: 2, n: 2, seed: 3 });

afterEach(() => vi.restoreAllMocks());

describe('a plan hashes each prompt from its pieces', () => {
  it('stringifies no call\'s messages whole and escapes each criterion\'s text once per plan, with the old keys', () => {
    const stringify = vi.spyOn(JSON, 'stringify');
    const plan = expandPlan(judge, LOCAL);
    const args = stringify.mock.calls.map((c) => c[0]);
    stringify.mockRestore();
    expect(plan.length).toBe(answered.length * 2);
    // The old expansion stringified [messages, params, …] per call (an array whose first item is the messages).
    expect(args.filter((a) => Array.isArray(a) && Array.isArray(a[0]))).toHaveLength(0);
    for (const c of criteria) expect(args.filter((a) => typeof a === 'string' && a.includes(c.text)).length).toBeLessThanOrEqual(1);
    expect(plan.map((p) => p.key)).toEqual(oldExpandPlan(judge, LOCAL).map((p) => p.key));
  });

  it('gives the hash of the whole text, a surrogate pair split between pieces included', () => {
    const json = new MessagesJson();
    const values = { task: 'café \ud83d', answer: '\ude00 “x” \\ \n', prefix: '', min: 1, max: 7 };
    for (const template of ['{{task}}{{answer}}', 'T: {{task}} A: {{answer}}', '\ud83d{{answer}}', '{{prefix}}\n{{task}}\n']) {
      const content = renderPrompt(template, values);
      const pieces = json.prompt('user', filledPieces(template, values), values, { answer: null });
      expect(stableHashOfPieces(['[', ...pieces, ']'])).toBe(stableHash(JSON.stringify([{ role: 'user', content }])));
    }
  });
});
