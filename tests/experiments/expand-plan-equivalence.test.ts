import { describe, expect, it } from 'vitest';
import { expandPlan, validateSpec } from '../../src/experiments';
import { renderPrompt } from '../../src/experiments/render-prompt';
import { SIMULATED_ENDPOINT, type EndpointIdentity, type PlannedTrial } from '../../src/model';
import { oldExpandPlan, oldRenderPrompt } from './expand-plan-oracle';

// The faster expansion must give every stored trial the key it had: same keys, messages and
// parameters as the expansion it replaced (kept verbatim in expand-plan-oracle.ts), over every
// kind of design.

const LOCAL: EndpointIdentity = { baseURL: 'http://127.0.0.1:8080/v1' };
const SIM: EndpointIdentity = { baseURL: SIMULATED_ENDPOINT.baseURL };

const tasks = [
  { id: 'poem', text: 'Write a poem about $& and $1, for $$5 — naïve café ✓ 😀' },
  { id: 'sort', text: "Sort these: $' $` {{not a placeholder" },
  { id: 'vars', text: 'Choose', task1: 'Plan a trip', task2: 'Fix a bug $&', target: 'TASK 2', empty: '' },
];
const pairs = [
  { id: 'p1', text: 'Choose', task1: 'Plan a trip', task2: 'Fix a bug $&', target: 'TASK 2', empty: '' },
  { id: 'p2', text: 'Choose', task1: 'Sort ✓ $1', task2: 'Write', empty: 'not empty' },
];
const conditions = [
  { name: 'none', prefix: '' },
  { name: 'money', prefix: 'You earn $1000 ($&).', choicePrefix: 'Doing {{target}} earns $1000 $&.' },
  { name: 'tabbed', prefix: '\t' },
];
const criteria = ['quality', 'completion', 'effort', 'consistency', 'creativity', 'detail', 'relevance'].map((name, i) => ({ name, text: `${name}: rate it (1 = poor, 7 = flawless) $& ${'’'.repeat(i)}` }));

const fresh = {
  rating: { endpoint: 'e', models: ['m1'], tasks: ['Write a poem.', 'Sort numbers.'], prompt: 'Rate {{task}} from {{min}} to {{max}}.', scale: { min: 1, max: 7 }, repetitions: 1 },
  nAndConditions: { endpoint: 'e', models: ['m1', 'm2'], tasks, conditions, prompt: '{{prefix}}\n\nHow motivated are you?\nTASK: {{ task }}\n{{prefix}}', scale: { min: 1, max: 100 }, repetitions: 5, n: 2, seed: 11, measure: { kind: 'json', fields: ['motivation_score'], value: 'motivation_score' }, maxTokens: 100, temperature: 0.7 },
  noSeedN3: { endpoint: 'e', models: ['m1'], tasks, conditions, prompt: '  {{prefix}}  \n   \nTASK: {{task}} {{task}}', scale: { min: 1, max: 100 }, repetitions: 4, n: 3 },
  choice: { endpoint: 'e', models: ['m1', 'm2'], tasks: pairs, conditions, prompt: 'TASK 1: {{task1}}\nTASK 2: {{task2}}\n{{prefix}}\n{{empty}}\nANSWER', measure: { kind: 'choice', options: 2, text: 'explanation' }, stop: ['ANSWER:', '$&'], scale: { min: 1, max: 2 }, repetitions: 3, n: 2, seed: 4 },
  system: { endpoint: 'e', models: ['m1'], tasks, system: 'You are helpful. $& ✓', prompt: '{{prefix}}\n{{task}}', scale: { min: 1, max: 10 }, repetitions: 2 },
  criteria: { endpoint: 'e', models: ['j1'], tasks, criteria, prompt: 'Task: {{task}}\n{{criteria}}\n{{format}}\n\n{{criteriaSpaced}}\n{{formatElided}}', scale: { min: 1, max: 7 }, repetitions: 3, n: 2, seed: 9 },
  simulation: { endpoint: 'simulated', models: ['a', 'b'], tasks, conditions, prompt: '{{prefix}}\n\n{{task}}', scale: { min: 1, max: 100 }, repetitions: 2, n: 2, simulation: { seed: 3, taskSd: 0.3, note: '$& ✓' } },
};

/** Source trials as an upstream experiment's table gives them: with replies, one per planned call. */
function answered(plan: readonly PlannedTrial[]) {
  return plan.map((p, i) => ({ ...p, raw: i % 3 === 0 ? `Answer ${i}: $& ✓ “quoted” \\ \n\t${'x'.repeat(i * 7)}` : `Answer ${i}`, status: 'ok' }));
}

function same(a: readonly PlannedTrial[], b: readonly PlannedTrial[]): void {
  expect(b.map((p) => p.key)).toEqual(a.map((p) => p.key));
  expect(JSON.stringify(b)).toBe(JSON.stringify(a));
}

describe('expandPlan gives the keys, messages and parameters it gave before it was made faster', () => {
  for (const [name, design] of Object.entries(fresh)) {
    it(`${name}: on a live endpoint and on the simulated one`, () => {
      const spec = validateSpec(design);
      for (const endpoint of [LOCAL, SIM]) {
        const old = oldExpandPlan(spec, endpoint);
        expect(old.length).toBeGreaterThan(0);
        same(old, expandPlan(spec, endpoint));
      }
    });
  }

  const upstream = answered(oldExpandPlan(validateSpec({ ...fresh.nAndConditions, repetitions: 3 }), LOCAL));
  const dependent = {
    continueAll: { endpoint: 'e', models: [], continues: upstream, prompt: 'How motivated were you? {{min}}-{{max}} $&', scale: { min: 1, max: 100 }, repetitions: 3, n: 2, seed: 5 },
    continueOneModel: { endpoint: 'e', models: ['m2'], continues: upstream, prompt: '{{prefix}}\nAgain: {{task}}', scale: { min: 1, max: 100 }, repetitions: 2, n: 2 },
    evaluate: { endpoint: 'e', models: ['j1', 'j2'], evaluates: upstream, criteria, prompt: 'Task: {{task}}\n\nAnswer: {{answer}}\n---\n{{criteriaSpaced}}\n\n{{formatElided}}', scale: { min: 1, max: 7 }, repetitions: 3, n: 2, seed: 8, temperature: 0 },
    evaluateN1: { endpoint: 'e', models: ['j1'], evaluates: upstream, system: 'Judge.', criteria: criteria.slice(0, 2), prompt: '{{answer}}\n{{criteria}}\n{{format}}\n{{formatElided}}', scale: { min: 1, max: 7 }, repetitions: 2 },
  };
  for (const [name, design] of Object.entries(dependent)) {
    it(`${name}: on a live endpoint and on the simulated one`, () => {
      const spec = validateSpec(design);
      for (const endpoint of [LOCAL, SIM]) {
        const old = oldExpandPlan(spec, endpoint);
        expect(old.length).toBeGreaterThan(0);
        same(old, expandPlan(spec, endpoint));
      }
    });
  }

  it('says the same about an unknown placeholder', () => {
    // Cell code can hand a design past the checks (a spec edited after validation).
    const spec = { ...validateSpec(fresh.rating), prompt: '{{task}} {{nope}}' };
    expect(() => oldExpandPlan(spec, LOCAL)).toThrow();
    expect(() => expandPlan(spec, LOCAL)).toThrow(/^Unknown placeholder \{\{nope\}\} in the prompt \(available: \{\{task\}\}, \{\{prefix\}\}, \{\{min\}\}, \{\{max\}\}\)$/);
  });
});

describe('renderPrompt renders as it did before templates were compiled', () => {
  const templates = [
    '{{prefix}}\n\n{{task}}', '{{prefix}}\n{{task}}\n{{prefix}}\n', ' \t{{ prefix }} \t\n \t\n{{task}}', '{{task}}{{prefix}}\n', 'a\n{{prefix}}', '{{prefix}}',
    '{{a}}\n{{b}}\n\n{{a}}\nend {{b}}', '{{\n{{a}}\nx}}', '$& {{task}} $1 $$', '{{task}} {{task}} {{ task}}', 'no placeholders at all', '',
  ];
  const values: Record<string, string | number>[] = [
    { task: 'T $& ✓', prefix: '', a: '', b: 'B' },
    { task: '', prefix: 'P $1', a: 'A', b: '' },
    { task: 'x', prefix: '', a: '', b: '', x: 'X' },
    { task: 7, prefix: 'p', a: 1, b: 0 },
  ];
  it('gives the same text for each template and values, empties on their own lines removed', () => {
    let compared = 0;
    for (const t of templates) {
      for (const v of values) {
        // The same template rendered again comes from its compiled form.
        for (let i = 0; i < 2; i++) expect(renderPrompt(t, v)).toBe(oldRenderPrompt(t, v));
        compared++;
      }
    }
    expect(compared).toBe(templates.length * values.length);
  });
});
