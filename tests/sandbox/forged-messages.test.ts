import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import type { ExperimentSpec } from '../../src/model';
import { checkSpecShape } from '../../src/experiments/check-spec-shape';
import { validateSpec } from '../../src/experiments/validate-spec';
import type { CellErrorData, FromSandbox, SandboxTransport } from '../../src/sandbox/protocol';
import { SandboxClient } from '../../src/state/sandbox-client';

/**
 * The page's receive path when the sandbox's side is hostile: cell code shares a realm with the
 * engine, so anything may arrive. The page must turn every malformed message into a plain error on
 * its cell (or drop it), never throw, and never hold a design it did not check.
 */
const design = { endpoint: 'local', models: ['model-a'], tasks: ['Write a haiku', { id: 'p', text: 'Prove it', category: 'math', level: 2 }], prompt: 'Rate {{task}} from {{min}} to {{max}}', scale: { min: 1, max: 7 }, repetitions: 2 };

/** A transport whose far side is the attacker: the test sends what it likes as "the sandbox". */
function hostileSandbox() {
  let deliver: (m: FromSandbox) => void = () => {};
  const transport: SandboxTransport = { post: () => {}, onMessage: (h) => (deliver = h), dispose: () => {} };
  return { transport, send: (m: unknown) => deliver(m as FromSandbox) };
}

function observed(client: SandboxClient, id: string, kind: 'experiment' | 'query') {
  const seen = { specs: [] as (ExperimentSpec | null)[], errors: [] as CellErrorData[], views: 0, pending: 0 };
  client.define(id, { kind, name: id, source: '1' }, [id], {
    pending: () => seen.pending++,
    fulfilled: () => seen.views++,
    rejected: (e) => seen.errors.push(e),
    spec: (s) => seen.specs.push(s),
  });
  return seen;
}

describe('the page checks every design it receives', () => {
  it('accepts what validateSpec makes, field for field, for plain, judged and dependent designs', () => {
    const plain = validateSpec(design);
    expect(checkSpecShape(structuredClone(plain))).toEqual(plain);
    const judged = validateSpec({ ...design, prompt: '{{criteria}} {{format}} {{task}}', criteria: [{ name: 'quality', text: 'How good' }], stop: 'END', system: 'Be brief', temperature: 0.5, seed: 3, prices: { 'model-a': { input: 1, output: 2 } }, conditions: aq.table({ name: ['none', 'money'], prefix: ['', 'You earn $5. '] }) });
    expect(checkSpecShape(structuredClone(judged))).toEqual(judged);
    const rows = [{ key: 'k1', model: 'model-a', taskId: 't1', task: 'x', condition: 'none', repetition: 1, messages: [{ role: 'user', content: 'x' }], raw: 'done' }];
    const dependent = validateSpec({ endpoint: 'local', continues: rows, prompt: 'Again?', scale: { min: 1, max: 7 }, repetitions: 1 });
    expect(checkSpecShape(structuredClone(dependent))).toEqual(dependent);
  });

  it('refuses a forged design with a plain message naming the field', () => {
    const good = validateSpec(design);
    const cases: [unknown, RegExp][] = [
      [null, /the design must be an object/],
      [{ ...good, tasks: [null] }, /tasks\[0\] must be an object/],
      [{ ...good, models: 'model-a' }, /models must be an array/],
      [{ ...good, scale: { min: 1, max: Number.NaN } }, /scale.max must be a finite number/],
      [{ ...good, prompt: { toString: () => 'x' } }, /prompt must be a non-empty string/],
      [{ ...good, apiKey: 'sk-x' }, /apiKey is not a field of an experiment/],
      // Shapes that would make the page's own expansion throw in the experiment panel.
      [{ ...good, prompt: 'Rate {{task}} {{constructor}}' }, /prompt uses \{\{constructor\}\}, which task 't1' gives no value/],
      [{ ...good, tasks: [{ id: 'a', text: 'x', vars: { level: 1 } }, { id: 'b', text: 'y' }], prompt: '{{task}} at {{level}}' }, /prompt uses \{\{level\}\}, which task 'b' gives no value/],
      [{ ...good, conditions: [{ name: 'c', prefix: '', choicePrefix: 'Do {{task}}' }] }, /choicePrefix uses \{\{task\}\}; only \{\{target\}\} is available/],
      [{ ...good, measure: { kind: 'json', fields: 'a' } }, /measure.fields must be an array/],
      [{ ...good, from: { mode: 'continue', trials: [{ ...{ key: 'k', model: 'm', taskId: 't', task: 'x', condition: 'none', repetition: 1, raw: 'r' }, messages: [{ role: 'tool', content: 'x' }] }] } }, /from.trials\[0\].messages\[0\].role must be/],
    ];
    for (const [spec, message] of cases) expect(() => checkSpecShape(spec), String(message)).toThrow(message);
  });

  it('turns forged and malformed messages into errors on their cells, and never throws', () => {
    const hostile = hostileSandbox();
    const client = new SandboxClient(hostile.transport, () => Promise.resolve(null));
    const exp = observed(client, 'e1', 'experiment');
    const query = observed(client, 'q1', 'query');

    // Garbage of every shape is dropped without a throw.
    for (const junk of [null, 'spec', 42, [], { type: 'spec' }, { type: 'nope', id: 'e1x' }, { type: 'settled', requestId: 99 }, { type: 'inspected', requestId: 1, value: 1 }]) {
      expect(() => hostile.send(junk)).not.toThrow();
    }
    // A design for a cell that is not an experiment is not a design.
    hostile.send({ type: 'spec', id: 'q1', spec: validateSpec(design) });
    expect(query.specs).toEqual([]);

    // A well-formed design reaches its cell as a checked copy.
    hostile.send({ type: 'spec', id: 'e1', spec: validateSpec(design) });
    expect(exp.specs.at(-1)?.prompt).toBe('Rate {{task}} from {{min}} to {{max}}');

    // A malformed one is the cell's error, clears the design, and a later value does not hide it.
    hostile.send({ type: 'spec', id: 'e1', spec: { ...validateSpec(design), tasks: [null] } });
    expect(exp.errors.at(-1)?.message).toBe("The sandbox sent a malformed design: The design's tasks[0] must be an object.");
    expect(exp.specs.at(-1)).toBeNull();
    hostile.send({ type: 'fulfilled', id: 'e1', view: { kind: 'undefined' } });
    hostile.send({ type: 'spec', id: 'e1', spec: validateSpec(design) });
    expect(exp.views).toBe(0);
    expect(exp.specs.at(-1)).toBeNull();
    // Until the cell computes again.
    hostile.send({ type: 'pending', id: 'e1' });
    hostile.send({ type: 'fulfilled', id: 'e1', view: { kind: 'undefined' } });
    expect([exp.pending, exp.views]).toEqual([1, 1]);

    // A view of the wrong shape is the cell's error too.
    hostile.send({ type: 'fulfilled', id: 'q1', view: { kind: 'dom', html: 7 } });
    expect(query.errors.at(-1)?.message).toBe("The sandbox sent a malformed message: a chart's HTML is not text.");
  });
});
