import { describe, expect, it } from 'vitest';
import { expandPlan } from '../../src/experiments/expand-plan';
import { indexedPlan, trialList } from '../../src/experiments/indexed-plan';
import { validateSpec } from '../../src/experiments/validate-spec';
import { endpointIdentity, SIMULATED_ENDPOINT, type ExperimentSpec } from '../../src/model';

const criteria = [{ name: 'a', text: 'Accuracy' }, { name: 'b', text: 'Brevity' }, { name: 'c', text: 'Clarity' }];
const conditions = [{ name: 'none', prefix: '' }, { name: 'money', prefix: 'A reward.', choicePrefix: '{{target}} pays.' }];
const base = { endpoint: 'local', models: ['m1', 'm2'], scale: { min: 1, max: 7 } };
const upstream = validateSpec({ ...base, tasks: ['Write a poem.', 'Count to ten.', 'Sort a list.'], conditions, prompt: '{{prefix}}\n{{task}}', measure: 'text', repetitions: 2, seed: 3 });
const answered = expandPlan(upstream, { baseURL: 'http://x' }).map((p, i) => ({ ...p, raw: `answer ${i}` }));

/** Every trial read by position, as expandPlan lists them. */
function readAll(spec: ExperimentSpec, baseURL: string) {
  const plan = indexedPlan(spec, { baseURL });
  return { plan, trials: Array.from({ length: plan.length }, (_, i) => plan.at(i)) };
}

describe('indexedPlan', () => {
  const specs: [string, ExperimentSpec][] = [
    ['independent, n = 2, seed, criteria, system', validateSpec({ ...base, tasks: ['T1', 'T2', 'T3'], conditions, system: 'Be brief.', criteria, prompt: '{{prefix}}\n{{task}}\n{{criteria}} {{format}}', repetitions: 5, n: 2, seed: 9 })],
    ['choice pairs', validateSpec({ ...base, tasks: [{ id: 'p1', text: 'p', task1: 'A', task2: 'B', target: 'TASK 1' }, { id: 'p2', text: 'q', task1: 'C', task2: 'D', target: 'TASK 2' }], conditions, prompt: '{{task1}} or {{task2}}\n{{prefix}}', measure: { kind: 'choice', options: 2 }, repetitions: 3 })],
    ['evaluate, two judges', validateSpec({ ...base, evaluates: answered, criteria, prompt: '{{task}} {{answer}} {{criteriaSpaced}} {{formatElided}}', repetitions: 3, n: 2, seed: 1 })],
    ['continue, one of the models', validateSpec({ ...base, models: ['m2'], continues: answered, prompt: 'And now?', repetitions: 2 })],
    ['continue, every model', validateSpec({ ...base, models: [], continues: answered, prompt: 'And now?', repetitions: 3, n: 3 })],
  ];
  for (const [name, spec] of specs) {
    it(`reads the trials of expandPlan one by one: ${name}`, () => {
      for (const baseURL of ['http://x', SIMULATED_ENDPOINT.baseURL]) {
        const { plan, trials } = readAll(spec, baseURL);
        const expanded = expandPlan(spec, { baseURL });
        expect(trials).toEqual(expanded);
        expect(expanded.map((_, i) => [plan.modelAt(i), plan.repetitionAt(i)])).toEqual(expanded.map((p) => [p.model, p.repetition]));
      }
    });
  }

  it('reads a dependent plan over sources that are themselves read by position', () => {
    const sources = indexedPlan(upstream, { baseURL: 'http://x' });
    const asSources = { ...sources, at: (i: number) => ({ ...sources.at(i), raw: `answer ${i}` }) };
    const spec = validateSpec({ ...base, evaluates: [], criteria, prompt: '{{answer}} {{criteria}}', repetitions: 2, n: 2 });
    const plan = indexedPlan(spec, endpointIdentity('local', {}), asSources);
    const expanded = expandPlan({ ...spec, from: { mode: 'evaluate', trials: answered } }, endpointIdentity('local', {}));
    expect(Array.from({ length: plan.length }, (_, i) => plan.at(i))).toEqual(expanded);
    expect(trialList(answered).modelAt(3)).toBe(answered[3].model);
  });
});
